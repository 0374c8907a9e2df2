// API keys for agency systems: shown once at creation (gbk_<prefix>_<secret>), stored as SHA-256 (a
// 256-bit random secret needs no slow hash), scoped, optionally bound to one agency, revocable, with
// the last use recorded. A request with `Authorization: Bearer gbk_…` for the key's tenant gets the
// `api_key` principal.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type DbOrTx, withTenant } from '../../../db/index.js';
import { actorRef, type TenantContext } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { listAgencies } from '../../tenancy/index.js';
import { type ApiKeyRow, insertApiKey, selectApiKeys, selectLiveApiKeyByHash, updateApiKeyRevoked, updateApiKeyUsed } from './store.js';

const KEY = /^gbk_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const SCOPE = /^[a-z][a-z0-9_.:-]{1,63}$/;
const USED_EVERY_MS = 60_000;

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export async function createApiKey(ctx: TenantContext, input: { name: string; agency?: string | null; scopes: string[] }): Promise<{ key: string; apiKey: ApiKeyRow }> {
  const { tenant } = ctx;
  const name = input.name.trim();
  const bad = (field: string) => new DomainError('validation', 400, 'error.validation', {}, [{ field, code: 'invalid', messageKey: 'field.invalid' }]);
  if (name.length < 2 || name.length > 100) throw bad('/name');
  if (input.scopes.length === 0 || input.scopes.some((s) => !SCOPE.test(s))) throw bad('/scopes');
  let agencyId: string | null = null;
  if (input.agency) {
    const agency = (await listAgencies(ctx.db, tenant)).find((a) => a.code === input.agency || a.id === input.agency);
    if (!agency) throw bad('/agency');
    agencyId = agency.id;
  }
  const prefix = randomBytes(6).toString('hex').slice(0, 8);
  const key = `gbk_${prefix}_${randomBytes(32).toString('base64url')}`;
  const apiKey: ApiKeyRow = { id: randomUUID(), agencyId, name, prefix, scopes: [...new Set(input.scopes)], createdAt: ctx.now(), lastUsedAt: null, revokedAt: null };
  await withTenant(ctx.db, tenant.id, async (trx) => {
    await insertApiKey(trx, tenant.id, { ...apiKey, keyHash: hashKey(key), createdBy: ctx.actor.kind === 'officer' ? ctx.actor.id : null });
    await ctx.audit.append(trx, { tenantId: tenant.id, actor: actorRef(ctx.actor), action: 'api_key.created', subject: `api_key:${apiKey.id}`, data: { scopes: apiKey.scopes, agency: agencyId } });
  });
  return { key, apiKey };
}

export function listApiKeys(ctx: TenantContext): Promise<ApiKeyRow[]> {
  const tenantId = ctx.tenant.id;
  return withTenant(ctx.db, tenantId, (trx) => selectApiKeys(trx, tenantId));
}

export async function revokeApiKey(ctx: TenantContext, input: { id: string }): Promise<void> {
  const tenantId = ctx.tenant.id;
  const { id } = input;
  await withTenant(ctx.db, tenantId, async (trx) => {
    if ((await updateApiKeyRevoked(trx, tenantId, id, ctx.now())) === 0) throw new DomainError('not_found', 404, 'error.not_found');
    await ctx.audit.append(trx, { tenantId, actor: actorRef(ctx.actor), action: 'api_key.revoked', subject: `api_key:${id}`, data: {} });
  });
}

/** Fills request.principal from `Authorization: Bearer gbk_…` (the key's own tenant only). */
export function registerApiKeyHook(app: FastifyInstance, deps: { db: DbOrTx; now: () => Date }): void {
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer gbk_') || !request.tenant) return;
    const key = header.slice(7).trim();
    if (!KEY.test(key)) return;
    const tenantId = request.tenant.id;
    const row = await withTenant(deps.db, tenantId, (trx) => selectLiveApiKeyByHash(trx, tenantId, hashKey(key)));
    if (!row) return;
    const now = deps.now();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > USED_EVERY_MS) {
      await withTenant(deps.db, tenantId, (trx) => updateApiKeyUsed(trx, tenantId, row.id, now));
    }
    request.principal = { kind: 'api_key', id: row.id, tenantId, agencyId: row.agencyId, scopes: row.scopes };
  });
}
