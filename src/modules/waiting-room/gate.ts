// The waiting room's place in the request: a hook in front of a service's application journey (its
// apply pages, the drafts API, the submission). Only citizens are held — officers (including one
// filing for a citizen at a counter) and every other route pass untouched, and a service whose room
// is off costs a look-up in a per-process cache. A submission that went in frees the citizen's place.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { meetsAssurance } from '../../platform/auth/index.js';
import { createBulkhead } from '../../platform/bulkhead.js';
import { DomainError } from '../../platform/errors.js';
import { isApiRequest } from '../../platform/http/plugins.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import type { ModuleRuntime } from '../../platform/module.js';
import { getApplyInfo } from '../applications/index.js';
import { sendQueuePage } from './pages.js';
import type { RoomCache } from './room-cache.js';
import { enterWaitingRoom, leaveWaitingRoom } from './service.js';

/** The routes of a service's application journey, and where each names the service. */
const JOURNEY: Record<string, 'params' | 'body'> = {
  'GET /permohonan/ajukan/:serviceId': 'params',
  'POST /permohonan/ajukan/:serviceId': 'params',
  'GET /permohonan/ajukan/:serviceId/isian/:groupId': 'params',
  'POST /permohonan/ajukan/:serviceId/isian/:groupId': 'params',
  'GET /permohonan/ajukan/:serviceId/periksa': 'params',
  'POST /permohonan/ajukan/:serviceId/kirim': 'params',
  'GET /api/v1/me/application-drafts/:serviceId': 'params',
  'PUT /api/v1/me/application-drafts/:serviceId': 'params',
  'POST /api/v1/me/application-drafts/:serviceId/files/:fieldId': 'params',
  'POST /api/v1/applications': 'body',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function journeyService(request: FastifyRequest): string | undefined {
  const where = JOURNEY[`${request.method} ${request.routeOptions.url}`];
  if (!where) return undefined;
  const source = (where === 'params' ? request.params : request.body) as { serviceId?: unknown } | undefined;
  const id = source?.serviceId;
  return typeof id === 'string' && UUID.test(id) ? id : undefined;
}

/** What a citizen must meet before queueing: the service takes online applications at their assurance. */
async function checkEligible(request: FastifyRequest, rt: ModuleRuntime, serviceId: string): Promise<void> {
  const principal = request.principal;
  if (principal.kind !== 'citizen') throw new DomainError('auth.required', 401, 'wr.error.sign_in');
  const info = await getApplyInfo({ ...tenantContextOf(request), audit: rt.audit, publicBaseUrl: rt.config.publicBaseUrl }, serviceId);
  if (!info.online) throw new DomainError('waiting_room.not_online', 409, 'wr.error.not_online');
  // Below the service's level of assurance: the journey's own page says how to raise it — no ticket.
  if (!meetsAssurance(principal.assurance, info.service.minAssurance)) throw new NotYet();
}

/** Not eligible yet, in a way the journey itself explains (its assurance page): let the request through. */
class NotYet extends Error {}

/**
 * The queue's share of a process: two requests at a time doing its work (a ticket, a turn at admission,
 * the place), 32 more waiting a turn, and beyond that 429 with Retry-After at once. Its transactions
 * are short (no lock is waited for), so the share is mostly idle; in a surge it keeps the flood to two
 * of the pool's connections (10 by default), and the catalogue, the officers' work and every other
 * route keep the rest (bench/surge.ts measures them). An admitted citizen's pass is outside it, but
 * while it is saturated a GET of the journey is refused at once, before the room's first query.
 */
export const QUEUE_CONCURRENCY = 2;
export const QUEUE_WAITING = 32;

/**
 * Set with the queue page on the service's journey path: nginx's surge wall counts the page views that
 * carry it in the queued citizens' bucket, apart from the newcomers' (deploy/nginx/gerbang.conf). It
 * says nothing about the citizen and grants nothing: the place is the ticket in the database.
 */
const QUEUE_COOKIE = 'gerbang_queue';
const QUEUE_COOKIE_SECONDS = 24 * 60 * 60;

export function registerWaitingRoomGate(app: FastifyInstance, rt: ModuleRuntime, rooms: RoomCache) {
  const bulkhead = createBulkhead({ name: 'waiting_room', concurrency: QUEUE_CONCURRENCY, queue: QUEUE_WAITING, retryAfterSeconds: 5 });
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    const serviceId = journeyService(request);
    const principal = request.principal;
    if (!serviceId || !request.tenant || principal?.kind !== 'citizen' || principal.assistedBy) return;
    if (!(await rooms.enabled(request, serviceId))) return;
    // The queue's share of the process is taken: a page view (an arrival, a queue page's reload) is
    // refused before any of the room's queries. A POST or PUT carries what the citizen typed: it goes on.
    if (request.method === 'GET' && bulkhead.saturated) throw bulkhead.refuse();
    let entry;
    try {
      entry = await enterWaitingRoom(tenantContextOf(request), { serviceId, citizenId: principal.id, checkEligible: () => checkEligible(request, rt, serviceId), limit: bulkhead.run });
    } catch (error) {
      if (error instanceof NotYet) return;
      throw error;
    }
    if (entry.state === 'admitted') return;
    reply.header('retry-after', String(entry.retryAfterSeconds));
    if (isApiRequest(request)) {
      throw new DomainError('waiting_room.queued', 429, 'wr.error.queued', { seconds: entry.retryAfterSeconds, ahead: entry.ahead }, [], {
        ahead: entry.ahead,
        estimateSeconds: entry.estimateSeconds,
      });
    }
    reply.setCookie(QUEUE_COOKIE, '1', { path: `${request.basePath}/permohonan/ajukan/${serviceId}`, httpOnly: true, secure: true, sameSite: 'lax', maxAge: QUEUE_COOKIE_SECONDS });
    await sendQueuePage(request, reply, rt, serviceId, entry);
    return reply;
  });

  app.addHook('onResponse', async (request, reply) => {
    const serviceId = journeyService(request);
    const principal = request.principal;
    if (!serviceId || principal?.kind !== 'citizen' || !request.tenant) return;
    const route = `${request.method} ${request.routeOptions.url}`;
    const submitted =
      (route === 'POST /api/v1/applications' && reply.statusCode === 201) ||
      (route === 'POST /permohonan/ajukan/:serviceId/kirim' && reply.statusCode === 303 && String(reply.getHeader('location') ?? '').includes('terkirim=1'));
    if (!submitted || !(await rooms.enabled(request, serviceId))) return;
    await leaveWaitingRoom(tenantContextOf(request), { serviceId, citizenId: principal.id }).catch((error: unknown) => request.log.warn({ err: error }, 'waiting room: freeing a place failed'));
  });
}
