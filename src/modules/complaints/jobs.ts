// Background work of complaints, each given only what it uses and the clock of the process that
// created it: the overdue escalation, run every 15 minutes (serve.ts schedules it) for every tenant
// inside the job's transaction; retraining a tenant's routing model (queued when enough corrections
// accumulate, and nightly for every tenant).
import type { Db, Tx } from '../../db/index.js';
import type { RetrainTrigger } from '../../db/schema.js';
import type { Job } from '../../platform/jobs/index.js';
import { listTenants } from '../tenancy/index.js';
import type { ComplaintAudit } from './context.js';
import { ESCALATE_JOB, escalateOverdueComplaints } from './handling/escalation.js';
import { DEFAULT_RETRAIN, queueNightlyRetraining, RETRAIN_JOB, RETRAIN_NIGHTLY_JOB, type RetrainSettings, retrainTenant } from './routing/training.js';

/** `publicBaseUrl`: the links in the officers' escalation notices. */
export function complaintJobHandlers(deps: { db: Db; audit: ComplaintAudit; now: () => Date; retrain?: RetrainSettings; publicBaseUrl?: string }) {
  const { now } = deps;
  return {
    [ESCALATE_JOB]: async (_job: Job, trx: Tx) => {
      const system = { db: deps.db, audit: deps.audit, actor: { kind: 'system', id: 'complaints.escalate' }, lang: 'id', now, publicBaseUrl: deps.publicBaseUrl } as const;
      for (const tenant of await listTenants(trx)) await escalateOverdueComplaints({ ...system, tenant }, trx);
    },
    [RETRAIN_JOB]: async (job: Job, trx: Tx) => {
      if (!job.tenantId) return;
      const trigger = (job.payload as { trigger?: RetrainTrigger }).trigger ?? 'threshold';
      await retrainTenant({ audit: deps.audit, now, settings: deps.retrain ?? DEFAULT_RETRAIN }, trx, job.tenantId, trigger);
    },
    [RETRAIN_NIGHTLY_JOB]: async (_job: Job, trx: Tx) => {
      const tenants = await listTenants(trx);
      await queueNightlyRetraining(trx, tenants.map((t) => t.id), now().toISOString().slice(0, 10));
    },
  };
}
