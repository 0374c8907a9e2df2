// Handling's JSON API: the officers' queues, the one actions endpoint (officers' actions and the
// reporter's), response templates, possible duplicates, and revealing a confidential reporter.
import { type Static, Type } from '@sinclair/typebox';
import { Transform } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import { problem } from '../../../platform/http/openapi.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { officerAccess, requireOfficerAccess } from '../access.js';
import '../policies.js';
import { ACTION_BODY_LIMIT, ActionBody, type ActionBodyT, actingOfficer, decodeAttachments, isReporterAction, reporterRef, toOfficerAction, toReporterAction } from './actions.js';
import { createResponseTemplate, listQueue, listResponseTemplates, suggestDuplicates } from './queue.js';
import { actAsReporter } from './reporter.js';
import { actOnComplaint, type HandlingDeps, revealIdentity } from './service.js';

const Ref = Type.Object({ ref: Type.String({ maxLength: 64, description: 'Complaint id or tracking number' }) });
const AnyObject = Type.Object({}, { additionalProperties: true });

export function registerHandlingRoutes(app: FastifyInstance, deps: { handling: HandlingDeps }) {
  const tags = ['complaints'];
  const handlingContext = (request: FastifyRequest) => ({ ...tenantContextOf(request), ...deps.handling });

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
    async (request) => listQueue(handlingContext(request), { access: requireOfficerAccess(request.principal), agency: request.query.agency }),
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
        response: {
          200: AnyObject,
          401: problem('Tindakan pelapor tanpa sesi atau kode rahasia / A reporter action without the session or the secret code'),
          409: problem('Tindakan tidak mungkin pada status laporan saat ini / Not possible in the report’s current status'),
        },
      },
    },
    async (request) => {
      const { body } = request;
      const ref = request.params.ref;
      if (isReporterAction(body.action)) {
        const ctx = { ...tenantContextOf(request), agencies: deps.handling.agencies };
        return actAsReporter(ctx, { who: reporterRef(request.principal, body.secretCode), ref, ...toReporterAction({ ...body, action: body.action }) });
      }
      const ctx = handlingContext(request);
      return actOnComplaint(ctx, { access: actingOfficer(request.principal), ref, ...toOfficerAction(body, body.action === 'answer' ? decodeAttachments(body.attachments) : []) });
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
    async (request) => listResponseTemplates(handlingContext(request), { access: requireOfficerAccess(request.principal), agency: request.query.agency }),
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
      const created = await createResponseTemplate(handlingContext(request), { access: requireOfficerAccess(request.principal), ...request.body });
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
        response: { 409: problem('Bukan laporan rahasia / Not a confidential report') },
      },
    },
    async (request) => revealIdentity(handlingContext(request), { access: requireOfficerAccess(request.principal), ref: request.params.ref, reason: request.body.reason }),
  );

  app.get<{ Params: Static<typeof Ref> }>(
    '/api/v1/complaints/:ref/duplicates',
    {
      config: { policy: 'complaints.handle' },
      schema: { tags, operationId: 'suggestDuplicateComplaints', summary: 'Kemungkinan duplikat / Possible duplicates', params: Ref },
    },
    async (request) => suggestDuplicates(handlingContext(request), { access: requireOfficerAccess(request.principal), ref: request.params.ref }),
  );
}
