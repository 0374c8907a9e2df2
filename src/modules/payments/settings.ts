// A tenant's payment settings (the contract of docs/payments.md): which gateway, which channels, how
// long an invoice is valid, what a late payment does, the QRIS merchant identity. The defaults when the
// tenant saved none are the sandbox with every channel, 72 hours, and late payments held for refund.
// The settings page and API (settings-admin/) write the row; everyone reads it through here.
import type { Tx } from '../../db/index.js';
import { listTenants } from '../tenancy/index.js';
import { CHANNELS, type PaymentChannel } from './gateway.js';
import { selectSettingsRow } from './invoices/store.js';

export interface PaymentSettings {
  gateway: 'sandbox' | 'bisnap';
  channels: PaymentChannel[];
  invoiceValidHours: number;
  latePayment: 'accept' | 'refund';
  merchantName: string;
  merchantCity: string;
  nmid: string;
  mcc: string;
  gatewayConfig: Record<string, unknown>;
  gatewaySecretSealed: string | null;
}

export async function loadPaymentSettings(trx: Tx, tenantId: string): Promise<PaymentSettings> {
  const row = await selectSettingsRow(trx, tenantId);
  // QRIS holds at most 25 characters of merchant name (tag 59).
  const fallbackName = async () => ((await listTenants(trx)).find((t) => t.id === tenantId)?.name ?? 'Gerbang').slice(0, 25);
  if (!row) {
    return {
      gateway: 'sandbox',
      channels: [...CHANNELS],
      invoiceValidHours: 72,
      latePayment: 'refund',
      merchantName: await fallbackName(),
      merchantCity: '',
      nmid: '',
      mcc: '9399',
      gatewayConfig: {},
      gatewaySecretSealed: null,
    };
  }
  return {
    gateway: row.gateway,
    channels: CHANNELS.filter((c) => row.channels.includes(c)),
    invoiceValidHours: row.invoice_valid_hours,
    latePayment: row.late_payment,
    merchantName: row.merchant_name || (await fallbackName()),
    merchantCity: row.merchant_city,
    nmid: row.nmid,
    mcc: row.mcc,
    gatewayConfig: row.gateway_config,
    gatewaySecretSealed: row.gateway_secret_sealed,
  };
}
