// Ledger rows for the treasury's tests and bench, written straight into migration 0060's tables (as
// the owner, past row-level security): a paid invoice, the gateway event that paid it and its credit
// or held entry. The payments core books these through its notification endpoint; the treasury only
// reads them, so its tests need not wait for that path.
import { randomUUID } from 'node:crypto';
import type { Db } from '../src/db/index.js';
import type { PaymentGateway, SettlementLine } from '../src/modules/payments/gateway.js';

export interface SeededPayment {
  invoiceId: string;
  invoiceNumber: string;
  entryId: string;
  eventId: string;
  gatewayRef: string;
  amount: number;
}

export interface PaymentSpec {
  tenantId: string;
  agencyId: string;
  serviceId?: string | null;
  /** Business day (Asia/Jakarta), YYYY-MM-DD; paid at 10:00 WIB that day. */
  day: string;
  amount: number;
  channel?: 'va' | 'qris' | 'ewallet';
  gateway?: string;
  kind?: 'credit' | 'held';
  reason?: string;
  invoiceNumber?: string;
}

let counter = 0;

/** One paid invoice with its gateway event and ledger entry. */
export async function seedPayment(owner: Db, spec: PaymentSpec): Promise<SeededPayment> {
  const invoiceId = randomUUID();
  const entryId = randomUUID();
  counter++;
  const invoiceNumber = spec.invoiceNumber ?? `TGH-${String(counter).padStart(4, '0')}-${randomUUID().slice(0, 4).toUpperCase()}`;
  const eventId = `evt-${randomUUID()}`;
  const gatewayRef = `ref-${randomUUID().slice(0, 8)}`;
  const gateway = spec.gateway ?? 'sandbox';
  const channel = spec.channel ?? 'va';
  const paidAt = new Date(`${spec.day}T10:00:00+07:00`);
  await owner
    .insertInto('payment_invoices')
    .values({
      tenant_id: spec.tenantId,
      id: invoiceId,
      number: invoiceNumber,
      agency_id: spec.agencyId,
      service_id: spec.serviceId ?? null,
      payer_id: randomUUID(),
      description: JSON.stringify({ id: 'Retribusi uji', en: 'Test fee' }),
      fee_basis: JSON.stringify({ rule: 'flat' }),
      amount: spec.amount,
      status: 'paid',
      issued_at: new Date(paidAt.getTime() - 3600_000),
      expires_at: new Date(paidAt.getTime() + 72 * 3600_000),
      paid_at: paidAt,
    })
    .execute();
  await owner
    .insertInto('payment_gateway_events')
    .values({ tenant_id: spec.tenantId, gateway, event_id: eventId, gateway_ref: gatewayRef, invoice_id: invoiceId, amount: spec.amount, channel, paid_at: paidAt, outcome: spec.kind === 'held' ? 'amount_mismatch' : 'credited', received_at: paidAt })
    .execute();
  await owner
    .insertInto('payment_ledger')
    .values({
      tenant_id: spec.tenantId,
      id: entryId,
      kind: spec.kind ?? 'credit',
      invoice_id: invoiceId,
      agency_id: spec.agencyId,
      service_id: spec.serviceId ?? null,
      channel,
      gateway,
      gateway_event_id: eventId,
      refund_of: null,
      amount: spec.amount,
      reason: spec.kind === 'held' ? (spec.reason ?? 'amount_mismatch') : null,
      paid_at: paidAt,
      business_date: spec.day,
      booked_at: paidAt,
      booked_by: null,
    })
    .execute();
  return { invoiceId, invoiceNumber, entryId, eventId, gatewayRef, amount: spec.amount };
}

/** The settlement report line a gateway would list for a seeded payment. */
export function settlementLineOf(p: SeededPayment, channel: 'va' | 'qris' | 'ewallet' = 'va'): SettlementLine {
  return { eventId: p.eventId, gatewayRef: p.gatewayRef, invoiceNumber: p.invoiceNumber, channel, amount: p.amount, paidAt: new Date() };
}

/** A gateway that only answers settlement reports: whatever `report` gives for the day (or its error). */
export function reportOnlyGateway(report: (day: string) => SettlementLine[] | Error, name = 'sandbox'): PaymentGateway & { asked: string[] } {
  const asked: string[] = [];
  const no = () => Promise.reject(new Error('not used'));
  return {
    name,
    asked,
    channels: ['va', 'qris', 'ewallet'],
    createBill: no,
    cancelBill: no,
    queryStatus: no,
    verifyNotification: () => ({ ok: false, reason: 'malformed' }),
    answer: () => ({ status: 200, body: {} }),
    async settlementReport(day) {
      asked.push(day);
      const lines = report(day);
      if (lines instanceof Error) throw lines;
      return lines;
    },
  };
}
