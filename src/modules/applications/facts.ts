// What the oversight module (issue 22) reads about applications: their dates and owners, and the
// overdue steps officers hold. Read-only; no answers or personal data leave the module this way.
import { withTenant } from '../../db/index.js';
import type { TenantContext } from '../../platform/context.js';
import { tenantCalendar } from '../calendar/index.js';
import { frozenVersion } from './setup/service.js';
import { selectApplicationFacts, selectOverdueClaims, selectVolumesByMonth } from './store.js';
import { standardLegs } from './workflow/steps.js';
import { dueAfter } from './workflow/time.js';

export interface ApplicationFacts {
  id: string;
  trackingNumber: string;
  serviceId: string;
  agencyId: string;
  applicantId: string;
  submittedAt: Date;
  /**
   * The standard's deadline (jangka waktu): while the clock runs, the one in force; once it stopped
   * (closed, with the applicant, waiting for a signature), the one that was in force when it stopped.
   */
  serviceDueAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
}

/** The facts of the tenant's applications with these ids (unknown ids are left out). */
export async function getApplicationFacts(ctx: TenantContext, ids: readonly string[]): Promise<ApplicationFacts[]> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const rows = await selectApplicationFacts(trx, ctx.tenant.id, ids);
    const inner = { ...ctx, db: trx };
    const calendar = rows.some((r) => !r.serviceDueAt) ? await tenantCalendar(ctx.db, ctx.tenant) : undefined;
    const defs = new Map<string, number>();
    const out: ApplicationFacts[] = [];
    for (const { state, serviceVersionId, ...row } of rows) {
      let due = row.serviceDueAt;
      const legs = standardLegs(state);
      if (!due && calendar && legs.length > 0) {
        if (!defs.has(serviceVersionId)) defs.set(serviceVersionId, (await frozenVersion({ ...inner, publicBaseUrl: '' }, serviceVersionId))?.workflow.serviceDays ?? 0);
        const days = defs.get(serviceVersionId)!;
        if (days > 0) due = new Date(dueAfter(days, legs, legs[legs.length - 1]!.to, { timeZone: state.timeZone, calendar }).dueAt);
      }
      out.push({ ...row, serviceDueAt: due });
    }
    return out;
  });
}

/** Per officer, how many steps they hold are past their deadline at ctx.now(). */
export function countOverdueSteps(ctx: TenantContext): Promise<{ officerId: string; count: number }[]> {
  return withTenant(ctx.db, ctx.tenant.id, (trx) => selectOverdueClaims(trx, ctx.tenant.id, ctx.now()));
}

/** Applications of one service submitted in one month (the tenant's zone): what open data publishes. */
export interface MonthlyVolume {
  serviceId: string;
  agencyId: string;
  /** YYYY-MM */
  month: string;
  received: number;
  /** … of which closed (issued, rejected, withdrawn or deemed) by now. */
  closed: number;
  /** Mean calendar days from submission to closing of the closed ones; null without any. */
  averageDaysToClose: number | null;
}

/** Per service and month of submission since `since`. Read-only aggregate, one statement: no applicant or answer leaves the module. */
export function getMonthlyVolumes(ctx: TenantContext, input: { since: Date }): Promise<MonthlyVolume[]> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) =>
    (await selectVolumesByMonth(trx, ctx.tenant.id, ctx.tenant.timeZone, input.since)).map((r) => ({
      serviceId: r.service_id,
      agencyId: r.agency_id,
      month: r.month,
      received: r.received,
      closed: r.closed,
      averageDaysToClose: r.average_days === null ? null : Math.round(r.average_days * 10) / 10,
    })),
  );
}
