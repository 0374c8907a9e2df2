// What the identity module's routes and pages are given beside the request's context (contextOf /
// tenantContextOf: database, audit log, actor, language, clock): a few settings, and the carry that
// hands a POST's result to the page it redirects to.
import type { FastifyRequest } from 'fastify';
import type { Carry } from './carry.js';
import type { SessionCookieOptions } from './sessions.js';

export interface IdentityDeps {
  /** Secure cookies (production). */
  secureCookies: boolean;
  /** How the session cookie is set: secure, and the installation's parent domain (SESSION_COOKIE_DOMAIN). */
  sessionCookies: SessionCookieOptions;
  publicBaseUrl: string;
  env: 'development' | 'test' | 'production';
  carry: Carry;
}

/** The client address for throttling (Fastify's request.ip honours trustProxy in production). */
export function clientAddress(request: FastifyRequest): string {
  return request.ip || 'unknown';
}
