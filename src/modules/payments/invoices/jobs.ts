// Background work of payments' core (serve.ts registers the handlers and schedules the expiry):
//  - bills: ask the gateway for the ways to pay a new invoice, after the invoice committed;
//  - waive: a step whose fee is 0 is recorded as paid, with a note (see issueStepInvoice for why a job);
//  - expiry: open invoices past their time become expired, every tenant, every few minutes;
//  - a gateway's stored notice confirmed and booked (notifications/service.ts, decision 0082);
//  - the sandbox's notification delivery (gateways/sandbox/bank.ts).
import { type Tx, withTenant } from '../../../db/index.js';
import type { Job, JobHandler } from '../../../platform/jobs/index.js';
import { recordApplicationEvent } from '../../applications/index.js';
import { listTenants } from '../../tenancy/index.js';
import { SANDBOX_NOTIFY_JOB, sandboxNotifyHandler } from '../gateways/sandbox/bank.js';
import { PROCESS_NOTICE_JOB, processPaymentNotice } from '../notifications/service.js';
import { type PaymentJobDeps, systemPaymentContext } from './context.js';
import { usePaymentRuntime } from './register.js';
import { BILLS_JOB, ensureBills, EXPIRE_JOB, expireInvoices, WAIVE_JOB } from './service.js';

/** The timeline's note when a payment step is passed because the fee is 0 (kept as written: both languages). */
const WAIVED_NOTE = 'Tidak dipungut biaya: tidak ada yang perlu dibayar. / Free of charge: nothing to pay.';

export type { PaymentJobDeps };

export function paymentJobHandlers(deps: PaymentJobDeps): Record<string, JobHandler> {
  usePaymentRuntime(deps);
  const tenantOf = async (trx: Tx, job: Job) => (await listTenants(trx)).find((t) => t.id === job.tenantId);
  return {
    [BILLS_JOB]: async (job, trx) => {
      const tenant = await tenantOf(trx, job);
      // The gateway call and the bills' own short transactions run beside the job's, not in it.
      if (tenant && typeof job.payload?.invoiceId === 'string') await ensureBills(systemPaymentContext(deps, deps.db, tenant, deps.now), job.payload.invoiceId);
    },
    [WAIVE_JOB]: async (job, trx) => {
      const tenant = await tenantOf(trx, job);
      const { applicationId, stepId } = (job.payload ?? {}) as { applicationId?: string; stepId?: string };
      if (!tenant || typeof applicationId !== 'string' || typeof stepId !== 'string') return;
      const ctx = systemPaymentContext(deps, trx, tenant, deps.now);
      await withTenant(trx, tenant.id, () => recordApplicationEvent(ctx, applicationId, { name: 'paid', stepId, note: WAIVED_NOTE }));
    },
    [EXPIRE_JOB]: async (_job, trx) => {
      for (const tenant of await listTenants(trx)) {
        await withTenant(trx, tenant.id, () => expireInvoices(systemPaymentContext(deps, trx, tenant, deps.now), trx));
      }
    },
    [PROCESS_NOTICE_JOB]: async (job, trx) => {
      const tenant = await tenantOf(trx, job);
      const { gateway, eventId } = (job.payload ?? {}) as { gateway?: string; eventId?: string };
      if (!tenant || typeof gateway !== 'string' || typeof eventId !== 'string') return;
      const ctx = systemPaymentContext(deps, trx, tenant, deps.now);
      // The status query is a call beside the job's transaction (the sandbox's reads its own tables);
      // the booking and the notice marked processed are in it, committed with the job's completion.
      await withTenant(trx, tenant.id, () => processPaymentNotice(ctx, trx, { gateway, eventId }));
    },
    [SANDBOX_NOTIFY_JOB]: sandboxNotifyHandler({ appSecret: deps.appSecret, baseUrl: () => deps.config.publicBaseUrl, now: deps.now }),
  };
}
