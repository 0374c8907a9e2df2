// Personal data under UU 27/2022: every read of a citizen's personal data by someone else goes through
// readCitizenPersonalData, which records who, when, which record, which fields and why, in the same
// transaction as the read; the citizen sees that list ("Siapa yang mengakses data saya"), downloads
// everything held about them, and files correction / erasure / consent-withdrawal requests, each due
// within 3×24 clock hours.
import { randomUUID } from 'node:crypto';
import { type Tx, withCitizenSelf, withTenant } from '../../../db/index.js';
import { actorRef, type ServiceContext, type TenantContext } from '../../../platform/context.js';
import { DomainError, type PendingFieldError } from '../../../platform/errors.js';
import { CORRECTABLE_FIELDS, type CorrectableField } from '../../../platform/personal-data.js';
import { meaningfulText } from '../../../platform/text.js';
import { listTenants } from '../../tenancy/index.js';
import { actingCitizen, loadProfile, loadProfiles, loadProfilesWithNext, type Profile } from '../citizens/service.js';
import { normalizeEmail, normalizeIndonesianMobile } from '../../notifications/index.js';
import { selectAssistedSessions } from '../assisted/store.js';
import { startCarryingOut } from './carry-out.js';
import {
  type AccessRow,
  type DataRequestRow,
  insertAccess,
  insertAccessMany,
  insertDataRequest,
  type QueueRow,
  selectAccessLog,
  selectDataRequestForUpdate,
  selectDataRequestQueue,
  selectDataRequests,
  selectOfficerName,
  selectSteps,
  type StepRow,
  updateDataRequestResolved,
} from './store.js';
import '../strings.js';

/** UU 27/2022: access, correction, stopping processing after withdrawal — within 3×24 hours. */
export const DATA_REQUEST_DEADLINE_HOURS = 72;

export type PersonalField = 'name' | 'nik' | 'birthDate' | 'sex' | 'email' | 'phone' | 'regionCode' | 'address' | 'kkNumber';
export const ALL_PERSONAL_FIELDS: PersonalField[] = ['name', 'nik', 'birthDate', 'sex', 'email', 'phone', 'regionCode', 'address', 'kkNumber'];

export function dataRequestDueAt(createdAt: Date): Date {
  return new Date(createdAt.getTime() + DATA_REQUEST_DEADLINE_HOURS * 3600_000);
}

function purposeOrThrow(purpose: string): string {
  const p = meaningfulText(purpose) ?? '';
  if (p.length < 3 || p.length > 500) {
    throw new DomainError('identity.purpose_required', 400, 'error.identity.purpose_required', {}, [
      { field: '/purpose', code: 'purpose', messageKey: 'error.identity.purpose_required' },
    ]);
  }
  return p;
}

type PersonalData = Partial<Pick<Profile, PersonalField>> & { id: string; lang: 'id' | 'en'; channels: string[]; assurance: Profile['assurance'] };

/** An application the data is released to (OpenID Connect): the access log names it. */
export interface DataRecipient {
  /** A stable reference, e.g. `oidc_client:<client id>`. */
  ref: string;
  name: string;
}

/**
 * Reads a citizen's personal data for `purpose` and records the access (who: ctx.actor). 404 when the
 * citizen is not of this tenant. Returns only the requested fields (all by default).
 */
export function readCitizenPersonalData(ctx: TenantContext, input: { citizenId: string; purpose: string; fields?: PersonalField[]; recipient?: DataRecipient }): Promise<PersonalData> {
  return recordedRead(ctx, ctx.tenant.id, input.citizenId, input.purpose, input.fields ?? ALL_PERSONAL_FIELDS, input.recipient);
}

async function recordedRead(ctx: ServiceContext, tenantId: string, citizenId: string, purpose: string, fields: PersonalField[], recipient?: DataRecipient): Promise<PersonalData> {
  const why = purposeOrThrow(purpose);
  return withTenant(ctx.db, tenantId, async (trx) => {
    const profile = await loadProfile(trx, tenantId, citizenId);
    if (!profile || profile.status === 'erased') throw new DomainError('not_found', 404, 'error.not_found');
    const access = await accessRowOf(trx, tenantId, ctx.actor, citizenId, { purpose: why, fields, at: ctx.now() }, recipient);
    if (access) await insertAccess(trx, tenantId, citizenId, access);
    return personalData(profile, fields);
  });
}

/**
 * Citizens' records fetched with the transaction's next statement (readWithNext), for
 * readManyCitizensPersonalData later in the same transaction: a batch of application submissions
 * reads its applicants once, with its first statement, for their birth dates and their contacts.
 * Nothing is recorded until a read uses them: fetching is not yet reading. Make the transaction's
 * next statement before passing it to a read.
 */
export interface ProfilesAhead {
  readonly citizenIds: ReadonlySet<string>;
  readonly profiles: Promise<Map<string, Profile>>;
}

export function readProfilesAhead(trx: Tx, citizenIds: readonly string[]): ProfilesAhead {
  const profiles = loadProfilesWithNext(trx, citizenIds);
  // A batch that fails before using them leaves no unhandled rejection behind.
  profiles.catch(() => undefined);
  return { citizenIds: new Set(citizenIds), profiles };
}

/**
 * Several reads at once, each recorded as `readCitizenPersonalData` records it (its own actor, purpose
 * and fields), in one transaction — the caller's when `ctx.db` is one — with one SELECT of the
 * profiles (none when `ahead`, fetched in that transaction, has every citizen) and one INSERT of the
 * access rows (a batched write: application submissions). Per read, in order: the data, or the 404
 * its citizen would have given.
 */
export async function readManyCitizensPersonalData(
  ctx: ServiceContext,
  tenantId: string,
  reads: ReadonlyArray<{ citizenId: string; purpose: string; fields: PersonalField[]; actor?: ServiceContext['actor'] }>,
  ahead?: ProfilesAhead,
): Promise<Array<PersonalData | DomainError>> {
  const whys = reads.map((read) => purposeOrThrow(read.purpose));
  if (reads.length === 0) return [];
  return withTenant(ctx.db, tenantId, async (trx) => {
    const ids = reads.map((r) => r.citizenId);
    const profiles = ahead && ids.every((id) => ahead.citizenIds.has(id)) ? await ahead.profiles : await loadProfiles(trx, ids);
    const at = ctx.now();
    const results: Array<PersonalData | DomainError> = [];
    const accesses: { citizenId: string; row: Omit<AccessRow, 'tenantId'> }[] = [];
    for (const [i, read] of reads.entries()) {
      const profile = profiles.get(read.citizenId);
      if (!profile || profile.status === 'erased') {
        results.push(new DomainError('not_found', 404, 'error.not_found'));
        continue;
      }
      const access = await accessRowOf(trx, tenantId, read.actor ?? ctx.actor, read.citizenId, { purpose: whys[i]!, fields: read.fields, at });
      if (access) accesses.push({ citizenId: read.citizenId, row: access });
      results.push(personalData(profile, read.fields));
    }
    await insertAccessMany(trx, tenantId, accesses);
    return results;
  });
}

/** The access row a read by `actor` records; none when the citizen reads their own data. */
async function accessRowOf(
  trx: Tx,
  tenantId: string,
  actor: ServiceContext['actor'],
  citizenId: string,
  read: { purpose: string; fields: PersonalField[]; at: Date },
  recipient?: DataRecipient,
): Promise<Omit<AccessRow, 'tenantId'> | undefined> {
  // Released to an application (with the citizen's consent): recorded under the application's name.
  if (recipient) return { id: randomUUID(), accessorKind: 'system', accessorId: recipient.ref, accessorName: recipient.name, ...read };
  if (actor.kind === 'citizen' && actor.id === citizenId) return undefined;
  const accessorName = actor.kind === 'officer' ? ((await selectOfficerName(trx, tenantId, actor.id)) ?? null) : null;
  return {
    id: randomUUID(),
    accessorKind: actor.kind === 'officer' ? 'officer' : actor.kind === 'system' && actor.id.startsWith('api_key:') ? 'api_key' : actor.kind === 'citizen' ? 'citizen' : 'system',
    accessorId: actorRef(actor),
    accessorName,
    ...read,
  };
}

function personalData(profile: Profile, fields: PersonalField[]): PersonalData {
  const out: PersonalData = { id: profile.id, lang: profile.lang, channels: profile.channels, assurance: profile.assurance };
  for (const f of fields) (out as Record<string, unknown>)[f] = profile[f];
  return out;
}

/**
 * What other modules need to contact a citizen (recorded like any other read). It keeps the tenant
 * beside the context because the complaints module calls it so (inside its own transaction, as a
 * system actor); it moves to `(ctx: TenantContext, input)` when complaints adopts the request edge.
 */
export async function getCitizenContact(
  ctx: ServiceContext,
  tenantId: string,
  citizenId: string,
  purpose: string,
): Promise<{ name: string; email: string; phone: string; lang: 'id' | 'en'; channels: string[] }> {
  const data = await recordedRead(ctx, tenantId, citizenId, purpose, ['name', 'email', 'phone']);
  return { name: data.name!, email: data.email!, phone: data.phone!, lang: data.lang, channels: data.channels };
}

/** A read of the citizen's data with the government (tenant) whose officer or system made it, by name. */
export type MyAccessRow = AccessRow & { tenantName: string };

/**
 * Who read the acting citizen's personal data, when and why — every government on the installation
 * that has (the account is the installation's), each read labelled with that government's name.
 */
export async function listMyDataAccess(ctx: TenantContext): Promise<MyAccessRow[]> {
  const tenantId = ctx.tenant.id;
  const citizenId = actingCitizen(ctx);
  const rows = await withCitizenSelf(ctx.db, tenantId, citizenId, (trx) => selectAccessLog(trx, tenantId, citizenId, { everyTenant: true }));
  const names = new Map((await listTenants(ctx.db)).map((t) => [t.id, ctx.lang === 'en' ? (t.nameEn ?? t.name) : t.name]));
  return rows.map((r) => ({ ...r, tenantName: names.get(r.tenantId) ?? '' }));
}

export function listMyDataRequests(ctx: TenantContext): Promise<DataRequestRow[]> {
  const tenantId = ctx.tenant.id;
  const citizenId = actingCitizen(ctx);
  return withTenant(ctx.db, tenantId, (trx) => selectDataRequests(trx, tenantId, citizenId));
}

/** A correction's corrected value, normalised as registration would have it; undefined when it is not valid. */
function correctedValue(field: CorrectableField, value: string): string | undefined {
  if (field === 'email') return normalizeEmail(value)?.toLowerCase() ?? undefined;
  if (field === 'phone') return normalizeIndonesianMobile(value) ?? undefined;
  const name = value.trim().replace(/\s+/g, ' ');
  return name.length >= 2 && name.length <= 100 ? name : undefined;
}

export interface DataRequestInput {
  kind: DataRequestRow['kind'];
  details: string;
  /** A correction the system can carry out: which field, and the right value. */
  correctionField?: string;
  correctionValue?: string;
}

/**
 * Files a request. A correction of the name, e-mail or phone names the field and the right value (an
 * officer checks and approves it; then it is carried out everywhere). A consent withdrawal needs no
 * officer: it is carried out at once, by the same job as an approved request.
 */
export async function fileDataRequest(ctx: TenantContext, input: DataRequestInput): Promise<DataRequestRow> {
  const tenantId = ctx.tenant.id;
  const citizenId = actingCitizen(ctx);
  const details = meaningfulText(input.details) ?? '';
  const errors: PendingFieldError[] = [];
  if (details.length < 3 || details.length > 2000) errors.push({ field: '/details', code: 'details', messageKey: 'identity.request.details' });
  let correction: { correctionField: CorrectableField; correctionValue: string } | undefined;
  if (input.kind === 'correction' && input.correctionField) {
    const field = CORRECTABLE_FIELDS.find((f) => f === input.correctionField);
    const value = field ? correctedValue(field, input.correctionValue ?? '') : undefined;
    if (!field) errors.push({ field: '/correctionField', code: 'field', messageKey: 'identity.request.correction_field' });
    else if (!value) errors.push({ field: '/correctionValue', code: 'value', messageKey: `identity.request.correction_value.${field}` });
    else correction = { correctionField: field, correctionValue: value };
  }
  if (errors.length > 0) throw new DomainError('validation', 400, 'error.validation', {}, errors);
  const createdAt = ctx.now();
  const row = { id: randomUUID(), kind: input.kind, details, dueAt: dataRequestDueAt(createdAt), createdAt, ...correction };
  return withTenant(ctx.db, tenantId, async (trx) => {
    await insertDataRequest(trx, tenantId, citizenId, row);
    // Withdrawing consent is the citizen's own to do: processing stops without waiting for an officer.
    const started = input.kind === 'consent_withdrawal' && (await startCarryingOut(trx, tenantId, row, { resolution: null, resolvedBy: null, at: createdAt }));
    // The details may hold personal data: the audit entry names only the kind and the deadline.
    await ctx.audit.append(trx, {
      tenantId,
      actor: actorRef(ctx.actor),
      action: 'citizen.data_request_filed',
      subject: `data_request:${row.id}`,
      data: { kind: row.kind, citizen: `citizen:${citizenId}`, dueAt: row.dueAt.toISOString(), ...(correction ? { field: correction.correctionField } : {}) },
    });
    return { ...row, status: started ? 'in_progress' : 'received', closedAt: null };
  });
}

/** Everything held about the citizen, machine-readable (portability, UU 27/2022). */
export async function exportMyData(ctx: TenantContext) {
  const tenantId = ctx.tenant.id;
  const citizenId = actingCitizen(ctx);
  const accessLog = await listMyDataAccess(ctx);
  return withTenant(ctx.db, tenantId, async (trx) => {
    const profile = await loadProfile(trx, tenantId, citizenId);
    if (!profile) throw new DomainError('not_found', 404, 'error.not_found');
    return {
      format: 'gerbang.my-data.v1',
      exportedAt: ctx.now().toISOString(),
      account: {
        id: profile.id,
        status: profile.status,
        assurance: profile.assurance,
        assisted: profile.assisted,
        createdAt: profile.createdAt.toISOString(),
      },
      profile: {
        name: profile.name,
        nik: profile.nik,
        birthDate: profile.birthDate,
        sex: profile.sex,
        email: profile.email,
        phone: profile.phone,
        regionCode: profile.regionCode,
        address: profile.address,
        kkNumber: profile.kkNumber,
        lang: profile.lang,
        channels: profile.channels,
        updatedAt: profile.updatedAt.toISOString(),
      },
      dataAccessLog: accessLog.map(serializeAccess),
      dataRequests: (await selectDataRequests(trx, tenantId, citizenId)).map(serializeRequest),
      assistedSessions: (await selectAssistedSessions(trx, tenantId, citizenId)).map((a) => ({
        officer: a.officerName,
        purpose: a.purpose,
        consent: a.consent,
        startedAt: a.startedAt.toISOString(),
        endedAt: a.endedAt?.toISOString() ?? null,
      })),
    };
  });
}

export function serializeAccess(a: AccessRow & { tenantName?: string }) {
  return { at: a.at.toISOString(), ...(a.tenantName !== undefined ? { tenant: a.tenantName } : {}), accessorKind: a.accessorKind, accessor: a.accessorName ?? a.accessorId, purpose: a.purpose, fields: a.fields };
}

export function serializeRequest(r: DataRequestRow) {
  return {
    id: r.id,
    kind: r.kind,
    details: r.details,
    status: r.status,
    dueAt: r.dueAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    resolution: r.resolution ?? null,
    correctionField: r.correctionField ?? null,
    carriedOutAt: r.carriedOutAt?.toISOString() ?? null,
  };
}

// ---- handling the requests (officers: policy identity.data_requests) ----

export type { AccessRow, QueueRow, StepRow };

export function listDataRequestQueue(ctx: TenantContext): Promise<QueueRow[]> {
  const tenantId = ctx.tenant.id;
  return withTenant(ctx.db, tenantId, (trx) => selectDataRequestQueue(trx, tenantId));
}

/**
 * Resolves a request: approved (`done`), or refused with a reason (3–2000 characters, shown to the
 * citizen). An approved request is carried out by a job across every registered holder
 * (carry-out.ts), queued in the same transaction as the status change and the audit event; the
 * request is `done` once every holder has done its part. A correction that names no field (free text)
 * has nothing the system can carry out: approving it records that the officer did.
 */
export async function resolveDataRequest(ctx: TenantContext, input: { requestId: string; outcome: 'done' | 'refused'; reason?: string }): Promise<void> {
  const tenantId = ctx.tenant.id;
  const { requestId } = input;
  const reason = meaningfulText(input.reason) ?? '';
  if (input.outcome === 'refused' ? reason.length < 3 || reason.length > 2000 : reason.length > 2000) {
    throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/reason', code: 'reason', messageKey: 'identity.dr.reason_required' }]);
  }
  const now = ctx.now();
  await withTenant(ctx.db, tenantId, async (trx) => {
    const row = await selectDataRequestForUpdate(trx, tenantId, requestId);
    if (!row) throw new DomainError('not_found', 404, 'error.not_found');
    if (row.status !== 'received') throw new DomainError('data_request.closed', 409, 'error.identity.data_request_closed');
    const patch = { resolution: reason || null, resolvedBy: ctx.actor.kind === 'officer' ? ctx.actor.id : null, at: now };
    const carried = input.outcome === 'done' && (await startCarryingOut(trx, tenantId, row, patch));
    if (!carried) await updateDataRequestResolved(trx, tenantId, requestId, { status: input.outcome, ...patch });
    await ctx.audit.append(trx, {
      tenantId,
      actor: actorRef(ctx.actor),
      action: 'citizen.data_request_resolved',
      subject: `data_request:${requestId}`,
      data: { citizen: `citizen:${row.citizenId}`, kind: row.kind, outcome: input.outcome, carriedOut: carried, late: now.getTime() > row.dueAt.getTime() },
    });
  });
}

/** The holders' results of the tenant's requests (the officers' queue shows them). */
export function listDataRequestSteps(ctx: TenantContext, requestIds: readonly string[]): Promise<(StepRow & { requestId: string })[]> {
  const tenantId = ctx.tenant.id;
  return withTenant(ctx.db, tenantId, (trx) => selectSteps(trx, tenantId, requestIds));
}
