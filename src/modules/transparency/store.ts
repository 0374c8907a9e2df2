// The SQL of the transparency module (migration 0092): the per-row facts and monthly aggregates the
// refresh job keeps, the watermarks it reads from, and the installation's health checks. Every
// tenant function takes the tenant first; row-level security checks it again. The two source views
// (over applications and complaints, security_invoker) are read here only by the refresh job.
import { type Insertable, type Selectable, sql } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type {
  TransparencyApplicationFactTable,
  TransparencyApplicationSourceView,
  TransparencyComplaintFactTable,
  TransparencyComplaintSourceView,
} from '../../db/schema-transparency.js';

export const TABLES = [
  'transparency_application_source',
  'transparency_complaint_source',
  'transparency_application_facts',
  'transparency_application_monthly',
  'transparency_completion_days',
  'transparency_complaint_facts',
  'transparency_complaint_monthly',
  'transparency_complaint_cells',
  'transparency_watermarks',
  'transparency_health_checks',
  'transparency_payment_facts',
  'transparency_payment_monthly',
  'transparency_active_citizens',
  'transparency_response_hours',
] as const;

export type Source = 'applications' | 'complaints' | 'payments';

/** A date column as YYYY-MM-DD (the pool parses dates as local midnight; the local getters give the day back). */
function dayOf(value: unknown): string {
  if (!(value instanceof Date)) return String(value);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
}
export type ApplicationSourceRow = Selectable<TransparencyApplicationSourceView>;
export type ComplaintSourceRow = Selectable<TransparencyComplaintSourceView>;
export type ApplicationFact = Insertable<TransparencyApplicationFactTable>;
export type ComplaintFact = Insertable<TransparencyComplaintFactTable>;
export interface Mark {
  updatedAt: Date;
  id: string;
}

/** A source's watermark: the newest row read, and the point up to which every row is counted (refresh.ts). */
export interface Watermark extends Mark {
  /** Absent on a watermark written before migration 0103. */
  resume?: Mark;
}

export async function selectWatermark(db: DbOrTx, tenantId: string, source: Source): Promise<(Watermark & { refreshedAt: Date }) | undefined> {
  const row = await db
    .selectFrom('transparency_watermarks')
    .select(['updated_at', 'id', 'resume_at', 'resume_id', 'refreshed_at'])
    .where('tenant_id', '=', tenantId)
    .where('source', '=', source)
    .executeTakeFirst();
  if (!row) return undefined;
  const resume = row.resume_at && row.resume_id ? { updatedAt: row.resume_at, id: row.resume_id } : undefined;
  return { updatedAt: row.updated_at, id: row.id, resume, refreshedAt: row.refreshed_at };
}

export async function saveWatermark(db: DbOrTx, tenantId: string, source: Source, mark: Watermark, refreshedAt: Date): Promise<void> {
  const values = { updated_at: mark.updatedAt, id: mark.id, resume_at: mark.resume?.updatedAt ?? null, resume_id: mark.resume?.id ?? null, refreshed_at: refreshedAt };
  await db
    .insertInto('transparency_watermarks')
    .values({ tenant_id: tenantId, source, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'source']).doUpdateSet(values))
    .execute();
}

export async function deleteWatermarks(db: DbOrTx, tenantId: string): Promise<void> {
  await db.deleteFrom('transparency_watermarks').where('tenant_id', '=', tenantId).execute();
}

/** Rows changed after `after` (by updated_at, then id), oldest first; everything when `after` is undefined. */
export async function selectChangedApplications(db: DbOrTx, tenantId: string, after: Mark | undefined, limit: number): Promise<ApplicationSourceRow[]> {
  let q = db.selectFrom('transparency_application_source').selectAll().where('tenant_id', '=', tenantId);
  if (after) q = q.where((eb) => eb(eb.refTuple('updated_at', 'id'), '>', eb.tuple(after.updatedAt, after.id)));
  return q.orderBy('updated_at').orderBy('id').limit(limit).execute();
}

export async function selectChangedComplaints(db: DbOrTx, tenantId: string, after: Mark | undefined, limit: number): Promise<ComplaintSourceRow[]> {
  let q = db.selectFrom('transparency_complaint_source').selectAll().where('tenant_id', '=', tenantId);
  if (after) q = q.where((eb) => eb(eb.refTuple('updated_at', 'id'), '>', eb.tuple(after.updatedAt, after.id)));
  return q.orderBy('updated_at').orderBy('id').limit(limit).execute();
}

/** Removes the rows' previous facts and returns them (what to subtract from the aggregates). */
export async function takeApplicationFacts(db: DbOrTx, tenantId: string, ids: readonly string[]): Promise<Selectable<TransparencyApplicationFactTable>[]> {
  if (ids.length === 0) return [];
  const rows = await db.deleteFrom('transparency_application_facts').where('tenant_id', '=', tenantId).where('application_id', 'in', ids).returningAll().execute();
  return rows.map((r) => ({ ...r, received_month: dayOf(r.received_month), closed_month: r.closed_month === null ? null : dayOf(r.closed_month) }));
}

export async function insertApplicationFacts(db: DbOrTx, facts: readonly ApplicationFact[]): Promise<void> {
  if (facts.length > 0) await db.insertInto('transparency_application_facts').values([...facts]).execute();
}

export async function takeComplaintFacts(db: DbOrTx, tenantId: string, ids: readonly string[]): Promise<Selectable<TransparencyComplaintFactTable>[]> {
  if (ids.length === 0) return [];
  const rows = await db.deleteFrom('transparency_complaint_facts').where('tenant_id', '=', tenantId).where('complaint_id', 'in', ids).returningAll().execute();
  return rows.map((r) => ({ ...r, month: dayOf(r.month) }));
}

export async function insertComplaintFacts(db: DbOrTx, facts: readonly ComplaintFact[]): Promise<void> {
  if (facts.length > 0) await db.insertInto('transparency_complaint_facts').values([...facts]).execute();
}

export interface ApplicationDelta {
  agency_id: string;
  service_id: string;
  month: string;
  received: number;
  closed: number;
  completed: number;
  timed: number;
  on_time: number;
  deemed: number;
}
export interface CompletionDelta {
  agency_id: string;
  service_id: string;
  month: string;
  working_days: number;
  applications: number;
}
export interface ComplaintDelta {
  agency_key: string;
  month: string;
  category_code: string;
  received: number;
  verified: number;
  verified_on_time: number;
  answered: number;
  answered_on_time: number;
  resolved: number;
  rated: number;
  rating_sum: number;
}
export interface CellDelta {
  agency_key: string;
  month: string;
  cell: string;
  complaints: number;
}

/** Adds each key's change to its aggregate row (one statement per table; keys are unique per call). */
export async function addApplicationDeltas(db: DbOrTx, tenantId: string, months: readonly ApplicationDelta[], days: readonly CompletionDelta[]): Promise<void> {
  if (months.length > 0) {
    await db
      .insertInto('transparency_application_monthly')
      .values(months.map((d) => ({ tenant_id: tenantId, ...d })))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'agency_id', 'service_id', 'month']).doUpdateSet({
          received: sql`transparency_application_monthly.received + excluded.received`,
          closed: sql`transparency_application_monthly.closed + excluded.closed`,
          completed: sql`transparency_application_monthly.completed + excluded.completed`,
          timed: sql`transparency_application_monthly.timed + excluded.timed`,
          on_time: sql`transparency_application_monthly.on_time + excluded.on_time`,
          deemed: sql`transparency_application_monthly.deemed + excluded.deemed`,
        }),
      )
      .execute();
  }
  if (days.length > 0) {
    await db
      .insertInto('transparency_completion_days')
      .values(days.map((d) => ({ tenant_id: tenantId, ...d })))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'agency_id', 'service_id', 'month', 'working_days']).doUpdateSet({ applications: sql`transparency_completion_days.applications + excluded.applications` }),
      )
      .execute();
  }
}

export async function addComplaintDeltas(db: DbOrTx, tenantId: string, months: readonly ComplaintDelta[], cells: readonly CellDelta[]): Promise<void> {
  if (months.length > 0) {
    const add = (column: string) => sql<number>`${sql.ref(`transparency_complaint_monthly.${column}`)} + ${sql.ref(`excluded.${column}`)}`;
    await db
      .insertInto('transparency_complaint_monthly')
      .values(months.map((d) => ({ tenant_id: tenantId, ...d })))
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'agency_key', 'month', 'category_code']).doUpdateSet({
          received: add('received'),
          verified: add('verified'),
          verified_on_time: add('verified_on_time'),
          answered: add('answered'),
          answered_on_time: add('answered_on_time'),
          resolved: add('resolved'),
          rated: add('rated'),
          rating_sum: add('rating_sum'),
        }),
      )
      .execute();
  }
  if (cells.length > 0) {
    await db
      .insertInto('transparency_complaint_cells')
      .values(cells.map((d) => ({ tenant_id: tenantId, ...d })))
      .onConflict((oc) => oc.columns(['tenant_id', 'agency_key', 'month', 'cell']).doUpdateSet({ complaints: sql`transparency_complaint_cells.complaints + excluded.complaints` }))
      .execute();
  }
}

/** Forgets every fact and aggregate of the tenant (a rebuild then recounts from the sources). */
export async function deleteTenantAggregates(db: DbOrTx, tenantId: string): Promise<void> {
  for (const table of [
    'transparency_application_facts',
    'transparency_application_monthly',
    'transparency_completion_days',
    'transparency_complaint_facts',
    'transparency_complaint_monthly',
    'transparency_complaint_cells',
    'transparency_payment_facts',
    'transparency_payment_monthly',
    'transparency_active_citizens',
  ] as const) {
    await db.deleteFrom(table).where('tenant_id', '=', tenantId).execute();
  }
}

export interface Scope {
  agencyId?: string | undefined;
  serviceId?: string | undefined;
  /** First and last month (YYYY-MM-01), included. */
  from: string;
  to: string;
}

/** The period's application figures per month and agency (and service), and those before it (the in-progress count). */
export async function selectApplicationMonths(db: DbOrTx, tenantId: string, scope: Scope) {
  let q = db
    .selectFrom('transparency_application_monthly')
    .select((eb) => [
      'agency_id',
      'month',
      eb.fn.sum<string>('received').as('received'),
      eb.fn.sum<string>('closed').as('closed'),
      eb.fn.sum<string>('completed').as('completed'),
      eb.fn.sum<string>('timed').as('timed'),
      eb.fn.sum<string>('on_time').as('on_time'),
      eb.fn.sum<string>('deemed').as('deemed'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('month', '<=', scope.to);
  if (scope.agencyId) q = q.where('agency_id', '=', scope.agencyId);
  if (scope.serviceId) q = q.where('service_id', '=', scope.serviceId);
  const rows = await q.groupBy(['agency_id', 'month']).execute();
  return rows.map((r) => ({
    agencyId: r.agency_id,
    month: dayOf(r.month),
    received: Number(r.received),
    closed: Number(r.closed),
    completed: Number(r.completed),
    timed: Number(r.timed),
    onTime: Number(r.on_time),
    deemed: Number(r.deemed),
  }));
}

/** Completed applications of the period per working-day count. */
export async function selectCompletionDays(db: DbOrTx, tenantId: string, scope: Scope): Promise<{ workingDays: number; applications: number }[]> {
  let q = db
    .selectFrom('transparency_completion_days')
    .select((eb) => ['working_days', eb.fn.sum<string>('applications').as('applications')])
    .where('tenant_id', '=', tenantId)
    .where('month', '>=', scope.from)
    .where('month', '<=', scope.to);
  if (scope.agencyId) q = q.where('agency_id', '=', scope.agencyId);
  if (scope.serviceId) q = q.where('service_id', '=', scope.serviceId);
  const rows = await q.groupBy('working_days').orderBy('working_days').execute();
  return rows.map((r) => ({ workingDays: r.working_days, applications: Number(r.applications) })).filter((r) => r.applications > 0);
}

/** The period's complaint figures per month, agency and category. */
export async function selectComplaintMonths(db: DbOrTx, tenantId: string, scope: Scope) {
  let q = db
    .selectFrom('transparency_complaint_monthly')
    .select(['agency_key', 'month', 'category_code', 'received', 'verified', 'verified_on_time', 'answered', 'answered_on_time', 'resolved', 'rated', 'rating_sum'])
    .where('tenant_id', '=', tenantId)
    .where('month', '>=', scope.from)
    .where('month', '<=', scope.to)
    .where('received', '>', 0);
  if (scope.agencyId) q = q.where('agency_key', '=', scope.agencyId);
  return (await q.execute()).map((r) => ({ ...r, month: dayOf(r.month) }));
}

export async function selectComplaintCells(db: DbOrTx, tenantId: string, scope: Scope): Promise<{ cell: string; complaints: number }[]> {
  let q = db
    .selectFrom('transparency_complaint_cells')
    .select((eb) => ['cell', eb.fn.sum<string>('complaints').as('complaints')])
    .where('tenant_id', '=', tenantId)
    .where('month', '>=', scope.from)
    .where('month', '<=', scope.to);
  if (scope.agencyId) q = q.where('agency_key', '=', scope.agencyId);
  const rows = await q.groupBy('cell').execute();
  return rows.map((r) => ({ cell: r.cell, complaints: Number(r.complaints) })).filter((r) => r.complaints > 0);
}

export async function recordHealthCheck(db: DbOrTx, minute: Date, ok: boolean, roundTripMs: number): Promise<void> {
  await db
    .insertInto('transparency_health_checks')
    .values({ minute, ok, round_trip_ms: roundTripMs })
    .onConflict((oc) => oc.column('minute').doUpdateSet({ ok, round_trip_ms: roundTripMs }))
    .execute();
}

/** Checks recorded in [from, to): how many, how many succeeded, the first one's minute. */
export async function selectHealth(db: DbOrTx, from: Date, to: Date): Promise<{ checks: number; ok: number; first: Date | null }> {
  const row = await db
    .selectFrom('transparency_health_checks')
    .select((eb) => [eb.fn.countAll<string>().as('checks'), sql<string>`count(*) FILTER (WHERE ok)`.as('ok'), eb.fn.min('minute').as('first')])
    .where('minute', '>=', from)
    .where('minute', '<', to)
    .executeTakeFirstOrThrow();
  return { checks: Number(row.checks), ok: Number(row.ok), first: row.first ?? null };
}

// ---------------------------------------------------------------------------------------------------
// Migration 0100: payments collected, active citizens, response times.

/** The sign-ins' watermark: the last audit sequence number read. */
export async function selectSeqWatermark(db: DbOrTx, tenantId: string): Promise<{ seq: number; refreshedAt: Date } | undefined> {
  const row = await db.selectFrom('transparency_watermarks').select(['seq', 'refreshed_at']).where('tenant_id', '=', tenantId).where('source', '=', 'sign_ins').executeTakeFirst();
  return row && { seq: Number(row.seq ?? 0), refreshedAt: row.refreshed_at };
}

export async function saveSeqWatermark(db: DbOrTx, tenantId: string, seq: number, at: Date, refreshedAt: Date): Promise<void> {
  const NIL = '00000000-0000-0000-0000-000000000000';
  await db
    .insertInto('transparency_watermarks')
    .values({ tenant_id: tenantId, source: 'sign_ins', updated_at: at, id: NIL, seq, refreshed_at: refreshedAt })
    .onConflict((oc) => oc.columns(['tenant_id', 'source']).doUpdateSet({ updated_at: at, seq, refreshed_at: refreshedAt }))
    .execute();
}

export interface PaymentDelta {
  agency_id: string;
  service_key: string;
  month: string;
  paid: number;
  amount: number;
}

/** Marks these credits counted; returns the ids that were not yet (the overlap re-reads some). */
export async function claimPaymentFacts(db: DbOrTx, tenantId: string, ledgerIds: readonly string[]): Promise<Set<string>> {
  if (ledgerIds.length === 0) return new Set();
  const rows = await db
    .insertInto('transparency_payment_facts')
    .values(ledgerIds.map((id) => ({ tenant_id: tenantId, ledger_id: id })))
    .onConflict((oc) => oc.doNothing())
    .returning('ledger_id')
    .execute();
  return new Set(rows.map((r) => r.ledger_id));
}

export async function addPaymentDeltas(db: DbOrTx, tenantId: string, deltas: readonly PaymentDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await db
    .insertInto('transparency_payment_monthly')
    .values(deltas.map((d) => ({ tenant_id: tenantId, ...d })))
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'agency_id', 'service_key', 'month']).doUpdateSet({
        paid: sql`transparency_payment_monthly.paid + excluded.paid`,
        amount: sql`transparency_payment_monthly.amount + excluded.amount`,
      }),
    )
    .execute();
}

export async function addActiveCitizens(db: DbOrTx, tenantId: string, rows: readonly { month: string; citizen_key: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('transparency_active_citizens')
    .values(rows.map((r) => ({ tenant_id: tenantId, ...r })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The period's payments per month (agency and service scoped). */
export async function selectPaymentMonths(db: DbOrTx, tenantId: string, scope: Scope): Promise<{ month: string; paid: number; amount: number }[]> {
  let q = db
    .selectFrom('transparency_payment_monthly')
    .select((eb) => ['month', eb.fn.sum<string>('paid').as('paid'), eb.fn.sum<string>('amount').as('amount')])
    .where('tenant_id', '=', tenantId)
    .where('month', '>=', scope.from)
    .where('month', '<=', scope.to);
  if (scope.agencyId) q = q.where('agency_id', '=', scope.agencyId);
  if (scope.serviceId) q = q.where('service_key', '=', scope.serviceId);
  const rows = await q.groupBy('month').execute();
  return rows.map((r) => ({ month: dayOf(r.month), paid: Number(r.paid), amount: Number(r.amount) }));
}

/** Distinct citizens signed in per month of the period, and over the whole period. */
export async function selectActiveCitizens(db: DbOrTx, tenantId: string, scope: Scope): Promise<{ months: { month: string; citizens: number }[]; period: number }> {
  const { rows } = await sql<{ month: Date | string | null; citizens: string }>`
    SELECT month, count(*) AS citizens FROM transparency_active_citizens
     WHERE tenant_id = ${tenantId} AND month BETWEEN ${scope.from}::date AND ${scope.to}::date
     GROUP BY GROUPING SETS ((month), ())`.execute(db);
  const months = rows.filter((r) => r.month !== null).map((r) => ({ month: dayOf(r.month), citizens: Number(r.citizens) }));
  // The period's distinct count: one month's rows are distinct already; several months need a DISTINCT.
  const period =
    months.length <= 1
      ? (months[0]?.citizens ?? 0)
      : Number(
          (
            await sql<{ n: string }>`SELECT count(DISTINCT citizen_key) AS n FROM transparency_active_citizens
               WHERE tenant_id = ${tenantId} AND month BETWEEN ${scope.from}::date AND ${scope.to}::date`.execute(db)
          ).rows[0]!.n,
        );
  return { months, period };
}

/** Adds a process's counts to the hour's histogram (element-wise; the arrays have the same length). */
export async function addResponseCounts(db: DbOrTx, hour: Date, buckets: readonly number[]): Promise<void> {
  await sql`
    INSERT INTO transparency_response_hours (hour, buckets) VALUES (${hour}, ${[...buckets]}::integer[])
    ON CONFLICT (hour) DO UPDATE SET buckets = ARRAY(
      SELECT coalesce(a, 0) + coalesce(b, 0) FROM unnest(transparency_response_hours.buckets, excluded.buckets) AS u(a, b))`.execute(db);
}

/** The histogram of [from, to): each bucket's count summed over the hours. */
export async function selectResponseCounts(db: DbOrTx, from: Date, to: Date): Promise<number[]> {
  const { rows } = await sql<{ i: number; n: string }>`
    SELECT u.i::int AS i, sum(u.n) AS n FROM transparency_response_hours h, unnest(h.buckets) WITH ORDINALITY AS u(n, i)
     WHERE h.hour >= ${from} AND h.hour < ${to} GROUP BY u.i ORDER BY u.i`.execute(db);
  const out: number[] = [];
  for (const r of rows) out[r.i - 1] = Number(r.n);
  return Array.from(out, (v) => v ?? 0);
}
