// SQL of the OpenID Provider's tables (migration 0056_oidc): the registered client applications
// (tenant-owned), what oidc-provider stores (installation-level, found by id), and the signing keys.
import { type DbOrTx, sql, type Tx } from '../../db/index.js';

export const TABLES = ['oidc_clients', 'oidc_payloads', 'oidc_signing_keys'] as const;

export interface ClientRow {
  tenantId: string;
  id: string;
  name: string;
  logoUrl: string | null;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  scopes: string[];
  secretHash: string | null;
  jwks: { keys: Record<string, unknown>[] } | null;
  nikApproved: boolean;
  status: 'active' | 'disabled';
  createdAt: Date;
  updatedAt: Date;
}

const clientColumns = [
  'tenant_id as tenantId',
  'id',
  'name',
  'logo_url as logoUrl',
  'redirect_uris as redirectUris',
  'post_logout_redirect_uris as postLogoutRedirectUris',
  'scopes',
  'secret_hash as secretHash',
  'jwks',
  'nik_approved as nikApproved',
  'status',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;

export async function insertClient(trx: Tx, row: ClientRow & { createdBy: string | null }): Promise<void> {
  await trx
    .insertInto('oidc_clients')
    .values({
      tenant_id: row.tenantId,
      id: row.id,
      name: row.name,
      logo_url: row.logoUrl,
      redirect_uris: row.redirectUris,
      post_logout_redirect_uris: row.postLogoutRedirectUris,
      scopes: row.scopes,
      secret_hash: row.secretHash,
      jwks: row.jwks ? JSON.stringify(row.jwks) : null,
      nik_approved: row.nikApproved,
      status: row.status,
      created_by: row.createdBy,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
    })
    .execute();
}

export function selectClients(trx: Tx, tenantId: string): Promise<ClientRow[]> {
  return trx.selectFrom('oidc_clients').select(clientColumns).where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').orderBy('id').execute() as Promise<ClientRow[]>;
}

export async function selectClient(trx: Tx, tenantId: string, id: string): Promise<ClientRow | undefined> {
  return (await trx.selectFrom('oidc_clients').select(clientColumns).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst()) as ClientRow | undefined;
}

export async function updateClientStatus(trx: Tx, tenantId: string, id: string, status: 'active' | 'disabled', at: Date): Promise<number> {
  const r = await trx.updateTable('oidc_clients').set({ status, updated_at: at }).where('tenant_id', '=', tenantId).where('id', '=', id).where('status', '<>', status).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** The tenant a client id belongs to (a SECURITY DEFINER function: it reveals nothing else). */
export async function selectClientTenant(db: DbOrTx, clientId: string): Promise<string | undefined> {
  const { rows } = await sql<{ tenant: string | null }>`select oidc_client_tenant(${clientId}) as tenant`.execute(db);
  return rows[0]?.tenant ?? undefined;
}

// ── oidc-provider's models ────────────────────────────────────────────────────────────────────────

export interface PayloadRow {
  payload: Record<string, unknown>;
  expiresAt: Date | null;
  consumedAt: Date | null;
}

export async function upsertPayload(
  db: DbOrTx,
  row: { model: string; id: string; payload: Record<string, unknown>; grantId: string | null; uid: string | null; accountId: string | null; expiresAt: Date | null },
): Promise<void> {
  const values = {
    model: row.model,
    id: row.id,
    payload: JSON.stringify(row.payload),
    grant_id: row.grantId,
    uid: row.uid,
    account_id: row.accountId,
    expires_at: row.expiresAt,
  };
  await db
    .insertInto('oidc_payloads')
    .values(values)
    .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet({ payload: values.payload, grant_id: values.grant_id, uid: values.uid, account_id: values.account_id, expires_at: values.expires_at }))
    .execute();
}

const payloadColumns = ['payload', 'expires_at as expiresAt', 'consumed_at as consumedAt'] as const;

export function selectPayload(db: DbOrTx, model: string, id: string): Promise<PayloadRow | undefined> {
  return db.selectFrom('oidc_payloads').select(payloadColumns).where('model', '=', model).where('id', '=', id).executeTakeFirst();
}

export function selectPayloadByUid(db: DbOrTx, model: string, uid: string): Promise<PayloadRow | undefined> {
  return db.selectFrom('oidc_payloads').select(payloadColumns).where('model', '=', model).where('uid', '=', uid).executeTakeFirst();
}

export async function updatePayloadConsumed(db: DbOrTx, model: string, id: string, at: Date): Promise<void> {
  await db.updateTable('oidc_payloads').set({ consumed_at: at }).where('model', '=', model).where('id', '=', id).execute();
}

export async function deletePayload(db: DbOrTx, model: string, id: string): Promise<void> {
  await db.deleteFrom('oidc_payloads').where('model', '=', model).where('id', '=', id).execute();
}

/** Everything issued under a grant (codes, tokens, the grant itself). */
export async function deletePayloadsOfGrant(db: DbOrTx, grantId: string): Promise<number> {
  const r = await db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Everything of an account ("<tenant>.<citizen>"): its grants (consents) and all issued under them,
 * its sessions with the provider. Returns how many grants there were.
 */
export async function deletePayloadsOfAccount(db: DbOrTx, accountId: string): Promise<number> {
  const grants = await db.selectFrom('oidc_payloads').select('id').where('model', '=', 'Grant').where('account_id', '=', accountId).execute();
  const ids = grants.map((g) => g.id);
  await db
    .deleteFrom('oidc_payloads')
    .where((eb) => eb.or([eb('account_id', '=', accountId), ...(ids.length > 0 ? [eb('grant_id', 'in', ids)] : [])]))
    .execute();
  return ids.length;
}

export async function deleteExpiredPayloads(db: DbOrTx, now: Date): Promise<number> {
  const r = await db.deleteFrom('oidc_payloads').where('expires_at', '<', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The live grants of an account ("<tenant>.<citizen>"): the consents a citizen gave. */
export function selectGrantsOfAccount(db: DbOrTx, accountId: string, now: Date): Promise<{ id: string; payload: Record<string, unknown> }[]> {
  return db
    .selectFrom('oidc_payloads')
    .select(['id', 'payload'])
    .where('model', '=', 'Grant')
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy('id')
    .execute();
}

// ── signing keys ──────────────────────────────────────────────────────────────────────────────────

export interface SigningKeyRow {
  kid: string;
  publicJwk: Record<string, unknown>;
  privateSealed: Buffer;
  createdAt: Date;
  retiredAt: Date | null;
  expiresAt: Date | null;
}

const keyColumns = ['kid', 'public_jwk as publicJwk', 'private_sealed as privateSealed', 'created_at as createdAt', 'retired_at as retiredAt', 'expires_at as expiresAt'] as const;

/** Keys still published at `now`, the signing one (not retired) first, then the newest. */
export function selectLiveKeys(db: DbOrTx, now: Date): Promise<SigningKeyRow[]> {
  return db
    .selectFrom('oidc_signing_keys')
    .select(keyColumns)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .orderBy(sql`retired_at is not null`)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function insertKey(db: DbOrTx, row: SigningKeyRow): Promise<void> {
  await db
    .insertInto('oidc_signing_keys')
    .values({ kid: row.kid, public_jwk: JSON.stringify(row.publicJwk), private_sealed: row.privateSealed, created_at: row.createdAt, retired_at: row.retiredAt, expires_at: row.expiresAt })
    .execute();
}

/** Retires every signing key but `keep`; each stays published until `expiresAt`. */
export async function retireKeysExcept(db: DbOrTx, keep: string, at: Date, expiresAt: Date): Promise<void> {
  await db.updateTable('oidc_signing_keys').set({ retired_at: at, expires_at: expiresAt }).where('kid', '<>', keep).where('retired_at', 'is', null).execute();
}

export async function deleteExpiredKeys(db: DbOrTx, now: Date): Promise<void> {
  await db.deleteFrom('oidc_signing_keys').where('expires_at', '<', now).execute();
}

/** One process at a time creates or rotates keys (a transaction-scoped advisory lock). */
export async function lockKeys(trx: Tx): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext('gerbang.oidc_signing_keys'))`.execute(trx);
}

/** A fingerprint of the keys published at `now`, to notice a rotation (by another process) or an expiry. */
export async function selectKeySetVersion(db: DbOrTx, now: Date): Promise<string> {
  const { rows } = await sql<{ v: string | null }>`
    select string_agg(kid || ':' || coalesce(retired_at::text, ''), ',' order by kid) as v from oidc_signing_keys
    where expires_at is null or expires_at > ${now}`.execute(db);
  return rows[0]?.v ?? '';
}
