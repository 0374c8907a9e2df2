// Three app processes behind Debian's nginx, configured by the shipped deploy/nginx/gerbang.conf
// (test/nginx-cluster.ts rewrites only its ports and paths), on one database (issue 23, "More than one
// process"):
//
// 1. A rolling restart under load loses no request: GETs, POSTs with Idempotency-Key and POSTs without
//    one keep flowing while each process in turn gets SIGTERM, drains (SHUTDOWN_DRAIN_SECONDS, /readyz
//    503, `Connection: close`), exits and starts again. Every request gets an answer below 500, never a
//    connection error, and every acknowledged report is stored exactly once.
//    How it was seen to fail (2026-12-06, by hand, machine load ~15): with Fastify's default
//    return503OnClosing, a POST without a key that reached a process after close() began got that
//    process's 503, which nginx may not retry for a POST — fixed in app.ts. With the fix and
//    SHUTDOWN_DRAIN_SECONDS=0 (ROLLING_SHUTDOWN_DRAIN_SECONDS=0 here) it passed in the one run tried:
//    nginx's own handling of closed keep-alive connections and the refused connects covered the
//    restart, so this test does not prove that the drain period itself is needed with nginx.
//    Seen to fail in CI (2026-12-06) when the next process was stopped as soon as the previous one
//    answered /readyz: nginx still skipped the restarted one (fail_timeout=5s since its last refused
//    connect), so one process carried everything and for 0.2 s none was left ("no live upstreams",
//    14 answers 503). The runbook and this test now wait until nginx sends to it again (untilRouted).
//    The load covers both groups of the shipped file (citizens applying on two processes, the rest on
//    the third), so every process is restarted while carrying traffic.
//    Seen to fail (2026-12-06, run beside nginx-wall and the db, identity and round-trip suites) with
//    each process listening on its own port: a POST without a key got nginx's 503 ("Connection reset
//    by peer" while reading the answer) — connections the kernel had accepted for a process that had
//    not yet taken them are reset when it stops listening. Each process now runs on a socket held
//    here as systemd holds deploy/systemd/gerbang@.socket, which outlives it: connections made during
//    its restart wait for the next one. ROLLING_PLAIN_PORTS=1 runs the processes on their own ports
//    (it passed in 6 runs the same evening on a less loaded machine: a race; test/socket-activation.test.ts
//    shows the reset itself, without timing).
// 2. A process lost mid-request (kill -9 while a submission is held in flight on a table lock): a POST
//    without Idempotency-Key gets nginx's 503 (problem+json or a page, Bahasa Indonesia first,
//    Retry-After) and nothing of it is stored; the same POST with a key is sent on by nginx to another
//    process and stored exactly once.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog, loadAuditSigner } from '../src/platform/audit/index.js';
import { deriveKey } from '../src/platform/secrets.js';
import { altchaProof } from './altcha.js';
import { seedTestComplaints } from './complaints.js';
import { createTestDatabase } from './db.js';
import { type Answer, APPLY_GROUP_PROBE, type AppProcess, NGINX, type NginxCluster, request, startNginxCluster } from './nginx-cluster.js';
import type { DatabaseHandle } from '../src/db/index.js';

// Like the other tests of system programs: skipped, saying so, where nginx is missing — never in CI.
const available = fs.existsSync(NGINX) || process.env.CI !== undefined;
if (!available) console.log('rolling-restart.test.ts: skipped — no nginx (Debian: apt-get install nginx)');

const APP_SECRET = 'rolling-restart-test-secret-0123456789abcdef';
const ALTCHA_KEY = deriveKey(Buffer.from(APP_SECRET, 'utf8'), 'altcha').toString('base64url');

let db: DatabaseHandle;
let cluster: NginxCluster;
let admin: pg.Client;
/** Reads pg_stat_activity outside admin's transaction (inside one, it is a snapshot taken once). */
let watcher: pg.Client;
let dataDir: string;

beforeAll(async () => {
  if (!available) return;
  db = await createTestDatabase({ seeded: true });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-rolling-'));
  // The three processes share the keys (as the runbook says: one APP_SECRET, one AUDIT_SIGNING_KEY);
  // made here once rather than by three processes racing to generate them.
  const signer = loadAuditSigner({ dataDir, env: 'test' });
  // The demo complaint categories and agencies (what a report is filed under), as the processes would sign them.
  await seedTestComplaints({ db, audit: createAuditLog({ signer, pseudonymKey: deriveKey(Buffer.from(APP_SECRET, 'utf8'), 'audit-pseudonym') }) });
  cluster = await startNginxCluster({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    APP_SECRET,
    SEED_DEMO: 'false',
    // The default drain; ROLLING_SHUTDOWN_DRAIN_SECONDS=0 is how to see this test fail (header comment).
    SHUTDOWN_DRAIN_SECONDS: process.env.ROLLING_SHUTDOWN_DRAIN_SECONDS ?? '3',
    RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
    JOB_WORKERS: '1',
    NOTIFY_WORKERS: '1',
    FILE_SCAN: 'off',
    // As the shipped systemd units run them: each process on a socket that outlives it (deploy/systemd/).
    // ROLLING_PLAIN_PORTS=1: each listens on its port itself (seen to fail on a loaded machine: header comment).
  }, { socketActivation: !process.env.ROLLING_PLAIN_PORTS });
  admin = new pg.Client({ connectionString: db.url });
  watcher = new pg.Client({ connectionString: db.url });
  await Promise.all([admin.connect(), watcher.connect()]);
}, 240_000);

afterAll(async () => {
  await admin?.end();
  await watcher?.end();
  await cluster?.stop();
  await db?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function report(title: string) {
  return JSON.stringify({
    kind: 'pengaduan',
    privacy: 'anonim',
    title,
    description: 'Lampu jalan di depan pasar mati sejak seminggu, mohon diperbaiki.',
    address: 'Jl. Pasar Sentral, Makassar',
    altcha: await altchaProof({ key: ALTCHA_KEY }),
  });
}

const SUBMIT = '/t/makassar/api/v1/complaints';

function submit(body: string, headers: Record<string, string> = {}): Promise<Answer> {
  return request(`${cluster.url}${SUBMIT}`, { method: 'POST', body, headers: { 'content-type': 'application/json', accept: 'application/json', ...headers } });
}

/** Stored reports by title (the owner's connection: no row-level security in the way). */
async function storedByTitle(prefix: string): Promise<Map<string, string[]>> {
  const { rows } = await admin.query<{ title: string; tracking_number: string }>('select title, tracking_number from complaints where title like $1', [`${prefix}%`]);
  const byTitle = new Map<string, string[]>();
  for (const row of rows) byTitle.set(row.title, [...(byTitle.get(row.title) ?? []), row.tracking_number]);
  return byTitle;
}

interface Outcome {
  what: string;
  status?: number;
  /** The start of an unexpected answer's body (whose 503 it was: nginx's or the app's). */
  body?: string;
  error?: string;
  at: number;
}

describe.skipIf(!available)('three processes behind nginx', () => {
  it('a rolling restart under load: every request answered below 500, every acknowledged report stored once', async () => {
    const outcomes: Outcome[] = [];
    /** Title → tracking number of every 201. */
    const acknowledged = new Map<string, string>();
    let stop = false;
    let n = 0;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 10));
    const record = async (what: string, send: () => Promise<Answer>) => {
      try {
        const answer = await send();
        outcomes.push({ what, status: answer.status, at: performance.now(), ...(answer.status >= 300 ? { body: answer.body.slice(0, 200) } : {}) });
        return answer;
      } catch (error) {
        outcomes.push({ what, error: (error as Error).message, at: performance.now() });
        return undefined;
      }
    };
    const getter = (url: string) => async () => {
      while (!stop) {
        await record(`GET ${url}`, () => request(`${cluster.url}${url}`));
        await pause();
      }
    };
    const poster = (withKey: boolean) => async () => {
      while (!stop) {
        const title = `Rolling ${withKey ? 'K' : 'N'}${n++} lampu jalan`;
        const body = await report(title);
        const answer = await record(withKey ? 'POST with key' : 'POST', () => submit(body, withKey ? { 'idempotency-key': randomUUID() } : {}));
        if (answer?.status === 201) acknowledged.set(title, (JSON.parse(answer.body) as { trackingNumber: string }).trackingNumber);
        await pause();
      }
    };
    // Each process says where it listens, in its banner (printed once its background work has started):
    // on the socket it was passed (deploy/systemd/), or on its own port. The banner is many writes: read
    // to its last line ("Ctrl-C stops") — once, a read between them had the first line only.
    const activated = !process.env.ROLLING_PLAIN_PORTS;
    for (const app of cluster.processes) {
      while (!app.output().includes('Ctrl-C stops')) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(app.output().includes('listening on the socket systemd passed'), app.output()).toBe(activated);
    }
    // The applying citizens' group of the shipped file (two of the processes) has its traffic too: the
    // journey of a service that does not exist, whose answer (404) must not change during the restarts.
    const applyStatus = (await request(`${cluster.url}${APPLY_GROUP_PROBE}`)).status;
    expect(applyStatus).toBe(404);
    const errorLogFrom = cluster.errorLog().length;
    const load = Promise.all([
      getter(APPLY_GROUP_PROBE)(),
      getter(APPLY_GROUP_PROBE)(),
      getter('/t/makassar/layanan')(),
      getter('/t/makassar/api/v1/services')(),
      getter('/t/makassar/pengaduan')(),
      poster(true)(),
      poster(true)(),
      poster(false)(),
      poster(false)(),
    ]);

    const windows: [number, number][] = [];
    try {
      for (const process of cluster.processes) {
        const from = performance.now();
        expect(await process.stop(), process.output()).toBe(0);
        await process.start();
        // The next process is stopped only once nginx sends to this one again.
        await cluster.untilRouted(process);
        windows.push([from, performance.now()]);
      }
    } finally {
      // Whatever failed, the load stops (else it would run on into the next test and the clean-up).
      stop = true;
      await load;
    }

    const histogram: Record<string, number> = {};
    for (const o of outcomes) histogram[`${o.what} ${o.status ?? o.error}`] = (histogram[`${o.what} ${o.status ?? o.error}`] ?? 0) + 1;
    const summary = JSON.stringify(histogram);
    // The load ran through every restart (a test of nothing would pass too).
    for (const [from, to] of windows) {
      expect(outcomes.filter((o) => o.at >= from && o.at <= to && o.what.startsWith('POST') && o.status === 201).length, summary).toBeGreaterThan(5);
      expect(outcomes.filter((o) => o.at >= from && o.at <= to && o.what.startsWith('GET') && o.status === 200).length, summary).toBeGreaterThan(5);
      // The applying group's two loops: a request sent to a process between its drain and its successor
      // waits in the socket for the successor (seconds on a loaded machine), so fewer of them fit.
      expect(outcomes.filter((o) => o.at >= from && o.at <= to && o.what === `GET ${APPLY_GROUP_PROBE}` && o.status === applyStatus).length, summary).toBeGreaterThan(1);
    }
    const failed = outcomes.filter((o) => o.error !== undefined || (o.status ?? 0) >= 500);
    expect(failed, `${JSON.stringify(failed.slice(0, 5))}\nnginx: ${cluster.errorLog().slice(-3000)}`).toEqual([]);
    // On sockets that outlive the processes, nginx met no refused, reset or cut connection to retry
    // elsewhere, not even for a GET: every request was answered by the process it was sent to.
    if (activated) expect(cluster.errorLog().slice(errorLogFrom).match(/.*(connect\(\) failed|reset by peer|prematurely closed|no live upstreams).*/g) ?? []).toEqual([]);
    // Below 500 is not enough: a GET answers 200, a report 201 (no 4xx from a process on its way out).
    const unexpected = outcomes.filter((o) => o.status !== (o.what.startsWith('POST') ? 201 : o.what === `GET ${APPLY_GROUP_PROBE}` ? applyStatus : 200));
    expect(unexpected, JSON.stringify(unexpected.slice(0, 5))).toEqual([]);

    const stored = await storedByTitle('Rolling ');
    for (const [title, trackingNumber] of acknowledged) expect(stored.get(title), title).toEqual([trackingNumber]);
    // Every request was answered, so nothing is stored that was not acknowledged.
    expect(stored.size).toBe(acknowledged.size);
    // Every process served its share after its restart (nginx took each back).
    const log = cluster.accessLog();
    for (const p of cluster.processes) expect(log).toContain(`127.0.0.1:${p.port}`);
    // A backstop against a hang: three restarts take about 80 s at a load average of 17 on 2 cores.
  }, 300_000);

  /**
   * Holds submissions in flight: a SHARE lock on complaints makes their INSERT wait (and a retry with
   * the same Idempotency-Key waits on the first one's claim). Resolves with the app process (by its
   * connections' application_name) of each waiting submission, leaving out those of `except`.
   */
  async function holdersOf(count: number, except: Set<string> = new Set(), pending: Promise<Answer>[] = []): Promise<AppProcess[]> {
    let answered: Answer | undefined;
    for (const p of pending) void p.then((a) => (answered = a), () => undefined);
    for (;;) {
      // A submission answered before it could be held: the test's premise is broken, say how.
      if (answered) {
        const activity = await watcher.query(`select application_name, state, wait_event_type, wait_event, left(query, 120) as query from pg_stat_activity where state <> 'idle'`);
        throw new Error(`answered while it should be held: ${answered.status} ${answered.body.slice(0, 100)}\nnginx: ${cluster.errorLog().slice(-600)}\n${JSON.stringify(activity.rows)}`);
      }
      const { rows } = await watcher.query<{ application_name: string }>(
        `select application_name from pg_stat_activity
          where wait_event_type = 'Lock' and application_name like 'gerbang-%' and query ~* 'insert into "(complaints|idempotency_records)"'`,
      );
      const names = rows.map((r) => r.application_name).filter((name) => !except.has(name));
      if (names.length >= count) return names.map((name) => cluster.processes.find((p) => p.applicationName === name)!);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Waits until no backend of `names` is left waiting (a killed process's backend rolls back when it finds its client gone). */
  async function untilGone(names: string[]) {
    for (;;) {
      const { rows } = await watcher.query(`select 1 from pg_stat_activity where application_name = any($1) and state <> 'idle'`, [names]);
      if (rows.length === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('kill -9 mid-request: without a key nginx answers 503 in Bahasa Indonesia and nothing is stored; with a key it is stored once', async () => {
    // Without a key: an API client, then a browser, each on its way into a process when it dies. One
    // at a time: nginx sends both to the one process of its general group (deploy/nginx/gerbang.conf),
    // where a second report would wait in the intake's batch queue, not on the lock.
    const lost = async (title: string, headers: Record<string, string> = {}) => {
      await admin.query('begin');
      await admin.query('lock table complaints in share mode');
      const pending = submit(await report(title), headers);
      const holders = await holdersOf(1, new Set(), [pending]);
      await Promise.all(holders.map((p) => p.kill()));
      const answer = await pending;
      await admin.query('commit');
      await untilGone(holders.map((p) => p.applicationName));
      await Promise.all(holders.map((p) => p.start()));
      for (const p of holders) await cluster.untilRouted(p);
      return answer;
    };
    const apiAnswer = await lost('Lost J1 lampu jalan');
    const pageAnswer = await lost('Lost H1 lampu jalan', { accept: 'text/html,application/xhtml+xml' });
    expect(apiAnswer.status, apiAnswer.body).toBe(503);
    expect(apiAnswer.headers['content-type']).toBe('application/problem+json');
    expect(apiAnswer.headers['retry-after']).toBe('5');
    const problem = JSON.parse(apiAnswer.body) as { code: string; title: string };
    expect(problem.code).toBe('proxy_unavailable');
    expect(problem.title).toMatch(/^Layanan sedang tidak dapat dijangkau.* \/ Service unavailable/);
    expect(pageAnswer.status).toBe(503);
    expect(pageAnswer.headers['content-type']).toMatch(/^text\/html/);
    expect(pageAnswer.headers['retry-after']).toBe('5');
    expect(pageAnswer.body).toMatch(/<html lang="id">[\s\S]*<h1>Layanan sedang tidak dapat dijangkau<\/h1>[\s\S]*<div lang="en">/);
    // Nothing half-stored: the killed processes' transactions rolled back.
    expect((await storedByTitle('Lost ')).size).toBe(0);

    // With a key: nginx sends it on to another process (location @idempotent), which waits on the
    // same lock, then stores it; the client's own retry gets the same report back.
    await admin.query('begin');
    await admin.query('lock table complaints in share mode');
    const key = { 'idempotency-key': randomUUID() };
    const body = await report('Lost K1 lampu jalan');
    const keyed = submit(body, key);
    const [first] = await holdersOf(1, new Set(), [keyed]);
    await first!.kill();
    // The retry has reached another process (its insert waits too) before the lock goes.
    await holdersOf(1, new Set([first!.applicationName]), [keyed]);
    await admin.query('commit');
    const answer = await keyed;
    expect(answer.status, answer.body).toBe(201);
    const again = await submit(body, key);
    expect(again.status, again.body).toBe(201);
    expect(JSON.parse(again.body).trackingNumber).toBe(JSON.parse(answer.body).trackingNumber);
    expect(await storedByTitle('Lost K1')).toEqual(new Map([['Lost K1 lampu jalan', [JSON.parse(answer.body).trackingNumber]]]));
    await first!.start();
  }, 120_000);
});
