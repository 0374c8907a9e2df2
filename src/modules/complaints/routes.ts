// JSON API of complaints under /api/v1/complaints: thin — parse (TypeBox), authorize (policy table +
// agency scope), one service call, shape the reply. The secret tracking code travels in POST bodies
// only, never in a URL (URLs end up in logs and browser history).
import { type AntiSpam, newChallenge, withSubmissionProof } from './antispam.js';
import { ATTACHMENT_MAX_BYTES, attachmentInvalid, type AttachmentUpload, MAX_ATTACHMENTS, tooManyAttachments } from './attachments.js';
import { publicCacheFor, sendPublic } from './public-cache.js';
import { type Static, Type } from '@sinclair/typebox';
import { Transform } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/index.js';
import { can, type Principal } from '../../platform/auth/index.js';
import type { Actor, AuditAppender } from '../../platform/context.js';
import { parseApiDate } from '../../platform/dates.js';
import { DomainError } from '../../platform/errors.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { requireTenant, type TenantLookup } from '../../platform/http/tenant.js';
import { t } from '../../platform/i18n/index.js';
import {
  actAsReporter,
  actOnComplaint,
  type ComplaintContext,
  type ComplaintDeps,
  complaintStatistics,
  createResponseTemplate,
  getComplaint,
  getAnswerAttachment,
  getComplaintPhoto,
  getTrackedAttachment,
  type AttachmentFile,
  listCategories,
  listMyComplaints,
  listPublicComplaints,
  publicComplaintsGeoJson,
  listQueue,
  listResponseTemplates,
  type OfficerAccess,
  type OfficerActionInput,
  revealIdentity,
  submitComplaint,
  suggestDuplicates,
  trackComplaint,
  type Viewer,
} from './service.js';

export interface ComplaintRouteDeps {
  db: Db;
  audit: AuditAppender & { pseudonymize(tenantId: string, value: string): string };
  complaints: ComplaintDeps;
  tenants: TenantLookup;
  /** Proof-of-work for submissions by people who are not signed in (antispam.ts). */
  antiSpam: AntiSpam;
}

// ---- principal → service inputs ----

export function actorOf(principal: Principal): Actor {
  if (principal.kind === 'citizen' || principal.kind === 'officer') return { kind: principal.kind, id: principal.id };
  if (principal.kind === 'api_key') return { kind: 'system', id: `api_key:${principal.id}` };
  return { kind: 'anonymous' };
}

/** What an officer may do with complaints, from their grants; undefined for anyone else. */
export function officerAccess(principal: Principal): OfficerAccess | undefined {
  if (principal.kind !== 'officer') return undefined;
  const coordinator = can(principal, 'complaints.coordinate');
  const handled = principal.grants.filter((g) => g.role === 'complaint_handler');
  if (!coordinator && handled.length === 0) return undefined;
  return {
    officerId: principal.id,
    coordinator,
    agencies: coordinator || handled.some((g) => g.agencyId === null) ? 'all' : handled.map((g) => g.agencyId!),
  };
}

export function viewerOf(principal: Principal): Viewer {
  const access = officerAccess(principal);
  if (access) return { kind: 'officer', access };
  if (principal.kind === 'citizen') return { kind: 'citizen', id: principal.id };
  return { kind: 'public' };
}

export function contextFor(request: FastifyRequest, deps: ComplaintRouteDeps): ComplaintContext {
  return {
    db: deps.db,
    audit: deps.audit,
    actor: actorOf(request.principal),
    lang: request.lang,
    now: () => new Date(),
    deps: deps.complaints,
  };
}

function requireAccess(request: FastifyRequest): OfficerAccess {
  const access = officerAccess(request.principal);
  if (!access) throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  return access;
}

// ---- schemas ----

const Kind = Type.Union([Type.Literal('pengaduan'), Type.Literal('aspirasi'), Type.Literal('permintaan_informasi')]);
const Privacy = Type.Union([Type.Literal('public'), Type.Literal('rahasia'), Type.Literal('anonim')]);
const Status = Type.Union(
  ['submitted', 'verified', 'forwarded', 'in_follow_up', 'responded', 'closed', 'rejected'].map((s) => Type.Literal(s)),
);

export const SubmitBody = Type.Object(
  {
    kind: Kind,
    title: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    categoryCode: Type.Optional(Type.String({ maxLength: 63 })),
    serviceReceivedOn: Type.Optional(Type.String({ format: 'date' })),
    latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    privacy: Privacy,
    reporter: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 200 })),
          email: Type.Optional(Type.String({ maxLength: 254 })),
          phone: Type.Optional(Type.String({ maxLength: 30 })),
        },
        { additionalProperties: false, description: 'Ignored (not stored) for an anonymous report' },
      ),
    ),
    altcha: Type.Optional(
      Type.String({
        maxLength: 8192,
        description:
          'Required when not signed in: the solved proof-of-work challenge from GET /api/v1/complaints/challenge, as base64(JSON({challenge, solution})) (what the ALTCHA widget posts). Accepted once.',
      }),
    ),
  },
  { additionalProperties: false },
);

const SubmitResponse = Type.Object({
  id: Type.String(),
  trackingNumber: Type.String(),
  secretCode: Type.Optional(Type.String({ description: 'Anonymous reports only: shown once, never again' })),
  status: Type.String(),
  dueAt: Type.String({ description: 'Verification and dispatch deadline (3 working days)' }),
  warnings: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
  routing: Type.Object({
    categoryCode: Type.String(),
    suggested: Type.Union([Type.String(), Type.Null()]),
    confidence: Type.Union([Type.Number(), Type.Null()]),
  }),
});

/** base64 length of the largest attachment (and a little more, so the service says "too large" in its words). */
const BASE64_MAX = Math.ceil((ATTACHMENT_MAX_BYTES + 1024) / 3) * 4;
/** The actions endpoint's body limit: three attachments in base64 and the rest of the action. */
export const ACTION_BODY_LIMIT = MAX_ATTACHMENTS * BASE64_MAX + 64 * 1024;

const Ref = Type.Object({ ref: Type.String({ maxLength: 64, description: 'Complaint id or tracking number' }) });

export const ActionBody = Type.Object(
  {
    action: Type.Union(
      ['verify', 'reject', 'dispatch', 'transfer', 'start', 'answer', 'close', 'note', 'merge', 'hide', 'unhide', 'confirm', 'reopen'].map(
        (a) => Type.Literal(a),
      ),
    ),
    tier: Type.Optional(Type.Union([Type.Literal('simple'), Type.Literal('dispute'), Type.Literal('field')])),
    categoryCode: Type.Optional(Type.String({ maxLength: 63 })),
    ground: Type.Optional(Type.Union([Type.Literal('unclear'), Type.Literal('duplicate'), Type.Literal('out_of_scope')])),
    agencyId: Type.Optional(Type.String({ maxLength: 64, description: 'Agency id or code' })),
    tenantSlug: Type.Optional(Type.String({ maxLength: 63 })),
    outcome: Type.Optional(Type.Union([Type.Literal('resolved'), Type.Literal('unresolved')])),
    into: Type.Optional(Type.String({ maxLength: 64 })),
    reason: Type.Optional(Type.String({ maxLength: 4000 })),
    text: Type.Optional(Type.String({ maxLength: 8000 })),
    rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
    resolved: Type.Optional(Type.Boolean()),
    secretCode: Type.Optional(Type.String({ maxLength: 40, description: 'Reporter actions without an account' })),
    templateId: Type.Optional(Type.String({ format: 'uuid', description: 'answer: use this response template when text is empty' })),
    attachments: Type.Optional(
      Type.Array(
        Type.Object(
          {
            filename: Type.Optional(Type.String({ maxLength: 255, description: 'Shown to the reporter (the extension is set by the content)' })),
            contentBase64: Type.String({ maxLength: BASE64_MAX, description: 'The file, base64 (RFC 4648 §4)' }),
          },
          { additionalProperties: false },
        ),
        {
          maxItems: MAX_ATTACHMENTS,
          description:
            `answer: up to ${MAX_ATTACHMENTS} files, PDF (≤ ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB, must be a real PDF) or JPEG/PNG/WebP (≤ 8 MB, re-encoded without metadata). ` +
            'The content decides the type, not the name. Refused files: 400 (or 413 too large) on /attachments.',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type ActionBodyT = Static<typeof ActionBody>;

const AnyObject = Type.Object({}, { additionalProperties: true });


/** The JSON attachments as uploads; anything but plain base64 is refused like a wrong file. */
function decodeAttachments(list: ActionBodyT['attachments']): AttachmentUpload[] {
  if (!list) return [];
  if (list.length > MAX_ATTACHMENTS) throw tooManyAttachments();
  return list.map((a) => {
    const text = a.contentBase64.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw attachmentInvalid(a.filename);
    return { name: a.filename, data: Buffer.from(text, 'base64') };
  });
}

/** RFC 5987 ext-value characters: encodeURIComponent leaves ' ( ) * as they are. */
const rfc5987 = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Headers of a downloaded attachment: its checked type, never sniffed; a PDF is always a download. */
export function sendAttachment(reply: FastifyReply, file: AttachmentFile, cacheControl: string) {
  const disposition = file.mime === 'application/pdf' ? 'attachment' : 'inline';
  const ascii = file.name.replace(/[^\x20-\x7e]/g, '_');
  return reply
    .type(file.mime)
    .header('content-disposition', `${disposition}; filename="${ascii}"; filename*=UTF-8''${rfc5987(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', cacheControl)
    .send(file.data);
}
const ListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  category: Type.Optional(Type.String({ maxLength: 63 })),
  status: Type.Optional(Status),
});

function missing(field: string): DomainError {
  return new DomainError('validation', 400, 'error.validation', {}, [{ field, code: 'required', messageKey: 'field.required' }]);
}

/** The body as the service's typed officer action (required fields checked here or by the service). */
export function toOfficerAction(b: ActionBodyT): OfficerActionInput {
  switch (b.action) {
    case 'verify':
      if (!b.tier) throw missing('/tier');
      return { action: 'verify', tier: b.tier, categoryCode: b.categoryCode, reason: b.reason };
    case 'reject':
      if (!b.ground) throw missing('/ground');
      return { action: 'reject', ground: b.ground, reason: b.reason ?? '' };
    case 'dispatch':
      if (!b.agencyId) throw missing('/agencyId');
      return { action: 'dispatch', agencyId: b.agencyId, reason: b.reason };
    case 'transfer':
      if (!b.tenantSlug) throw missing('/tenantSlug');
      return { action: 'transfer', tenantSlug: b.tenantSlug, reason: b.reason ?? '' };
    case 'close':
      if (!b.outcome) throw missing('/outcome');
      return { action: 'close', outcome: b.outcome, reason: b.reason ?? '' };
    case 'merge':
      if (!b.into) throw missing('/into');
      return { action: 'merge', into: b.into, reason: b.reason };
    case 'answer':
      return { action: 'answer', text: b.text ?? '', templateId: b.templateId || undefined, attachments: decodeAttachments(b.attachments) };
    case 'note':
      return { action: 'note', text: b.text ?? '' };
    case 'hide':
      return { action: 'hide', reason: b.reason ?? '' };
    case 'start':
    case 'unhide':
      return { action: b.action, reason: b.reason };
    default:
      throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/action', code: 'enum', messageKey: 'field.enum' }]);
  }
}

export function warningsIn(lang: 'id' | 'en', warnings: { code: string; messageKey: Parameters<typeof t>[1] }[]) {
  return warnings.map((w) => ({ code: w.code, message: t(lang, w.messageKey) }));
}

export function registerComplaintRoutes(app: FastifyInstance, deps: ComplaintRouteDeps) {
  // Public responses are cached for a few seconds (public-cache.ts); a write handled here clears them.
  const cache = publicCacheFor(deps);
  const clearOnWrite = async (request: FastifyRequest) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') cache.clear();
  };
  app.addHook('onRequest', clearOnWrite); // before the write…
  app.addHook('onSend', clearOnWrite); // …and after it committed, before the answer leaves
  const tags = ['complaints'];

  app.post<{ Body: Static<typeof SubmitBody> }>(
    '/api/v1/complaints',
    {
      config: { policy: 'complaints.submit' },
      schema: {
        tags,
        operationId: 'submitComplaint',
        summary: 'Kirim laporan / Submit a report (pengaduan, aspirasi, permintaan informasi)',
        description: 'Accepts `Idempotency-Key`. Photos are sent through the form (multipart) at /pengaduan/baru.',
        body: SubmitBody,
        response: { 201: SubmitResponse },
      },
    },
    async (request, reply) => {
      const tenant = requireTenant(request);
      const scope = `complaints.submit:${tenant.id}:${request.principal.kind === 'citizen' ? request.principal.id : 'anon'}`;
      const { altcha, ...input } = request.body;
      return withIdempotency(request, reply, {
        scope,
        claimed: (idempotency) =>
          withSubmissionProof(deps.antiSpam, request, altcha, 'api', (proof) =>
            submitComplaint(contextFor(request, deps), tenant, { ...input, proof: proof.challenge, idempotency }),
          ),
        respond: (result) => ({ status: 201, body: { ...result, warnings: warningsIn(request.lang, result.warnings) } }),
      });
    },
  );

  app.get(
    '/api/v1/complaints/challenge',
    {
      config: { policy: 'complaints.challenge' },
      schema: {
        tags,
        operationId: 'getComplaintChallenge',
        summary: 'Tantangan antispam / A proof-of-work challenge for submitting without signing in',
        description:
          'ALTCHA PBKDF2/SHA-256 challenge, signed by the server, expiring after 20 minutes. Solve it (the ALTCHA widget or altcha-lib `solveChallenge`) and send the result as `altcha` with submitComplaint. Each solution is accepted once.',
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return newChallenge(deps.antiSpam);
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/complaints',
    {
      config: { policy: 'complaints.view' },
      schema: { tags, operationId: 'listPublicComplaints', summary: 'Laporan publik / Public reports (masked)', querystring: ListQuery },
    },
    async (request, reply) => {
      const q = request.query;
      const tenant = requireTenant(request);
      return sendPublic(request, reply, cache, tenant.id, async () => ({
        type: 'application/json; charset=utf-8',
        body: JSON.stringify(
          await listPublicComplaints(contextFor(request, deps), tenant, {
            limit: q.limit,
            cursor: q.cursor,
            categoryCode: q.category,
            status: q.status as never,
          }),
        ),
      }));
    },
  );

  app.get(
    '/api/v1/complaints/geojson',
    {
      config: { policy: 'complaints.view' },
      schema: {
        tags,
        operationId: 'listPublicComplaintsGeoJson',
        summary: 'Peta laporan publik (GeoJSON) / Public reports with a place, as GeoJSON (masked, no reporter data)',
      },
    },
    async (request, reply) => {
      reply.type('application/geo+json; charset=utf-8');
      return publicComplaintsGeoJson(contextFor(request, deps), requireTenant(request));
    },
  );

  app.get(
    '/api/v1/complaints/categories',
    { config: { policy: 'complaints.view' }, schema: { tags, operationId: 'listComplaintCategories', summary: 'Kategori / Categories' } },
    async (request) => listCategories(deps, requireTenant(request)),
  );

  app.get<{ Querystring: { since?: string } }>(
    '/api/v1/complaints/statistics',
    {
      config: { policy: 'complaints.view' },
      schema: {
        tags,
        operationId: 'getComplaintStatistics',
        summary: 'Statistik per instansi / Per-agency statistics',
        querystring: Type.Object({ since: Type.Optional(Type.String({ format: 'date' })) }),
      },
    },
    async (request) => {
      // The schema's `date` format has checked `since` (years 0001–9999).
      const since = parseApiDate(request.query.since) ?? new Date(Date.now() - 365 * 86_400_000);
      return { since: since.toISOString(), agencies: await complaintStatistics(contextFor(request, deps), requireTenant(request), since) };
    },
  );

  app.get<{ Querystring: { agency?: string } }>(
    '/api/v1/complaints/queue',
    {
      config: { policy: 'complaints.handle' },
      schema: {
        tags,
        operationId: 'listComplaintQueue',
        summary: 'Antrean koordinator atau instansi / Coordinator or agency queue',
        querystring: Type.Object({ agency: Type.Optional(Type.String({ maxLength: 64, description: 'Agency id or code' })) }),
      },
    },
    async (request) => {
      const tenant = requireTenant(request);
      const ctx = contextFor(request, deps);
      const agency = request.query.agency
        ? (await ctx.deps.agencies.list(ctx, tenant.id)).find((a) => a.id === request.query.agency || a.code === request.query.agency)
        : undefined;
      if (request.query.agency && !agency) throw new DomainError('complaint.not_found', 404, 'error.complaint.not_found');
      return listQueue(ctx, tenant, requireAccess(request), { agencyId: agency?.id });
    },
  );

  app.get(
    '/api/v1/complaints/mine',
    { config: { policy: 'complaints.mine' }, schema: { tags, operationId: 'listMyComplaints', summary: 'Laporan saya / My reports' } },
    async (request) => {
      const principal = request.principal;
      if (principal.kind !== 'citizen') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
      return listMyComplaints(contextFor(request, deps), requireTenant(request), principal.id);
    },
  );

  app.post<{ Body: { code: string } }>(
    '/api/v1/complaints/track',
    {
      config: { policy: 'complaints.view' },
      schema: {
        tags,
        operationId: 'trackComplaint',
        summary: 'Lacak dengan kode rahasia / Track by the secret code',
        body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
        response: { 200: AnyObject },
      },
    },
    async (request) => trackComplaint(contextFor(request, deps), requireTenant(request), request.body.code),
  );

  app.get<{ Params: Static<typeof Ref> }>(
    '/api/v1/complaints/:ref',
    {
      config: { policy: 'complaints.view' },
      schema: { tags, operationId: 'getComplaint', summary: 'Satu laporan / One report', params: Ref, response: { 200: AnyObject } },
    },
    async (request) => {
      const result = await getComplaint(contextFor(request, deps), requireTenant(request), viewerOf(request.principal), request.params.ref);
      return { view: result.view, ...result.complaint };
    },
  );

  app.get<{ Params: { ref: string; idx: number } }>(
    '/api/v1/complaints/:ref/photos/:idx',
    {
      config: { policy: 'complaints.view' },
      schema: {
        tags,
        operationId: 'getComplaintPhoto',
        summary: 'Foto laporan / A photo of a report',
        params: Type.Object({ ref: Type.String({ maxLength: 64 }), idx: Type.Integer({ minimum: 0, maximum: 4 }) }),
      },
    },
    async (request, reply) => {
      const photo = await getComplaintPhoto(contextFor(request, deps), requireTenant(request), viewerOf(request.principal), request.params.ref, request.params.idx);
      return reply.type(photo.mime).header('cache-control', 'private, max-age=300').header('x-content-type-options', 'nosniff').send(photo.data);
    },
  );

  // The actions endpoint takes answers with attachments (up to ≈ 40 MB of base64) from officers;
  // everyone else — reporters with a secret code, anonymous callers — keeps the app's body limit.
  const smallBodyLimit = app.initialConfig.bodyLimit ?? 1_048_576;
  const limitUnlessOfficer = async (request: FastifyRequest, _reply: FastifyReply, payload: NodeJS.ReadableStream) => {
    if (officerAccess(request.principal)) return payload;
    const tooLarge = () => new DomainError('body_too_large', 413, 'error.body_too_large', { limit: smallBodyLimit });
    if (Number(request.headers['content-length'] ?? 0) > smallBodyLimit) throw tooLarge();
    let seen = 0;
    return payload.pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          seen += chunk.length;
          done(seen > smallBodyLimit ? tooLarge() : null, chunk);
        },
      }),
    );
  };

  app.get<{ Params: { ref: string; id: string } }>(
    '/api/v1/complaints/:ref/attachments/:id',
    {
      config: { policy: 'complaints.view' },
      schema: {
        tags,
        operationId: 'getComplaintAnswerAttachment',
        summary: 'Lampiran jawaban / A file attached to an answer',
        description:
          'Same visibility as the answer: officers who may handle the report, the reporter (session), the public for a published report. ' +
          'PDFs as `Content-Disposition: attachment`, pictures inline; always `X-Content-Type-Options: nosniff`. A reporter with a secret code uses trackComplaintAttachment.',
        params: Type.Object({ ref: Type.String({ maxLength: 64 }), id: Type.String({ format: 'uuid' }) }),
      },
    },
    async (request, reply) => {
      const file = await getAnswerAttachment(contextFor(request, deps), requireTenant(request), viewerOf(request.principal), request.params.ref, request.params.id);
      return sendAttachment(reply, file, 'private, max-age=300');
    },
  );

  app.post<{ Params: { id: string }; Body: { code: string } }>(
    '/api/v1/complaints/track/attachments/:id',
    {
      config: { policy: 'complaints.view' },
      schema: {
        tags,
        operationId: 'trackComplaintAttachment',
        summary: 'Lampiran jawaban dengan kode rahasia / A file of an answer, by the secret code',
        description: 'The secret code travels in the POST body only. Headers as getComplaintAnswerAttachment; `Cache-Control: no-store`.',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const file = await getTrackedAttachment(contextFor(request, deps), requireTenant(request), request.body.code, request.params.id);
      return sendAttachment(reply, file, 'no-store');
    },
  );

  app.post<{ Params: Static<typeof Ref>; Body: ActionBodyT }>(
    '/api/v1/complaints/:ref/actions',
    {
      config: { policy: 'complaints.act' },
      bodyLimit: ACTION_BODY_LIMIT,
      preParsing: limitUnlessOfficer,
      schema: {
        tags,
        operationId: 'actOnComplaint',
        summary: 'Tindakan atas laporan / Act on a report',
        description:
          'Officer actions (verify, reject, dispatch, transfer, start, answer, close, note, merge, hide, unhide) need a complaint role; ' +
          'reporter actions (confirm with rating, reopen) need the reporter’s session or the secret code. ' +
          '`answer` may carry `attachments` (base64 in JSON, see the field); the body limit is then ' +
          `${Math.round(ACTION_BODY_LIMIT / 1024 / 1024)} MB for officers (the app's limit for everyone else).`,
        params: Ref,
        body: ActionBody,
        response: { 200: AnyObject },
      },
    },
    async (request) => {
      const tenant = requireTenant(request);
      const ctx = contextFor(request, deps);
      const body = request.body;
      if (body.action === 'confirm' || body.action === 'reopen') {
        const who = body.secretCode
          ? { secretCode: body.secretCode }
          : request.principal.kind === 'citizen'
            ? { citizenId: request.principal.id }
            : undefined;
        if (!who) throw new DomainError('auth.required', 401, 'error.auth_required');
        if (body.action === 'confirm') {
          if (body.rating === undefined) throw missing('/rating');
          if (body.resolved === undefined) throw missing('/resolved');
        }
        const input =
          body.action === 'confirm'
            ? { action: 'confirm' as const, rating: body.rating!, comment: body.comment, resolved: body.resolved! }
            : { action: 'reopen' as const, reason: body.reason ?? '' };
        return actAsReporter(ctx, tenant, who, request.params.ref, input);
      }
      const access = officerAccess(request.principal);
      if (!access) {
        if (request.principal.kind === 'anonymous') throw new DomainError('auth.required', 401, 'error.auth_required');
        throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
      }
      return actOnComplaint(ctx, tenant, access, request.params.ref, toOfficerAction(body));
    },
  );

  app.get<{ Querystring: { agency?: string } }>(
    '/api/v1/complaints/templates',
    {
      config: { policy: 'complaints.handle' },
      schema: {
        tags,
        operationId: 'listComplaintResponseTemplates',
        summary: 'Templat jawaban / Response templates (tenant-wide and the agency’s)',
        querystring: Type.Object({ agency: Type.Optional(Type.String({ maxLength: 64 })) }),
      },
    },
    async (request) => {
      const tenant = requireTenant(request);
      const ctx = contextFor(request, deps);
      const access = requireAccess(request);
      const agency = request.query.agency ? (await ctx.deps.agencies.list(ctx, tenant.id)).find((a) => a.id === request.query.agency || a.code === request.query.agency) : undefined;
      if (request.query.agency && (!agency || !(access.coordinator || access.agencies === 'all' || access.agencies.includes(agency.id)))) {
        throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
      }
      return listResponseTemplates(ctx, tenant, agency?.id ?? null);
    },
  );

  app.post<{ Body: { agency?: string; title: string; body: string } }>(
    '/api/v1/complaints/templates',
    {
      config: { policy: 'complaints.handle' },
      schema: {
        tags,
        operationId: 'createComplaintResponseTemplate',
        summary: 'Buat templat jawaban / Create a response template',
        body: Type.Object(
          { agency: Type.Optional(Type.String({ maxLength: 64 })), title: Type.String({ maxLength: 200 }), body: Type.String({ maxLength: 8000 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => {
      const tenant = requireTenant(request);
      const ctx = contextFor(request, deps);
      const agency = request.body.agency ? (await ctx.deps.agencies.list(ctx, tenant.id)).find((a) => a.id === request.body.agency || a.code === request.body.agency) : undefined;
      if (request.body.agency && !agency) throw new DomainError('complaint.agency_unknown', 400, 'error.complaint.agency_unknown');
      const created = await createResponseTemplate(ctx, tenant, requireAccess(request), { agencyId: agency?.id, title: request.body.title, body: request.body.body });
      return reply.code(201).send(created);
    },
  );

  app.post<{ Params: Static<typeof Ref>; Body: { reason: string } }>(
    '/api/v1/complaints/:ref/reveal',
    {
      config: { policy: 'complaints.reveal' },
      schema: {
        tags,
        operationId: 'revealComplaintIdentity',
        summary: 'Buka identitas laporan rahasia / Reveal a confidential reporter (audited)',
        params: Ref,
        body: Type.Object({ reason: Type.String({ maxLength: 4000 }) }, { additionalProperties: false }),
      },
    },
    async (request) => revealIdentity(contextFor(request, deps), requireTenant(request), requireAccess(request), request.params.ref, request.body.reason),
  );

  app.get<{ Params: Static<typeof Ref> }>(
    '/api/v1/complaints/:ref/duplicates',
    {
      config: { policy: 'complaints.handle' },
      schema: { tags, operationId: 'suggestDuplicateComplaints', summary: 'Kemungkinan duplikat / Possible duplicates', params: Ref },
    },
    async (request) => suggestDuplicates(contextFor(request, deps), requireTenant(request), requireAccess(request), request.params.ref),
  );
}
