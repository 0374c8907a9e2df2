// The follow-up an agency commits to for a period's results (PermenPANRB 14/2017: the results are
// followed up and published). One text per agency and period (a year, semester or quarter), recorded
// and revised by the agency's administrator or the tenant's (the route authorises the agency), audited,
// shown on the public index page beside the results it answers.
import { withTenant } from '../../db/index.js';
import type { TenantContext } from '../../platform/context.js';
import { actorRef } from '../../platform/context.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import { listAgencies } from '../tenancy/index.js';
import { dayIn, type Period, periodRange, PERIODS } from './periods.js';
import { selectFollowUps, upsertFollowUp } from './store.js';
import './strings.js';

export const FOLLOW_UP_MAX = 4000;

export interface FollowUpInput {
  agencyId: string;
  year: number;
  period: string;
  text: string;
}

/** The agency of a code, for the route to authorise (404 when the tenant has none). */
export async function findSurveyAgency(ctx: TenantContext, code: string): Promise<{ id: string; code: string; name: string }> {
  const agency = (await listAgencies(ctx.db, ctx.tenant)).find((a) => a.code === code);
  if (!agency) throw new DomainError('surveys.unknown_agency', 404, 'svy.error.unknown_agency');
  return { id: agency.id, code: agency.code, name: agency.name };
}

/** Records (or revises) the agency's follow-up of a period that has begun; 400 with field errors otherwise. */
export async function recordSurveyFollowUp(ctx: TenantContext, input: FollowUpInput): Promise<{ from: string; to: string; recordedAt: string }> {
  const at = ctx.now();
  const thisYear = Number(dayIn(ctx.tenant.timeZone, at).slice(0, 4));
  const errors: PendingFieldError[] = [];
  const period = PERIODS.includes(input.period as Period) ? (input.period as Period) : null;
  if (!period) errors.push({ field: '/period', code: 'enum', messageKey: 'svy.error.bad_choice' });
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > thisYear) errors.push({ field: '/year', code: 'range', messageKey: 'svy.error.follow_up_year' });
  const text = input.text.trim();
  if (text.length === 0 || text.length > FOLLOW_UP_MAX) errors.push({ field: '/text', code: 'length', messageKey: 'svy.error.follow_up_text', vars: { max: FOLLOW_UP_MAX } });
  const range = period && errors.length === 0 ? periodRange(input.year, period) : null;
  // Results are followed up once there are results: a period that has not begun has none.
  if (range && range.from > dayIn(ctx.tenant.timeZone, at)) errors.push({ field: '/period', code: 'future', messageKey: 'svy.error.follow_up_future' });
  if (errors.length > 0 || !range) throw new DomainError('surveys.invalid_follow_up', 400, 'svy.error.follow_up_invalid', {}, errors);
  if (ctx.actor.kind !== 'officer') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  const officerId = ctx.actor.id;
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await upsertFollowUp(trx, { tenant_id: ctx.tenant.id, agency_id: input.agencyId, period_from: range.from, period_to: range.to, follow_up: text, recorded_by: officerId, recorded_at: at });
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'survey.follow_up_recorded', subject: `agency:${input.agencyId}`, at, data: { from: range.from, to: range.to } });
  });
  return { ...range, recordedAt: at.toISOString() };
}

/** The follow-up the agency recorded for a period, or null (what the admin form starts from). */
export async function getSurveyFollowUp(ctx: TenantContext, input: { agencyId: string; year: number; period: Period }): Promise<{ text: string; recordedAt: string } | null> {
  const range = periodRange(input.year, input.period);
  const [row] = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectFollowUps(trx, ctx.tenant.id, { ...range, agencyId: input.agencyId }));
  return row ? { text: row.follow_up, recordedAt: new Date(row.recorded_at).toISOString() } : null;
}
