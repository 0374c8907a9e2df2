// SQL for citizens' drafts (one per citizen and service). Tenant first, inside withTenant().
import type { DbOrTx, Tx } from '../../../db/index.js';

export interface DraftRow {
  id: string;
  citizenId: string;
  serviceId: string;
  answers: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  remindedAt: Date | null;
}

const columns = [
  'id',
  'citizen_id as citizenId',
  'service_id as serviceId',
  'answers',
  'created_at as createdAt',
  'updated_at as updatedAt',
  'expires_at as expiresAt',
  'reminded_at as remindedAt',
] as const;

/** Creates or replaces the citizen's draft for the service (a save pushes its expiry back and re-arms the reminder). */
export async function upsertDraft(trx: Tx, tenantId: string, row: DraftRow): Promise<DraftRow> {
  return (await trx
    .insertInto('application_drafts')
    .values({
      tenant_id: tenantId,
      id: row.id,
      citizen_id: row.citizenId,
      service_id: row.serviceId,
      answers: JSON.stringify(row.answers),
      created_at: row.createdAt,
      updated_at: row.updatedAt,
      expires_at: row.expiresAt,
      reminded_at: null,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'citizen_id', 'service_id']).doUpdateSet({
        answers: JSON.stringify(row.answers),
        updated_at: row.updatedAt,
        expires_at: row.expiresAt,
        reminded_at: null,
      }),
    )
    .returning(columns)
    .executeTakeFirstOrThrow()) as DraftRow;
}

/**
 * The citizen's draft for a service; `lock` takes its row lock until the transaction ends (submitting
 * from the draft does, so that of two submissions at once the second finds the draft gone).
 */
export async function selectDraft(db: DbOrTx, tenantId: string, citizenId: string, serviceId: string, lock = false): Promise<DraftRow | undefined> {
  let query = db
    .selectFrom('application_drafts')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('citizen_id', '=', citizenId)
    .where('service_id', '=', serviceId);
  if (lock) query = query.forUpdate();
  return (await query.executeTakeFirst()) as DraftRow | undefined;
}

export async function selectDraftsOf(db: DbOrTx, tenantId: string, citizenId: string): Promise<DraftRow[]> {
  return (await db
    .selectFrom('application_drafts')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('citizen_id', '=', citizenId)
    .orderBy('updated_at', 'desc')
    .limit(100)
    .execute()) as DraftRow[];
}

export async function deleteDraft(trx: Tx, tenantId: string, citizenId: string, serviceId: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('application_drafts')
    .where('tenant_id', '=', tenantId)
    .where('citizen_id', '=', citizenId)
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Drafts to remind (expiring by `remindBy`, not reminded yet, not expired), a batch at a time. */
export async function selectDraftsToRemind(trx: Tx, tenantId: string, now: Date, remindBy: Date, limit: number): Promise<DraftRow[]> {
  return (await trx
    .selectFrom('application_drafts')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('expires_at', '>', now)
    .where('expires_at', '<=', remindBy)
    .where('reminded_at', 'is', null)
    .orderBy('expires_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()) as DraftRow[];
}

export async function markReminded(trx: Tx, tenantId: string, id: string, at: Date): Promise<void> {
  await trx.updateTable('application_drafts').set({ reminded_at: at }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Deletes expired drafts; how many. */
export async function deleteExpiredDrafts(trx: Tx, tenantId: string, now: Date): Promise<number> {
  const result = await trx.deleteFrom('application_drafts').where('tenant_id', '=', tenantId).where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

// ---- uploads (who uploaded which file, for which service and field) ----

export interface UploadRow {
  fileId: string;
  citizenId: string;
  serviceId: string;
  fieldId: string;
  uploadedBy: string;
  createdAt: Date;
}

const uploadColumns = ['file_id as fileId', 'citizen_id as citizenId', 'service_id as serviceId', 'field_id as fieldId', 'uploaded_by as uploadedBy', 'created_at as createdAt'] as const;

export async function insertUploads(trx: Tx, tenantId: string, rows: UploadRow[]): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('application_uploads')
    .values(
      rows.map((r) => ({
        tenant_id: tenantId,
        file_id: r.fileId,
        citizen_id: r.citizenId,
        service_id: r.serviceId,
        field_id: r.fieldId,
        uploaded_by: r.uploadedBy,
        created_at: r.createdAt,
      })),
    )
    .execute();
}

/** The citizen's uploads among `fileIds` (another citizen's, or an unknown id, is simply absent). */
export async function selectUploadsOf(db: DbOrTx, tenantId: string, citizenId: string, fileIds: readonly string[]): Promise<UploadRow[]> {
  if (fileIds.length === 0) return [];
  return db
    .selectFrom('application_uploads')
    .select(uploadColumns)
    .where('tenant_id', '=', tenantId)
    .where('citizen_id', '=', citizenId)
    .where('file_id', 'in', fileIds)
    .execute();
}

/**
 * The citizen's uploads since `since` that went with a submitted application (documents they already
 * handed in, which a later form may reuse), most recent first, one row per file.
 */
export async function selectSubmittedUploads(db: DbOrTx, tenantId: string, citizenId: string, since: Date, limit: number): Promise<UploadRow[]> {
  return db
    .selectFrom('application_uploads as u')
    .select(['u.file_id as fileId', 'u.citizen_id as citizenId', 'u.service_id as serviceId', 'u.field_id as fieldId', 'u.uploaded_by as uploadedBy', 'u.created_at as createdAt'])
    .where('u.tenant_id', '=', tenantId)
    .where('u.citizen_id', '=', citizenId)
    .where('u.created_at', '>=', since)
    .where((eb) =>
      eb.exists(eb.selectFrom('application_files as f').select('f.file_id').whereRef('f.tenant_id', '=', 'u.tenant_id').whereRef('f.file_id', '=', 'u.file_id')),
    )
    .orderBy('u.created_at', 'desc')
    .limit(limit)
    .execute();
}

// ---- a person's erasure (../personal-data.ts) ----

/** The person's unfinished drafts (no decision was made on them). */
export async function deleteDraftsOf(trx: Tx, tenantId: string, citizenId: string): Promise<number> {
  const r = await trx.deleteFrom('application_drafts').where('tenant_id', '=', tenantId).where('citizen_id', '=', citizenId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The person's uploads no submitted application refers to; returns their file ids (the files go too). */
export async function deleteUnsubmittedUploads(trx: Tx, tenantId: string, citizenId: string): Promise<string[]> {
  const rows = await trx
    .deleteFrom('application_uploads as u')
    .where('u.tenant_id', '=', tenantId)
    .where('u.citizen_id', '=', citizenId)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('application_files as f').select('f.file_id').whereRef('f.tenant_id', '=', 'u.tenant_id').whereRef('f.file_id', '=', 'u.file_id'))),
    )
    .returning('u.file_id')
    .execute();
  return rows.map((r) => r.file_id);
}

/** The keyed birth date of the person's applications (the public tracking look-up) goes. */
export async function clearBirthDateKeys(trx: Tx, tenantId: string, applicantId: string): Promise<number> {
  const r = await trx
    .updateTable('applications')
    .set({ birth_date_key: null })
    .where('tenant_id', '=', tenantId)
    .where('applicant_id', '=', applicantId)
    .where('birth_date_key', 'is not', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
