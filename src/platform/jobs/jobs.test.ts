import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/db.js';
import { APP_ROLE, createKysely, type DatabaseHandle, type Db } from '../../db/index.js';
import {
  createJobRunner,
  enqueueJob,
  enqueueJobs,
  errorMessage,
  JOBS_CHANNEL,
  type JobHandler,
  type JobLog,
  type JobOutcome,
  listFailedJobs,
  purgeFinishedJobs,
  retryDelayMs,
  retryFailedJob,
} from './index.js';

let h: DatabaseHandle;
beforeAll(async () => {
  h = await createTestDatabase();
  await sql`
    CREATE TABLE job_effects (job_id bigint NOT NULL, note text);
    GRANT SELECT, INSERT ON job_effects TO gerbang_app;
    CREATE TABLE job_commit_check (id integer PRIMARY KEY DEFERRABLE INITIALLY DEFERRED);
    GRANT SELECT, INSERT ON job_commit_check TO gerbang_app;
    INSERT INTO job_commit_check VALUES (1);
  `.execute(h.owner);
});
afterAll(() => h.close());
beforeEach(async () => {
  await sql`DELETE FROM jobs; TRUNCATE job_effects`.execute(h.owner);
});

const quiet: JobLog = { info() {}, warn() {}, error() {} };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recordingLog() {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const log: JobLog = {
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj, msg }),
  };
  return { lines, log };
}

async function effects(): Promise<{ job_id: number; note: string | null }[]> {
  const { rows } = await sql<{ job_id: number; note: string | null }>`
    SELECT job_id, note FROM job_effects ORDER BY job_id`.execute(h.owner);
  return rows;
}

async function job(id: number) {
  return h.owner.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const writeEffect: JobHandler = async (j, trx) => {
  await sql`INSERT INTO job_effects (job_id) VALUES (${j.id})`.execute(trx);
};

describe('enqueueJob', () => {
  it('creates the job only when the caller’s transaction commits (outbox)', async () => {
    await expect(
      h.app.transaction().execute(async (trx) => {
        await enqueueJob(trx, { kind: 'test.effect', payload: { n: 1 } });
        throw new Error('the change is refused');
      }),
    ).rejects.toThrow('refused');
    expect(await h.owner.selectFrom('jobs').select('id').execute()).toEqual([]);

    const id = await h.app
      .transaction()
      .execute((trx) => enqueueJob(trx, { kind: 'test.effect', payload: { n: 2 } }));
    expect(id).toEqual(expect.any(Number));
    const seen: unknown[] = [];
    const runner = createJobRunner(
      h.app,
      {
        'test.effect': async (j, trx) => {
          seen.push(j);
          await writeEffect(j, trx);
        },
      },
      { log: quiet },
    );
    expect(await runner.runOnce()).toBe(true);
    expect(seen).toEqual([{ id, kind: 'test.effect', payload: { n: 2 }, tenantId: null, attempts: 0 }]);
    expect(await effects()).toEqual([{ job_id: id, note: null }]);
    const row = await job(id!);
    expect(row.state).toBe('done');
    expect(row.finished_at).toBeInstanceOf(Date);
    expect(await runner.runOnce()).toBe(false);
  });

  it('ignores a duplicate dedupeKey (per kind) and returns null', async () => {
    const first = await enqueueJob(h.app, { kind: 'test.effect', dedupeKey: 'invoice-42' });
    expect(first).toEqual(expect.any(Number));
    expect(await enqueueJob(h.app, { kind: 'test.effect', dedupeKey: 'invoice-42' })).toBeNull();
    expect(await enqueueJob(h.app, { kind: 'test.other', dedupeKey: 'invoice-42' })).toEqual(
      expect.any(Number),
    );
    // Inside a transaction the conflict does not abort the caller's transaction.
    await h.app.transaction().execute(async (trx) => {
      expect(await enqueueJob(trx, { kind: 'test.effect', dedupeKey: 'invoice-42' })).toBeNull();
      await sql`select 1`.execute(trx);
    });
    const rows = await h.owner.selectFrom('jobs').select(['kind', 'dedupe_key']).orderBy('id').execute();
    expect(rows).toEqual([
      { kind: 'test.effect', dedupe_key: 'invoice-42' },
      { kind: 'test.other', dedupe_key: 'invoice-42' },
    ]);
  });

  it('enqueueJobs inserts many with one statement: ids in input order, null for a taken dedupeKey', async () => {
    const taken = await enqueueJob(h.app, { kind: 'test.effect', dedupeKey: 'invoice-1' });
    const runAt = new Date(Date.now() + 60_000);
    const ids = await h.app.transaction().execute((trx) =>
      enqueueJobs(trx, [
        { kind: 'test.effect', payload: { n: 1 }, dedupeKey: 'invoice-1' }, // taken before
        { kind: 'test.effect', payload: { n: 2 }, dedupeKey: 'invoice-2', priority: 3, maxAttempts: 4, runAt },
        { kind: 'test.effect', payload: { n: 3 } },
        { kind: 'test.effect', payload: { n: 4 }, dedupeKey: 'invoice-2' }, // taken earlier in the batch
        { kind: 'test.other', payload: { n: 5, text: 'kutip "ganda", {kurung}' }, dedupeKey: 'invoice-2', tenantId: null },
      ]),
    );
    expect(ids[0]).toBeNull();
    expect(ids[3]).toBeNull();
    expect(ids.filter((id) => id !== null)).toHaveLength(3);
    const rows = await h.owner.selectFrom('jobs').selectAll().where('id', '!=', taken!).orderBy('id').execute();
    expect(rows.map((r) => r.id)).toEqual([ids[1], ids[2], ids[4]]);
    expect(rows.map((r) => r.payload)).toEqual([{ n: 2 }, { n: 3 }, { n: 5, text: 'kutip "ganda", {kurung}' }]);
    expect(rows[0]).toMatchObject({ priority: 3, max_attempts: 4, dedupe_key: 'invoice-2', state: 'queued' });
    expect(rows[0]!.run_at.getTime()).toBe(runAt.getTime());
    expect(rows[1]).toMatchObject({ priority: 0, max_attempts: 10, dedupe_key: null });
    expect(await enqueueJobs(h.app, [])).toEqual([]);
    await expect(enqueueJobs(h.app, [{ kind: 'test.effect' }, { kind: '' }])).rejects.toThrow(/job kind/);
  });

  it('refuses bad input with a clear message', async () => {
    await expect(enqueueJob(h.app, { kind: '' })).rejects.toThrow(/job kind/);
    await expect(enqueueJob(h.app, { kind: 'x', priority: 40000 })).rejects.toThrow(/priority/);
    await expect(enqueueJob(h.app, { kind: 'x', maxAttempts: 0 })).rejects.toThrow(/maxAttempts/);
    await expect(enqueueJob(h.app, { kind: 'x', runAt: new Date(Number.NaN) })).rejects.toThrow(/runAt/);
    await expect(enqueueJob(h.app, { kind: 'x', payload: () => 1 })).rejects.toThrow(/payload/);
  });
});

describe('job runner', () => {
  it('commits the handler’s effects atomically with the job’s completion', async () => {
    let fail = true;
    let clock = Date.now() + 1000;
    const runner = createJobRunner(
      h.app,
      {
        'test.effect': async (j, trx) => {
          await writeEffect(j, trx);
          if (fail) throw new Error('upstream unavailable');
        },
      },
      { log: quiet, now: () => new Date(clock) },
    );
    const id = (await enqueueJob(h.app, { kind: 'test.effect' }))!;
    expect(await runner.runOnce()).toBe(true);
    expect(await effects()).toEqual([]); // rolled back with the failure
    expect(await job(id)).toMatchObject({ state: 'queued', attempts: 1, last_error: 'upstream unavailable' });
    fail = false;
    expect(await runner.runOnce()).toBe(false); // backing off
    clock += 10_000;
    expect(await runner.runOnce()).toBe(true);
    expect(await effects()).toEqual([{ job_id: id, note: null }]);
    expect(await job(id)).toMatchObject({ state: 'done', attempts: 1 });
  });

  it('retries with exponential backoff, then marks the job failed at max_attempts', async () => {
    let clock = new Date(Date.now() + 1000);
    const { lines, log } = recordingLog();
    const outcomes: string[] = [];
    const runner = createJobRunner(
      h.app,
      {
        'test.flaky': async () => {
          throw new TypeError('upstream said no');
        },
      },
      {
        log,
        now: () => clock,
        onJobFinished: (kind, outcome, ms) => outcomes.push(`${kind} ${outcome} ${ms >= 0}`),
      },
    );
    const nik = '3201234567890001';
    const id = (await enqueueJob(h.app, { kind: 'test.flaky', payload: { nik }, maxAttempts: 3 }))!;

    expect(await runner.runOnce()).toBe(true);
    let row = await job(id);
    expect(row).toMatchObject({ state: 'queued', attempts: 1, last_error: 'TypeError: upstream said no' });
    let delay = row.run_at.getTime() - clock.getTime();
    expect(delay).toBeGreaterThanOrEqual(1600);
    expect(delay).toBeLessThanOrEqual(2400);
    expect(await runner.runOnce()).toBe(false); // not due yet

    clock = new Date(clock.getTime() + 3000);
    expect(await runner.runOnce()).toBe(true);
    row = await job(id);
    expect(row).toMatchObject({ state: 'queued', attempts: 2 });
    delay = row.run_at.getTime() - clock.getTime();
    expect(delay).toBeGreaterThanOrEqual(3200);
    expect(delay).toBeLessThanOrEqual(4800);

    clock = new Date(clock.getTime() + 5000);
    expect(await runner.runOnce()).toBe(true);
    row = await job(id);
    expect(row).toMatchObject({ state: 'failed', attempts: 3, last_error: 'TypeError: upstream said no' });
    expect(row.finished_at?.getTime()).toBe(clock.getTime());
    clock = new Date(clock.getTime() + 86_400_000);
    expect(await runner.runOnce()).toBe(false);

    expect(outcomes).toEqual(['test.flaky retry true', 'test.flaky retry true', 'test.flaky failed true']);
    expect(lines.map((l) => l.level)).toEqual(['warn', 'warn', 'error']);
    expect(lines[2]?.obj).toMatchObject({ jobId: id, kind: 'test.flaky', attempts: 3 });
    // Payloads may hold personal data: never in logs.
    expect(JSON.stringify(lines)).not.toContain(nik);

    // Operators see it, and can put it back in the queue.
    const failed = await listFailedJobs(h.app);
    expect(failed).toEqual([expect.objectContaining({ id, kind: 'test.flaky', attempts: 3 })]);
    expect(JSON.stringify(failed)).not.toContain(nik);
    expect(await retryFailedJob(h.app, id)).toBe(true);
    expect(await retryFailedJob(h.app, id)).toBe(false);
    expect(await job(id)).toMatchObject({ state: 'queued', attempts: 0, finished_at: null });
  });

  it('backoff doubles per attempt, capped at one hour, with jitter; error text is bounded', () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(2000);
    expect(retryDelayMs(5, () => 0.5)).toBe(32_000);
    expect(retryDelayMs(30, () => 0.5)).toBe(3_600_000);
    expect(retryDelayMs(3, () => 0)).toBe(6400);
    expect(retryDelayMs(3, () => 1)).toBe(9600);
    const long = errorMessage(new Error(`a\u0000b${'x'.repeat(5000)}`));
    expect(long.length).toBe(2000);
    expect(long).not.toContain('\u0000');
    expect(errorMessage({ nik: '3201234567890001' })).toBe('non-Error value thrown (object)');
  });

  it('counts a handler that swallowed a database error as a failed attempt', async () => {
    const runner = createJobRunner(
      h.app,
      {
        'test.swallow': async (_j, trx) => {
          await sql`select 1 / 0`.execute(trx).catch(() => undefined);
        },
      },
      { log: quiet, now: () => new Date(Date.now() + 1000) },
    );
    const id = (await enqueueJob(h.app, { kind: 'test.swallow' }))!;
    expect(await runner.runOnce()).toBe(true);
    const row = await job(id);
    expect(row.state).toBe('queued');
    expect(row.attempts).toBe(1);
    expect(row.last_error).toMatch(/transaction is aborted/);
  });

  it('records a failed attempt when the job’s transaction cannot commit', async () => {
    const outcomes: JobOutcome[] = [];
    const runner = createJobRunner(
      h.app,
      {
        // The deferred primary key is checked at COMMIT, after the handler returned.
        'test.commit': async (_j, trx) => {
          await sql`INSERT INTO job_commit_check VALUES (1)`.execute(trx);
        },
      },
      { log: quiet, onJobFinished: (_k, outcome) => outcomes.push(outcome) },
    );
    const id = (await enqueueJob(h.app, { kind: 'test.commit' }))!;
    expect(await runner.runOnce()).toBe(true);
    const row = await job(id);
    expect(row).toMatchObject({ state: 'queued', attempts: 1 });
    expect(row.last_error).toMatch(/duplicate key/);
    expect(row.run_at.getTime()).toBeGreaterThan(Date.now() + 1000);
    expect(outcomes).toEqual(['retry']);
  });

  it('runs higher priority first, then the earliest, and never before run_at', async () => {
    const order: string[] = [];
    const runner = createJobRunner(
      h.app,
      {
        'test.order': async (j) => {
          order.push(j.payload.name);
        },
      },
      { log: quiet },
    );
    await enqueueJob(h.app, { kind: 'test.order', payload: { name: 'low' }, priority: -5 });
    await enqueueJob(h.app, { kind: 'test.order', payload: { name: 'normal-1' } });
    await enqueueJob(h.app, {
      kind: 'test.order',
      payload: { name: 'later' },
      priority: 100,
      runAt: new Date(Date.now() + 60_000),
    });
    await enqueueJob(h.app, { kind: 'test.order', payload: { name: 'urgent' }, priority: 10 });
    await enqueueJob(h.app, { kind: 'test.order', payload: { name: 'normal-2' } });
    while (await runner.runOnce()) continue;
    expect(order).toEqual(['urgent', 'normal-1', 'normal-2', 'low']);
  });

  it('a runner with `kinds` claims only those kinds (a dedicated lane), leaving the rest', async () => {
    const ran: string[] = [];
    const handler: JobHandler = async (j) => {
      ran.push(j.kind);
    };
    const lane = createJobRunner(h.app, { 'test.lane': handler, 'test.other': handler }, { log: quiet, kinds: ['test.lane'] });
    const other = (await enqueueJob(h.app, { kind: 'test.other', priority: 50 }))!;
    const first = (await enqueueJob(h.app, { kind: 'test.lane' }))!;
    const second = (await enqueueJob(h.app, { kind: 'test.lane' }))!;
    while (await lane.runOnce()) continue;
    expect(ran).toEqual(['test.lane', 'test.lane']);
    expect(await job(first)).toMatchObject({ state: 'done' });
    expect(await job(second)).toMatchObject({ state: 'done' });
    expect(await job(other)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(() => createJobRunner(h.app, {}, { kinds: [] })).toThrow(/at least one kind/);
  });

  it('fails an unknown kind with a clear last_error and keeps running', async () => {
    const runner = createJobRunner(
      h.app,
      { 'test.effect': writeEffect },
      { log: quiet, now: () => new Date(Date.now() + 1000) },
    );
    const unknown = (await enqueueJob(h.app, { kind: 'test.nobody', maxAttempts: 1 }))!;
    const proto = (await enqueueJob(h.app, { kind: 'toString' }))!; // not Object.prototype.toString
    const known = (await enqueueJob(h.app, { kind: 'test.effect' }))!;
    while (await runner.runOnce()) continue;
    expect(await job(unknown)).toMatchObject({
      state: 'failed',
      last_error: 'UnknownJobKindError: no handler registered for job kind "test.nobody" in this process',
    });
    expect(await job(proto)).toMatchObject({ state: 'queued', attempts: 1 });
    expect(await job(known)).toMatchObject({ state: 'done' });
  });

  it('runs a tenant’s job in that tenant’s row-level-security context', async () => {
    const tenant = '00000000-0000-4000-8000-0000000000c1';
    await h.owner
      .insertInto('tenants')
      .values({ id: tenant, slug: 'jobs-tenant', name: 'Jobs', kind: 'city', time_zone: 'Asia/Jakarta' })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const seen: (string | null)[] = [];
    const runner = createJobRunner(
      h.app,
      {
        'test.tenant': async (j, trx) => {
          const { rows } = await sql<{ t: string | null }>`
            select nullif(current_setting('gerbang.tenant_id', true), '') as t`.execute(trx);
          seen.push(rows[0]!.t);
          if (j.tenantId) {
            // RLS-protected table: the insert passes the policy's WITH CHECK only in this tenant's context.
            await trx
              .insertInto('agencies')
              .values({ tenant_id: j.tenantId, id: crypto.randomUUID(), code: `a${j.id}`, name: 'Dinas' })
              .execute();
          }
        },
      },
      { log: quiet },
    );
    await enqueueJob(h.app, { kind: 'test.tenant', tenantId: tenant });
    await enqueueJob(h.app, { kind: 'test.tenant' });
    while (await runner.runOnce()) continue;
    expect(seen).toEqual([tenant, null]);
    expect(await h.owner.selectFrom('jobs').select('state').distinct().execute()).toEqual([
      { state: 'done' },
    ]);
  });

  it('two processes with three workers each run every job exactly once', async () => {
    const dbs: Db[] = [
      createKysely(h.url, { max: 4, role: APP_ROLE }),
      createKysely(h.url, { max: 4, role: APP_ROLE }),
    ];
    const running = new Set<number>();
    const overlaps: number[] = [];
    const perRunner = [0, 0];
    const runners = dbs.map((db, index) =>
      createJobRunner(
        db,
        {
          'test.effect': async (j, trx) => {
            if (running.has(j.id)) overlaps.push(j.id);
            running.add(j.id);
            try {
              await sql`INSERT INTO job_effects (job_id, note) VALUES (${j.id}, ${`runner ${index}`})`.execute(
                trx,
              );
              await sleep(Math.random() * 15);
              perRunner[index]!++;
            } finally {
              running.delete(j.id);
            }
          },
        },
        { concurrency: 3, pollIntervalMs: 20, log: quiet },
      ),
    );
    try {
      for (const r of runners) r.start();
      await h.app.transaction().execute(async (trx) => {
        for (let i = 0; i < 50; i++) await enqueueJob(trx, { kind: 'test.effect', payload: { i } });
      });
      await waitFor(
        async () => {
          const { rows } = await sql<{
            n: number;
          }>`select count(*)::int as n from jobs where state = 'done'`.execute(h.owner);
          return rows[0]?.n === 50;
        },
        10_000,
        '50 jobs done',
      );
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
      await Promise.all(dbs.map((db) => db.destroy()));
    }
    const { rows } = await sql<{ jobs: number; runs: number; max: number }>`
      select count(distinct job_id)::int as jobs, count(*)::int as runs,
             coalesce(max(n), 0)::int as max
      from job_effects, lateral (select count(*) as n from job_effects e where e.job_id = job_effects.job_id) c`.execute(
      h.owner,
    );
    expect(rows[0]).toEqual({ jobs: 50, runs: 50, max: 1 });
    expect(overlaps).toEqual([]);
    expect(perRunner[0]! + perRunner[1]!).toBe(50);
    expect(perRunner.every((n) => n > 0)).toBe(true); // both processes took part
  });

  it('sends a wake-up (pg_notify) only for urgent jobs (priority > 0 or wake: true)', async () => {
    const listener = new pg.Client({ connectionString: h.url });
    await listener.connect();
    try {
      const heard: string[] = [];
      let first!: () => void;
      const arrived = new Promise<void>((resolve) => (first = resolve));
      listener.on('notification', (n) => {
        heard.push(n.payload ?? '');
        first();
      });
      await listener.query(`LISTEN ${JOBS_CHANNEL}`);
      await h.app.transaction().execute((trx) => enqueueJob(trx, { kind: 'test.ordinary' }));
      await enqueueJob(h.app, { kind: 'test.lowpriority', priority: -1 });
      await enqueueJob(h.app, { kind: 'test.urgent', priority: 5 });
      await enqueueJob(h.app, { kind: 'test.woken', wake: true });
      await arrived;
      // Notifications arrive in commit order: had the ordinary jobs notified, they would come first.
      await listener.query('SELECT 1'); // let the rest arrive
      expect(heard).toEqual(['test.urgent', 'test.woken']);
    } finally {
      await listener.end();
    }
  });

  it('enqueueJobs sends one wake-up per batch with an urgent job, none without', async () => {
    const listener = new pg.Client({ connectionString: h.url });
    await listener.connect();
    try {
      const heard: string[] = [];
      listener.on('notification', (n) => heard.push(n.payload ?? ''));
      await listener.query(`LISTEN ${JOBS_CHANNEL}`);
      await enqueueJobs(h.app, [{ kind: 'test.ordinary' }, { kind: 'test.ordinary' }]);
      // Two kinds to wake for: PostgreSQL folds only identical notifications of a transaction.
      await enqueueJobs(h.app, [{ kind: 'test.urgent', priority: 5 }, { kind: 'test.ordinary' }, { kind: 'test.urgent2', wake: true }]);
      await enqueueJob(h.app, { kind: 'test.woken', wake: true }); // the last one: all before it have arrived
      await waitFor(async () => heard.includes('test.woken'), 5000, 'the wake-up');
      expect(heard).toHaveLength(2);
      expect(heard[0]).toMatch(/^test\.urgent2?$/);
    } finally {
      await listener.end();
    }
  });

  /** A runner of 'test.effect' that polls once a minute and is LISTENing for wake-ups. */
  async function startListeningRunner() {
    const { lines, log } = recordingLog();
    const runner = createJobRunner(h.app, { 'test.effect': writeEffect }, { pollIntervalMs: 60_000, listenUrl: h.url, log });
    runner.start();
    try {
      await waitFor(async () => lines.some((l) => l.msg === 'jobs runner listening'), 5000, 'LISTEN');
    } catch (error) {
      await runner.stop();
      throw error;
    }
    return { runner, lines };
  }

  it('wakes at once on LISTEN/NOTIFY instead of waiting for the next poll', async () => {
    const { runner } = await startListeningRunner();
    try {
      await sleep(50); // the initial poll has found nothing; the next one is a minute away
      const started = Date.now();
      const id = (await h.app.transaction().execute((trx) => enqueueJob(trx, { kind: 'test.effect', priority: 1 })))!;
      await waitFor(async () => (await job(id)).state === 'done', 3000, 'the notified job');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await runner.stop();
    }
  });

  it('reconnects the LISTEN connection quietly after it is cut', async () => {
    const { runner, lines } = await startListeningRunner();
    try {
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
                where application_name = 'gerbang-jobs-listen' and datname = current_database()`.execute(
        h.owner,
      );
      await waitFor(
        async () => lines.some((l) => l.msg === 'jobs LISTEN connection restored'),
        5000,
        'reconnect',
      );
      expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
      const id = (await enqueueJob(h.app, { kind: 'test.effect', wake: true }))!;
      await waitFor(async () => (await job(id)).state === 'done', 3000, 'the notified job');
    } finally {
      await runner.stop();
    }
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where application_name = 'gerbang-jobs-listen' and datname = current_database()`.execute(h.owner);
    expect(rows[0]?.n).toBe(0);
  });

  it('stop() stops claiming and waits for the running job to finish', async () => {
    let release!: () => void;
    const started = new Promise<void>((resolve) => {
      release = resolve;
    });
    let finished = false;
    const runner = createJobRunner(
      h.app,
      {
        'test.slow': async (j, trx) => {
          release();
          await sleep(300);
          await writeEffect(j, trx);
          finished = true;
        },
      },
      { pollIntervalMs: 20, log: quiet },
    );
    const first = (await enqueueJob(h.app, { kind: 'test.slow' }))!;
    runner.start();
    await started;
    const stopping = runner.stop();
    const second = (await enqueueJob(h.app, { kind: 'test.slow' }))!;
    await stopping;
    expect(finished).toBe(true);
    expect(await job(first)).toMatchObject({ state: 'done' });
    expect(await effects()).toEqual([{ job_id: first, note: null }]);
    await sleep(60);
    expect(await job(second)).toMatchObject({ state: 'queued', attempts: 0 });
    expect(await runner.runOnce()).toBe(false);
  });

  it('a job whose process is killed mid-run runs again, and its effect lands exactly once', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/crash-worker.ts', import.meta.url));
    const id = (await enqueueJob(h.app, { kind: 'test.crash' }))!;
    let child: ChildProcess | undefined;
    try {
      child = spawn(process.execPath, ['--import', 'tsx', fixture], {
        cwd: fileURLToPath(new URL('../../..', import.meta.url)),
        env: { ...process.env, GERBANG_JOBS_TEST_URL: h.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const proc = child;
      let stderr = '';
      proc.stderr?.on('data', (chunk) => {
        stderr += chunk;
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker did not start the job: ${stderr}`)), 10_000);
        let out = '';
        proc.stdout?.on('data', (chunk) => {
          out += chunk;
          if (out.includes(`started ${id}`)) {
            clearTimeout(timer);
            resolve();
          }
        });
        proc.on('exit', (code) => reject(new Error(`worker exited (${code}): ${stderr}`)));
      });

      // While the worker holds the row lock, another runner skips the job.
      const runner = createJobRunner(h.app, { 'test.crash': writeEffect }, { log: quiet });
      expect(await runner.runOnce()).toBe(false);

      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGKILL');
      await exited;
      expect(await effects()).toEqual([]); // the uncommitted effect died with the worker

      // PostgreSQL notices the dead connection, rolls back and releases the lock; the job runs again.
      await waitFor(() => runner.runOnce(), 5000, 'the job to be claimable again');
      expect(await effects()).toEqual([{ job_id: id, note: null }]);
      expect(await job(id)).toMatchObject({ state: 'done', attempts: 0 });
      expect(await runner.runOnce()).toBe(false);
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });

  it('purges old done jobs, keeping failed ones', async () => {
    const done = (await enqueueJob(h.app, { kind: 'test.effect' }))!;
    const failed = (await enqueueJob(h.app, { kind: 'test.nobody', maxAttempts: 1 }))!;
    const runner = createJobRunner(h.app, { 'test.effect': writeEffect }, { log: quiet });
    while (await runner.runOnce()) continue;
    expect(await purgeFinishedJobs(h.app, new Date(Date.now() + 60_000))).toBe(1);
    expect(await h.owner.selectFrom('jobs').select('id').execute()).toEqual([{ id: failed }]);
    expect(done).not.toBe(failed);
  });
});
