// Payments' core as the module registers it: the invoices API, the notification endpoint, the payer's
// pages, the simulated bank (not in production), the applications hook that issues an invoice when a
// payment step begins, and what erasure keeps of a payer.
import type { FastifyInstance } from 'fastify';
import type { Tx } from '../../../db/index.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { registerPersonalDataHolder } from '../../../platform/personal-data.js';
import { type AwaitInfo, registerApplicationHook } from '../../applications/index.js';
import { listTenants } from '../../tenancy/index.js';
import { registerSandboxBankPages } from '../gateways/sandbox/bank-pages.js';
import { registerNotificationRoutes } from '../notifications/routes.js';
import { registerInvoicePages } from '../pages/invoice-pages.js';
import { type PaymentJobDeps, systemPaymentContext } from './context.js';
import { paymentsHolder } from './personal-data.js';
import { registerInvoiceRoutes } from './routes.js';
import { onPaymentStep } from './service.js';

registerPersonalDataHolder('payments', paymentsHolder);

// Hooks are process-wide (like the catalogue's publish checks), the runtime is the process's: set by the
// app's registration and by the job handlers (a job process may build no app, and the deadline sweeper
// can move an application into a payment step there). One runtime per process in production.
let runtime: PaymentJobDeps | undefined;

export function usePaymentRuntime(rt: PaymentJobDeps): void {
  runtime = rt;
}

registerApplicationHook({
  async onAwait(trx: Tx, info: AwaitInfo) {
    if (info.event !== 'paid') return;
    if (!runtime) throw new Error('payments: a payment step began in a process that registered no payments runtime');
    const tenant = (await listTenants(trx)).find((t) => t.id === info.tenantId);
    if (!tenant) return;
    await onPaymentStep(systemPaymentContext(runtime, trx, tenant, () => info.at), trx, info);
  },
});

export async function registerPaymentsCore(app: FastifyInstance, rt: ModuleRuntime): Promise<void> {
  usePaymentRuntime(rt);
  registerInvoiceRoutes(app, rt);
  await registerNotificationRoutes(app, rt);
  registerInvoicePages(app, rt);
  registerSandboxBankPages(app, rt);
}
