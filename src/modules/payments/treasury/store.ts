// SQL of the treasury (issue 19): the ledger read for reports and the kas daerah export, refunds
// appended to it, and the daily reconciliation runs with their items. Core writes the credits and held
// entries (migration 0060); this store only reads them, appends refunds (the unique index
// payment_ledger_one_refund makes a refund once per entry whatever the code does) and records
// reconciliations. Every function takes the tenant first; callers run inside `withTenant`.
import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../../db/index.js';
import type { PaymentChannel } from '../gateway.js';

export const TABLES = ['payment_ledger', 'payment_reconciliations', 'payment_reconciliation_items', 'payment_invoices', 'payment_invoice_events', 'payment_gateway_events', 'payment_settings', 'payment_notification_inbox'];

export type LedgerKind = 'credit' | 'held' | 'refund';
export type GroupBy = 'agency' | 'channel' | 'day';
export type MismatchKind = 'missing_in_ledger' | 'missing_in_report' | 'amount_differs';
export type ReconciliationStatus = 'clean' | 'mismatches' | 'failed';

/** The agencies a person may see; null: every agency of the tenant. */
export type AgencyScope = readonly string[] | null;

const inScope = (scope: AgencyScope) => (scope === null ? sql`true` : scope.length === 0 ? sql`false` : sql`l.agency_id = ANY(${[...scope]}::uuid[])`);

export interface ReportRow {
  key: string;
  payments: number;
  received: number;
  credited: number;
  held: number;
  refunded: number;
}

/**
 * Sums per agency, channel or business day between two days (inclusive). `received` is every rupiah
 * that came in (credits and held money), `refunded` what went back, as a positive number.
 */
export async function selectReport(db: DbOrTx, tenantId: string, q: { from: string; to: string; groupBy: GroupBy; scope: AgencyScope }): Promise<ReportRow[]> {
  const key = q.groupBy === 'agency' ? sql`l.agency_id::text` : q.groupBy === 'channel' ? sql`l.channel` : sql`to_char(l.business_date, 'YYYY-MM-DD')`;
  const { rows } = await sql<ReportRow>`
    SELECT ${key} AS key,
      count(*) FILTER (WHERE l.kind <> 'refund')::int AS payments,
      coalesce(sum(l.amount) FILTER (WHERE l.kind <> 'refund'), 0)::bigint AS received,
      coalesce(sum(l.amount) FILTER (WHERE l.kind = 'credit'), 0)::bigint AS credited,
      coalesce(sum(l.amount) FILTER (WHERE l.kind = 'held'), 0)::bigint AS held,
      coalesce(-sum(l.amount) FILTER (WHERE l.kind = 'refund'), 0)::bigint AS refunded
    FROM payment_ledger l
    WHERE l.tenant_id = ${tenantId} AND l.business_date BETWEEN ${q.from}::date AND ${q.to}::date AND ${inScope(q.scope)}
    GROUP BY 1 ORDER BY 1`.execute(db);
  return rows;
}

export interface LedgerLine {
  id: string;
  kind: LedgerKind;
  businessDate: string;
  paidAt: Date;
  invoiceNumber: string;
  agencyId: string;
  serviceId: string | null;
  channel: PaymentChannel;
  gateway: string;
  gatewayRef: string | null;
  amount: number;
  reason: string | null;
  refundOf: string | null;
  refunded: boolean;
}

const LINE_COLUMNS = sql`
  l.id, l.kind, to_char(l.business_date, 'YYYY-MM-DD') AS "businessDate", l.paid_at AS "paidAt", i.number AS "invoiceNumber",
  l.agency_id AS "agencyId", l.service_id AS "serviceId", l.channel, l.gateway,
  coalesce(e.gateway_ref, re.gateway_ref) AS "gatewayRef", l.amount, l.reason, l.refund_of AS "refundOf",
  EXISTS (SELECT 1 FROM payment_ledger r WHERE r.tenant_id = l.tenant_id AND r.refund_of = l.id) AS refunded`;

// The gateway's reference comes from the event that brought the money; a refund shows its entry's.
const LINE_JOINS = sql`
  JOIN payment_invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id
  LEFT JOIN payment_gateway_events e ON e.tenant_id = l.tenant_id AND e.gateway = l.gateway AND e.event_id = l.gateway_event_id
  LEFT JOIN payment_ledger src ON src.tenant_id = l.tenant_id AND src.id = l.refund_of
  LEFT JOIN payment_gateway_events re ON re.tenant_id = l.tenant_id AND re.gateway = src.gateway AND re.event_id = src.gateway_event_id`;

/** Every ledger entry between two days, in booking order (the kas daerah export). */
export async function selectLedgerLines(db: DbOrTx, tenantId: string, q: { from: string; to: string; scope: AgencyScope }): Promise<LedgerLine[]> {
  const { rows } = await sql<LedgerLine>`
    SELECT ${LINE_COLUMNS} FROM payment_ledger l ${LINE_JOINS}
    WHERE l.tenant_id = ${tenantId} AND l.business_date BETWEEN ${q.from}::date AND ${q.to}::date AND ${inScope(q.scope)}
    ORDER BY l.business_date, l.booked_at, l.id`.execute(db);
  return rows;
}

/** Held money not yet returned, oldest first (what the treasurer has to refund or decide). */
export async function selectHeldOpen(db: DbOrTx, tenantId: string, scope: AgencyScope, limit: number): Promise<LedgerLine[]> {
  const { rows } = await sql<LedgerLine>`
    SELECT ${LINE_COLUMNS} FROM payment_ledger l ${LINE_JOINS}
    WHERE l.tenant_id = ${tenantId} AND l.kind = 'held' AND ${inScope(scope)}
      AND NOT EXISTS (SELECT 1 FROM payment_ledger r WHERE r.tenant_id = l.tenant_id AND r.refund_of = l.id)
    ORDER BY l.paid_at, l.id LIMIT ${limit}`.execute(db);
  return rows;
}

/** A gateway's notice that credited nothing (yet): not confirmed by the gateway, or still waiting for it. */
export interface NoticeNotCredited {
  gateway: string;
  eventId: string;
  invoiceNumber: string;
  amount: number;
  channel: PaymentChannel;
  receivedAt: Date;
  status: 'received' | 'not_confirmed';
  reason: string | null;
}

/**
 * Notices the gateway's status query did not confirm, and those still unconfirmed after `waitingSince`
 * (the gateway away longer than the job's first retries), oldest first, of the agencies in scope.
 */
export async function selectNoticesNotCredited(db: DbOrTx, tenantId: string, scope: AgencyScope, waitingSince: Date, limit: number): Promise<NoticeNotCredited[]> {
  const { rows } = await sql<NoticeNotCredited>`
    SELECT n.gateway, n.event_id AS "eventId", n.invoice_number AS "invoiceNumber", n.amount, n.channel, n.received_at AS "receivedAt", n.status, n.outcome AS reason
      FROM payment_notification_inbox n
      JOIN payment_invoices l ON l.tenant_id = n.tenant_id AND l.id = n.invoice_id
     WHERE n.tenant_id = ${tenantId} AND n.status <> 'processed' AND ${inScope(scope)}
       AND (n.status = 'not_confirmed' OR n.received_at < ${waitingSince})
     ORDER BY n.received_at, n.event_id LIMIT ${limit}`.execute(db);
  return rows;
}

/** One entry by its id, or the money entry (credit, else the first held) of an invoice by its number. */
export async function selectLedgerEntry(db: DbOrTx, tenantId: string, by: { id: string } | { invoiceNumber: string }): Promise<(LedgerLine & { invoiceId: string }) | undefined> {
  const where = 'id' in by ? sql`l.id = ${by.id}::uuid` : sql`i.number = ${by.invoiceNumber} AND l.kind <> 'refund'`;
  const { rows } = await sql<LedgerLine & { invoiceId: string }>`
    SELECT ${LINE_COLUMNS}, l.invoice_id AS "invoiceId" FROM payment_ledger l ${LINE_JOINS}
    WHERE l.tenant_id = ${tenantId} AND ${where}
    ORDER BY (l.kind = 'credit') DESC, l.paid_at, l.id LIMIT 1`.execute(db);
  return rows[0];
}

export interface RefundRow {
  id: string;
  refundOf: LedgerLine & { invoiceId: string };
  reason: string;
  at: Date;
  businessDate: string;
  bookedBy: string | null;
}

/** Appends the refund (negative); false when the entry was refunded already (the unique index decides). */
export async function insertRefund(trx: Tx, tenantId: string, row: RefundRow): Promise<boolean> {
  const e = row.refundOf;
  const result = await sql`
    INSERT INTO payment_ledger (tenant_id, id, kind, invoice_id, agency_id, service_id, channel, gateway, gateway_event_id, refund_of, amount, reason, paid_at, business_date, booked_at, booked_by)
    VALUES (${tenantId}, ${row.id}, 'refund', ${e.invoiceId}, ${e.agencyId}, ${e.serviceId}, ${e.channel}, ${e.gateway}, NULL, ${e.id}, ${-e.amount}, ${row.reason}, ${row.at}, ${row.businessDate}::date, ${row.at}, ${row.bookedBy})
    ON CONFLICT (tenant_id, refund_of) WHERE kind = 'refund' DO NOTHING`.execute(trx);
  if (Number(result.numAffectedRows ?? 0) === 0) return false;
  // The invoice's history says it was refunded (its sequence continues where core left it).
  await sql`
    INSERT INTO payment_invoice_events (tenant_id, invoice_id, seq, type, at, actor_id, detail)
    SELECT ${tenantId}, ${e.invoiceId}, coalesce(max(seq), 0) + 1, 'refunded', ${row.at}, ${row.bookedBy},
      ${JSON.stringify({ entryId: row.id, refundOf: e.id, amount: e.amount })}::jsonb
    FROM payment_invoice_events WHERE tenant_id = ${tenantId} AND invoice_id = ${e.invoiceId}`.execute(trx);
  return true;
}

export interface ReportLineInput {
  eventId: string;
  amount: number;
  invoiceNumber: string;
}

export interface RunSummary {
  id: string;
  gateway: string;
  businessDate: string;
  ranAt: Date;
  status: ReconciliationStatus;
  ledgerCount: number;
  ledgerAmount: number;
  reportCount: number;
  reportAmount: number;
  failure: string | null;
  items: number;
  unresolved: number;
}

/**
 * One reconciliation run in one statement: the report (unnest of three arrays — the statement is the
 * same for any size) FULL JOINed with the day's credit and held entries on the gateway event id; the
 * run row and its items inserted together, so a run never exists without its items. Resolutions of
 * the same item in the day's previous run carry over, so re-running a day loses no treasurer's note.
 */
export async function insertReconciliation(trx: Tx, tenantId: string, run: { id: string; gateway: string; day: string; ranAt: Date; report: readonly ReportLineInput[] }): Promise<RunSummary> {
  const ids = run.report.map((l) => l.eventId);
  const amounts = run.report.map((l) => l.amount);
  const numbers = run.report.map((l) => l.invoiceNumber);
  const reportAmount = amounts.reduce((a, b) => a + b, 0);
  const { rows } = await sql<RunSummary>`
    WITH report AS (
      -- A line listed twice sums up, so the duplicate shows as a difference rather than vanishing.
      SELECT event_id, sum(amount)::bigint AS amount, min(invoice_number) AS invoice_number
      FROM unnest(${ids}::text[], ${amounts}::bigint[], ${numbers}::text[]) AS r(event_id, amount, invoice_number)
      GROUP BY event_id
    ), ledger AS (
      SELECT l.gateway_event_id AS event_id, l.amount, i.number AS invoice_number
      FROM payment_ledger l JOIN payment_invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id
      WHERE l.tenant_id = ${tenantId} AND l.gateway = ${run.gateway} AND l.business_date = ${run.day}::date AND l.kind IN ('credit', 'held')
    ), diff AS (
      SELECT coalesce(l.event_id, r.event_id) AS event_id,
        CASE WHEN l.event_id IS NULL THEN 'missing_in_ledger' WHEN r.event_id IS NULL THEN 'missing_in_report' ELSE 'amount_differs' END AS kind,
        coalesce(l.invoice_number, r.invoice_number) AS invoice_number, l.amount AS ledger_amount, r.amount AS report_amount
      FROM ledger l FULL JOIN report r ON r.event_id = l.event_id
      WHERE l.event_id IS NULL OR r.event_id IS NULL OR l.amount <> r.amount
    ), previous AS (
      SELECT p.gateway_event_id, p.kind, p.resolved_at, p.resolved_by, p.resolution
      FROM payment_reconciliation_items p
      WHERE p.tenant_id = ${tenantId} AND p.resolved_at IS NOT NULL AND p.reconciliation_id = (
        SELECT id FROM payment_reconciliations
        WHERE tenant_id = ${tenantId} AND gateway = ${run.gateway} AND business_date = ${run.day}::date AND status <> 'failed'
        ORDER BY ran_at DESC LIMIT 1)
    ), new_run AS (
      INSERT INTO payment_reconciliations (tenant_id, id, gateway, business_date, ran_at, status, ledger_count, ledger_amount, report_count, report_amount, failure)
      SELECT ${tenantId}, ${run.id}, ${run.gateway}, ${run.day}::date, ${run.ranAt},
        CASE WHEN EXISTS (SELECT 1 FROM diff) THEN 'mismatches' ELSE 'clean' END,
        (SELECT count(*) FROM ledger), (SELECT coalesce(sum(amount), 0) FROM ledger), ${run.report.length}, ${reportAmount}, NULL
      RETURNING status, ledger_count, ledger_amount
    ), new_items AS (
      INSERT INTO payment_reconciliation_items (tenant_id, reconciliation_id, seq, kind, gateway_event_id, invoice_number, ledger_amount, report_amount, resolved_at, resolved_by, resolution)
      SELECT ${tenantId}, ${run.id}, row_number() OVER (ORDER BY d.kind, d.event_id), d.kind, d.event_id, d.invoice_number, d.ledger_amount, d.report_amount,
        p.resolved_at, p.resolved_by, p.resolution
      FROM diff d LEFT JOIN previous p ON p.gateway_event_id = d.event_id AND p.kind = d.kind
      RETURNING resolved_at
    )
    SELECT ${run.id}::uuid AS id, ${run.gateway} AS gateway, ${run.day} AS "businessDate", ${run.ranAt}::timestamptz AS "ranAt", n.status,
      n.ledger_count AS "ledgerCount", n.ledger_amount AS "ledgerAmount", ${run.report.length}::int AS "reportCount", ${reportAmount}::bigint AS "reportAmount",
      NULL AS failure, (SELECT count(*) FROM new_items)::int AS items, (SELECT count(*) FROM new_items WHERE resolved_at IS NULL)::int AS unresolved
    FROM new_run n`.execute(trx);
  return rows[0]!;
}

/** A run that could not compare: the gateway did not answer (the ledger side is still counted). */
export async function insertFailedReconciliation(trx: Tx, tenantId: string, run: { id: string; gateway: string; day: string; ranAt: Date; failure: string }): Promise<RunSummary> {
  const { rows } = await sql<RunSummary>`
    INSERT INTO payment_reconciliations (tenant_id, id, gateway, business_date, ran_at, status, ledger_count, ledger_amount, report_count, report_amount, failure)
    SELECT ${tenantId}, ${run.id}, ${run.gateway}, ${run.day}::date, ${run.ranAt}, 'failed', count(*), coalesce(sum(l.amount), 0), 0, 0, ${run.failure}
    FROM payment_ledger l
    WHERE l.tenant_id = ${tenantId} AND l.gateway = ${run.gateway} AND l.business_date = ${run.day}::date AND l.kind IN ('credit', 'held')
    RETURNING id, gateway, to_char(business_date, 'YYYY-MM-DD') AS "businessDate", ran_at AS "ranAt", status, ledger_count AS "ledgerCount",
      ledger_amount AS "ledgerAmount", report_count AS "reportCount", report_amount AS "reportAmount", failure, 0 AS items, 0 AS unresolved`.execute(trx);
  return rows[0]!;
}

const RUN_COLUMNS = sql`
  r.id, r.gateway, to_char(r.business_date, 'YYYY-MM-DD') AS "businessDate", r.ran_at AS "ranAt", r.status,
  r.ledger_count AS "ledgerCount", r.ledger_amount AS "ledgerAmount", r.report_count AS "reportCount", r.report_amount AS "reportAmount", r.failure,
  (SELECT count(*) FROM payment_reconciliation_items i WHERE i.tenant_id = r.tenant_id AND i.reconciliation_id = r.id)::int AS items,
  (SELECT count(*) FROM payment_reconciliation_items i WHERE i.tenant_id = r.tenant_id AND i.reconciliation_id = r.id AND i.resolved_at IS NULL)::int AS unresolved`;

/** The newest run of each gateway and day between two days, newest day first. */
export async function selectLatestRuns(db: DbOrTx, tenantId: string, q: { from: string; to: string }): Promise<RunSummary[]> {
  const { rows } = await sql<RunSummary>`
    SELECT ${RUN_COLUMNS} FROM (
      SELECT DISTINCT ON (gateway, business_date) * FROM payment_reconciliations
      WHERE tenant_id = ${tenantId} AND business_date BETWEEN ${q.from}::date AND ${q.to}::date
      ORDER BY gateway, business_date, ran_at DESC
    ) r ORDER BY r.business_date DESC, r.gateway`.execute(db);
  return rows;
}

export async function selectRun(db: DbOrTx, tenantId: string, id: string): Promise<RunSummary | undefined> {
  const { rows } = await sql<RunSummary>`SELECT ${RUN_COLUMNS} FROM payment_reconciliations r WHERE r.tenant_id = ${tenantId} AND r.id = ${id}::uuid`.execute(db);
  return rows[0];
}

export interface MismatchRow {
  seq: number;
  kind: MismatchKind;
  gatewayEventId: string;
  invoiceNumber: string | null;
  ledgerAmount: number | null;
  reportAmount: number | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: string | null;
}

export function selectMismatches(db: DbOrTx, tenantId: string, runId: string): Promise<MismatchRow[]> {
  return db
    .selectFrom('payment_reconciliation_items')
    .select([
      'seq',
      'kind',
      'gateway_event_id as gatewayEventId',
      'invoice_number as invoiceNumber',
      'ledger_amount as ledgerAmount',
      'report_amount as reportAmount',
      'resolved_at as resolvedAt',
      'resolved_by as resolvedBy',
      'resolution',
    ])
    .where('tenant_id', '=', tenantId)
    .where('reconciliation_id', '=', runId)
    .orderBy('seq')
    .execute();
}

/** Resolves an open item; false when there is no such item or it was resolved already. */
export async function updateMismatchResolved(trx: Tx, tenantId: string, runId: string, seq: number, r: { at: Date; by: string; note: string }): Promise<boolean> {
  const result = await trx
    .updateTable('payment_reconciliation_items')
    .set({ resolved_at: r.at, resolved_by: r.by, resolution: r.note })
    .where('tenant_id', '=', tenantId)
    .where('reconciliation_id', '=', runId)
    .where('seq', '=', seq)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The gateways to reconcile for a day: the tenant's configured one and any the day's ledger names. */
export async function selectGatewaysToReconcile(db: DbOrTx, tenantId: string, day: string): Promise<string[]> {
  const { rows } = await sql<{ gateway: string }>`
    SELECT gateway FROM payment_settings WHERE tenant_id = ${tenantId}
    UNION
    SELECT DISTINCT gateway FROM payment_ledger WHERE tenant_id = ${tenantId} AND business_date = ${day}::date AND kind <> 'refund'
    ORDER BY 1`.execute(db);
  return rows.map((r) => r.gateway);
}

/** Whether the tenant takes payments at all: gateway settings saved or anything in its ledger. */
export async function selectTenantTakesPayments(db: DbOrTx, tenantId: string): Promise<boolean> {
  const { rows } = await sql<{ takes: boolean }>`
    SELECT EXISTS (SELECT 1 FROM payment_settings WHERE tenant_id = ${tenantId})
      OR EXISTS (SELECT 1 FROM payment_ledger WHERE tenant_id = ${tenantId}) AS takes`.execute(db);
  return rows[0]?.takes === true;
}

export interface CreditFeedRow {
  id: string;
  agencyId: string;
  serviceId: string | null;
  amount: number;
  paidAt: Date;
  bookedAt: Date;
}

/**
 * Credits (one per paid invoice) booked after `after` (by booked_at, then id), oldest first, at most
 * `limit` — what the public dashboard counts as payments collected (served by the index
 * payment_ledger_credits_booked, migration 0100).
 */
export async function selectCreditsBookedAfter(db: DbOrTx, tenantId: string, after: { bookedAt: Date; id: string } | undefined, limit: number): Promise<CreditFeedRow[]> {
  const { rows } = await sql<{ id: string; agency_id: string; service_id: string | null; amount: string; paid_at: Date; booked_at: Date }>`
    SELECT id, agency_id, service_id, amount, paid_at, booked_at FROM payment_ledger
     WHERE tenant_id = ${tenantId} AND kind = 'credit'
       AND ${after ? sql`(booked_at, id) > (${after.bookedAt}, ${after.id}::uuid)` : sql`true`}
     ORDER BY booked_at, id LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ id: r.id, agencyId: r.agency_id, serviceId: r.service_id, amount: Number(r.amount), paidAt: r.paid_at, bookedAt: r.booked_at }));
}
