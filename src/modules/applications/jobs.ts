// Background work of applications (serve.ts registers the handlers and schedules the sweeps):
//  - the deadline sweeper: `tick` for every open application whose next deadline has passed — an
//    escalation, a deemed approval (fiktif positif) or an overdue mark, each recorded as such, audited
//    and the applicant told, in the job's transaction;
//  - drafts: a reminder before a citizen's draft expires (the tenant's setting), expired drafts deleted;
//  - the recompute after the tenant's working-day calendar was amended (queued by the calendar's
//    amendment hook in the amendment's own transaction): every running deadline again from the same
//    instants, the people whose date moved told, audited.
import { type Tx, withTenant } from '../../db/index.js';
import type { AuditAppender } from '../../platform/context.js';
import type { Job, JobHandler } from '../../platform/jobs/index.js';
import { enqueueJob } from '../../platform/jobs/index.js';
import { tenantCalendar } from '../calendar/index.js';
import { getServiceVersion, listServiceVersions } from '../catalog/index.js';
import { listTenants, type Tenant } from '../tenancy/index.js';
import type { ApplicationContext } from './context.js';
import { loadApplication, saveTransition } from './handling/transition.js';
import { deleteExpiredDrafts, markReminded, selectDraftsToRemind } from './intake/store.js';
import { notifyDraftExpiring } from './notify.js';
import { getApplicationSettings } from './setup/service.js';
import { selectDueApplicationIds, selectOpenApplicationIds } from './store.js';
import { pruneThrottles } from './tracking/store.js';
import { recomputeDeadlines, tick } from './workflow/index.js';

export const SWEEP_JOB = 'applications.sweep_deadlines';
export const DRAFTS_JOB = 'applications.drafts';
export const RECOMPUTE_JOB = 'applications.recompute_deadlines';

/** Applications ticked per tenant per sweep (the rest wait for the next sweep, minutes later). */
const SWEEP_BATCH = 200;
const RECOMPUTE_BATCH = 200;
const DAY_MS = 86_400_000;

export interface ApplicationJobDeps {
  audit: AuditAppender & { pseudonymize(tenantId: string, value: string): string };
  publicBaseUrl: string;
  /** The clock (the runtime's). */
  now: () => Date;
}

function jobContext(deps: ApplicationJobDeps, trx: Tx, tenant: Tenant, actor: string): ApplicationContext {
  return {
    db: trx,
    audit: deps.audit,
    actor: { kind: 'system', id: actor },
    lang: 'id',
    now: deps.now,
    tenant,
    publicBaseUrl: deps.publicBaseUrl,
  };
}

/** Ticks the tenant's applications whose next deadline has passed; how many changed. */
export async function sweepDeadlines(ctx: ApplicationContext, trx: Tx): Promise<number> {
  const now = ctx.now();
  let changed = 0;
  for (const id of await selectDueApplicationIds(trx, ctx.tenant.id, now, SWEEP_BATCH)) {
    const loaded = await loadApplication(ctx, trx, id, true);
    if (!loaded || loaded.row.status === 'closed') continue;
    const next = tick(loaded.def, loaded.row.state, { now, calendar: loaded.calendar });
    if (next.effects.length === 0) continue;
    await saveTransition(ctx, trx, loaded, next);
    changed++;
  }
  return changed;
}

/** Reminds the citizens whose drafts expire within the tenant's reminder period, and deletes expired drafts. */
export async function sweepDrafts(ctx: ApplicationContext, trx: Tx): Promise<{ reminded: number; deleted: number }> {
  const now = ctx.now();
  const settings = await getApplicationSettings(ctx);
  let reminded = 0;
  if (settings.draftReminderDays > 0) {
    const drafts = await selectDraftsToRemind(trx, ctx.tenant.id, now, new Date(now.getTime() + settings.draftReminderDays * DAY_MS), 500);
    const names = new Map<string, { id: string; en?: string }>();
    for (const draft of drafts) {
      const name = names.get(draft.serviceId) ?? (await serviceName(ctx, draft.serviceId));
      names.set(draft.serviceId, name);
      const expiresOn = new Intl.DateTimeFormat('en-CA', { timeZone: ctx.tenant.timeZone }).format(draft.expiresAt);
      await notifyDraftExpiring(ctx, trx, { citizenId: draft.citizenId, serviceId: draft.serviceId, serviceName: name, expiresOn });
      await markReminded(trx, ctx.tenant.id, draft.id, now);
      reminded++;
    }
  }
  const deleted = await deleteExpiredDrafts(trx, ctx.tenant.id, now);
  await pruneThrottles(trx, ctx.tenant.id, new Date(now.getTime() - DAY_MS));
  return { reminded, deleted };
}

async function serviceName(ctx: ApplicationContext, serviceId: string): Promise<{ id: string; en?: string }> {
  const versions = await listServiceVersions(ctx, serviceId).catch(() => []);
  return versions[0] ? (await getServiceVersion(ctx, versions[0].id)).content.name : { id: serviceId };
}

/**
 * Recomputes every running deadline of the tenant's open applications with its calendar as amended
 * (read afresh); the moved ones are saved, audited (`application.deadline_recomputed`) and told.
 */
export async function recomputeTenantDeadlines(ctx: ApplicationContext, trx: Tx): Promise<number> {
  const calendar = await tenantCalendar(ctx.db, ctx.tenant, { fresh: true });
  let moved = 0;
  let after: string | null = null;
  for (;;) {
    const ids = await selectOpenApplicationIds(trx, ctx.tenant.id, after, RECOMPUTE_BATCH);
    if (ids.length === 0) break;
    for (const id of ids) {
      const loaded = await loadApplication(ctx, trx, id, true);
      if (!loaded || loaded.row.status === 'closed') continue;
      const result = recomputeDeadlines(loaded.def, loaded.row.state, calendar);
      if (result.moved.length === 0 && result.effects.length === 0) continue;
      await saveTransition(ctx, trx, { ...loaded, calendar }, { state: result.state, effects: result.effects });
      moved++;
    }
    after = ids.at(-1)!;
  }
  return moved;
}

/** Queues the recompute of a tenant's deadlines (the calendar's amendment hook, in the amendment's transaction). */
export async function queueDeadlineRecompute(trx: Tx, tenantId: string): Promise<void> {
  await enqueueJob(trx, { kind: RECOMPUTE_JOB, tenantId, payload: { tenantId } });
}

export function applicationJobHandlers(deps: ApplicationJobDeps): Record<string, JobHandler> {
  const eachTenant = async (trx: Tx, actor: string, work: (ctx: ApplicationContext) => Promise<unknown>) => {
    // Each tenant's work under its row-level-security context (one job transaction across tenants).
    for (const tenant of await listTenants(trx)) await withTenant(trx, tenant.id, () => work(jobContext(deps, trx, tenant, actor)));
  };
  return {
    [SWEEP_JOB]: (_job: Job, trx: Tx) => eachTenant(trx, 'applications.sweeper', (ctx) => sweepDeadlines(ctx, trx)),
    [DRAFTS_JOB]: (_job: Job, trx: Tx) => eachTenant(trx, 'applications.drafts', (ctx) => sweepDrafts(ctx, trx)),
    [RECOMPUTE_JOB]: async (job: Job, trx: Tx) => {
      const tenant = (await listTenants(trx)).find((t) => t.id === job.tenantId);
      if (tenant) await withTenant(trx, tenant.id, () => recomputeTenantDeadlines(jobContext(deps, trx, tenant, 'applications.recompute'), trx));
    },
  };
}
