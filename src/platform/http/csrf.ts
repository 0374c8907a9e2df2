// Cross-site request forgery protection for forms. A page puts `request.csrfToken()` in a hidden
// `_csrf` field; every POST/PUT/PATCH/DELETE whose body is a form (urlencoded or multipart) must carry
// a valid one — in the body, or for multipart forms in the `_csrf` query parameter of the action URL
// (the body is streamed to the handler later). The token is an HMAC bound to the session (or, before
// sign-in, to a random `csrf` cookie), so it changes when the session does. JSON requests are not
// checked: a cross-site form cannot send a JSON content type, and cookies are SameSite=Lax.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The token for the hidden `_csrf` field of this request's forms. */
    csrfToken(): string;
  }
  interface FastifyContextConfig {
    /** false: a machine endpoint that takes form bodies with its own credentials (e.g. Open311 api_key). */
    csrf?: false;
  }
}

export const CSRF_FIELD = '_csrf';
const ANON_COOKIE = 'csrf';
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CsrfOptions {
  key: Buffer;
  /** The session id of the request, if any (read after the session hook has run). */
  sessionIdOf: (request: FastifyRequest) => string | undefined;
  secureCookies: boolean;
}

function isFormRequest(request: FastifyRequest): boolean {
  const type = String(request.headers['content-type'] ?? '').toLowerCase();
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
}

/** The token of a signed-in session's forms (what `request.csrfToken()` gives while it is signed in). */
export function csrfTokenForSession(key: Buffer, sessionId: string): string {
  return createHmac('sha256', key).update(`s:${sessionId}`).digest('base64url');
}

export function registerCsrf(app: FastifyInstance, options: CsrfOptions): void {
  const tokenFor = (binding: string) =>
    createHmac('sha256', options.key).update(binding).digest('base64url');

  // Bindings minted during this request (no cookie yet), so several forms share one token and the
  // reply sets the cookie once.
  const minted = new WeakMap<FastifyRequest, string>();

  app.decorateRequest('csrfToken', function (this: FastifyRequest) {
    const sessionId = options.sessionIdOf(this);
    if (sessionId) return tokenFor(`s:${sessionId}`);
    let anon = minted.get(this) ?? this.cookies?.[ANON_COOKIE];
    if (!anon || !/^[A-Za-z0-9_-]{22,64}$/.test(anon)) {
      anon = randomBytes(18).toString('base64url');
      minted.set(this, anon);
    }
    return tokenFor(`a:${anon}`);
  });

  app.addHook('onSend', async (request, reply) => {
    const fresh = minted.get(request);
    if (fresh) {
      reply.setCookie(ANON_COOKIE, fresh, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: options.secureCookies,
      });
    }
  });

  app.addHook('preValidation', async (request) => {
    if (!WRITE_METHODS.has(request.method) || !isFormRequest(request)) return;
    if (request.routeOptions.config?.csrf === false) return;
    const body = request.body as Record<string, unknown> | undefined;
    const query = request.query as Record<string, unknown> | undefined;
    const sent = typeof body?.[CSRF_FIELD] === 'string' ? body[CSRF_FIELD] : query?.[CSRF_FIELD];
    const sessionId = options.sessionIdOf(request);
    const anon = request.cookies?.[ANON_COOKIE];
    const expected = sessionId ? tokenFor(`s:${sessionId}`) : anon ? tokenFor(`a:${anon}`) : undefined;
    if (typeof sent !== 'string' || !expected || !safeEqual(sent, expected)) {
      throw new DomainError('csrf.invalid', 403, 'error.csrf_invalid');
    }
  });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
