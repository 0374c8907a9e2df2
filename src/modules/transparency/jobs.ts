// The transparency jobs: the aggregates' refresh per tenant (every 30 s, refresh.ts) and the minute's
// health check that availability is computed from. serve.ts schedules both; one job per period across
// all processes (the dedupe key names the period).
import { type Db, type DbOrTx, sql, withTenant } from '../../db/index.js';
import { enqueueJob, type Job, type JobHandler } from '../../platform/jobs/index.js';
import type { Tx } from '../../db/index.js';
import { tenantCalendar } from '../calendar/index.js';
import { listTenants } from '../tenancy/index.js';
import { REFRESH_JOB, REFRESH_PERIOD_MS, type RefreshCursors, refreshTenantAggregates, resetTenantAggregates } from './refresh.js';
import { recordHealthCheck } from './store.js';

export const HEALTH_JOB = 'transparency.health';

export interface TransparencyJobDeps {
  db: Db;
  now: () => Date;
}

export function transparencyJobHandlers(deps: TransparencyJobDeps): Record<string, JobHandler> {
  return {
    [REFRESH_JOB]: async (job: Job, trx: Tx) => {
      const tenant = (await listTenants(trx)).find((t) => t.id === job.tenantId);
      if (!tenant) return;
      const calendar = await tenantCalendar(deps.db, tenant);
      await refreshTenantAggregates(trx, { tenantId: tenant.id, timeZone: tenant.timeZone, calendar, now: deps.now() });
    },
    [HEALTH_JOB]: async (job: Job, trx: Tx) => {
      await checkHealth(trx, new Date((job.payload as { minute: string }).minute), deps.now);
    },
  };
}

/**
 * The minute's health check: a database round trip, recorded as that minute's success. A minute
 * without a record (no process running, the database or the job runner down) counts as unavailable.
 */
export async function checkHealth(db: DbOrTx, minute: Date, now: () => Date): Promise<void> {
  const started = now().getTime();
  await sql`SELECT 1`.execute(db);
  await recordHealthCheck(db, minute, true, Math.max(0, now().getTime() - started));
}

/** Queues this period's refresh of every tenant and this minute's health check (idempotent per period). */
export async function scheduleTransparencyJobs(db: Db, now: Date): Promise<void> {
  const slot = Math.floor(now.getTime() / REFRESH_PERIOD_MS);
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  for (const tenant of await listTenants(db)) {
    await enqueueJob(db, { kind: REFRESH_JOB, tenantId: tenant.id, dedupeKey: `${tenant.id}:${slot}`, maxAttempts: 1 });
  }
  await enqueueJob(db, { kind: HEALTH_JOB, payload: { minute: minute.toISOString() }, dedupeKey: minute.toISOString(), maxAttempts: 1 });
}

/**
 * Forgets a tenant's aggregates and recounts them from the sources, run after run (each in its own
 * transaction, as the job does) until one finds nothing left: after a bulk import, or to check the
 * incremental figures against a full count (`gerbang transparency rebuild`). Each pass goes on where
 * the last stopped; the job's next run re-reads from the sources' resume points. Returns the rows read.
 */
export async function rebuildTenantAggregates(
  db: Db,
  tenant: { id: string; timeZone: string },
  now: () => Date,
  onProgress?: (read: { applications: number; complaints: number; payments: number; signIns: number }) => void,
): Promise<{ applications: number; complaints: number; payments: number; signIns: number }> {
  const calendar = await tenantCalendar(db, tenant as Parameters<typeof tenantCalendar>[1]);
  await withTenant(db, tenant.id, (trx) => resetTenantAggregates(trx, tenant.id));
  const total = { applications: 0, complaints: 0, payments: 0, signIns: 0 };
  let cursors: RefreshCursors = {};
  for (;;) {
    const from = cursors;
    const r = await withTenant(db, tenant.id, (trx) => refreshTenantAggregates(trx, { tenantId: tenant.id, timeZone: tenant.timeZone, calendar, now: now() }, 25, from));
    cursors = r.cursors;
    total.applications += r.applications;
    total.complaints += r.complaints;
    total.payments += r.payments;
    total.signIns += r.signIns;
    onProgress?.(total);
    if (r.complete) return total;
  }
}
