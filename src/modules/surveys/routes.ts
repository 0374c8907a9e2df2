// The surveys JSON API: the applicant's response (submitSurveyResponse), the public index (getIkm), the
// administrator's CSV import (importSurveyResponses), an agency's follow-up of a period
// (recordSurveyFollowUp), and the counter's kiosk codes (issueSurveyKioskCode,
// submitKioskSurveyResponse). Thin: parse, authorise (the route's policy, and the agency where the
// grant is an agency's), one service call.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problem } from '../../platform/http/openapi.js';
import { authorize } from '../../platform/auth/index.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { FOLLOW_UP_MAX, findSurveyAgency, recordSurveyFollowUp } from './follow-ups.js';
import { findKioskService, issueKioskCode, submitKioskResponse } from './kiosk.js';
import { PERIODS } from './periods.js';
import { TOPICS } from './topics.js';
import { DEMOGRAPHICS, SUGGESTION_MAX } from './answers.js';
import { ELEMENTS } from './ikm.js';
import { importSurveyResponses } from './import.js';
import { getIkm, submitSurveyResponse } from './service.js';

const tags = ['surveys'];

const Score = Type.Integer({ minimum: 1, maximum: 4, description: '1 (worst) to 4 (best), the official labels of PermenPANRB 14/2017' });
const Answers = Type.Object(Object.fromEntries(ELEMENTS.map((k) => [k, Score])) as Record<(typeof ELEMENTS)[number], typeof Score>, {
  additionalProperties: false,
  description: 'All nine elements, by stable key (an incomplete questionnaire is refused)',
});
const choice = (values: readonly string[]) => Type.Union([Type.Union(values.map((v) => Type.Literal(v))), Type.Null()]);
const Demographics = Type.Object(
  { sex: Type.Optional(choice(DEMOGRAPHICS.sex)), age_band: Type.Optional(choice(DEMOGRAPHICS.age_band)), education: Type.Optional(choice(DEMOGRAPHICS.education)), occupation: Type.Optional(choice(DEMOGRAPHICS.occupation)) },
  { additionalProperties: false },
);

const ResponseBody = Type.Object(
  {
    applicationId: Type.String({ format: 'uuid', description: 'The respondent’s own closed application' }),
    answers: Answers,
    demographics: Type.Optional(Demographics),
    suggestion: Type.Optional(Type.Union([Type.String({ maxLength: SUGGESTION_MAX }), Type.Null()])),
  },
  { additionalProperties: false },
);

const Grade = Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('D')]);
const IkmQuery = Type.Object(
  {
    agency: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Agency code' })),
    service: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Service code (within `agency` when given)' })),
    from: Type.String({ format: 'date', description: 'First day, in the tenant’s zone' }),
    to: Type.String({ format: 'date', description: 'Last day, included; at most 366 days after `from`' }),
  },
  { additionalProperties: false },
);
const Ikm = Type.Object({
  from: Type.String({ format: 'date' }),
  to: Type.String({ format: 'date' }),
  agency: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  service: Type.Union([Type.Object({ code: Type.String(), name: Type.Object({ id: Type.String(), en: Type.Optional(Type.String()) }) }), Type.Null()]),
  ikm: Type.Union([Type.Number({ description: '25–100, rounded half up to 2 decimals' }), Type.Null()]),
  grade: Type.Union([Grade, Type.Null()]),
  respondents: Type.Integer(),
  nrr: Type.Object(Object.fromEntries(ELEMENTS.map((k) => [k, Type.Optional(Type.Number())])), { description: 'Per element: average score 1–4 (2 decimals); empty without respondents' }),
  elements: Type.Array(Type.Object({ key: Type.String(), nrr: Type.Number(), index: Type.Number(), grade: Grade })),
  weakest: Type.Array(Type.String()),
  sample: Type.Object({
    previousFrom: Type.String({ format: 'date' }),
    previousTo: Type.String({ format: 'date' }),
    population: Type.Integer({ description: 'Service users (applications closed) in the previous period of the same length' }),
    minimum: Type.Union([Type.Integer({ description: 'Krejcie–Morgan minimum sample' }), Type.Null()]),
    reached: Type.Union([Type.Boolean(), Type.Null()]),
  }),
  topics: Type.Array(
    Type.Object({
      topic: Type.Union(TOPICS.map((k) => Type.Literal(k))),
      count: Type.Integer(),
      latest: Type.Array(Type.Object({ text: Type.String(), day: Type.String({ format: 'date' }) })),
    }),
    { description: 'Suggestions grouped by the element their respondent rated lowest (exactly one lowest), else `umum`; largest first, each with its latest three' },
  ),
  followUps: Type.Array(Type.Object({ agency: Type.Object({ code: Type.String(), name: Type.String() }), text: Type.String(), recordedAt: Type.String({ format: 'date-time' }) }), {
    description: 'The follow-up each agency recorded for exactly this period (from–to a year, semester or quarter)',
  }),
});

const FollowUpBody = Type.Object(
  {
    agency: Type.String({ minLength: 1, maxLength: 64, description: 'Agency code' }),
    year: Type.Integer({ minimum: 2000, maximum: 9999 }),
    period: Type.Union(PERIODS.map((p) => Type.Literal(p)), { description: 'year, s1, s2 (semesters), q1–q4 (quarters)' }),
    text: Type.String({ minLength: 1, maxLength: FOLLOW_UP_MAX }),
  },
  { additionalProperties: false },
);

const KioskCodeBody = Type.Object({ serviceId: Type.String({ format: 'uuid', description: 'The published service the visitor received' }) }, { additionalProperties: false });
const KioskResponseBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 40, description: 'The code printed on the receipt (SKM-XXXX-XXXX)' }),
    answers: Answers,
    demographics: Type.Optional(Demographics),
    suggestion: Type.Optional(Type.Union([Type.String({ maxLength: SUGGESTION_MAX }), Type.Null()])),
  },
  { additionalProperties: false },
);

const ImportBody = Type.Object(
  {
    csv: Type.String({ minLength: 1, description: 'Header submitted_at, service_code, persyaratan … sarana (DOMAIN.md §2 keys), then optional sex, age_band, education, occupation, suggestion' }),
    source: Type.String({ minLength: 1, maxLength: 200, description: 'Where the results come from (a paper survey, a file name): kept on every response' }),
  },
  { additionalProperties: false },
);
/** Tens of thousands of paper responses a year fit well within this. */
const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

export function registerSurveyRoutes(app: FastifyInstance) {
  app.post<{ Body: Static<typeof ImportBody> }>(
    '/api/v1/surveys/imports',
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { policy: 'surveys.import' },
      schema: {
        tags,
        operationId: 'importSurveyResponses',
        summary: 'Impor hasil survei kertas atau sistem lama dari CSV / Import paper or legacy survey results from CSV',
        description: 'All or nothing: every line with a missing or out-of-range answer, an unknown service or date is listed by line number (`errors[].field` = `/csv/<line>`) and nothing is imported until the file is clean.',
        body: ImportBody,
        response: {
          201: Type.Object({ imported: Type.Integer() }),
          400: problem('Baris tidak sah; tidak ada yang diimpor / Invalid lines; nothing imported'),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await importSurveyResponses(tenantContextOf(request), request.body)),
  );

  app.post<{ Body: Static<typeof ResponseBody> }>(
    '/api/v1/surveys/responses',
    {
      config: { policy: 'surveys.respond' },
      schema: {
        tags,
        operationId: 'submitSurveyResponse',
        summary: 'Isi survei kepuasan permohonan yang selesai / Answer the satisfaction survey of a completed application',
        description: 'One response per application, all nine elements 1–4; demographics and suggestion optional. The response is anonymous: it adds to the index, never shown with a name.',
        body: ResponseBody,
        response: {
          201: Type.Object({ id: Type.String({ format: 'uuid' }), submittedAt: Type.String({ format: 'date-time' }) }),
          400: problem('Jawaban tidak lengkap atau di luar 1–4 / An element missing or outside 1–4'),
          404: problem('Bukan permohonan Anda yang selesai / Not your completed application'),
          409: problem('Survei permohonan ini sudah diisi / Already answered'),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await submitSurveyResponse(tenantContextOf(request), request.body)),
  );

  app.get<{ Querystring: Static<typeof IkmQuery> }>(
    '/api/v1/surveys/ikm',
    {
      config: { policy: 'surveys.public' },
      schema: {
        tags,
        operationId: 'getIkm',
        summary: 'Indeks Kepuasan Masyarakat suatu periode / The satisfaction index of a period',
        description: 'Per agency and/or service, or tenant-wide: IKM with its grade (DOMAIN.md §2), respondents, per-element NRR, weakest elements and the Krejcie–Morgan minimum sample. Read from daily aggregates.',
        querystring: IkmQuery,
        response: {
          200: Ikm,
          400: problem('Periode tidak sah / Invalid period'),
          404: problem('Instansi atau layanan tidak ditemukan / Unknown agency or service'),
        },
      },
    },
    async (request) => {
      const report = await getIkm(tenantContextOf(request), request.query);
      return { ...report, nrr: Object.fromEntries(report.elements.map((e) => [e.key, e.nrr])) };
    },
  );

  app.put<{ Body: Static<typeof FollowUpBody> }>(
    '/api/v1/surveys/follow-ups',
    {
      config: { policy: 'surveys.follow_up' },
      schema: {
        tags,
        operationId: 'recordSurveyFollowUp',
        summary: 'Catat tindak lanjut hasil survei suatu periode / Record the follow-up of a period’s results',
        description: 'One text per agency and period, replaced when recorded again; audited; shown by getIkm and the public page for the same period. The agency’s administrator or the tenant’s.',
        body: FollowUpBody,
        response: {
          200: Type.Object({ from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }), recordedAt: Type.String({ format: 'date-time' }) }),
          400: problem('Periode atau teks tidak sah / Invalid period or text'),
          403: problem('Bukan instansi Anda / Not your agency'),
          404: problem('Instansi tidak ditemukan / Unknown agency'),
        },
      },
    },
    async (request) => {
      const ctx = tenantContextOf(request);
      const agency = await findSurveyAgency(ctx, request.body.agency);
      authorize(request, 'surveys.follow_up', { agencyId: agency.id });
      return recordSurveyFollowUp(ctx, { agencyId: agency.id, year: request.body.year, period: request.body.period, text: request.body.text });
    },
  );

  app.post<{ Body: Static<typeof KioskCodeBody> }>(
    '/api/v1/surveys/kiosk-codes',
    {
      config: { policy: 'surveys.kiosk_issue' },
      schema: {
        tags,
        operationId: 'issueSurveyKioskCode',
        summary: 'Buat kode survei sekali pakai untuk pengunjung loket / A one-time survey code for a counter visitor',
        description: 'Printed on the visitor’s receipt; answers once at the kiosk (submitKioskSurveyResponse) within 7 days. Counts the visitor as a service user of the day.',
        body: KioskCodeBody,
        response: {
          201: Type.Object({
            code: Type.String(),
            service: Type.Object({ code: Type.String(), name: Type.Object({ id: Type.String(), en: Type.Optional(Type.String()) }), agency: Type.Object({ code: Type.String(), name: Type.String() }) }),
            issuedAt: Type.String({ format: 'date-time' }),
            expiresAt: Type.String({ format: 'date-time' }),
          }),
          403: problem('Bukan layanan instansi Anda / Not your agency’s service'),
          404: problem('Layanan tidak ditemukan / Unknown service'),
        },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const service = await findKioskService(ctx, request.body.serviceId);
      authorize(request, 'surveys.kiosk_issue', { agencyId: service.agency.id });
      return reply.code(201).send(await issueKioskCode(ctx, service));
    },
  );

  app.post<{ Body: Static<typeof KioskResponseBody> }>(
    '/api/v1/surveys/kiosk-responses',
    {
      config: { policy: 'surveys.kiosk' },
      schema: {
        tags,
        operationId: 'submitKioskSurveyResponse',
        summary: 'Isi survei di kios dengan kode dari tanda terima / Answer at the kiosk with the receipt’s code',
        description: 'Anonymous: the code is the permission. Once per code (409), before it expires (410); all nine elements 1–4.',
        body: KioskResponseBody,
        response: {
          201: Type.Object({ id: Type.String({ format: 'uuid' }), submittedAt: Type.String({ format: 'date-time' }) }),
          400: problem('Jawaban tidak lengkap atau di luar 1–4 / An element missing or outside 1–4'),
          404: problem('Kode tidak dikenal / Unknown code'),
          409: problem('Kode sudah dipakai / Code already answered'),
          410: problem('Kode kedaluwarsa / Code expired'),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await submitKioskResponse(tenantContextOf(request), request.body)),
  );
}
