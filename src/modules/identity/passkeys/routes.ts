// JSON API of passkeys: the two WebAuthn ceremonies (options, then the browser's answer) for adding
// a passkey, for a citizen's sign-in and for an officer's second factor; listing and removing one's
// own. The pages' island calls the same endpoints. The relying party (RP ID, origin) comes from the
// request's address, never from the body (relying-party.ts).
import { type Static, type TProperties, Type } from '@sinclair/typebox';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { requirePrincipal } from '../../../platform/auth/index.js';
import type { PolicyKey } from '../../../platform/auth/policy.js';
import { problem } from '../../../platform/http/openapi.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import type { TenantLookup } from '../../../platform/http/tenant.js';
import { clientAddress, type IdentityDeps } from '../deps.js';
import { sendSessionCookie, sessionOpener } from '../session-start.js';
import { relyingPartyOf } from './relying-party.js';
import {
  finishPasskeyRegistration,
  listMyPasskeys,
  type OwnSession,
  type PasskeySummary,
  removeMyPasskey,
  signInWithPasskey,
  startPasskeyRegistration,
  startPasskeySecondFactor,
  startPasskeySignIn,
  verifyPasskeySecondFactor,
} from './service.js';

const Base64Url = Type.String({ maxLength: 1400, pattern: '^[A-Za-z0-9_-]*$' });
const Extensions = Type.Object({}, { additionalProperties: true });
/** The browser's PublicKeyCredential as JSON (WebAuthn Level 3 toJSON()); the library checks the rest. */
const credentialJson = <P extends TProperties>(response: P, description: string) =>
  Type.Object(
    {
      id: Base64Url,
      rawId: Base64Url,
      type: Type.Literal('public-key'),
      response: Type.Object(response, { additionalProperties: true }),
      clientExtensionResults: Type.Optional(Extensions),
      authenticatorAttachment: Type.Optional(Type.String({ maxLength: 40 })),
    },
    { additionalProperties: true, description },
  );
const Registration = credentialJson(
  { clientDataJSON: Base64Url, attestationObject: Type.String({ maxLength: 20_000, pattern: '^[A-Za-z0-9_-]*$' }), transports: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 10 })) },
  'RegistrationResponseJSON',
);
const Assertion = credentialJson(
  { clientDataJSON: Base64Url, authenticatorData: Base64Url, signature: Base64Url, userHandle: Type.Optional(Base64Url) },
  'AuthenticationResponseJSON',
);
const ChallengeId = Type.String({ maxLength: 40, description: 'from the options call; single use, valid 5 minutes' });
const RegisterBody = Type.Object({ challengeId: ChallengeId, name: Type.String({ maxLength: 200 }), response: Registration }, { additionalProperties: false });
const AssertionBody = Type.Object({ challengeId: ChallengeId, response: Assertion }, { additionalProperties: false });
const Options = Type.Object({
  challengeId: Type.String(),
  options: Type.Object({}, { additionalProperties: true, description: 'PublicKeyCredentialCreationOptionsJSON or …RequestOptionsJSON, for the browser' }),
});
const Passkey = Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String(), createdAt: Type.String({ format: 'date-time' }), lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) });
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const passkeyJson = (p: PasskeySummary) => ({ id: p.id, name: p.name, createdAt: p.createdAt.toISOString(), lastUsedAt: p.lastUsedAt?.toISOString() ?? null });

/** The person's own session, as the service wants it (assisted sessions manage no passkeys). */
export function ownSession(request: FastifyRequest): OwnSession {
  const p = requirePrincipal(request, 'citizen', 'officer');
  return { id: p.sessionId, assistedBy: p.kind === 'citizen' ? p.assistedBy : null };
}

const OWNERS = [
  { kind: 'citizen', prefix: '/api/v1/me/passkeys', policy: 'identity.citizen_passkeys', op: 'My', who: 'warga / citizen' },
  { kind: 'officer', prefix: '/api/v1/officers/me/passkeys', policy: 'identity.officer_passkeys', op: 'Officer', who: 'petugas / officer' },
] as const satisfies readonly { kind: string; prefix: string; policy: PolicyKey; op: string; who: string }[];

export function registerPasskeyRoutes(app: FastifyInstance, deps: IdentityDeps, tenants: Pick<TenantLookup, 'byHostName'>): void {
  const rpOf = (request: FastifyRequest) => relyingPartyOf(request, deps.publicBaseUrl, tenants);
  const tags = ['identity'];

  for (const o of OWNERS) {
    app.get(
      o.prefix,
      { config: { policy: o.policy }, schema: { operationId: `list${o.op}Passkeys`, tags, summary: `Passkey saya (${o.who}) / My passkeys`, response: { 200: Type.Object({ items: Type.Array(Passkey) }) } } },
      async (request) => ({ items: (await listMyPasskeys(tenantContextOf(request))).map(passkeyJson) }),
    );

    app.post(
      `${o.prefix}/registration/options`,
      {
        config: { policy: o.policy },
        schema: {
          operationId: `start${o.op}PasskeyRegistration`,
          tags,
          summary: `Mulai tambah passkey (${o.who}) / Start adding a passkey`,
          description: 'Needs a sign-in in the last 15 minutes (officers: with the second factor): 403 passkey.reauthenticate otherwise.',
          response: { 200: Options },
        },
      },
      async (request, reply) => {
        reply.header('cache-control', 'no-store');
        return startPasskeyRegistration(tenantContextOf(request), { rp: await rpOf(request), session: ownSession(request) });
      },
    );

    app.post<{ Body: Static<typeof RegisterBody> }>(
      `${o.prefix}/registration`,
      {
        config: { policy: o.policy },
        schema: {
          operationId: `finish${o.op}PasskeyRegistration`,
          tags,
          summary: `Simpan passkey baru (${o.who}) / Save the new passkey`,
          description: '400 passkey.challenge (expired, used, or another ceremony), passkey.invalid (wrong origin, RP ID or signature), validation (name).',
          body: RegisterBody,
          response: { 201: Passkey, 409: problem('Passkey ini sudah terdaftar / This passkey is already registered') },
        },
      },
      async (request, reply) => {
        const { challengeId, name, response } = request.body;
        const ctx = tenantContextOf(request);
        const added = await finishPasskeyRegistration(ctx, { rp: await rpOf(request), session: ownSession(request), challengeId, name, response: response as RegistrationResponseJSON });
        return reply.code(201).send(passkeyJson(added));
      },
    );

    app.delete<{ Params: Static<typeof IdParams> }>(
      `${o.prefix}/:id`,
      { config: { policy: o.policy }, schema: { operationId: `remove${o.op}Passkey`, tags, summary: `Hapus passkey (${o.who}) / Remove a passkey`, params: IdParams, response: { 204: Type.Null() } } },
      async (request, reply) => {
        await removeMyPasskey(tenantContextOf(request), { id: request.params.id, session: ownSession(request) });
        return reply.code(204).send();
      },
    );
  }

  // ---- a citizen signs in ----
  app.post(
    '/api/v1/auth/passkey/options',
    { config: { policy: 'identity.signin' }, schema: { operationId: 'startPasskeySignIn', tags, summary: 'Mulai masuk dengan passkey / Start signing in with a passkey', response: { 200: Options } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return startPasskeySignIn(tenantContextOf(request), { rp: await rpOf(request) });
    },
  );
  app.post<{ Body: Static<typeof AssertionBody> }>(
    '/api/v1/auth/passkey',
    {
      config: { policy: 'identity.signin' },
      schema: {
        operationId: 'loginWithPasskey',
        tags,
        summary: 'Masuk dengan passkey / Sign in with a passkey',
        description: 'The same session as a password sign-in. 400 passkey.challenge; 401 passkey.invalid (unknown or another tenant’s credential, bad signature, counter going back); 429 when throttled.',
        body: AssertionBody,
        response: { 200: Type.Object({ id: Type.String({ format: 'uuid' }) }), 401: problem('Passkey tidak dikenali atau tidak sah / The passkey is not recognised or not valid') },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const { challengeId, response } = request.body;
      const signedIn = await signInWithPasskey(ctx, { rp: await rpOf(request), challengeId, response: response as AuthenticationResponseJSON, address: clientAddress(request), open: sessionOpener(ctx, request) });
      sendSessionCookie(deps, reply, signedIn.session);
      return { id: signedIn.id };
    },
  );

  // ---- an officer's second factor ----
  app.post(
    '/api/v1/officers/me/passkey/options',
    {
      config: { policy: 'identity.officer_self' },
      schema: {
        operationId: 'startPasskeySecondFactor',
        tags,
        summary: 'Masuk petugas, langkah 2 dengan passkey: mulai / Officer sign-in, step 2 with a passkey: start',
        response: { 200: Options, 409: problem('Belum ada passkey untuk alamat ini / No passkey for this address') },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return startPasskeySecondFactor(tenantContextOf(request), { rp: await rpOf(request) });
    },
  );
  app.post<{ Body: Static<typeof AssertionBody> }>(
    '/api/v1/officers/me/passkey/verify',
    {
      config: { policy: 'identity.officer_self' },
      schema: {
        operationId: 'verifyPasskeySecondFactor',
        tags,
        summary: 'Masuk petugas, langkah 2 dengan passkey / Officer sign-in, step 2 with a passkey',
        description: 'Instead of the TOTP code: 400 passkey.challenge or passkey.invalid (not this officer’s passkey, bad signature, counter going back); 429 when throttled.',
        body: AssertionBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const { challengeId, response } = request.body;
      const { session } = await verifyPasskeySecondFactor(ctx, { rp: await rpOf(request), challengeId, response: response as AuthenticationResponseJSON, address: clientAddress(request), open: sessionOpener(ctx, request) });
      sendSessionCookie(deps, reply, session);
      return reply.code(204).send();
    },
  );
}
