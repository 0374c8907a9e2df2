// SQL of the sandbox gateway's own books (migration 0061): the bills it issued, the payments its
// simulated bank took and its notification attempts. Only the sandbox reads these — Gerbang's own
// records of the same money are the payment tables of 0060, as they would be with a real bank.
import { sql, type Tx } from '../../../../db/index.js';
import type { PaymentSandboxBillTable } from '../../../../db/schema-payments-sandbox.js';

export const TABLES = ['payment_sandbox_bills', 'payment_sandbox_payments', 'payment_sandbox_notifications'] as const;

export interface SandboxBill {
  gatewayRef: string;
  invoiceNumber: string;
  channel: PaymentSandboxBillTable['channel'];
  amount: number;
  vaNumber: string | null;
  qrisPayload: string | null;
  checkoutUrl: string | null;
  state: PaymentSandboxBillTable['state'];
  issuedAt: Date;
  expiresAt: Date;
}

const billColumns = [
  'gateway_ref as gatewayRef',
  'invoice_number as invoiceNumber',
  'channel',
  'amount',
  'va_number as vaNumber',
  'qris_payload as qrisPayload',
  'checkout_url as checkoutUrl',
  'state',
  'issued_at as issuedAt',
  'expires_at as expiresAt',
] as const;

/** Stores a new bill, or returns the one the invoice already has on the channel (a retried issue). */
export async function insertSandboxBill(trx: Tx, tenantId: string, bill: SandboxBill): Promise<SandboxBill> {
  await trx
    .insertInto('payment_sandbox_bills')
    .values({
      tenant_id: tenantId,
      gateway_ref: bill.gatewayRef,
      invoice_number: bill.invoiceNumber,
      channel: bill.channel,
      amount: bill.amount,
      va_number: bill.vaNumber,
      qris_payload: bill.qrisPayload,
      checkout_url: bill.checkoutUrl,
      state: bill.state,
      issued_at: bill.issuedAt,
      expires_at: bill.expiresAt,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'invoice_number', 'channel']).doNothing())
    .execute();
  return (await selectSandboxBill(trx, tenantId, { invoiceNumber: bill.invoiceNumber, channel: bill.channel }))!;
}

export async function selectSandboxBill(
  trx: Tx,
  tenantId: string,
  by: { gatewayRef: string } | { vaNumber: string } | { qrisPayload: string } | { invoiceNumber: string; channel: SandboxBill['channel'] },
  lock = false,
): Promise<SandboxBill | undefined> {
  let q = trx.selectFrom('payment_sandbox_bills').select(billColumns).where('tenant_id', '=', tenantId);
  if ('gatewayRef' in by) q = q.where('gateway_ref', '=', by.gatewayRef);
  else if ('vaNumber' in by) q = q.where('va_number', '=', by.vaNumber);
  else if ('qrisPayload' in by) q = q.where('qris_payload', '=', by.qrisPayload);
  else q = q.where('invoice_number', '=', by.invoiceNumber).where('channel', '=', by.channel);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export async function updateSandboxBillState(trx: Tx, tenantId: string, gatewayRef: string, state: SandboxBill['state']): Promise<void> {
  await trx.updateTable('payment_sandbox_bills').set({ state }).where('tenant_id', '=', tenantId).where('gateway_ref', '=', gatewayRef).execute();
}

export interface SandboxPayment {
  eventId: string;
  gatewayRef: string;
  amount: number;
  paidAt: Date;
  businessDate: string;
}

export async function insertSandboxPayment(trx: Tx, tenantId: string, p: SandboxPayment): Promise<void> {
  await trx
    .insertInto('payment_sandbox_payments')
    .values({ tenant_id: tenantId, event_id: p.eventId, gateway_ref: p.gatewayRef, amount: p.amount, paid_at: p.paidAt, business_date: p.businessDate })
    .execute();
}

const paymentColumns = ['p.event_id as eventId', 'p.gateway_ref as gatewayRef', 'p.amount', 'p.paid_at as paidAt', sql<string>`to_char(p.business_date, 'YYYY-MM-DD')`.as('businessDate')] as const;

/** The payments against one bill, or of one settlement day, with their bill. */
export async function selectSandboxPayments(trx: Tx, tenantId: string, by: { gatewayRef: string } | { day: string } | { eventId: string }) {
  let q = trx
    .selectFrom('payment_sandbox_payments as p')
    .innerJoin('payment_sandbox_bills as b', (j) => j.onRef('b.tenant_id', '=', 'p.tenant_id').onRef('b.gateway_ref', '=', 'p.gateway_ref'))
    .select([...paymentColumns, 'b.invoice_number as invoiceNumber', 'b.channel'])
    .where('p.tenant_id', '=', tenantId);
  if ('gatewayRef' in by) q = q.where('p.gateway_ref', '=', by.gatewayRef);
  else if ('eventId' in by) q = q.where('p.event_id', '=', by.eventId);
  else q = q.where('p.business_date', '=', by.day);
  return q.orderBy('p.paid_at').orderBy('p.event_id').execute();
}

export async function insertNotificationAttempt(trx: Tx, tenantId: string, attempt: { eventId: string; sentAt: Date; status: number | null; error: string | null }): Promise<void> {
  await trx
    .insertInto('payment_sandbox_notifications')
    .values({
      tenant_id: tenantId,
      event_id: attempt.eventId,
      attempt: sql<number>`(select coalesce(max(attempt), 0) + 1 from payment_sandbox_notifications where tenant_id = ${tenantId} and event_id = ${attempt.eventId})`,
      sent_at: attempt.sentAt,
      status: attempt.status,
      error: attempt.error,
    })
    .execute();
}
