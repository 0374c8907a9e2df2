// Load shedding: with the pressure signal injected (no timing), citizens' and visitors' requests get
// 429 + Retry-After at once — problem+json or a page, in their language — and nothing of a shed
// submission is stored; officers' routes, probes and the officers' sign-in page are never shed; the
// settings are read from the environment; the default signal reads the real pool's queue.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { signInAs } from '../../../test/auth.js';
import { seedTestComplaints, anonymousReport } from '../../../test/complaints.js';
import { loadConfig } from '../../config.js';
import { createKysely } from '../../db/index.js';
import { overLimit, type Pressure, processPressure } from './load-shedding.js';

let t: TestApp;
let pressure: Pressure = { eventLoopDelayMs: 0, poolWaiting: 0 };
const calm = { eventLoopDelayMs: 0, poolWaiting: 0 };

beforeAll(async () => {
  t = await createTestApp(
    { LOAD_SHED_EVENT_LOOP_DELAY_MS: '500', LOAD_SHED_POOL_WAITING: '10', LOAD_SHED_RETRY_AFTER_SECONDS: '7' },
    {},
    { pressure: () => pressure },
  );
  await seedTestComplaints(t);
});
afterAll(() => t?.close());

const countComplaints = async () => Number((await sql<{ n: string }>`select count(*) as n from complaints`.execute(t.db.owner)).rows[0]!.n);

const report = (title: string) => anonymousReport(title);

const shedTotal = async (signal: string) => {
  const line = (await t.app.inject('/metrics')).body.split('\n').find((l) => l.startsWith(`gerbang_http_shed_total{signal="${signal}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
};

describe('load shedding', () => {
  it('calm: requests pass', async () => {
    pressure = calm;
    expect((await t.app.inject('/t/makassar/api/v1/services')).statusCode).toBe(200);
  });

  it('event loop late: API 429 with Retry-After, problem+json in the negotiated language; the submission is not stored', async () => {
    pressure = { eventLoopDelayMs: 501, poolWaiting: 0 };
    const before = await countComplaints();
    const shedBefore = await shedTotal('event_loop_delay');
    const res = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/complaints', payload: await report('Lampu mati saat lonjakan') });
    expect(res.statusCode, res.body).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'overloaded', status: 429, title: 'Layanan sedang sangat sibuk dan permintaan Anda belum diproses. Coba lagi dalam 7 detik.' });
    const en = await t.app.inject({ url: '/t/makassar/api/v1/services', headers: { 'accept-language': 'en' } });
    expect(en.statusCode).toBe(429);
    expect(en.json().title).toBe('The service is very busy and has not processed your request. Try again in 7 seconds.');
    expect(await countComplaints()).toBe(before);
    expect(await shedTotal('event_loop_delay')).toBe(shedBefore + 2);

    // Calm again: the same report goes through.
    pressure = calm;
    const again = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/complaints', payload: await report('Lampu mati saat lonjakan') });
    expect(again.statusCode, again.body).toBe(201);
    expect(await countComplaints()).toBe(before + 1);
  });

  it('a page gets the error page in Bahasa Indonesia, with Retry-After', async () => {
    pressure = { eventLoopDelayMs: 2000, poolWaiting: 0 };
    const res = await t.app.inject({ url: '/t/makassar/layanan', headers: { accept: 'text/html' } });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Layanan sedang sangat sibuk dan permintaan Anda belum diproses. Coba lagi dalam 7 detik.');
    expect(res.body).toContain('lang="id"');
  });

  it('pool queue over its limit sheds; at the limit it does not', async () => {
    pressure = { eventLoopDelayMs: 0, poolWaiting: 10 };
    expect((await t.app.inject('/t/makassar/api/v1/services')).statusCode).toBe(200);
    pressure = { eventLoopDelayMs: 0, poolWaiting: 11 };
    const shedBefore = await shedTotal('pool_waiting');
    expect((await t.app.inject('/t/makassar/api/v1/services')).statusCode).toBe(429);
    expect(await shedTotal('pool_waiting')).toBe(shedBefore + 1);
  });

  it('never shed: probes, metrics, officers\' sign-in page and officers\' routes (another role and another tenant still refused)', async () => {
    pressure = { eventLoopDelayMs: 5000, poolWaiting: 1000 };
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
    expect((await t.app.inject('/readyz')).statusCode).toBe(200);
    expect((await t.app.inject('/metrics')).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/t/makassar/petugas/masuk', headers: { accept: 'text/html' } })).statusCode).toBe(200);
    const handler = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] });
    const queue = await t.app.inject({ url: '/t/makassar/api/v1/complaints/queue', headers: { cookie: handler.cookie } });
    expect(queue.statusCode, queue.body).toBe(200);
    // Exempt from shedding is not exempt from authorisation.
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    expect((await t.app.inject({ url: '/t/makassar/api/v1/complaints/queue', headers: { cookie: citizen.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/t/jateng/api/v1/complaints/queue', headers: { cookie: handler.cookie } })).statusCode).toBe(401);
    // A citizen's own page is shed.
    expect((await t.app.inject({ url: '/t/makassar/api/v1/services', headers: { cookie: citizen.cookie } })).statusCode).toBe(429);
    pressure = calm;
  });
});

describe('the settings and the signal', () => {
  it('LOAD_SHED_* are read; on by default, off under NODE_ENV=test; 0 turns a signal off', () => {
    const dev = loadConfig({ NODE_ENV: 'development' });
    expect([dev.loadShedEventLoopDelayMs, dev.loadShedPoolWaiting, dev.loadShedRetryAfterSeconds]).toEqual([1000, 100, 5]);
    const test = loadConfig({ NODE_ENV: 'test' });
    expect([test.loadShedEventLoopDelayMs, test.loadShedPoolWaiting]).toEqual([0, 0]);
    const set = loadConfig({ NODE_ENV: 'development', LOAD_SHED_EVENT_LOOP_DELAY_MS: '0', LOAD_SHED_POOL_WAITING: '40', LOAD_SHED_RETRY_AFTER_SECONDS: '9' });
    expect([set.loadShedEventLoopDelayMs, set.loadShedPoolWaiting, set.loadShedRetryAfterSeconds]).toEqual([0, 40, 9]);
    expect(overLimit({ eventLoopDelayMs: 10_000, poolWaiting: 0 }, { maxEventLoopDelayMs: 0, maxPoolWaiting: 40 })).toBeUndefined();
    expect(() => loadConfig({ LOAD_SHED_POOL_WAITING: 'banyak' })).toThrow(/LOAD_SHED_POOL_WAITING/);
  });

  it('the process signal counts the queries waiting for a connection of the real pool', async () => {
    const db = createKysely((t.db as { url: string }).url, { max: 1 });
    const probe = processPressure(db);
    try {
      expect(probe.pressure().poolWaiting).toBe(0);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const inside = new Promise<void>((resolve) => (started = resolve));
      const holder = db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        started();
        await held;
      });
      await inside;
      const waiting = sql`select 1`.execute(db);
      expect(probe.pressure().poolWaiting).toBe(1);
      release();
      await Promise.all([holder, waiting]);
      expect(probe.pressure().poolWaiting).toBe(0);
    } finally {
      probe.stop();
      await db.destroy();
    }
  });
});
