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

/** Records a gateway event; false when it was recorded before (a replay: the caller changes nothing). */
export async function insertGatewayEvent(trx: Tx, tenantId: string, e: GatewayEventRow): Promise<boolean> {
  const row = await trx
    .insertInto('payment_gateway_events')
    .values({
      tenant_id: tenantId,
      gateway: e.gateway,
      event_id: e.eventId,
      gateway_ref: e.gatewayRef,
      invoice_id: e.invoiceId,
      amount: e.amount,
      channel: e.channel,
      paid_at: e.paidAt,
      outcome: e.outcome,
      received_at: e.receivedAt,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'gateway', 'event_id']).doNothing())
    .returning('event_id')
    .executeTakeFirst();
  return row !== undefined;
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

export async function insertLedgerEntry(trx: Tx, tenantId: string, e: LedgerEntry): Promise<void> {
  await trx
    .insertInto('payment_ledger')
    .values({
      tenant_id: tenantId,
      id: e.id,
      kind: e.kind,
      invoice_id: e.invoiceId,
      agency_id: e.agencyId,
      service_id: e.serviceId,
      channel: e.channel,
      gateway: e.gateway,
      gateway_event_id: e.gatewayEventId,
      amount: e.amount,
      reason: e.reason,
      paid_at: e.paidAt,
      business_date: e.businessDate,
      booked_at: e.bookedAt,
      booked_by: null,
    })
    .execute();
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
