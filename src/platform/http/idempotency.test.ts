// Idempotency-Key: the record and the work commit together (a crash between them leaves neither),
// concurrent duplicates have one effect, and the records hold no caller, key, body or result in
// plain text.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { claimFor, withIdempotency } from './idempotency.js';

let t: TestApp;
/** A crash to stage inside the next run: after the work, before the commit. */
let crashAfterWork = false;

const KEY = '7b1f0c1e-2a59-4d7e-9a0b-5f3c7e9d2a11';
const SECRET = 'RAHASIA-9q7w3e';

beforeAll(async () => {
  t = await createTestApp();
  await sql`CREATE TABLE idem_things (id serial PRIMARY KEY, owner text NOT NULL)`.execute(t.db.owner);
  await sql`GRANT SELECT, INSERT ON idem_things TO gerbang_app; GRANT USAGE ON SEQUENCE idem_things_id_seq TO gerbang_app`.execute(t.db.owner);
  t.app.post('/api/v1/idem-things', { schema: { hide: true }, config: { policy: 'public', rateLimit: false } }, async (request, reply) =>
    withIdempotency(request, reply, {
      scope: `idem-things:${(request.body as { owner: string }).owner}`,
      run: async (db) => {
        const { id } = await db.insertInto('idem_things' as never).values({ owner: (request.body as { owner: string }).owner } as never).returning('id' as never).executeTakeFirstOrThrow() as { id: number };
        // The database session dies with the work done and the key claimed, neither committed: what a
        // crash of the app (or of its backend) between the two looks like to PostgreSQL.
        if (crashAfterWork) {
          crashAfterWork = false;
          await sql`SELECT pg_terminate_backend(pg_backend_pid())`.execute(db);
        }
        return { id, secret: SECRET };
      },
      respond: (body) => ({ status: 201, body }),
    }),
  );
});
afterAll(() => t?.close());

const post = (owner: string, key = KEY, extra: Record<string, unknown> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/idem-things', headers: { 'idempotency-key': key }, payload: { owner, ...extra } });
const things = async (owner: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM idem_things WHERE owner = ${owner}`.execute(t.db.owner)).rows[0]!.n;

describe('Idempotency-Key', () => {
  it('refuses a short or unprintable key with 400 (a short key could be searched for)', async () => {
    for (const key of ['k-1', 'x'.repeat(15), `${'x'.repeat(16)} y`, 'x'.repeat(256)]) {
      const res = await post('short', key);
      expect(res.statusCode, key).toBe(400);
      expect(res.json().code).toBe('idempotency.key_invalid');
    }
    expect(await things('short')).toBe(0);
  });

  it('leaves neither key nor work after a crash between them; the retry then runs once', async () => {
    crashAfterWork = true;
    const crashed = await post('crash');
    expect(crashed.statusCode).toBeGreaterThanOrEqual(500);
    expect(await things('crash')).toBe(0);
    // Not stuck "in progress": the retry runs, and a second retry replays it.
    const retry = await post('crash');
    expect(retry.statusCode).toBe(201);
    const again = await post('crash');
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(retry.json());
    expect(await things('crash')).toBe(1);
  });

  it('gives 50 concurrent identical requests one effect and the same answer', async () => {
    const key = 'c0ffee00-1111-4222-8333-944455556666';
    const answers = await Promise.all(Array.from({ length: 50 }, () => post('storm', key)));
    expect(answers.map((a) => a.statusCode)).toEqual(Array(50).fill(201));
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(49);
    expect(await things('storm')).toBe(1);
  });

  it('keeps the scope, the key, the body and the result out of the table', async () => {
    const owner = 'citizen:5d1e0d3c-0f7a-4f55-b1a4-3c2b1a0f9e8d';
    const res = await post(owner, '0d5e3b9a-8c7f-4e6d-a5b4-c3d2e1f0a9b8', { note: 'Jalan Kenanga 17' });
    expect(res.statusCode).toBe(201);
    const rows = await sql`SELECT * FROM idempotency_records`.execute(t.db.owner);
    const dump = JSON.stringify(rows.rows, (_k, v) => (v && v.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v));
    for (const needle of [owner, '5d1e0d3c', '0d5e3b9a-8c7f', 'Kenanga', 'idem-things', SECRET]) {
      expect(dump.includes(needle), needle).toBe(false);
    }
  });

  it('seals each result under a nonce of its own (AES-GCM must never repeat one under a key)', () => {
    const claim = claimFor(Buffer.alloc(32, 7), 'scope', KEY, { a: 1 });
    const sealed = Array.from({ length: 1000 }, () => claim.seal({ id: 1 }));
    expect(new Set(sealed.map((s) => s.subarray(0, 12).toString('hex'))).size).toBe(1000);
    for (const s of sealed.slice(-3)) expect(claim.open(s)).toEqual({ id: 1 });
  });

  it('does not answer another scope (another caller) with the same key', async () => {
    const key = '9f8e7d6c-5b4a-4321-8fed-cba987654321';
    const mine = await post('alice', key);
    const theirs = await post('bob', key);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);
  });
});
