// SQL of what gateways told Gerbang and what it booked: gateway events (each processed once: their key
// is the gateway's event id) and the ledger. Both append-only; the database holds the rules that
// matter most (one credit per invoice, one entry per gateway event — migration 0060).
import { sql, type Tx } from '../../../db/index.js';
import type { PaymentChannelColumn } from '../../../db/schema-payments.js';

export const TABLES = ['payment_gateway_events', 'payment_ledger'] as const;

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
