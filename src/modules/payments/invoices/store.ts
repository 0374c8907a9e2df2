// SQL of invoices (tagihan), the bills that say how to pay them, their history and the tenant's payment
// settings. Every function takes the tenant first and runs inside withTenant() (row-level security
// checks it again). Money is integer rupiah.
import { sql, type Tx } from '../../../db/index.js';
import type { Bilingual, InvoiceStatus, PaymentChannelColumn } from '../../../db/schema-payments.js';

/** The payment tables this store touches (the ledger and gateway events: notifications/store.ts). */
export const TABLES = ['payment_settings', 'payment_invoices', 'payment_bills', 'payment_invoice_events'] as const;

export interface InvoiceRow {
  id: string;
  number: string;
  applicationId: string | null;
  stepId: string | null;
  agencyId: string;
  serviceId: string | null;
  serviceVersionId: string | null;
  payerId: string;
  description: Bilingual;
  feeBasis: Record<string, unknown>;
  amount: number;
  status: InvoiceStatus;
  issuedAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  closedAt: Date | null;
  cancelReason: string | null;
  replacesId: string | null;
  issuedBy: string | null;
  version: number;
}

const invoiceColumns = [
  'id',
  'number',
  'application_id as applicationId',
  'step_id as stepId',
  'agency_id as agencyId',
  'service_id as serviceId',
  'service_version_id as serviceVersionId',
  'payer_id as payerId',
  'description',
  'fee_basis as feeBasis',
  'amount',
  'status',
  'issued_at as issuedAt',
  'expires_at as expiresAt',
  'paid_at as paidAt',
  'closed_at as closedAt',
  'cancel_reason as cancelReason',
  'replaces_id as replacesId',
  'issued_by as issuedBy',
  'version',
] as const;

export async function selectSettingsRow(trx: Tx, tenantId: string) {
  return trx.selectFrom('payment_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export type NewInvoice = Omit<InvoiceRow, 'paidAt' | 'closedAt' | 'cancelReason' | 'version' | 'status'>;

export async function insertInvoice(trx: Tx, tenantId: string, row: NewInvoice): Promise<void> {
  await trx
    .insertInto('payment_invoices')
    .values({
      tenant_id: tenantId,
      id: row.id,
      number: row.number,
      application_id: row.applicationId,
      step_id: row.stepId,
      agency_id: row.agencyId,
      service_id: row.serviceId,
      service_version_id: row.serviceVersionId,
      payer_id: row.payerId,
      description: JSON.stringify(row.description),
      fee_basis: JSON.stringify(row.feeBasis),
      amount: row.amount,
      status: 'open',
      issued_at: row.issuedAt,
      expires_at: row.expiresAt,
      replaces_id: row.replacesId,
      issued_by: row.issuedBy,
    })
    .execute();
}

/** An invoice by its number or id (with its row lock when `lock`: every change of an invoice takes it first). */
export async function selectInvoice(trx: Tx, tenantId: string, by: { number: string } | { id: string }, lock = false): Promise<InvoiceRow | undefined> {
  let query = trx.selectFrom('payment_invoices').select(invoiceColumns).where('tenant_id', '=', tenantId);
  query = 'number' in by ? query.where('number', '=', by.number) : query.where('id', '=', by.id);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** An application's invoices, the newest first. */
export async function selectInvoicesOfApplication(trx: Tx, tenantId: string, applicationId: string): Promise<InvoiceRow[]> {
  return trx.selectFrom('payment_invoices').select(invoiceColumns).where('tenant_id', '=', tenantId).where('application_id', '=', applicationId).orderBy('issued_at', 'desc').execute();
}

export async function updateInvoice(
  trx: Tx,
  tenantId: string,
  id: string,
  patch: { status: InvoiceStatus; paidAt?: Date | null; closedAt?: Date | null; cancelReason?: string | null },
): Promise<void> {
  await trx
    .updateTable('payment_invoices')
    .set({
      status: patch.status,
      ...(patch.paidAt !== undefined ? { paid_at: patch.paidAt } : {}),
      ...(patch.closedAt !== undefined ? { closed_at: patch.closedAt } : {}),
      ...(patch.cancelReason !== undefined ? { cancel_reason: patch.cancelReason } : {}),
      version: sql<number>`version + 1`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Open invoices whose time ran out, oldest first (the expiry job marks them). */
export async function selectExpiredOpenIds(trx: Tx, tenantId: string, now: Date, limit: number): Promise<string[]> {
  const rows = await trx
    .selectFrom('payment_invoices')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

export interface InvoiceEventRow {
  seq: number;
  type: string;
  at: Date;
  actorId: string | null;
  detail: Record<string, unknown>;
}

/** Appends to an invoice's history (the caller holds the invoice's row lock, so `seq` is free). */
export async function insertInvoiceEvent(trx: Tx, tenantId: string, invoiceId: string, event: Omit<InvoiceEventRow, 'seq'>): Promise<void> {
  await trx
    .insertInto('payment_invoice_events')
    .values({
      tenant_id: tenantId,
      invoice_id: invoiceId,
      seq: sql<number>`(select coalesce(max(seq), 0) + 1 from payment_invoice_events where tenant_id = ${tenantId} and invoice_id = ${invoiceId})`,
      type: event.type,
      at: event.at,
      actor_id: event.actorId,
      detail: JSON.stringify(event.detail),
    })
    .execute();
}

export async function selectInvoiceEvents(trx: Tx, tenantId: string, invoiceId: string): Promise<InvoiceEventRow[]> {
  return trx
    .selectFrom('payment_invoice_events')
    .select(['seq', 'type', 'at', 'actor_id as actorId', 'detail'])
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('seq')
    .execute();
}

export interface BillRow {
  channel: PaymentChannelColumn;
  gateway: string;
  gatewayRef: string;
  bankName: string | null;
  vaNumber: string | null;
  qrisPayload: string | null;
  checkoutUrl: string | null;
  issuedAt: Date;
  expiresAt: Date;
}

export async function selectBills(trx: Tx, tenantId: string, invoiceId: string): Promise<BillRow[]> {
  return trx
    .selectFrom('payment_bills')
    .select(['channel', 'gateway', 'gateway_ref as gatewayRef', 'bank_name as bankName', 'va_number as vaNumber', 'qris_payload as qrisPayload', 'checkout_url as checkoutUrl', 'issued_at as issuedAt', 'expires_at as expiresAt'])
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('channel')
    .execute();
}

/** Stores a bill the gateway issued; false when the invoice already has one on the channel. */
export async function insertBill(trx: Tx, tenantId: string, invoiceId: string, bill: BillRow): Promise<boolean> {
  const row = await trx
    .insertInto('payment_bills')
    .values({
      tenant_id: tenantId,
      invoice_id: invoiceId,
      channel: bill.channel,
      gateway: bill.gateway,
      gateway_ref: bill.gatewayRef,
      bank_name: bill.bankName,
      va_number: bill.vaNumber,
      qris_payload: bill.qrisPayload,
      checkout_url: bill.checkoutUrl,
      issued_at: bill.issuedAt,
      expires_at: bill.expiresAt,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('channel')
    .executeTakeFirst();
  return row !== undefined;
}

/** How many invoices a person was billed (erasure keeps them, pseudonymous: the count says what was kept). */
export async function countInvoicesOfPayer(trx: Tx, tenantId: string, payerId: string): Promise<number> {
  const row = await trx.selectFrom('payment_invoices').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).where('payer_id', '=', payerId).executeTakeFirst();
  return Number(row?.n ?? 0);
}
