// Where the treasury gets a tenant's gateway by name: the payments core's factory with the tenant's
// settings. A day's ledger may name a gateway the tenant has since left (sandbox before the bank was
// connected); that one is asked with the same settings, and one that cannot be built is a failed run.
import type { ModuleRuntime } from '../../../platform/module.js';
import { gatewayFor } from '../gateways/index.js';
import { loadPaymentSettings, type PaymentSettings } from '../settings.js';
import type { GatewayOf } from './reconcile.js';

export function gatewayOfRuntime(rt: Pick<ModuleRuntime, 'config' | 'db' | 'appSecret' | 'now'>): GatewayOf {
  return async (trx, tenant, gateway) => {
    const settings = await loadPaymentSettings(trx, tenant.id);
    return gatewayFor(rt, tenant, { ...settings, gateway: gateway as PaymentSettings['gateway'] });
  };
}
