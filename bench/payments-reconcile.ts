// Daily reconciliation benchmark (part of `npm run bench`, alone: `npm run bench:reconcile`). In one
// process, against a temporary embedded PostgreSQL (or DATABASE_URL's): one tenant with one day of
// 100,000 ledger entries (BENCH_RECONCILE_ROWS; invoices, gateway events and credits written in SQL)
// and a settlement report of the same payments with planted differences — 5 entries left out, 5
// amounts changed, 5 payments the ledger never booked. Times `reconcileDay` (the treasury's service:
// the report as arrays, the FULL JOIN, the run and its items inserted, the audit event — everything
// but the gateway's network call) three times, and the same FULL JOIN alone through `pg` as the raw
// baseline. Target: ≤ 10 s for 100,000 rows; the ratio app ÷ baseline is information. Writes
// bench/results/payments-reconcile.json. See docs/payments.md.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase, migrateToLatest, sql } from '../src/db/index.js';
import type { SettlementLine } from '../src/modules/payments/gateway.js';
import { reconcileDay } from '../src/modules/payments/treasury/reconcile.js';
import { createAgency, createTenant, listAgencies } from '../src/modules/tenancy/index.js';
import { createAuditLog, loadAuditSigner } from '../src/platform/audit/index.js';
import { systemContext } from '../src/platform/context.js';
import { reportOnlyGateway } from '../test/payments-ledger.js';
import { inProcessBench, median, runBench } from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const ROWS = Number(process.env.BENCH_RECONCILE_ROWS || 100_000);
const RUNS = 3;
const TARGET_S = 10;
const DAY = '2026-11-02';
const PLANTED = 5;

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

const BASELINE_SQL = `
  WITH report AS (
    SELECT event_id, sum(amount)::bigint AS amount, min(invoice_number) AS invoice_number
    FROM unnest($1::text[], $2::bigint[], $3::text[]) AS r(event_id, amount, invoice_number) GROUP BY event_id
  ), ledger AS (
    SELECT l.gateway_event_id AS event_id, l.amount, i.number AS invoice_number
    FROM payment_ledger l JOIN payment_invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id
    WHERE l.tenant_id = $4 AND l.gateway = 'sandbox' AND l.business_date = $5::date AND l.kind IN ('credit', 'held')
  )
  SELECT coalesce(l.event_id, r.event_id) AS event_id, l.amount AS ledger_amount, r.amount AS report_amount
  FROM ledger l FULL JOIN report r ON r.event_id = l.event_id
  WHERE l.event_id IS NULL OR r.event_id IS NULL OR l.amount <> r.amount`;

async function main() {
  const { dataDir, config, cleanups } = await inProcessBench('payments-reconcile');
  try {
    const db = await connectDatabase(config, { poolSize: 4 });
    cleanups.push(() => db.close());
    await migrateToLatest(db.owner);
    const signer = loadAuditSigner({ dataDir, env: 'development' });
    const audit = createAuditLog({ signer, pseudonymKey: Buffer.alloc(32, 5) });
    const owner = systemContext(db.owner, audit, 'bench');
    const tenant = await createTenant(owner, { slug: 'kas-bench', name: 'Pemerintah Bench', kind: 'city', timeZone: 'Asia/Jakarta' });
    await createAgency({ ...owner, tenant }, { code: 'bapenda', name: 'Badan Pendapatan Daerah' });
    const agency = (await listAgencies(db.owner, tenant))[0]!;

    const seedStart = process.hrtime.bigint();
    await sql`
      WITH inv AS (
        INSERT INTO payment_invoices (tenant_id, id, number, agency_id, payer_id, description, fee_basis, amount, status, issued_at, expires_at, paid_at)
        SELECT ${tenant.id}, gen_random_uuid(), 'TGH-' || lpad(g::text, 8, '0'), ${agency.id}, gen_random_uuid(), '{}', '{}', 10000 + g % 500 * 100, 'paid',
          ${DAY}::date + time '08:00' - interval '7 hours', ${DAY}::date + interval '3 days', ${DAY}::date + time '09:00' - interval '7 hours' + (g % 36000) * interval '1 second'
        FROM generate_series(1, ${ROWS}) g RETURNING id, number, amount, paid_at
      ), ev AS (
        INSERT INTO payment_gateway_events (tenant_id, gateway, event_id, gateway_ref, invoice_id, amount, channel, paid_at, outcome, received_at)
        SELECT ${tenant.id}, 'sandbox', 'evt-' || number, 'ref-' || number, id, amount, 'va', paid_at, 'credited', paid_at FROM inv
        RETURNING event_id, invoice_id, amount, paid_at
      )
      INSERT INTO payment_ledger (tenant_id, id, kind, invoice_id, agency_id, channel, gateway, gateway_event_id, amount, paid_at, business_date, booked_at)
      SELECT ${tenant.id}, gen_random_uuid(), 'credit', invoice_id, ${agency.id}, 'va', 'sandbox', event_id, amount, paid_at, ${DAY}::date, paid_at FROM ev`.execute(db.owner);
    await sql`ANALYZE payment_invoices, payment_gateway_events, payment_ledger`.execute(db.owner);
    const seedS = seconds(seedStart);

    // The gateway's report: every payment, less PLANTED, PLANTED with another amount, PLANTED unknown.
    const { rows } = await sql<{ number: string; amount: number }>`SELECT number, amount FROM payment_invoices WHERE tenant_id = ${tenant.id} ORDER BY number`.execute(db.owner);
    const report: SettlementLine[] = [];
    rows.forEach((r, i) => {
      if (i < PLANTED) return;
      const amount = i < 2 * PLANTED ? r.amount + 1 : r.amount;
      report.push({ eventId: `evt-${r.number}`, gatewayRef: `ref-${r.number}`, invoiceNumber: r.number, channel: 'va', amount, paidAt: new Date() });
    });
    for (let i = 0; i < PLANTED; i++) report.push({ eventId: `evt-unknown-${i}`, gatewayRef: `ref-unknown-${i}`, invoiceNumber: `TGH-X${i}`, channel: 'va', amount: 5000, paidAt: new Date() });
    const gateway = reportOnlyGateway(() => report);

    const ctx = { ...systemContext(db.app, audit, 'bench'), tenant };
    const appRuns: number[] = [];
    let items = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      const run = await reconcileDay(ctx, { day: DAY, gateway });
      appRuns.push(seconds(start));
      items = run.items;
      if (run.ledgerCount !== ROWS || run.items !== 3 * PLANTED) throw new Error(`unexpected run: ${JSON.stringify(run)}`);
    }

    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    cleanups.push(() => pool.end());
    const baselineRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      const res = await pool.query(BASELINE_SQL, [report.map((l) => l.eventId), report.map((l) => l.amount), report.map((l) => l.invoiceNumber), tenant.id, DAY]);
      baselineRuns.push(seconds(start));
      if (res.rowCount !== 3 * PLANTED) throw new Error(`baseline found ${res.rowCount} differences`);
    }

    const medianS = median(appRuns);
    const baselineS = median(baselineRuns);
    const result = {
      rows: ROWS,
      planted: 3 * PLANTED,
      items,
      seedS: round(seedS, 1),
      runsS: appRuns.map((v) => round(v, 3)),
      medianS: round(medianS, 3),
      baselineRunsS: baselineRuns.map((v) => round(v, 3)),
      baselineS: round(baselineS, 3),
      ratio: round(medianS / baselineS, 2),
      targetS: TARGET_S,
      pass: medianS <= TARGET_S,
    };
    const dir = path.join(ROOT, 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'payments-reconcile.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `reconcile bench: ${ROWS} ledger rows (seeded in ${result.seedS} s), ${result.planted} planted differences found; ` +
        `reconcileDay median ${result.medianS} s (runs ${result.runsS.join(', ')}), raw FULL JOIN ${result.baselineS} s, ratio ${result.ratio}× ` +
        `(target ≤ ${TARGET_S} s: ${result.pass ? 'PASS' : 'MISS'})\n`,
    );
  } finally {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  }
}

await runBench('reconcile bench', main);
