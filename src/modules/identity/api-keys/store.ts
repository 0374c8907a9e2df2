// SQL for agency systems' API keys (api_keys).
import type { DbOrTx, Tx } from '../../../db/index.js';

export interface ApiKeyRow {
  id: string;
  agencyId: string | null;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const columns = ['id', 'agency_id as agencyId', 'name', 'prefix', 'scopes', 'created_at as createdAt', 'last_used_at as lastUsedAt', 'revoked_at as revokedAt'] as const;

export async function insertApiKey(trx: Tx, tenantId: string, row: ApiKeyRow & { keyHash: string; createdBy: string | null }): Promise<void> {
  await trx
    .insertInto('api_keys')
    .values({
      tenant_id: tenantId,
      id: row.id,
      agency_id: row.agencyId,
      name: row.name,
      prefix: row.prefix,
      key_hash: row.keyHash,
      scopes: row.scopes,
      created_by: row.createdBy,
      created_at: row.createdAt,
    })
    .execute();
}

export function selectApiKeys(trx: Tx, tenantId: string): Promise<ApiKeyRow[]> {
  return trx.selectFrom('api_keys').select(columns).where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').execute();
}

export function selectLiveApiKeyByHash(trx: DbOrTx, tenantId: string, keyHash: string): Promise<ApiKeyRow | undefined> {
  return trx
    .selectFrom('api_keys')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function updateApiKeyUsed(trx: Tx, tenantId: string, id: string, at: Date): Promise<void> {
  await trx.updateTable('api_keys').set({ last_used_at: at }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function updateApiKeyRevoked(trx: Tx, tenantId: string, id: string, at: Date): Promise<number> {
  const r = await trx
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
