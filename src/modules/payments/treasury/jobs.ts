// The daily reconciliation as jobs (serve.ts registers the handlers and schedules the sweep):
//  - the sweep, once per business day at 01:00 WIB (an hour for late notifications of the day before
//    to arrive): one reconciliation job per tenant that takes payments, for yesterday;
//  - the reconciliation of one tenant's day, in that tenant's row-level-security context. A gateway
//    that does not answer leaves a `failed` run (the treasurer sees why) and queues a retry of that
//    gateway's day with a growing delay — the failed run must commit, so the job itself succeeds.
import { type Tx, type DbOrTx, withTenant } from '../../../db/index.js';
import type { AuditAppender } from '../../../platform/context.js';
import { enqueueJob, type Job, type JobHandler } from '../../../platform/jobs/index.js';
import { listTenants } from '../../tenancy/index.js';
import { businessDayOf, dayBefore, type GatewayOf, reconcileTenantDay } from './reconcile.js';
import { selectTenantTakesPayments } from './store.js';

export const RECONCILE_SWEEP_JOB = 'payments.reconcile_daily';
export const RECONCILE_JOB = 'payments.reconcile';

/** Retries of a failed day: 10 min, 20 min, 40 min, … about 10 hours in all. */
const MAX_RETRIES = 6;
const RETRY_BASE_MS = 10 * 60_000;

export interface TreasuryJobDeps {
  audit: AuditAppender;
  now: () => Date;
  gatewayOf: GatewayOf;
}

/** Queues today's sweep (of yesterday) for 01:00 WIB; one per business day across all processes. */
export async function scheduleDailyReconciliation(db: DbOrTx, now: Date): Promise<void> {
  const today = businessDayOf(now);
  await enqueueJob(db, { kind: RECONCILE_SWEEP_JOB, runAt: new Date(`${today}T01:00:00+07:00`), dedupeKey: today, payload: { day: dayBefore(today) } });
}

export function treasuryJobHandlers(deps: TreasuryJobDeps): Record<string, JobHandler> {
  return {
    [RECONCILE_SWEEP_JOB]: async (job: Job, trx: Tx) => {
      const { day } = job.payload as { day: string };
      for (const tenant of await listTenants(trx)) {
        const takes = await withTenant(trx, tenant.id, () => selectTenantTakesPayments(trx, tenant.id));
        if (takes) await enqueueJob(trx, { kind: RECONCILE_JOB, tenantId: tenant.id, dedupeKey: `${tenant.id}:${day}`, payload: { day, attempt: 0 } });
      }
    },
    [RECONCILE_JOB]: async (job: Job, trx: Tx) => {
      const { day, gateway, attempt = 0 } = job.payload as { day: string; gateway?: string; attempt?: number };
      const tenant = (await listTenants(trx)).find((x) => x.id === job.tenantId);
      if (!tenant) return;
      await withTenant(trx, tenant.id, async () => {
        const ctx = { db: trx, audit: deps.audit, actor: { kind: 'system' as const, id: 'payments.reconcile' }, lang: 'id' as const, now: deps.now, tenant };
        const runs = await reconcileTenantDay(ctx, { day, gatewayOf: deps.gatewayOf, ...(gateway ? { only: gateway } : {}) });
        for (const run of runs) {
          if (run.status !== 'failed' || attempt >= MAX_RETRIES) continue;
          await enqueueJob(trx, {
            kind: RECONCILE_JOB,
            tenantId: tenant.id,
            runAt: new Date(deps.now().getTime() + RETRY_BASE_MS * 2 ** attempt),
            dedupeKey: `${tenant.id}:${day}:${run.gateway}:retry${attempt + 1}`,
            payload: { day, gateway: run.gateway, attempt: attempt + 1 },
          });
        }
      });
    },
  };
}
