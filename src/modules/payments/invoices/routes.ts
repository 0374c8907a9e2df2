// The invoices API: issue one for an application's payment step or again for one cancelled or expired
// (createInvoice: an officer who may issue at the agency, or its system with the API scope), read one
// (getInvoice: its payer or the agency's officers), cancel one with a reason.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problem } from '../../../platform/http/openapi.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { CHANNELS } from '../gateway.js';
import { paymentContext } from './context.js';
import { cancelInvoice, createInvoice, getInvoice, type InvoiceView } from './service.js';

const tags = ['payments'];
const Bilingual = Type.Object({ id: Type.String(), en: Type.String() });
const DateTime = Type.String({ format: 'date-time' });
const Channel = Type.Union(CHANNELS.map((c) => Type.Literal(c)));

export const InvoiceSchema = Type.Object(
  {
    number: Type.String({ description: 'TGH-XXXX-XXXX' }),
    status: Type.Union([Type.Literal('open'), Type.Literal('paid'), Type.Literal('expired'), Type.Literal('cancelled')]),
    amount: Type.Integer({ description: 'Integer rupiah' }),
    description: Bilingual,
    serviceName: Type.Union([Bilingual, Type.Null()], { description: 'The service paid for, as its version was published' }),
    trackingNumber: Type.Union([Type.String(), Type.Null()], { description: 'The tracking number of the application paid for' }),
    feeBasis: Type.Object({}, { additionalProperties: true, description: 'The fee rule and the quantity or table row it was applied to' }),
    applicationId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    agencyId: Type.String({ format: 'uuid' }),
    serviceId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    issuedAt: DateTime,
    expiresAt: DateTime,
    paidAt: Type.Union([DateTime, Type.Null()]),
    cancelReason: Type.Union([Type.String(), Type.Null()]),
    replaces: Type.Union([Type.String(), Type.Null()], { description: 'The invoice this one was issued again for' }),
    bills: Type.Array(
      Type.Object({
        channel: Channel,
        bankName: Type.Union([Type.String(), Type.Null()]),
        vaNumber: Type.Union([Type.String(), Type.Null()]),
        qrisPayload: Type.Union([Type.String(), Type.Null()], { description: 'EMVCo QRIS text (dynamic, with the amount)' }),
        checkoutUrl: Type.Union([Type.String(), Type.Null()]),
        expiresAt: DateTime,
      }),
    ),
    payment: Type.Union([Type.Object({ channel: Channel, gatewayRef: Type.String(), paidAt: DateTime }), Type.Null()]),
    history: Type.Array(Type.Object({ type: Type.String(), at: DateTime, detail: Type.Object({}, { additionalProperties: true }) })),
  },
  { $id: 'PaymentInvoice' },
);

const CreateBody = Type.Object(
  {
    applicationId: Type.Optional(Type.String({ format: 'uuid', description: 'An application waiting at a payment step' })),
    replaces: Type.Optional(Type.String({ maxLength: 40, description: 'Or: the number of a cancelled or expired invoice to issue again' })),
    amount: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000_000, description: 'Integer rupiah; default: the fee rule’s amount (or the replaced invoice’s)' })),
  },
  { additionalProperties: false },
);
const NumberParams = Type.Object({ number: Type.String({ maxLength: 40 }) });
const CancelBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false });

const shape = (v: InvoiceView) => v;

export function registerInvoiceRoutes(app: FastifyInstance, rt: ModuleRuntime) {
  app.post<{ Body: Static<typeof CreateBody> }>(
    '/api/v1/payments/invoices',
    {
      config: { policy: 'payments.issue' },
      schema: {
        tags,
        operationId: 'createInvoice',
        summary: 'Terbitkan tagihan / Issue an invoice for an application’s payment step, or again for a cancelled or expired one',
        body: CreateBody,
        response: {
          201: InvoiceSchema,
          404: problem('No such application or invoice'),
          409: problem('Not waiting for a payment, an unpaid invoice exists, the invoice cannot be issued again, or the fee is 0'),
          422: problem('Neither or both of applicationId and replaces; the fee cannot be computed without an amount'),
        },
      },
    },
    async (request, reply) => reply.code(201).send(shape(await createInvoice(paymentContext(request, rt), { principal: request.principal, ...request.body }))),
  );

  app.get<{ Params: Static<typeof NumberParams> }>(
    '/api/v1/payments/invoices/:number',
    {
      config: { policy: 'payments.view' },
      schema: {
        tags,
        operationId: 'getInvoice',
        summary: 'Tagihan / One invoice with the ways to pay it (its payer, or officers of its agency)',
        params: NumberParams,
        response: { 200: InvoiceSchema, 404: problem('No such invoice (another person’s or agency’s is a 404 too)') },
      },
    },
    async (request) => shape(await getInvoice(paymentContext(request, rt), { principal: request.principal, number: request.params.number })),
  );

  app.post<{ Params: Static<typeof NumberParams>; Body: Static<typeof CancelBody> }>(
    '/api/v1/payments/invoices/:number/cancellation',
    {
      config: { policy: 'payments.issue' },
      schema: {
        tags,
        operationId: 'cancelInvoice',
        summary: 'Batalkan tagihan / Cancel an open invoice, with a reason',
        params: NumberParams,
        body: CancelBody,
        response: { 200: InvoiceSchema, 404: problem('No such invoice'), 409: problem('The invoice is not open'), 422: problem('A reason is required') },
      },
    },
    async (request) => shape(await cancelInvoice(paymentContext(request, rt), { principal: request.principal, number: request.params.number, reason: request.body.reason })),
  );
}
