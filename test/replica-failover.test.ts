// The read replica and primary failover (issue 23) on the system's PostgreSQL: a primary and a
// streaming standby of its own (test/pg-cluster.ts), the app on DATABASE_URL + DATABASE_READ_URL.
// Public pages read the replica while it is provably within DATABASE_READ_MAX_LAG; a replica paused,
// stopped or promoted sends them to the primary (fresh data, nothing refused) and they come back by
// themselves; reads that must see their own writes never leave the primary; and a kill -9 of the
// primary's postmaster under a storm of submissions loses no acknowledged write.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase, createKysely, type DatabaseHandle, type Db, migrateToLatest } from '../src/db/index.js';
import { seedDemoCatalog } from '../src/modules/catalog/index.js';
import { seedDemoTenants } from '../src/modules/tenancy/index.js';
import { createAuditLog, loadAuditSigner } from '../src/platform/audit/index.js';
import { systemContext } from '../src/platform/context.js';
import { TEST_APP_SECRET } from './app.js';
import { seedTestComplaints, anonymousReport } from './complaints.js';
import { createPgCluster, findPostgresBinDir, type PgCluster } from './pg-cluster.js';
import { TEST_PSEUDONYM_KEY } from './pseudonym-key.js';

const MAX_LAG_SECONDS = 5;

// Like the other tests of system programs: skipped, saying so, where they are missing — but never in CI.
const available = findPostgresBinDir() !== undefined || process.env.CI !== undefined;
if (!available) console.log('replica-failover.test.ts: skipped — no PostgreSQL server programs (Debian: apt-get install postgresql)');

let cluster: PgCluster;
let handle: DatabaseHandle;
let app: App;
let dataDir: string;
/** Superuser connection to the standby (pausing replay). */
let standbyAdmin: Db;
/** The app's clock runs this far ahead of the system's: a test moves it past the staleness bound. */
let offsetMs = 0;

beforeAll(async () => {
  if (!available) return;
  cluster = await createPgCluster();
  const admin = new pg.Client({ connectionString: cluster.primary.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE gerbang').finally(() => admin.end());
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-replica-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DATABASE_URL: cluster.primary.url('gerbang'),
    DATABASE_READ_URL: cluster.standby.url('gerbang'),
    DATABASE_READ_MAX_LAG: String(MAX_LAG_SECONDS),
    RATE_LIMIT_WRITES_PER_MINUTE: '100000',
  });
  handle = await connectDatabase(config, { poolSize: 8 });
  await migrateToLatest(handle.owner);
  const signer = loadAuditSigner({ dataDir, env: 'test' });
  const audit = createAuditLog({ signer, pseudonymKey: TEST_PSEUDONYM_KEY });
  const seed = systemContext(handle.owner, audit, 'seed');
  await seedDemoTenants(seed);
  await seedDemoCatalog(seed);
  await seedTestComplaints({ db: handle, audit });
  await cluster.durableAgain();
  // A reload is a signal: wait until the primary has read it.
  while ((await sql<{ fsync: string }>`show fsync`.execute(handle.owner)).rows[0]!.fsync !== 'on') await new Promise((resolve) => setTimeout(resolve, 20));
  app = await buildApp({
    config,
    db: handle.app,
    replica: handle.replica!,
    ownerDb: handle.owner,
    audit,
    appSecret: TEST_APP_SECRET,
    auditCheckpoints: async () => ({}),
    now: () => new Date(Date.now() + offsetMs),
  });
  standbyAdmin = createKysely(cluster.standby.url('gerbang'), { max: 1 });
}, 90_000);

afterAll(async () => {
  await app?.close();
  await standbyAdmin?.destroy();
  await handle?.close();
  await cluster?.destroy();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const report = (title: string) => anonymousReport(title);

async function submit(payload: string | Awaited<ReturnType<typeof report>>, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/t/makassar/api/v1/complaints',
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? await report(payload) : payload,
  });
}

/** What a coordinator's verification does to a report, straight on the primary: publish it. */
async function publish(trackingNumber: string) {
  await sql`update complaints set published_at = now(), published_title = title, published_description = description
            where tracking_number = ${trackingNumber}`.execute(handle.owner);
}

const publicList = async () => {
  const res = await app.inject('/t/makassar/pengaduan');
  expect(res.statusCode, res.body).toBe(200);
  return res.body;
};

/** `gerbang_db_replica_reads_total` by target and reason, from /metrics. */
async function readsBy(target: 'replica' | 'primary', reason = ''): Promise<number> {
  const text = (await app.inject('/metrics')).body;
  const line = text.split('\n').find((l) => l.startsWith(`gerbang_db_replica_reads_total{target="${target}",reason="${reason}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** Waits for `probe`, moving the app's clock a second on each try (each try checks the lag again). */
async function until(probe: () => Promise<boolean>) {
  while (!(await probe())) {
    offsetMs += 1000;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(!available)('the read replica', () => {
  it('serves the public pages once it has replayed what they show; refuses writes', async () => {
    const res = await submit('Lampu jalan mati di Pasar Sentral');
    expect(res.statusCode, res.body).toBe(201);
    await publish(res.json().trackingNumber);
    const before = await readsBy('replica');
    await until(async () => (await publicList()).includes('Lampu jalan mati di Pasar Sentral'));
    expect(await readsBy('replica')).toBeGreaterThan(before);
    // The replica's pool is read-only (and the standby is in recovery): a route that wrote there would fail loudly.
    await expect(sql`create temp table attempt (n int)`.execute(handle.replica!)).rejects.toThrow(/read-only/);
  });

  it('behind by more than DATABASE_READ_MAX_LAG: pages read the primary (fresh data); read-your-writes always did', async () => {
    await sql`select pg_wal_replay_pause()`.execute(standbyAdmin);
    const res = await submit('Got besar di Jalan Veteran');
    expect(res.statusCode, res.body).toBe(201);
    const { trackingNumber, secretCode } = res.json();
    await publish(trackingNumber);

    // The reporter's tracking right after the form, and the Idempotency-Key check, read the primary.
    const tracked = await app.inject({ method: 'POST', url: '/t/makassar/api/v1/complaints/track', payload: { code: secretCode } });
    expect(tracked.statusCode, tracked.body).toBe(200);
    expect(tracked.json().title).toBe('Got besar di Jalan Veteran');
    const key = { 'idempotency-key': 'replica-test-once' };
    const once = await report('Trotoar rusak di Jalan Sudirman');
    const first = await submit(once, key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await submit(once, key);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().trackingNumber).toBe(first.json().trackingNumber);
    expect((await standbyAdmin.selectFrom('complaints').select('id').where('tracking_number', '=', trackingNumber).execute()).length).toBe(0);

    // Past the bound the replica cannot prove it holds the new report: the page reads the primary.
    offsetMs += (MAX_LAG_SECONDS + 2) * 1000;
    const fallbacks = await readsBy('primary', 'lag');
    expect(await publicList()).toContain('Got besar di Jalan Veteran');
    expect(await readsBy('primary', 'lag')).toBeGreaterThan(fallbacks);
    expect((await app.inject('/metrics')).body).toMatch(/gerbang_db_replica_lag_seconds -1|gerbang_db_replica_lag_seconds (?:[6-9]|\d\d)/);

    await sql`select pg_wal_replay_resume()`.execute(standbyAdmin);
    const replicaReads = await readsBy('replica');
    await until(async () => (await publicList()).includes('Got besar di Jalan Veteran') && (await readsBy('replica')) > replicaReads);
  });

  it('stopped: pages read the primary; started again: back on the replica by itself', async () => {
    await cluster.standby.stop();
    offsetMs += 1000;
    const fallbacks = await readsBy('primary', 'unavailable');
    expect(await publicList()).toContain('Got besar di Jalan Veteran');
    expect((await app.inject('/t/makassar/api/v1/services')).statusCode).toBe(200);
    expect(await readsBy('primary', 'unavailable')).toBeGreaterThan(fallbacks);

    await cluster.standby.start();
    const replicaReads = await readsBy('replica');
    await until(async () => (await publicList()).includes('Got besar di Jalan Veteran') && (await readsBy('replica')) > replicaReads);
  });
});

describe.skipIf(!available)('primary failover', () => {
  it('kill -9 of the primary under a storm of submissions: every 201 stored, the others 503 with Retry-After, back by itself', async () => {
    const acknowledged: string[] = [];
    const failed: Awaited<ReturnType<typeof submit>>[] = [];
    let stop = false;
    let n = 0;
    const writer = async () => {
      while (!stop) {
        const res = await submit(`Sampah menumpuk di pasar ${n++}`);
        if (res.statusCode === 201) acknowledged.push(res.json().trackingNumber);
        else failed.push(res);
      }
    };
    const writers = Array.from({ length: 6 }, writer);
    const waitFor = async (probe: () => boolean) => {
      while (!probe()) await new Promise((resolve) => setTimeout(resolve, 25));
    };

    const broken = () => failed.some((res) => res.statusCode !== 503);
    await waitFor(() => acknowledged.length >= 10 || broken());
    await cluster.primary.kill();
    await waitFor(() => failed.length >= 3 || broken());
    await cluster.primary.start();
    const afterRestart = acknowledged.length;
    await waitFor(() => acknowledged.length >= afterRestart + 10 || broken());
    stop = true;
    await Promise.all(writers);

    for (const res of failed) {
      expect(res.statusCode, res.body).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json()).toMatchObject({ code: 'database_unavailable' });
    }
    const rows = await handle.owner.selectFrom('complaints').select('tracking_number').execute();
    const stored = new Set(rows.map((r) => r.tracking_number));
    expect(acknowledged.filter((tracking) => !stored.has(tracking))).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);
    expect((await app.inject('/readyz')).statusCode).toBe(200);
  }, 60_000);

  it('a promoted standby is no replica any more: pages read the primary', async () => {
    await cluster.standby.promote();
    offsetMs += 1000;
    const fallbacks = await readsBy('primary', 'not_standby');
    expect(await publicList()).toContain('Got besar di Jalan Veteran');
    expect(await readsBy('primary', 'not_standby')).toBeGreaterThan(fallbacks);
  });
});
