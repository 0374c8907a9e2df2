// The endpoint gateways call when money arrives. No session: the adapter's signature over the raw body
// is the credential, so the body is kept as received beside the parsed one.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { problem } from '../../../platform/http/openapi.js';
import type { ModuleRuntime } from '../../../platform/module.js';
import { paymentContext } from '../invoices/context.js';
import { receivePaymentNotification } from './service.js';

const Params = Type.Object({ gateway: Type.String({ maxLength: 40, pattern: '^[a-z0-9_-]+$' }) });

export async function registerNotificationRoutes(app: FastifyInstance, rt: ModuleRuntime) {
  await app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      (request as FastifyRequest).rawBody = body as string;
      try {
        done(null, JSON.parse(body as string));
      } catch {
        const error = new Error('invalid JSON') as FastifyError;
        (error as { code: string }).code = 'FST_ERR_CTP_INVALID_JSON_BODY';
        error.statusCode = 400;
        done(error, undefined);
      }
    });
    scope.post<{ Params: Static<typeof Params> }>(
      '/api/v1/payments/notifications/:gateway',
      {
        config: { policy: 'payments.notify' },
        schema: {
          security: [],
          tags: ['payments'],
          operationId: 'receivePaymentNotification',
          summary: 'Notifikasi pembayaran dari gateway / A payment gateway’s notification that money arrived',
          description:
            'Authenticated by the gateway adapter, not a session. Sandbox: `X-Signature` = hex HMAC-SHA256(key, `X-Timestamp` + "." + raw body), ' +
            '`X-Timestamp` within ±5 minutes, `X-Event-Id` the payment event. The 200 answer means the notice is stored and queued (sandbox: `{ "outcome": "received" }`): ' +
            'a job then confirms the payment with the gateway’s status query and books it; a payment the gateway does not confirm is credited never and listed for the treasurer. ' +
            'Idempotent: the same event again gets the same answer and changes nothing; any order of delivery ends in the same books.',
          params: Params,
          body: Type.Object({}, { additionalProperties: true }),
          response: {
            200: Type.Object({}, { additionalProperties: true, description: 'The notice is stored and its booking queued; the gateway’s expected answer (sandbox: `{ outcome: "received" }`)' }),
            400: problem('The body cannot be read'),
            401: problem('Bad signature, or a timestamp outside ±5 minutes: nothing was written'),
            404: problem('Not this government’s gateway, or no such invoice: nothing was written'),
          },
        },
      },
      async (request, reply) => {
        const answer = await receivePaymentNotification(paymentContext(request, rt), {
          gateway: request.params.gateway,
          headers: request.headers,
          rawBody: Buffer.from(request.rawBody ?? '', 'utf8'),
        });
        if (answer.headers) void reply.headers(answer.headers);
        return reply.code(answer.status).send(answer.body);
      },
    );
  });
}
