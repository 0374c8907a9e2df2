// The tables of migration 0061: the sandbox payment gateway's own books (bills, payments its simulated
// bank took, notification attempts). Money is integer rupiah in bigint columns, read as numbers.
import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface PaymentSandboxBillTable {
  tenant_id: string;
  gateway_ref: string;
  invoice_number: string;
  channel: 'va' | 'qris' | 'ewallet';
  amount: number;
  va_number: string | null;
  qris_payload: string | null;
  checkout_url: string | null;
  state: 'unpaid' | 'paid' | 'expired' | 'cancelled';
  issued_at: Timestamp;
  expires_at: Timestamp;
}

export interface PaymentSandboxPaymentTable {
  tenant_id: string;
  event_id: string;
  gateway_ref: string;
  amount: number;
  paid_at: Timestamp;
  /** YYYY-MM-DD (Asia/Jakarta); select it with to_char. */
  business_date: ColumnType<Date | string, string, string>;
}

export interface PaymentSandboxNotificationTable {
  tenant_id: string;
  event_id: string;
  attempt: number;
  sent_at: Timestamp;
  status: number | null;
  error: string | null;
}

export interface PaymentSandboxTables {
  payment_sandbox_bills: PaymentSandboxBillTable;
  payment_sandbox_payments: PaymentSandboxPaymentTable;
  payment_sandbox_notifications: PaymentSandboxNotificationTable;
}
