// The public dashboard benchmark (issue 22; alone: `npm run bench:dashboard`). In one process, against
// a temporary embedded PostgreSQL (or DATABASE_URL's): the demo data (`gerbang seed`), then what
// `gerbang seed volume` writes — 1,000,000 applications and 1,000,000 complaints over the last year in
// makassar (BENCH_DASHBOARD_ROWS each) — and the dashboard's aggregates rebuilt from them (both timed),
// VACUUM (ANALYZE). Then, for a 12-month period, the server time (Fastify inject: no network) of the
// page /kinerja and of getPerformance for the tenant, an agency and a service, 200 requests each after
// 20 warm-up ones, with the SQL statements one request sends; checks the figures against a direct
// count; and, as the raw baseline, the time of that direct count over the source tables (what a
// dashboard without aggregates would scan per request). Target: p95 ≤ 100 ms. Writes bench/results/dashboard.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { seedVolumeApplications } from '../src/modules/applications/index.js';
import { listAgencyServices } from '../src/modules/catalog/index.js';
import { seedVolumeComplaints } from '../src/modules/complaints/index.js';
import { listAgencies, listTenants } from '../src/modules/tenancy/index.js';
import { rebuildTenantAggregates } from '../src/modules/transparency/index.js';
import { localDate } from '../src/platform/calendar/index.js';
import { publishedCheckpoints } from '../src/platform/audit/index.js';
import { systemContext } from '../src/platform/context.js';
import { openRuntime } from '../src/runtime.js';
import { seedComplaintDemo, seedDemo } from '../src/seed.js';
import { countStatements, inProcessBench, runBench } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROWS = Number(process.env.BENCH_DASHBOARD_ROWS || 1_000_000);
const REQUESTS = Number(process.env.BENCH_DASHBOARD_REQUESTS || 200);
const WARMUP = 20;
const RAW_RUNS = 5;
const TARGET_P95_MS = 100;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
const began = performance.now();
const progress = (line: string) => process.stderr.write(`dashboard bench [${((performance.now() - began) / 1000).toFixed(0)} s]: ${line}\n`);

async function main() {
  const statements = countStatements();
  const { config, cleanups } = await inProcessBench('dashboard');
  try {
    const rt = await openRuntime(config, () => {});
    cleanups.push(() => rt.db.close());
    progress('demo data (gerbang seed)…');
    await seedDemo(rt);
    await seedComplaintDemo(rt, config);
    const tenant = (await listTenants(rt.db.app)).find((t) => t.slug === 'makassar')!;
    const ctx = { ...systemContext(rt.db.app, rt.audit, 'seed'), tenant };

    progress(`seeding ${ROWS.toLocaleString('en')} applications and ${ROWS.toLocaleString('en')} complaints (gerbang seed volume)…`);
    const seedStart = performance.now();
    await seedVolumeApplications(ctx, { count: ROWS, run: 'be0c0001', onProgress: (d) => d % 200_000 === 0 && progress(`  ${d} applications`) });
    await seedVolumeComplaints(ctx, { count: ROWS, run: 'be0c0001', onProgress: (d) => d % 200_000 === 0 && progress(`  ${d} complaints`) });
    const seedS = (performance.now() - seedStart) / 1000;
    progress(`  seeded in ${seedS.toFixed(1)} s; rebuilding the aggregates…`);
    const rebuildStart = performance.now();
    let shown = 0;
    const rebuilt = await rebuildTenantAggregates(rt.db.app, tenant, () => new Date(), (r) => {
      if (r.applications + r.complaints - shown >= 200_000) progress(`  ${(shown = r.applications + r.complaints)} rows counted`);
    });
    const rebuildS = (performance.now() - rebuildStart) / 1000;
    progress(`  rebuilt from ${rebuilt.applications} applications and ${rebuilt.complaints} complaints in ${rebuildS.toFixed(1)} s`);
    await rt.audit.flush(rt.db.owner);
    await sql`VACUUM (ANALYZE)`.execute(rt.db.owner);

    const app = await buildApp({ config, db: rt.db.app, ownerDb: rt.db.owner, audit: rt.audit, appSecret: rt.secret, auditCheckpoints: () => publishedCheckpoints(rt.db.app, rt.signer) });
    cleanups.push(() => app.close());

    const to = localDate(Date.now(), tenant.timeZone).slice(0, 7);
    const [y, m] = to.split('-').map(Number) as [number, number];
    const from = m === 12 ? `${y}-01` : `${y - 1}-${String(m + 1).padStart(2, '0')}`;
    const agency = (await listAgencies(rt.db.app, tenant)).find((a) => a.code === 'disdukcapil')!;
    const service = (await listAgencyServices(ctx, agency.id))[0]!;
    const scopes = [
      { name: 'tenant', page: '', api: '' },
      { name: 'agency', page: `&instansi=${agency.code}`, api: `&agency=${agency.code}` },
      { name: 'service', page: `&instansi=${agency.code}&layanan=${service.code}`, api: `&agency=${agency.code}&service=${service.code}` },
    ];
    const loads = scopes.flatMap((s) => [
      { name: `page /kinerja (${s.name})`, url: `/t/makassar/kinerja?dari=${from}&sampai=${to}${s.page}`, html: true },
      { name: `getPerformance (${s.name})`, url: `/t/makassar/api/v1/performance?from=${from}&to=${to}${s.api}`, html: false },
    ]);
    const results = [];
    for (const load of loads) {
      const send = () => app.inject({ url: load.url, headers: load.html ? { accept: 'text/html' } : {} });
      const first = await send();
      if (first.statusCode !== 200) throw new Error(`${load.name} answered ${first.statusCode}: ${first.body.slice(0, 300)}`);
      for (let i = 0; i < WARMUP; i++) await send();
      const before = statements();
      await send();
      const perRequest = statements() - before;
      const times: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const t0 = performance.now();
        const res = await send();
        times.push(performance.now() - t0);
        if (res.statusCode !== 200) throw new Error(`${load.name} answered ${res.statusCode}`);
      }
      times.sort((a, b) => a - b);
      const row = { name: load.name, statementsPerRequest: perRequest, p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), p99Ms: round(percentile(times, 99)), maxMs: round(times.at(-1)!) };
      progress(`  ${row.name}: p50 ${row.p50Ms} ms, p95 ${row.p95Ms} ms (${perRequest} statements)`);
      results.push(row);
    }

    // The figures against a direct count, and the direct count's own time (the raw baseline).
    const api = (await app.inject({ url: `/t/makassar/api/v1/performance?from=${from}&to=${to}` })).json() as { applications: { received: number; completed: number }; complaints: { received: number } };
    const tz = sql.raw(`'${tenant.timeZone}'`);
    const raw = async () => {
      const t0 = performance.now();
      const a = await sql<{ received: string; completed: string }>`
        SELECT count(*) FILTER (WHERE date_trunc('month', submitted_at AT TIME ZONE ${tz})::date BETWEEN ${`${from}-01`}::date AND ${`${to}-01`}::date) AS received,
               count(*) FILTER (WHERE status = 'closed' AND outcome IN ('approved','issued','rejected') AND date_trunc('month', closed_at AT TIME ZONE ${tz})::date BETWEEN ${`${from}-01`}::date AND ${`${to}-01`}::date) AS completed
          FROM applications WHERE tenant_id = ${tenant.id}`.execute(rt.db.owner);
      const c = await sql<{ received: string }>`
        SELECT count(*) AS received FROM complaints WHERE tenant_id = ${tenant.id}
           AND date_trunc('month', submitted_at AT TIME ZONE ${tz})::date BETWEEN ${`${from}-01`}::date AND ${`${to}-01`}::date`.execute(rt.db.owner);
      return { ms: performance.now() - t0, received: Number(a.rows[0]!.received), completed: Number(a.rows[0]!.completed), complaints: Number(c.rows[0]!.received) };
    };
    const rawRuns = [];
    for (let i = 0; i < RAW_RUNS; i++) rawRuns.push(await raw());
    const direct = rawRuns[0]!;
    if (direct.received !== api.applications.received || direct.completed !== api.applications.completed || direct.complaints !== api.complaints.received) {
      throw new Error(`getPerformance disagrees with the direct count: ${JSON.stringify(api.applications)} / ${api.complaints.received} vs ${JSON.stringify(direct)}`);
    }
    const rawMs = rawRuns.map((r) => r.ms).sort((a, b) => a - b);
    const worstP95 = Math.max(...results.map((r) => r.p95Ms));
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown', node: process.version, loadAverage1m: round(os.loadavg()[0] ?? 0, 1) },
      database: process.env.DATABASE_URL ? 'external (DATABASE_URL)' : 'embedded',
      rows: { applications: ROWS, complaints: ROWS },
      seedS: round(seedS, 1),
      rebuildS: round(rebuildS, 1),
      period: { from, to },
      requests: REQUESTS,
      loads: results,
      rawBaseline: { what: 'the same received/completed/complaints counted from the source tables, per request', medianMs: round(percentile(rawMs, 50)), runs: RAW_RUNS },
      figures: { received: direct.received, completed: direct.completed, complaints: direct.complaints },
      worstP95Ms: worstP95,
      targetP95Ms: TARGET_P95_MS,
      pass: worstP95 <= TARGET_P95_MS,
    };
    const dir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'dashboard.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `dashboard bench: ${ROWS} applications + ${ROWS} complaints seeded in ${result.seedS} s, aggregates rebuilt in ${result.rebuildS} s; worst p95 ${worstP95} ms over ${results.length} loads ` +
        `(target ≤ ${TARGET_P95_MS} ms: ${result.pass ? 'PASS' : 'MISS'}); raw count baseline median ${result.rawBaseline.medianMs} ms; load average ${result.machine.loadAverage1m}\n`,
    );
  } finally {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  }
}

await runBench('dashboard bench', main);
