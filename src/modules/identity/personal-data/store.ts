// SQL for the personal-data access log (personal_data_access) and data-subject requests (data_requests).
import { openInstallationScope, type Tx } from '../../../db/index.js';

export interface AccessRow {
  id: string;
  /** The tenant whose officer, system or application read the data. */
  tenantId: string;
  accessorKind: 'officer' | 'system' | 'api_key' | 'citizen';
  accessorId: string;
  accessorName: string | null;
  purpose: string;
  fields: string[];
  at: Date;
}

export async function insertAccess(trx: Tx, tenantId: string, citizenId: string, row: Omit<AccessRow, 'tenantId'>): Promise<void> {
  await trx
    .insertInto('personal_data_access')
    .values({
      tenant_id: tenantId,
      id: row.id,
      citizen_id: citizenId,
      accessor_kind: row.accessorKind,
      accessor_id: row.accessorId,
      accessor_name: row.accessorName,
      purpose: row.purpose,
      fields: row.fields,
      at: row.at,
    })
    .execute();
}

/**
 * The reads of a citizen's data: by this tenant, or — `everyTenant`, in a transaction opened with
 * withCitizenSelf for the citizen themself — by every tenant on the installation.
 */
export function selectAccessLog(trx: Tx, tenantId: string, citizenId: string, options: { everyTenant?: boolean; limit?: number } = {}): Promise<AccessRow[]> {
  return trx
    .selectFrom('personal_data_access')
    .select(['id', 'tenant_id as tenantId', 'accessor_kind as accessorKind', 'accessor_id as accessorId', 'accessor_name as accessorName', 'purpose', 'fields', 'at'])
    .$if(!options.everyTenant, (qb) => qb.where('tenant_id', '=', tenantId))
    .where('citizen_id', '=', citizenId)
    .orderBy('at', 'desc')
    .limit(options.limit ?? 500)
    .execute();
}

export function selectOfficerName(trx: Tx, tenantId: string, officerId: string): Promise<string | undefined> {
  return trx
    .selectFrom('officers')
    .select('name')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', officerId)
    .executeTakeFirst()
    .then((r) => r?.name);
}

export interface DataRequestRow {
  id: string;
  kind: 'correction' | 'erasure' | 'consent_withdrawal';
  details: string;
  status: 'received' | 'in_progress' | 'done' | 'refused';
  dueAt: Date;
  createdAt: Date;
  closedAt: Date | null;
  /** The reason given when resolved (shown to the citizen). */
  resolution?: string | null;
}

export async function insertDataRequest(trx: Tx, tenantId: string, citizenId: string, row: Omit<DataRequestRow, 'status' | 'closedAt'>): Promise<void> {
  await trx
    .insertInto('data_requests')
    .values({ tenant_id: tenantId, id: row.id, citizen_id: citizenId, kind: row.kind, details: row.details, due_at: row.dueAt, created_at: row.createdAt })
    .execute();
}

export function selectDataRequests(trx: Tx, tenantId: string, citizenId: string): Promise<DataRequestRow[]> {
  return trx
    .selectFrom('data_requests')
    .select(['id', 'kind', 'details', 'status', 'due_at as dueAt', 'created_at as createdAt', 'closed_at as closedAt', 'resolution'])
    .where('tenant_id', '=', tenantId)
    .where('citizen_id', '=', citizenId)
    .orderBy('created_at', 'desc')
    .execute();
}

// ---- the officers' queue (identity2) ----

export interface QueueRow extends DataRequestRow {
  citizenId: string;
}

/** Open requests first by deadline, then the 100 most recently closed. */
export async function selectDataRequestQueue(trx: Tx, tenantId: string): Promise<QueueRow[]> {
  const cols = ['id', 'citizen_id as citizenId', 'kind', 'details', 'status', 'due_at as dueAt', 'created_at as createdAt', 'closed_at as closedAt', 'resolution'] as const;
  const open = await trx.selectFrom('data_requests').select(cols).where('tenant_id', '=', tenantId).where('status', 'in', ['received', 'in_progress']).orderBy('due_at').limit(500).execute();
  const closed = await trx.selectFrom('data_requests').select(cols).where('tenant_id', '=', tenantId).where('status', 'in', ['done', 'refused']).orderBy('closed_at', 'desc').limit(100).execute();
  return [...open, ...closed];
}

export function selectDataRequestForUpdate(trx: Tx, tenantId: string, id: string): Promise<QueueRow | undefined> {
  return trx
    .selectFrom('data_requests')
    .select(['id', 'citizen_id as citizenId', 'kind', 'details', 'status', 'due_at as dueAt', 'created_at as createdAt', 'closed_at as closedAt', 'resolution'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export async function updateDataRequestResolved(
  trx: Tx,
  tenantId: string,
  id: string,
  patch: { status: 'done' | 'refused'; resolution: string | null; resolvedBy: string | null; at: Date },
): Promise<void> {
  await trx
    .updateTable('data_requests')
    .set({ status: patch.status, resolution: patch.resolution, resolved_by: patch.resolvedBy, closed_at: patch.at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/**
 * Erasure (UU 27/2022; DOMAIN.md §9): the profile row (NIK, birth date, sex, e-mail, phone, region,
 * address, KK, channels) is deleted; the account keeps only its id and status 'erased'; the look-up
 * pseudonyms of NIK, e-mail and phone, the password hash, the passkeys and the recorded consent are
 * destroyed. The audit chain only ever held pseudonyms, so it stays intact.
 */
export async function eraseCitizenPersonalData(trx: Tx, tenantId: string, citizenId: string, now: Date): Promise<void> {
  await trx.deleteFrom('citizen_profiles').where('citizen_id', '=', citizenId).execute();
  await trx.deleteFrom('passkeys').where('tenant_id', '=', tenantId).where('citizen_id', '=', citizenId).execute();
  await trx
    .updateTable('citizens')
    .set({ name: '', status: 'erased', nik_hash: null, email_hash: null, phone_hash: null, password_hash: null, assisted_consent: null })
    .where('id', '=', citizenId)
    .execute();
  // The account is the installation's: its sessions on every tenant end (installation scope).
  await openInstallationScope(trx);
  await trx.updateTable('sessions').set({ revoked_at: now }).where('subject_kind', '=', 'citizen').where('subject_id', '=', citizenId).where('revoked_at', 'is', null).execute();
}
