// The job runner: claims ready jobs with `FOR UPDATE SKIP LOCKED` and runs each one inside the
// transaction that claimed it, so the handler's database effects and the job's completion commit
// together, and a crash rolls both back and releases the row lock. Design: docs/jobs.md.
import { sql } from 'kysely';
import pg from 'pg';
import { type Db, enterTenant, forgetTenantContext, type Tx } from '../../db/index.js';
import { failureStreak } from '../failure-streak.js';

/** What a handler receives. `attempts` counts the earlier attempts that failed (0 on the first run). */
export interface Job {
  id: number;
  kind: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler validates the payload it expects.
  payload: any;
  tenantId: string | null;
  attempts: number;
}

/**
 * Runs one job inside the job's transaction `trx` (the tenant context is already set when the job has
 * a tenant). Throwing rolls back everything the handler wrote and schedules a retry. Effects outside
 * the database must be idempotent: use the job id as the idempotency key.
 */
export type JobHandler = (job: Job, trx: Tx) => Promise<void>;

export type JobOutcome = 'done' | 'retry' | 'failed';

/** Structured logger (pino's and console's methods both fit). Payloads are never passed to it. */
export interface JobLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface JobRunnerOptions {
  /** Jobs run at the same time by this process (default 1). 0 makes start() a no-op. */
  concurrency?: number;
  /**
   * Only claim jobs of these kinds (a dedicated lane, e.g. many workers for `notifications.deliver`
   * beside the general runner). Default: every kind.
   */
  kinds?: string[];
  /** How often an idle runner looks for ready jobs (default 250 ms; only urgent jobs send a wake-up). */
  pollIntervalMs?: number;
  /** Connection string for a dedicated LISTEN connection that wakes the runner at once on enqueue. */
  listenUrl?: string;
  log?: JobLog;
  /** Clock for claiming and scheduling retries (tests). Default: the database's clock. */
  now?: () => Date;
  /** Called after each job's transaction ends, e.g. to feed a Prometheus histogram. */
  onJobFinished?(kind: string, outcome: JobOutcome, ms: number): void;
}

export interface JobRunner {
  /** Starts claiming jobs in the background (poll + LISTEN). */
  start(): void;
  /** Stops claiming, waits for the running jobs to finish (drain), closes the LISTEN connection. */
  stop(): Promise<void>;
  /** Claims and runs one ready job if there is one; true when a job was run (whatever its outcome). */
  runOnce(): Promise<boolean>;
}

export const JOBS_CHANNEL = 'gerbang_jobs';
const MAX_ERROR_LENGTH = 2000;
const MAX_BACKOFF_MS = 60 * 60_000;
/** Longest pause after failed claims (the database away) and between LISTEN reconnection attempts. */
const MAX_CLAIM_BACKOFF_MS = 5000;

/** Delay before retry number `attempts` (1 = after the first failure): min(2^attempts s, 1 h) ±20 %. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(2 ** Math.max(1, attempts) * 1000, MAX_BACKOFF_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The error text stored in `last_error` and logged: the message only, never a payload or a stack. */
export function errorMessage(err: unknown): string {
  let text: string;
  if (err instanceof Error) {
    text = err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message;
  } else if (typeof err === 'string') {
    text = err;
  } else {
    text = `non-Error value thrown (${err === null ? 'null' : typeof err})`;
  }
  // PostgreSQL text cannot hold NUL; keep the column bounded.
  text = text.replaceAll('\u0000', '\uFFFD') || '(empty error message)';
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

export class UnknownJobKindError extends Error {
  override name = 'UnknownJobKindError';
  constructor(kind: string) {
    super(`no handler registered for job kind "${kind}" in this process`);
  }
}

interface ClaimedRow {
  id: number;
  kind: string;
  payload: unknown;
  tenant_id: string | null;
  attempts: number;
  max_attempts: number;
}

interface Result {
  outcome: JobOutcome;
  attempts: number;
  error?: string;
  retryInMs?: number;
}

const consoleLog: JobLog = {
  info() {},
  warn: (obj, msg) => console.warn(`[jobs] ${msg ?? ''} ${JSON.stringify(obj)}`),
  error: (obj, msg) => console.error(`[jobs] ${msg ?? ''} ${JSON.stringify(obj)}`),
};

export function createJobRunner(
  db: Db,
  handlers: Record<string, JobHandler>,
  opts: JobRunnerOptions = {},
): JobRunner {
  const concurrency = opts.concurrency ?? 1;
  const pollIntervalMs = opts.pollIntervalMs ?? 250;
  if (!Number.isInteger(concurrency) || concurrency < 0) {
    throw new RangeError(`job runner concurrency must be a whole number ≥ 0, got ${concurrency}`);
  }
  if (!Number.isFinite(pollIntervalMs) || pollIntervalMs < 10) {
    throw new RangeError(`job runner pollIntervalMs must be ≥ 10, got ${pollIntervalMs}`);
  }
  const log = opts.log ?? consoleLog;
  const clock = opts.now;
  const kinds = opts.kinds;
  if (kinds && kinds.length === 0) throw new RangeError('job runner kinds, when given, must name at least one kind');
  // The database clock by default, so app servers with skewed clocks agree on when a job is due.
  const nowValue = () => (clock ? clock() : sql<Date>`clock_timestamp()`);

  const active = new Set<Promise<void>>();
  const external = new Set<Promise<boolean>>();
  let started = false;
  let stopping = false;
  let stopPromise: Promise<void> | undefined;
  let loopPromise: Promise<void> | undefined;

  // ---- wake-ups: a poll timer, LISTEN notifications, and finished jobs (which may have enqueued more)
  let waiter: (() => void) | undefined;
  let pendingWake = false;
  function wake() {
    if (waiter) waiter();
    else pendingWake = true;
  }
  function waitForWake(ms: number): Promise<void> {
    if (pendingWake || stopping) {
      pendingWake = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiter = done;
    });
  }

  // ---- one job: claim, run in a savepoint, record the outcome; all in one transaction
  async function processOne(onClaimed: () => void): Promise<boolean> {
    let claimed: ClaimedRow | undefined;
    let startedAt = 0;
    let handlerError: { error: unknown } | undefined;
    let result: Result | undefined;
    try {
      result = await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('jobs')
          .select(['id', 'kind', 'payload', 'tenant_id', 'attempts', 'max_attempts'])
          .where('state', '=', 'queued')
          .where('run_at', '<=', clock ? clock() : sql<Date>`now()`)
          .$if(kinds !== undefined, (qb) => qb.where('kind', 'in', kinds!))
          .orderBy('priority', 'desc')
          .orderBy('run_at')
          .orderBy('id')
          .limit(1)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
        if (!row) return undefined;
        claimed = row;
        startedAt = performance.now();
        onClaimed();
        if (row.tenant_id) await enterTenant(trx, row.tenant_id);

        await sql`SAVEPOINT gerbang_job`.execute(trx);
        const handler = Object.hasOwn(handlers, row.kind) ? handlers[row.kind] : undefined;
        try {
          if (!handler) throw new UnknownJobKindError(row.kind);
          const job: Job = {
            id: row.id,
            kind: row.kind,
            payload: row.payload,
            tenantId: row.tenant_id,
            attempts: row.attempts,
          };
          await handler(job, trx);
          // Fails too when the handler swallowed a database error (the transaction is then aborted).
          await sql`RELEASE SAVEPOINT gerbang_job`.execute(trx);
        } catch (error) {
          handlerError = { error };
        }
        if (!handlerError) {
          await trx
            .updateTable('jobs')
            .set({ state: 'done', finished_at: nowValue() })
            .where('id', '=', row.id)
            .execute();
          return { outcome: 'done', attempts: row.attempts } satisfies Result;
        }
        await sql`ROLLBACK TO SAVEPOINT gerbang_job`.execute(trx);
        forgetTenantContext(trx); // the rollback reverted any tenant context the handler set
        return recordFailure(trx, row, handlerError.error);
      });
    } catch (error) {
      if (!claimed) throw error; // the claim itself failed: nothing was taken
      // The job's transaction failed after the claim (commit refused, connection lost): none of it
      // committed and the row lock is gone. Count the failed attempt in a transaction of its own.
      const cause = handlerError ? handlerError.error : error;
      try {
        result = await recordFailureAfterAbort(claimed, cause);
      } catch (recordError) {
        log.error(
          { jobId: claimed.id, kind: claimed.kind, error: errorMessage(recordError) },
          'job transaction failed and the failure could not be recorded; the job will run again',
        );
      }
    }
    if (!claimed) return false;
    const ms = performance.now() - startedAt;
    if (result) report(claimed, result, ms);
    return true;
  }

  async function recordFailure(trx: Tx, row: ClaimedRow, error: unknown): Promise<Result> {
    const attempts = row.attempts + 1;
    const message = errorMessage(error);
    if (attempts >= row.max_attempts) {
      await trx
        .updateTable('jobs')
        .set({ state: 'failed', attempts, last_error: message, finished_at: nowValue() })
        .where('id', '=', row.id)
        .execute();
      return { outcome: 'failed', attempts, error: message };
    }
    const delay = retryDelayMs(attempts);
    const runAt = clock
      ? new Date(clock().getTime() + delay)
      : sql<Date>`clock_timestamp() + ${delay}::double precision * interval '1 millisecond'`;
    await trx
      .updateTable('jobs')
      .set({ attempts, last_error: message, run_at: runAt })
      .where('id', '=', row.id)
      .execute();
    return { outcome: 'retry', attempts, error: message, retryInMs: delay };
  }

  async function recordFailureAfterAbort(claimed: ClaimedRow, error: unknown): Promise<Result | undefined> {
    return db.transaction().execute(async (trx) => {
      // SKIP LOCKED: if another worker has already taken the job again, it is its job now.
      const row = await trx
        .selectFrom('jobs')
        .select(['id', 'kind', 'payload', 'tenant_id', 'attempts', 'max_attempts', 'state'])
        .where('id', '=', claimed.id)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (row?.state !== 'queued') return undefined;
      return recordFailure(trx, row, error);
    });
  }

  function report(job: ClaimedRow, result: Result, ms: number) {
    const fields = {
      jobId: job.id,
      kind: job.kind,
      tenantId: job.tenant_id,
      attempts: result.attempts,
      ms: Math.round(ms),
    };
    if (result.outcome === 'retry') {
      log.warn({ ...fields, error: result.error, retryInMs: result.retryInMs }, 'job failed; will retry');
    } else if (result.outcome === 'failed') {
      log.error({ ...fields, error: result.error }, 'job failed permanently');
    } else {
      // A job done may have enqueued follow-up jobs: look again at once.
      wake();
    }
    try {
      opts.onJobFinished?.(job.kind, result.outcome, ms);
    } catch (hookError) {
      log.warn({ error: errorMessage(hookError) }, 'onJobFinished hook threw');
    }
  }

  // ---- the dispatcher: keeps up to `concurrency` jobs running
  // Claims fail on every attempt while the database is away: log when that starts and ends.
  const claimErrors = failureStreak('claiming a job', (message) => log.warn({ kinds }, message));
  function dispatch(): Promise<'job' | 'none' | 'error'> {
    return new Promise((resolve) => {
      const running: Promise<void> = processOne(() => resolve('job'))
        .then(
          () => {
            claimErrors.succeeded();
            resolve('none');
          },
          (error) => {
            claimErrors.failed(new Error(errorMessage(error)));
            resolve('error');
          },
        )
        .finally(() => active.delete(running));
      active.add(running);
    });
  }

  async function loop() {
    let errors = 0;
    while (!stopping) {
      if (active.size >= concurrency) {
        await Promise.race(active);
        continue;
      }
      const state = await dispatch();
      if (state === 'job') {
        errors = 0;
        continue;
      }
      if (state === 'error') {
        // Back off, but not for long: jobs resume within seconds of the database's return.
        errors++;
        await waitForWake(Math.min(pollIntervalMs * 2 ** errors, MAX_CLAIM_BACKOFF_MS));
        continue;
      }
      errors = 0;
      await waitForWake(pollIntervalMs);
    }
  }

  // ---- LISTEN connection: wakes the runner when a job is enqueued; reconnects quietly
  let closeListener: (() => void) | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let listenFailures = 0;
  const closing = new Set<Promise<void>>();

  function connectListener(url: string) {
    reconnectTimer = undefined;
    if (stopping) return;
    const client = new pg.Client({
      connectionString: url,
      application_name: 'gerbang-jobs-listen',
      keepAlive: true,
    });
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      if (closeListener === close) closeListener = undefined;
      const ended = client.end().catch(() => undefined);
      closing.add(ended);
      void ended.finally(() => closing.delete(ended));
    };
    closeListener = close;
    const onLost = (error?: unknown) => {
      if (closed) return;
      close();
      if (stopping) return;
      listenFailures++;
      if (listenFailures === 1) {
        log.warn(
          { error: error === undefined ? 'connection ended' : errorMessage(error) },
          'jobs LISTEN connection lost; polling until it reconnects',
        );
      }
      reconnectTimer = setTimeout(() => connectListener(url), Math.min(500 * 2 ** listenFailures, MAX_CLAIM_BACKOFF_MS));
    };
    // After close() the client may still emit 'error'; the handler stays attached so it is never unhandled.
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', () => wake());
    client
      .connect()
      .then(() => client.query(`LISTEN ${JOBS_CHANNEL}`))
      .then(() => {
        if (closed) return;
        if (listenFailures > 0) log.info({}, 'jobs LISTEN connection restored');
        else log.info({ channel: JOBS_CHANNEL }, 'jobs runner listening');
        listenFailures = 0;
        wake(); // notifications sent while we were not listening are lost: look now
      })
      .catch(onLost);
  }

  return {
    start() {
      if (stopping) throw new Error('job runner has been stopped; create a new one');
      if (started || concurrency === 0) return;
      started = true;
      loopPromise = loop().catch((error) => {
        log.error({ error: errorMessage(error) }, 'job runner loop stopped unexpectedly');
      });
      if (opts.listenUrl) connectListener(opts.listenUrl);
    },

    stop() {
      if (stopPromise) return stopPromise;
      stopping = true;
      wake();
      if (reconnectTimer) clearTimeout(reconnectTimer);
      closeListener?.();
      stopPromise = (async () => {
        await loopPromise;
        await Promise.allSettled([...active, ...external]);
        await Promise.allSettled([...closing]);
      })();
      return stopPromise;
    },

    async runOnce() {
      if (stopping) return false;
      const run = processOne(() => undefined);
      external.add(run);
      try {
        return await run;
      } finally {
        external.delete(run);
      }
    },
  };
}
