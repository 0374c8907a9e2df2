// The surveys module's business rules: inviting an applicant whose application closed, their response,
// the index of a period (from the daily aggregates, never from the responses). Services take
// (ctx, input); the time is ctx.now().
import { randomUUID } from 'node:crypto';
import { type Tx, withTenant } from '../../db/index.js';
import type { TenantContext } from '../../platform/context.js';
import { actorRef } from '../../platform/context.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import { enqueueJob } from '../../platform/jobs/index.js';
import type { ClosedInfo } from '../applications/index.js';
import { listServices, type PublicService } from '../catalog/index.js';
import { listAgencies } from '../tenancy/index.js';
import { checkResponse, type ResponseInput } from './answers.js';
import { computeIkm, type ElementKey, type Grade, minimumSample, weakestElements } from './ikm.js';
import { dayIn, daysIn, isDay, previousRange } from './periods.js';
import { addResponses, insertInvitation, type NewResponse, responseExistsFor, selectFollowUps, selectInvitation, selectLatestByTopic, selectPeriodTotals, selectTotalsByAgency } from './store.js';
import { TOPICS, type Topic } from './topics.js';
import './strings.js';

export const INVITE_JOB = 'surveys.invite';

const notInvited = () => new DomainError('surveys.not_invited', 404, 'svy.error.not_invited');
const alreadyAnswered = () => new DomainError('surveys.already_answered', 409, 'svy.error.already_answered');

/**
 * The applications hook: an application closed with a service delivered (approved, issued or
 * rejected — the applicant was served; a withdrawal was not) invites its applicant, counts them as a
 * service user of the day, and queues the notification — all in the closing transaction.
 */
export async function inviteToSurvey(trx: Tx, info: ClosedInfo): Promise<void> {
  if (info.outcome === 'withdrawn') return;
  const closedAt = new Date(info.at);
  const invited = await insertInvitation(
    trx,
    { tenant_id: info.tenantId, application_id: info.applicationId, citizen_id: info.applicantId, service_id: info.serviceId, agency_id: info.agencyId, tracking_number: info.trackingNumber, closed_at: closedAt },
    dayIn(info.timeZone, closedAt),
  );
  if (!invited) return;
  await enqueueJob(trx, { kind: INVITE_JOB, tenantId: info.tenantId, payload: { applicationId: info.applicationId }, dedupeKey: `${info.tenantId}:${info.applicationId}` });
}

export interface SurveyInvitation {
  applicationId: string;
  trackingNumber: string;
  citizenId: string;
  serviceName: { id: string; en?: string };
  answered: boolean;
}

/** The invitation of one of the actor's own closed applications (another's, or none: 404). */
export async function getSurveyInvitation(ctx: TenantContext, input: { applicationId: string }): Promise<SurveyInvitation> {
  const services = await listServices(ctx);
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const invitation = await selectInvitation(trx, ctx.tenant.id, input.applicationId);
    const own = ctx.actor.kind === 'citizen' && invitation?.citizen_id === ctx.actor.id;
    // A system actor (the invitation job) may read any; a citizen only their own.
    if (!invitation || (!own && ctx.actor.kind !== 'system')) throw notInvited();
    const service = services.find((s) => s.id === invitation.service_id);
    return {
      applicationId: invitation.application_id,
      trackingNumber: invitation.tracking_number,
      citizenId: invitation.citizen_id,
      serviceName: service ? service.name : { id: invitation.tracking_number },
      answered: await responseExistsFor(trx, ctx.tenant.id, input.applicationId),
    };
  });
}

/** Refused with every field error (400, in the request's language). */
export function invalidResponse(errors: PendingFieldError[]) {
  return new DomainError('surveys.invalid_response', 400, 'svy.error.invalid', {}, errors);
}

/** The applicant's response for their closed application: once (409 after), complete (400), audited. */
export async function submitSurveyResponse(ctx: TenantContext, input: ResponseInput & { applicationId: string }): Promise<{ id: string; submittedAt: string }> {
  const checked = checkResponse(input);
  if ('errors' in checked) throw invalidResponse(checked.errors);
  const at = ctx.now();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const invitation = await selectInvitation(trx, ctx.tenant.id, input.applicationId);
    if (!invitation || ctx.actor.kind !== 'citizen' || invitation.citizen_id !== ctx.actor.id) throw notInvited();
    const { answers, demographics, suggestion } = checked.ok;
    const row: NewResponse = {
      tenant_id: ctx.tenant.id,
      id: randomUUID(),
      channel: 'online',
      application_id: invitation.application_id,
      agency_id: invitation.agency_id,
      service_id: invitation.service_id,
      submitted_at: at,
      day: dayIn(ctx.tenant.timeZone, at),
      ...answers,
      ...demographics,
      suggestion,
      created_at: at,
    };
    if (!(await addResponses(trx, ctx.tenant.id, [row]))) throw alreadyAnswered();
    // The entry says that a response came, not what it says: the answers are anonymous.
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'survey.response_submitted', subject: `application:${invitation.application_id}`, at });
    return { id: row.id, submittedAt: at.toISOString() };
  });
}

export interface IkmQuery {
  /** Agency code (e.g. "disdukcapil"). */
  agency?: string;
  /** Service code; with `agency`, the service of that agency. */
  service?: string;
  from: string;
  to: string;
}

export interface IkmReport {
  from: string;
  to: string;
  agency: { code: string; name: string } | null;
  service: { code: string; name: { id: string; en?: string } } | null;
  ikm: number | null;
  grade: Grade | null;
  respondents: number;
  elements: { key: ElementKey; nrr: number; index: number; grade: Grade }[];
  weakest: ElementKey[];
  sample: { previousFrom: string; previousTo: string; population: number; minimum: number | null; reached: boolean | null };
  /** Suggestions grouped by topic (topics.ts), largest group first, with each group's latest few. */
  topics: { topic: Topic; count: number; latest: { text: string; day: string }[] }[];
  /** The follow-up each agency recorded for exactly this period (the agency's own, when one is chosen). */
  followUps: { agency: { code: string; name: string }; text: string; recordedAt: string }[];
}

/** How many of each topic's suggestions the report quotes. */
const LATEST_PER_TOPIC = 3;

const badPeriod = () => new DomainError('surveys.bad_period', 400, 'svy.error.bad_period');

/** Resolves the query's agency and service codes among the tenant's published services. */
function resolveScope(services: readonly PublicService[], query: IkmQuery): { agency: PublicService['agency'] | null; service: PublicService | null } {
  let candidates = services;
  let agency: PublicService['agency'] | null = null;
  if (query.agency) {
    candidates = services.filter((s) => s.agency.code === query.agency);
    agency = candidates[0]?.agency ?? null;
    if (!agency) throw new DomainError('surveys.unknown_agency', 404, 'svy.error.unknown_agency');
  }
  if (!query.service) return { agency, service: null };
  const matches = candidates.filter((s) => s.code === query.service);
  if (matches.length !== 1) throw new DomainError('surveys.unknown_service', 404, 'svy.error.unknown_service');
  return { agency, service: matches[0]! };
}

/** Each agency's index over a period (agencies without responses are absent), in one statement: for league tables. */
export async function getIkmByAgency(ctx: TenantContext, query: { from: string; to: string }): Promise<Map<string, { ikm: number | null; grade: Grade | null; respondents: number }>> {
  if (!isDay(query.from) || !isDay(query.to) || query.from > query.to || daysIn(query.from, query.to) > 366) throw badPeriod();
  const byAgency = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectTotalsByAgency(trx, ctx.tenant.id, query.from, query.to));
  const out = new Map<string, { ikm: number | null; grade: Grade | null; respondents: number }>();
  for (const [agencyId, { respondents, totals }] of byAgency) {
    const result = computeIkm(totals);
    out.set(agencyId, { ikm: result.ikm, grade: result.grade, respondents });
  }
  return out;
}

/**
 * The index of a period (agency and/or service, or tenant-wide), read from the daily aggregates: one
 * transaction of three statements (both periods' totals, the latest suggestions per topic, the
 * follow-ups), whatever the number of responses.
 */
export async function getIkm(ctx: TenantContext, query: IkmQuery): Promise<IkmReport> {
  if (!isDay(query.from) || !isDay(query.to) || query.from > query.to || daysIn(query.from, query.to) > 366) throw badPeriod();
  const services = await listServices(ctx);
  const { agency, service } = resolveScope(services, query);
  const filter = { agencyId: service?.agency.id ?? agency?.id, serviceId: service?.id, from: query.from, to: query.to };
  const previous = previousRange(query.from, query.to);
  const [now, latest, followUps] = await withTenant(ctx.db, ctx.tenant.id, (trx) =>
    Promise.all([
      selectPeriodTotals(trx, ctx.tenant.id, filter, previous.from),
      selectLatestByTopic(trx, ctx.tenant.id, filter, LATEST_PER_TOPIC),
      // A service's follow-up is its agency's: the agency commits to it for all its services.
      selectFollowUps(trx, ctx.tenant.id, { from: query.from, to: query.to, agencyId: filter.agencyId }),
    ]),
  );
  const result = computeIkm(now.totals);
  const minimum = now.servedBefore > 0 ? minimumSample(now.servedBefore) : null;
  const agencies = followUps.length > 0 ? await listAgencies(ctx.db, ctx.tenant) : [];
  return {
    from: query.from,
    to: query.to,
    agency: agency ? { code: agency.code, name: agency.name } : service ? { code: service.agency.code, name: service.agency.name } : null,
    service: service ? { code: service.code, name: service.name } : null,
    ikm: result.ikm,
    grade: result.grade,
    respondents: now.respondents,
    elements: now.respondents > 0 ? result.elements : [],
    weakest: now.respondents > 0 ? weakestElements(result.elements).map((e) => e.key) : [],
    sample: { previousFrom: previous.from, previousTo: previous.to, population: now.servedBefore, minimum, reached: minimum === null ? null : now.respondents >= minimum },
    topics: TOPICS.filter((topic) => now.topics[topic] > 0)
      .map((topic) => ({ topic, count: now.topics[topic], latest: latest.filter((l) => l.topic === topic).map((l) => ({ text: l.suggestion, day: l.on_day })) }))
      .sort((a, b) => b.count - a.count || TOPICS.indexOf(a.topic) - TOPICS.indexOf(b.topic)),
    followUps: followUps.flatMap((f) => {
      const of = agencies.find((a) => a.id === f.agency_id);
      return of ? [{ agency: { code: of.code, name: of.name }, text: f.follow_up, recordedAt: new Date(f.recorded_at).toISOString() }] : [];
    }),
  };
}
