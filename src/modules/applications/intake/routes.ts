// The applicant's API: what a service's apply page needs, drafts, submitting (Idempotency-Key: a
// double-clicked submit makes one application), withdrawing, answering a revision request, a
// self-declaration. Thin: parse, one service call, shape the reply.
import multipart from '@fastify/multipart';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import { discardReceivedFiles, type FileStore, type ReceivedFile, receiveFile, sendFileDownload, type UploadRules } from '../../../platform/files/index.js';
import { withIdempotency } from '../../../platform/http/idempotency.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { applicantOf, applicationContext } from '../context.js';
import { MAX_FILE_BYTES } from '../forms/definition.js';
import {
  Answers,
  Download,
  Draft,
  fileStates,
  IdParams,
  invalid,
  notFound,
  Problem,
  refusals,
  ReusableFile,
  ServiceParams,
  StateSummary,
  Submitted,
  tags,
  UploadedFile,
  UploadParams,
  Uuid,
} from '../schemas.js';
import { getApplyInfo } from '../setup/service.js';
import { getUploadRules, listReusableFiles, openMyUpload, recordUploads } from './attachments.js';
import { withRaiseLinks } from './assurance.js';
import { deleteDraft, getDraft, listMyDrafts, recordApplicantEvent, saveDraft, submitApplication, submitRevision, withdrawApplication } from './service.js';

/** `answers` omitted: the citizen's saved draft for the service. */
const SubmitBody = Type.Object(
  {
    serviceId: Uuid,
    answers: Type.Optional(Answers),
  },
  { additionalProperties: false },
);
const DraftBody = Type.Object({ answers: Answers }, { additionalProperties: false });
const WithdrawBody = Type.Object(
  { expectedVersion: Type.Optional(Type.Integer({ minimum: 0, maximum: 2147483647 })), reason: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
const RevisionBody = Type.Object({ expectedVersion: Type.Integer({ minimum: 0, maximum: 2147483647 }), answers: Answers }, { additionalProperties: false });
const DeclarationBody = Type.Object(
  {
    expectedVersion: Type.Integer({ minimum: 0, maximum: 2147483647 }),
    statement: Type.String({ minLength: 1, maxLength: 2000, description: 'The statement the applicant agrees to, kept in the timeline' }),
  },
  { additionalProperties: false },
);
const ApplyInfo = Type.Object({
  serviceId: Uuid,
  versionId: Uuid,
  online: Type.Boolean({ description: 'False: the service takes no online application (no form with its published version)' }),
  minAssurance: Type.String(),
  form: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  workflow: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
});

const apply = { policy: 'applications.apply' } as const;
const conflict409 = { 409: Problem('Stale version, or the application has moved on: `current` is where it stands now') };

/**
 * Streams a multipart body's files into storage under the field's rules (413 as soon as one is too
 * large, 415 from a wrong real type, at most `maxFiles`); whatever was received is discarded when
 * anything is refused. Text parts are ignored.
 */
async function receiveUploads(request: FastifyRequest, store: FileStore, tenantId: string, rules: UploadRules, maxFiles: number): Promise<ReceivedFile[]> {
  if (!request.isMultipart()) {
    throw new DomainError('unsupported_media_type', 415, 'error.unsupported_media_type', { contentType: String(request.headers['content-type'] ?? '-') });
  }
  const received: ReceivedFile[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      if (received.length === maxFiles) {
        part.file.resume();
        throw new DomainError('validation', 400, 'error.validation', {}, [{ field: rules.field, code: 'files_count', messageKey: 'app.answer.files_count', vars: { limit: maxFiles } }]);
      }
      const file = await receiveFile(store, tenantId, { stream: part.file, filename: part.filename }, rules);
      if (file) received.push(file);
    }
  } catch (error) {
    await discardReceivedFiles(store, received);
    const { statusCode } = error as { statusCode?: number };
    if (error instanceof DomainError || (statusCode !== undefined && statusCode < 500)) throw error;
    throw new DomainError('malformed_form', 400, 'error.malformed_form');
  }
  if (received.length === 0) throw new DomainError('validation', 400, 'error.validation', {}, [{ field: rules.field, code: 'required', messageKey: 'app.answer.file' }]);
  return received;
}

export function registerIntakeRoutes(app: FastifyInstance, rt: ModuleRuntime, store: FileStore) {
  app.register(async (scope) => {
    // The plugin's own limit above the largest a field may set: each field's limit is enforced while streaming.
    await scope.register(multipart, { limits: { fileSize: MAX_FILE_BYTES + 1, files: 10, fields: 10, parts: 20 } });
    scope.post<{ Params: Static<typeof UploadParams> }>(
      '/api/v1/me/application-drafts/:serviceId/files/:fieldId',
      {
        config: apply,
        schema: {
          tags,
          operationId: 'uploadApplicationFile',
          summary: 'Unggah berkas / Upload files for an upload field of a service’s form',
          description:
            'multipart/form-data, one or more file parts (at most the field’s `maxFiles`). The field’s limits apply while the file streams in: too large is a 413 before the rest is read; the type is taken from the content and must be one the field accepts (415). Put the returned `fileId`s in the answers (draft, submission or revision). Each file is scanned for malware before an officer can open it. With a session cookie, send the CSRF token as the `_csrf` query parameter.',
          consumes: ['multipart/form-data'],
          params: UploadParams,
          response: {
            201: Type.Object({ items: Type.Array(UploadedFile) }),
            ...invalid,
            ...refusals,
            ...notFound('No published service with this id, or its form has no such upload field'),
            409: Problem('The service takes no online application'),
            413: Problem('A file is larger than the field accepts (refused while streaming)'),
            415: Problem('A file’s real type is not one the field accepts, or the body is not multipart'),
          },
        },
      },
      async (request, reply) => {
        const ctx = applicationContext(request, rt);
        const applicant = applicantOf(request);
        const { rules, maxFiles } = await getUploadRules(ctx, request.params);
        const files = await receiveUploads(request, store, ctx.tenant.id, rules, maxFiles);
        const items = await recordUploads(ctx, { applicant, ...request.params, files }).catch(async (error: unknown) => {
          await discardReceivedFiles(store, files);
          throw error;
        });
        return reply.code(201).send({ items });
      },
    );
  });

  app.get(
    '/api/v1/me/application-files',
    {
      config: apply,
      schema: {
        tags,
        operationId: 'listReusableApplicationFiles',
        summary: 'Dokumen yang dapat dipakai ulang / Documents I handed in before (KTP, KK…) that a form may name again',
        description: 'Files submitted with the citizen’s applications in the last 365 days that passed the scan. Name a `fileId` in the answers of an upload field that accepts its type and size instead of uploading again.',
        response: { 200: Type.Object({ items: Type.Array(ReusableFile) }), ...refusals },
      },
    },
    async (request) => ({ items: await listReusableFiles(applicationContext(request, rt), { applicant: applicantOf(request) }) }),
  );

  const MyFileParams = Type.Object({ fileId: Uuid });
  app.get<{ Params: Static<typeof MyFileParams> }>(
    '/api/v1/me/application-files/:fileId',
    {
      config: apply,
      schema: {
        tags,
        operationId: 'downloadMyApplicationFile',
        summary: 'Unduh berkas saya / Download a file I uploaded (once scanned)',
        params: MyFileParams,
        response: { 200: Download, ...invalid, ...refusals, ...notFound('No such upload of yours'), ...fileStates },
      },
    },
    async (request, reply) =>
      sendFileDownload(reply, await openMyUpload(applicationContext(request, rt), { applicant: applicantOf(request), fileId: request.params.fileId, store })),
  );

  app.get<{ Params: Static<typeof ServiceParams> }>(
    '/api/v1/services/:serviceId/application-form',
    {
      config: { policy: 'public' },
      schema: {
        tags,
        operationId: 'getApplicationForm',
        summary: 'Formulir permohonan layanan / The application form of a published service',
        params: ServiceParams,
        response: { 200: ApplyInfo, ...notFound('No published service with this id') },
      },
    },
    async (request) => {
      const info = await getApplyInfo(applicationContext(request, rt), request.params.serviceId);
      return { serviceId: info.service.id, versionId: info.service.versionId, online: info.online, minAssurance: info.service.minAssurance, form: info.form, workflow: info.workflow };
    },
  );

  app.get(
    '/api/v1/me/application-drafts',
    {
      config: apply,
      schema: {
        tags,
        operationId: 'listMyApplicationDrafts',
        summary: 'Draf permohonan saya / My application drafts',
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ serviceId: Uuid, updatedAt: Type.String({ format: 'date-time' }), expiresAt: Type.String({ format: 'date-time' }) })) }), ...refusals },
      },
    },
    async (request) => ({ items: await listMyDrafts(applicationContext(request, rt), { applicant: applicantOf(request) }) }),
  );

  app.get<{ Params: Static<typeof ServiceParams> }>(
    '/api/v1/me/application-drafts/:serviceId',
    {
      config: apply,
      schema: {
        tags,
        operationId: 'getApplicationDraft',
        summary: 'Lanjutkan draf / My draft for a service (on any device)',
        params: ServiceParams,
        response: { 200: Draft, ...refusals, ...notFound('No draft for this service'), 410: Problem('The draft expired and was deleted') },
      },
    },
    async (request) => getDraft(applicationContext(request, rt), { applicant: applicantOf(request), serviceId: request.params.serviceId }),
  );

  app.put<{ Params: Static<typeof ServiceParams>; Body: Static<typeof DraftBody> }>(
    '/api/v1/me/application-drafts/:serviceId',
    {
      config: apply,
      schema: {
        tags,
        operationId: 'saveApplicationDraft',
        summary: 'Simpan draf / Save what I have filled in so far',
        description: 'Kept as typed (nothing is lost); `problems` lists format errors so far. Each save keeps the draft for the tenant’s period again; a reminder comes before it is deleted.',
        params: ServiceParams,
        body: DraftBody,
        response: { 200: Draft, ...invalid, ...refusals, ...notFound('No published service with this id'), 409: Problem('The service takes no online application') },
      },
    },
    async (request) => saveDraft(applicationContext(request, rt), { applicant: applicantOf(request), serviceId: request.params.serviceId, answers: request.body.answers }),
  );

  app.delete<{ Params: Static<typeof ServiceParams> }>(
    '/api/v1/me/application-drafts/:serviceId',
    {
      config: apply,
      schema: { tags, operationId: 'deleteApplicationDraft', summary: 'Hapus draf / Delete my draft', params: ServiceParams, response: { 204: Type.Null(), ...refusals, ...notFound('No draft for this service') } },
    },
    async (request, reply) => {
      await deleteDraft(applicationContext(request, rt), { applicant: applicantOf(request), serviceId: request.params.serviceId });
      return reply.code(204).send();
    },
  );

  app.post<{ Body: Static<typeof SubmitBody> }>(
    '/api/v1/applications',
    {
      config: apply,
      schema: {
        tags,
        operationId: 'submitApplication',
        summary: 'Ajukan permohonan / Submit an application',
        description:
          'For the version of the service in effect today. Accepts `Idempotency-Key` (a repeat returns the first result). Answers are checked against the form (422 with a field error each); an officer at a counter files for a citizen in an assisted session, recorded as such.',
        body: SubmitBody,
        response: {
          201: Submitted,
          ...invalid,
          ...refusals,
          403: Problem(
            'Signed in without the right to do this; or (`application.assurance`) the citizen’s level of assurance is below the service’s: `requiredAssurance`, `currentAssurance`, `counter` (the service’s hall) and `links` (`registryCheck`, the API that raises it online where it helps; `verificationPage`, the page that explains both ways) say how to raise it. The draft is kept.',
          ),
          ...notFound('No published service with this id, or no draft to submit'),
          409: Problem('The service takes no online application, or the Idempotency-Key is in use'),
          410: Problem('The draft expired'),
          422: Problem('Answers not valid for the form (field errors), or the Idempotency-Key was used with another body'),
        },
      },
    },
    async (request, reply) => {
      const ctx = applicationContext(request, rt);
      const applicant = applicantOf(request);
      return withIdempotency(request, reply, {
        scope: `applications.submit:${ctx.tenant.id}:${applicant.citizenId}`,
        // Written in a batch with the submissions arriving meanwhile; the key is claimed in its transaction.
        lookFirst: false,
        claimed: (claim) => submitApplication(ctx, { applicant, serviceId: request.body.serviceId, ...(request.body.answers ? { answers: request.body.answers } : {}) }, claim),
        respond: (body) => ({ status: 201, body }),
      }).catch((error: unknown) => {
        throw withRaiseLinks(error, request, `${request.basePath}/permohonan/ajukan/${request.body.serviceId}/periksa`);
      });
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof WithdrawBody> }>(
    '/api/v1/applications/:id/withdraw',
    {
      config: apply,
      schema: {
        tags,
        operationId: 'withdrawApplication',
        summary: 'Cabut permohonan / Withdraw my application',
        params: IdParams,
        body: WithdrawBody,
        response: { 200: StateSummary, ...invalid, ...refusals, ...notFound('No such application of yours'), ...conflict409 },
      },
    },
    async (request) =>
      withdrawApplication(applicationContext(request, rt), { applicant: applicantOf(request), applicationId: request.params.id, ...request.body }),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RevisionBody> }>(
    '/api/v1/applications/:id/revision',
    {
      config: apply,
      schema: {
        tags,
        operationId: 'submitApplicationRevision',
        summary: 'Kirim perbaikan / Answer a revision request with corrected answers',
        description: 'The whole form again, checked as at submission; the workflow resumes per the service’s policy (pause or restart).',
        params: IdParams,
        body: RevisionBody,
        response: { 200: StateSummary, ...invalid, ...refusals, ...notFound('No such application of yours'), ...conflict409, 422: Problem('Answers not valid for the form') },
      },
    },
    async (request) =>
      submitRevision(applicationContext(request, rt), { applicant: applicantOf(request), applicationId: request.params.id, expectedVersion: request.body.expectedVersion, answers: request.body.answers }),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof DeclarationBody> }>(
    '/api/v1/applications/:id/declaration',
    {
      config: apply,
      schema: {
        tags,
        operationId: 'declareApplication',
        summary: 'Pernyataan mandiri / Make the self-declaration the workflow waits for (PP 28/2025)',
        params: IdParams,
        body: DeclarationBody,
        response: { 200: StateSummary, ...invalid, ...refusals, ...notFound('No such application of yours'), ...conflict409 },
      },
    },
    async (request) =>
      recordApplicantEvent(applicationContext(request, rt), { applicant: applicantOf(request), applicationId: request.params.id, event: 'self_declared', ...request.body }),
  );
}
