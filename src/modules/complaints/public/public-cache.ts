// A short-lived in-process cache of public, anonymous complaint responses (the public list and the
// Open311 GETs): per tenant + URL + language, PUBLIC_CACHE_SECONDS (3 s) long, with ETag and
// Cache-Control. Concurrent misses share one computation. Any write request handled by this process
// clears it, so a reporter sees their own report at once; writes by another process or by a job
// (escalation) show within the TTL. Staleness is documented in docs/complaints.md.
// An entry also keeps its body compressed (brotli, gzip — made once, on the first request that asks
// for it): the Open311 list of 1,000 requests is about 600 kB of JSON and 12 kB compressed, and
// compressing it again for every request cost more than everything else the request did.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const PUBLIC_CACHE_SECONDS = 3;
const MAX_ENTRIES = 2000;
/** Bodies smaller than this are sent as they are (as @fastify/compress's threshold). */
const COMPRESS_ABOVE = 2048;

type Encoding = 'br' | 'gzip';
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const compressors: Record<Encoding, (body: string) => Promise<Buffer>> = {
  // Quality 4 as @fastify/compress uses: close to the best size for JSON at a fraction of the time.
  br: (body) => brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }),
  gzip: (body) => gzip(body),
};

export interface CachedResponse {
  body: string;
  type: string;
  etag: string;
  expires: number;
  /** The body compressed, per encoding, made on first use. */
  encoded?: Partial<Record<Encoding, Promise<Buffer>>>;
}

/** The encoding to answer with: brotli, else gzip, when the client accepts it (q > 0); else none. */
export function negotiateEncoding(acceptEncoding: string | string[] | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const q = new Map<string, number>();
  for (const part of String(acceptEncoding).toLowerCase().split(',')) {
    const [token, ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    if (token) q.set(token === 'x-gzip' ? 'gzip' : token, Number.isFinite(value) ? value : 0);
  }
  const accepted = (e: Encoding) => (q.get(e) ?? q.get('*') ?? 0) > 0;
  return accepted('br') ? 'br' : accepted('gzip') ? 'gzip' : undefined;
}

function compressed(entry: CachedResponse, encoding: Encoding): Promise<Buffer> {
  entry.encoded ??= {};
  return (entry.encoded[encoding] ??= compressors[encoding](entry.body));
}

export class PublicResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private readonly pending = new Map<string, Promise<CachedResponse>>();
  private generation = 0;

  constructor(
    /** The app's clock. */
    private readonly now: () => Date,
    private readonly ttlMs = PUBLIC_CACHE_SECONDS * 1000,
  ) {}

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.pending.clear();
  }

  async get(key: string, produce: () => Promise<{ body: string; type: string }>): Promise<CachedResponse> {
    const now = this.now().getTime();
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
        expires: this.now().getTime() + this.ttlMs,
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
    const cached = entry as CachedResponse;
    const encoding =
      cached.body.length > COMPRESS_ABOVE && request.headers['x-no-compression'] === undefined
        ? negotiateEncoding(request.headers['accept-encoding'])
        : undefined;
    // Each representation has its own validator.
    const etag = encoding ? `${cached.etag.slice(0, -1)}-${encoding}"` : cached.etag;
    reply.header('cache-control', `public, max-age=${PUBLIC_CACHE_SECONDS}`).header('etag', etag);
    reply.header('vary', 'accept-language, cookie, accept-encoding');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    if (encoding) {
      // Already compressed: @fastify/compress leaves a response with a Content-Encoding alone.
      const bytes = await compressed(cached, encoding);
      return reply.type(cached.type).header('content-encoding', encoding).send(bytes);
    }
  } else {
    reply.header('cache-control', 'private, no-cache');
  }
  return reply.type(entry.type).send(entry.body);
}
