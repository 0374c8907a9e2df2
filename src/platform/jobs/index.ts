// Durable jobs on PostgreSQL (no extra server). Enqueue inside the transaction that makes the change
// (outbox pattern): the job exists exactly when the change commits. Design: docs/jobs.md.
import { type RawBuilder, sql } from 'kysely';
import type { Db, DbOrTx } from '../../db/index.js';
import { JOBS_CHANNEL } from './runner.js';

export {
  createJobRunner,
  errorMessage,
  JOBS_CHANNEL,
  type Job,
  type JobHandler,
  type JobLog,
  type JobOutcome,
  type JobRunner,
  type JobRunnerOptions,
  retryDelayMs,
  UnknownJobKindError,
} from './runner.js';

export interface EnqueueJobInput {
  /** Handler name, e.g. 'documents.render'. */
  kind: string;
  /** JSON-serialisable; may hold personal data, so it is never logged. Default {}. */
  payload?: unknown;
  /** The handler's transaction gets this tenant's row-level-security context. Default: none. */
  tenantId?: string | null;
  /** Not before this time. Default: now. */
  runAt?: Date;
  /** Higher runs first, -32768..32767. Default 0. */
  priority?: number;
  /** At most one job per (kind, dedupeKey), ever (until the old job is purged). */
  dedupeKey?: string;
  /** Attempts before the job is marked failed. Default 10. */
  maxAttempts?: number;
  /**
   * Wake idle runners at commit with pg_notify. Default: only when priority > 0 (urgent work such as
   * one-time codes). Other jobs are found by the runners' poll (every 250 ms by default): NOTIFY
   * takes a database-wide lock at commit, which serialises busy writers (docs/jobs.md).
   */
  wake?: boolean;
}

/** A checked job, as the INSERT takes it. */
interface JobRow {
  tenantId: string | null;
  kind: string;
  payload: string;
  priority: number;
  runAt: Date | null;
  maxAttempts: number;
  dedupeKey: string | null;
  wake: boolean;
}

/** Checks a job as `enqueueJob` documents; throws TypeError/RangeError (programming errors). */
function checkJob(job: EnqueueJobInput): JobRow {
  if (typeof job.kind !== 'string' || !/^[A-Za-z0-9][\w.:-]{0,99}$/.test(job.kind)) {
    throw new TypeError(
      `job kind must be 1–100 letters, digits, ".", "_", ":" or "-", got ${JSON.stringify(job.kind)}`,
    );
  }
  const priority = job.priority ?? 0;
  if (!Number.isInteger(priority) || priority < -32768 || priority > 32767) {
    throw new RangeError(`job priority must be a whole number in -32768..32767, got ${priority}`);
  }
  const maxAttempts = job.maxAttempts ?? 10;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`job maxAttempts must be a whole number ≥ 1, got ${maxAttempts}`);
  }
  if (job.runAt !== undefined && !(job.runAt instanceof Date && Number.isFinite(job.runAt.getTime()))) {
    throw new TypeError('job runAt must be a valid Date');
  }
  if (job.dedupeKey !== undefined && (typeof job.dedupeKey !== 'string' || job.dedupeKey.length === 0)) {
    throw new TypeError('job dedupeKey must be a non-empty string');
  }
  const payload = JSON.stringify(job.payload === undefined ? {} : job.payload);
  if (typeof payload !== 'string') throw new TypeError('job payload must be JSON-serialisable');
  return {
    tenantId: job.tenantId ?? null,
    kind: job.kind,
    payload,
    priority,
    runAt: job.runAt ?? null,
    maxAttempts,
    dedupeKey: job.dedupeKey ?? null,
    wake: job.wake ?? priority > 0,
  };
}

/**
 * Adds a job. Pass the caller's transaction so the job commits (or rolls back) with the change that
 * caused it; idle runners find it at their next poll, or at once for an urgent (`wake`) job. Returns the job id, or null
 * when a job with the same kind and dedupeKey already exists.
 */
export async function enqueueJob(db: DbOrTx, job: EnqueueJobInput): Promise<number | null> {
  const [id] = await enqueueJobs(db, [job]);
  return id ?? null;
}

/**
 * Adds several jobs with one statement (batched writes), with the same checks and meaning as
 * `enqueueJob` each: returns their ids in input order, null for one whose kind and dedupeKey already
 * exist (also when an earlier job of the same batch took them). Runners are woken once per batch,
 * when a job inserted by it is of a kind some `wake` job of the batch has. Empty input: no statement.
 */
export async function enqueueJobs(db: DbOrTx, jobs: readonly EnqueueJobInput[]): Promise<Array<number | null>> {
  const rows = jobs.map(checkJob);
  if (rows.length === 0) return [];
  const { rows: inserted } = await sql<InsertedJob>`
    WITH ${jobCtes(rows)}
    SELECT id, kind, dedupe_key, (SELECT count(*) FROM jobs_woken) AS notified FROM jobs_inserted
  `.execute(db);
  return lineUp(rows, inserted);
}

/**
 * `enqueueJobs` and a statement of the caller's that refers to the new jobs, in one round trip (the
 * complaint receipt's job and notification rows, docs/performance.md). `then(jobs)` is the caller's
 * data-modifying statement (an INSERT … RETURNING), which may join `jobs` — the inserted jobs, with
 * columns (id, kind, dedupe_key). Returns the job ids as `enqueueJobs` does and the rows the caller's
 * statement returned, as JSON (timestamps come back as ISO strings). Empty `jobs`: no statement.
 */
export async function enqueueJobsWith<Row>(
  db: DbOrTx,
  jobs: readonly EnqueueJobInput[],
  then: (jobs: RawBuilder<unknown>) => RawBuilder<unknown>,
): Promise<{ ids: Array<number | null>; rows: Row[] }> {
  const rows = jobs.map(checkJob);
  if (rows.length === 0) return { ids: [], rows: [] };
  const { rows: result } = await sql<{ notified: number; jobs: InsertedJob[]; rows: Row[] }>`
    WITH ${jobCtes(rows)}, caller AS (${then(sql.table('jobs_inserted'))})
    SELECT (SELECT count(*) FROM jobs_woken) AS notified,
           coalesce((SELECT json_agg(json_build_object('id', id, 'kind', kind, 'dedupe_key', dedupe_key)) FROM jobs_inserted), '[]') AS jobs,
           coalesce((SELECT json_agg(caller) FROM caller), '[]') AS rows
  `.execute(db);
  return { ids: lineUp(rows, result[0]!.jobs), rows: result[0]!.rows };
}

interface InsertedJob {
  id: number;
  kind: string;
  dedupe_key: string | null;
}

/**
 * The CTEs that insert the jobs: `jobs_inserted` (id, kind, dedupe_key) and `jobs_woken`, which the
 * statement must read (a SELECT CTE nobody reads is not run). One array parameter per column (the
 * statement is the same whatever the batch size). NOTIFY is transactional: listeners hear it when
 * (and only if) the caller's transaction commits; it is sent only when a row was inserted, and at
 * most once per statement.
 */
function jobCtes(rows: readonly JobRow[]): RawBuilder<unknown> {
  const wakeKinds = [...new Set(rows.filter((r) => r.wake).map((r) => r.kind))];
  return sql`jobs_input AS (
      SELECT * FROM unnest(
        ${rows.map((r) => r.tenantId)}::uuid[], ${rows.map((r) => r.kind)}::text[],
        ${rows.map((r) => r.payload)}::jsonb[], ${rows.map((r) => r.priority)}::smallint[],
        ${rows.map((r) => r.runAt)}::timestamptz[], ${rows.map((r) => r.maxAttempts)}::integer[],
        ${rows.map((r) => r.dedupeKey)}::text[]
      ) WITH ORDINALITY AS t(tenant_id, kind, payload, priority, run_at, max_attempts, dedupe_key, ord)
    ), jobs_inserted AS (
      INSERT INTO jobs (tenant_id, kind, payload, priority, run_at, max_attempts, dedupe_key)
      SELECT tenant_id, kind, payload, priority, coalesce(run_at, now()), max_attempts, dedupe_key
      FROM jobs_input ORDER BY ord
      ON CONFLICT (kind, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
      RETURNING id, kind, dedupe_key
    ), jobs_woken AS (
      SELECT pg_notify(${JOBS_CHANNEL}, kind) FROM (SELECT kind FROM jobs_inserted WHERE kind = ANY(${wakeKinds}::text[]) LIMIT 1) w
    )`;
}

/**
 * The inserted jobs' ids in input order. They come from one sequence in input order, so sorted they
 * line up with the inserted inputs; a skipped input (its kind and key taken) has no row.
 */
function lineUp(rows: readonly JobRow[], inserted: InsertedJob[]): Array<number | null> {
  const byId = [...inserted].sort((a, b) => a.id - b.id);
  let next = 0;
  const ids = rows.map((row) => {
    const candidate = byId[next];
    if (candidate && candidate.kind === row.kind && candidate.dedupe_key === row.dedupeKey) {
      next++;
      return candidate.id;
    }
    return null;
  });
  if (next !== byId.length) throw new Error('enqueueJobs: inserted jobs do not line up with the input');
  return ids;
}

/** Whether a job of this kind for this tenant is waiting or running (queued, retries included). */
export async function hasQueuedJob(db: DbOrTx, job: { kind: string; tenantId: string | null }): Promise<boolean> {
  let query = db.selectFrom('jobs').select('id').where('kind', '=', job.kind).where('state', '=', 'queued');
  query = job.tenantId === null ? query.where('tenant_id', 'is', null) : query.where('tenant_id', '=', job.tenantId);
  return (await query.limit(1).executeTakeFirst()) !== undefined;
}

/** A failed job as operators see it: never the payload (it may hold personal data). */
export interface FailedJob {
  id: number;
  kind: string;
  tenantId: string | null;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** Jobs that used up their attempts, newest first. */
export async function listFailedJobs(
  db: DbOrTx,
  options: { kind?: string; limit?: number } = {},
): Promise<FailedJob[]> {
  let query = db
    .selectFrom('jobs')
    .select(['id', 'kind', 'tenant_id', 'attempts', 'last_error', 'created_at', 'finished_at'])
    .where('state', '=', 'failed')
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(options.limit ?? 100, 1), 1000));
  if (options.kind) query = query.where('kind', '=', options.kind);
  const rows = await query.execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    tenantId: row.tenant_id,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  }));
}

/** Puts a failed job back in the queue with a fresh set of attempts. False if it is not failed. */
export async function retryFailedJob(db: DbOrTx, id: number): Promise<boolean> {
  const { rows } = await sql<{ id: number }>`
    WITH retried AS (
      UPDATE jobs SET state = 'queued', attempts = 0, run_at = now(), finished_at = NULL
      WHERE id = ${id} AND state = 'failed'
      RETURNING id, kind
    )
    SELECT id, pg_notify(${JOBS_CHANNEL}, kind) AS notified FROM retried
  `.execute(db);
  return rows.length > 0;
}

/** Deletes jobs done before `before` (failed ones stay until an operator looks). Returns the count. */
export async function purgeFinishedJobs(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('state', '=', 'done')
    .where('finished_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
