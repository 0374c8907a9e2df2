// The tables of migration 0060 owned by payments (issue 19): settings, invoices and the ways to pay
// them, their history, gateway events, the ledger and reconciliation. Money is integer rupiah in bigint
// columns, read as numbers (src/db/index.ts parses INT8; a rupiah amount stays far below 2^53).
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Rupiah = ColumnType<number, number, number>;
type Json<T> = ColumnType<T, string, string>;

export type PaymentChannelColumn = 'va' | 'qris' | 'ewallet';
export type Bilingual = { id: string; en: string };

export interface PaymentSettingsTable {
  tenant_id: string;
  gateway: 'sandbox' | 'bisnap';
  channels: ColumnType<PaymentChannelColumn[], PaymentChannelColumn[] | undefined, PaymentChannelColumn[]>;
  invoice_valid_hours: ColumnType<number, number | undefined, number>;
  late_payment: ColumnType<'accept' | 'refund', 'accept' | 'refund' | undefined, 'accept' | 'refund'>;
  merchant_name: ColumnType<string, string | undefined, string>;
  merchant_city: ColumnType<string, string | undefined, string>;
  nmid: ColumnType<string, string | undefined, string>;
  mcc: ColumnType<string, string | undefined, string>;
  gateway_config: ColumnType<Record<string, unknown>, string | undefined, string>;
  gateway_secret_sealed: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
}

export type InvoiceStatus = 'open' | 'paid' | 'expired' | 'cancelled';

export interface PaymentInvoiceTable {
  tenant_id: string;
  id: string;
  number: string;
  application_id: string | null;
  step_id: string | null;
  agency_id: string;
  service_id: string | null;
  service_version_id: string | null;
  payer_id: string;
  description: Json<Bilingual>;
  /** The fee rule and the quantity or row it was applied to. */
  fee_basis: Json<Record<string, unknown>>;
  amount: Rupiah;
  status: InvoiceStatus;
  issued_at: Timestamp;
  expires_at: Timestamp;
  paid_at: Timestamp | null;
  closed_at: Timestamp | null;
  cancel_reason: string | null;
  replaces_id: string | null;
  issued_by: string | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface PaymentBillTable {
  tenant_id: string;
  invoice_id: string;
  channel: PaymentChannelColumn;
  gateway: string;
  gateway_ref: string;
  bank_name: string | null;
  va_number: string | null;
  qris_payload: string | null;
  checkout_url: string | null;
  issued_at: Timestamp;
  expires_at: Timestamp;
}

export interface PaymentInvoiceEventTable {
  tenant_id: string;
  invoice_id: string;
  seq: number;
  type: string;
  at: Timestamp;
  actor_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface PaymentGatewayEventTable {
  tenant_id: string;
  gateway: string;
  event_id: string;
  gateway_ref: string;
  invoice_id: string | null;
  amount: Rupiah;
  channel: string;
  paid_at: Timestamp;
  outcome: string;
  received_at: Timestamp;
}

/** Migration 0082: what a gateway told Gerbang, stored before it is answered, until it is booked. */
export interface PaymentNotificationInboxTable {
  tenant_id: string;
  gateway: string;
  event_id: string;
  invoice_id: string;
  invoice_number: string;
  gateway_ref: string;
  amount: Rupiah;
  channel: PaymentChannelColumn;
  paid_at: Timestamp;
  received_at: Timestamp;
  status: 'received' | 'processed' | 'not_confirmed';
  outcome: string | null;
  settled_at: Timestamp | null;
}

export interface PaymentLedgerTable {
  tenant_id: string;
  id: string;
  kind: 'credit' | 'held' | 'refund';
  invoice_id: string;
  agency_id: string;
  service_id: string | null;
  channel: PaymentChannelColumn;
  gateway: string;
  gateway_event_id: string | null;
  refund_of: string | null;
  amount: Rupiah;
  reason: string | null;
  paid_at: Timestamp;
  /** YYYY-MM-DD (Asia/Jakarta); select it with to_char (node-postgres reads a date as a local Date). */
  business_date: ColumnType<Date | string, string, string>;
  booked_at: Timestamp;
  booked_by: string | null;
}

export interface PaymentReconciliationTable {
  tenant_id: string;
  id: string;
  gateway: string;
  business_date: ColumnType<Date | string, string, string>;
  ran_at: Timestamp;
  status: 'clean' | 'mismatches' | 'failed';
  ledger_count: number;
  ledger_amount: Rupiah;
  report_count: number;
  report_amount: Rupiah;
  failure: string | null;
}

export interface PaymentReconciliationItemTable {
  tenant_id: string;
  reconciliation_id: string;
  seq: number;
  kind: 'missing_in_ledger' | 'missing_in_report' | 'amount_differs';
  gateway_event_id: string;
  invoice_number: string | null;
  ledger_amount: Rupiah | null;
  report_amount: Rupiah | null;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
  resolution: string | null;
}

export interface PaymentTables {
  payment_settings: PaymentSettingsTable;
  payment_invoices: PaymentInvoiceTable;
  payment_bills: PaymentBillTable;
  payment_invoice_events: PaymentInvoiceEventTable;
  payment_gateway_events: PaymentGatewayEventTable;
  payment_ledger: PaymentLedgerTable;
  payment_notification_inbox: PaymentNotificationInboxTable;
  payment_reconciliations: PaymentReconciliationTable;
  payment_reconciliation_items: PaymentReconciliationItemTable;
}
