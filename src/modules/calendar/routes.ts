// Public calendar API: the deadline N working days after a date (operationId addWorkingDays) and a
// year's holidays. Citizens and other systems use it; it is also how the calendar is checked.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { contextOf } from '../../platform/http/request-context.js';
import { computeDeadline, listTenantHolidays } from './service.js';

const TenantQuery = Type.Optional(
  Type.String({
    pattern: '^[a-z0-9][a-z0-9-]{1,62}$',
    description: 'Tenant slug (default: from host or /t/<slug>)',
  }),
);

const AddWorkingDaysQuery = Type.Object(
  {
    from: Type.String({
      description: 'Receipt date (YYYY-MM-DD, local to the tenant) or ISO 8601 date-time with offset',
      examples: ['2025-03-27', '2026-01-05T16:30:00Z'],
      pattern: '^\\d{4}-\\d{2}-\\d{2}([T ][0-9:.]+(Z|[+-]\\d{2}:?\\d{2})?)?$',
    }),
    days: Type.Integer({ minimum: 0, maximum: 366, description: 'Working days (hari kerja) to add' }),
    tenant: TenantQuery,
    lang: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

const Deadline = Type.Object({
  from: Type.String(),
  days: Type.Integer(),
  tenant: Type.Union([Type.String(), Type.Null()]),
  timeZone: Type.String({ examples: ['Asia/Jakarta'] }),
  receivedOn: Type.String({
    format: 'date',
    description: 'Day the receipt counts on (next working day if needed)',
  }),
  dueDate: Type.String({ format: 'date' }),
  dueAt: Type.String({ description: 'End of the due day in the tenant time zone (ISO 8601 with offset)' }),
  confirmed: Type.Boolean({
    description: 'False when a year involved has no SKB on file (weekends and fixed holidays only)',
  }),
});

const HolidaysQuery = Type.Object(
  {
    year: Type.Integer({ minimum: 1970, maximum: 2100 }),
    tenant: TenantQuery,
    lang: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

const Holidays = Type.Object({
  year: Type.Integer(),
  confirmed: Type.Boolean(),
  decree: Type.Optional(Type.String()),
  days: Type.Array(
    Type.Object({
      date: Type.String({ format: 'date' }),
      name: Type.String(),
      nameEn: Type.Optional(Type.String()),
      type: Type.String(),
      source: Type.String(),
    }),
  ),
});

export function registerCalendarRoutes(app: FastifyInstance) {
  app.get<{ Querystring: Static<typeof AddWorkingDaysQuery> }>(
    '/api/v1/calendar/working-days',
    {
      config: { policy: 'public', tenant: 'none' },
      schema: {
        security: [],
        operationId: 'addWorkingDays',
        tags: ['platform'],
        summary: 'Tenggat N hari kerja setelah tanggal penerimaan / Deadline N working days after receipt',
        querystring: AddWorkingDaysQuery,
        response: { 200: Deadline },
      },
    },
    async (request) => {
      const { from, days } = request.query;
      const result = await computeDeadline(contextOf(request).db, request.tenant, from, days);
      return { from, days, tenant: request.tenant?.slug ?? null, ...result };
    },
  );

  app.get<{ Querystring: Static<typeof HolidaysQuery> }>(
    '/api/v1/calendar/holidays',
    {
      config: { policy: 'public', tenant: 'none' },
      schema: {
        security: [],
        operationId: 'listHolidays',
        tags: ['platform'],
        summary: 'Hari libur nasional dan cuti bersama / National holidays and collective leave',
        querystring: HolidaysQuery,
        response: { 200: Holidays },
      },
    },
    async (request) => ({
      year: request.query.year,
      ...(await listTenantHolidays(contextOf(request).db, request.tenant, request.query.year)),
    }),
  );
}
