// The gateway a tenant's settings name (the contract of docs/payments.md). Core implements the sandbox;
// the BI-SNAP adapter is built from the tenant's sealed settings (bisnap-factory.ts). The sandbox is refused in production unless the
// installation allows it (PAYMENT_SANDBOX): a real government must not take money that does not exist.
import { DomainError } from '../../../platform/errors.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import type { PaymentGateway } from '../gateway.js';
import type { PaymentSettings } from '../settings.js';
import '../invoices/strings.js';
import { bisnapFromSettings } from './bisnap-factory.js';
import { sandboxGateway } from './sandbox/gateway.js';

export function gatewayFor(rt: Pick<ModuleRuntime, 'config' | 'db' | 'appSecret' | 'now'>, tenant: { id: string; slug: string; name: string }, settings: PaymentSettings): PaymentGateway {
  switch (settings.gateway) {
    case 'sandbox':
      if (!rt.config.paymentSandbox) throw new DomainError('payment.sandbox_disabled', 503, 'pay.error.sandbox_disabled');
      return sandboxGateway({ db: rt.db, tenant, settings, appSecret: rt.appSecret, publicBaseUrl: rt.config.publicBaseUrl, now: rt.now });
    case 'bisnap':
      return bisnapFromSettings(rt, tenant, settings);
  }
}
