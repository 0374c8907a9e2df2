// Reading and processing applications: one application (its applicant or an officer of an agency
// handling it), "Permohonan saya", the timeline, messages, internal notes, officers' actions, the work
// queue, claiming and assigning steps, events recorded by an officer. Thin: parse, one service call.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type FileStore, sendFileDownload } from '../../../platform/files/index.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { applicantOf, applicationContext, officerOf } from '../context.js';
import {
  ActBody,
  ApplicationDetail,
  Download,
  FileParams,
  fileStates,
  IdParams,
  invalid,
  Message,
  MyApplications,
  Note,
  notFound,
  Problem,
  QueuePage,
  refusals,
  StateSummary,
  StepIdParam,
  StepParams,
  tags,
  Timeline,
  Uuid,
} from '../schemas.js';
import { listWorkQueue } from './queue.js';
import {
  actOnApplication,
  addInternalNote,
  assignStep,
  claimStep,
  getApplication,
  getTimeline,
  listMyApplications,
  OFFICER_EVENTS,
  openApplicationFile,
  recordOfficerEvent,
  releaseStep,
  sendMessage,
  type Viewer,
} from './service.js';

const view = { policy: 'applications.view' } as const;
const handle = { policy: 'applications.handle' } as const;
const conflict = { 409: Problem('Stale version, or the step moved on or is another officer’s: `current` is where the application stands now') };
const Page = Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 200 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) });
const BodyText = (max: number) => Type.Object({ body: Type.String({ minLength: 1, maxLength: max }) }, { additionalProperties: false });
const NoteBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 8000 }), stepId: Type.Optional(StepIdParam) }, { additionalProperties: false });
const EventBody = Type.Object(
  {
    event: Type.Union(OFFICER_EVENTS.map((e) => Type.Literal(e))),
    expectedVersion: Type.Integer({ minimum: 0, maximum: 2147483647 }),
    note: Type.String({ minLength: 1, maxLength: 2000, description: 'How it happened (e.g. signed on paper on …, receipt number …)' }),
  },
  { additionalProperties: false },
);
const QueueQuery = Type.Object({
  scope: Type.Optional(Type.Union([Type.Literal('mine'), Type.Literal('agency')], { description: 'Default agency' })),
  agency: Type.Optional(Type.String({ maxLength: 63, description: 'Agency code' })),
  serviceId: Type.Optional(Uuid),
  stepId: Type.Optional(StepIdParam),
  status: Type.Optional(Type.Union([Type.Literal('in_progress'), Type.Literal('with_applicant')])),
  due: Type.Optional(Type.Union([Type.Literal('overdue'), Type.Literal('today')])),
  dueBy: Type.Optional(Type.String({ format: 'date' })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
});

/** The citizen who owns it, or the officer handling it (the policy let only these in). */
function viewerOf(request: FastifyRequest): Viewer {
  return request.principal.kind === 'officer' ? { kind: 'officer', officer: officerOf(request) } : { kind: 'applicant', applicant: applicantOf(request) };
}

type IdP = { Params: Static<typeof IdParams> };

export function registerHandlingRoutes(app: FastifyInstance, rt: ModuleRuntime, store: FileStore) {
  app.get<{ Params: Static<typeof FileParams> }>(
    '/api/v1/applications/:id/files/:fileId',
    {
      config: view,
      schema: {
        tags,
        operationId: 'downloadApplicationFile',
        summary: 'Unduh lampiran / Download a file of an application (its applicant, the officers handling it)',
        description: 'Always as an attachment, never inline; only once the malware scan passed it. An officer’s download is audited.',
        params: FileParams,
        response: { 200: Download, ...invalid, ...refusals, ...notFound('No such application, or no such file of it'), ...fileStates },
      },
    },
    async (request, reply) =>
      sendFileDownload(reply, await openApplicationFile(applicationContext(request, rt), { viewer: viewerOf(request), applicationId: request.params.id, fileId: request.params.fileId, store })),
  );

  app.get<{ Querystring: Static<typeof Page> }>(
    '/api/v1/me/applications',
    {
      config: { policy: 'applications.apply' },
      schema: {
        tags,
        operationId: 'listMyApplications',
        summary: 'Permohonan saya / My applications: status, current step, deadline, what I must do',
        querystring: Page,
        response: { 200: MyApplications, ...invalid, ...refusals },
      },
    },
    async (request) => listMyApplications(applicationContext(request, rt), { applicant: applicantOf(request), ...request.query }),
  );

  app.get<IdP>(
    '/api/v1/applications/:id',
    {
      config: view,
      schema: {
        tags,
        operationId: 'getApplication',
        summary: 'Satu permohonan / One application, with the time against the standard',
        description: 'Its applicant sees their own; officers of an agency handling it see it with internal notes.',
        params: IdParams,
        response: { 200: ApplicationDetail, ...invalid, ...refusals, ...notFound('No such application') },
      },
    },
    async (request) => getApplication(applicationContext(request, rt), { viewer: viewerOf(request), applicationId: request.params.id }),
  );

  app.get<IdP>(
    '/api/v1/applications/:id/timeline',
    {
      config: view,
      schema: {
        tags,
        operationId: 'getApplicationTimeline',
        summary: 'Riwayat permohonan / The timeline (the applicant’s leaves out what only officers see)',
        params: IdParams,
        response: { 200: Timeline, ...invalid, ...refusals, ...notFound('No such application') },
      },
    },
    async (request) => ({ items: await getTimeline(applicationContext(request, rt), { viewer: viewerOf(request), applicationId: request.params.id }) }),
  );

  app.post<IdP & { Body: Static<ReturnType<typeof BodyText>> }>(
    '/api/v1/applications/:id/messages',
    {
      config: view,
      schema: {
        tags,
        operationId: 'sendApplicationMessage',
        summary: 'Kirim pesan / A message between the agency and the applicant',
        params: IdParams,
        body: BodyText(4000),
        response: { 201: Message, ...invalid, ...refusals, ...notFound('No such application') },
      },
    },
    async (request, reply) => reply.code(201).send(await sendMessage(applicationContext(request, rt), { viewer: viewerOf(request), applicationId: request.params.id, body: request.body.body })),
  );

  app.post<IdP & { Body: Static<typeof NoteBody> }>(
    '/api/v1/applications/:id/notes',
    {
      config: handle,
      schema: {
        tags,
        operationId: 'addApplicationNote',
        summary: 'Catatan internal / An internal note (never shown to the applicant)',
        params: IdParams,
        body: NoteBody,
        response: { 201: Note, ...invalid, ...refusals, ...notFound('No such application of your agencies') },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addInternalNote(applicationContext(request, rt), { officer: officerOf(request), applicationId: request.params.id, ...request.body })),
  );

  app.post<IdP & { Body: Static<typeof ActBody> }>(
    '/api/v1/applications/:id/actions',
    {
      config: handle,
      schema: {
        tags,
        operationId: 'actOnApplication',
        summary: 'Tindakan petugas / An officer acts on a step (approve, reject, request revision, forward, escalate)',
        description: 'Send the version you saw as `expectedVersion`: another is a 409 with `current`. A reason is required to reject and a message to request a revision (422).',
        params: IdParams,
        body: ActBody,
        response: { 200: StateSummary, ...invalid, ...refusals, ...notFound('No such application of your agencies'), ...conflict, 422: Problem('A reason or message is required') },
      },
    },
    async (request) => actOnApplication(applicationContext(request, rt), { officer: officerOf(request), applicationId: request.params.id, ...request.body }),
  );

  app.post<IdP & { Body: Static<typeof EventBody> }>(
    '/api/v1/applications/:id/events',
    {
      config: handle,
      schema: {
        tags,
        operationId: 'recordApplicationEvent',
        summary: 'Catat tanda tangan/pembayaran / Record a signature on paper or a payment at the counter',
        description: 'For a wait step waiting for it; the officer holds its role (signer, treasurer) or administers the agency.',
        params: IdParams,
        body: EventBody,
        response: { 200: StateSummary, ...invalid, ...refusals, ...notFound('No such application of your agencies'), ...conflict },
      },
    },
    async (request) => recordOfficerEvent(applicationContext(request, rt), { officer: officerOf(request), applicationId: request.params.id, ...request.body }),
  );

  app.get<{ Querystring: Static<typeof QueueQuery> }>(
    '/api/v1/work-queue',
    {
      config: handle,
      schema: {
        tags,
        operationId: 'listWorkQueue',
        summary: 'Antrean kerja / The steps waiting for me or my agency, by deadline',
        description: 'Badges: due_today, overdue, escalated, deemed_approved, assisted. Cursor pagination.',
        querystring: QueueQuery,
        response: { 200: QueuePage, ...invalid, ...refusals },
      },
    },
    async (request) => listWorkQueue(applicationContext(request, rt), { officer: officerOf(request), scope: request.query.scope ?? 'agency', ...request.query }),
  );

  const stepRoute = (suffix: 'claim' | 'release', operationId: string, summary: string, run: typeof claimStep) =>
    app.post<{ Params: Static<typeof StepParams> }>(
      `/api/v1/applications/:id/steps/:stepId/${suffix}`,
      {
        config: handle,
        schema: { tags, operationId, summary, params: StepParams, response: { 204: Type.Null(), ...invalid, ...refusals, ...notFound('No such application of your agencies'), ...conflict } },
      },
      async (request, reply) => {
        await run(applicationContext(request, rt), { officer: officerOf(request), applicationId: request.params.id, stepId: request.params.stepId });
        return reply.code(204).send();
      },
    );
  stepRoute('claim', 'claimApplicationStep', 'Ambil langkah / Take a step into my queue', claimStep);
  stepRoute('release', 'releaseApplicationStep', 'Lepas langkah / Give a step back to the agency’s queue', releaseStep);

  const AssignBody = Type.Object({ officerId: Uuid }, { additionalProperties: false });
  app.post<{ Params: Static<typeof StepParams>; Body: Static<typeof AssignBody> }>(
    '/api/v1/applications/:id/steps/:stepId/assign',
    {
      config: { policy: 'applications.assign' },
      schema: {
        tags,
        operationId: 'assignApplicationStep',
        summary: 'Tugaskan langkah / Assign or reassign a step to an officer (agency administrator)',
        params: StepParams,
        body: AssignBody,
        response: { 204: Type.Null(), ...invalid, ...refusals, ...notFound('No such application of your agencies'), ...conflict },
      },
    },
    async (request, reply) => {
      await assignStep(applicationContext(request, rt), { officer: officerOf(request), applicationId: request.params.id, stepId: request.params.stepId, assigneeId: request.body.officerId });
      return reply.code(204).send();
    },
  );
}
