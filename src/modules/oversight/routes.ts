// The oversight module's JSON API: officers' figures (getOfficerPerformance), irregularity flags
// (listIrregularityFlags, getIrregularityFlag, reviewIrregularityFlag) and the officers' kinship keys
// (setOfficerKinshipKeys). Thin: parse, authorise (the route's policy; the agency in the service), one
// service call.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { problem } from '../../platform/http/openapi.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { FLAG_KINDS, getIrregularityFlag, getOfficerPerformance, listIrregularityFlags, NOTE_LIMIT, reviewIrregularityFlag, setOfficerKinshipKeys, type Viewer } from './service.js';

const tags = ['oversight'];
const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (tenant’s zone)' });
const Kind = Type.Union(FLAG_KINDS.map((k) => Type.Literal(k)));
const Person = Type.Object({ id: Uuid, name: Type.String() });

const PerformanceQuery = Type.Object(
  { from: Type.Optional(Day), to: Type.Optional(Day), agency: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Agency code' })) },
  { additionalProperties: false },
);
const Performance = Type.Object({
  period: Type.Object({ from: Day, to: Day }),
  officers: Type.Array(
    Type.Object({
      officer: Person,
      agency: Type.Union([Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), nameEn: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
      itemsHandled: Type.Integer({ description: 'Distinct applications the officer decided a step of' }),
      decisions: Type.Integer(),
      onTimeShare: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'Decisions by the application’s service deadline / decisions on applications with one' }),
      averageHandlingHours: Type.Union([Type.Number(), Type.Null()], { description: 'Mean time a step waited for the decision' }),
      overdueItems: Type.Integer({ description: 'Steps the officer holds past their deadline, now' }),
    }),
  ),
  complaints: Type.Array(
    Type.Object({
      officer: Person,
      agency: Type.Union([Type.Object({ id: Uuid, code: Type.String(), name: Type.String(), nameEn: Type.Union([Type.String(), Type.Null()]) }), Type.Null()], { description: 'Null: the coordinator’s (no agency yet)' }),
      answered: Type.Integer({ description: 'Distinct complaints the officer answered in the period' }),
      onTimeShare: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'Answered by the resolution deadline / answered with one' }),
      averageHandlingHours: Type.Union([Type.Number(), Type.Null()], { description: 'Mean time from the forwarding to the agency to the answer' }),
      ratings: Type.Integer({ description: 'Reporters’ ratings of the complaints the officer answered' }),
      averageRating: Type.Union([Type.Number({ minimum: 1, maximum: 5 }), Type.Null()]),
      overdueItems: Type.Integer({ description: 'Complaints the officer took into follow-up that are past their deadline, now' }),
    }),
  ),
  informationRequests: Type.Union(
    [
      Type.Object({
        officers: Type.Array(
          Type.Object({
            officer: Person,
            decided: Type.Integer({ description: 'Public information requests the officer decided in the period' }),
            onTimeShare: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: 'Decided by the deadline / decided' }),
            averageHandlingHours: Type.Union([Type.Number(), Type.Null()], { description: 'Mean time from the receipt to the decision' }),
          }),
        ),
        overdueItems: Type.Integer({ description: 'Open requests past their deadline, now (the PPID desk’s, not one officer’s)' }),
      }),
      Type.Null(),
    ],
    { description: 'The PPID serves the whole tenant: tenant-wide viewers only, without an agency chosen' },
  ),
});
const Flag = Type.Object({
  id: Uuid,
  kind: Kind,
  officer: Type.Union([Person, Type.Null()]),
  applicationId: Type.Union([Uuid, Type.Null()]),
  invoiceId: Type.Union([Uuid, Type.Null()]),
  evidenceSeqs: Type.Array(Type.Integer(), { description: 'Audit sequence numbers' }),
  detail: Type.Object({}, { additionalProperties: true, description: 'The rule’s figures' }),
  detectedAt: DateTime,
  review: Type.Union([Type.Object({ at: DateTime, by: Person, note: Type.String() }), Type.Null()]),
});
const Evidence = Type.Object({
  seq: Type.Integer(),
  at: DateTime,
  actor: Type.String(),
  action: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  data: Type.Object({}, { additionalProperties: true }),
  actorKind: Type.Union([Type.Literal('officer'), Type.Literal('citizen'), Type.Literal('system')]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  leafHash: Type.String(),
  chainHash: Type.String(),
});
const FlagDetail = Type.Object({ ...Flag.properties, trackingNumber: Type.Union([Type.String(), Type.Null()]), evidence: Type.Array(Evidence) });
const FlagsQuery = Type.Object(
  {
    kind: Type.Optional(Kind),
    open: Type.Optional(Type.Boolean({ description: 'Only flags not yet reviewed' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Uuid });
const ReviewBody = Type.Object({ note: Type.String({ maxLength: NOTE_LIMIT }) }, { additionalProperties: false });
const KeysBody = Type.Object(
  { nik: Type.String({ maxLength: 32, description: 'The officer’s NIK; only its keyed hash is stored' }), kk: Type.Optional(Type.String({ maxLength: 32, description: 'Family card number; only its keyed hash is stored' })) },
  { additionalProperties: false },
);

const invalid = { 400: problem('Isian tidak sah / Invalid fields (field errors in `errors`)') };
const refused = { 403: problem('Bukan wewenang Anda / Not yours to see') };
const notFound = { 404: problem('Tanda tidak ditemukan / No such flag') };

export function viewerOf(request: FastifyRequest): Viewer {
  const p = request.principal;
  return p.kind === 'officer' ? { officerId: p.id, grants: p.grants } : { officerId: '', grants: [] };
}

const dump = (flag: Awaited<ReturnType<typeof getIrregularityFlag>>) => ({ ...flag, evidence: flag.evidence.map((e) => ({ ...e, at: e.at.toISOString() })) });

export function registerOversightRoutes(app: FastifyInstance) {
  app.get<{ Querystring: Static<typeof PerformanceQuery> }>(
    '/api/v1/oversight/performance',
    {
      config: { policy: 'oversight.performance' },
      schema: {
        tags,
        operationId: 'getOfficerPerformance',
        summary: 'Kinerja petugas / Officers’ figures for a period',
        description: 'Per officer and agency: items handled, decisions, on-time share, average handling time (decisions in the period), overdue items (now). An agency administrator sees their agency’s; auditors and the tenant administrator every agency’s.',
        querystring: PerformanceQuery,
        response: { 200: Performance, ...invalid, ...refused },
      },
    },
    async (request) => getOfficerPerformance(tenantContextOf(request), { viewer: viewerOf(request), ...request.query }),
  );

  app.get<{ Querystring: Static<typeof FlagsQuery> }>(
    '/api/v1/oversight/flags',
    {
      config: { policy: 'oversight.flags' },
      schema: { tags, operationId: 'listIrregularityFlags', summary: 'Tanda ketidakwajaran / Irregularity flags, newest first', querystring: FlagsQuery, response: { 200: Type.Object({ flags: Type.Array(Flag), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...invalid } },
    },
    async (request) => listIrregularityFlags(tenantContextOf(request), { ...request.query, limit: request.query.limit ?? 50 }),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/oversight/flags/:id',
    {
      config: { policy: 'oversight.flags' },
      schema: { tags, operationId: 'getIrregularityFlag', summary: 'Satu tanda dengan buktinya / One flag with its audit evidence', params: IdParams, response: { 200: FlagDetail, ...notFound } },
    },
    async (request) => dump(await getIrregularityFlag(tenantContextOf(request), request.params.id)),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof ReviewBody> }>(
    '/api/v1/oversight/flags/:id/review',
    {
      config: { policy: 'oversight.flags' },
      schema: {
        tags,
        operationId: 'reviewIrregularityFlag',
        summary: 'Tandai sudah diperiksa / Mark a flag reviewed with a note (audited)',
        params: IdParams,
        body: ReviewBody,
        response: { 200: Flag, ...invalid, ...notFound, 409: problem('Sudah diperiksa / Already reviewed') },
      },
    },
    async (request) => reviewIrregularityFlag(tenantContextOf(request), { id: request.params.id, note: request.body.note }),
  );

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof KeysBody> }>(
    '/api/v1/oversight/officers/:id/kinship-keys',
    {
      config: { policy: 'oversight.officer_keys' },
      schema: {
        tags,
        operationId: 'setOfficerKinshipKeys',
        summary: 'Kunci kekerabatan petugas / Set an officer’s NIK and KK keyed hashes (audited; the numbers are not stored)',
        params: IdParams,
        body: KeysBody,
        response: { 204: Type.Null(), ...invalid },
      },
    },
    async (request, reply) => {
      await setOfficerKinshipKeys(tenantContextOf(request), { officerId: request.params.id, nik: request.body.nik, kk: request.body.kk });
      return reply.code(204).send();
    },
  );
}
