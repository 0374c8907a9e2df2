// Starting a session after a successful sign-in step: the request's current session (if any) is
// revoked and a new one created (rotation), and the cookie set.
//
// Sign-in services take a `SessionOpener` so that the rotation happens inside the transaction that
// also records the throttle outcome and the audit event: one commit per sign-in (docs/performance.md,
// decision 0018). The cookie is set only after that transaction committed.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Tx } from '../../db/index.js';
import type { TenantContext } from '../../platform/context.js';
import type { IdentityDeps } from './deps.js';
import { createSession, type NewSession, revokeSession, type SessionSubject, setSessionCookie } from './sessions.js';

/** Revokes the request's session (rotation) and creates the new one, in the caller's transaction. */
export type SessionOpener = (trx: Tx, subject: SessionSubject) => Promise<NewSession>;

export function sessionOpener(ctx: TenantContext, request: FastifyRequest): SessionOpener {
  const tenantId = ctx.tenant.id;
  const current = request.principal;
  const replaces = (current.kind === 'citizen' || current.kind === 'officer') && current.tenantId === tenantId ? current.sessionId : undefined;
  return async (trx, subject) => {
    const now = ctx.now();
    if (replaces) await revokeSession(trx, tenantId, replaces, now);
    return createSession(trx, tenantId, subject, now);
  };
}

/** Sets the cookie of a session created by a `SessionOpener` (after its transaction committed). */
export function sendSessionCookie(deps: Pick<IdentityDeps, 'sessionCookies'>, reply: FastifyReply, session: NewSession): void {
  setSessionCookie(reply, session, deps.sessionCookies);
}

/** Rotation in a transaction of its own, for steps whose service does not take an opener. */
export async function startSession(ctx: TenantContext, deps: Pick<IdentityDeps, 'sessionCookies'>, request: FastifyRequest, reply: FastifyReply, subject: SessionSubject): Promise<void> {
  const open = sessionOpener(ctx, request);
  const session = await ctx.db.transaction().execute((trx) => open(trx, subject));
  sendSessionCookie(deps, reply, session);
}
