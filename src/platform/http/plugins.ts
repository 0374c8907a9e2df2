// Cross-cutting HTTP behaviour: language, problem+json errors, security headers, body parsing,
// rate limits on writes, request metrics. Knows no module.
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import client from 'prom-client';
import { type Db, isDatabaseUnavailable } from '../../db/index.js';
import { DomainError, PROBLEM_CONTENT_TYPE, toProblem, validationError } from '../errors.js';
import { isLang, type Lang, negotiateLang } from '../i18n/index.js';
import { registerInputGuard } from './input-guard.js';
import { postgresRateLimitStore } from './rate-limit-store.js';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
  }
}

export interface HttpOptions {
  db: Db;
  rateLimitWritesPerMinute: number;
  /** Key for hashing client addresses in the rate-limit table (never store raw IP addresses). */
  rateLimitKey?: Buffer;
  /** Key for the idempotency records' hashes and seals (idempotency.ts). */
  idempotencyKey: Buffer;
  bodyLimitBytes: number;
  /** Extra origins images may come from (the map tile server), added to the CSP img-src. */
  imgSrcOrigins?: string[];
  /** Renders an HTML error page for page routes (provided by the web layer). */
  renderErrorPage?: (request: FastifyRequest, status: number, title: string, detail?: string) => string;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Retry-After of a request that failed because the database could not be reached: about how long
 * a restarted PostgreSQL (or a failover) takes to accept connections again.
 */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function isApiRequest(request: FastifyRequest): boolean {
  const url = request.url;
  return (
    url.startsWith('/api/') ||
    url.startsWith('/.well-known/') ||
    url === '/healthz' ||
    url === '/readyz' ||
    url === '/metrics' ||
    !(request.headers.accept ?? '').includes('text/html')
  );
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  error: DomainError,
  options: HttpOptions,
) {
  const problem = toProblem(error, request.lang, {
    instance: request.url.split('?')[0],
    requestId: request.id,
  });
  if (!isApiRequest(request) && options.renderErrorPage) {
    return reply
      .code(error.status)
      .type('text/html; charset=utf-8')
      .send(options.renderErrorPage(request, error.status, problem.title, problem.detail));
  }
  return reply.code(error.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** Maps Fastify's own errors (parsing, limits, validation) to our domain errors. */
export function toDomainError(request: FastifyRequest, error: FastifyError, bodyLimit: number): DomainError {
  if (error instanceof DomainError) return error;
  if (error.validation)
    return validationError(request.lang, error.validation as never, error.validationContext);
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return new DomainError('bad_url', 400, 'error.bad_url');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new DomainError('url_too_long', 414, 'error.url_too_long');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new DomainError('malformed_json', 400, 'error.malformed_json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new DomainError('body_too_large', 413, 'error.body_too_large', { limit: bodyLimit });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new DomainError('unsupported_media_type', 415, 'error.unsupported_media_type', {
        contentType: String(request.headers['content-type'] ?? '-'),
      });
  }
  if (error.statusCode === 429) {
    const seconds = Math.ceil(Number((error as { ttl?: number }).ttl ?? 60_000) / 1000);
    return new DomainError('rate_limited', 429, 'error.rate_limited', { seconds });
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new DomainError('bad_request', error.statusCode, 'error.validation');
  }
  if (isDatabaseUnavailable(error)) {
    return new DomainError('database_unavailable', 503, 'error.database_unavailable', { seconds: DATABASE_RETRY_AFTER_SECONDS });
  }
  return new DomainError('internal', 500, 'error.internal');
}

/**
 * Fastify's `frameworkErrors` option: the errors its router raises before any hook or route runs — a
 * path with malformed percent-encoding (`/complaints/%ZZ`), a path parameter over `maxParamLength` —
 * which it otherwise answers with its own JSON. Answered as problem+json like every other error; the
 * request has been through no hook (no tenant, session or page context), so not as an HTML page, and
 * the language comes from Accept-Language alone.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  request.lang = negotiateLang({ acceptLanguage: request.headers['accept-language'] });
  const problem = toProblem(toDomainError(request, error, 0), request.lang, { requestId: request.id });
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

const httpDuration = new client.Histogram({
  name: 'gerbang_http_request_duration_seconds',
  help: 'HTTP request duration by route and status class',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});

export async function registerHttpPlatform(app: FastifyInstance, options: HttpOptions): Promise<void> {
  app.decorateRequest('lang', 'id');
  app.decorate('idempotency', { db: options.db, secret: options.idempotencyKey });
  registerInputGuard(app);
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: options.bodyLimitBytes });
  // Bodies are JSON or forms (url-encoded, and multipart where a route takes files). Fastify's built-in
  // text/plain parser handed a JSON route a string, answered as a 400 "must be object"; without it a
  // text/plain body is the documented 415.
  app.removeContentTypeParser('text/plain');
  await app.register(compress, { threshold: 2048, encodings: ['br', 'gzip'] });
  // helmet's middleware, built once. (@fastify/helmet rebuilt it, CSP parsing included, on every
  // request, a visible share of every request's CPU in the complaints profile.) Only the headers matter
  // here; no route needs its own CSP or nonces.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', ...(options.imgSrcOrigins ?? [])],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Served over plain HTTP on localhost in development; a TLS proxy adds HSTS in production.
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
  });

  app.addHook('onRequest', async (request, reply) => {
    const query = request.query as Record<string, unknown> | undefined;
    request.lang = negotiateLang({
      query: query?.lang,
      cookie: request.cookies?.lang,
      // Pages are in Bahasa Indonesia until a person picks English; API clients may negotiate.
      acceptLanguage: isApiRequest(request) ? request.headers['accept-language'] : undefined,
    });
    // An explicit choice on a page is remembered for the next pages.
    if (isLang(query?.lang) && query.lang !== request.cookies?.lang && !isApiRequest(request)) {
      reply.setCookie('lang', query.lang, {
        path: '/',
        sameSite: 'lax',
        maxAge: 365 * 24 * 3600,
        httpOnly: true,
      });
    }
  });

  // Runs before the rate-limit plugin's own onRoute hook, which reads this config.
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.some((m) => WRITE_METHODS.has(m)) && route.config?.rateLimit === undefined) {
      route.config = {
        ...(route.config ?? {}),
        rateLimit: { max: options.rateLimitWritesPerMinute, timeWindow: 60_000 },
      };
    }
  });

  // Writes are rate limited per client address, with counters in PostgreSQL (shared by processes),
  // counted in memory first and written in batches (rate-limit-store.ts, decision 0020).
  const rateLimitStore = postgresRateLimitStore(options.db, options.rateLimitKey);
  app.addHook('onClose', () => rateLimitStore.close());
  await app.register(rateLimit, {
    global: false,
    max: options.rateLimitWritesPerMinute,
    timeWindow: 60_000,
    store: rateLimitStore as never,
    errorResponseBuilder: (_request, context) => {
      const error = new Error('rate limited') as FastifyError & { ttl: number };
      error.statusCode = 429;
      error.ttl = context.ttl;
      return error;
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    httpDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: `${Math.floor(reply.statusCode / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const domainError = toDomainError(request, error, options.bodyLimitBytes);
    if (domainError.code === 'database_unavailable') {
      // An outage, not a bug: one line per request, no stack, and the client is told when to retry.
      request.log.warn({ reason: error.message, pgCode: error.code }, 'database unavailable');
      reply.header('retry-after', String(domainError.vars.seconds));
    } else if (domainError.status >= 500) request.log.error({ err: error }, 'request failed');
    else if (domainError.status === 429) reply.header('retry-after', String(domainError.vars.seconds ?? 60));
    return sendProblem(request, reply, domainError, options);
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, new DomainError('not_found', 404, 'error.not_found'), options),
  );
}
