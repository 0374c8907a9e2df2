// SQL of what gateways told Gerbang and what it booked: the inbox of notices (stored before the gateway
// is answered, migration 0082), gateway events (each processed once: their key is the gateway's event
// id) and the ledger. Events and ledger are append-only; the database holds the rules that matter most
// (one credit per invoice, one entry per gateway event — migration 0060; one notice per event — 0082).
import { type DbOrTx, sql, type Tx } from '../../../db/index.js';
import type { PaymentChannelColumn, PaymentNotificationInboxTable } from '../../../db/schema-payments.js';
import type { PaymentNotice } from '../gateway.js';

export const TABLES = ['payment_gateway_events', 'payment_ledger', 'payment_notification_inbox'] as const;

/** 'received': stored and its job queued; 'duplicate': this event was stored before; 'unknown_invoice': nothing written. */
export type NoticeStored = 'received' | 'duplicate' | 'unknown_invoice';

/**
 * Stores an authenticated notice and queues its processing job, in ONE statement the caller sends on
 * its own (its implicit transaction is the whole write: one round trip, one commit). Migration 0082's
 * function sets the tenant for its statements (row-level security applies) and looks the invoice up
 * by number first: an unknown one writes nothing. Pass the database, not a transaction, for one round
 * trip; inside a transaction it works too and puts back the enclosing tenant setting.
 */
export async function insertNoticeOnce(
  db: DbOrTx,
  tenantId: string,
  n: PaymentNotice & { gateway: string; receivedAt: Date },
  job: { kind: string; maxAttempts: number },
): Promise<NoticeStored> {
  const { rows } = await sql<{ stored: NoticeStored }>`
    SELECT receive_payment_notice(${tenantId}::uuid, ${n.gateway}, ${n.eventId}, ${n.invoiceNumber}, ${n.gatewayRef},
      ${n.amount}::bigint, ${n.channel}, ${n.paidAt}::timestamptz, ${n.receivedAt}::timestamptz, ${job.kind}, ${job.maxAttempts}::integer) AS stored`.execute(db);
  return rows[0]!.stored;
}

export type NoticeRow = Pick<PaymentNotificationInboxTable, 'gateway' | 'status' | 'outcome'> & PaymentNotice & { invoiceId: string };

export async function selectNotice(trx: Tx, tenantId: string, gateway: string, eventId: string): Promise<NoticeRow | undefined> {
  return trx
    .selectFrom('payment_notification_inbox')
    .select(['gateway', 'event_id as eventId', 'gateway_ref as gatewayRef', 'invoice_id as invoiceId', 'invoice_number as invoiceNumber', 'amount', 'channel', 'paid_at as paidAt', 'status', 'outcome'])
    .where('tenant_id', '=', tenantId)
    .where('gateway', '=', gateway)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
}

/** How many of an invoice's notices are stored but not yet confirmed and booked (the payer's page says so). */
export async function countNoticesReceived(trx: Tx, tenantId: string, invoiceId: string): Promise<number> {
  const row = await trx
    .selectFrom('payment_notification_inbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .where('status', '=', 'received')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A received notice settled: 'processed' in the booking's transaction, or 'not_confirmed' with why. */
export async function updateNoticeSettled(trx: Tx, tenantId: string, gateway: string, eventId: string, s: { status: 'processed' | 'not_confirmed'; outcome: string; at: Date }): Promise<void> {
  await trx
    .updateTable('payment_notification_inbox')
    .set({ status: s.status, outcome: s.outcome, settled_at: s.at })
    .where('tenant_id', '=', tenantId)
    .where('gateway', '=', gateway)
    .where('event_id', '=', eventId)
    .where('status', '=', 'received')
    .execute();
}

export interface GatewayEventRow {
  gateway: string;
  eventId: string;
  gatewayRef: string;
  invoiceId: string | null;
  amount: number;
  channel: string;
  paidAt: Date;
  outcome: string;
  receivedAt: Date;
}

/**
 * What one notice books, in ONE statement (one round trip instead of five): the gateway event — once: a
 * replay inserts nothing and books nothing, and false is returned — the ledger entry, and for a credit
 * the invoice marked paid; the invoice's event either way. The caller holds the invoice's row lock, so
 * the invoice event's sequence number cannot be taken by another notice in between. (PostgreSQL checks
 * the ledger's foreign key to the event at the end of the statement, when both rows are there.)
 */
export async function insertBooking(
  trx: Tx,
  tenantId: string,
  b: { event: GatewayEventRow; entry: LedgerEntry; paid: { paidAt: Date; closedAt: Date } | null; invoiceEvent: { type: string; at: Date; detail: Record<string, unknown> } },
): Promise<boolean> {
  const { event: e, entry: l, paid, invoiceEvent: ie } = b;
  const { rows } = await sql<{ first: boolean }>`
    WITH ev AS (
      INSERT INTO payment_gateway_events (tenant_id, gateway, event_id, gateway_ref, invoice_id, amount, channel, paid_at, outcome, received_at)
      VALUES (${tenantId}, ${e.gateway}, ${e.eventId}, ${e.gatewayRef}, ${e.invoiceId}, ${e.amount}, ${e.channel}, ${e.paidAt}, ${e.outcome}, ${e.receivedAt})
      ON CONFLICT (tenant_id, gateway, event_id) DO NOTHING
      RETURNING event_id
    ), entry AS (
      INSERT INTO payment_ledger (tenant_id, id, kind, invoice_id, agency_id, service_id, channel, gateway, gateway_event_id, amount, reason, paid_at, business_date, booked_at, booked_by)
      SELECT ${tenantId}, ${l.id}, ${l.kind}, ${l.invoiceId}, ${l.agencyId}, ${l.serviceId}, ${l.channel}, ${l.gateway}, ev.event_id, ${l.amount}, ${l.reason}, ${l.paidAt}, ${l.businessDate}::date, ${l.bookedAt}, NULL
        FROM ev
    ), invoice AS (
      UPDATE payment_invoices
         SET status = 'paid', paid_at = ${paid?.paidAt ?? null}, closed_at = coalesce(closed_at, ${paid?.closedAt ?? null}), version = version + 1
       WHERE tenant_id = ${tenantId} AND id = ${l.invoiceId} AND ${paid !== null} AND EXISTS (SELECT 1 FROM ev)
    ), invoice_event AS (
      INSERT INTO payment_invoice_events (tenant_id, invoice_id, seq, type, at, actor_id, detail)
      SELECT ${tenantId}, ${l.invoiceId},
             (SELECT coalesce(max(seq), 0) + 1 FROM payment_invoice_events WHERE tenant_id = ${tenantId} AND invoice_id = ${l.invoiceId}),
             ${ie.type}, ${ie.at}, NULL, ${JSON.stringify(ie.detail)}::jsonb
        FROM ev
    )
    SELECT EXISTS (SELECT 1 FROM ev) AS first`.execute(trx);
  return rows[0]?.first === true;
}

export async function selectGatewayEventOutcome(trx: Tx, tenantId: string, gateway: string, eventId: string): Promise<string | undefined> {
  const row = await trx.selectFrom('payment_gateway_events').select('outcome').where('tenant_id', '=', tenantId).where('gateway', '=', gateway).where('event_id', '=', eventId).executeTakeFirst();
  return row?.outcome;
}

export interface LedgerEntry {
  id: string;
  kind: 'credit' | 'held';
  invoiceId: string;
  agencyId: string;
  serviceId: string | null;
  channel: PaymentChannelColumn;
  gateway: string;
  gatewayEventId: string;
  amount: number;
  reason: string | null;
  paidAt: Date;
  businessDate: string;
  bookedAt: Date;
}

/** The credit that paid an invoice (the receipt's facts), with the bill's reference. */
export async function selectCredit(trx: Tx, tenantId: string, invoiceId: string) {
  return trx
    .selectFrom('payment_ledger as l')
    .innerJoin('payment_gateway_events as g', (j) => j.onRef('g.tenant_id', '=', 'l.tenant_id').onRef('g.gateway', '=', 'l.gateway').onRef('g.event_id', '=', 'l.gateway_event_id'))
    .select(['l.channel', 'g.gateway_ref as gatewayRef', 'l.paid_at as paidAt', 'l.amount'])
    .where('l.tenant_id', '=', tenantId)
    .where('l.invoice_id', '=', invoiceId)
    .where('l.kind', '=', 'credit')
    .executeTakeFirst();
}

/** An invoice's ledger entries, in booking order (tests and the treasury read them). */
export async function selectLedgerOf(trx: Tx, tenantId: string, invoiceId: string) {
  return trx
    .selectFrom('payment_ledger')
    .select(['kind', 'amount', 'reason', 'gateway_event_id as gatewayEventId', 'channel', sql<string>`to_char(business_date, 'YYYY-MM-DD')`.as('businessDate')])
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('booked_at')
    .orderBy('id')
    .execute();
}
