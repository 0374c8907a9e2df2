// The satisfaction index benchmark (issue 21; alone: `npm run bench:ikm`). In one process, against a
// temporary embedded PostgreSQL (or DATABASE_URL's): one tenant, 10 agencies × 10 services, a year of
// 1,000,000 survey responses (BENCH_IKM_ROWS) written in SQL, with the daily aggregates built from them
// by GROUP BY (what the responses' own transactions keep them equal to). Times `getIkm` for the
// tenant-wide year (the service: the catalogue view, then one transaction: both periods' sums and topic
// counts from survey_daily, the latest suggestions per topic, the follow-ups) 200 times after 20 warm-up
// calls, counts the SQL statements of one call, and checks its respondents, index and topic counts
// against the same computed over the responses. Target: p95 ≤ 100 ms. Writes bench/results/ikm.json.
// See docs/surveys.md and docs/performance.md.
import fs from 'node:fs';
import path from 'node:path';
import { connectDatabase, migrateToLatest, sql } from '../src/db/index.js';
import { computeIkm, ELEMENTS, getIkm, TOPICS } from '../src/modules/surveys/index.js';
import { createAgency, createTenant } from '../src/modules/tenancy/index.js';
import { createAuditLog, loadAuditSigner } from '../src/platform/audit/index.js';
import { systemContext } from '../src/platform/context.js';
import { inProcessBench, runBench } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROWS = Number(process.env.BENCH_IKM_ROWS || 1_000_000);
const CALLS = 200;
const WARMUP = 20;
const TARGET_MS = 100;
const YEAR = 2026;

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!;

async function main() {
  const { dataDir, config, cleanups } = await inProcessBench('ikm');
  try {
    const db = await connectDatabase(config, { poolSize: 4 });
    cleanups.push(() => db.close());
    await migrateToLatest(db.owner);
    const audit = createAuditLog({ signer: loadAuditSigner({ dataDir, env: 'development' }), pseudonymKey: Buffer.alloc(32, 5) });
    const owner = systemContext(db.owner, audit, 'bench');
    const tenant = await createTenant(owner, { slug: 'ikm-bench', name: 'Pemerintah Bench', kind: 'city', timeZone: 'Asia/Makassar' });
    for (let a = 0; a < 10; a++) await createAgency({ ...owner, tenant }, { code: `opd-${a}`, name: `Perangkat Daerah ${a}` });

    const seedStart = process.hrtime.bigint();
    // Scores from a hash of the row number: deterministic, spread over 1–4, different per element.
    const scores = ELEMENTS.map((_, i) => sql.raw(`1 + ((g * ${7 + 2 * i} + g / ${3 + i}) % 4)`));
    // Each suggestion's topic as topics.ts gives it: the element rated lowest when exactly one is, else umum.
    const lowest = sql.raw(`least(${ELEMENTS.join(', ')})`);
    const atLowest = sql.raw(ELEMENTS.map((k) => `(${k} = least(${ELEMENTS.join(', ')}))::int`).join(' + '));
    const topic = sql`CASE WHEN ${atLowest} = 1 THEN CASE ${sql.join(ELEMENTS.map((k) => sql`WHEN ${sql.ref(k)} = ${lowest} THEN ${sql.lit(k)}`), sql` `)} END ELSE 'umum' END`;
    await sql`
      INSERT INTO survey_responses (tenant_id, id, channel, import_source, agency_id, service_id, submitted_at, day, ${sql.join(ELEMENTS.map((k) => sql.ref(k)))}, suggestion, suggestion_topic, created_at)
      SELECT ${tenant.id}, gen_random_uuid(), 'import', 'bench', ('00000000-0000-0000-0000-00000000000' || (g % 10))::uuid,
        ('00000000-0000-0000-0001-0000000000' || lpad((g % 100)::text, 2, '0'))::uuid,
        d, d::date, ${sql.join(ELEMENTS.map((k) => sql.ref(k)))}, CASE WHEN g % 50 = 0 THEN 'Saran ' || g END, CASE WHEN g % 50 = 0 THEN ${topic} END, now()
      FROM (
        SELECT g, ${`${YEAR}-01-01`}::timestamptz + (g % 365) * interval '1 day' AS d, ${sql.join(scores.map((score, i) => sql`${score} AS ${sql.ref(ELEMENTS[i]!)}`))}
        FROM generate_series(1, ${ROWS}) g
      ) x`.execute(db.owner);
    await sql`
      INSERT INTO survey_daily (tenant_id, agency_id, service_id, day, respondents, served, ${sql.join(ELEMENTS.map((k) => sql.ref(k)))}, ${sql.join(TOPICS.map((k) => sql.ref(`sug_${k}`)))})
      SELECT tenant_id, agency_id, service_id, day, count(*), count(*), ${sql.join(ELEMENTS.map((k) => sql`sum(${sql.ref(k)})`))},
        ${sql.join(TOPICS.map((k) => sql`count(*) FILTER (WHERE suggestion_topic = ${sql.lit(k)})`))}
      FROM survey_responses WHERE tenant_id = ${tenant.id} GROUP BY 1, 2, 3, 4`.execute(db.owner);
    await sql`ANALYZE survey_responses, survey_daily`.execute(db.owner);
    const seedS = Number(process.hrtime.bigint() - seedStart) / 1e9;

    // The same index straight from the responses: what the aggregates must agree with.
    const direct = (
      await sql<Record<string, string>>`SELECT count(*) AS n, ${sql.join(ELEMENTS.map((k) => sql`sum(${sql.ref(k)}) AS ${sql.ref(k)}`))} FROM survey_responses WHERE tenant_id = ${tenant.id}`.execute(db.owner)
    ).rows[0]!;
    const expected = computeIkm(Object.fromEntries(ELEMENTS.map((k) => [k, { sum: Number(direct[k]), answered: Number(direct.n) }])) as never);
    const topicCounts = (
      await sql<{ topic: string; n: string }>`SELECT suggestion_topic AS topic, count(*) AS n FROM survey_responses WHERE tenant_id = ${tenant.id} AND suggestion IS NOT NULL GROUP BY 1`.execute(db.owner)
    ).rows.map((r) => `${r.topic}:${r.n}`);

    // Every statement the app connection sends (BEGIN and COMMIT do not pass a plugin: + 2 per transaction).
    let statements = 0;
    const counting = db.app.withPlugin({ transformQuery: (args) => ((statements += 1), args.node), transformResult: async (args) => args.result });
    const ctx = { ...systemContext(counting, audit, 'bench'), tenant };
    const query = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
    for (let i = 0; i < WARMUP; i++) await getIkm(ctx, query);
    statements = 0;
    await getIkm(ctx, query);
    const statementsPerCall = statements + 2;
    const times: number[] = [];
    let report = await getIkm(ctx, query);
    for (let i = 0; i < CALLS; i++) {
      const start = process.hrtime.bigint();
      report = await getIkm(ctx, query);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    if (report.respondents !== ROWS || report.ikm !== expected.ikm) throw new Error(`getIkm disagrees with the responses: ${report.respondents} / ${report.ikm} vs ${ROWS} / ${expected.ikm}`);
    const reported = report.topics.map((g) => `${g.topic}:${g.count}`);
    if (reported.sort().join() !== topicCounts.sort().join()) throw new Error(`getIkm's topics disagree with the responses: ${reported.join()} vs ${topicCounts.join()}`);
    const aggregateRows = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM survey_daily`.execute(db.owner)).rows[0]!.n);
    const result = {
      rows: ROWS,
      aggregateRows,
      seedS: round(seedS, 1),
      ikm: report.ikm,
      statementsPerCall,
      p50Ms: round(percentile(times, 50)),
      p95Ms: round(percentile(times, 95)),
      maxMs: round(Math.max(...times)),
      targetMs: TARGET_MS,
      pass: percentile(times, 95) <= TARGET_MS,
    };
    const dir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'ikm.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `ikm bench: ${ROWS} responses in ${aggregateRows} daily aggregate rows (seeded in ${result.seedS} s); getIkm tenant-wide year (${statementsPerCall} statements) ` +
        `p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms (target p95 ≤ ${TARGET_MS} ms: ${result.pass ? 'PASS' : 'MISS'}); IKM ${result.ikm}\n`,
    );
  } finally {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  }
}

await runBench('ikm bench', main);
