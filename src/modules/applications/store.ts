// SQL for the applications and what hangs off them: the steps they are at (queues), answers, linked
// files, timeline, internal notes and messages. Nothing else touches these tables. Every function
// takes the tenant first and runs inside withTenant() (row-level security checks it a second time).
// The other tables of the module are in setup/store.ts, intake/store.ts and tracking/store.ts.
import type { QueryCreator } from 'kysely';
import { type DbOrTx, sql, type Tx } from '../../db/index.js';
import type { Database } from '../../db/schema.js';
import type { WorkflowState } from './workflow/index.js';

/** The tables this module owns: only its stores touch them (`npm run check`). */
export const TABLES = [
  'application_settings',
  'application_service_setups',
  'application_service_versions',
  'applications',
  'application_tasks',
  'application_answers',
  'application_uploads',
  'application_files',
  'application_events',
  'application_notes',
  'application_messages',
  'application_drafts',
  'application_track_throttle',
] as const;

export interface ApplicationRow {
  id: string;
  trackingNumber: string;
  serviceId: string;
  serviceVersionId: string;
  agencyId: string;
  agencies: string[];
  applicantId: string;
  assistedBy: string | null;
  assistedSessionId: string | null;
  birthDateKey: string | null;
  lang: 'id' | 'en';
  state: WorkflowState;
  version: number;
  status: WorkflowState['status'];
  outcome: WorkflowState['outcome'];
  deemedApproved: boolean;
  nextDueAt: Date | null;
  serviceDueAt: Date | null;
  submittedAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

const applicationColumns = [
  'id',
  'tracking_number as trackingNumber',
  'service_id as serviceId',
  'service_version_id as serviceVersionId',
  'agency_id as agencyId',
  'agencies',
  'applicant_id as applicantId',
  'assisted_by as assistedBy',
  'assisted_session_id as assistedSessionId',
  'birth_date_key as birthDateKey',
  'lang',
  'state',
  'version',
  'status',
  'outcome',
  'deemed_approved as deemedApproved',
  'next_due_at as nextDueAt',
  'service_due_at as serviceDueAt',
  'submitted_at as submittedAt',
  'updated_at as updatedAt',
  'closed_at as closedAt',
] as const;

/** What changes with every transition: the state and the columns copied from it for queues and look-ups. */
export type StatePatch = Pick<ApplicationRow, 'state' | 'version' | 'status' | 'outcome' | 'deemedApproved' | 'nextDueAt' | 'serviceDueAt' | 'updatedAt' | 'closedAt' | 'agencies'>;

/**
 * New applications, each with its steps, first answers and timeline, and the draft each was made from
 * deleted — all in one statement whatever their number (a batch of submissions shares it):
 * data-modifying CTEs, the foreign keys checked at the statement's end, so the children may name the
 * new rows. Each round trip costs the app a socket write and a wake-up and PostgreSQL a parse and plan.
 */
export async function insertStartedApplications(
  trx: Tx,
  tenantId: string,
  entries: ReadonlyArray<{ row: ApplicationRow; tasks: TaskRow[]; answers: AnswersInput; events: Omit<EventRow, 'id'>[]; draftOf?: { citizenId: string; serviceId: string } }>,
): Promise<void> {
  if (entries.length === 0) return;
  const tasks = entries.flatMap((e) => e.tasks);
  const events = entries.flatMap((e) => e.events.map((ev) => ({ ...ev, applicationId: e.row.id })));
  const drafts = entries.flatMap((e) => (e.draftOf ? [e.draftOf] : []));
  let query = chain(trx.with('application', (db) => db.insertInto('applications').values(entries.map((e) => applicationValues(tenantId, e.row))).returning('id')));
  // A workflow may start with no task (its first steps automatic), or record nothing in the timeline.
  if (tasks.length > 0) query = chain(query.with('tasks', (db) => db.insertInto('application_tasks').values(tasks.map((t) => taskValues(tenantId, t))).returning('id')));
  if (events.length > 0) query = chain(query.with('events', (db) => db.insertInto('application_events').values(eventValues(tenantId, events)).returning('id')));
  if (drafts.length > 0) {
    query = chain(
      query.with('draft', (db) =>
        db
          .deleteFrom('application_drafts')
          .where('tenant_id', '=', tenantId)
          .where((eb) => eb.or(drafts.map((d) => eb.and([eb('citizen_id', '=', d.citizenId), eb('service_id', '=', d.serviceId)]))))
          .returning('citizen_id'),
      ),
    );
  }
  await query.insertInto('application_answers').values(entries.map((e) => answersValues(tenantId, e.answers))).execute();
}

/** Kysely types each `with` as a creator that also knows its CTE; the final INSERT reads none of them, so the optional ones chain as the plain creator. */
const chain = (query: unknown) => query as QueryCreator<Database>;

/**
 * Many applications in one statement (the bulk seed); a tracking number already taken skips its row.
 * Returns the ids inserted.
 */
export async function insertApplicationsMany(trx: Tx, tenantId: string, rows: ApplicationRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await trx
    .insertInto('applications')
    .values(rows.map((row) => applicationValues(tenantId, row)))
    .onConflict((oc) => oc.columns(['tenant_id', 'tracking_number']).doNothing())
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

function applicationValues(tenantId: string, row: ApplicationRow) {
  return {
    tenant_id: tenantId,
    id: row.id,
    tracking_number: row.trackingNumber,
    service_id: row.serviceId,
    service_version_id: row.serviceVersionId,
    agency_id: row.agencyId,
    agencies: row.agencies,
    applicant_id: row.applicantId,
    assisted_by: row.assistedBy,
    assisted_session_id: row.assistedSessionId,
    birth_date_key: row.birthDateKey,
    lang: row.lang,
    state: JSON.stringify(row.state),
    version: row.version,
    status: row.status,
    outcome: row.outcome,
    deemed_approved: row.deemedApproved,
    next_due_at: row.nextDueAt,
    service_due_at: row.serviceDueAt,
    submitted_at: row.submittedAt,
    updated_at: row.updatedAt,
    closed_at: row.closedAt,
  };
}

/** One application; `lock` takes its row lock (every transition does: two officers at once wait in turn). */
export async function selectApplication(db: DbOrTx, tenantId: string, id: string, lock = false): Promise<ApplicationRow | undefined> {
  let query = db.selectFrom('applications').select(applicationColumns).where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock) query = query.forUpdate();
  return (await query.executeTakeFirst()) as ApplicationRow | undefined;
}

export async function selectApplicationByTracking(db: DbOrTx, tenantId: string, trackingNumber: string): Promise<ApplicationRow | undefined> {
  return (await db
    .selectFrom('applications')
    .select(applicationColumns)
    .where('tenant_id', '=', tenantId)
    .where('tracking_number', '=', trackingNumber)
    .executeTakeFirst()) as ApplicationRow | undefined;
}

/** Saves a transition; false when another one saved first (the version moved). */
export async function updateApplicationState(trx: Tx, tenantId: string, id: string, expectedVersion: number, patch: StatePatch): Promise<boolean> {
  const result = await trx
    .updateTable('applications')
    .set({
      state: JSON.stringify(patch.state),
      version: patch.version,
      status: patch.status,
      outcome: patch.outcome,
      deemed_approved: patch.deemedApproved,
      next_due_at: patch.nextDueAt,
      service_due_at: patch.serviceDueAt,
      updated_at: patch.updatedAt,
      closed_at: patch.closedAt,
      agencies: patch.agencies,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A citizen's applications, newest first, after the cursor position. */
export async function selectApplicationsOf(
  db: DbOrTx,
  tenantId: string,
  applicantId: string,
  page: { after?: { at: Date; id: string }; limit: number },
): Promise<ApplicationRow[]> {
  let query = db
    .selectFrom('applications')
    .select(applicationColumns)
    .where('tenant_id', '=', tenantId)
    .where('applicant_id', '=', applicantId);
  if (page.after) {
    const { at, id } = page.after;
    query = query.where((eb) => eb.or([eb('submitted_at', '<', at), eb.and([eb('submitted_at', '=', at), eb('id', '<', id)])]));
  }
  return (await query.orderBy('submitted_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute()) as ApplicationRow[];
}

/** Open applications with a deadline due by `now` (the sweeper), earliest first, skipping rows being changed. */
export async function selectDueApplicationIds(trx: Tx, tenantId: string, now: Date, limit: number): Promise<string[]> {
  const rows = await trx
    .selectFrom('applications')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('next_due_at', '<=', now)
    .orderBy('next_due_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((r) => r.id);
}

/** Ids of open applications after `afterId` (recomputing deadlines after a calendar amendment, in batches). */
export async function selectOpenApplicationIds(db: DbOrTx, tenantId: string, afterId: string | null, limit: number): Promise<string[]> {
  let query = db.selectFrom('applications').select('id').where('tenant_id', '=', tenantId).where('status', '<>', 'closed');
  if (afterId) query = query.where('id', '>', afterId);
  return (await query.orderBy('id').limit(limit).execute()).map((r) => r.id);
}

// ---- tasks: the steps an application is at ----

export interface TaskRow {
  id: string;
  applicationId: string;
  stepId: string;
  serviceId: string;
  agencyId: string;
  role: string;
  kind: 'task' | 'wait';
  activatedAt: Date;
  dueAt: Date | null;
  escalated: boolean;
  lapsed: boolean;
  paused: boolean;
  claimedBy: string | null;
  claimedAt: Date | null;
}

const taskColumns = [
  't.id',
  't.application_id as applicationId',
  't.step_id as stepId',
  't.service_id as serviceId',
  't.agency_id as agencyId',
  't.role',
  't.kind',
  't.activated_at as activatedAt',
  't.due_at as dueAt',
  't.escalated',
  't.lapsed',
  't.paused',
  't.claimed_by as claimedBy',
  't.claimed_at as claimedAt',
] as const;

export function selectTasks(db: DbOrTx, tenantId: string, applicationId: string): Promise<TaskRow[]> {
  return db
    .selectFrom('application_tasks as t')
    .select(taskColumns)
    .where('t.tenant_id', '=', tenantId)
    .where('t.application_id', '=', applicationId)
    .orderBy('t.activated_at')
    .execute() as Promise<TaskRow[]>;
}

/** Replaces the application's tasks with the steps it is at now. */
export async function replaceTasks(trx: Tx, tenantId: string, applicationId: string, tasks: TaskRow[]): Promise<void> {
  await trx.deleteFrom('application_tasks').where('tenant_id', '=', tenantId).where('application_id', '=', applicationId).execute();
  await insertTasks(trx, tenantId, tasks);
}

/** Tasks of any applications (each row names its own), in one statement. */
export async function insertTasks(trx: Tx, tenantId: string, tasks: TaskRow[]): Promise<void> {
  if (tasks.length === 0) return;
  await trx
    .insertInto('application_tasks')
    .values(tasks.map((t) => taskValues(tenantId, t)))
    .execute();
}

function taskValues(tenantId: string, t: TaskRow) {
  return {
    tenant_id: tenantId,
    id: t.id,
    application_id: t.applicationId,
    step_id: t.stepId,
    service_id: t.serviceId,
    agency_id: t.agencyId,
    role: t.role,
    kind: t.kind,
    activated_at: t.activatedAt,
    due_at: t.dueAt,
    escalated: t.escalated,
    lapsed: t.lapsed,
    paused: t.paused,
    claimed_by: t.claimedBy,
    claimed_at: t.claimedAt,
  };
}

export async function updateTaskClaim(trx: Tx, tenantId: string, taskId: string, officerId: string | null, at: Date | null): Promise<void> {
  await trx.updateTable('application_tasks').set({ claimed_by: officerId, claimed_at: at }).where('tenant_id', '=', tenantId).where('id', '=', taskId).execute();
}

/** Where a queue looks: a role at an agency (null: every agency), or every role at an agency (its administrator). */
export type QueueScope = { role: string | null; agencyId: string | null };

export interface QueueFilter {
  scopes: QueueScope[];
  claimedBy?: string;
  serviceId?: string;
  stepId?: string;
  paused?: boolean;
  /** Due at or before this instant. */
  dueBy?: Date;
  after?: { at: Date; id: string };
  limit: number;
}

export interface QueueRow extends TaskRow {
  sortAt: Date;
  trackingNumber: string;
  status: ApplicationRow['status'];
  deemedApproved: boolean;
  submittedAt: Date;
  serviceDueAt: Date | null;
  assistedBy: string | null;
  applicationVersion: number;
  serviceVersionId: string;
}

/** Tasks without a due date (paused, or a wait without a deadline) sort last, at the end of the API's range. */
const NO_DUE = sql<Date>`'9999-12-31T23:59:59.999Z'::timestamptz`;

export async function selectQueue(db: DbOrTx, tenantId: string, f: QueueFilter): Promise<QueueRow[]> {
  if (f.scopes.length === 0) return [];
  const sortAt = sql<Date>`coalesce(t.due_at, ${NO_DUE})`;
  let query = db
    .selectFrom('application_tasks as t')
    .innerJoin('applications as a', (j) => j.onRef('a.tenant_id', '=', 't.tenant_id').onRef('a.id', '=', 't.application_id'))
    .select(taskColumns)
    .select([
      sortAt.as('sortAt'),
      'a.tracking_number as trackingNumber',
      'a.status',
      'a.deemed_approved as deemedApproved',
      'a.submitted_at as submittedAt',
      'a.service_due_at as serviceDueAt',
      'a.assisted_by as assistedBy',
      'a.version as applicationVersion',
      'a.service_version_id as serviceVersionId',
    ])
    .where('t.tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or(
        f.scopes.map((s) =>
          eb.and([...(s.role ? [eb('t.role', '=', s.role)] : []), ...(s.agencyId ? [eb('t.agency_id', '=', s.agencyId)] : [])]),
        ),
      ),
    );
  if (f.claimedBy) query = query.where('t.claimed_by', '=', f.claimedBy);
  if (f.serviceId) query = query.where('t.service_id', '=', f.serviceId);
  if (f.stepId) query = query.where('t.step_id', '=', f.stepId);
  // A literal, not a parameter: the paused steps have their own partial index (0080), which the
  // planner uses only when the query's condition is visibly its predicate.
  if (f.paused !== undefined) query = query.where(f.paused ? sql<boolean>`t.paused` : sql<boolean>`not t.paused`);
  // On the sort expression, not on due_at: the queue indexes hold the expression, so the scan stops at
  // the bound instead of filtering the agency's every later step (an undated step sorts last, never due).
  if (f.dueBy) query = query.where(sortAt, '<=', f.dueBy);
  if (f.after) {
    const { at, id } = f.after;
    query = query.where((eb) => eb.or([eb(sortAt, '>', at), eb.and([eb(sortAt, '=', at), eb('t.id', '>', id)])]));
  }
  return (await query.orderBy(sortAt).orderBy('t.id').limit(f.limit).execute()) as QueueRow[];
}

// ---- answers and files ----

export type AnswersInput = { applicationId: string; round: number; answers: unknown; at: Date; by: string };

export async function insertAnswers(trx: Tx, tenantId: string, row: AnswersInput) {
  await insertAnswersMany(trx, tenantId, [row]);
}

export async function insertAnswersMany(trx: Tx, tenantId: string, rows: AnswersInput[]) {
  if (rows.length === 0) return;
  await trx
    .insertInto('application_answers')
    .values(rows.map((row) => answersValues(tenantId, row)))
    .execute();
}

function answersValues(tenantId: string, row: AnswersInput) {
  return {
    tenant_id: tenantId,
    application_id: row.applicationId,
    round: row.round,
    answers: JSON.stringify(row.answers),
    submitted_at: row.at,
    submitted_by: row.by,
  };
}

/** How many applications' first answers were submitted by `by` (the bulk seed counts its own with it). */
export async function countAnswersBy(db: DbOrTx, tenantId: string, by: string): Promise<number> {
  const row = await db
    .selectFrom('application_answers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('round', '=', 0)
    .where('submitted_by', '=', by)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface AnswerRow {
  round: number;
  answers: Record<string, unknown>;
  submittedAt: Date;
  submittedBy: string;
}

/** Every round of answers, the first (at submission) first. */
export function selectAnswers(db: DbOrTx, tenantId: string, applicationId: string): Promise<AnswerRow[]> {
  return db
    .selectFrom('application_answers')
    .select(['round', 'answers', 'submitted_at as submittedAt', 'submitted_by as submittedBy'])
    .where('tenant_id', '=', tenantId)
    .where('application_id', '=', applicationId)
    .orderBy('round')
    .execute() as Promise<AnswerRow[]>;
}

export interface FileLink {
  round: number;
  fieldId: string;
  fileId: string;
  name: string;
  mime: string;
  size: number;
}

export async function insertFiles(trx: Tx, tenantId: string, applicationId: string, files: FileLink[]): Promise<void> {
  if (files.length === 0) return;
  await trx
    .insertInto('application_files')
    .values(files.map((f) => ({ tenant_id: tenantId, application_id: applicationId, round: f.round, field_id: f.fieldId, file_id: f.fileId, name: f.name, mime: f.mime, size: f.size })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function selectFiles(db: DbOrTx, tenantId: string, applicationId: string): Promise<FileLink[]> {
  return db
    .selectFrom('application_files')
    .select(['round', 'field_id as fieldId', 'file_id as fileId', 'name', 'mime', 'size'])
    .where('tenant_id', '=', tenantId)
    .where('application_id', '=', applicationId)
    .orderBy('round')
    .orderBy('field_id')
    .execute();
}

// ---- timeline, notes, messages ----

export interface EventRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  stepId: string | null;
  text: string | null;
  data: Record<string, unknown>;
  internal: boolean;
}

export async function insertEvents(trx: Tx, tenantId: string, applicationId: string, events: Omit<EventRow, 'id'>[]): Promise<void> {
  await insertEventsMany(trx, tenantId, events.map((e) => ({ ...e, applicationId })));
}

/** Timeline entries of any applications (each names its own), in one statement. */
export async function insertEventsMany(trx: Tx, tenantId: string, events: (Omit<EventRow, 'id'> & { applicationId: string })[]): Promise<void> {
  if (events.length === 0) return;
  await trx.insertInto('application_events').values(eventValues(tenantId, events)).execute();
}

function eventValues(tenantId: string, events: (Omit<EventRow, 'id'> & { applicationId: string })[]) {
  return events.map((e) => ({
    tenant_id: tenantId,
    application_id: e.applicationId,
    at: e.at,
    actor: e.actor,
    action: e.action,
    step_id: e.stepId,
    text: e.text,
    data: JSON.stringify(e.data),
    internal: e.internal,
  }));
}

export async function selectEvents(db: DbOrTx, tenantId: string, applicationId: string, withInternal: boolean): Promise<EventRow[]> {
  let query = db
    .selectFrom('application_events')
    .select(['id', 'at', 'actor', 'action', 'step_id as stepId', 'text', 'data', 'internal'])
    .where('tenant_id', '=', tenantId)
    .where('application_id', '=', applicationId);
  if (!withInternal) query = query.where('internal', '=', false);
  return query.orderBy('id').execute();
}

export interface NoteRow {
  id: number;
  at: Date;
  officerId: string;
  stepId: string | null;
  body: string;
}

export async function insertNote(trx: Tx, tenantId: string, applicationId: string, note: Omit<NoteRow, 'id'>): Promise<number> {
  const row = await trx
    .insertInto('application_notes')
    .values({ tenant_id: tenantId, application_id: applicationId, at: note.at, officer_id: note.officerId, step_id: note.stepId, body: note.body })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function selectNotes(db: DbOrTx, tenantId: string, applicationId: string): Promise<NoteRow[]> {
  return db
    .selectFrom('application_notes')
    .select(['id', 'at', 'officer_id as officerId', 'step_id as stepId', 'body'])
    .where('tenant_id', '=', tenantId)
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
}

export interface MessageRow {
  id: number;
  at: Date;
  sender: 'applicant' | 'officer';
  officerId: string | null;
  body: string;
}

export async function insertMessage(trx: Tx, tenantId: string, applicationId: string, message: Omit<MessageRow, 'id'>): Promise<number> {
  const row = await trx
    .insertInto('application_messages')
    .values({ tenant_id: tenantId, application_id: applicationId, at: message.at, sender: message.sender, officer_id: message.officerId, body: message.body })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function selectMessages(db: DbOrTx, tenantId: string, applicationId: string): Promise<MessageRow[]> {
  return db
    .selectFrom('application_messages')
    .select(['id', 'at', 'sender', 'officer_id as officerId', 'body'])
    .where('tenant_id', '=', tenantId)
    .where('application_id', '=', applicationId)
    .orderBy('id')
    .execute();
}

// ---- facts for oversight (issue 22) ----

export interface ApplicationFactsRow {
  id: string;
  trackingNumber: string;
  serviceId: string;
  agencyId: string;
  applicantId: string;
  submittedAt: Date;
  serviceDueAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
  serviceVersionId: string;
  state: WorkflowState;
}

/** The dates and owners of some applications (no answers, no personal data). */
export async function selectApplicationFacts(db: DbOrTx, tenantId: string, ids: readonly string[]): Promise<ApplicationFactsRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('applications')
    .select(['id', 'tracking_number as trackingNumber', 'service_id as serviceId', 'agency_id as agencyId', 'applicant_id as applicantId', 'submitted_at as submittedAt', 'service_due_at as serviceDueAt', 'closed_at as closedAt', 'outcome', 'service_version_id as serviceVersionId', 'state'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .execute() as Promise<ApplicationFactsRow[]>;
}

/** Per officer: the steps they hold whose deadline passed by `now` (tasks, not waits), lapsed or not. */
export async function selectOverdueClaims(db: DbOrTx, tenantId: string, now: Date): Promise<{ officerId: string; count: number }[]> {
  const rows = await db
    .selectFrom('application_tasks')
    .select(['claimed_by as officerId', (eb) => eb.fn.countAll<number>().as('count')])
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'task')
    .where('claimed_by', 'is not', null)
    .where('due_at', '<', now)
    .groupBy('claimed_by')
    .execute();
  return rows.map((r) => ({ officerId: r.officerId!, count: Number(r.count) }));
}

/** Per service and month of submission (the tenant's zone), since `since`: received, closed, mean days from submission to closing of the closed ones (facts.ts). */
export async function selectVolumesByMonth(db: DbOrTx, tenantId: string, timeZone: string, since: Date) {
  const { rows } = await sql<{ service_id: string; agency_id: string; month: string; received: number; closed: number; average_days: number | null }>`
    SELECT service_id, agency_id, to_char(submitted_at AT TIME ZONE ${timeZone}, 'YYYY-MM') AS month,
      count(*)::int AS received,
      count(closed_at)::int AS closed,
      avg(extract(epoch FROM closed_at - submitted_at) / 86400)::float8 AS average_days
    FROM applications
    WHERE tenant_id = ${tenantId} AND submitted_at >= ${since}
    GROUP BY 1, 2, 3`.execute(db);
  return rows;
}
