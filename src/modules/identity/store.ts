// SQL for the identity module's tables: citizens, officers, their role grants and sessions.
// Every function takes the tenant first and runs inside withTenant(), so row-level security checks
// the same tenant a second time. Citizens are the installation's (migration 0057): a citizen's
// session is found from any tenant, in the installation scope, and visiting a tenant signed in links
// the person to it (`citizen_tenants`); officers and their sessions stay in their tenant.
import { type DbOrTx, readInInstallationScope, sql, type Tx, withInstallationScope, withTenant } from '../../db/index.js';
import type { Assurance, RoleGrant } from '../../platform/auth/index.js';
import { isRole } from '../../platform/auth/index.js';

/** The tables this module owns: only its stores touch them (`npm run check`). */
export const TABLES = ['citizens', 'officers', 'officer_roles', 'sessions', 'population_registry', 'identity_settings', 'one_time_codes', 'login_throttle', 'citizen_profiles', 'citizen_tenants', 'officer_invitations', 'personal_data_access', 'data_requests', 'data_request_steps', 'assisted_sessions', 'api_keys', 'passkeys', 'passkey_challenges', 'assurance_raises'] as const;

export interface SessionRow {
  id: string;
  /** Where it started: an officer's is valid only there, a citizen's everywhere (but one an officer opened at a counter). */
  tenantId: string;
  subjectKind: 'citizen' | 'officer';
  subjectId: string;
  assistedBy: string | null;
  secondFactor: boolean;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export async function insertCitizen(
  db: DbOrTx,
  tenantId: string,
  citizen: { id: string; name: string; assurance?: Assurance; status?: 'pending' | 'active'; lang?: 'id' | 'en' },
): Promise<void> {
  await withInstallationScope(db, tenantId, async (trx) => {
    await trx
      .insertInto('citizens')
      .values({ id: citizen.id, name: citizen.name, assurance: citizen.assurance, status: citizen.status, lang: citizen.lang })
      .execute();
    await insertCitizenLink(trx, tenantId, citizen.id);
  });
}

/** Records that the person has used this tenant (idempotent; the first time is kept). */
export async function insertCitizenLink(trx: Tx, tenantId: string, citizenId: string, at?: Date): Promise<void> {
  await trx
    .insertInto('citizen_tenants')
    .values({ tenant_id: tenantId, citizen_id: citizenId, ...(at ? { first_seen_at: at } : {}) })
    .onConflict((oc) => oc.columns(['tenant_id', 'citizen_id']).doNothing())
    .execute();
}

/**
 * Every tenant the person has used, `first` first (the one acting): a request carried out for the
 * installation's account reaches each government's records about them. Read through the citizen-self
 * policy of migration 0057, opened for this statement only.
 */
export async function selectLinkedTenantIds(trx: Tx, first: string, citizenId: string): Promise<string[]> {
  const { rows } = await sql<{ before: string | null }>`select current_setting('gerbang.citizen_id', true) as before, set_config('gerbang.citizen_id', ${citizenId}, true)`.execute(trx);
  try {
    const links = await trx.selectFrom('citizen_tenants').select('tenant_id').where('citizen_id', '=', citizenId).orderBy('first_seen_at').execute();
    return [first, ...links.map((l) => l.tenant_id).filter((id) => id !== first)];
  } finally {
    await sql`select set_config('gerbang.citizen_id', ${rows[0]?.before ?? ''}, true)`.execute(trx);
  }
}

/** A citizen's standing as this tenant sees it: only a linked citizen is found (row-level security). */
export function selectCitizenAssurance(
  db: DbOrTx,
  tenantId: string,
  citizenId: string,
): Promise<{ assurance: Assurance; status: string } | undefined> {
  return withTenant(db, tenantId, (trx) => trx.selectFrom('citizens').select(['assurance', 'status']).where('id', '=', citizenId).executeTakeFirst());
}

/** The id the person had in this tenant before migration 0057 merged their accounts, if it did. */
export async function selectFormerCitizenId(db: DbOrTx, tenantId: string, citizenId: string): Promise<string | null> {
  return withTenant(db, tenantId, async (trx) => {
    const row = await trx.selectFrom('citizen_tenants').select('former_citizen_id').where('tenant_id', '=', tenantId).where('citizen_id', '=', citizenId).executeTakeFirst();
    return row?.former_citizen_id ?? null;
  });
}

/** A citizen's standing on the installation, and whether they have used this tenant yet. */
export interface CitizenStanding {
  assurance: Assurance;
  status: string;
  /** Whether the citizen is linked to the tenant asked about. */
  linked: boolean;
}

export async function insertOfficer(
  db: DbOrTx,
  tenantId: string,
  officer: { id: string; name: string; email: string; status?: 'invited' | 'active'; lang?: 'id' | 'en' },
  grants: RoleGrant[],
): Promise<void> {
  await withTenant(db, tenantId, async (trx) => {
    await trx
      .insertInto('officers')
      .values({
        tenant_id: tenantId,
        id: officer.id,
        name: officer.name,
        email: officer.email,
        status: officer.status,
        lang: officer.lang,
      })
      .execute();
    if (grants.length > 0) {
      await trx
        .insertInto('officer_roles')
        .values(
          grants.map((g) => ({ tenant_id: tenantId, officer_id: officer.id, role: g.role, agency_id: g.agencyId })),
        )
        .execute();
    }
  });
}

/** The grants of an active officer; undefined when the officer is missing or not active. */
export async function selectActiveOfficerGrants(
  db: DbOrTx,
  tenantId: string,
  officerId: string,
): Promise<RoleGrant[] | undefined> {
  return withTenant(db, tenantId, async (trx) => {
    const officer = await trx
      .selectFrom('officers')
      .select('status')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', officerId)
      .executeTakeFirst();
    if (officer?.status !== 'active') return undefined;
    const rows = await trx
      .selectFrom('officer_roles')
      .select(['role', 'agency_id'])
      .where('tenant_id', '=', tenantId)
      .where('officer_id', '=', officerId)
      .execute();
    return rows.flatMap((r) => (isRole(r.role) ? [{ role: r.role, agencyId: r.agency_id }] : []));
  });
}

export async function insertSession(
  db: DbOrTx,
  tenantId: string,
  session: Omit<SessionRow, 'lastSeenAt' | 'tenantId'>,
): Promise<void> {
  await withTenant(db, tenantId, (trx) =>
    trx
      .insertInto('sessions')
      .values({
        tenant_id: tenantId,
        id: session.id,
        subject_kind: session.subjectKind,
        subject_id: session.subjectId,
        assisted_by: session.assistedBy,
        second_factor: session.secondFactor,
        created_at: session.createdAt,
        last_seen_at: session.createdAt,
        expires_at: session.expiresAt,
      })
      .execute(),
  );
}

const SESSION_COLUMNS = [
  's.id',
  's.tenant_id as tenantId',
  's.subject_kind as subjectKind',
  's.subject_id as subjectId',
  's.assisted_by as assistedBy',
  's.second_factor as secondFactor',
  's.created_at as createdAt',
  's.last_seen_at as lastSeenAt',
  's.expires_at as expiresAt',
] as const;

/**
 * A session that is not revoked, not past its absolute expiry and seen since `idleSince`: an officer's
 * of this tenant, or a citizen's of any tenant (one sign-in for the installation). Runs in the caller's
 * installation-scoped transaction.
 */
export function selectLiveSession(trx: Tx, tenantId: string, id: string, now: Date, idleSince: Date): Promise<SessionRow | undefined> {
  return liveSessions(trx, tenantId, [id], now, idleSince).select(SESSION_COLUMNS).executeTakeFirst();
}

/** A live session and, for a citizen's, the citizen's standing. */
export interface LiveSession {
  session: SessionRow;
  citizen: CitizenStanding | undefined;
}

/**
 * The live sessions among `ids` (`selectLiveSession`'s rules, as of `now` and `idleSince`) and, for a
 * citizen's session, the citizen's standing (assurance, status, whether linked to `tenantId`) in the same
 * statement, in its own installation-scoped transaction: every signed-in request reads both, one round
 * trip with the transaction's BEGIN and COMMIT (readInInstallationScope), and requests that arrive
 * together read theirs in one (sessions.ts). By id; a session that is not live is absent.
 */
export async function selectLiveSessionsWithStanding(
  db: DbOrTx,
  tenantId: string,
  ids: readonly string[],
  now: Date,
  idleSince: Date,
): Promise<Map<string, LiveSession>> {
  const rows = await readInInstallationScope(db, tenantId, (trx) =>
    liveSessions(trx, tenantId, ids, now, idleSince)
      .leftJoin('citizens as c', (join) => join.onRef('c.id', '=', 's.subject_id').on('s.subject_kind', '=', 'citizen'))
      .select(SESSION_COLUMNS)
      .select((eb) => [
        'c.assurance',
        'c.status',
        eb
          .exists(eb.selectFrom('citizen_tenants as l').select('l.citizen_id').whereRef('l.citizen_id', '=', 'c.id').where('l.tenant_id', '=', tenantId))
          .$castTo<boolean>()
          .as('linked'),
      ]),
  );
  return new Map(
    rows.map(({ assurance, status, linked, ...session }) => [
      session.id,
      { session, citizen: assurance !== null && status !== null ? { assurance, status, linked } : undefined },
    ]),
  );
}

function liveSessions(trx: Tx, tenantId: string, ids: readonly string[], now: Date, idleSince: Date) {
  return trx
    .selectFrom('sessions as s')
    .where('s.id', '=', sql<string>`any(${[...ids]}::text[])`)
    .where((eb) => eb.or([eb('s.tenant_id', '=', tenantId), eb('s.subject_kind', '=', 'citizen')]))
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('s.last_seen_at', '>', idleSince);
}

/** An active citizen's home region (installation scope: the caller has opened it). */
export async function selectCitizenRegion(trx: Tx, citizenId: string): Promise<string | undefined> {
  const row = await trx
    .selectFrom('citizen_profiles as p')
    .innerJoin('citizens as c', 'c.id', 'p.citizen_id')
    .select('p.region_code')
    .where('p.citizen_id', '=', citizenId)
    .where('c.status', 'in', ['active', 'pending'])
    .executeTakeFirst();
  return row?.region_code;
}

export async function touchSession(trx: Tx, tenantId: string, id: string, now: Date): Promise<void> {
  await trx
    .updateTable('sessions')
    .set({ last_seen_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('tenant_id', '=', tenantId), eb('subject_kind', '=', 'citizen')]))
    .execute();
}

export async function updateSessionSecondFactor(db: DbOrTx, tenantId: string, id: string): Promise<void> {
  await withTenant(db, tenantId, (trx) =>
    trx
      .updateTable('sessions')
      .set({ second_factor: true })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute(),
  );
}

/** Revokes a session of this tenant, or a citizen's wherever it started. */
export async function revokeSessionRow(db: DbOrTx, tenantId: string, id: string, now: Date): Promise<number> {
  return withInstallationScope(db, tenantId, async (trx) => {
    const result = await trx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('tenant_id', '=', tenantId), eb('subject_kind', '=', 'citizen')]))
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
}

/** Every session of an officer in this tenant, or of a citizen on the whole installation. */
export async function revokeSubjectSessions(
  db: DbOrTx,
  tenantId: string,
  subject: { kind: 'citizen' | 'officer'; id: string },
  now: Date,
): Promise<number> {
  return withInstallationScope(db, tenantId, async (trx) => {
    const result = await trx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where((eb) => (subject.kind === 'citizen' ? eb.lit(true) : eb('tenant_id', '=', tenantId)))
      .where('subject_kind', '=', subject.kind)
      .where('subject_id', '=', subject.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
}
