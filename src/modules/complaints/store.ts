// SQL for the complaint tables; nothing else touches them. Every function takes the caller's
// transaction (opened by the service with withTenant, so row-level security checks the tenant a
// second time) and the tenant first.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Tx } from '../../db/index.js';
import type {
  ComplaintAnswerAttachmentTable,
  ComplaintCategoryTable,
  ComplaintEventTable,
  ComplaintRetrainRunTable,
  ComplaintRoutingModelTable,
  ComplaintServiceAreaTable,
  ComplaintStatus,
  ComplaintTable,
  ComplaintTrainingExampleTable,
} from '../../db/schema.js';
import { DEFAULT_TIER_DAYS, type TierDays } from './workflow.js';

/** The tables this module owns: only its stores touch them (`npm run check`). */
export const TABLES = ['complaint_settings', 'complaint_categories', 'complaints', 'complaint_events', 'complaint_dispositions', 'complaint_photos', 'complaint_answer_attachments', 'complaint_response_templates', 'complaint_training_examples', 'complaint_routing_models', 'complaint_retrain_runs', 'complaint_service_areas', 'open311_api_keys'] as const;

export type ComplaintRow = Selectable<ComplaintTable>;
export type CategoryRow = Selectable<ComplaintCategoryTable>;
export type EventRow = Selectable<ComplaintEventTable>;

// ---- settings and categories ----

export async function selectTierDays(trx: Tx, tenantId: string): Promise<TierDays> {
  const row = await trx
    .selectFrom('complaint_settings')
    .select(['tier_simple_days', 'tier_dispute_days', 'tier_field_days'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_TIER_DAYS };
  return { simple: row.tier_simple_days, dispute: row.tier_dispute_days, field: row.tier_field_days };
}

export async function upsertTierDays(trx: Tx, tenantId: string, tiers: TierDays): Promise<void> {
  const values = { tier_simple_days: tiers.simple, tier_dispute_days: tiers.dispute, tier_field_days: tiers.field };
  await trx
    .insertInto('complaint_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
}

export function selectCategories(trx: Tx, tenantId: string): Promise<CategoryRow[]> {
  return trx.selectFrom('complaint_categories').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
}

export async function upsertCategory(trx: Tx, tenantId: string, row: Omit<Insertable<ComplaintCategoryTable>, 'tenant_id'>) {
  const { code, ...rest } = row;
  await trx
    .insertInto('complaint_categories')
    .values({ tenant_id: tenantId, code, ...rest })
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doUpdateSet(rest))
    .execute();
}

// ---- complaints ----

export async function insertComplaint(trx: Tx, row: Insertable<ComplaintTable>): Promise<boolean> {
  const result = await trx
    .insertInto('complaints')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'tracking_number']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * New complaints, each with its first timeline event, in one statement whatever their number. A
 * tracking number already taken is skipped (ON CONFLICT DO NOTHING) with its event: returns the ids
 * inserted, so the caller draws fresh numbers for the others.
 */
export async function insertComplaintsWithEvents(
  trx: Tx,
  entries: ReadonlyArray<{ row: Insertable<ComplaintTable>; event: FirstEvent }>,
): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  // One statement: the complaints (a tracking number already taken is skipped) and, in the same
  // INSERT, the first event of each one inserted — joined to the CTE's RETURNING, so a skipped
  // complaint gets no event. The events' foreign key sees the CTE's rows (checked at statement end).
  const inserted = await trx
    .with('c', (db) =>
      db
        .insertInto('complaints')
        .values(entries.map((e) => e.row))
        .onConflict((oc) => oc.columns(['tenant_id', 'tracking_number']).doNothing())
        .returning('id'),
    )
    .insertInto('complaint_events')
    .columns(['tenant_id', 'complaint_id', 'at', 'actor', 'action', 'to_status'])
    .expression(
      sql`SELECT e.tenant_id, e.complaint_id, e.at, e.actor, e.action, e.to_status
            FROM unnest(${entries.map((e) => e.row.tenant_id)}::uuid[], ${entries.map((e) => e.row.id)}::uuid[],
                        ${entries.map((e) => e.event.at)}::timestamptz[], ${entries.map((e) => e.event.actor)}::text[],
                        ${entries.map((e) => e.event.action)}::text[], ${entries.map((e) => e.event.to_status)}::text[])
                 AS e(tenant_id, complaint_id, at, actor, action, to_status)
            JOIN c ON c.id = e.complaint_id`,
    )
    .returning('complaint_id')
    .execute();
  return new Set(inserted.map((r) => r.complaint_id));
}

/** A complaint's first timeline event, written with it. */
export interface FirstEvent {
  at: Date;
  actor: string;
  action: string;
  to_status: string;
}

export function selectComplaint(trx: Tx, tenantId: string, id: string, lock = false): Promise<ComplaintRow | undefined> {
  let q = trx.selectFrom('complaints').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function selectComplaintByNumber(trx: Tx, tenantId: string, trackingNumber: string): Promise<ComplaintRow | undefined> {
  return trx
    .selectFrom('complaints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('tracking_number', '=', trackingNumber)
    .executeTakeFirst();
}

export function selectComplaintBySecret(trx: Tx, tenantId: string, secretHash: string): Promise<ComplaintRow | undefined> {
  return trx
    .selectFrom('complaints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('secret_code_hash', '=', secretHash)
    .executeTakeFirst();
}

export async function updateComplaint(trx: Tx, tenantId: string, id: string, patch: Updateable<ComplaintTable>) {
  await trx
    .updateTable('complaints')
    .set({ ...patch, updated_at: sql`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export interface QueueFilter {
  agencyId?: string;
  statuses: readonly ComplaintStatus[];
  limit: number;
}

export function selectQueue(trx: Tx, tenantId: string, filter: QueueFilter): Promise<ComplaintRow[]> {
  let q = trx
    .selectFrom('complaints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', [...filter.statuses]);
  if (filter.agencyId) q = q.where('agency_id', '=', filter.agencyId);
  return q.orderBy(sql`due_at nulls last`).orderBy('submitted_at').limit(filter.limit).execute();
}

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
 * Published reports: 'public' and 'anonim' (an anonymous report is published without any identity —
 * it has none), never 'rahasia'; not hidden by a moderator.
 */
export function selectPublic(trx: Tx, tenantId: string, filter: PublicFilter): Promise<ComplaintRow[]> {
  let q = trx
    .selectFrom('complaints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('privacy', 'in', ['public', 'anonim'])
    .where('hidden', '=', false);
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

/** Candidates for duplicate detection: open reports of the last 60 days within a lat/long box. */
export function selectNearby(
  trx: Tx,
  tenantId: string,
  box: { minLat: number; maxLat: number; minLon: number; maxLon: number },
  since: Date,
  excludeId: string,
): Promise<ComplaintRow[]> {
  return trx
    .selectFrom('complaints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('latitude', '>=', box.minLat)
    .where('latitude', '<=', box.maxLat)
    .where('longitude', '>=', box.minLon)
    .where('longitude', '<=', box.maxLon)
    .where('submitted_at', '>=', since)
    .where('id', '<>', excludeId)
    .where('merged_into', 'is', null)
    .limit(200)
    .execute();
}

export function selectOverdue(trx: Tx, tenantId: string, now: Date): Promise<ComplaintRow[]> {
  return trx
    .selectFrom('complaints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', ['submitted', 'verified', 'forwarded', 'in_follow_up'])
    .where('due_at', '<', now)
    .where((eb) => eb.or([eb('escalated_at', 'is', null), eb('escalated_at', '<', eb.ref('due_at'))]))
    .limit(500)
    .forUpdate()
    .skipLocked()
    .execute();
}

// ---- timeline, dispositions ----

/** Appends a timeline event; returns its id (answer attachments refer to it). */
export async function insertEvent(trx: Tx, row: Insertable<ComplaintEventTable>): Promise<number> {
  const { id } = await trx.insertInto('complaint_events').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(id);
}

export function selectEvents(trx: Tx, tenantId: string, complaintId: string, includeInternal: boolean): Promise<EventRow[]> {
  let q = trx
    .selectFrom('complaint_events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('complaint_id', '=', complaintId);
  if (!includeInternal) q = q.where('internal', '=', false);
  return q.orderBy('id').execute();
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
    .where('c.privacy', 'in', ['public', 'anonim'])
    .where('c.hidden', '=', false)
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

export async function insertDisposition(
  trx: Tx,
  row: { tenantId: string; complaintId: string; actor: string; from: string | null; to: string | null; toTenant?: string; reason: string | null },
) {
  await trx
    .insertInto('complaint_dispositions')
    .values({
      tenant_id: row.tenantId,
      complaint_id: row.complaintId,
      actor: row.actor,
      from_agency_id: row.from,
      to_agency_id: row.to,
      to_tenant_slug: row.toTenant ?? null,
      reason: row.reason,
    })
    .execute();
}

export function selectDispositions(trx: Tx, tenantId: string, complaintId: string) {
  return trx
    .selectFrom('complaint_dispositions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('complaint_id', '=', complaintId)
    .orderBy('id')
    .execute();
}

// ---- photos ----

export async function insertPhotos(
  trx: Tx,
  tenantId: string,
  complaintId: string,
  photos: { mime: 'image/jpeg' | 'image/png' | 'image/webp'; width: number; height: number; data: Buffer }[],
) {
  if (photos.length === 0) return;
  await trx
    .insertInto('complaint_photos')
    .values(photos.map((p, idx) => ({ tenant_id: tenantId, complaint_id: complaintId, idx, ...p })))
    .execute();
}

export function selectPhotoList(trx: Tx, tenantId: string, complaintId: string) {
  return trx
    .selectFrom('complaint_photos')
    .select(['idx', 'mime', 'width', 'height'])
    .where('tenant_id', '=', tenantId)
    .where('complaint_id', '=', complaintId)
    .orderBy('idx')
    .execute();
}

export function selectPhoto(trx: Tx, tenantId: string, complaintId: string, idx: number) {
  return trx
    .selectFrom('complaint_photos')
    .select(['mime', 'data'])
    .where('tenant_id', '=', tenantId)
    .where('complaint_id', '=', complaintId)
    .where('idx', '=', idx)
    .executeTakeFirst();
}

/** Of these complaints, the ids that have at least one (sanitised) photo. */
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

// ---- answer attachments ----

export type AttachmentMeta = Pick<Selectable<ComplaintAnswerAttachmentTable>, 'id' | 'event_id' | 'idx' | 'name' | 'mime' | 'size' | 'sha256' | 'width' | 'height'>;

export async function insertAttachments(trx: Tx, rows: Insertable<ComplaintAnswerAttachmentTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await trx.insertInto('complaint_answer_attachments').values(rows).execute();
}

/** The attachments of a complaint's events, without their content, in answer order. */
export async function selectAttachmentList(trx: Tx, tenantId: string, complaintId: string): Promise<AttachmentMeta[]> {
  const rows = await trx
    .selectFrom('complaint_answer_attachments')
    .select(['id', 'event_id', 'idx', 'name', 'mime', 'size', 'sha256', 'width', 'height'])
    .where('tenant_id', '=', tenantId)
    .where('complaint_id', '=', complaintId)
    .orderBy('event_id')
    .orderBy('idx')
    .execute();
  return rows.map((r) => ({ ...r, event_id: Number(r.event_id) }));
}

/** One attachment with its content and whether its event is internal (never shown outside). */
export function selectAttachment(trx: Tx, tenantId: string, complaintId: string, id: string) {
  return trx
    .selectFrom('complaint_answer_attachments as a')
    .innerJoin('complaint_events as e', (join) =>
      join.onRef('e.tenant_id', '=', 'a.tenant_id').onRef('e.complaint_id', '=', 'a.complaint_id').onRef('e.id', '=', 'a.event_id'),
    )
    .select(['a.name', 'a.mime', 'a.size', 'a.data', 'e.internal'])
    .where('a.tenant_id', '=', tenantId)
    .where('a.complaint_id', '=', complaintId)
    .where('a.id', '=', id)
    .executeTakeFirst();
}

// ---- response templates ----

export async function insertTemplate(trx: Tx, row: { tenantId: string; id: string; agencyId: string | null; title: string; body: string }) {
  await trx
    .insertInto('complaint_response_templates')
    .values({ tenant_id: row.tenantId, id: row.id, agency_id: row.agencyId, title: row.title, body: row.body })
    .execute();
}

export function selectTemplates(trx: Tx, tenantId: string, agencyId: string | null) {
  let q = trx.selectFrom('complaint_response_templates').selectAll().where('tenant_id', '=', tenantId);
  q = agencyId
    ? q.where((eb) => eb.or([eb('agency_id', 'is', null), eb('agency_id', '=', agencyId)]))
    : q.where('agency_id', 'is', null);
  return q.orderBy('title').execute();
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

export async function selectTopCategories(trx: Tx, tenantId: string, since: Date) {
  return trx
    .selectFrom('complaints')
    .select(['agency_id', 'category_code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('tenant_id', '=', tenantId)
    .where('agency_id', 'is not', null)
    .where('submitted_at', '>=', since)
    .groupBy(['agency_id', 'category_code'])
    .orderBy('n', 'desc')
    .execute();
}

// ---- Open311 API keys ----

export async function insertApiKey(trx: Tx, row: { tenantId: string; id: string; keyHash: string; label: string }) {
  await trx
    .insertInto('open311_api_keys')
    .values({ tenant_id: row.tenantId, id: row.id, key_hash: row.keyHash, label: row.label })
    .onConflict((oc) => oc.columns(['tenant_id', 'key_hash']).doNothing())
    .execute();
}

export function selectApiKey(trx: Tx, tenantId: string, keyHash: string) {
  return trx
    .selectFrom('open311_api_keys')
    .select(['id', 'label'])
    .where('tenant_id', '=', tenantId)
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function countApiKeys(trx: Tx, tenantId: string): Promise<number> {
  const row = await trx
    .selectFrom('open311_api_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Published reports with a place, newest first, for the public map (same visibility as selectPublic). */
export function selectPublicLocated(trx: Tx, tenantId: string, limit: number): Promise<ComplaintRow[]> {
  return trx
    .selectFrom('complaints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('privacy', 'in', ['public', 'anonim'])
    .where('hidden', '=', false)
    .where('latitude', 'is not', null)
    .where('longitude', 'is not', null)
    .orderBy('submitted_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

// ---- routing that learns: training examples, tenant models, retraining runs, service areas ----

export type TrainingExampleRow = Selectable<ComplaintTrainingExampleTable>;
export type RetrainRunRow = Selectable<ComplaintRetrainRunTable>;
export type ServiceAreaRow = Selectable<ComplaintServiceAreaTable>;

/** One example per report: a later relabel (another dispatch) replaces it and counts as new again. */
export async function upsertTrainingExample(trx: Tx, row: Omit<Insertable<ComplaintTrainingExampleTable>, 'seq'>): Promise<void> {
  const { tenant_id: _t, complaint_id: _c, ...labels } = row;
  await trx
    .insertInto('complaint_training_examples')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'complaint_id']).doUpdateSet({ ...labels, seq: sql`nextval('complaint_training_seq')`, updated_at: sql`now()` }),
    )
    .execute();
}

export function selectTrainingExample(trx: Tx, tenantId: string, complaintId: string): Promise<TrainingExampleRow | undefined> {
  return trx
    .selectFrom('complaint_training_examples')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('complaint_id', '=', complaintId)
    .executeTakeFirst();
}

export function selectTrainingExamples(trx: Tx, tenantId: string): Promise<Pick<TrainingExampleRow, 'seq' | 'text' | 'category_code' | 'agency_code' | 'outcome'>[]> {
  return trx
    .selectFrom('complaint_training_examples')
    .select(['seq', 'text', 'category_code', 'agency_code', 'outcome'])
    .where('tenant_id', '=', tenantId)
    .orderBy('seq')
    .execute();
}

export async function countCorrectionsAfter(trx: Tx, tenantId: string, seq: number): Promise<number> {
  const row = await trx
    .selectFrom('complaint_training_examples')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', seq)
    .where('outcome', '=', 'corrected')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The highest seq any run has seen (0 before the first run): "new" examples come after it. */
export async function selectRetrainWatermark(trx: Tx, tenantId: string): Promise<number> {
  const row = await trx
    .selectFrom('complaint_retrain_runs')
    .select((eb) => eb.fn.max('examples_through').as('seq'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Serialises requests for a manual retraining of one tenant (so two clicks queue one job). */
export async function lockRetrainRequest(trx: Tx, tenantId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`complaints.retrain-request:${tenantId}`}))`.execute(trx);
}

/** Serialises retraining of one tenant across processes until the transaction ends. */
export async function lockRetrain(trx: Tx, tenantId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`complaints.retrain:${tenantId}`}))`.execute(trx);
}

export function selectRoutingModelVersion(trx: Tx, tenantId: string): Promise<{ version: number } | undefined> {
  return trx.selectFrom('complaint_routing_models').select('version').where('tenant_id', '=', tenantId).executeTakeFirst();
}

export function selectRoutingModel(trx: Tx, tenantId: string) {
  return trx.selectFrom('complaint_routing_models').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export async function upsertRoutingModel(trx: Tx, row: Insertable<ComplaintRoutingModelTable>): Promise<void> {
  const { tenant_id: _t, ...rest } = row;
  await trx
    .insertInto('complaint_routing_models')
    .values(row)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...rest, trained_at: sql`now()` }))
    .execute();
}

export async function insertRetrainRun(trx: Tx, row: Insertable<ComplaintRetrainRunTable>): Promise<number> {
  const { id } = await trx.insertInto('complaint_retrain_runs').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function selectRetrainRuns(trx: Tx, tenantId: string, limit: number): Promise<RetrainRunRow[]> {
  return trx
    .selectFrom('complaint_retrain_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function insertServiceArea(trx: Tx, row: Insertable<ComplaintServiceAreaTable>): Promise<void> {
  await trx.insertInto('complaint_service_areas').values(row).execute();
}

export function selectServiceAreas(trx: Tx, tenantId: string): Promise<ServiceAreaRow[]> {
  return trx.selectFrom('complaint_service_areas').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
}

/** Deletes one service area; returns what was deleted, undefined when there was none. */
export function selectServiceArea(trx: Tx, tenantId: string, id: string, lock = false): Promise<ServiceAreaRow | undefined> {
  let q = trx.selectFrom('complaint_service_areas').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateServiceArea(
  trx: Tx,
  tenantId: string,
  id: string,
  fields: Pick<Insertable<ComplaintServiceAreaTable>, 'name' | 'agency_id' | 'category_code' | 'area'>,
): Promise<void> {
  await trx.updateTable('complaint_service_areas').set(fields).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export function deleteServiceArea(trx: Tx, tenantId: string, id: string): Promise<Pick<ServiceAreaRow, 'id' | 'name' | 'category_code'> | undefined> {
  return trx.deleteFrom('complaint_service_areas').where('tenant_id', '=', tenantId).where('id', '=', id).returning(['id', 'name', 'category_code']).executeTakeFirst();
}
