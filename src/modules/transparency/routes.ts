// The transparency JSON API: getPerformance, the public dashboard's figures for the tenant, an agency or
// a service and a period of whole months. Thin: parse, authorise (public), one service call.
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problem } from '../../platform/http/openapi.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { getPerformance } from './service.js';

const tags = ['transparency'];
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM, in the tenant’s zone' });
const Share = Type.Union([Type.Number({ description: 'Percent, 1 decimal' }), Type.Null()]);
const Grade = Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C'), Type.Literal('D'), Type.Null()]);
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);

const PerformanceQuery = Type.Object(
  {
    agency: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Agency code' })),
    service: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Service code (within `agency` when given)' })),
    from: Month,
    to: { ...Month, description: 'Last month, included; at most 12 months from `from`' },
  },
  { additionalProperties: false },
);

const PerformanceReply = Type.Object({
  from: Month,
  to: Month,
  agency: Type.Union([Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  service: Type.Union([
    Type.Object({
      code: Type.String(),
      name: Type.Object({ id: Type.String(), en: Type.Optional(Type.String()) }),
      completionDays: Type.Union([Type.Integer({ description: 'The published standard (jangka waktu), working days' }), Type.Null()]),
    }),
    Type.Null(),
  ]),
  refreshedAt: Type.Union([Type.String({ format: 'date-time', description: 'When the aggregates last took in changes (within 60 s of any change)' }), Type.Null()]),
  applications: Type.Object({
    received: Type.Integer(),
    completed: Type.Integer({ description: 'Closed with a decision in the period' }),
    withdrawn: Type.Integer(),
    inProgress: Type.Integer({ description: 'Open at the end of the period' }),
    deemedApproved: Type.Integer(),
    onTimeShare: Share,
    medianWorkingDays: Nullable(Type.Integer()),
    p90WorkingDays: Nullable(Type.Integer()),
    distribution: Type.Array(Type.Object({ workingDays: Type.Integer(), applications: Type.Integer() })),
  }),
  satisfaction: Type.Object({ ikm: Nullable(Type.Number()), grade: Grade, respondents: Type.Integer() }),
  complaints: Type.Object({
    received: Type.Integer(),
    verifiedOnTimeShare: Share,
    answeredOnTimeShare: Share,
    resolved: Type.Integer(),
    averageRating: Nullable(Type.Number()),
    ratings: Type.Integer(),
    topics: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.Union([Type.String(), Type.Null()]), complaints: Type.Integer() })),
  }),
  payments: Type.Object(
    { paid: Type.Integer({ description: 'Invoices paid (credited) in the period' }), amount: Type.Integer({ description: 'Rupiah credited (refunds not subtracted)' }) },
    { description: 'Payments collected, by the month the payer paid (agency and service scoped)' },
  ),
  activeUsers: Nullable(Type.Integer({ description: 'Distinct citizens who signed in during the period (tenant-wide only; from the audit chain)' })),
  responseTime: Type.Object(
    {
      requests: Type.Integer(),
      p95Ms: Nullable(Type.Integer({ description: 'The histogram bound (ms) the 95th percentile of server time falls within' })),
      p50Ms: Nullable(Type.Integer()),
    },
    { description: 'Server time of every request the installation answered (all tenants), from an hourly histogram' },
  ),
  information: Type.Union([
    Type.Object(
      {
        year: Type.Integer(),
        requests: Type.Integer(),
        answered: Type.Integer(),
        answeredOnTime: Type.Integer({ description: 'Decided by their deadline (the extended one, when extended)' }),
        answeredOnTimeShare: Share,
        averageWorkingDays: Nullable(Type.Number()),
      },
      { description: 'Tenant-wide only: the PPID statistics of the year of `to`' },
    ),
    Type.Null(),
  ]),
  availability: Type.Object({ checks: Type.Integer(), expected: Type.Integer(), share: Share }, { description: 'Minutes with a successful health check / minutes since the first check in the period' }),
  months: Type.Array(
    Type.Object({
      month: Month,
      received: Type.Integer(),
      completed: Type.Integer(),
      onTimeShare: Share,
      complaints: Type.Integer(),
      paid: Type.Integer(),
      amount: Type.Integer(),
      activeUsers: Nullable(Type.Integer()),
    }),
  ),
  agencies: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      nameEn: Type.Union([Type.String(), Type.Null()]),
      received: Type.Integer(),
      completed: Type.Integer(),
      onTimeShare: Share,
      ikm: Nullable(Type.Number()),
      grade: Grade,
      respondents: Type.Integer(),
    }),
    { description: 'The league table (tenant-wide only), best on-time share first' },
  ),
  areas: Type.Array(Type.Object({ cell: Type.String(), south: Type.Number(), west: Type.Number(), complaints: Type.Integer() }), { description: 'Complaints per 0.05° cell (south-west corner)' }),
});

export function registerTransparencyRoutes(app: FastifyInstance) {
  app.get<{ Querystring: Static<typeof PerformanceQuery> }>(
    '/api/v1/performance',
    {
      config: { policy: 'transparency.public' },
      schema: {
        tags,
        operationId: 'getPerformance',
        summary: 'Kinerja pelayanan suatu periode / Service performance of a period',
        description:
          'Tenant-wide, per agency or per service, for whole months: applications received, completed and in progress, completion time (median, 90th percentile) in working days, on-time share, deemed approvals, the satisfaction index, complaints, payments collected, active citizens, information requests answered on time, the app’s response time and availability. Read from aggregates refreshed every 30 s.',
        querystring: PerformanceQuery,
        response: {
          200: PerformanceReply,
          400: problem('Periode tidak sah / Invalid period'),
          404: problem('Instansi atau layanan tidak ditemukan / Unknown agency or service'),
        },
      },
    },
    async (request) => getPerformance(tenantContextOf(request), request.query),
  );
}
