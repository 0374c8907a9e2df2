// SQL for passkeys and their ceremonies' challenges (migration 0055). Every function takes the
// tenant first and runs in the caller's withTenant() transaction (row-level security checks it again).
// A citizen's passkeys are the person's (migration 0066): their functions take `ANY_TENANT` and run in
// the installation scope, always filtered by the person or the credential.
import { sql } from 'kysely';
import type { Tx } from '../../../db/index.js';

export type Owner = { kind: 'citizen' | 'officer'; id: string };

export interface PasskeyRow {
  id: string;
  citizenId: string | null;
  officerId: string | null;
  credentialId: string;
  publicKey: Buffer;
  counter: number;
  transports: string[];
  rpId: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

const columns = [
  'id',
  'citizen_id as citizenId',
  'officer_id as officerId',
  'credential_id as credentialId',
  'public_key as publicKey',
  'counter',
  'transports',
  'rp_id as rpId',
  'name',
  'created_at as createdAt',
  'last_used_at as lastUsedAt',
] as const;

const ownerColumn = (owner: Owner) => (owner.kind === 'citizen' ? 'citizen_id' : 'officer_id');

/** In place of a tenant: a citizen's passkeys and sessions from every tenant (installation scope). */
export const ANY_TENANT = null;
type TenantOrAny = string | typeof ANY_TENANT;

export async function insertPasskey(
  trx: Tx,
  tenantId: string,
  owner: Owner,
  row: { id: string; credentialId: string; publicKey: Uint8Array; counter: number; transports: string[]; rpId: string; multiDevice: boolean; backedUp: boolean; name: string; createdAt: Date },
): Promise<void> {
  await trx
    .insertInto('passkeys')
    .values({
      tenant_id: tenantId,
      id: row.id,
      citizen_id: owner.kind === 'citizen' ? owner.id : null,
      officer_id: owner.kind === 'officer' ? owner.id : null,
      credential_id: row.credentialId,
      public_key: Buffer.from(row.publicKey),
      counter: row.counter,
      transports: row.transports,
      rp_id: row.rpId,
      multi_device: row.multiDevice,
      backed_up: row.backedUp,
      name: row.name,
      created_at: row.createdAt,
    })
    .execute();
}

export function selectOwnerPasskeys(trx: Tx, tenantId: TenantOrAny, owner: Owner): Promise<PasskeyRow[]> {
  return trx
    .selectFrom('passkeys')
    .select(columns)
    .$if(tenantId !== ANY_TENANT, (q) => q.where('tenant_id', '=', tenantId!))
    .where(ownerColumn(owner), '=', owner.id)
    .orderBy('created_at', 'asc')
    .execute();
}

/** The passkey with this credential id, its row locked until commit (a counter is compared and moved). */
export function selectPasskeyByCredentialForUpdate(trx: Tx, tenantId: string, credentialId: string): Promise<PasskeyRow | undefined> {
  return trx.selectFrom('passkeys').select(columns).where('tenant_id', '=', tenantId).where('credential_id', '=', credentialId).forUpdate().executeTakeFirst();
}

/** A citizen's credential, made at whichever tenant (installation scope); this tenant's first if both hold it. */
export function selectCitizenPasskeyByCredentialForUpdate(trx: Tx, tenantId: string, credentialId: string): Promise<PasskeyRow | undefined> {
  return trx
    .selectFrom('passkeys')
    .select(columns)
    .where('credential_id', '=', credentialId)
    .where('citizen_id', 'is not', null)
    .orderBy(sql`tenant_id = ${tenantId}`, 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export async function updatePasskeyUse(trx: Tx, tenantId: TenantOrAny, id: string, use: { counter: number; at: Date }): Promise<void> {
  await trx
    .updateTable('passkeys')
    .set({ counter: use.counter, last_used_at: use.at })
    .$if(tenantId !== ANY_TENANT, (q) => q.where('tenant_id', '=', tenantId!))
    .where('id', '=', id)
    .execute();
}

/** Deletes the owner's passkey; returns its name, or undefined when there is none (someone else's is none). */
export async function deleteOwnerPasskey(trx: Tx, tenantId: TenantOrAny, owner: Owner, id: string): Promise<string | undefined> {
  const row = await trx
    .deleteFrom('passkeys')
    .$if(tenantId !== ANY_TENANT, (q) => q.where('tenant_id', '=', tenantId!))
    .where(ownerColumn(owner), '=', owner.id)
    .where('id', '=', id)
    .returning(['name'])
    .executeTakeFirst();
  return row?.name;
}

// ---- challenges ----

export interface ChallengeRow {
  purpose: 'register' | 'sign_in' | 'second_factor';
  subjectKind: 'citizen' | 'officer';
  subjectId: string | null;
  challenge: string;
  rpId: string;
  origin: string;
  expiresAt: Date;
}

export async function insertChallenge(trx: Tx, tenantId: string, id: string, row: ChallengeRow & { createdAt: Date }): Promise<void> {
  // Unanswered ceremonies are cleared as new ones start: the table stays as small as the live ones.
  await trx.deleteFrom('passkey_challenges').where('tenant_id', '=', tenantId).where('expires_at', '<', row.createdAt).execute();
  await trx
    .insertInto('passkey_challenges')
    .values({
      tenant_id: tenantId,
      id,
      purpose: row.purpose,
      subject_kind: row.subjectKind,
      subject_id: row.subjectId,
      challenge: row.challenge,
      rp_id: row.rpId,
      origin: row.origin,
      created_at: row.createdAt,
      expires_at: row.expiresAt,
    })
    .execute();
}

/** Takes the challenge out (single use: a second answer finds nothing), whatever its expiry. */
export function takeChallenge(trx: Tx, tenantId: string, id: string): Promise<ChallengeRow | undefined> {
  return trx
    .deleteFrom('passkey_challenges')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(['purpose', 'subject_kind as subjectKind', 'subject_id as subjectId', 'challenge', 'rp_id as rpId', 'origin', 'expires_at as expiresAt'])
    .executeTakeFirst();
}

/** When the session was opened (sign-in rotates sessions: when its person last signed in) and whether it passed a second factor. */
export function selectSessionStart(trx: Tx, tenantId: TenantOrAny, sessionId: string): Promise<{ createdAt: Date; secondFactor: boolean } | undefined> {
  return trx
    .selectFrom('sessions')
    .select(['created_at as createdAt', 'second_factor as secondFactor'])
    .$if(tenantId !== ANY_TENANT, (q) => q.where('tenant_id', '=', tenantId!))
    .where('id', '=', sessionId)
    .executeTakeFirst();
}

/** What the authenticator shows as the account: the citizen's name, the officer's e-mail address. */
export async function selectAccountLabel(trx: Tx, tenantId: string, owner: Owner): Promise<string | undefined> {
  if (owner.kind === 'citizen') {
    return (await trx.selectFrom('citizens').select('name').where('id', '=', owner.id).executeTakeFirst())?.name;
  }
  return (await trx.selectFrom('officers').select('email').where('tenant_id', '=', tenantId).where('id', '=', owner.id).executeTakeFirst())?.email;
}

/** Whether the citizen may sign in (active: not pending, locked or erased). */
export async function selectCitizenActive(trx: Tx, tenantId: string, citizenId: string): Promise<boolean> {
  const row = await trx.selectFrom('citizens').select('status').where('id', '=', citizenId).executeTakeFirst();
  return row?.status === 'active';
}
