// The public response cache: shared misses, expiry, and a write clearing it mid-computation.
import { describe, expect, it } from 'vitest';
import { PublicResponseCache } from './public-cache.js';

describe('PublicResponseCache', () => {
  it('computes a key once for concurrent callers and serves it until it expires', async () => {
    const cache = new PublicResponseCache(60_000);
    let calls = 0;
    const produce = async () => ({ body: `v${++calls}`, type: 'text/plain' });
    const [a, b] = await Promise.all([cache.get('t|id|/x', produce), cache.get('t|id|/x', produce)]);
    expect(calls).toBe(1);
    expect(a).toBe(b);
    expect(a.etag).toMatch(/^"[\w-]+"$/);
    expect((await cache.get('t|id|/x', produce)).body).toBe('v1');
    expect((await cache.get('t|en|/x', produce)).body).toBe('v2'); // another key
    const expired = new PublicResponseCache(0);
    await expired.get('k', produce);
    expect((await expired.get('k', produce)).body).toBe('v4');
  });

  it('clear() drops entries, and a result computed across a clear is answered but not kept', async () => {
    const cache = new PublicResponseCache(60_000);
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
