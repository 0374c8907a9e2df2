// The treasury's JSON API (issue 19): the report per agency, channel or day, the kas daerah export,
// refunds, and the daily reconciliation (list, one run with its differences, a re-run, a resolution).
// Reading is `payments.treasury` (treasurer, tenant admin, auditor); changing is `payments.refund`
// (the treasurer only — the auditor reads everything and changes nothing).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorRef } from '../../../platform/context.js';
import { withIdempotency } from '../../../platform/http/idempotency.js';
import { problem } from '../../../platform/http/openapi.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { type GatewayOf, getReconciliation, listReconciliations, rerunReconciliation, resolveMismatch } from './reconcile.js';
import { recordRefund } from './refunds.js';
import { exportLedgerCsv, getPaymentReport, resolveRange } from './reports.js';
import { agencyScopeOf } from './scope.js';

const tags = ['payments'];
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD, a business day in Western Indonesian Time (Asia/Jakarta)' });
const Range = Type.Object({
  from: Type.Optional(Type.String({ description: 'First day (YYYY-MM-DD, WIB); default the first of this month' })),
  to: Type.Optional(Type.String({ description: 'Last day, inclusive; default today. At most 366 days after `from`.' })),
});
const Rupiah = Type.Integer({ description: 'Integer rupiah' });
const Sums = { payments: Type.Integer(), received: Rupiah, credited: Rupiah, held: Rupiah, refunded: Rupiah };
const Report = Type.Object({
  from: Day,
  to: Day,
  groupBy: Type.Union([Type.Literal('agency'), Type.Literal('channel'), Type.Literal('day')]),
  rows: Type.Array(Type.Object({ key: Type.String({ description: 'Agency id, channel (va, qris, ewallet) or day' }), label: Type.String(), ...Sums })),
  totals: Type.Object(Sums),
});
const Run = Type.Object({
  id: Type.String({ format: 'uuid' }),
  gateway: Type.String(),
  businessDate: Day,
  ranAt: Type.String({ format: 'date-time' }),
  status: Type.Union([Type.Literal('clean'), Type.Literal('mismatches'), Type.Literal('failed')]),
  ledgerCount: Type.Integer(),
  ledgerAmount: Rupiah,
  reportCount: Type.Integer(),
  reportAmount: Rupiah,
  failure: Type.Union([Type.String(), Type.Null()]),
  items: Type.Integer({ description: 'Differences found' }),
  unresolved: Type.Integer(),
});
const Mismatch = Type.Object({
  seq: Type.Integer(),
  kind: Type.Union([Type.Literal('missing_in_ledger'), Type.Literal('missing_in_report'), Type.Literal('amount_differs')]),
  gatewayEventId: Type.String(),
  invoiceNumber: Type.Union([Type.String(), Type.Null()]),
  ledgerAmount: Type.Union([Rupiah, Type.Null()]),
  reportAmount: Type.Union([Rupiah, Type.Null()]),
  resolvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  resolution: Type.Union([Type.String(), Type.Null()]),
});
const RunId = Type.Object({ id: Type.String({ format: 'uuid' }) });
const ItemParams = Type.Object({ id: Type.String({ format: 'uuid' }), seq: Type.Integer({ minimum: 1, maximum: 1_000_000 }) });
const RefundBody = Type.Object(
  {
    entryId: Type.Optional(Type.String({ format: 'uuid', description: 'The ledger entry (credit or held) to refund' })),
    invoiceNumber: Type.Optional(Type.String({ maxLength: 40, description: 'Or a paid invoice’s number: its credit (else its held money)' })),
    reason: Type.Optional(Type.String({ maxLength: 500, description: 'Required for a credit; a held entry defaults to why it was held' })),
  },
  { additionalProperties: false },
);

/** The kas daerah CSV as a download (the API's and the page's: the same file). */
export async function sendLedgerCsv(request: FastifyRequest, reply: FastifyReply, query: { from?: string | undefined; to?: string | undefined }) {
  const ctx = tenantContextOf(request);
  const { range, csv } = await exportLedgerCsv(ctx, { from: query.from, to: query.to, scope: agencyScopeOf(request, 'payments.treasury') });
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="kas-${ctx.tenant.slug}-${range.from}-${range.to}.csv"`)
    .header('cache-control', 'no-store')
    .send(csv);
}

type RunOut = Static<typeof Run>;
const runOut = (r: { ranAt: Date } & Omit<RunOut, 'ranAt'>): RunOut => ({ ...r, ranAt: r.ranAt.toISOString() });

export function registerTreasuryRoutes(app: FastifyInstance, gatewayOf: GatewayOf): void {
  const read = { policy: 'payments.treasury' as const };
  const write = { policy: 'payments.refund' as const };

  app.get<{ Querystring: Static<typeof Range> & { groupBy?: 'agency' | 'channel' | 'day' } }>(
    '/api/v1/payments/reports',
    {
      config: read,
      schema: {
        operationId: 'getPaymentReport',
        tags,
        summary: 'Laporan penerimaan / Payments received per agency, channel or day',
        description: 'Received (credited + held), credited, held and refunded (positive) integer rupiah per group. A treasurer of one agency sees that agency only.',
        querystring: Type.Intersect([Range, Type.Object({ groupBy: Type.Optional(Type.Union([Type.Literal('agency'), Type.Literal('channel'), Type.Literal('day')])) })]),
        response: { 200: Report, 400: problem('Bad dates or range') },
      },
    },
    async (request) => {
      const r = await getPaymentReport(tenantContextOf(request), { ...request.query, scope: agencyScopeOf(request, 'payments.treasury') });
      return r;
    },
  );

  app.get<{ Querystring: Static<typeof Range> }>(
    '/api/v1/payments/reports/ledger.csv',
    {
      config: read,
      schema: {
        operationId: 'exportPaymentLedger',
        tags,
        summary: 'Ekspor kas daerah / The ledger for the regional treasury (CSV)',
        description:
          'RFC 4180, UTF-8, a header row, CRLF; one line per ledger entry: date, paid at (WIB), invoice number, agency, service, channel, gateway reference, amount (integer rupiah, refunds negative), kind, reason. Text a spreadsheet would run as a formula is prefixed with an apostrophe.',
        querystring: Range,
        produces: ['text/csv'],
        response: { 200: { content: { 'text/csv': { schema: Type.String() } } }, 400: problem('Bad dates or range') },
      },
    },
    (request, reply) => sendLedgerCsv(request, reply, request.query),
  );

  app.post<{ Body: Static<typeof RefundBody> }>(
    '/api/v1/payments/refunds',
    {
      config: write,
      schema: {
        operationId: 'recordPaymentRefund',
        tags,
        summary: 'Catat pengembalian / Record a refund',
        description:
          'A negative `refund` entry for a held or credited entry, once per entry (a second is 409). Name the entry or a paid invoice. Accepts `Idempotency-Key`: a retry with the same key gets the first answer.',
        body: RefundBody,
        response: {
          201: Type.Object({ id: Type.String({ format: 'uuid' }), refundOf: Type.String({ format: 'uuid' }), invoiceNumber: Type.String(), amount: Rupiah, reason: Type.String(), businessDate: Day }),
          400: problem('No entry named, or a credit without a reason'),
          404: problem('No such entry or paid invoice in your agency'),
          409: problem('Refunded already, or not money received'),
        },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      return withIdempotency(request, reply, {
        scope: `payments.refund:${ctx.tenant.id}:${actorRef(ctx.actor)}`,
        run: (db) => recordRefund({ ...ctx, db }, { ...request.body, scope: agencyScopeOf(request, 'payments.refund') }),
        respond: (body) => ({ status: 201, body }),
      });
    },
  );

  app.get<{ Querystring: Static<typeof Range> }>(
    '/api/v1/payments/reconciliations',
    {
      config: read,
      schema: {
        operationId: 'listPaymentReconciliations',
        tags,
        summary: 'Rekonsiliasi harian / Daily reconciliations',
        description: 'The newest run of each gateway and day in the range, newest day first.',
        querystring: Range,
        response: { 200: Type.Object({ runs: Type.Array(Run) }), 400: problem('Bad dates or range') },
      },
    },
    async (request) => {
      const ctx = tenantContextOf(request);
      const runs = await listReconciliations(ctx, resolveRange(ctx, request.query));
      return { runs: runs.map(runOut) };
    },
  );

  app.post<{ Body: { day: string } }>(
    '/api/v1/payments/reconciliations',
    {
      config: write,
      schema: {
        operationId: 'runPaymentReconciliation',
        tags,
        summary: 'Jalankan ulang rekonsiliasi / Run a day’s reconciliation again',
        description: 'Asks each gateway of the day for its settlement report again and records a new run (resolutions of the same differences carry over). Today cannot be reconciled yet.',
        body: Type.Object({ day: Type.String({ maxLength: 10 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ runs: Type.Array(Run) }), 400: problem('Not a past day') },
      },
    },
    async (request, reply) => {
      const runs = await rerunReconciliation(tenantContextOf(request), { day: request.body.day, gatewayOf });
      return reply.code(201).send({ runs: runs.map(runOut) });
    },
  );

  app.get<{ Params: Static<typeof RunId> }>(
    '/api/v1/payments/reconciliations/:id',
    {
      config: read,
      schema: {
        operationId: 'getPaymentReconciliation',
        tags,
        summary: 'Satu rekonsiliasi / One reconciliation run and its differences',
        params: RunId,
        response: { 200: Type.Object({ run: Run, items: Type.Array(Mismatch) }), 404: problem('No such run') },
      },
    },
    async (request) => {
      const { run, items } = await getReconciliation(tenantContextOf(request), request.params.id);
      return { run: runOut(run), items: items.map(({ resolvedBy: _by, ...i }) => ({ ...i, resolvedAt: i.resolvedAt?.toISOString() ?? null })) };
    },
  );

  app.post<{ Params: Static<typeof ItemParams>; Body: { note: string } }>(
    '/api/v1/payments/reconciliations/:id/items/:seq/resolution',
    {
      config: write,
      schema: {
        operationId: 'resolvePaymentMismatch',
        tags,
        summary: 'Selesaikan perbedaan / Resolve a difference with a note',
        params: ItemParams,
        body: Type.Object({ note: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), 400: problem('No note'), 404: problem('No such run'), 409: problem('No such difference, or resolved already') },
      },
    },
    async (request, reply) => {
      await resolveMismatch(tenantContextOf(request), { runId: request.params.id, seq: request.params.seq, note: request.body.note });
      return reply.code(204).send();
    },
  );
}
