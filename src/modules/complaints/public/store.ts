// SQL of what the public and the reporter see: published reports (list, map, Open311), a citizen's
// own reports, published status changes, and the per-agency statistics.
import { sql } from 'kysely';
import type { Tx } from '../../../db/index.js';
import type { ComplaintStatus } from '../../../db/schema.js';
import { PUBLISHED_PRIVACY } from '../publication.js';
import type { ComplaintRow } from '../store.js';

export function selectByReporter(trx: Tx, tenantId: string, citizenId: string): Promise<ComplaintRow[]> {
  return trx
    .selectFrom('complaints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('reporter_citizen_id', '=', citizenId)
    .orderBy('submitted_at', 'desc')
    .limit(200)
    .execute();
}

export interface PublicFilter {
  limit: number;
  /** Keyset cursor: strictly older than this (submitted_at, id). */
  before?: { at: Date; id: string };
  since?: Date;
  until?: Date;
  categoryCodes?: string[];
  statuses?: ComplaintStatus[];
  trackingNumbers?: string[];
}

/**
 * The SQL twin of publication.ts `isPublished` (the one rule; keep them saying the same): verified by a
 * coordinator, 'public' or 'anonim', not hidden. Written as the partial index complaints_public's
 * predicate (migration 0052) so that the planner uses it.
 */
export function published(table: 'complaints' | 'c') {
  const ref = (column: string) => sql.ref(`${table}.${column}`);
  const privacy = sql.join(PUBLISHED_PRIVACY.map((p) => sql.lit(p)));
  return sql<boolean>`(${ref('published_at')} IS NOT NULL AND ${ref('privacy')} IN (${privacy}) AND NOT ${ref('hidden')})`;
}

/** Published reports (publication.ts): newest first, by the filter. */
export function selectPublic(trx: Tx, tenantId: string, filter: PublicFilter): Promise<ComplaintRow[]> {
  let q = trx
    .selectFrom('complaints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(published('complaints'));
  if (filter.before) {
    const { at, id } = filter.before;
    q = q.where(sql<boolean>`(submitted_at, id) < (${at}, ${id}::uuid)`);
  }
  if (filter.since) q = q.where('submitted_at', '>=', filter.since);
  if (filter.until) q = q.where('submitted_at', '<=', filter.until);
  if (filter.categoryCodes?.length) q = q.where('category_code', 'in', filter.categoryCodes);
  if (filter.statuses?.length) q = q.where('status', 'in', filter.statuses);
  if (filter.trackingNumbers?.length) q = q.where('tracking_number', 'in', filter.trackingNumbers);
  return q.orderBy('submitted_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

/**
 * Status changes of published reports (the same visibility as selectPublic) in a time window, oldest
 * first: the timeline entries that moved a report to a state, never internal ones, and not the
 * submission itself (a client learns of that when it submits or lists). For Open311
 * servicerequestupdates.
 */
export function selectPublishedStatusChanges(trx: Tx, tenantId: string, window: { since: Date; until: Date; limit: number }) {
  return trx
    .selectFrom('complaint_events as e')
    .innerJoin('complaints as c', (join) => join.onRef('c.tenant_id', '=', 'e.tenant_id').onRef('c.id', '=', 'e.complaint_id'))
    .select(['e.id', 'e.complaint_id', 'e.at', 'e.action', 'e.to_status', 'e.reason', 'e.body', 'c.tracking_number', 'c.outcome'])
    .where('e.tenant_id', '=', tenantId)
    .where('e.at', '>=', window.since)
    .where('e.at', '<=', window.until)
    .where('e.internal', '=', false)
    .where('e.to_status', 'is not', null)
    .where('e.action', 'not in', ['submitted', 'transferred_in'])
    .where(published('c'))
    .orderBy('e.at')
    .orderBy('e.id')
    .limit(window.limit)
    .execute();
}

/** The files attached to these timeline entries (answers), without their content. */
export function selectEventAttachmentList(trx: Tx, tenantId: string, eventIds: number[]) {
  if (eventIds.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('complaint_answer_attachments')
    .select(['id', 'complaint_id', 'event_id', 'mime'])
    .where('tenant_id', '=', tenantId)
    .where('event_id', 'in', eventIds)
    .orderBy('event_id')
    .orderBy('idx')
    .execute();
}

/** Of these complaints, the ids that have at least one (sanitised) photo (the caller decides whether they are public). */
export async function selectIdsWithPhotos(trx: Tx, tenantId: string, complaintIds: string[]): Promise<Set<string>> {
  if (complaintIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('complaint_photos')
    .select('complaint_id')
    .distinct()
    .where('tenant_id', '=', tenantId)
    .where('complaint_id', 'in', complaintIds)
    .execute();
  return new Set(rows.map((r) => r.complaint_id));
}

// ---- statistics ----

export interface AgencyStatsRow {
  agencyId: string;
  received: number;
  verifiedOnTime: number;
  answered: number;
  answeredOnTime: number;
  resolved: number;
  averageRating: number | null;
}

/**
 * Per agency (the one currently holding the report): received, verified and forwarded on time
 * (≤ 3 HK after submission), answered, answered on time (≤ the tier's resolution deadline),
 * resolved (confirmed by the reporter or closed as resolved), average rating.
 */
export async function selectAgencyStats(trx: Tx, tenantId: string, since: Date): Promise<AgencyStatsRow[]> {
  const rows = await sql<{
    agency_id: string;
    received: number;
    verified_on_time: number;
    answered: number;
    answered_on_time: number;
    resolved: number;
    average_rating: number | null;
  }>`
    SELECT agency_id,
      count(*)::int AS received,
      count(*) FILTER (WHERE forwarded_at IS NOT NULL AND verify_due_at IS NOT NULL AND forwarded_at <= verify_due_at)::int AS verified_on_time,
      count(*) FILTER (WHERE responded_at IS NOT NULL)::int AS answered,
      count(*) FILTER (WHERE responded_at IS NOT NULL AND responded_at <= resolution_due_at)::int AS answered_on_time,
      count(*) FILTER (WHERE outcome = 'resolved')::int AS resolved,
      avg(rating)::float8 AS average_rating
    FROM complaints
    WHERE tenant_id = ${tenantId} AND agency_id IS NOT NULL AND submitted_at >= ${since}
    GROUP BY agency_id
  `.execute(trx);
  return rows.rows.map((r) => ({
    agencyId: r.agency_id,
    received: r.received,
    verifiedOnTime: r.verified_on_time,
    answered: r.answered,
    answeredOnTime: r.answered_on_time,
    resolved: r.resolved,
    averageRating: r.average_rating === null ? null : Math.round(r.average_rating * 100) / 100,
  }));
}

/**
 * What people report to each agency, counted over published reports only: the topics describe the
 * reports' content, which the public learns of only once a coordinator has verified it.
 */
export async function selectTopCategories(trx: Tx, tenantId: string, since: Date) {
  return trx
    .selectFrom('complaints')
    .select(['agency_id', 'category_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenantId)
    .where(published('complaints'))
    .where('agency_id', 'is not', null)
    .where('submitted_at', '>=', since)
    .groupBy(['agency_id', 'category_code'])
    .orderBy('n', 'desc')
    .execute();
}

/** Published reports with a place, newest first, for the public map (same visibility as selectPublic). */
export function selectPublicLocated(trx: Tx, tenantId: string, limit: number): Promise<ComplaintRow[]> {
  return trx
    .selectFrom('complaints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where(published('complaints'))
    .where('latitude', 'is not', null)
    .where('longitude', 'is not', null)
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
