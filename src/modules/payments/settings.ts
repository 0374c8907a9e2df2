// A tenant's payment settings (the contract of docs/payments.md): which gateway, which channels, how
// long an invoice is valid, what a late payment does, the QRIS merchant identity. The defaults when the
// tenant saved none are the sandbox with every channel, 72 hours, and late payments held for refund.
// The settings page and API (settings-admin/) write the row; everyone reads it through here.
import { type DbOrTx, type Tx, withTenant } from '../../db/index.js';
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

const KEPT_MS = 5_000;
const kept = new Map<string, { settings: PaymentSettings; until: number }>();

/**
 * The settings for choosing and verifying a tenant's gateway, kept by the process for a few seconds:
 * every payment notification needs them, and a read of its own cost each one a round trip of four
 * statements. Kept settings naming another gateway than `gateway` are read afresh (the tenant may have
 * just switched), and a save in this process forgets them (forgetPaymentSettings); another process sees
 * a change within KEPT_MS. Never for what a booking decides: that reads the row in its transaction.
 */
export async function keptPaymentSettings(db: DbOrTx, tenantId: string, gateway: string): Promise<PaymentSettings> {
  const hit = kept.get(tenantId);
  if (hit && hit.until > performance.now() && hit.settings.gateway === gateway) return hit.settings;
  const settings = await withTenant(db, tenantId, (trx) => loadPaymentSettings(trx, tenantId));
  kept.set(tenantId, { settings, until: performance.now() + KEPT_MS });
  return settings;
}

/** Forgets the kept settings of a tenant (its administrator saved new ones). */
export function forgetPaymentSettings(tenantId: string): void {
  kept.delete(tenantId);
}
