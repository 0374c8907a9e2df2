// The public response cache: shared misses, expiry, and a write clearing it mid-computation.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { negotiateEncoding, PublicResponseCache, sendPublic } from './public-cache.js';

describe('PublicResponseCache', () => {
  it('computes a key once for concurrent callers and serves it until it expires', async () => {
    const cache = new PublicResponseCache(() => new Date(), 60_000);
    let calls = 0;
    const produce = async () => ({ body: `v${++calls}`, type: 'text/plain' });
    const [a, b] = await Promise.all([cache.get('t|id|/x', produce), cache.get('t|id|/x', produce)]);
    expect(calls).toBe(1);
    expect(a).toBe(b);
    expect(a.etag).toMatch(/^"[\w-]+"$/);
    expect((await cache.get('t|id|/x', produce)).body).toBe('v1');
    expect((await cache.get('t|en|/x', produce)).body).toBe('v2'); // another key
    const expired = new PublicResponseCache(() => new Date(), 0);
    await expired.get('k', produce);
    expect((await expired.get('k', produce)).body).toBe('v4');
  });

  it('clear() drops entries, and a result computed across a clear is answered but not kept', async () => {
    const cache = new PublicResponseCache(() => new Date(), 60_000);
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = cache.get('k', async () => {
      await gate;
      return { body: `v${++calls}`, type: 'text/plain' };
    });
    cache.clear(); // a write happened while the old data was being read
    release();
    expect((await slow).body).toBe('v1');
    expect((await cache.get('k', async () => ({ body: `v${++calls}`, type: 'text/plain' }))).body).toBe('v2');
    await expect(cache.get('e', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect((await cache.get('e', async () => ({ body: 'ok', type: 'text/plain' }))).body).toBe('ok'); // errors are not cached
  });
});

describe('compressed public responses', () => {
  it('negotiates brotli, else gzip, honouring q=0 and *', () => {
    expect(negotiateEncoding(undefined)).toBeUndefined();
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBeUndefined();
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*;q=0')).toBeUndefined();
    expect(negotiateEncoding('x-gzip')).toBe('gzip');
  });

  it('compresses a cached body once and serves each encoding with its own ETag', async () => {
    const app = Fastify();
    app.decorateRequest('principal', { getter: () => ({ kind: 'anonymous' as const }) });
    app.decorateRequest('lang', 'id');
    const cache = new PublicResponseCache(() => new Date(), 60_000);
    let produced = 0;
    const body = JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ id: i, text: 'Jalan berlubang di depan pasar' })));
    app.get('/list', (request, reply) => sendPublic(request, reply, cache, 't', async () => (produced++, { body, type: 'application/json' })));
    const plain = await app.inject('/list');
    const br = await app.inject({ url: '/list', headers: { 'accept-encoding': 'gzip, br' } });
    const gz = await app.inject({ url: '/list', headers: { 'accept-encoding': 'gzip' } });
    const gzAgain = await app.inject({ url: '/list', headers: { 'accept-encoding': 'gzip' } });
    expect(produced).toBe(1);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(body);
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.rawPayload).toString('utf8')).toBe(body);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString('utf8')).toBe(body);
    expect(gzAgain.rawPayload.equals(gz.rawPayload)).toBe(true);
    expect(gz.headers.vary).toContain('accept-encoding');
    const etags = new Set([plain.headers.etag, br.headers.etag, gz.headers.etag]);
    expect(etags.size).toBe(3);
    const notModified = await app.inject({ url: '/list', headers: { 'accept-encoding': 'gzip', 'if-none-match': String(gz.headers.etag) } });
    expect(notModified.statusCode).toBe(304);
    await app.close();
  });
});
