// Starting a session after a successful sign-in step: the request's current session (if any) is
// revoked and a new one created (rotation), and the cookie set.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IdentityDeps } from './deps.js';
import { createSession, revokeSession, type SessionSubject, setSessionCookie } from './sessions.js';

export async function startSession(
  deps: IdentityDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  tenantId: string,
  subject: SessionSubject,
): Promise<void> {
  const now = deps.now();
  const current = request.principal;
  if ((current.kind === 'citizen' || current.kind === 'officer') && current.tenantId === tenantId) {
    await revokeSession(deps.db, tenantId, current.sessionId, now);
  }
  const session = await createSession(deps.db, tenantId, subject, now);
  setSessionCookie(reply, session, { secure: deps.secureCookies });
}
