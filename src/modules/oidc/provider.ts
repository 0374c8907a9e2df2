// The OpenID Provider: oidc-provider (a certified implementation), configured for Gerbang. What is
// ours is only the glue: storage (adapter.ts), keys (keys.ts), client applications (clients.ts), who
// the citizen is and what may be released about them (findAccount, below), and the interaction pages
// (interaction-pages.tsx). Decision 0056 says why this library and how it is mounted.
//
// - Accounts are "<tenant id>.<citizen id>": citizens are per tenant today, and an application belongs
//   to one tenant, so its users sign in at that tenant.
// - `sub` is pairwise: base64url(HMAC-SHA256(key, sector identifier ‖ "|" ‖ citizen id)), the key
//   derived from APP_SECRET; two applications on different hosts see different subjects.
// - `acr` is the citizen's level of assurance at sign-in (unverified < registry < in_person);
//   `acr_values` asks for at least the lowest level it names, and a session below it signs in again
//   (the interaction page tells the citizen how to raise the level).
// - Every release of claims (ID token, userinfo) goes through identity's readCitizenPersonalData with
//   the application as recipient, so the citizen's access log names it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type Provider from 'oidc-provider';
import type { Configuration, interactionPolicy, KoaContextWithOIDC } from 'oidc-provider';
import type { Db } from '../../db/index.js';
import { ASSURANCE_LEVELS, type Assurance, meetsAssurance } from '../../platform/auth/index.js';
import type { AuditAppender } from '../../platform/context.js';
import type { TenantInfo, TenantLookup } from '../../platform/http/tenant.js';
import { deriveKey } from '../../platform/secrets.js';
import { citizenStanding, citizenSubjectId, type PersonalField, readCitizenPersonalData, resolveSession, SESSION_COOKIE } from '../identity/index.js';
import { createAdapter } from './adapter.js';
import { findClientById, hashClientSecret, providerMetadata } from './clients.js';
import { loadPrivateJwks } from './keys.js';
import { renderProviderError, renderLogoutPage, renderLogoutDone } from './provider-pages.js';
import './strings.js';

/** Where the provider is mounted under PUBLIC_BASE_URL (the issuer is PUBLIC_BASE_URL + this). */
export const OIDC_PATH = '/oidc';
/** The interaction pages, under the client's tenant (`/t/<slug>` + this + `/<uid>`). */
export const INTERACTION_PATH = '/oidc/interaksi';

export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'birthdate'],
  email: ['email', 'email_verified'],
  phone: ['phone_number', 'phone_number_verified'],
  address: ['address'],
  nik: ['nik'],
} as const;

/** The personal data each scope reads (and the access log lists). */
const SCOPE_FIELDS: Record<string, PersonalField[]> = {
  profile: ['name', 'birthDate'],
  email: ['email'],
  phone: ['phone'],
  address: ['address', 'regionCode'],
  nik: ['nik'],
};

export interface OidcDeps {
  db: Db;
  audit: AuditAppender;
  now: () => Date;
  appSecret: Buffer;
  tenants: TenantLookup;
  publicBaseUrl: string;
  secureCookies: boolean;
}

declare module 'node:http' {
  interface IncomingMessage {
    /** The Fastify request the provider is answering (its pages are rendered in Gerbang's layout). */
    gerbangRequest?: FastifyRequest;
  }
}

/** The key that seals the signing keys' private halves in the database. */
export const signingKeySealKey = (appSecret: Buffer) => deriveKey(appSecret, 'oidc-signing-keys');

export const accountIdOf = (tenantId: string, citizenId: string) => `${tenantId}.${citizenId}`;

export function parseAccountId(accountId: string): { tenantId: string; citizenId: string } | undefined {
  const m = /^([0-9a-f-]{36})\.([0-9a-f-]{36})$/.exec(accountId);
  return m ? { tenantId: m[1]!, citizenId: m[2]! } : undefined;
}

/** The client's tenant, as its metadata carries it (clients.ts providerMetadata). */
export function tenantIdOfClient(client: { metadata(): Record<string, unknown> } | undefined): string | undefined {
  const value = client?.metadata().gerbang_tenant;
  return typeof value === 'string' ? value : undefined;
}

/** The lowest level of assurance `acr_values` names (the least the application accepts), if any. */
export function requestedAssurance(acrValues: unknown): Assurance | undefined {
  if (typeof acrValues !== 'string') return undefined;
  const asked = acrValues.split(' ').filter((v): v is Assurance => (ASSURANCE_LEVELS as readonly string[]).includes(v));
  return asked.sort((a, b) => ASSURANCE_LEVELS.indexOf(a) - ASSURANCE_LEVELS.indexOf(b))[0];
}

export function pairwiseSubject(key: Buffer, sector: string, citizenId: string): string {
  return createHmac('sha256', key).update(`${sector}|${citizenId}`).digest('base64url');
}

async function tenantById(tenants: TenantLookup, id: string): Promise<TenantInfo | undefined> {
  return (await tenants.all()).find((t) => t.id === id);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

/**
 * The Gerbang session is the truth: the provider's own session stands only while the browser's
 * Gerbang session is the same citizen's, at a level the request accepts. Otherwise the login step
 * runs again (the interaction page, which sends a signed-out citizen to sign in).
 */
type InteractionPolicy = typeof interactionPolicy;

/**
 * The library, loaded when a provider is made rather than when the app's modules load. oidc-provider 9
 * prints "Unsupported runtime" as it loads on Node 20 (it is tested on 22 LTS and later; Gerbang's
 * own tests of it pass on 20: decision 0056): that one line is held back, so that every command and
 * start-up does not print it — any other warning passes.
 */
async function loadLibrary() {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].includes('oidc-provider WARNING: Unsupported runtime')) return;
    warn(...args);
  };
  try {
    return await import('oidc-provider');
  } finally {
    console.warn = warn;
  }
}

function interactions(deps: OidcDeps, policies: InteractionPolicy): NonNullable<Configuration['interactions']> {
  const policy = policies.base();
  const login = policy.get('login')!;
  login.checks.add(
    new policies.Check('gerbang_session', 'the Gerbang sign-in of this browser is not the provider session', async (ctx: KoaContextWithOIDC) => {
      const session = ctx.oidc.session;
      const account = session?.accountId ? parseAccountId(session.accountId) : undefined;
      if (!account) return policies.Check.REQUEST_PROMPT;
      const token = cookieValue(ctx.req, SESSION_COOKIE);
      const principal = token ? await resolveSession(deps.db, account.tenantId, token, deps.now()) : undefined;
      const same = principal?.kind === 'citizen' && principal.id === account.citizenId && tenantIdOfClient(ctx.oidc.client) === account.tenantId;
      return same ? policies.Check.NO_NEED_TO_PROMPT : policies.Check.REQUEST_PROMPT;
    }),
  );
  login.checks.add(
    new policies.Check('acr_values', 'the level of assurance of the session is below the requested one', (ctx: KoaContextWithOIDC) => {
      const need = requestedAssurance(ctx.oidc.params?.acr_values);
      const have = ctx.oidc.session?.acr as Assurance | undefined;
      if (!need) return policies.Check.NO_NEED_TO_PROMPT;
      return have && meetsAssurance(have, need) ? policies.Check.NO_NEED_TO_PROMPT : policies.Check.REQUEST_PROMPT;
    }),
  );
  return {
    policy,
    url: async (ctx, interaction) => {
      const tenantId = tenantIdOfClient(ctx.oidc.client);
      const tenant = tenantId ? await tenantById(deps.tenants, tenantId) : undefined;
      return `${deps.publicBaseUrl.replace(/\/$/, '')}/t/${tenant?.slug ?? '-'}${INTERACTION_PATH}/${interaction.uid}`;
    },
  };
}

/** Builds the provider on the signing keys published now. */
export async function createProvider(deps: OidcDeps): Promise<Provider> {
  const library = await loadLibrary();
  const jwks = await loadPrivateJwks(deps.db, signingKeySealKey(deps.appSecret), deps.now());
  const pairwiseKey = deriveKey(deps.appSecret, 'oidc-pairwise');
  const issuer = `${deps.publicBaseUrl.replace(/\/$/, '')}${OIDC_PATH}`;

  const configuration: Configuration = {
    adapter: createAdapter({
      db: deps.db,
      now: deps.now,
      clientMetadata: async (clientId) => {
        const row = await findClientById(deps.db, clientId);
        return row?.status === 'active' ? { ...providerMetadata(row), gerbang_tenant: row.tenantId } : undefined;
      },
    }),
    jwks: jwks as Configuration['jwks'],
    cookies: {
      keys: [deriveKey(deps.appSecret, 'oidc-cookies').toString('base64url')],
      long: { signed: true, httpOnly: true, sameSite: 'lax', secure: deps.secureCookies },
      short: { signed: true, httpOnly: true, sameSite: 'lax', secure: deps.secureCookies },
    },
    claims: { ...SCOPE_CLAIMS, acr: null } as unknown as Configuration['claims'],
    scopes: ['openid', 'offline_access', 'profile', 'email', 'phone', 'address', 'nik'],
    acrValues: [...ASSURANCE_LEVELS],
    subjectTypes: ['pairwise'],
    // An account merged by migration 0057 keeps, at this tenant's applications, the subject of the id it had here.
    pairwiseIdentifier: async (_ctx, accountId, client) => {
      const account = parseAccountId(accountId);
      const subjectId = account ? await citizenSubjectId(deps.db, account.tenantId, account.citizenId) : accountId;
      return pairwiseSubject(pairwiseKey, String((client as { sectorIdentifier?: string }).sectorIdentifier ?? client.clientId), subjectId);
    },
    // Scope claims go into the ID token too (not only userinfo): each release is recorded either way.
    conformIdTokenClaims: false,
    extraClientMetadata: { properties: ['gerbang_tenant'] },
    clientAuthMethods: ['client_secret_basic', 'private_key_jwt'],
    enabledJWA: {
      // HS256 would need the plain client secret, which is never stored.
      clientAuthSigningAlgValues: ['PS256', 'ES256', 'EdDSA', 'RS256'],
      idTokenSigningAlgValues: ['RS256', 'PS256'],
      requestObjectSigningAlgValues: ['PS256', 'ES256', 'EdDSA', 'RS256'],
      userinfoSigningAlgValues: ['RS256', 'PS256'],
    },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      // FAPI 2.0 for the clients approved for the NIK (clients.ts gives them PAR, private_key_jwt, DPoP).
      fapi: { enabled: true, profile: (_ctx, client) => (client?.scope?.split(' ').includes('nik') ? '2.0' : undefined) as '2.0' },
      pushedAuthorizationRequests: { enabled: true },
      dPoP: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true, logoutSource: renderLogoutPage, postLogoutSuccessSource: renderLogoutDone },
    },
    ttl: {
      AuthorizationCode: 60,
      AccessToken: 10 * 60,
      IdToken: 60 * 60,
      RefreshToken: 14 * 24 * 3600,
      Interaction: 30 * 60,
      // The provider's session never outlives a Gerbang session (12 h absolute; the login check above).
      Session: 12 * 3600,
      Grant: 180 * 24 * 3600,
    },
    interactions: interactions(deps, library.interactionPolicy),
    async findAccount(ctx, sub) {
      const account = parseAccountId(sub);
      const tenant = account ? await tenantById(deps.tenants, account.tenantId) : undefined;
      if (!account || !tenant) return undefined;
      if (!(await citizenStanding(deps.db, tenant.id, account.citizenId))) return undefined;
      return {
        accountId: sub,
        async claims(use, scope) {
          const client = ctx.oidc.client;
          const scopes = new Set(scope.split(' '));
          const fields = [...new Set(Object.entries(SCOPE_FIELDS).flatMap(([s, f]) => (scopes.has(s) ? f : [])))];
          const sub = account.citizenId; // replaced by the pairwise subject by the provider
          if (fields.length === 0 || !client) return { sub };
          const data = await readCitizenPersonalData(
            { db: deps.db, audit: deps.audit, actor: { kind: 'system', id: `oidc_client:${client.clientId}` }, lang: 'id', now: deps.now, tenant },
            { citizenId: account.citizenId, purpose: use === 'userinfo' ? 'OpenID Connect: userinfo' : 'OpenID Connect: ID token', fields, recipient: { ref: `oidc_client:${client.clientId}`, name: client.clientName ?? client.clientId } },
          );
          return {
            sub,
            ...(scopes.has('profile') ? { name: data.name, birthdate: data.birthDate } : {}),
            ...(scopes.has('email') ? { email: data.email, email_verified: true } : {}),
            ...(scopes.has('phone') ? { phone_number: data.phone, phone_number_verified: true } : {}),
            ...(scopes.has('address') ? { address: { street_address: data.address ?? undefined, region: data.regionCode, country: 'ID' } } : {}),
            ...(scopes.has('nik') ? { nik: data.nik } : {}),
          };
        },
      };
    },
    renderError: renderProviderError,
  };

  const provider = new library.default(issuer, configuration);
  // Production runs behind a proxy that terminates TLS (X-Forwarded-Proto), like the app (trustProxy).
  provider.proxy = true;
  // Client secrets are stored as SHA-256 (clients.ts): compare the hash of what the client presents.
  const clientPrototype = provider.Client.prototype as unknown as { clientSecret?: string; compareClientSecret(actual: string): Promise<boolean> };
  clientPrototype.compareClientSecret = async function (this: { clientSecret?: string }, actual: string) {
    return typeof this.clientSecret === 'string' && constantTimeEqual(this.clientSecret, hashClientSecret(actual));
  };
  return provider;
}

function constantTimeEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
