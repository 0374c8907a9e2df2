// SQL for the personal-data access log (personal_data_access) and data-subject requests (data_requests).
import { openInstallationScope, sendWithNext, type Tx } from '../../../db/index.js';

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
  await insertAccessMany(trx, tenantId, [{ citizenId, row }]);
}

/** Several reads recorded in one INSERT, sent with the transaction's next statement or its COMMIT (sendWithNext). */
export async function insertAccessMany(trx: Tx, tenantId: string, rows: ReadonlyArray<{ citizenId: string; row: Omit<AccessRow, 'tenantId'> }>): Promise<void> {
  if (rows.length === 0) return;
  await sendWithNext(
    trx,
    trx
      .insertInto('personal_data_access')
      .values(
        rows.map(({ citizenId, row }) => ({
          tenant_id: tenantId,
          id: row.id,
          citizen_id: citizenId,
          accessor_kind: row.accessorKind,
          accessor_id: row.accessorId,
          accessor_name: row.accessorName,
          purpose: row.purpose,
          fields: row.fields,
          at: row.at,
        })),
      ),
  );
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
  /** A correction: the field and the corrected value (cleared when the person is erased). */
  correctionField?: 'name' | 'email' | 'phone' | null;
  correctionValue?: string | null;
  /** When every holder had carried it out (shown to the citizen as "carried out"). */
  carriedOutAt?: Date | null;
  /** Set by the sweeper when the request had less than a day left and was still open. */
  deadlineFlaggedAt?: Date | null;
}

const REQUEST_COLUMNS = [
  'id',
  'kind',
  'details',
  'status',
  'due_at as dueAt',
  'created_at as createdAt',
  'closed_at as closedAt',
  'resolution',
  'correction_field as correctionField',
  'correction_value as correctionValue',
  'carried_out_at as carriedOutAt',
  'deadline_flagged_at as deadlineFlaggedAt',
] as const;

export async function insertDataRequest(trx: Tx, tenantId: string, citizenId: string, row: Omit<DataRequestRow, 'status' | 'closedAt'>): Promise<void> {
  await trx
    .insertInto('data_requests')
    .values({
      tenant_id: tenantId,
      id: row.id,
      citizen_id: citizenId,
      kind: row.kind,
      details: row.details,
      due_at: row.dueAt,
      created_at: row.createdAt,
      correction_field: row.correctionField ?? null,
      correction_value: row.correctionValue ?? null,
    })
    .execute();
}

export function selectDataRequests(trx: Tx, tenantId: string, citizenId: string): Promise<DataRequestRow[]> {
  return trx
    .selectFrom('data_requests')
    .select(REQUEST_COLUMNS)
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
  const cols = [...REQUEST_COLUMNS, 'citizen_id as citizenId'] as const;
  const open = await trx.selectFrom('data_requests').select(cols).where('tenant_id', '=', tenantId).where('status', 'in', ['received', 'in_progress']).orderBy('due_at').limit(500).execute();
  const closed = await trx.selectFrom('data_requests').select(cols).where('tenant_id', '=', tenantId).where('status', 'in', ['done', 'refused']).orderBy('closed_at', 'desc').limit(100).execute();
  return [...open, ...closed];
}

export function selectDataRequestForUpdate(trx: Tx, tenantId: string, id: string): Promise<QueueRow | undefined> {
  return trx
    .selectFrom('data_requests')
    .select([...REQUEST_COLUMNS, 'citizen_id as citizenId'])
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
    .set({ status: patch.status, resolution: patch.resolution, resolved_by: patch.resolvedBy, closed_at: patch.at, ...(patch.status === 'done' ? { carried_out_at: patch.at } : {}) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/**
 * Erasure (UU 27/2022; DOMAIN.md §9): the profile row (NIK, birth date, sex, e-mail, phone, region,
 * address, KK, channels) is deleted; the account keeps only its id and status 'erased'; the look-up
 * pseudonyms of NIK, e-mail and phone, the password hash, the passkeys, the sessions and the recorded
 * consent are destroyed. The audit chain only ever held pseudonyms, so it stays intact.
 */
export async function eraseCitizenPersonalData(trx: Tx, tenantId: string, citizenId: string): Promise<void> {
  await trx.deleteFrom('citizen_profiles').where('citizen_id', '=', citizenId).execute();
  await trx.deleteFrom('passkeys').where('tenant_id', '=', tenantId).where('citizen_id', '=', citizenId).execute();
  await trx
    .updateTable('citizens')
    .set({ name: '', status: 'erased', nik_hash: null, email_hash: null, phone_hash: null, password_hash: null, assisted_consent: null })
    .where('id', '=', citizenId)
    .execute();
  // The sessions go (not only end): they record when and from where the person was signed in. The
  // account is the installation's, so its sessions on every tenant go (installation scope).
  await openInstallationScope(trx);
  await trx.deleteFrom('sessions').where('subject_kind', '=', 'citizen').where('subject_id', '=', citizenId).execute();
}

// ---- carrying a request out (0058) ----

/** An approved request: in progress until every holder has carried it out. */
export async function updateDataRequestApproved(trx: Tx, tenantId: string, id: string, patch: { resolution: string | null; resolvedBy: string | null; at: Date }): Promise<void> {
  await trx
    .updateTable('data_requests')
    .set({ status: 'in_progress', resolution: patch.resolution, resolved_by: patch.resolvedBy, approved_at: patch.at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export interface StepRow {
  holder: string;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  lastError: string | null;
  result: Record<string, number> | null;
  doneAt: Date | null;
}

export async function insertSteps(trx: Tx, tenantId: string, requestId: string, holders: readonly string[], at: Date): Promise<void> {
  if (holders.length === 0) return;
  await trx
    .insertInto('data_request_steps')
    .values(holders.map((holder) => ({ tenant_id: tenantId, request_id: requestId, holder, updated_at: at })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function selectSteps(trx: Tx, tenantId: string, requestIds: readonly string[]): Promise<(StepRow & { requestId: string })[]> {
  if (requestIds.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('data_request_steps')
    .select(['request_id as requestId', 'holder', 'status', 'attempts', 'last_error as lastError', 'result', 'done_at as doneAt'])
    .where('tenant_id', '=', tenantId)
    .where('request_id', 'in', requestIds)
    .orderBy('request_id')
    .orderBy('holder')
    .execute();
}

export async function updateStep(
  trx: Tx,
  tenantId: string,
  requestId: string,
  holder: string,
  outcome: { ok: true; result: Record<string, number>; at: Date } | { ok: false; error: string; at: Date },
): Promise<void> {
  await trx
    .updateTable('data_request_steps')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      updated_at: outcome.at,
      ...(outcome.ok
        ? { status: 'done' as const, result: JSON.stringify(outcome.result), done_at: outcome.at, last_error: null }
        : { status: 'failed' as const, last_error: outcome.error.slice(0, 2000) }),
    }))
    .where('tenant_id', '=', tenantId)
    .where('request_id', '=', requestId)
    .where('holder', '=', holder)
    .execute();
}

/** Every holder has done its part: the request is done, carried out at `at`. */
export async function updateDataRequestCarriedOut(trx: Tx, tenantId: string, id: string, at: Date): Promise<void> {
  await trx.updateTable('data_requests').set({ status: 'done', carried_out_at: at, closed_at: at }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Open requests due before `before` that the sweeper has not flagged yet; flags them and returns them. */
export function flagRequestsNearDeadline(trx: Tx, tenantId: string, before: Date, at: Date): Promise<{ id: string; kind: DataRequestRow['kind']; dueAt: Date }[]> {
  return trx
    .updateTable('data_requests')
    .set({ deadline_flagged_at: at })
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', ['received', 'in_progress'])
    .where('due_at', '<', before)
    .where('deadline_flagged_at', 'is', null)
    .returning(['id', 'kind', 'due_at as dueAt'])
    .execute();
}

/** Approved requests with a failed holder last tried before `before` (the sweeper tries them again). */
export async function selectStalledRequestIds(trx: Tx, tenantId: string, before: Date, limit = 100): Promise<string[]> {
  const rows = await trx
    .selectFrom('data_requests as r')
    .innerJoin('data_request_steps as s', (j) => j.onRef('s.tenant_id', '=', 'r.tenant_id').onRef('s.request_id', '=', 'r.id'))
    .select('r.id')
    .distinct()
    .where('r.tenant_id', '=', tenantId)
    .where('r.status', '=', 'in_progress')
    .where('s.status', '!=', 'done')
    .where('s.updated_at', '<', before)
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

// ---- identity's own part (its holder, holder.ts) ----

/** Erasure: the one-time codes and passkey ceremonies addressed to the person, and the texts of their requests. */
export async function eraseCitizenLeftovers(trx: Tx, tenantId: string, citizenId: string): Promise<{ codes: number; challenges: number }> {
  const codes = await trx.deleteFrom('one_time_codes').where('tenant_id', '=', tenantId).where('subject', '=', `citizen:${citizenId}`).executeTakeFirst();
  const challenges = await trx
    .deleteFrom('passkey_challenges')
    .where('tenant_id', '=', tenantId)
    .where('subject_kind', '=', 'citizen')
    .where('subject_id', '=', citizenId)
    .executeTakeFirst();
  // The request's kind, dates and outcome stay (proof it was carried out); what the person wrote goes.
  await trx.updateTable('data_requests').set({ details: '—', correction_value: null, correction_field: null }).where('tenant_id', '=', tenantId).where('citizen_id', '=', citizenId).execute();
  return { codes: Number(codes.numDeletedRows), challenges: Number(challenges.numDeletedRows) };
}

/** Correction of the name (kept on the account row: every page and module reads it from there). */
export async function updateCitizenName(trx: Tx, tenantId: string, citizenId: string, name: string): Promise<number> {
  const r = await trx.updateTable('citizens').set({ name }).where('id', '=', citizenId).where('status', '!=', 'erased').executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Correction of a contact: the profile's value and the account's look-up pseudonym together. */
export async function updateCitizenContact(trx: Tx, tenantId: string, citizenId: string, field: 'email' | 'phone', value: string, hash: string, at: Date): Promise<number> {
  const r = await trx
    .updateTable('citizen_profiles')
    .set({ [field]: value, updated_at: at })
    .where('citizen_id', '=', citizenId)
    .executeTakeFirst();
  await trx
    .updateTable('citizens')
    .set(field === 'email' ? { email_hash: hash } : { phone_hash: hash })
    .where('id', '=', citizenId)
    .execute();
  return Number(r.numUpdatedRows);
}

/** Consent withdrawn: no officer acts for the person any more (open counter sessions end now). */
export async function endAssistance(trx: Tx, tenantId: string, citizenId: string, at: Date): Promise<number> {
  const ended = await trx
    .updateTable('assisted_sessions')
    .set({ ended_at: at })
    .where('tenant_id', '=', tenantId)
    .where('citizen_id', '=', citizenId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  await trx
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('tenant_id', '=', tenantId)
    .where('subject_kind', '=', 'citizen')
    .where('subject_id', '=', citizenId)
    .where('assisted_by', 'is not', null)
    .where('revoked_at', 'is', null)
    .execute();
  return Number(ended.numUpdatedRows);
}
