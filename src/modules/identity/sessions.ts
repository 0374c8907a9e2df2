// Server-side sessions (ARCHITECTURE.md "auth"). The cookie carries 32 random bytes; the database
// keeps only their SHA-256, so a leaked table opens no session. A session ends after 30 minutes
// without a request or 12 hours after sign-in, whichever comes first, or when revoked (sign out,
// sign out everywhere). Sign-in always creates a new session (rotation): a token planted before
// sign-in never becomes a signed-in one.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DbOrTx } from '../../db/index.js';
import { ANONYMOUS, type Assurance, type Principal } from '../../platform/auth/index.js';
import {
  insertSession,
  revokeSessionRow,
  revokeSubjectSessions,
  selectActiveOfficerGrants,
  selectCitizenAssurance,
  selectLiveSession,
  touchSession,
  updateSessionSecondFactor,
} from './store.js';

export const SESSION_COOKIE = 'gerbang_session';
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
/** last_seen_at is written at most this often per session (one UPDATE a minute, not per request). */
const TOUCH_EVERY_MS = 60_000;

export interface SessionSubject {
  kind: 'citizen' | 'officer';
  id: string;
  /** The officer acting for a citizen (assisted digital), recorded on the session. */
  assistedBy?: string | null;
  /** Officers: the second factor was checked for this session. */
  secondFactor?: boolean;
}

export interface NewSession {
  /** For the cookie only; never stored. */
  token: string;
  id: string;
  expiresAt: Date;
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(
  db: DbOrTx,
  tenantId: string,
  subject: SessionSubject,
  now: Date,
): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const id = sessionIdOf(token);
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
  await insertSession(db, tenantId, {
    id,
    subjectKind: subject.kind,
    subjectId: subject.id,
    assistedBy: subject.assistedBy ?? null,
    secondFactor: subject.secondFactor ?? false,
    createdAt: now,
    expiresAt,
  });
  return { token, id, expiresAt };
}

/**
 * The principal a session token stands for, or anonymous. An officer whose session has not passed
 * the second factor gets no grants (only "any signed-in officer" routes, e.g. enrolment, let them in).
 */
export async function resolveSession(
  db: DbOrTx,
  tenantId: string,
  token: string,
  now: Date,
): Promise<Principal> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return ANONYMOUS;
  const id = sessionIdOf(token);
  const session = await selectLiveSession(db, tenantId, id, now, new Date(now.getTime() - SESSION_IDLE_MS));
  if (!session) return ANONYMOUS;
  let principal: Principal = ANONYMOUS;
  if (session.subjectKind === 'citizen') {
    const citizen = await selectCitizenAssurance(db, tenantId, session.subjectId);
    if (citizen && (citizen.status === 'active' || citizen.status === 'pending')) {
      principal = {
        kind: 'citizen',
        id: session.subjectId,
        tenantId,
        assurance: citizen.assurance,
        sessionId: id,
        assistedBy: session.assistedBy,
      };
    }
  } else {
    const grants = await selectActiveOfficerGrants(db, tenantId, session.subjectId);
    if (grants) {
      principal = {
        kind: 'officer',
        id: session.subjectId,
        tenantId,
        grants: session.secondFactor ? grants : [],
        sessionId: id,
      };
    }
  }
  if (principal.kind !== 'anonymous' && now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await touchSession(db, tenantId, id, now);
  }
  return principal;
}

export function markSecondFactor(db: DbOrTx, tenantId: string, sessionId: string): Promise<void> {
  return updateSessionSecondFactor(db, tenantId, sessionId);
}

export async function revokeSession(db: DbOrTx, tenantId: string, sessionId: string, now: Date): Promise<void> {
  await revokeSessionRow(db, tenantId, sessionId, now);
}

/** "Sign out everywhere": every session of the person, this one included. Returns how many. */
export function revokeAllSessions(
  db: DbOrTx,
  tenantId: string,
  subject: { kind: 'citizen' | 'officer'; id: string },
  now: Date,
): Promise<number> {
  return revokeSubjectSessions(db, tenantId, subject, now);
}

export interface SessionCookieOptions {
  /** Secure cookies; browsers accept them on http://localhost too. */
  secure: boolean;
}

export function setSessionCookie(reply: FastifyReply, session: NewSession, options: SessionCookieOptions): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    secure: options.secure,
    sameSite: 'lax',
    // Browser-session cookie: the server enforces idle and absolute expiry.
  });
}

export function clearSessionCookie(reply: FastifyReply, options: SessionCookieOptions): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: options.secure, sameSite: 'lax' });
}

/** Fills request.principal from the session cookie, for the request's tenant only. */
export function registerSessionHook(app: FastifyInstance, deps: { db: DbOrTx; now: () => Date }): void {
  const { now } = deps;
  app.addHook('onRequest', async (request: FastifyRequest) => {
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token || !request.tenant) return;
    request.principal = await resolveSession(deps.db, request.tenant.id, token, now());
  });
}

/** An active citizen's level of assurance, or undefined (unknown, pending, disabled, erased). */
export async function citizenStanding(db: DbOrTx, tenantId: string, citizenId: string): Promise<{ assurance: Assurance } | undefined> {
  const citizen = await selectCitizenAssurance(db, tenantId, citizenId);
  return citizen?.status === 'active' ? { assurance: citizen.assurance } : undefined;
}
