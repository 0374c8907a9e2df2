// Provider delivery callbacks: POST /api/v1/notifications/callbacks/{channel}, where an SMS/WhatsApp
// gateway or an e-mail provider's webhook reports { messageId, status, at, reason? }. Authenticated
// like payment callbacks (DOMAIN.md §6): X-Timestamp and X-Signature = hex HMAC-SHA256(secret,
// timestamp + "." + raw body), compared in constant time, refused outside ±5 minutes. Without
// NOTIFY_CALLBACK_SECRET the route does not exist (404).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { DomainError } from '../../platform/errors.js';
import { contextOf } from '../../platform/http/request-context.js';
import { reportDelivery } from './service.js';
import './strings.js';

/** How far X-Timestamp may be from the server's clock. */
export const CALLBACK_TOLERANCE_MS = 5 * 60_000;
/** Delivery reports per minute per client address (gateways report in bursts). */
const CALLBACKS_PER_MINUTE = 6000;

/** The signature a provider sends: hex HMAC-SHA256(secret, timestamp + "." + raw body). */
export function signCallback(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** X-Timestamp: Unix seconds, or ISO 8601 with an offset (BI-SNAP style). NaN when unreadable. */
function timestampMs(value: string): number {
  if (/^\d{9,11}$/.test(value)) return Number(value) * 1000;
  if (/^\d{4}-\d{2}-\d{2}T[0-9:.]+(Z|[+-]\d{2}:?\d{2})$/.test(value)) return Date.parse(value);
  return Number.NaN;
}

/** True when the signature and timestamp are good at `now` (ms since the epoch). Constant-time comparison of the MAC. */
export function verifyCallback(
  secret: string,
  headers: { timestamp: unknown; signature: unknown },
  rawBody: string,
  now: number,
): boolean {
  const { timestamp, signature } = headers;
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  const at = timestampMs(timestamp);
  if (!Number.isFinite(at) || Math.abs(now - at) > CALLBACK_TOLERANCE_MS) return false;
  if (!/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = Buffer.from(signCallback(secret, timestamp, rawBody), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

const Params = Type.Object({
  channel: Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('whatsapp')], {
    description: 'The channel whose provider reports',
  }),
});

const Headers = Type.Object({
  'x-timestamp': Type.String({ description: 'Unix seconds or ISO 8601 with offset; within ±5 minutes' }),
  'x-signature': Type.String({ description: 'hex HMAC-SHA256(secret, X-Timestamp + "." + raw body)' }),
});

const Body = Type.Object({
  messageId: Type.String({ minLength: 1, maxLength: 500, description: "The provider's message id" }),
  status: Type.Union([Type.Literal('delivered'), Type.Literal('failed'), Type.Literal('bounced')]),
  at: Type.String({ format: 'date-time', description: 'When it happened at the provider' }),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
});

const Result = Type.Object({
  messageId: Type.String(),
  status: Type.String({ description: 'The notification status after this report' }),
  changed: Type.Boolean({ description: 'False for a repeat or a report that cannot lower the state' }),
});

const ProblemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Type.Object({}, { additionalProperties: true }) } },
});

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

export async function registerNotificationRoutes(app: FastifyInstance, config: Pick<Config, 'notifyCallbackSecret'>): Promise<void> {
  const secret = config.notifyCallbackSecret;
  if (!secret) return;
  await app.register(async (scope) => {
    // The signature covers the exact bytes received: keep them beside the parsed body.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const raw = body as string;
      (request as FastifyRequest).rawBody = raw;
      try {
        done(null, JSON.parse(raw));
      } catch {
        const error = new Error('invalid JSON') as FastifyError;
        (error as { code: string }).code = 'FST_ERR_CTP_INVALID_JSON_BODY';
        error.statusCode = 400;
        done(error, undefined);
      }
    });

    scope.post<{ Params: Static<typeof Params>; Body: Static<typeof Body> }>(
      '/api/v1/notifications/callbacks/:channel',
      {
        // Anyone may call; the HMAC signature is the credential (checked in the handler).
        config: { policy: 'public', rateLimit: { max: CALLBACKS_PER_MINUTE, timeWindow: 60_000 } },
        schema: {
          security: [],
          operationId: 'reportNotificationDelivery',
          tags: ['notifications'],
          summary: 'Laporan pengiriman dari penyedia / Delivery report from a provider',
          description:
            'Called by an SMS/WhatsApp gateway or an e-mail provider. Authenticated by an HMAC, not a ' +
            'session: `X-Signature` = hex HMAC-SHA256(shared secret, `X-Timestamp` + "." + raw body), ' +
            'with `X-Timestamp` within ±5 minutes. Idempotent and order-independent: the state only ' +
            'moves up sent < delivered < failed < bounced.',
          params: Params,
          headers: Headers,
          body: Body,
          response: {
            200: Result,
            401: ProblemResponse('Bad signature or timestamp'),
            404: ProblemResponse('No sent notification has this message id on this channel'),
          },
        },
        preValidation: async (request) => {
          const ok = verifyCallback(
            secret,
            { timestamp: request.headers['x-timestamp'], signature: request.headers['x-signature'] },
            request.rawBody ?? '',
            contextOf(request).now().getTime(),
          );
          if (!ok) {
            throw new DomainError('notification.unauthenticated_callback', 401, 'error.notification.unauthenticated_callback');
          }
        },
      },
      async (request) => {
        const { messageId, status, at, reason } = request.body;
        const result = await reportDelivery(contextOf(request), { channel: request.params.channel, messageId, status, at: new Date(at), reason });
        return { messageId, ...result };
      },
    );
  });
}
