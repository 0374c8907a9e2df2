// The payment settings' API, page and place on the officer home, as the payments module registers them
// (module.ts, one line). The page and its web stack load when the app registers them, not when a
// one-shot command imports the module.
import type { FastifyInstance } from 'fastify';
import type { ModuleRuntime } from '../../../platform/module.js';
import { gatewaySecretsKey } from '../gateways/bisnap-factory.js';
import './strings.js';

export async function registerPaymentSettings(app: FastifyInstance, rt: ModuleRuntime): Promise<void> {
  const [{ registerPaymentSettingsRoutes }, { registerPaymentSettingsPages, PAYMENT_SETTINGS_PAGE }, { registerNavigation }] = await Promise.all([
    import('./routes.js'),
    import('./pages.js'),
    import('../../../web/navigation.js'),
  ]);
  const sealKey = gatewaySecretsKey(rt.appSecret);
  registerPaymentSettingsRoutes(app, { sealKey });
  registerPaymentSettingsPages(app, { sealKey });
  registerNavigation(app, [{ place: 'officer-home', label: 'pay.settings.title', hint: 'pay.settings.nav_hint', path: PAYMENT_SETTINGS_PAGE, policy: 'payments.settings', order: 16 }]);
}
