import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.js';
import type { DatabaseHandle } from '../../db/index.js';
import { postgresRateLimitStore } from './rate-limit-store.js';

let db: DatabaseHandle;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

type Store = ReturnType<typeof postgresRateLimitStore>;
const incr = (store: InstanceType<Store>, key: string, max: number) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) =>
    store.incr(key, (error, result) => (error ? reject(error) : resolve(result!)), 60_000, max),
  );
const stored = async (like: string) =>
  (await db.owner.selectFrom('rate_limits').select(['key', 'count']).where('key', 'like', like).execute()).map((r) => r.count);

describe('rate-limit store (local first, batched, exact from half the budget)', () => {
  it('counts exactly in one process and writes the early increments in one batch', async () => {
    const Store = postgresRateLimitStore(db.app);
    const store = new Store({ timeWindow: 60_000, routeInfo: { method: 'POST', url: '/a' } });
    const counts: number[] = [];
    for (let i = 0; i < 12; i++) counts.push((await incr(store, 'client-1', 10)).current);
    expect(counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // From the 6th on (half of 10) each was counted in PostgreSQL, together with what was pending.
    expect(await stored('POST /a|client-1')).toEqual([12]);
    await Store.close();
  });

  it('writes the increments counted in memory when it flushes (and on close)', async () => {
    const Store = postgresRateLimitStore(db.app);
    const store = new Store({ timeWindow: 60_000, routeInfo: { method: 'POST', url: '/b' } });
    for (let i = 0; i < 3; i++) await incr(store, 'client-2', 1000);
    await incr(store, 'client-3', 1000);
    await Store.close();
    expect(await stored('POST /b|client-2')).toEqual([3]);
    expect(await stored('POST /b|client-3')).toEqual([1]);
  });

  it('shares the count between processes: the second half of the budget is counted in PostgreSQL', async () => {
    // Two stores over the same database stand for two app processes behind a load balancer.
    const A = postgresRateLimitStore(db.app);
    const B = postgresRateLimitStore(db.app);
    const a = new A({ timeWindow: 60_000, routeInfo: { method: 'POST', url: '/c' } });
    const b = new B({ timeWindow: 60_000, routeInfo: { method: 'POST', url: '/c' } });
    for (let i = 0; i < 3; i++) await incr(a, 'client-4', 6); // 1..3 in memory of A
    await A.close(); // flushed: 3 in PostgreSQL
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) seen.push((await incr(b, 'client-4', 6)).current);
    // B counts its first three in memory (it has not seen A's yet); the fourth reaches half the
    // budget, is counted in PostgreSQL with them and learns A's three: 3 + 4 = 7 > 6, refused.
    expect(seen).toEqual([1, 2, 3, 7, 8]);
    // Admitted in all: A's 3 + B's 3 = the budget of 6.
    await B.close();
  });

  it('keeps the hashed key only, never the client address', async () => {
    const Store = postgresRateLimitStore(db.app, Buffer.alloc(32, 7));
    const store = new Store({ timeWindow: 60_000 });
    await incr(store, '192.0.2.44', 1);
    await Store.close();
    const keys = (await db.owner.selectFrom('rate_limits').select('key').execute()).map((r) => r.key);
    expect(keys.some((k) => k.includes('192.0.2.44'))).toBe(false);
    expect(keys.some((k) => k.startsWith('global|'))).toBe(true);
  });
});
