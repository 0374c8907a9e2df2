// The information-requests JSON API: createInformationRequest (a citizen online; the PPID records a
// paper request with its receivedAt), the legal entity's document upload, the PPID's queue,
// extendInformationRequest, decideInformationRequest, consequence tests, fileObjection, the superior's
// answerInformationObjection, and the public annual figures. Thin: parse, authorise (the route's
// policy), one service call.
import multipart from '@fastify/multipart';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../../platform/errors.js';
import { discardReceivedFiles, type FileStore, receiveFile } from '../../platform/files/index.js';
import type { Db } from '../../db/index.js';
import { actorRef } from '../../platform/context.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { problem } from '../../platform/http/openapi.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import type { ModuleRuntime } from '../../platform/module.js';
import { DECISIONS, DELIVERIES, EXEMPTION_GROUNDS, MAX_EXTENSION_DAYS, OBJECTION_GROUNDS } from './rules.js';
import {
  answerObjection,
  createConsequenceTest,
  createInformationRequest,
  decideInformationRequest,
  ENTITY_DOCUMENT_RULES,
  extendInformationRequest,
  fileObjection,
  getInformationRequest,
  getInformationRequestStatistics,
  listConsequenceTests,
  listInformationRequests,
  recordEntityDocument,
} from './service.js';
import { ANSWER_FILE_RULES, COPY_METHODS, MAX_ANSWER_FILES, openAnswerFile, recordAnswerFile, recordCopyHandover } from './answers.js';
import { sendFileDownload } from '../../platform/files/index.js';

const tags = ['information-requests'];
const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Id = Type.Object({ id: Type.String({ format: 'uuid' }) });
type IdParams = { Params: Static<typeof Id> };
const text = (max: number, description?: string) => Type.String({ minLength: 1, maxLength: max, ...(description ? { description } : {}) });

const CreateBody = Type.Object(
  {
    requesterKind: literals(['person', 'legal_entity'] as const),
    entity: Type.Optional(Type.Object({ name: text(300), documentFileId: Type.Optional(Type.String({ format: 'uuid', description: 'From uploadInformationRequestDocument (citizens; required for a legal entity online)' })) }, { additionalProperties: false })),
    information: text(4000, 'The information asked for'),
    purpose: text(2000, 'Why it is asked for (UU 14/2008 Pasal 4(3))'),
    delivery: literals(DELIVERIES),
    requesterName: Type.Optional(text(200, 'Paper requests (officers): the requester as written on the form')),
    requesterContact: Type.Optional(Type.String({ maxLength: 254 })),
    receivedAt: Type.Optional(Type.String({ format: 'date-time', description: 'Paper requests (officers): when the form arrived; not in the future' })),
  },
  { additionalProperties: false },
);

const AnswerFile = Type.Object({
  id: Type.String({ format: 'uuid', description: 'The file’s id (downloadInformationAnswerFile; answerFileIds of decideInformationRequest)' }),
  name: Type.String(),
  mime: Type.String({ description: 'The type read from the content' }),
  size: Type.Integer(),
  uploadedAt: Type.String({ format: 'date-time' }),
  delivered: Type.Boolean({ description: 'Named by the decision: the requester may download it' }),
  state: literals(['pending', 'clean', 'infected'] as const),
});
const ConsequenceTest = Type.Object({ id: Type.String(), document: Type.String(), exemptPart: Type.String(), legalGround: Type.String({ description: 'Letter of UU 14/2008 Pasal 17 (a–j)' }), reasoning: Type.String(), createdAt: Type.String({ format: 'date-time' }) });
const Request = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String({ description: 'Registration number with a check character, e.g. PPI-7K3Q-9XW2' }),
  channel: literals(['online', 'paper'] as const),
  requesterKind: literals(['person', 'legal_entity'] as const),
  requesterName: Type.String(),
  entityName: Type.Union([Type.String(), Type.Null()]),
  hasEntityDocument: Type.Boolean(),
  information: Type.String(),
  purpose: Type.String(),
  delivery: literals(DELIVERIES),
  receivedAt: Type.String({ format: 'date-time' }),
  receivedOn: Type.String({ format: 'date', description: 'The working day the receipt counts on' }),
  dueOn: Type.String({ format: 'date' }),
  dueAt: Type.String({ format: 'date-time', description: 'End of the last day: 10 working days from receipt (plus the extension), in the tenant’s zone' }),
  overdue: Type.Boolean(),
  calendarConfirmed: Type.Boolean({ description: 'False when a year involved has no holiday decree on file' }),
  extension: Type.Union([Type.Object({ days: Type.Integer(), reason: Type.String(), at: Type.String({ format: 'date-time' }) }), Type.Null()]),
  decision: Type.Union([
    Type.Object({
      kind: literals(DECISIONS),
      answer: Type.String(),
      redaction: Type.Union([Type.String(), Type.Null()]),
      holder: Type.Union([Type.String(), Type.Null()]),
      consequenceTest: Type.Union([ConsequenceTest, Type.Null()]),
      decidedAt: Type.String({ format: 'date-time' }),
      workingDays: Type.Integer(),
    }),
    Type.Null(),
  ]),
  objection: Type.Union([
    Type.Object({
      ground: literals(OBJECTION_GROUNDS),
      reason: Type.String(),
      filedAt: Type.String({ format: 'date-time' }),
      dueOn: Type.String({ format: 'date' }),
      dueAt: Type.String({ format: 'date-time' }),
      overdue: Type.Boolean(),
      answer: Type.Union([Type.Object({ text: Type.String(), upheld: Type.Boolean(), at: Type.String({ format: 'date-time' }) }), Type.Null()]),
      commissionBy: Type.String({ format: 'date', description: 'Last day to take the dispute to the Komisi Informasi (14 working days)' }),
    }),
    Type.Null(),
  ]),
  objectionWindow: Type.Union([Type.Object({ grounds: Type.Array(literals(OBJECTION_GROUNDS)), until: Type.String({ format: 'date' }) }), Type.Null()]),
  answerFiles: Type.Array(AnswerFile, { description: 'The requester sees the delivered files; officers every upload with its scan state' }),
  copy: Type.Union([Type.Object({ handedOverOn: Type.String({ format: 'date' }), method: literals(COPY_METHODS), recordedAt: Type.String({ format: 'date-time' }) }), Type.Null()], { description: 'The copy (salinan) handed over or sent, as the PPID recorded it' }),
});
const QueueItem = Type.Object({ id: Type.String(), number: Type.String(), requesterName: Type.String(), information: Type.String(), receivedOn: Type.String(), dueOn: Type.String(), overdue: Type.Boolean(), extended: Type.Boolean(), decision: Type.Union([literals(DECISIONS), Type.Null()]) });

const ExtendBody = Type.Object({ days: Type.Integer({ description: `1–${MAX_EXTENSION_DAYS} working days after the current deadline` }), reason: Type.String({ maxLength: 2000 }) }, { additionalProperties: false });
const DecideBody = Type.Object(
  {
    decision: literals(DECISIONS),
    answer: Type.String({ maxLength: 8000, description: 'The written answer delivered to the requester' }),
    redaction: Type.Optional(Type.String({ maxLength: 2000, description: 'granted_part: what was withheld and why' })),
    holder: Type.Optional(Type.String({ maxLength: 300, description: 'not_held: who holds the information' })),
    consequenceTestId: Type.Optional(Type.String({ format: 'uuid', description: 'refused_exempt: the consequence-test record (createInformationConsequenceTest)' })),
    answerFileIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: MAX_ANSWER_FILES, description: 'granted_full / granted_part: answer files uploaded for this request (uploadInformationAnswerFile), each scanned clean' })),
  },
  { additionalProperties: false },
);
const CopyBody = Type.Object({ handedOverOn: Type.String({ maxLength: 10, description: 'YYYY-MM-DD, not in the future, not before the decision' }), method: Type.String({ maxLength: 20, description: `${COPY_METHODS.join(', ')}` }) }, { additionalProperties: false });
const FileParams = Type.Object({ id: Type.String({ format: 'uuid' }), fileId: Type.String({ format: 'uuid' }) });
const ConsequenceBody = Type.Object({ document: text(500), exemptPart: text(2000), legalGround: literals(EXEMPTION_GROUNDS), reasoning: text(4000) }, { additionalProperties: false });
const ObjectionBody = Type.Object({ ground: Type.String({ maxLength: 1, description: 'UU 14/2008 Pasal 35(1) letter a–g' }), reason: Type.String({ maxLength: 4000 }) }, { additionalProperties: false });
const AnswerBody = Type.Object({ upheld: Type.Boolean({ description: 'True: the objection is accepted (the PPID must act on it)' }), answer: Type.String({ maxLength: 8000 }) }, { additionalProperties: false });
const Statistics = Type.Object({
  year: Type.Integer(),
  requests: Type.Integer(),
  paper: Type.Integer(),
  legalEntities: Type.Integer(),
  extended: Type.Integer(),
  open: Type.Integer(),
  decidedOnTime: Type.Integer({ description: 'Decided by their deadline (the extended one, when extended)' }),
  decisions: Type.Record(Type.String(), Type.Integer(), { description: 'Per decision kind' }),
  averageWorkingDays: Type.Union([Type.Number(), Type.Null()], { description: 'From receipt to decision, decided requests only' }),
  objections: Type.Integer(),
  objectionsAnswered: Type.Integer(),
  objectionsUpheld: Type.Integer(),
});

const refusals = { 400: problem('Isian tidak sah / Invalid input'), 404: problem('Permohonan tidak ditemukan / No such request') };

async function receiveEntityDocument(request: FastifyRequest, store: FileStore) {
  if (!request.isMultipart()) throw new DomainError('unsupported_media_type', 415, 'error.unsupported_media_type', { contentType: String(request.headers['content-type'] ?? '-') });
  const ctx = tenantContextOf(request);
  for await (const part of request.parts()) {
    if (part.type !== 'file') continue;
    const file = await receiveFile(store, ctx.tenant.id, { stream: part.file, filename: part.filename }, ENTITY_DOCUMENT_RULES);
    if (!file) break;
    try {
      return await recordEntityDocument(ctx, file);
    } catch (error) {
      await discardReceivedFiles(store, [file]);
      throw error;
    }
  }
  throw new DomainError('information.invalid', 400, 'ppid.error.invalid', {}, [{ field: ENTITY_DOCUMENT_RULES.field, code: 'required', messageKey: 'ppid.error.entity_document' }]);
}

async function receiveAnswerFile(request: FastifyRequest<IdParams>, store: FileStore) {
  if (!request.isMultipart()) throw new DomainError('unsupported_media_type', 415, 'error.unsupported_media_type', { contentType: String(request.headers['content-type'] ?? '-') });
  const ctx = tenantContextOf(request);
  for await (const part of request.parts()) {
    if (part.type !== 'file') continue;
    const file = await receiveFile(store, ctx.tenant.id, { stream: part.file, filename: part.filename }, ANSWER_FILE_RULES);
    if (!file) break;
    try {
      return await recordAnswerFile(ctx, { id: request.params.id, file });
    } catch (error) {
      await discardReceivedFiles(store, [file]);
      throw error;
    }
  }
  throw new DomainError('information.invalid', 400, 'ppid.error.invalid', {}, [{ field: ANSWER_FILE_RULES.field, code: 'required', messageKey: 'ppid.error.answer_file_required' }]);
}

export function registerInformationRoutes(app: FastifyInstance, rt: ModuleRuntime, store: FileStore) {
  const informationContext = (request: FastifyRequest) => ({ ...tenantContextOf(request), publicBaseUrl: rt.config.publicBaseUrl });

  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: ENTITY_DOCUMENT_RULES.maxBytes + 1, files: 1, fields: 5, parts: 6 } });
    scope.post(
      '/api/v1/information-request-documents',
      {
        config: { policy: 'information.upload' },
        schema: {
          tags,
          operationId: 'uploadInformationRequestDocument',
          summary: 'Unggah dokumen identitas badan hukum / Upload a legal entity’s identity document',
          description: 'multipart/form-data with one file part (PDF, JPEG or PNG, at most 5 MB; the type is read from the content). Put the returned `fileId` in `entity.documentFileId` of createInformationRequest. Scanned for malware before an officer can open it.',
          consumes: ['multipart/form-data'],
          response: { 201: Type.Object({ fileId: Type.String({ format: 'uuid' }), name: Type.String() }), 400: problem('No file'), 413: problem('Larger than 5 MB'), 415: problem('Not a PDF, JPEG or PNG') },
        },
      },
      async (request, reply) => reply.code(201).send(await receiveEntityDocument(request, store)),
    );
  });

  app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: ANSWER_FILE_RULES.maxBytes + 1, files: 1, fields: 5, parts: 6 } });
    scope.post<IdParams>(
      '/api/v1/information-requests/:id/answer-files',
      {
        config: { policy: 'information.handle' },
        schema: {
          tags,
          operationId: 'uploadInformationAnswerFile',
          summary: 'Unggah berkas jawaban / Upload an answer file',
          description: `multipart/form-data with one file part: a document holding the information (PDF, JPEG, PNG, WebP, DOCX, XLSX, ODT, ODS; at most 20 MB; the type is read from the content; at most ${MAX_ANSWER_FILES} per request), for an undecided request. Scanned for malware: name the returned \`id\` in \`answerFileIds\` of decideInformationRequest once its \`state\` (getInformationRequest) is clean.`,
          consumes: ['multipart/form-data'],
          params: Id,
          response: { 201: AnswerFile, 400: problem('No file'), 404: refusals[404], 409: problem('Sudah diputus, atau sudah 10 berkas / Decided already, or 10 files already'), 413: problem('Larger than 20 MB'), 415: problem('Not an accepted type') },
        },
      },
      async (request, reply) => reply.code(201).send(await receiveAnswerFile(request, store)),
    );
  });

  app.get<{ Params: Static<typeof FileParams> }>(
    '/api/v1/information-requests/:id/answer-files/:fileId',
    {
      config: { policy: 'information.answer_file' },
      schema: {
        tags,
        operationId: 'downloadInformationAnswerFile',
        summary: 'Unduh berkas jawaban / Download an answer file',
        description: 'The requester: a file the decision delivered, of their own request. The PPID, the superior and the auditor: any of the request’s answer files. Sent as a download; every download is audited.',
        params: FileParams,
        response: { 200: { description: 'The file (Content-Disposition: attachment)', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, 404: refusals[404], 409: problem('Masih diperiksa dari virus / Still being checked for viruses'), 410: problem('Mengandung virus, dihapus / Infected, removed') },
      },
    },
    async (request, reply) => sendFileDownload(reply, await openAnswerFile(tenantContextOf(request), store, request.params)),
  );

  app.post<IdParams & { Body: Static<typeof CopyBody> }>(
    '/api/v1/information-requests/:id/copy-handover',
    {
      config: { policy: 'information.handle' },
      schema: {
        tags,
        operationId: 'recordInformationCopyHandover',
        summary: 'Catat penyerahan salinan / Record the copy’s handover',
        description: 'The day the copy (salinan) was handed over or sent and how (in_person, post, courier); after a grant, once. Shown to the requester.',
        params: Id,
        body: CopyBody,
        response: { 200: Request, ...refusals, 409: problem('Belum diberikan, atau sudah dicatat / Not granted, or recorded already') },
      },
    },
    async (request) => {
      const ctx = tenantContextOf(request);
      await recordCopyHandover(ctx, { id: request.params.id, ...request.body });
      return getInformationRequest(ctx, request.params);
    },
  );

  app.post<{ Body: Static<typeof CreateBody> }>(
    '/api/v1/information-requests',
    {
      config: { policy: 'information.request' },
      schema: {
        tags,
        operationId: 'createInformationRequest',
        summary: 'Ajukan permohonan informasi publik / Request public information',
        description: 'A signed-in citizen asks for themselves or for an Indonesian legal entity (with its identity document). The PPID records a request received on paper with `requesterName` and `receivedAt`. The reply carries the registration number and `dueAt`: 10 working days from receipt on the tenant’s calendar. Accepts `Idempotency-Key` (a repeat returns the first result).',
        body: CreateBody,
        response: { 201: Request, 400: refusals[400], 409: problem('The Idempotency-Key is in use'), 422: problem('The Idempotency-Key was used with another body') },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      return withIdempotency(request, reply, {
        scope: `information.request:${ctx.tenant.id}:${actorRef(ctx.actor)}`,
        run: (db) => createInformationRequest({ ...ctx, db: db as Db }, request.body),
        respond: (body) => ({ status: 201, body }),
      });
    },
  );

  app.get(
    '/api/v1/information-requests',
    { config: { policy: 'information.handle' }, schema: { tags, operationId: 'listInformationRequests', summary: 'Antrean PPID / The PPID’s queue', description: 'Open requests by deadline (with `overdue`), then the latest decided.', response: { 200: Type.Object({ open: Type.Array(QueueItem), decided: Type.Array(QueueItem) }) } } },
    async (request) => listInformationRequests(tenantContextOf(request)),
  );

  app.get<IdParams>(
    '/api/v1/information-requests/:id',
    { config: { policy: 'information.view' }, schema: { tags, operationId: 'getInformationRequest', summary: 'Satu permohonan informasi / One information request', params: Id, response: { 200: Request, 404: refusals[404] } } },
    async (request) => getInformationRequest(tenantContextOf(request), request.params),
  );

  app.post<IdParams & { Body: Static<typeof ExtendBody> }>(
    '/api/v1/information-requests/:id/extension',
    {
      config: { policy: 'information.handle' },
      schema: {
        tags,
        operationId: 'extendInformationRequest',
        summary: 'Perpanjang jangka waktu (sekali, ≤ 7 hari kerja) / Extend the deadline once (≤ 7 working days)',
        params: Id,
        body: ExtendBody,
        response: { 200: Request, ...refusals, 409: problem('Sudah diperpanjang, sudah diputus, atau jangka waktu sudah lewat / Extended already, decided, or past the deadline') },
      },
    },
    async (request) => extendInformationRequest(informationContext(request), { id: request.params.id, ...request.body }),
  );

  app.post<IdParams & { Body: Static<typeof DecideBody> }>(
    '/api/v1/information-requests/:id/decision',
    {
      config: { policy: 'information.handle' },
      schema: {
        tags,
        operationId: 'decideInformationRequest',
        summary: 'Putuskan dan sampaikan jawaban / Decide and deliver the answer',
        description: 'granted_part needs `redaction`; refused_exempt a `consequenceTestId`; not_held the `holder`. A grant may deliver `answerFileIds` (uploaded for this request, scanned clean: 409 while a scan is pending). The requester is notified; one who chose e-mail gets a link to the answer that works without signing in for 30 days.',
        params: Id,
        body: DecideBody,
        response: { 200: Request, ...refusals, 409: problem('Sudah diputus, atau berkas jawaban belum lolos pemeriksaan virus / Decided already, or an answer file has not passed the virus check') },
      },
    },
    async (request) => decideInformationRequest(informationContext(request), { id: request.params.id, ...request.body }),
  );

  app.get(
    '/api/v1/information-consequence-tests',
    { config: { policy: 'information.handle' }, schema: { tags, operationId: 'listInformationConsequenceTests', summary: 'Uji konsekuensi / Consequence tests', response: { 200: Type.Object({ items: Type.Array(ConsequenceTest) }) } } },
    async (request) => ({ items: await listConsequenceTests(tenantContextOf(request)) }),
  );

  app.post<{ Body: Static<typeof ConsequenceBody> }>(
    '/api/v1/information-consequence-tests',
    {
      config: { policy: 'information.handle' },
      schema: { tags, operationId: 'createInformationConsequenceTest', summary: 'Catat uji konsekuensi / Record a consequence test', description: 'The document, what of it is exempt, the letter of UU 14/2008 Pasal 17, and the consequence reasoning.', body: ConsequenceBody, response: { 201: ConsequenceTest, 400: refusals[400] } },
    },
    async (request, reply) => reply.code(201).send(await createConsequenceTest(tenantContextOf(request), request.body)),
  );

  app.post<IdParams & { Body: Static<typeof ObjectionBody> }>(
    '/api/v1/information-requests/:id/objection',
    {
      config: { policy: 'information.object' },
      schema: {
        tags,
        operationId: 'fileObjection',
        summary: 'Ajukan keberatan kepada atasan PPID / Object to the PPID’s superior',
        description: 'On a ground of UU 14/2008 Pasal 35(1) a–g that fits the request (`objectionWindow.grounds`), within 30 working days of the decision or of the missed deadline. The superior answers within 30 working days.',
        params: Id,
        body: ObjectionBody,
        response: { 201: Request, ...refusals, 409: problem('Lewat 30 hari kerja, atau sudah ada keberatan / Past 30 working days, or an objection exists') },
      },
    },
    async (request, reply) => reply.code(201).send(await fileObjection(tenantContextOf(request), { id: request.params.id, ground: request.body.ground as never, reason: request.body.reason })),
  );

  app.post<IdParams & { Body: Static<typeof AnswerBody> }>(
    '/api/v1/information-requests/:id/objection/answer',
    {
      config: { policy: 'information.superior' },
      schema: { tags, operationId: 'answerInformationObjection', summary: 'Tanggapan atasan PPID / The superior’s answer to an objection', params: Id, body: AnswerBody, response: { 200: Request, ...refusals, 409: problem('Sudah ditanggapi / Answered already') } },
    },
    async (request) => answerObjection(informationContext(request), { id: request.params.id, ...request.body }),
  );

  app.get<{ Querystring: { year: number } }>(
    '/api/v1/information-requests/statistics',
    {
      config: { policy: 'information.statistics' },
      schema: {
        tags,
        operationId: 'getInformationRequestStatistics',
        summary: 'Statistik layanan informasi publik setahun / The year’s public-information service figures',
        description: 'For the annual report: requests received in the year, decisions by kind, the average working days to decide, objections.',
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }, { additionalProperties: false }),
        response: { 200: Statistics, 400: refusals[400] },
      },
    },
    async (request) => getInformationRequestStatistics(tenantContextOf(request), request.query),
  );
}
