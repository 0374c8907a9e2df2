// SQL of the tenant's payment settings row (payment_settings, migration 0060): read it, write it whole.
// Callers run inside withTenant(), so row-level security checks the tenant a second time.
import type { Tx } from '../../../db/index.js';
import type { PaymentChannelColumn } from '../../../db/schema-payments.js';

/** The tables the payments module's stores touch (`npm run check`); this store touches the settings. */
export const TABLES = ['payment_settings'] as const;

export interface PaymentSettingsRow {
  gateway: 'sandbox' | 'bisnap';
  channels: PaymentChannelColumn[];
  invoiceValidHours: number;
  latePayment: 'accept' | 'refund';
  merchantName: string;
  merchantCity: string;
  nmid: string;
  mcc: string;
  gatewayConfig: Record<string, unknown>;
  gatewaySecretSealed: string | null;
  updatedAt: Date;
  updatedBy: string | null;
}

/** The row, locked for the rest of the transaction when `forUpdate` (a save keeps secrets it was not given). */
export async function selectPaymentSettingsRow(trx: Tx, tenantId: string, forUpdate = false): Promise<PaymentSettingsRow | undefined> {
  let query = trx
    .selectFrom('payment_settings')
    .select([
      'gateway',
      'channels',
      'invoice_valid_hours as invoiceValidHours',
      'late_payment as latePayment',
      'merchant_name as merchantName',
      'merchant_city as merchantCity',
      'nmid',
      'mcc',
      'gateway_config as gatewayConfig',
      'gateway_secret_sealed as gatewaySecretSealed',
      'updated_at as updatedAt',
      'updated_by as updatedBy',
    ])
    .where('tenant_id', '=', tenantId);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function upsertPaymentSettingsRow(trx: Tx, tenantId: string, row: PaymentSettingsRow): Promise<void> {
  const values = {
    gateway: row.gateway,
    channels: row.channels,
    invoice_valid_hours: row.invoiceValidHours,
    late_payment: row.latePayment,
    merchant_name: row.merchantName,
    merchant_city: row.merchantCity,
    nmid: row.nmid,
    mcc: row.mcc,
    gateway_config: JSON.stringify(row.gatewayConfig),
    gateway_secret_sealed: row.gatewaySecretSealed,
    updated_at: row.updatedAt,
    updated_by: row.updatedBy,
  };
  await trx
    .insertInto('payment_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}
