// `npm run bench:complaints`: complaint submission and the public reads under load. Starts the app as
// `npm run dev` does (tsx, no watch) on a temporary DATA_DIR (embedded PostgreSQL, demo seed incl.
// complaint categories and the Open311 key), then with autocannon at 32 connections:
//   1. POST /t/makassar/api/v1/complaints — validated, routed (keyword seam), stored, timeline event,
//      audit entry, confirmation notification queued (a distinct e-mail address per request), all in
//      one transaction;
//   1b. the same anonymously (no contact: no notification, no job, one audit entry);
//   2. the same JSON to a raw node:http + pg INSERT baseline (bench/complaints-baseline.ts), same run;
//   3. GET /t/makassar/api/v1/complaints?limit=20 (public list, masked);
//   4. GET /t/makassar/open311/v2/requests.json (Open311 list, default window: up to 1,000 results),
//      without and with `Accept-Encoding: gzip` (as HTTP clients send it), and
//      GET /t/makassar/open311/v2/requests/<id>.json (one request).
// The app runs with NOTIFY_WORKERS=0 (BENCH_NOTIFY_WORKERS to change): the target is submission with
// the notification *queued*; delivery is separate work (in production, possibly other processes).
// `npm run bench` measures the two submissions too (as ratios to this baseline, interleaved, and as
// p99 paced at 200/s); this one adds the reads and the profiling switches. The proofs of work, the
// bodies and the loads come from lib.ts, shared with bench/run.ts.
// Writes bench/results/complaints.{md,json}. Figures: docs/performance.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  analyzeDatabase,
  Child,
  complaintSubmissions,
  CpuProbe,
  type CpuShare,
  embeddedDatabaseUrl,
  fmt,
  freePort,
  markdownTable,
  postmaster,
  runLoad,
  stopLeftoverPostgres,
  waitFor200,
  waitForBanner,
} from './lib.js';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '..');
const CONNECTIONS = 32;
const DURATION = Number(process.env.BENCH_DURATION || 10);
const WARMUP = 2;

interface Result {
  name: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total: number;
  cpu?: CpuShare;
}

// The app is started with this APP_SECRET, so the bench can sign proofs of work with its ALTCHA key
// (lib.ts, complaintSubmissions).
const APP_SECRET = `bench-${process.pid}-${'x'.repeat(40)}`;
const PROOFS = Number(process.env.BENCH_PROOFS || 40_000);
const submissions = complaintSubmissions(Buffer.from(APP_SECRET, 'utf8'));

async function load(
  name: string,
  url: string,
  opts: { post?: boolean; anonymous?: boolean; baseline?: boolean; headers?: Record<string, string>; cpu: CpuProbe; afterWarmup?: () => Promise<void> },
): Promise<Result> {
  const body = opts.anonymous ? submissions.anonymous : opts.baseline ? submissions.baseline : submissions.receipt;
  const r = await runLoad(name, url, {
    connections: CONNECTIONS,
    durationS: DURATION,
    warmupS: WARMUP,
    cpu: opts.cpu,
    ...(opts.headers ? { headers: opts.headers } : {}),
    ...(opts.post ? { method: 'POST' as const, headers: { 'content-type': 'application/json' }, body } : {}),
    ...(opts.afterWarmup ? { afterWarmup: opts.afterWarmup } : {}),
  });
  const result = { name, reqPerSec: r.reqPerSec, p50: r.p50Ms, p99: r.p99Ms, non2xx: r.non2xx, errors: r.errors, total: r.total, cpu: r.cpuCores! };
  process.stderr.write(`bench: ${name}: ${fmt(result.reqPerSec)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ${result.non2xx} non-2xx; CPU (cores) app ${result.cpu.server}, PostgreSQL ${result.cpu.postgres ?? '?'}, autocannon ${result.cpu.loadGenerator}, other ${result.cpu.other}\n`);
  return result;
}

const loadAtStart = os.loadavg()[0]!.toFixed(2);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-bench-complaints-'));
if (process.getuid?.() === 0) fs.chmodSync(dataDir, 0o755);
let app: Child | undefined;
let baseline: Child | undefined;
try {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the app (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  app = new Child('app', process.execPath, [...profile, '--import', 'tsx', 'src/main.ts', 'serve'], {
    cwd: ROOT,
    env: { ...process.env, APP_SECRET, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development', RATE_LIMIT_WRITES_PER_MINUTE: '1000000', JOB_WORKERS: '0', NOTIFY_WORKERS: process.env.BENCH_NOTIFY_WORKERS ?? '0' },
    echo: process.env.BENCH_VERBOSE === '1',
  });
  const solving = performance.now();
  await submissions.solve(PROOFS);
  process.stderr.write(`bench: ${PROOFS} proofs of work solved in ${fmt((performance.now() - solving) / 1000)} s\n`);
  await waitFor200(`${base}/readyz`, app, performance.now(), 180_000);
  await waitForBanner(app);
  const cpu = new CpuProbe(app.pid, postmaster(dataDir)?.pid);
  // The database as the PostgreSQL superuser (for ANALYZE and pg_stat_statements).
  const asOwner = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: embeddedDatabaseUrl(dataDir) });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  // After the warm-up, ANALYZE (lib.ts says why).
  const analyze = () => analyzeDatabase(embeddedDatabaseUrl(dataDir));
  const results: Result[] = [];
  results.push(await load('app POST /api/v1/complaints', `${base}/t/makassar/api/v1/complaints`, { post: true, cpu, ...(process.env.BENCH_ANALYZE === '0' ? {} : { afterWarmup: analyze }) }));

  results.push(await load('app POST /api/v1/complaints, anonymous (no notification)', `${base}/t/makassar/api/v1/complaints`, { post: true, anonymous: true, cpu }));
  // BENCH_ONLY=submit: the two submission loads and nothing else (for profiling them).
  const submitOnly = process.env.BENCH_ONLY === 'submit';
  // BENCH_PGSTAT=1 (with EMBEDDED_PG_OPTIONS='-c shared_preload_libraries=pg_stat_statements'): the
  // 30 statements that took PostgreSQL the longest during the run — calls, total and per-call
  // execution ms, per-call planning ms (0 unless `-c pg_stat_statements.track_planning=on` too), rows.
  if (process.env.BENCH_PGSTAT === '1') {
    const top = await asOwner(async (client) => {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      return (
        await client.query<{ calls: string; ms: string; each: string; plan: string; rows: string; query: string }>(
          `SELECT calls, round(total_exec_time::numeric, 1) AS ms, round((total_exec_time / nullif(calls, 0))::numeric, 3) AS each, round((total_plan_time / nullif(calls, 0))::numeric, 3) AS plan, rows,
                  left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
             FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 30`,
        )
      ).rows;
    });
    process.stderr.write(`bench: pg_stat_statements — calls, total ms, ms each, planning ms each, rows, statement\n${top.map((r) => `${r.calls}\t${r.ms}\t${r.each}\t${r.plan}\t${r.rows}\t${r.query}`).join('\n')}\n`);
  }
  everything: {
  if (submitOnly) break everything;

  // A published report for the request-by-id load: the ones submitted above are not public until a
  // coordinator verifies them (issue 16), so a demo report the seed verified (the raw baseline's rows
  // have no ADU- number either).
  const published = (await (await fetch(`${base}/t/makassar/open311/v2/requests.json`)).json()) as { service_request_id: string }[];
  if (!published[0]) throw new Error('the Open311 list has no published report to read by id');
  const sample = { trackingNumber: published[0].service_request_id };

  const baselinePort = await freePort();
  baseline = new Child('baseline', process.execPath, ['--import', 'tsx', 'bench/complaints-baseline.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, BASELINE_PORT: String(baselinePort) },
  });
  await waitFor200(`http://127.0.0.1:${baselinePort}/healthz`, baseline, performance.now(), 30_000);
  results.push(
    await load('baseline POST /complaints (raw pg INSERT)', `http://127.0.0.1:${baselinePort}/complaints`, { post: true, baseline: true, cpu: new CpuProbe(baseline.pid, postmaster(dataDir)?.pid) }),
  );
  await baseline.stop('SIGTERM', 10_000);

  results.push(await load('app GET /api/v1/complaints?limit=20', `${base}/t/makassar/api/v1/complaints?limit=20`, { cpu }));
  results.push(await load('app GET /open311/v2/requests.json (≤ 1,000 results)', `${base}/t/makassar/open311/v2/requests.json`, { cpu }));
  results.push(
    await load('app GET /open311/v2/requests.json (≤ 1,000 results), Accept-Encoding: gzip', `${base}/t/makassar/open311/v2/requests.json`, {
      headers: { 'accept-encoding': 'gzip' },
      cpu,
    }),
  );
  const oneUrl = `${base}/t/makassar/open311/v2/requests/${sample.trackingNumber}.json`;
  const preflight = await fetch(oneUrl);
  process.stderr.write(`bench: preflight ${oneUrl} → ${preflight.status} ${(await preflight.text()).slice(0, 200)}\n`);
  results.push(await load('app GET /open311/v2/requests/{id}.json', `${base}/t/makassar/open311/v2/requests/${sample.trackingNumber}.json`, { cpu }));
  const list = (await (await fetch(`${base}/t/makassar/open311/v2/requests.json`)).json()) as unknown[];

  const submit = results[0]!;
  const raw = results[2]!;
  const md = [
    `# Complaints benchmark — ${new Date().toISOString()}`,
    '',
    `${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}; autocannon ${CONNECTIONS} connections, ${WARMUP} s warm-up + ${DURATION} s; app through tsx, embedded PostgreSQL; load generator, app and PostgreSQL on the same cores. Load average at start ${loadAtStart}, at end ${os.loadavg()[0]!.toFixed(2)}; notification workers ${process.env.BENCH_NOTIFY_WORKERS ?? '0'}; HTTP processes ${process.env.HTTP_PROCESSES ?? '1'} (HTTP_PROCESSES).`,
    '',
    markdownTable(
      ['load', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'requests', 'CPU server / PostgreSQL / autocannon / other'],
      results.map((r) => [r.name, fmt(r.reqPerSec), fmt(r.p50), fmt(r.p99), String(r.non2xx), String(r.errors), String(r.total), r.cpu ? [r.cpu.server, r.cpu.postgres ?? 0, r.cpu.loadGenerator, r.cpu.other].map((v) => fmt(v, 2)).join(' / ') : '—']),
    ),
    '',
    `Submission, app ÷ raw baseline: ${fmt((submit.reqPerSec / raw.reqPerSec) * 100)} %. Open311 list returned ${list.length} requests per call.`,
    '',
  ].join('\n');
  fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'complaints.md'), md);
  fs.writeFileSync(path.join(ROOT, 'bench', 'results', 'complaints.json'), JSON.stringify(results, null, 2));
  process.stdout.write(`\n${md}\n`);
  }
} finally {
  if (baseline && !baseline.exited) await baseline.stop('SIGTERM', 10_000);
  if (app && !app.exited) await app.stop('SIGINT', 30_000);
  await stopLeftoverPostgres(dataDir);
  // BENCH_KEEP=1 keeps the data directory (e.g. postgresql.log after auto_explain).
  if (process.env.BENCH_KEEP === '1') process.stderr.write(`bench: data directory kept: ${dataDir}\n`);
  else fs.rmSync(dataDir, { recursive: true, force: true });
}
