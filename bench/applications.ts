// Officers' work queue with 100,000 open applications (part of `npm run bench`, alone: `npm run
// bench:applications`). In one process, against a temporary embedded PostgreSQL (or DATABASE_URL's):
// the demo data (`gerbang seed`: tenants, catalogue, accounts, every demo service's form and
// workflow), then BENCH_QUEUE_APPLICATIONS (default 100,000) open applications in Makassar through
// the `gerbang seed applications` service (timed), VACUUM (ANALYZE) (what autovacuum does within a
// minute of such a load: without the VACUUM the first filters measured also set the hint bits of every
// row they read, and autovacuum's insert-triggered pass ran beside them), then the queue through the real Fastify app (app.inject: routing, session, policy,
// the queries, badges, JSON or the page's HTML — everything but the socket), one request at a time,
// for the common filters: `GET /api/v1/work-queue` and the `/petugas/permohonan` page, as the demo
// verifier of Disdukcapil and as its agency administrator. Reports the seeding time and p50/p95/p99
// server time per filter, target p95 ≤ 100 ms; writes bench/results/applications.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { seedBulkApplications, demoHandlerEmail } from '../src/modules/applications/index.js';
import { createSession, findOfficerId, markSecondFactor, SESSION_COOKIE } from '../src/modules/identity/index.js';
import { listAgencyServices } from '../src/modules/catalog/index.js';
import { listAgencies, listTenants } from '../src/modules/tenancy/index.js';
import { publishedCheckpoints } from '../src/platform/audit/index.js';
import { systemContext } from '../src/platform/context.js';
import { openRuntime } from '../src/runtime.js';
import { seedDemo } from '../src/seed.js';
import { inProcessBench, runBench, timeSequential } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const COUNT = Number(process.env.BENCH_QUEUE_APPLICATIONS || 100_000);
const REQUESTS = Number(process.env.BENCH_QUEUE_REQUESTS || 200);
const WARMUP = 20;
const TARGET_P95_MS = 100;

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
const progress = (line: string) => process.stderr.write(`applications bench: ${line}\n`);

async function main() {
  const { config, cleanups } = await inProcessBench('queue');
  try {
    const rt = await openRuntime(config, () => {});
    cleanups.push(() => rt.db.close());
    progress('demo data (gerbang seed)…');
    await seedDemo(rt);
    const tenant = (await listTenants(rt.db.app)).find((t) => t.slug === 'makassar')!;
    const ctx = { ...systemContext(rt.db.app, rt.audit, 'seed'), tenant, publicBaseUrl: config.publicBaseUrl };

    progress(`seeding ${COUNT.toLocaleString('en')} open applications (gerbang seed applications)…`);
    const seeded = await seedBulkApplications(ctx, { count: COUNT, onProgress: (done) => done % 20_000 === 0 && progress(`  ${done}`) });
    progress(`  ${seeded.added} in ${(seeded.ms / 1000).toFixed(1)} s over ${seeded.services} services`);
    await rt.audit.flush(rt.db.owner);
    await sql`VACUUM (ANALYZE)`.execute(rt.db.owner);

    const app = await buildApp({
      config,
      db: rt.db.app,
      ownerDb: rt.db.owner,
      audit: rt.audit,
      appSecret: rt.secret,
      auditCheckpoints: () => publishedCheckpoints(rt.db.app, rt.signer),
    });
    cleanups.push(() => app.close());

    const cookieOf = async (role: 'verifier' | 'agency_admin') => {
      const id = await findOfficerId(ctx, { email: demoHandlerEmail('makassar', role, 'disdukcapil') });
      if (!id) throw new Error(`no demo ${role} at disdukcapil`);
      const session = await createSession(rt.db.app, tenant.id, { kind: 'officer', id }, new Date());
      await markSecondFactor(rt.db.app, tenant.id, session.id);
      return `${SESSION_COOKIE}=${session.token}`;
    };
    const verifier = await cookieOf('verifier');
    const admin = await cookieOf('agency_admin');
    const disdukcapil = (await listAgencies(rt.db.app, tenant)).find((a) => a.code === 'disdukcapil')!;
    const service = (await listAgencyServices(ctx, disdukcapil.id))[0]!;
    const tasks = await sql<{ n: number }>`SELECT count(*)::int AS n FROM application_tasks WHERE agency_id = ${disdukcapil.id}`.execute(rt.db.owner);

    const loads: { name: string; url: string; cookie: string; html?: boolean }[] = [
      { name: 'API mine (verifier)', url: '/api/v1/work-queue?scope=mine', cookie: verifier },
      { name: 'API my agency (verifier)', url: '/api/v1/work-queue?scope=agency', cookie: verifier },
      { name: 'API my agency (agency admin: every role)', url: '/api/v1/work-queue?scope=agency', cookie: admin },
      { name: 'API by service', url: `/api/v1/work-queue?scope=agency&serviceId=${service.id}`, cookie: verifier },
      { name: 'API due today', url: '/api/v1/work-queue?scope=agency&due=today', cookie: verifier },
      { name: 'API overdue', url: '/api/v1/work-queue?scope=agency&due=overdue', cookie: verifier },
      { name: 'API with applicant (paused)', url: '/api/v1/work-queue?scope=agency&status=with_applicant', cookie: admin },
      { name: 'page my agency (verifier)', url: '/petugas/permohonan', cookie: verifier, html: true },
      { name: 'page mine (verifier)', url: '/petugas/permohonan?lingkup=saya', cookie: verifier, html: true },
      { name: 'page overdue (agency admin)', url: '/petugas/permohonan?tenggat=overdue', cookie: admin, html: true },
    ];
    const results = [];
    for (const load of loads) {
      const send = () =>
        app.inject({ url: `/t/makassar${load.url}`, headers: { cookie: load.cookie, ...(load.html ? { accept: 'text/html' } : {}) } });
      const first = await send();
      if (first.statusCode !== 200) throw new Error(`${load.name} answered ${first.statusCode}: ${first.body.slice(0, 300)}`);
      const items = load.html ? undefined : (first.json() as { items: unknown[] }).items.length;
      for (let i = 0; i < WARMUP; i++) await send();
      const row = { name: load.name, url: load.url, items, ...(await timeSequential(load.name, REQUESTS, send)) };
      progress(`  ${row.name}: p50 ${row.p50Ms} ms, p95 ${row.p95Ms} ms, p99 ${row.p99Ms} ms${items === undefined ? '' : ` (${items} items)`}`);
      results.push(row);
    }
    // The plans of the queue's query (selectQueue's shape) for a verifier's and an administrator's page:
    // an index scan in the queue's order under the LIMIT, not a sort of the agency's whole backlog.
    const SORT = sql.raw(`coalesce(t.due_at, '9999-12-31T23:59:59.999Z'::timestamptz)`);
    const explain = async (scope: ReturnType<typeof sql>, filter = sql`true`) =>
      (
        await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, COSTS OFF) SELECT t.id, a.tracking_number FROM application_tasks t
          JOIN applications a ON a.tenant_id = t.tenant_id AND a.id = t.application_id
          WHERE t.tenant_id = ${tenant.id} AND ${scope} AND ${filter} ORDER BY ${SORT}, t.id LIMIT 26`.execute(rt.db.owner)
      ).rows.map((r) => r['QUERY PLAN']);
    const plans = {
      verifier: await explain(sql`(t.role = 'verifier' AND t.agency_id = ${disdukcapil.id})`),
      agencyAdmin: await explain(sql`(t.agency_id = ${disdukcapil.id})`),
      // The API's own filters: due by an instant (on the sort expression), and paused (0080's partial index).
      overdue: await explain(sql`(t.role = 'verifier' AND t.agency_id = ${disdukcapil.id})`, sql`${SORT} <= now()`),
      withApplicant: await explain(sql`(t.agency_id = ${disdukcapil.id})`, sql`t.paused`),
    };
    for (const [who, plan] of Object.entries(plans)) progress(`plan (${who}):\n    ${plan.join('\n    ')}`);
    const worstP95 = Math.max(...results.map((r) => r.p95Ms));
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown', node: process.version, loadAverage1m: round(os.loadavg()[0] ?? 0, 1) },
      database: process.env.DATABASE_URL ? 'external (DATABASE_URL)' : 'embedded',
      applications: COUNT,
      seed: { added: seeded.added, ms: seeded.ms, services: seeded.services },
      disdukcapilTasks: tasks.rows[0]!.n,
      requests: REQUESTS,
      loads: results,
      plans,
      worstP95Ms: worstP95,
      targetP95Ms: TARGET_P95_MS,
      pass: worstP95 <= TARGET_P95_MS,
    };
    const dir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'applications.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `applications bench: ${COUNT} open applications seeded in ${(seeded.ms / 1000).toFixed(1)} s; queue server time, worst p95 ${worstP95} ms over ${results.length} filters ` +
        `(target p95 ≤ ${TARGET_P95_MS} ms: ${result.pass ? 'PASS' : 'MISS'}; load average ${result.machine.loadAverage1m})\n`,
    );
  } finally {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  }
}

await runBench('applications bench', main);
