// SQL for citizens' accounts (the 0007 columns of `citizens`) and their profiles (citizen_profiles).
// Both are the installation's since migration 0057 (one account per NIK): row-level security shows a
// tenant only the citizens linked to it (`citizen_tenants`), and the look-ups by NIK, e-mail or phone
// run in the installation scope (withInstallationScope) that sign-in and registration open. The
// tenant is still the first argument after trx: it is where the person is being linked or seen.
import { sql } from 'kysely';
import { type DbOrTx, readWithNext, type Tx } from '../../../db/index.js';
import type { Assurance } from '../../../platform/auth/index.js';

export interface CitizenAccountRow {
  id: string;
  name: string;
  status: 'pending' | 'active' | 'locked' | 'erased';
  assurance: Assurance;
  lang: 'id' | 'en';
  passwordHash: string | null;
  contactVerifiedAt: Date | null;
  assistedBy: string | null;
  createdAt: Date;
}

// Qualified, so that the same lists serve the join of both tables (selectAccountWithProfile).
const accountColumns = [
  'citizens.id',
  'citizens.name',
  'citizens.status',
  'citizens.assurance',
  'citizens.lang',
  'citizens.password_hash as passwordHash',
  'citizens.contact_verified_at as contactVerifiedAt',
  'citizens.assisted_by as assistedBy',
  'citizens.created_at as createdAt',
] as const;

const profileColumns = [
  'citizen_profiles.nik',
  sql<string>`citizen_profiles.birth_date::text`.as('birthDate'),
  'citizen_profiles.sex',
  'citizen_profiles.email',
  'citizen_profiles.phone',
  'citizen_profiles.region_code as regionCode',
  'citizen_profiles.address',
  'citizen_profiles.kk_number as kkNumber',
  'citizen_profiles.channels',
  'citizen_profiles.updated_at as updatedAt',
] as const;

export interface ProfileRow {
  nik: string;
  birthDate: string;
  sex: 'L' | 'P';
  email: string;
  phone: string;
  regionCode: string;
  address: string | null;
  kkNumber: string | null;
  channels: string[];
  updatedAt: Date;
}

export async function insertCitizenAccount(
  trx: Tx,
  tenantId: string,
  row: {
    id: string;
    name: string;
    lang: 'id' | 'en';
    status: 'pending' | 'active';
    nikHash: string;
    emailHash: string;
    phoneHash: string;
    passwordHash: string | null;
    assistedBy: string | null;
    assistedConsent: string | null;
    createdAt: Date;
  },
  profile: Omit<ProfileRow, 'updatedAt'>,
): Promise<void> {
  await trx
    .insertInto('citizens')
    .values({
      id: row.id,
      name: row.name,
      lang: row.lang,
      status: row.status,
      nik_hash: row.nikHash,
      email_hash: row.emailHash,
      phone_hash: row.phoneHash,
      password_hash: row.passwordHash,
      assisted_by: row.assistedBy,
      assisted_consent: row.assistedConsent,
      created_at: row.createdAt,
    })
    .execute();
  await trx
    .insertInto('citizen_profiles')
    .values({
      citizen_id: row.id,
      nik: profile.nik,
      birth_date: profile.birthDate,
      sex: profile.sex,
      email: profile.email,
      phone: profile.phone,
      region_code: profile.regionCode,
      address: profile.address,
      kk_number: profile.kkNumber,
      channels: profile.channels,
      updated_at: row.createdAt,
    })
    .execute();
  await trx.insertInto('citizen_tenants').values({ tenant_id: tenantId, citizen_id: row.id, first_seen_at: row.createdAt }).execute();
}

/** Which of the look-up keys already belong to a (not erased) citizen of the installation (installation scope). */
export async function selectTakenKeys(
  trx: Tx,
  tenantId: string,
  keys: { nikHash: string; emailHash: string; phoneHash: string },
): Promise<{ nik: boolean; email: boolean; phone: boolean }> {
  const rows = await trx
    .selectFrom('citizens')
    .select(['nik_hash', 'email_hash', 'phone_hash'])
    .where('status', '<>', 'erased')
    .where((eb) => eb.or([eb('nik_hash', '=', keys.nikHash), eb('email_hash', '=', keys.emailHash), eb('phone_hash', '=', keys.phoneHash)]))
    .execute();
  return {
    nik: rows.some((r) => r.nik_hash === keys.nikHash),
    email: rows.some((r) => r.email_hash === keys.emailHash),
    phone: rows.some((r) => r.phone_hash === keys.phoneHash),
  };
}

/** The citizen whose NIK, e-mail or phone has this pseudonym (installation scope). */
export function selectAccountByKey(trx: Tx, tenantId: string, key: string): Promise<CitizenAccountRow | undefined> {
  return trx
    .selectFrom('citizens')
    .select(accountColumns)
    .where('status', '<>', 'erased')
    .where((eb) => eb.or([eb('nik_hash', '=', key), eb('email_hash', '=', key), eb('phone_hash', '=', key)]))
    .executeTakeFirst();
}

export function selectAccount(trx: Tx, tenantId: string, id: string): Promise<CitizenAccountRow | undefined> {
  return trx.selectFrom('citizens').select(accountColumns).where('id', '=', id).executeTakeFirst();
}

export async function updateAccountVerified(
  trx: Tx,
  tenantId: string,
  id: string,
  change: { assurance: Assurance; at: Date; registryResult: string | null },
): Promise<void> {
  await trx
    .updateTable('citizens')
    .set({
      status: 'active',
      assurance: change.assurance,
      contact_verified_at: change.at,
      registry_checked_at: change.registryResult ? change.at : null,
      registry_result: change.registryResult,
    })
    .where('id', '=', id)
    .execute();
}

export async function updateAssurance(trx: Tx, tenantId: string, id: string, assurance: Assurance): Promise<void> {
  await trx.updateTable('citizens').set({ assurance }).where('id', '=', id).execute();
}

export function selectProfile(trx: Tx, tenantId: string, citizenId: string): Promise<ProfileRow | undefined> {
  return trx.selectFrom('citizen_profiles').select(profileColumns).where('citizen_id', '=', citizenId).executeTakeFirst();
}

/**
 * The account and its profile with one statement (what selectAccount and selectProfile read, each
 * table under its own row-level security as apart); undefined when either is missing.
 */
export async function selectAccountWithProfile(trx: Tx, tenantId: string, citizenId: string): Promise<{ account: CitizenAccountRow; profile: ProfileRow } | undefined> {
  const row = await trx
    .selectFrom('citizens')
    .innerJoin('citizen_profiles', 'citizen_profiles.citizen_id', 'citizens.id')
    .select([...accountColumns, ...profileColumns])
    .where('citizens.id', '=', citizenId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { nik, birthDate, sex, email, phone, regionCode, address, kkNumber, channels, updatedAt, ...account } = row;
  return { account, profile: { nik, birthDate, sex, email, phone, regionCode, address, kkNumber, channels, updatedAt } };
}

/** Several citizens' accounts with their profiles (one SELECT), by id; one without a profile is absent. */
export async function selectAccountsWithProfiles(trx: Tx, citizenIds: readonly string[]): Promise<Map<string, AccountWithProfile>> {
  if (citizenIds.length === 0) return new Map();
  return byCitizen(await accountsWithProfilesQuery(trx, citizenIds).execute());
}

/**
 * selectAccountsWithProfiles read with the transaction's next statement (readWithNext): the caller
 * makes that statement before it awaits the result.
 */
export function selectAccountsWithProfilesWithNext(trx: Tx, citizenIds: readonly string[]): Promise<Map<string, AccountWithProfile>> {
  if (citizenIds.length === 0) return Promise.resolve(new Map());
  return readWithNext(trx, accountsWithProfilesQuery(trx, citizenIds), byCitizen);
}

type AccountWithProfile = { account: CitizenAccountRow; profile: ProfileRow };

const accountsWithProfilesQuery = (trx: Tx, citizenIds: readonly string[]) =>
  trx
    .selectFrom('citizens')
    .innerJoin('citizen_profiles', 'citizen_profiles.citizen_id', 'citizens.id')
    .select([...accountColumns, ...profileColumns])
    .where('citizens.id', 'in', [...new Set(citizenIds)]);

function byCitizen(rows: Awaited<ReturnType<ReturnType<typeof accountsWithProfilesQuery>['execute']>>): Map<string, AccountWithProfile> {
  return new Map(
    rows.map(({ nik, birthDate, sex, email, phone, regionCode, address, kkNumber, channels, updatedAt, ...account }) => [
      account.id,
      { account, profile: { nik, birthDate, sex, email, phone, regionCode, address, kkNumber, channels, updatedAt } },
    ]),
  );
}

export async function updateProfileRow(
  trx: Tx,
  tenantId: string,
  citizenId: string,
  patch: { address: string | null; kkNumber: string | null; channels: string[]; regionCode: string; at: Date },
  lang: 'id' | 'en',
): Promise<void> {
  await trx
    .updateTable('citizen_profiles')
    .set({ address: patch.address, kk_number: patch.kkNumber, channels: patch.channels, region_code: patch.regionCode, updated_at: patch.at })
    .where('citizen_id', '=', citizenId)
    .execute();
  await trx.updateTable('citizens').set({ lang }).where('id', '=', citizenId).execute();
}

/** Accounts whose look-up keys a tenant's pseudonym key made (before migration 0057), with the values to rekey. */
export function selectAccountsToRekey(db: DbOrTx, limit: number): Promise<{ id: string; nik: string | null; email: string | null; phone: string | null }[]> {
  return db
    .selectFrom('citizens as c')
    .leftJoin('citizen_profiles as p', 'p.citizen_id', 'c.id')
    .select(['c.id', 'p.nik', 'p.email', 'p.phone'])
    .where('c.keys_tenant_id', 'is not', null)
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

/** Which of these keys another (not erased) account already holds. */
export async function selectKeysHeldByOthers(db: DbOrTx, id: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('citizens')
    .select(['nik_hash', 'email_hash', 'phone_hash'])
    .where('id', '<>', id)
    .where('status', '<>', 'erased')
    .where((eb) => eb.or([eb('nik_hash', 'in', keys), eb('email_hash', 'in', keys), eb('phone_hash', 'in', keys)]))
    .execute();
  return new Set(rows.flatMap((r) => [r.nik_hash, r.email_hash, r.phone_hash]).filter((k): k is string => k !== null && keys.includes(k)));
}

export async function updateAccountKeys(db: DbOrTx, id: string, keys: { nikHash: string | null; emailHash: string | null; phoneHash: string | null }): Promise<void> {
  await db.updateTable('citizens').set({ nik_hash: keys.nikHash, email_hash: keys.emailHash, phone_hash: keys.phoneHash, keys_tenant_id: null }).where('id', '=', id).execute();
}
