// Where the treasury gets a tenant's gateway by name. The payments core owns the factory
// (`gatewayFor(rt, tenant, settings)` in gateways/index.ts, with `loadPaymentSettings` in settings.ts);
// until that lands beside this part, the treasury has no gateway to ask, and says so: a reconciliation
// then records a `failed` run with this reason rather than pretending the day is clean.
import type { ModuleRuntime } from '../../../platform/module.js';
import type { GatewayOf } from './reconcile.js';

export function gatewayOfRuntime(_rt: Pick<ModuleRuntime, 'config' | 'appSecret'>): GatewayOf {
  return async (_trx, _tenant, gateway) => {
    throw new Error(`payment gateway "${gateway}" is not wired into the treasury on this installation`);
  };
}
