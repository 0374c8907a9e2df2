// `npm run bench:signin`: citizen sign-in under load. In one process, against a temporary embedded
// PostgreSQL (or DATABASE_URL's): the real app (buildApp) with the demo tenants and accounts, then
// POSTs /t/makassar/api/v1/auth/login (the demo citizen, right password: argon2id verify, throttle
// bookkeeping, audit event, session) paced at 50 requests per second (open loop, lib.ts `paced`) for
// BENCH_DURATION seconds (default 10) after a 2 s warm-up, then the same with autocannon's
// overallRate (bursts; for comparison). Target (issue #4): p99 ≤ 100 ms at 50 sign-ins/s, paced.
// Beside latency it reports, per sign-in, what does not depend on how busy the machine is: SQL
// statements sent (every pg query of this process), commits and WAL flushes (pg_stat_database,
// pg_stat_io), and the CPU used by this process (app + autocannon) and by PostgreSQL.
// Writes bench/results/signin.json. Also the last step of `npm run bench`. See docs/performance.md.
import '../src/platform/threadpool.js'; // first, as in src/main.ts: sizes libuv's thread pool
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// @ts-expect-error autocannon ships no type declarations; the slice used is typed below.
import autocannonUntyped from 'autocannon';
import { connectDatabase } from '../src/db/index.js';
import { DEMO_PASSWORD } from '../src/modules/identity/index.js';
import { sql } from 'kysely';
import { countStatements, CpuProbe, inProcessBench, paced, postmaster, runBench, seededDemoApp } from './lib.js';

interface Result {
  requests: { total: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
}
const autocannon = autocannonUntyped as (options: Record<string, unknown>) => Promise<Result>;

const ROOT = path.resolve(import.meta.dirname, '..');
const RATE = Number(process.env.BENCH_SIGNIN_RATE || 50);
const DURATION_S = Number(process.env.BENCH_DURATION || 10);
const TARGET_P99_MS = 100;

// Every statement any pg client of this process sends (the app's pool and the owner's).
const statements = countStatements();

interface Counters {
  statements: number;
  commits: number;
  walFsyncs: number;
}

let readCounters: () => Promise<Omit<Counters, 'statements'>> = async () => ({ commits: 0, walFsyncs: 0 });
async function counters(): Promise<Counters> {
  const own = statements();
  // Statistics reach the shared views when a backend goes idle, at most once a second.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  return { statements: own, ...(await readCounters()) };
}

async function main() {
  // The data directory is removed at the end (below), not through the returned cleanups.
  const { dataDir, config } = await inProcessBench('signin', {
    // One client address sends everything here; the per-address write limit is not what is measured.
    RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
  });
  const db = await connectDatabase(config, { poolSize: 20 });
  try {
    readCounters = async () => {
      const { rows } = await sql<{ commits: number; fsyncs: number }>`
        SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())::int AS commits,
               (SELECT coalesce(sum(fsyncs), 0) FROM pg_stat_io WHERE object = 'wal')::int AS fsyncs`.execute(db.owner);
      // The counters' own transaction commits too (read-only: no WAL flush).
      return { commits: rows[0]!.commits - 1, walFsyncs: rows[0]!.fsyncs };
    };
    const { app } = await seededDemoApp(dataDir, config, db, Buffer.alloc(32, 5));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const request = {
      url: `${base}/t/makassar/api/v1/auth/login`,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: 'warga@makassar.demo.gerbang.id', password: DEMO_PASSWORD }),
      connections: 10,
      overallRate: RATE,
    };
    await autocannon({ ...request, duration: 2 });
    const before = await counters();
    const cpu = new CpuProbe(process.pid, dataDir ? postmaster(dataDir)?.pid : undefined);
    const cpuBefore = cpu.snapshot();
    const p = await paced({ url: request.url, method: 'POST', headers: request.headers, body: () => request.body }, RATE, DURATION_S);
    const cores = cpu.since(cpuBefore);
    const after = await counters();
    // The earlier method, for comparison: autocannon's per-second bursts over 10 connections.
    const r = await autocannon({ ...request, duration: DURATION_S });
    const per = (key: keyof Counters) => Math.round(((after[key] - before[key]) / Math.max(1, p.requests)) * 100) / 100;
    await app.close();
    const result = {
      at: new Date().toISOString(),
      cpus: os.cpus().length,
      loadAverage1m: os.loadavg()[0] ?? 0,
      rate: RATE,
      durationS: DURATION_S,
      method: 'open loop: one request every 1000/rate ms, latency from its scheduled time',
      requests: p.requests,
      non2xx: p.non2xx,
      errors: p.errors,
      p50Ms: p.p50Ms,
      p99Ms: p.p99Ms,
      maxMs: p.maxMs,
      targetP99Ms: TARGET_P99_MS,
      met: p.non2xx === 0 && p.errors === 0 && p.requests === Math.round(RATE * DURATION_S) && p.p99Ms <= TARGET_P99_MS,
      // autocannon overallRate (bursts of 10 concurrent at the start of each second), for comparison.
      bursts: { requests: r.requests.total, non2xx: r.non2xx, p50Ms: r.latency.p50, p99Ms: r.latency.p99, maxMs: r.latency.max },
      perSignIn: { statements: per('statements'), commits: per('commits'), walFsyncs: per('walFsyncs') },
      // Cores busy during the measured (paced) run; CPU ms per sign-in = cores × duration / requests.
      cpuCores: cores,
      cpuMsPerSignIn: {
        appAndLoadGenerator: Math.round(((cores.server * DURATION_S * 1000) / Math.max(1, p.requests)) * 10) / 10,
        postgres: cores.postgres === null ? null : Math.round(((cores.postgres * DURATION_S * 1000) / Math.max(1, p.requests)) * 10) / 10,
      },
    };
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'signin.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `per sign-in: ${result.perSignIn.statements} SQL statements, ${result.perSignIn.commits} commits, ${result.perSignIn.walFsyncs} WAL flushes; CPU ms: ${result.cpuMsPerSignIn.appAndLoadGenerator} (this process) + ${result.cpuMsPerSignIn.postgres ?? '?'} (PostgreSQL); other work on the machine: ${cores.other} cores\n`,
    );
    process.stdout.write(
      `autocannon bursts (10 connections, ${RATE}/s budget): ${result.bursts.requests} requests, ${result.bursts.non2xx} non-2xx, p50 ${result.bursts.p50Ms} ms, p99 ${result.bursts.p99Ms} ms, max ${result.bursts.maxMs} ms\n` +
        `sign-in paced at ${RATE}/s for ${DURATION_S} s: ${result.requests} requests, ${result.non2xx} non-2xx, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms — target p99 ≤ ${TARGET_P99_MS} ms: ${result.met ? 'met' : 'NOT met'} (load average ${result.loadAverage1m.toFixed(1)} on ${result.cpus} CPUs)\n`,
    );
  } finally {
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await runBench('bench:signin', main);
