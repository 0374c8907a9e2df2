// Client applications: a tenant admin registers another government application (its name, logo,
// exact redirect URIs, the scopes it may ask for, whether it is approved to receive the NIK), gets its
// secret once, and may disable and enable it. An application belongs to one tenant.
//
// Secrets: 32 random bytes (`gbs_…`), stored as SHA-256 — a 256-bit random secret needs no slow hash.
// The provider is given the hash as the client's secret and compares the SHA-256 of what a client
// presents (provider.ts, compareClientSecret), so the table alone authenticates nobody. HMAC-signed
// tokens (HS256), which would need the plain secret, are not offered.
//
// NIK clients use FAPI 2.0 (as Singpass requires of new applications): no secret at all, but
// `private_key_jwt` with their own public keys (jwks), pushed authorization requests, DPoP-bound tokens.
import { createHash, randomBytes } from 'node:crypto';
import { type Db, withTenant } from '../../db/index.js';
import { actorRef, type TenantContext } from '../../platform/context.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { type ClientRow, insertClient, selectClient, selectClients, selectClientTenant, updateClientStatus } from './store.js';
import './strings.js';

/** Scopes an application may be allowed, in the order the pages list them. */
export const CLIENT_SCOPES = ['openid', 'profile', 'email', 'phone', 'address', 'offline_access', 'nik'] as const;
export type ClientScope = (typeof CLIENT_SCOPES)[number];

export type Client = Omit<ClientRow, 'secretHash'> & { hasSecret: boolean };

export interface ClientInput {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  scopes: string[];
  logoUrl?: string | null;
  /** Approved to receive the NIK (scope `nik`): the client must then use FAPI 2.0 and give its public keys. */
  nikApproved?: boolean;
  jwks?: { keys: Record<string, unknown>[] } | null;
}

export const hashClientSecret = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

const toClient = ({ secretHash, ...row }: ClientRow): Client => ({ ...row, hasSecret: secretHash !== null });

function field(pointer: string, code: string, messageKey: MessageKey): PendingFieldError {
  return { field: pointer, code, messageKey };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An absolute https URL (http only on the loopback, for development), no fragment; undefined if not. */
function parseRedirect(value: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.hash || url.username || url.password || value.length > 500) return undefined;
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url;
  return undefined;
}

function publicKeysOrUndefined(jwks: ClientInput['jwks']): { keys: Record<string, unknown>[] } | undefined {
  if (!jwks || !Array.isArray(jwks.keys) || jwks.keys.length === 0 || jwks.keys.length > 5) return undefined;
  for (const k of jwks.keys) {
    if (typeof k !== 'object' || k === null || !['RSA', 'EC', 'OKP'].includes(String(k.kty))) return undefined;
    if ('d' in k || 'p' in k || 'k' in k) return undefined; // a private or symmetric key is never sent to us
  }
  return { keys: jwks.keys };
}

function validate(input: ClientInput): { row: Omit<ClientRow, 'tenantId' | 'id' | 'secretHash' | 'status' | 'createdAt' | 'updatedAt'>; errors: PendingFieldError[] } {
  const errors: PendingFieldError[] = [];
  const name = input.name.trim();
  if (name.length < 2 || name.length > 100) errors.push(field('/name', 'name', 'oidc.client.error.name'));
  const redirects = [...new Set(input.redirectUris.map((u) => u.trim()).filter(Boolean))];
  const parsed = redirects.map(parseRedirect);
  if (redirects.length === 0 || redirects.length > 10 || parsed.some((u) => !u)) errors.push(field('/redirectUris', 'redirect', 'oidc.client.error.redirect'));
  // Pairwise subjects are computed per sector: the host of the redirect URIs (OIDC Core §8.1).
  else if (new Set(parsed.map((u) => u!.host)).size > 1) errors.push(field('/redirectUris', 'sector', 'oidc.client.error.sector'));
  const logouts = [...new Set((input.postLogoutRedirectUris ?? []).map((u) => u.trim()).filter(Boolean))];
  if (logouts.length > 10 || logouts.some((u) => !parseRedirect(u))) errors.push(field('/postLogoutRedirectUris', 'redirect', 'oidc.client.error.redirect'));
  const scopes = [...new Set(['openid', ...input.scopes])];
  if (scopes.some((s) => !(CLIENT_SCOPES as readonly string[]).includes(s))) errors.push(field('/scopes', 'scope', 'oidc.client.error.scope'));
  const nikApproved = input.nikApproved === true;
  if (scopes.includes('nik') && !nikApproved) errors.push(field('/scopes', 'nik', 'oidc.client.error.nik_unapproved'));
  const jwks = nikApproved ? publicKeysOrUndefined(input.jwks) : undefined;
  if (nikApproved && !jwks) errors.push(field('/jwks', 'jwks', 'oidc.client.error.jwks'));
  const logoUrl = input.logoUrl?.trim() || null;
  if (logoUrl && (!/^https:\/\//.test(logoUrl) || !URL.canParse(logoUrl) || logoUrl.length > 500)) errors.push(field('/logoUrl', 'logo', 'oidc.client.error.logo'));
  return {
    row: { name, logoUrl, redirectUris: redirects, postLogoutRedirectUris: logouts, scopes: CLIENT_SCOPES.filter((s) => scopes.includes(s)), jwks: jwks ?? null, nikApproved },
    errors,
  };
}

/** Registers a client application of the tenant; the secret (none for a FAPI client) is returned once. */
export async function registerClient(ctx: TenantContext, input: ClientInput, options: { secret?: string } = {}): Promise<{ client: Client; secret: string | null }> {
  const { row, errors } = validate(input);
  if (errors.length > 0) throw new DomainError('validation', 400, 'error.validation', {}, errors);
  const id = `gbc_${randomBytes(16).toString('base64url')}`;
  // `options.secret`: the development example client's, derived from APP_SECRET (dev-client.tsx).
  const secret = row.nikApproved ? null : (options.secret ?? `gbs_${randomBytes(32).toString('base64url')}`);
  const now = ctx.now();
  const full: ClientRow = { ...row, tenantId: ctx.tenant.id, id, secretHash: secret ? hashClientSecret(secret) : null, status: 'active', createdAt: now, updatedAt: now };
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await insertClient(trx, { ...full, createdBy: ctx.actor.kind === 'officer' ? ctx.actor.id : null });
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: 'oidc_client.registered',
      subject: `oidc_client:${id}`,
      data: { scopes: row.scopes, nikApproved: row.nikApproved, redirectUris: row.redirectUris },
    });
  });
  return { client: toClient(full), secret };
}

export async function listClients(ctx: TenantContext): Promise<Client[]> {
  return (await withTenant(ctx.db, ctx.tenant.id, (trx) => selectClients(trx, ctx.tenant.id))).map(toClient);
}

export async function getClient(ctx: TenantContext, input: { id: string }): Promise<Client> {
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectClient(trx, ctx.tenant.id, input.id));
  if (!row) throw new DomainError('not_found', 404, 'error.not_found');
  return toClient(row);
}

/** Disables (no new sign-in, no token) or enables a client; audited. Unchanged status: nothing written. */
export async function setClientStatus(ctx: TenantContext, input: { id: string; status: 'active' | 'disabled' }): Promise<Client> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await selectClient(trx, ctx.tenant.id, input.id);
    if (!row) throw new DomainError('not_found', 404, 'error.not_found');
    if ((await updateClientStatus(trx, ctx.tenant.id, input.id, input.status, ctx.now())) > 0) {
      await ctx.audit.append(trx, {
        tenantId: ctx.tenant.id,
        actor: actorRef(ctx.actor),
        action: input.status === 'disabled' ? 'oidc_client.disabled' : 'oidc_client.enabled',
        subject: `oidc_client:${input.id}`,
        data: {},
      });
    }
    return toClient({ ...row, status: input.status });
  });
}

/** A client found by its id alone (the provider's look-up, before any tenant is known); active or not. */
export async function findClientById(db: Db, clientId: string): Promise<ClientRow | undefined> {
  if (!/^gbc_[A-Za-z0-9_-]{16,64}$/.test(clientId)) return undefined;
  const tenantId = await selectClientTenant(db, clientId);
  if (!tenantId) return undefined;
  return withTenant(db, tenantId, (trx) => selectClient(trx, tenantId, clientId));
}

/** What oidc-provider knows of an active client (its "client metadata"). */
export function providerMetadata(row: ClientRow): Record<string, unknown> {
  const fapi = row.nikApproved;
  return {
    client_id: row.id,
    client_name: row.name,
    ...(row.logoUrl ? { logo_uri: row.logoUrl } : {}),
    redirect_uris: row.redirectUris,
    post_logout_redirect_uris: row.postLogoutRedirectUris,
    grant_types: row.scopes.includes('offline_access') ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    response_types: ['code'],
    scope: row.scopes.join(' '),
    subject_type: 'pairwise',
    application_type: 'web',
    ...(fapi
      ? {
          token_endpoint_auth_method: 'private_key_jwt',
          jwks: row.jwks,
          require_pushed_authorization_requests: true,
          dpop_bound_access_tokens: true,
          id_token_signed_response_alg: 'PS256',
        }
      : { token_endpoint_auth_method: 'client_secret_basic', client_secret: row.secretHash, id_token_signed_response_alg: 'RS256' }),
    // Which tenant's citizens sign in to it (the interaction pages, findAccount).
    'urn:gerbang:tenant': row.tenantId,
  };
}
