// JSON API for officers: invitation (tenant admin), accepting it, password sign-in, TOTP enrolment
// and the second-factor step.
import { problem } from '../../../platform/http/openapi.js';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { ROLES } from '../../../platform/auth/index.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { clientAddress, type IdentityDeps } from '../deps.js';
import { actingOfficer } from '../citizens/service.js';
import { sendSessionCookie, sessionOpener, startSession } from '../session-start.js';
import { acceptInvitation, confirmTotpEnrolment, inviteOfficer, signInOfficer, startTotpEnrolment, verifySecondFactor } from './service.js';

const InviteBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ maxLength: 254 }),
    lang: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('en')])),
    grants: Type.Array(
      Type.Object(
        {
          role: Type.Union(ROLES.map((r) => Type.Literal(r))),
          agency: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()], { description: 'agency code or id; omit for tenant-wide roles' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);

const AcceptBody = Type.Object({ token: Type.String({ maxLength: 200 }), password: Type.String({ maxLength: 1024 }) }, { additionalProperties: false });
const LoginBody = Type.Object({ email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 1024 }) }, { additionalProperties: false });
const Next = Type.Object({ officerId: Type.String({ format: 'uuid' }), next: Type.Union([Type.Literal('totp'), Type.Literal('totp_enrol')]) });
const CodeBody = Type.Object({ code: Type.String({ maxLength: 20 }) }, { additionalProperties: false });
const SecondFactorBody = Type.Object(
  { code: Type.Optional(Type.String({ maxLength: 20 })), recoveryCode: Type.Optional(Type.String({ maxLength: 40 })) },
  { additionalProperties: false },
);

export function registerOfficerRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  app.post<{ Body: Static<typeof InviteBody> }>(
    '/api/v1/officers/invitations',
    {
      config: { policy: 'identity.officer_invite' },
      schema: {
        operationId: 'inviteOfficer',
        tags: ['identity'],
        summary: 'Undang petugas dan beri peran per instansi / Invite an officer with roles per agency',
        body: InviteBody,
        response: {
          201: Type.Object({ officerId: Type.String({ format: 'uuid' }), expiresAt: Type.String({ format: 'date-time' }) }),
          409: problem('Sudah ada petugas dengan alamat e-mail ini / An officer with this e-mail address exists'),
        },
      },
    },
    async (request, reply) => {
      const result = await inviteOfficer(tenantContextOf(request), { ...request.body, baseUrl: deps.publicBaseUrl });
      return reply.code(201).send({ officerId: result.officerId, expiresAt: result.expiresAt.toISOString() });
    },
  );

  app.post<{ Body: Static<typeof AcceptBody> }>(
    '/api/v1/officers/invitations/accept',
    {
      config: { policy: 'identity.signin' },
      schema: {
        operationId: 'acceptOfficerInvitation',
        tags: ['identity'],
        summary: 'Terima undangan: buat kata sandi / Accept an invitation: set a password (signs in; TOTP enrolment next)',
        body: AcceptBody,
        response: { 200: Next },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const { officerId } = await acceptInvitation(ctx, request.body);
      await startSession(ctx, deps, request, reply, { kind: 'officer', id: officerId, secondFactor: false });
      return { officerId, next: 'totp_enrol' as const };
    },
  );

  app.post<{ Body: Static<typeof LoginBody> }>(
    '/api/v1/officers/login',
    {
      config: { policy: 'identity.signin' },
      schema: {
        operationId: 'loginOfficer',
        tags: ['identity'],
        summary: 'Masuk petugas (langkah 1: kata sandi) / Officer sign-in, step 1: password',
        body: LoginBody,
        response: { 200: Next, 401: problem('Data masuk tidak cocok / The sign-in details do not match') },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const result = await signInOfficer(ctx, { ...request.body, address: clientAddress(request), open: sessionOpener(ctx, request) });
      sendSessionCookie(deps, reply, result.session);
      return { officerId: result.officerId, next: result.next };
    },
  );

  app.post(
    '/api/v1/officers/me/totp/enrolment',
    {
      config: { policy: 'identity.officer_self' },
      schema: {
        operationId: 'startTotpEnrolment',
        tags: ['identity'],
        summary: 'Mulai daftar aplikasi autentikator / Start authenticator enrolment',
        response: { 200: Type.Object({ secret: Type.String(), uri: Type.String() }) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return startTotpEnrolment(tenantContextOf(request));
    },
  );

  app.post<{ Body: Static<typeof CodeBody> }>(
    '/api/v1/officers/me/totp/enrolment/confirm',
    {
      config: { policy: 'identity.officer_self' },
      schema: {
        operationId: 'confirmTotpEnrolment',
        tags: ['identity'],
        summary: 'Konfirmasi autentikator; terima kode pemulihan / Confirm the authenticator; receive recovery codes',
        body: CodeBody,
        response: { 200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }), 409: problem('Pendaftaran belum dimulai / The enrolment was not started') },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const result = await confirmTotpEnrolment(ctx, { code: request.body.code });
      await startSession(ctx, deps, request, reply, { kind: 'officer', id: actingOfficer(ctx), secondFactor: true });
      reply.header('cache-control', 'no-store');
      return result;
    },
  );

  app.post<{ Body: Static<typeof SecondFactorBody> }>(
    '/api/v1/officers/me/totp/verify',
    {
      config: { policy: 'identity.officer_self' },
      schema: {
        operationId: 'verifySecondFactor',
        tags: ['identity'],
        summary: 'Masuk petugas (langkah 2: kode autentikator atau kode pemulihan) / Officer sign-in, step 2',
        body: SecondFactorBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const { session } = await verifySecondFactor(ctx, { ...request.body, address: clientAddress(request), open: sessionOpener(ctx, request) });
      sendSessionCookie(deps, reply, session);
      return reply.code(204).send();
    },
  );
}
