// JSON API for citizens: registration and its confirmation, sign-in (password or one-time code),
// sign-out (here or everywhere), the profile, and the region list for the address picker.
import { problem } from '../../../platform/http/openapi.js';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requirePrincipal } from '../../../platform/auth/index.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { clientAddress, type IdentityDeps } from '../deps.js';
import { listChildRegions, listProvinces, REGION_ATTRIBUTION } from '../../../platform/regions/index.js';
import { sendSessionCookie, sessionOpener, startSession } from '../session-start.js';
import { clearSessionCookie, revokeAllSessions, revokeSession } from '../sessions.js';
import {
  actingOfficer,
  getOwnProfile,
  type Profile,
  registerCitizen,
  requestSignInCode,
  signInCitizen,
  signInCitizenWithCode,
  startAssistedSession,
  updateOwnProfile,
  verifyCitizenContact,
  verifyCitizenInPerson,
} from './service.js';

export const RegisterBody = Type.Object(
  {
    nik: Type.String({ minLength: 1, maxLength: 40, description: '16 digits; spaces, dots and dashes are ignored' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    birthDate: Type.String({ description: 'YYYY-MM-DD; must agree with the NIK' }),
    sex: Type.Union([Type.Literal('L'), Type.Literal('P')], { description: 'L = laki-laki, P = perempuan; must agree with the NIK' }),
    phone: Type.String({ maxLength: 40 }),
    email: Type.String({ maxLength: 254 }),
    password: Type.String({ maxLength: 1024 }),
    regionCode: Type.String({ description: 'village code PP.KK.CC.VVVV (idn-area-data)' }),
    channel: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('sms')])),
    lang: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

const Registered = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Literal('pending'),
  verification: Type.Object({ channel: Type.String(), expiresAt: Type.String({ format: 'date-time' }) }),
});

const CodeBody = Type.Object({ code: Type.String({ maxLength: 20 }) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const LoginBody = Type.Object(
  { identifier: Type.String({ minLength: 1, maxLength: 254, description: 'NIK, e-mail or phone' }), password: Type.String({ maxLength: 1024 }) },
  { additionalProperties: false },
);
const CodeLoginBody = Type.Object({ identifier: Type.String({ minLength: 1, maxLength: 254 }), code: Type.String({ maxLength: 20 }) }, { additionalProperties: false });
const IdentifierBody = Type.Object({ identifier: Type.String({ minLength: 1, maxLength: 254 }) }, { additionalProperties: false });
const SignedIn = Type.Object({ id: Type.String({ format: 'uuid' }), assurance: Type.String() });

export const ProfileSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  status: Type.String(),
  assurance: Type.String(),
  lang: Type.String(),
  assisted: Type.Boolean(),
  nik: Type.String(),
  birthDate: Type.String(),
  sex: Type.String(),
  email: Type.String(),
  phone: Type.String(),
  regionCode: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  kkNumber: Type.Union([Type.String(), Type.Null()]),
  channels: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ProfilePatch = Type.Object(
  {
    address: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
    kkNumber: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
    channels: Type.Optional(Type.Array(Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('whatsapp')]), { maxItems: 3 })),
    regionCode: Type.Optional(Type.String()),
    lang: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

const Region = Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() });

export const profileJson = (p: Profile) => ({ ...p, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString() });

export function registerCitizenRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  app.post<{ Body: Static<typeof RegisterBody> }>(
    '/api/v1/citizens',
    {
      config: { policy: 'identity.register' },
      schema: {
        operationId: 'registerCitizen',
        tags: ['identity'],
        summary: 'Daftar akun warga / Register a citizen account',
        description:
          'Satu akun per NIK untuk seluruh instalasi / One account per NIK for the whole installation. A NIK already registered (here or at another government) is 409 `citizen.already_registered` with `next.signIn` and `next.recover`.',
        body: RegisterBody,
        response: {
          201: Registered,
          409: problem('NIK, e-mail, atau nomor ponsel sudah punya akun: masuk atau pulihkan akses / The NIK, e-mail or phone already has an account: sign in or recover access'),
        },
      },
    },
    async (request, reply) => {
      const result = await registerCitizen(tenantContextOf(request), request.body);
      return reply.code(201).send({ ...result, verification: { ...result.verification, expiresAt: result.verification.expiresAt.toISOString() } });
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof CodeBody> }>(
    '/api/v1/citizens/:id/verification',
    {
      config: { policy: 'identity.register' },
      schema: {
        operationId: 'verifyCitizen',
        tags: ['identity'],
        summary: 'Konfirmasi pendaftaran dengan kode / Confirm a registration with its code (signs in)',
        params: IdParams,
        body: CodeBody,
        response: { 200: SignedIn },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const citizen = await verifyCitizenContact(ctx, { citizenId: request.params.id, code: request.body.code });
      await startSession(ctx, deps, request, reply, { kind: 'citizen', id: citizen.id });
      return citizen;
    },
  );

  app.post<{ Body: Static<typeof LoginBody> }>(
    '/api/v1/auth/login',
    {
      config: { policy: 'identity.signin' },
      schema: {
        operationId: 'login',
        tags: ['identity'],
        summary: 'Masuk dengan NIK/e-mail/ponsel dan kata sandi / Sign in with NIK, e-mail or phone and password',
        description: 'Answers 401 auth.invalid_credentials whatever was wrong (no account, wrong password), and 429 with Retry-After when throttled.',
        body: LoginBody,
        response: { 200: SignedIn, 401: problem('Data masuk tidak cocok / The sign-in details do not match') },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const citizen = await signInCitizen(ctx, { ...request.body, address: clientAddress(request), open: sessionOpener(ctx, request) });
      sendSessionCookie(deps, reply, citizen.session);
      return { id: citizen.id, assurance: citizen.assurance };
    },
  );

  app.post<{ Body: Static<typeof IdentifierBody> }>(
    '/api/v1/auth/login-code',
    {
      config: { policy: 'identity.signin' },
      schema: {
        operationId: 'requestLoginCode',
        tags: ['identity'],
        summary: 'Minta kode masuk sekali pakai / Ask for a one-time sign-in code',
        description: 'Always 202: the answer does not say whether an account exists.',
        body: IdentifierBody,
        response: { 202: Type.Object({ status: Type.Literal('accepted') }) },
      },
    },
    async (request, reply) => {
      await requestSignInCode(tenantContextOf(request), { identifier: request.body.identifier });
      return reply.code(202).send({ status: 'accepted' as const });
    },
  );

  app.post<{ Body: Static<typeof CodeLoginBody> }>(
    '/api/v1/auth/login-code/verify',
    {
      config: { policy: 'identity.signin' },
      schema: {
        operationId: 'loginWithCode',
        tags: ['identity'],
        summary: 'Masuk dengan kode sekali pakai / Sign in with a one-time code',
        body: CodeLoginBody,
        response: { 200: SignedIn, 401: problem('Data masuk tidak cocok / The sign-in details do not match') },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const citizen = await signInCitizenWithCode(ctx, { ...request.body, address: clientAddress(request), open: sessionOpener(ctx, request) });
      sendSessionCookie(deps, reply, citizen.session);
      return { id: citizen.id, assurance: citizen.assurance };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { policy: 'session.self' },
      schema: { operationId: 'logout', tags: ['identity'], summary: 'Keluar / Sign out', response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const p = requirePrincipal(request, 'citizen', 'officer');
      const ctx = tenantContextOf(request);
      await revokeSession(ctx.db, p.tenantId, p.sessionId, ctx.now());
      clearSessionCookie(reply, deps.sessionCookies);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/auth/logout-everywhere',
    {
      config: { policy: 'session.self' },
      schema: {
        operationId: 'logoutEverywhere',
        tags: ['identity'],
        summary: 'Keluar dari semua perangkat / Sign out everywhere',
        response: { 200: Type.Object({ revoked: Type.Integer() }) },
      },
    },
    async (request, reply) => {
      const p = requirePrincipal(request, 'citizen', 'officer');
      const ctx = tenantContextOf(request);
      const revoked = await revokeAllSessions(ctx.db, p.tenantId, { kind: p.kind, id: p.id }, ctx.now());
      clearSessionCookie(reply, deps.sessionCookies);
      return { revoked };
    },
  );

  app.get(
    '/api/v1/me/profile',
    {
      config: { policy: 'identity.citizen_self' },
      schema: { operationId: 'getMyProfile', tags: ['identity'], summary: 'Profil saya / My profile', response: { 200: ProfileSchema } },
    },
    async (request) => profileJson(await getOwnProfile(tenantContextOf(request))),
  );

  app.patch<{ Body: Static<typeof ProfilePatch> }>(
    '/api/v1/me/profile',
    {
      config: { policy: 'identity.citizen_self' },
      schema: {
        operationId: 'updateMyProfile',
        tags: ['identity'],
        summary: 'Ubah profil saya / Update my profile',
        body: ProfilePatch,
        response: { 200: ProfileSchema },
      },
    },
    async (request) => profileJson(await updateOwnProfile(tenantContextOf(request), request.body)),
  );

  app.get<{ Querystring: { parent?: string } }>(
    '/api/v1/regions',
    {
      config: { policy: 'public', tenant: 'none' },
      schema: {
        operationId: 'listRegions',
        tags: ['identity'],
        summary: 'Wilayah administrasi (idn-area-data, ODbL) / Administrative regions',
        querystring: Type.Object({ parent: Type.Optional(Type.String({ pattern: '^\\d{2}(\\.\\d{2}(\\.\\d{2})?)?$' })) }),
        response: { 200: Type.Object({ attribution: Type.String(), items: Type.Array(Region) }) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=86400');
      const list = request.query.parent ? listChildRegions(request.query.parent) : listProvinces();
      return { attribution: REGION_ATTRIBUTION, items: list.map((r) => ({ code: r.code, name: r.name, level: r.level })) };
    },
  );
}

const { channel: _channel, lang: _lang, ...registerFields } = RegisterBody.properties;
const AssistedRegisterBody = Type.Object(
  { ...registerFields, consent: Type.String({ maxLength: 1000, description: 'what the citizen agreed to, as recorded at the counter' }) },
  { additionalProperties: false },
);
const EvidenceBody = Type.Object({ evidence: Type.String({ maxLength: 1000, description: 'documents checked at the counter' }) }, { additionalProperties: false });
const ConsentBody = Type.Object({ consent: Type.String({ maxLength: 1000 }) }, { additionalProperties: false });

/** Assisted digital: an officer (verifier) at a counter, for a citizen present with their consent. */
export function registerAssistedRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  app.post<{ Body: Static<typeof AssistedRegisterBody> }>(
    '/api/v1/assisted/citizens',
    {
      config: { policy: 'identity.assist' },
      schema: {
        operationId: 'registerCitizenAssisted',
        tags: ['identity'],
        summary: 'Daftarkan warga di loket (dengan persetujuan) / Register a citizen at a counter (with consent)',
        body: AssistedRegisterBody,
        response: { 201: Registered },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const { consent, ...input } = request.body;
      const result = await registerCitizen(ctx, { ...input, assisted: { officerId: actingOfficer(ctx), consent } });
      return reply.code(201).send({ ...result, verification: { ...result.verification, expiresAt: result.verification.expiresAt.toISOString() } });
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof EvidenceBody> }>(
    '/api/v1/assisted/citizens/:id/in-person-verification',
    {
      config: { policy: 'identity.assist' },
      schema: {
        operationId: 'verifyCitizenInPerson',
        tags: ['identity'],
        summary: 'Verifikasi tatap muka / Verify a citizen in person',
        params: IdParams,
        body: EvidenceBody,
        response: { 200: Type.Object({ assurance: Type.String() }) },
      },
    },
    async (request) => verifyCitizenInPerson(tenantContextOf(request), { citizenId: request.params.id, evidence: request.body.evidence }),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ConsentBody> }>(
    '/api/v1/assisted/citizens/:id/session',
    {
      config: { policy: 'identity.assist' },
      schema: {
        operationId: 'startAssistedSession',
        tags: ['identity'],
        summary: 'Bertindak atas nama warga (dicatat) / Act for a citizen (recorded)',
        description: 'Replaces the officer’s session with a citizen session marked assistedBy; everything done in it is marked as assisted.',
        params: IdParams,
        body: ConsentBody,
        response: { 200: Type.Object({ citizenId: Type.String(), assistedBy: Type.String() }) },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const r = await startAssistedSession(ctx, { citizenId: request.params.id, consent: request.body.consent });
      await startSession(ctx, deps, request, reply, { kind: 'citizen', id: r.citizenId, assistedBy: r.officerId });
      return { citizenId: r.citizenId, assistedBy: r.officerId };
    },
  );
}
