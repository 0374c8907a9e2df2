// SQL for the identity module's tables: citizens, officers, their role grants and sessions.
// Every function takes the tenant first and runs inside withTenant(), so row-level security checks
// the same tenant a second time.
import { type DbOrTx, withTenant } from '../../db/index.js';
import type { Assurance, RoleGrant } from '../../platform/auth/index.js';
import { isRole } from '../../platform/auth/index.js';

/** The tables this module owns: only its stores touch them (`npm run check`). */
export const TABLES = ['citizens', 'officers', 'officer_roles', 'sessions', 'population_registry', 'identity_settings', 'one_time_codes', 'login_throttle', 'citizen_profiles', 'officer_invitations', 'personal_data_access', 'data_requests', 'data_request_steps', 'assisted_sessions', 'api_keys', 'passkeys', 'passkey_challenges', 'assurance_raises'] as const;

export interface SessionRow {
  id: string;
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
  await withTenant(db, tenantId, (trx) =>
    trx
      .insertInto('citizens')
      .values({
        tenant_id: tenantId,
        id: citizen.id,
        name: citizen.name,
        assurance: citizen.assurance,
        status: citizen.status,
        lang: citizen.lang,
      })
      .execute(),
  );
}

export function selectCitizenAssurance(
  db: DbOrTx,
  tenantId: string,
  citizenId: string,
): Promise<{ assurance: Assurance; status: string } | undefined> {
  return withTenant(db, tenantId, (trx) =>
    trx
      .selectFrom('citizens')
      .select(['assurance', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', citizenId)
      .executeTakeFirst(),
  );
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
  session: Omit<SessionRow, 'lastSeenAt'>,
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

/** A session that is not revoked, not past its absolute expiry and seen since `idleSince`. */
export function selectLiveSession(
  db: DbOrTx,
  tenantId: string,
  id: string,
  now: Date,
  idleSince: Date,
): Promise<SessionRow | undefined> {
  return withTenant(db, tenantId, (trx) =>
    trx
      .selectFrom('sessions')
      .select([
        'id',
        'subject_kind as subjectKind',
        'subject_id as subjectId',
        'assisted_by as assistedBy',
        'second_factor as secondFactor',
        'created_at as createdAt',
        'last_seen_at as lastSeenAt',
        'expires_at as expiresAt',
      ])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now)
      .where('last_seen_at', '>', idleSince)
      .executeTakeFirst(),
  );
}

export async function touchSession(db: DbOrTx, tenantId: string, id: string, now: Date): Promise<void> {
  await withTenant(db, tenantId, (trx) =>
    trx
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute(),
  );
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

export async function revokeSessionRow(db: DbOrTx, tenantId: string, id: string, now: Date): Promise<number> {
  return withTenant(db, tenantId, async (trx) => {
    const result = await trx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
}

export async function revokeSubjectSessions(
  db: DbOrTx,
  tenantId: string,
  subject: { kind: 'citizen' | 'officer'; id: string },
  now: Date,
): Promise<number> {
  return withTenant(db, tenantId, async (trx) => {
    const result = await trx
      .updateTable('sessions')
      .set({ revoked_at: now })
      .where('tenant_id', '=', tenantId)
      .where('subject_kind', '=', subject.kind)
      .where('subject_id', '=', subject.id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
}
