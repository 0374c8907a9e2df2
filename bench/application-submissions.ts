// Application submission (part of `npm run bench`, alone: `npm run bench:submissions`). A temporary
// embedded PostgreSQL with the demo data; the birth certificate service given a form of a few fields
// and no files (name, phone, address, a declaration) and published; a demo citizen's real session.
// Every request is one of BENCH_CITIZENS (default 200) bench citizens' (a session each, taken in turn):
// a citizen's submissions queue behind one another on their notification lock (the per-recipient
// limit's advisory lock, held to the commit), so one citizen sending every request measured that lock,
// not the app — 15/s on 2026-12-05 with the app's CPU mostly idle. No real citizen sends 32 at once.
// Then the app (`serve` from the bundle, as `npm start` runs it, its own process, settings as the complaint bench: receipts queued
// not delivered, one client address not rate limited, the per-recipient hourly limit lifted so that
// every submission queues its notification as a real citizen's first ones do) and a raw node:http + pg server doing the same
// INSERTs (bench/applications-baseline.ts), measured in turns — baseline, app, baseline — with 32
// connections, every app request `POST /api/v1/applications` with its own Idempotency-Key (validated,
// stored, audited, notification queued); the ratio is the app against the mean of the baselines
// around it (target ≥ 50 %). Then VACUUM (ANALYZE), the app paced at 200 submissions a second, open
// loop (target p99 ≤ 100 ms), and the raw baseline paced at the same rate (information: this machine's
// floor). Writes bench/results/application-submissions.json. See docs/performance.md.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { createSession, SESSION_COOKIE } from '../src/modules/identity/index.js';
import { withRuntime } from '../src/runtime.js';
import { buildServer, serverBundleIsStale } from '../scripts/build.mjs';
import { seedSmallFormService, smallFormSubmission } from './small-form-service.js';
import { analyzeDatabase, embeddedDatabaseUrl, Child, CpuProbe, freePort, type LoadResult, paced, postmaster, runLoad, seedBenchCitizens, sleep, stopLeftoverPostgres, waitFor200, waitForBanner, runBench } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DURATION_S = Number(process.env.BENCH_DURATION || 10);
const WARMUP_S = 2;
const CONNECTIONS = 32;
const RATE = 200;
const CITIZENS = Number(process.env.BENCH_CITIZENS || 200);
const TARGETS = { ratio: 0.5, p99Ms: 100 };
const progress = (line: string) => process.stderr.write(`submissions bench: ${line}\n`);

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-submit-bench-'));
  if (process.getuid?.() === 0) fs.chmodSync(dataDir, 0o755);
  const children: Child[] = [];
  try {
    const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: process.env.DATABASE_URL });
    progress('demo data, the small form, a citizen session…');
    const setup = await withRuntime(config, async (rt) => {
      const { tenant, ctx, agency, service, version } = await seedSmallFormService(rt, config);
      progress(`${CITIZENS} bench citizens…`);
      const citizenIds = await seedBenchCitizens(ctx, CITIZENS);
      const cookies: string[] = [];
      for (const id of citizenIds) cookies.push(`${SESSION_COOKIE}=${(await createSession(rt.db.app, tenant.id, { kind: 'citizen', id }, new Date())).token}`);
      const state = (await sql<{ state: unknown }>`SELECT state FROM applications WHERE tenant_id = ${tenant.id} ORDER BY submitted_at DESC LIMIT 1`.execute(rt.db.owner)).rows[0]?.state;
      return { tenantId: tenant.id, serviceId: service.id, versionId: version.id, agencyId: agency.id, applicantId: citizenIds[0]!, state, cookies };
    });
    const stateFile = path.join(dataDir, 'baseline-state.json');
    fs.writeFileSync(stateFile, JSON.stringify(setup));

    const port = await freePort();
    // BENCH_CPU_PROF=1: the app writes a CPU profile (bench/results/profiles) when it stops.
    const profile = process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'bench', 'results', 'profiles')}`] : [];
    // The app as `npm start` runs it (the bundle, decision 0003), as bench/run.ts measures complaints.
    if (serverBundleIsStale()) await buildServer({ client: false });
    const app = new Child('app', process.execPath, [...profile, 'dist/main.js', 'serve'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', NODE_ENV: 'development', RATE_LIMIT_WRITES_PER_MINUTE: '1000000', NOTIFY_MAX_PER_RECIPIENT_PER_HOUR: '100000', JOB_WORKERS: '0', NOTIFY_WORKERS: '0' },
      echo: process.env.BENCH_VERBOSE === '1',
    });
    children.push(app);
    await waitFor200(`http://127.0.0.1:${port}/readyz`, app, performance.now(), 120_000);
    await waitForBanner(app);
    const basePort = await freePort();
    const baseline = new Child('baseline', process.execPath, ['--import', 'tsx', 'bench/applications-baseline.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, BASELINE_PORT: String(basePort), BASELINE_STATE: stateFile },
      echo: process.env.BENCH_VERBOSE === '1',
    });
    children.push(baseline);
    await waitFor200(`http://127.0.0.1:${basePort}/healthz`, baseline, performance.now(), 30_000);

    const body = () => smallFormSubmission(setup.serviceId);
    const appUrl = `http://127.0.0.1:${port}/t/makassar/api/v1/applications`;
    const json = { 'content-type': 'application/json' };
    const appHeaders = json;
    let turn = 0;
    // Each request: the next bench citizen's session and its own Idempotency-Key.
    const key = () => ({ cookie: setup.cookies[turn++ % setup.cookies.length]!, 'idempotency-key': randomUUID() });
    const pg = externalOrEmbeddedPostmaster(dataDir);
    const measure = async (name: string, url: string, headers: Record<string, string>, cpu: CpuProbe, headersFor?: () => Record<string, string>) => {
      progress(`${name}: ${WARMUP_S} s warm-up + ${DURATION_S} s, ${CONNECTIONS} connections…`);
      const r = await runLoad(name, url, { connections: CONNECTIONS, durationS: DURATION_S, warmupS: WARMUP_S, method: 'POST', headers, body, cpu, ...(headersFor ? { headersFor } : {}) });
      progress(`  ${Math.round(r.reqPerSec)}/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.non2xx} non-2xx, ${r.errors} errors`);
      return r;
    };
    const loads: LoadResult[] = [
      await measure('baseline', `http://127.0.0.1:${basePort}/applications`, json, new CpuProbe(baseline.pid, pg)),
      await measure('app', appUrl, appHeaders, new CpuProbe(app.pid, pg), key),
      await measure('baseline', `http://127.0.0.1:${basePort}/applications`, json, new CpuProbe(baseline.pid, pg)),
    ];
    // The pass autovacuum makes over the rows those loads left, made now rather than in the paced
    // run's first seconds (analyzeDatabase).
    const vacuumAt = performance.now();
    await analyzeDatabase(process.env.DATABASE_URL || embeddedDatabaseUrl(dataDir), { vacuum: true });
    progress(`VACUUM (ANALYZE) in ${((performance.now() - vacuumAt) / 1000).toFixed(1)} s`);
    await sleep(1000);
    const pace = async (name: string, request: Parameters<typeof paced>[0]) => {
      progress(`${name} paced at ${RATE}/s for ${DURATION_S} s…`);
      const run = await paced(request, RATE, DURATION_S);
      progress(`  p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, max ${run.maxMs} ms, ${run.non2xx} non-2xx of ${run.requests}`);
      return run;
    };
    const pacedRun = await pace('app', { url: appUrl, method: 'POST', headers: appHeaders, headersFor: key, body });
    // Information: the raw baseline at the same rate, the floor this machine gives today.
    const baselinePaced = await pace('baseline', { url: `http://127.0.0.1:${basePort}/applications`, method: 'POST', headers: json, body });
    const [b1, a, b2] = loads as [LoadResult, LoadResult, LoadResult];
    const baselineMean = (b1.reqPerSec + b2.reqPerSec) / 2;
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown', node: process.version, loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 10) / 10 },
      connections: CONNECTIONS,
      citizens: CITIZENS,
      loads,
      baselineMean,
      ratio: a.reqPerSec / baselineMean,
      paced: pacedRun,
      baselinePaced,
      targets: TARGETS,
      pass: { ratio: a.reqPerSec / baselineMean >= TARGETS.ratio && a.non2xx === 0, p99: pacedRun.p99Ms <= TARGETS.p99Ms && pacedRun.non2xx === 0 },
    };
    const dir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'application-submissions.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `submissions bench: app ${Math.round(a.reqPerSec)}/s ÷ raw baseline ${Math.round(baselineMean)}/s = ${Math.round(result.ratio * 100)} % (target ≥ 50 %: ${result.pass.ratio ? 'PASS' : 'MISS'}); ` +
        `paced ${RATE}/s p99 ${pacedRun.p99Ms} ms (target ≤ 100 ms: ${result.pass.p99 ? 'PASS' : 'MISS'}; the raw baseline's ${baselinePaced.p99Ms} ms); load average ${result.machine.loadAverage1m}\n`,
    );
  } finally {
    for (const child of children.reverse()) if (!child.exited) await child.stop('SIGINT', 30_000);
    if (!process.env.DATABASE_URL) await stopLeftoverPostgres(dataDir);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function externalOrEmbeddedPostmaster(dataDir: string): number | undefined {
  return process.env.DATABASE_URL ? undefined : postmaster(dataDir)?.pid;
}

await runBench('submissions bench', main);
