// The treasury part of payments as the module registers it: its API, its pages and the treasurer's
// entry on the officer home. The gateway it asks for settlement reports comes from the runtime
// (gateway-of.ts); tests pass their own.
import type { FastifyInstance } from 'fastify';
import type { ModuleRuntime } from '../../../platform/module.js';
import { registerNavigation } from '../../../web/navigation.js';
import { gatewayOfRuntime } from './gateway-of.js';
import type { GatewayOf } from './reconcile.js';
import { registerReconcilePages } from './reconcile-pages.js';
import { registerReportPages } from './report-pages.js';
import { registerTreasuryRoutes } from './routes.js';

export function registerTreasury(app: FastifyInstance, rt: ModuleRuntime, gatewayOf: GatewayOf = gatewayOfRuntime(rt)): void {
  registerTreasuryRoutes(app, gatewayOf);
  registerReportPages(app);
  registerReconcilePages(app, gatewayOf);
  registerNavigation(app, [{ place: 'officer-home', label: 'pay.treasury.nav', path: '/petugas/kas', policy: 'payments.treasury', order: 60 }]);
}
