// SQL for the complaint tables, the part every other part reads: a report, its timeline, its photos
// and answer files, the tenant's categories and tier days. Each part keeps the SQL only it needs in its
// own store.ts (intake/, handling/, public/, routing/); nothing outside these stores touches the
// tables. Every function takes the caller's transaction (opened by the service with withTenant, so
// row-level security checks the tenant a second time) and the tenant first.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Tx } from '../../db/index.js';
import type { ComplaintAnswerAttachmentTable, ComplaintCategoryTable, ComplaintEventTable, ComplaintTable } from '../../db/schema.js';
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
export function selectDispositions(trx: Tx, tenantId: string, complaintId: string) {
  return trx
    .selectFrom('complaint_dispositions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('complaint_id', '=', complaintId)
    .orderBy('id')
    .execute();
}
// ---- photos, answer attachments ----

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
export type AttachmentMeta = Pick<Selectable<ComplaintAnswerAttachmentTable>, 'id' | 'event_id' | 'idx' | 'name' | 'mime' | 'size' | 'sha256' | 'width' | 'height'>;

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
