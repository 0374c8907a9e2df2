// The applications API's request and response schemas (TypeBox): one source for validation, the
// serialised answers and the OpenAPI document. Each 4xx an operation can answer is declared.
import { type TSchema, Type } from '@sinclair/typebox';
import { ID_PATTERN } from './forms/definition.js';
import { BADGES } from './view.js';
import { OFFICER_ACTIONS } from './workflow/index.js';

export const tags = ['applications'];

export const Uuid = Type.String({ format: 'uuid' });
export const StepIdParam = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,62}$', maxLength: 63 });
export const IdParams = Type.Object({ id: Uuid });
export const ServiceParams = Type.Object({ serviceId: Uuid });
export const StepParams = Type.Object({ id: Uuid, stepId: StepIdParam });
const Bilingual = Type.Object({ id: Type.String(), en: Type.Optional(Type.String()) });
const Names = Type.Object({ id: Type.String(), en: Type.String() });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const AnyObject = Type.Object({}, { additionalProperties: true });

/** A problem+json answer (RFC 9457); `current` on a 409 of a transition: where the application stands now. */
export const Problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Type.Object({}, { additionalProperties: true }) } },
});
export const refusals = {
  401: Problem('Not signed in'),
  403: Problem('Signed in without the right to do this'),
};
export const invalid = { 400: Problem('Not valid (field errors)') };
export const notFound = (what: string) => ({ 404: Problem(`${what} (another citizen’s or another agency’s is a 404 too)`) });

export const StepSummary = Type.Object({
  stepId: Type.String(),
  name: Names,
  kind: Type.Union([Type.Literal('task'), Type.Literal('wait')]),
  role: Nullable(Type.String()),
  agency: Nullable(Type.String({ description: 'Agency code' })),
  dueAt: Nullable(Type.String({ description: 'End of the due day in the unit’s zone' })),
  escalated: Type.Boolean(),
  lapsed: Type.Boolean(),
});

const Status = Type.Union([Type.Literal('in_progress'), Type.Literal('with_applicant'), Type.Literal('closed')]);
const Outcome = Nullable(Type.Union(['approved', 'issued', 'rejected', 'withdrawn'].map((o) => Type.Literal(o))));

export const StateSummary = Type.Object({
  version: Type.Integer({ description: 'Send it back as expectedVersion when acting' }),
  status: Status,
  outcome: Outcome,
  deemedApproved: Type.Boolean({ description: 'Fiktif positif (PP 28/2025): a step was deemed approved' }),
  steps: Type.Array(StepSummary),
});

export const Submitted = Type.Object({
  id: Uuid,
  trackingNumber: Type.String({ description: 'PMH-XXXX-XXXX, with a check character' }),
  submittedAt: DateTime,
  current: StateSummary,
  serviceDueDate: Nullable(Type.String({ format: 'date' })),
  assisted: Type.Boolean({ description: 'Filed at a counter by an officer with the citizen’s recorded consent' }),
});

const Time = Type.Object({
  agencyDays: Type.Integer(),
  standardDays: Type.Integer(),
  standardLimit: Type.Integer({ description: 'The standard’s jangka waktu, working days' }),
  remainingDays: Type.Integer(),
  overrunDays: Type.Integer(),
  running: Type.Boolean({ description: 'False while with the applicant (their time never counts) or closed' }),
  serviceDue: Nullable(AnyObject),
});

const Event = Type.Object({
  id: Type.Integer(),
  at: DateTime,
  actor: Type.String(),
  action: Type.String(),
  stepId: Nullable(Type.String()),
  text: Nullable(Type.String()),
  data: AnyObject,
  internal: Type.Boolean(),
});
export const Timeline = Type.Object({ items: Type.Array(Event) });
export const Message = Type.Object({ id: Type.Integer(), at: DateTime, sender: Type.Union([Type.Literal('applicant'), Type.Literal('officer')]), officerId: Nullable(Uuid), body: Type.String() });
export const Note = Type.Object({ id: Type.Integer(), at: DateTime, officerId: Uuid, stepId: Nullable(Type.String()), body: Type.String() });
const FileState = Type.Union([Type.Literal('pending'), Type.Literal('clean'), Type.Literal('infected')], {
  description: 'The malware scan: `pending` until it decides (no download yet), `clean`, or `infected` (removed)',
});
const FileLink = Type.Object({ round: Type.Integer(), fieldId: Type.String(), fileId: Uuid, name: Type.String(), mime: Type.String(), size: Type.Integer(), state: FileState });
/** An upload as the applicant's answers name it (`fileId`), with what the server found. */
export const UploadedFile = Type.Object({ fileId: Uuid, name: Type.String(), mime: Type.String(), size: Type.Integer(), state: FileState, uploadedAt: DateTime });
export const ReusableFile = Type.Object({ ...UploadedFile.properties, fieldId: Type.String(), serviceId: Uuid });
export const FileParams = Type.Object({ id: Uuid, fileId: Uuid });
export const UploadParams = Type.Object({ serviceId: Uuid, fieldId: Type.String({ pattern: ID_PATTERN, maxLength: 63 }) });
/** A download: the file as an attachment, never shown inline. */
export const Download = { description: 'The file, as an attachment (Content-Disposition: attachment; nosniff)', content: { 'application/octet-stream': { schema: Type.String({ format: 'binary' }) } } };
export const fileStates = {
  409: Problem('The file is still being scanned for malware (`file.pending`): try again shortly'),
  410: Problem('The malware scanner found the file infected; it was removed (`file.infected`)'),
};
const Todo = Nullable(Type.Union(['revise', 'declare', 'pay', 'act'].map((x) => Type.Literal(x))));

export const ApplicationDetail = Type.Object({
  id: Uuid,
  trackingNumber: Type.String(),
  version: Type.Integer(),
  status: Status,
  statusText: Type.String(),
  outcome: Outcome,
  deemedApprovals: Type.Array(Type.Object({ stepId: Type.String(), at: Type.String() })),
  service: Type.Object({
    id: Uuid,
    versionId: Uuid,
    version: Type.Integer(),
    name: Bilingual,
    agency: Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }),
  }),
  applicantId: Uuid,
  assistedBy: Nullable(Uuid),
  submittedAt: DateTime,
  updatedAt: DateTime,
  closedAt: Nullable(DateTime),
  steps: Type.Array(
    Type.Intersect([StepSummary, Type.Object({ taskId: Nullable(Uuid), claimedBy: Nullable(Uuid), badges: Type.Array(Type.Union(BADGES.map((b) => Type.Literal(b)))) })]),
  ),
  time: Time,
  revision: Nullable(Type.Object({ stepId: Type.String(), message: Type.String(), requestedAt: Type.String() })),
  applicantTodo: Todo,
  actions: Type.Array(Type.Object({ type: Type.String(), stepId: Type.Optional(Type.String()), role: Type.Optional(Type.String()) })),
  answers: AnyObject,
  answerRounds: Type.Integer(),
  files: Type.Array(FileLink),
  timeline: Type.Array(Event),
  messages: Type.Array(Message),
  notes: Type.Optional(Type.Array(Note, { description: 'Officers only' })),
});

export const MyApplications = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Uuid,
      trackingNumber: Type.String(),
      service: Type.Object({ id: Uuid, name: Bilingual }),
      status: Status,
      statusText: Type.String(),
      outcome: Outcome,
      currentSteps: Type.Array(Type.String()),
      serviceDueDate: Nullable(Type.String({ format: 'date' })),
      remainingDays: Type.Integer(),
      applicantTodo: Todo,
      assisted: Type.Boolean(),
      submittedAt: DateTime,
      updatedAt: DateTime,
    }),
  ),
  nextCursor: Nullable(Type.String()),
});

export const QueuePage = Type.Object({
  items: Type.Array(
    Type.Object({
      taskId: Uuid,
      applicationId: Uuid,
      trackingNumber: Type.String(),
      version: Type.Integer(),
      serviceId: Uuid,
      stepId: Type.String(),
      stepName: Names,
      kind: Type.Union([Type.Literal('task'), Type.Literal('wait')]),
      role: Type.String(),
      agency: Type.Object({ id: Uuid, code: Type.String() }),
      dueAt: Nullable(DateTime),
      status: Status,
      claimedBy: Nullable(Uuid),
      badges: Type.Array(Type.Union(BADGES.map((b) => Type.Literal(b)))),
      submittedAt: DateTime,
      serviceDueAt: Nullable(DateTime),
    }),
  ),
  nextCursor: Nullable(Type.String()),
});

export const Tracked = Type.Object({
  trackingNumber: Type.String(),
  service: Type.Object({ id: Uuid, name: Bilingual }),
  status: Status,
  statusText: Type.String(),
  outcome: Outcome,
  deemedApproved: Type.Boolean(),
  currentSteps: Type.Array(Type.String()),
  submittedAt: DateTime,
  closedAt: Nullable(DateTime),
  serviceDueDate: Nullable(Type.String({ format: 'date' })),
  time: Type.Object({ standardDays: Type.Integer(), standardLimit: Type.Integer(), remainingDays: Type.Integer(), overrunDays: Type.Integer(), running: Type.Boolean() }),
});

export const ActBody = Type.Object(
  {
    stepId: StepIdParam,
    action: Type.Union(OFFICER_ACTIONS.map((a) => Type.Literal(a))),
    expectedVersion: Type.Integer({ minimum: 0, maximum: 2147483647 }),
    reason: Type.Optional(Type.String({ maxLength: 4000, description: 'reject: required, shown to the applicant' })),
    message: Type.Optional(Type.String({ maxLength: 4000, description: 'request_revision: required, what to correct' })),
  },
  { additionalProperties: false },
);

export const Draft = Type.Object({
  serviceId: Uuid,
  answers: AnyObject,
  problems: Type.Array(Type.Object({ field: Type.String(), code: Type.String(), messageKey: Type.String() })),
  updatedAt: DateTime,
  expiresAt: DateTime,
});

/** Answers as the form's field ids (and repeatable groups' ids) to values. */
export const Answers = Type.Record(Type.String({ pattern: ID_PATTERN }), Type.Unknown(), { description: 'Field id → answer (see the service’s form)', maxProperties: 500 });
