// A short-lived in-process cache of public, anonymous complaint responses (the public list and the
// Open311 GETs): per tenant + URL + language, PUBLIC_CACHE_SECONDS (3 s) long, with ETag and
// Cache-Control. Concurrent misses share one computation. Any write request handled by this process
// clears it, so a reporter sees their own report at once; writes by another process or by a job
// (escalation) show within the TTL. Staleness is documented in docs/complaints.md.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const PUBLIC_CACHE_SECONDS = 3;
const MAX_ENTRIES = 2000;

export interface CachedResponse {
  body: string;
  type: string;
  etag: string;
  expires: number;
}

export class PublicResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private readonly pending = new Map<string, Promise<CachedResponse>>();
  private generation = 0;

  constructor(private readonly ttlMs = PUBLIC_CACHE_SECONDS * 1000) {}

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.pending.clear();
  }

  async get(key: string, produce: () => Promise<{ body: string; type: string }>): Promise<CachedResponse> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit;
    const inflight = this.pending.get(key);
    if (inflight) return inflight;
    const generation = this.generation;
    const promise = produce().then(({ body, type }) => {
      const entry: CachedResponse = {
        body,
        type,
        etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
        expires: Date.now() + this.ttlMs,
      };
      // A write cleared the cache while this was computed: answer, but do not keep it.
      if (generation === this.generation) {
        if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
        this.entries.set(key, entry);
      }
      return entry;
    });
    this.pending.set(key, promise);
    try {
      return await promise;
    } finally {
      if (this.pending.get(key) === promise) this.pending.delete(key);
    }
  }
}

const caches = new WeakMap<object, PublicResponseCache>();

/** The cache shared by the routes registered with `deps` (one per app). */
export function publicCacheFor(deps: object): PublicResponseCache {
  let cache = caches.get(deps);
  if (!cache) {
    cache = new PublicResponseCache();
    caches.set(deps, cache);
  }
  return cache;
}

/**
 * Answers a public GET from the cache when the caller is anonymous (signed-in callers get the same
 * public data, computed fresh and not cached). Sends 304 for a matching If-None-Match.
 */
export async function sendPublic(
  request: FastifyRequest,
  reply: FastifyReply,
  cache: PublicResponseCache,
  tenantId: string,
  produce: () => Promise<{ body: string; type: string }>,
) {
  const anonymous = request.principal.kind === 'anonymous';
  const entry = anonymous
    ? await cache.get(`${tenantId}|${request.lang}|${request.url}`, produce)
    : { ...(await produce()), etag: undefined };
  if (anonymous) {
    reply.header('cache-control', `public, max-age=${PUBLIC_CACHE_SECONDS}`).header('etag', entry.etag);
    reply.header('vary', 'accept-language, cookie');
    if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send();
  } else {
    reply.header('cache-control', 'private, no-cache');
  }
  return reply.type(entry.type).send(entry.body);
}
