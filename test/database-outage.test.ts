// The app when its database goes away (issue 15): backends killed under a stream of complaint
// submissions, and the database gone altogether (connections cut and refused, or swallowed by a dead
// network path, through a proxy in front of the test server). The process lives on, a request that
// fails for it gets 503 problem+json with Retry-After, /readyz says not ready without waiting out the
// pool's connection timeout, no acknowledged write is lost, and service resumes by itself.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKysely, type Db } from '../src/db/index.js';
import { altchaProof } from './altcha.js';
import { createTestApp, type TestApp } from './app.js';
import { seedTestComplaints } from './complaints.js';
import { type PgProxy, startPgProxy } from './pg-proxy.js';

let t: TestApp;
let proxy: PgProxy;
/** Straight to the server, for checking what was stored. */
let direct: Db;

beforeAll(async () => {
  t = await createTestApp(
    { RATE_LIMIT_WRITES_PER_MINUTE: '100000' },
    {
      route: async (url) => {
        proxy = await startPgProxy(url);
        return proxy.url;
      },
      // Longer than the test may take: a /readyz that waited for the pool would never answer in time.
      connectTimeoutMs: 120_000,
    },
  );
  await seedTestComplaints(t);
  direct = createKysely(t.db.url, { max: 2 });
});
afterAll(async () => {
  await direct?.destroy();
  await t?.close();
  await proxy?.close();
});

async function submit(n: number, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: '/t/makassar/api/v1/complaints',
    headers: { 'content-type': 'application/json', ...headers },
    payload: {
      kind: 'pengaduan',
      privacy: 'public',
      title: `Lampu jalan mati ${n}`,
      description: 'Lampu jalan di depan pasar mati sejak seminggu, mohon diperbaiki.',
      address: 'Jl. Pasar Sentral, Makassar',
      altcha: await altchaProof(),
    },
  });
}

async function storedTrackingNumbers(): Promise<Set<string>> {
  const rows = await direct.selectFrom('complaints').select('tracking_number').execute();
  return new Set(rows.map((r) => r.tracking_number));
}

/** Waits for `probe` to be true; the test's own timeout is the backstop. */
async function until(probe: () => boolean | Promise<boolean>) {
  while (!(await probe())) await new Promise((resolve) => setTimeout(resolve, 25));
}

const ready = async () => (await t.app.inject('/readyz')).statusCode === 200;

function expectUnavailable(res: Awaited<ReturnType<typeof submit>>) {
  expect(res.statusCode, res.body).toBe(503);
  expect(res.headers['retry-after']).toBe('5');
  expect(res.headers['content-type']).toContain('application/problem+json');
  expect(res.json()).toMatchObject({ status: 503, code: 'database_unavailable', type: 'urn:gerbang:problem:database_unavailable' });
}

describe('the database goes away', () => {
  it('backends killed under a stream of writes: no 500, every 201 stored, writes resume by themselves', async () => {
    const acknowledged: string[] = [];
    const failed: Awaited<ReturnType<typeof submit>>[] = [];
    let stop = false;
    let n = 0;
    const writer = async () => {
      while (!stop) {
        const res = await submit(n++);
        if (res.statusCode === 201) acknowledged.push(res.json().trackingNumber);
        else failed.push(res);
      }
    };
    const writers = Array.from({ length: 6 }, writer);

    for (let round = 0; round < 5; round++) {
      const before = acknowledged.length;
      await until(() => acknowledged.length >= before + 5 || failed.some((res) => res.statusCode !== 503));
      // Every backend of the test database but this one: the app's pools, idle and in transactions.
      await sql`select pg_terminate_backend(pid, 5000) from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid()`.execute(direct);
    }
    const afterLastKill = acknowledged.length;
    await until(() => acknowledged.length >= afterLastKill + 10 || failed.some((res) => res.statusCode !== 503));
    stop = true;
    await Promise.all(writers);

    for (const res of failed) expectUnavailable(res);
    const stored = await storedTrackingNumbers();
    expect(acknowledged.filter((tracking) => !stored.has(tracking))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(35);
    expect(await ready()).toBe(true);
  });

  it('the database gone: 503 with Retry-After for the API and for pages, /readyz not ready, then back by itself', async () => {
    expect((await submit(-1)).statusCode).toBe(201);
    await proxy.down();

    expectUnavailable(await submit(-2));
    const english = await submit(-3, { 'accept-language': 'en' });
    expectUnavailable(english);
    expect(english.json().title).toBe('The service cannot reach its database right now. Try again in 5 seconds.');
    const indonesian = await submit(-4);
    expect(indonesian.json().title).toBe('Layanan sedang tidak dapat menjangkau basis datanya. Coba lagi dalam 5 detik.');

    // A browser gets the error page; a session cookie makes the page read the database.
    const page = await t.app.inject({
      url: '/t/makassar/',
      headers: { accept: 'text/html', cookie: `gerbang_session=${'a'.repeat(43)}` },
    });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['retry-after']).toBe('5');
    expect(page.body).toContain('Layanan sedang tidak dapat menjangkau basis datanya.');

    const notReady = await t.app.inject('/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toMatchObject({ code: 'not_ready', title: 'Layanan belum siap.' });

    await proxy.up();
    await until(ready);
    const after = await submit(-5);
    expect(after.statusCode, after.body).toBe(201);
    expect((await storedTrackingNumbers()).has(after.json().trackingNumber)).toBe(true);
  });

  it('/readyz answers on a dead network path without waiting out the pool connection timeout', async () => {
    await proxy.hang();
    // The first probes may take connections the pool has not yet seen cut (they fail at once); the
    // one that reaches the dead path must answer although its connection attempt never ends.
    let probe = await t.app.inject('/readyz');
    for (let tries = 0; proxy.hungConnections() === 0 && tries < 5; tries++) probe = await t.app.inject('/readyz');
    expect(probe.statusCode).toBe(503);
    expect(proxy.hungConnections()).toBeGreaterThan(0);
    await proxy.up();
    await until(ready);
  });
});
