// Daily reconciliation on real PostgreSQL: a clean day, each kind of difference, a re-run that finds
// the same and keeps the treasurer's resolutions, a gateway that does not answer (failed, with the
// reason, retried by the job), and the daily job that finds the tenants with payments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { agencyIdOf, tenantContextOf } from '../../../../test/auth.js';
import { reportOnlyGateway, seedPayment, settlementLineOf } from '../../../../test/payments-ledger.js';
import { createJobRunner } from '../../../platform/jobs/index.js';
import type { SettlementLine } from '../gateway.js';
import { RECONCILE_JOB, RECONCILE_SWEEP_JOB, scheduleDailyReconciliation, treasuryJobHandlers } from './jobs.js';
import { businessDayOf, dayBefore, getReconciliation, reconcileDay, rerunReconciliation, resolveMismatch } from './reconcile.js';

let t: TestApp;
let tenantId: string;
let agencyId: string;
beforeAll(async () => {
  t = await createTestApp();
  tenantId = (await tenantContextOf(t, 'makassar')).tenant.id;
  agencyId = await agencyIdOf(t, 'makassar', 'dpmptsp');
});
afterAll(() => t?.close());

const pay = (day: string, amount: number, extra: { kind?: 'credit' | 'held' } = {}) => seedPayment(t.db.owner, { tenantId, agencyId, day, amount, ...extra });

describe('reconcileDay', () => {
  it('is clean when the report lists exactly the day’s credit and held entries, and counts both sides', async () => {
    const day = '2026-11-02';
    const a = await pay(day, 150_000);
    const b = await pay(day, 25_000, { kind: 'held' });
    await pay('2026-11-03', 99_000); // another day: not part of this one
    const ctx = await tenantContextOf(t, 'makassar');
    const run = await reconcileDay(ctx, { day, gateway: reportOnlyGateway(() => [settlementLineOf(a), settlementLineOf(b)]) });
    expect(run).toMatchObject({ status: 'clean', ledgerCount: 2, ledgerAmount: 175_000, reportCount: 2, reportAmount: 175_000, items: 0, businessDate: day });
    const stored = await getReconciliation(ctx, run.id);
    expect(stored.run.status).toBe('clean');
    expect(stored.items).toEqual([]);
  });

  it('finds each kind of difference: missing in the ledger, missing in the report, amounts that differ', async () => {
    const day = '2026-11-04';
    const kept = await pay(day, 50_000);
    const notReported = await pay(day, 70_000);
    const differs = await pay(day, 80_000);
    const neverBooked = { eventId: 'evt-lost-notification', gatewayRef: 'ref-lost', invoiceNumber: 'TGH-LOST-0001', channel: 'qris' as const, amount: 30_000, paidAt: new Date() };
    const ctx = await tenantContextOf(t, 'makassar');
    const run = await reconcileDay(ctx, {
      day,
      gateway: reportOnlyGateway(() => [settlementLineOf(kept), { ...settlementLineOf(differs), amount: 8_000 }, neverBooked]),
    });
    expect(run).toMatchObject({ status: 'mismatches', ledgerCount: 3, ledgerAmount: 200_000, reportCount: 3, reportAmount: 88_000, items: 3, unresolved: 3 });
    const { items } = await getReconciliation(ctx, run.id);
    const byKind = Object.fromEntries(items.map((i) => [i.kind, i]));
    expect(byKind.missing_in_ledger).toMatchObject({ gatewayEventId: 'evt-lost-notification', invoiceNumber: 'TGH-LOST-0001', ledgerAmount: null, reportAmount: 30_000 });
    expect(byKind.missing_in_report).toMatchObject({ gatewayEventId: notReported.eventId, invoiceNumber: notReported.invoiceNumber, ledgerAmount: 70_000, reportAmount: null });
    expect(byKind.amount_differs).toMatchObject({ gatewayEventId: differs.eventId, invoiceNumber: differs.invoiceNumber, ledgerAmount: 80_000, reportAmount: 8_000 });
  });

  it('re-runs a day to the same findings, keeping the resolutions already written', async () => {
    const day = '2026-11-05';
    const reported = await pay(day, 40_000);
    const missing = await pay(day, 60_000);
    const officer = { kind: 'officer' as const, id: '00000000-0000-4000-8000-000000000001' };
    const ctx = await tenantContextOf(t, 'makassar', officer);
    const gateway = reportOnlyGateway(() => [settlementLineOf(reported)]);
    const first = await reconcileDay(ctx, { day, gateway });
    expect(first).toMatchObject({ status: 'mismatches', items: 1 });
    await resolveMismatch(ctx, { runId: first.id, seq: 1, note: 'Dikonfirmasi bank: dana masuk esok hari' });
    // Resolving twice is refused; nothing changes.
    await expect(resolveMismatch(ctx, { runId: first.id, seq: 1, note: 'lagi' })).rejects.toMatchObject({ status: 409 });

    const second = await reconcileDay(ctx, { day, gateway });
    expect(second).toMatchObject({ status: 'mismatches', items: 1, unresolved: 0, ledgerCount: 2, reportCount: 1 });
    const items = (await getReconciliation(ctx, second.id)).items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'missing_in_report', gatewayEventId: missing.eventId, resolution: 'Dikonfirmasi bank: dana masuk esok hari', resolvedBy: officer.id });
    const runs = await t.db.owner.selectFrom('payment_reconciliations').select('id').where('tenant_id', '=', tenantId).where('business_date', '=', day).execute();
    expect(runs).toHaveLength(2);
  });

  it('records a failed run with the reason when the gateway does not answer', async () => {
    const day = '2026-11-06';
    await pay(day, 10_000);
    const ctx = await tenantContextOf(t, 'makassar');
    const run = await reconcileDay(ctx, { day, gateway: reportOnlyGateway(() => new Error('connect ECONNREFUSED 10.0.0.9:443')) });
    expect(run).toMatchObject({ status: 'failed', failure: 'connect ECONNREFUSED 10.0.0.9:443', ledgerCount: 1, ledgerAmount: 10_000, reportCount: 0, items: 0 });
  });

  it('refuses to re-run today or a day that does not exist', async () => {
    const ctx = await tenantContextOf(t, 'makassar');
    const gatewayOf = async () => reportOnlyGateway(() => []);
    await expect(rerunReconciliation(ctx, { day: businessDayOf(new Date()), gatewayOf })).rejects.toMatchObject({ status: 400 });
    await expect(rerunReconciliation(ctx, { day: '2026-02-30', gatewayOf })).rejects.toMatchObject({ status: 400 });
  });

  it('reconciles 2,000 entries with planted differences in one statement', async () => {
    const day = '2026-11-07';
    const lines: SettlementLine[] = [];
    for (let i = 0; i < 40; i++) lines.push(settlementLineOf(await pay(day, 1_000 + i)));
    // The rest straight in SQL, as the bench does.
    await t.db.owner.executeQuery(
      (await import('kysely')).sql`
        WITH inv AS (
          INSERT INTO payment_invoices (tenant_id, id, number, agency_id, payer_id, description, fee_basis, amount, status, issued_at, expires_at, paid_at)
          SELECT ${tenantId}, gen_random_uuid(), 'TGH-B' || g, ${agencyId}, gen_random_uuid(), '{}', '{}', 5000, 'paid', now(), now(), now()
          FROM generate_series(1, 1960) g RETURNING id, number)
        , ev AS (
          INSERT INTO payment_gateway_events (tenant_id, gateway, event_id, gateway_ref, invoice_id, amount, channel, paid_at, outcome, received_at)
          SELECT ${tenantId}, 'sandbox', 'bulk-' || number, 'r-' || number, id, 5000, 'va', now(), 'credited', now() FROM inv RETURNING event_id, invoice_id)
        INSERT INTO payment_ledger (tenant_id, id, kind, invoice_id, agency_id, channel, gateway, gateway_event_id, amount, paid_at, business_date, booked_at)
        SELECT ${tenantId}, gen_random_uuid(), 'credit', invoice_id, ${agencyId}, 'va', 'sandbox', event_id, 5000, now(), ${day}::date, now() FROM ev`.compile(t.db.owner),
    );
    for (let g = 1; g <= 1960; g++) if (g !== 7) lines.push({ eventId: `bulk-TGH-B${g}`, gatewayRef: '', invoiceNumber: `TGH-B${g}`, channel: 'va', amount: g === 9 ? 5001 : 5000, paidAt: new Date() });
    const run = await reconcileDay(await tenantContextOf(t, 'makassar'), { day, gateway: reportOnlyGateway(() => lines) });
    expect(run).toMatchObject({ status: 'mismatches', ledgerCount: 2000, reportCount: 1999, items: 2 });
  });
});

describe('the daily job', () => {
  it('runs yesterday for every tenant with payments, records a failure and queues a retry', async () => {
    let now = new Date('2026-11-09T02:00:00Z'); // 09:00 WIB on the 9th
    const yesterday = dayBefore(businessDayOf(now));
    expect(yesterday).toBe('2026-11-08');
    const p = await pay(yesterday, 12_000);
    let answer: SettlementLine[] | Error = new Error('gateway timeout');
    const gateway = reportOnlyGateway(() => answer);
    const handlers = treasuryJobHandlers({ audit: t.audit, now: () => now, gatewayOf: async () => gateway });
    const runner = createJobRunner(t.db.app, handlers, { concurrency: 0, kinds: [RECONCILE_SWEEP_JOB, RECONCILE_JOB], now: () => now });
    await scheduleDailyReconciliation(t.db.app, new Date('2026-11-08T17:30:00Z')); // 00:30 WIB: runs at 01:00
    await scheduleDailyReconciliation(t.db.app, now); // the same day again: one sweep only
    // The runner's clock is the test's; jobs queued with the database's clock are made due by hand.
    const due = (kind: string) => t.db.owner.updateTable('jobs').set({ run_at: new Date(0) }).where('kind', '=', kind).where('state', '=', 'queued').execute();
    await due(RECONCILE_SWEEP_JOB);
    expect(await runner.runOnce()).toBe(true);
    await due(RECONCILE_JOB);
    expect(await runner.runOnce()).toBe(true);
    const runs = () => t.db.owner.selectFrom('payment_reconciliations').select(['status', 'failure']).where('tenant_id', '=', tenantId).where('business_date', '=', yesterday).orderBy('ran_at').execute();
    expect(await runs()).toEqual([{ status: 'failed', failure: 'gateway timeout' }]);
    expect(gateway.asked).toEqual([yesterday]);
    // Only tenants with payments were queued (the other demo tenants have none).
    const queued = await t.db.owner.selectFrom('jobs').select(['tenant_id', 'state', 'payload']).where('kind', '=', RECONCILE_JOB).execute();
    expect(new Set(queued.map((j) => j.tenant_id))).toEqual(new Set([tenantId]));
    const retry = queued.find((j) => j.state === 'queued');
    expect(retry?.payload).toMatchObject({ day: yesterday, gateway: 'sandbox', attempt: 1 });

    answer = [settlementLineOf(p)];
    now = new Date('2026-11-09T02:10:00Z'); // the retry's time
    await due(RECONCILE_JOB);
    expect(await runner.runOnce()).toBe(true);
    expect((await runs()).map((r) => r.status)).toEqual(['failed', 'clean']);
  });
});
