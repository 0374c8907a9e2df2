// Server-side sessions (ARCHITECTURE.md "auth"). The cookie carries 32 random bytes; the database
// keeps only their SHA-256, so a leaked table opens no session. A session ends after 30 minutes
// without a request or 12 hours after sign-in, whichever comes first, or when revoked (sign out,
// sign out everywhere). Sign-in always creates a new session (rotation): a token planted before
// sign-in never becomes a signed-in one.
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type DbOrTx, withInstallationScope } from '../../db/index.js';
import { createKeyedBatcher, type KeyedBatcher } from '../../platform/batch.js';
import { ANONYMOUS, type Assurance, type Principal } from '../../platform/auth/index.js';
import {
  insertCitizenLink,
  insertSession,
  type LiveSession,
  revokeSessionRow,
  revokeSubjectSessions,
  selectActiveOfficerGrants,
  selectCitizenAssurance,
  selectCitizenRegion,
  selectFormerCitizenId,
  selectLiveSession,
  selectLiveSessionsWithStanding,
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
 * The principal a session token stands for, or anonymous. A citizen's session counts on every tenant
 * of the installation (one sign-in; the first signed-in visit links the person to the tenant); an
 * officer's only on its own tenant, and without the second factor it carries no grants (only "any
 * signed-in officer" routes, e.g. enrolment, let them in).
 */
export async function resolveSession(
  db: DbOrTx,
  tenantId: string,
  token: string,
  now: Date,
): Promise<Principal> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return ANONYMOUS;
  const id = sessionIdOf(token);
  const found = await lookUp(db, tenantId, id, now);
  // An officer's session, or one an officer opened for a citizen at a counter: its own tenant only.
  const foreign = found && found.session.tenantId !== tenantId && (found.session.subjectKind !== 'citizen' || found.session.assistedBy);
  const session = foreign ? undefined : found?.session;
  const standing = session?.subjectKind === 'citizen' ? found?.citizen : undefined;
  const citizen = standing && (standing.status === 'active' || standing.status === 'pending') ? standing : undefined;
  if (session && citizen) {
    // The first visit links the person to this tenant; the session is seen again at most every
    // TOUCH_EVERY_MS. Most requests do neither: their look-up was the one round trip above.
    const link = !citizen.linked;
    const touch = now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS;
    if (link || touch) {
      await withInstallationScope(db, tenantId, async (trx) => {
        if (link) await insertCitizenLink(trx, tenantId, session.subjectId, now);
        if (touch) await touchSession(trx, tenantId, id, now);
      });
    }
  }
  if (!session) return ANONYMOUS;
  if (session.subjectKind === 'citizen') {
    if (!citizen) return ANONYMOUS;
    return { kind: 'citizen', id: session.subjectId, tenantId, assurance: citizen.assurance, sessionId: id, assistedBy: session.assistedBy };
  }
  const grants = await selectActiveOfficerGrants(db, tenantId, session.subjectId);
  if (!grants) return ANONYMOUS;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await withInstallationScope(db, tenantId, (trx) => touchSession(trx, tenantId, id, now));
  }
  return { kind: 'officer', id: session.subjectId, tenantId, grants: session.secondFactor ? grants : [], sessionId: id };
}

// ---- the look-ups of requests that arrive together, in one statement ----
// Every signed-in request reads its session. Under load, the reads of the requests that arrive while
// one is being made go together into the next (src/platform/batch.ts, as the write paths' group
// commit): one statement for their ids, each request still reading after it arrived, with its own clock
// for the idle and absolute limits. Alone, a read is made at once (no added wait).

interface LookUp {
  id: string;
  now: Date;
}
/** Reads are not held back: two may be in flight per tenant, the second as soon as 2 wait. */
const LOOK_UP_BATCHING = { concurrency: 2, minBatchWhileBusy: 2, maxBatch: 64 };
const lookUps = new WeakMap<DbOrTx, KeyedBatcher<string, LookUp, LiveSession | null>>();

function lookUp(db: DbOrTx, tenantId: string, id: string, now: Date): Promise<LiveSession | undefined> {
  if (db.isTransaction) return readLookUps(db, tenantId, [{ id, now }]).then(([found]) => found ?? undefined);
  let batcher = lookUps.get(db);
  if (!batcher) lookUps.set(db, (batcher = createKeyedBatcher((key, items) => readLookUps(db, key, items), LOOK_UP_BATCHING)));
  return batcher.submit(tenantId, { id, now }).then((found) => found ?? undefined);
}

/** One read for the batch, bounded by its earliest clock; each look-up then judged by its own. */
async function readLookUps(db: DbOrTx, tenantId: string, items: readonly LookUp[]): Promise<Array<LiveSession | null>> {
  const earliest = new Date(Math.min(...items.map((item) => item.now.getTime())));
  const found = await selectLiveSessionsWithStanding(db, tenantId, [...new Set(items.map((item) => item.id))], earliest, new Date(earliest.getTime() - SESSION_IDLE_MS));
  return items.map(({ id, now }) => {
    const one = found.get(id);
    const live = one && one.session.expiresAt.getTime() > now.getTime() && one.session.lastSeenAt.getTime() > now.getTime() - SESSION_IDLE_MS;
    return live ? one : null;
  });
}

/**
 * The home region of the citizen a session cookie signs in, read and nothing else (no link to a
 * tenant, no touch): for the portal root, which belongs to no tenant and so resolves no principal.
 * `contextTenantId` is any tenant of the installation: a citizen's session counts on every one.
 */
export async function sessionHomeRegion(db: DbOrTx, contextTenantId: string, token: string, now: Date): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return withInstallationScope(db, contextTenantId, async (trx) => {
    const session = await selectLiveSession(trx, contextTenantId, sessionIdOf(token), now, new Date(now.getTime() - SESSION_IDLE_MS));
    if (!session || session.subjectKind !== 'citizen' || session.assistedBy) return undefined;
    return selectCitizenRegion(trx, session.subjectId);
  });
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
  /**
   * The installation's parent domain (SESSION_COOKIE_DOMAIN), when tenants have host names of their
   * own under it (makassar.gerbang.go.id, sulsel.gerbang.go.id): the cookie is set for the domain, so
   * one sign-in counts on every host under it. A request to a host outside it gets a host-only cookie.
   */
  parentDomain?: string;
}

/** The cookie's Domain for this request: the parent domain when the host is under it. */
export function sessionCookieDomain(hostname: string, parentDomain: string | undefined): string | undefined {
  if (!parentDomain) return undefined;
  const host = hostname.toLowerCase();
  return host === parentDomain || host.endsWith(`.${parentDomain}`) ? parentDomain : undefined;
}

/** One cookie with path `/`: the `/t/<slug>/` prefixes of every tenant on the host share it. */
export function setSessionCookie(reply: FastifyReply, session: NewSession, options: SessionCookieOptions): void {
  const domain = sessionCookieDomain(reply.request.hostname, options.parentDomain);
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    secure: options.secure,
    sameSite: 'lax',
    ...(domain ? { domain } : {}),
    // Browser-session cookie: the server enforces idle and absolute expiry.
  });
}

export function clearSessionCookie(reply: FastifyReply, options: SessionCookieOptions): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: options.secure, sameSite: 'lax' });
  const domain = sessionCookieDomain(reply.request.hostname, options.parentDomain);
  if (domain) reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: options.secure, sameSite: 'lax', domain });
}

/** Fills request.principal from the session cookie: a citizen on any tenant, an officer on their own. */
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

/**
 * The id that stands for a citizen towards this tenant's own integrations (OpenID pairwise subjects):
 * the account's id, or — for an account migration 0057 merged into another of the same NIK — the id
 * the person had in this tenant before, so their subject at its applications does not change.
 */
export async function citizenSubjectId(db: DbOrTx, tenantId: string, citizenId: string): Promise<string> {
  return (await selectFormerCitizenId(db, tenantId, citizenId)) ?? citizenId;
}
