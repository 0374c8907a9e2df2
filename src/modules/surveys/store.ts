// The SQL of the surveys module's tables (migrations 0076, 0089, 0090): invitations, responses, the
// daily aggregates, follow-ups and kiosk codes. Every function takes the tenant first; row-level
// security checks it again. A response and its aggregate row are written in the caller's one
// transaction (addResponses does both).
import { type Insertable, type Selectable, sql } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { SurveyDailyTable, SurveyFollowUpTable, SurveyInvitationTable, SurveyKioskCodeTable, SurveyResponseTable } from '../../db/schema-surveys.js';
import { ELEMENTS, type ElementKey, type ElementTotals, emptyTotals } from './ikm.js';
import { TOPICS, type Topic, topicColumn, topicOf } from './topics.js';

export const TABLES = ['survey_invitations', 'survey_responses', 'survey_daily', 'survey_follow_ups', 'survey_kiosk_codes'] as const;

export type InvitationRow = Selectable<SurveyInvitationTable>;
export type NewResponse = Insertable<SurveyResponseTable>;

/** Records an invitation and counts the service user on the day; false when the application was already invited. */
export async function insertInvitation(db: DbOrTx, row: Insertable<SurveyInvitationTable>, day: string): Promise<boolean> {
  const inserted = await db.insertInto('survey_invitations').values(row).onConflict((oc) => oc.columns(['tenant_id', 'application_id']).doNothing()).returning('application_id').executeTakeFirst();
  if (!inserted) return false;
  await db
    .insertInto('survey_daily')
    .values({ tenant_id: row.tenant_id, agency_id: row.agency_id, service_id: row.service_id, day, served: 1 })
    .onConflict((oc) => oc.columns(['tenant_id', 'agency_id', 'service_id', 'day']).doUpdateSet({ served: sql`survey_daily.served + 1` }))
    .execute();
  return true;
}

export async function selectInvitation(db: DbOrTx, tenantId: string, applicationId: string): Promise<InvitationRow | undefined> {
  return db.selectFrom('survey_invitations').selectAll().where('tenant_id', '=', tenantId).where('application_id', '=', applicationId).executeTakeFirst();
}

export async function responseExistsFor(db: DbOrTx, tenantId: string, applicationId: string): Promise<boolean> {
  const row = await db.selectFrom('survey_responses').select('id').where('tenant_id', '=', tenantId).where('application_id', '=', applicationId).executeTakeFirst();
  return row !== undefined;
}

/**
 * Inserts responses and adds them to their days' aggregates, in the caller's transaction. Each
 * suggestion gets its topic here (topics.ts), so every channel groups alike. Returns false (and
 * inserts nothing) when one answers an application or kiosk code already answered.
 */
export async function addResponses(db: DbOrTx, tenantId: string, input: readonly NewResponse[]): Promise<boolean> {
  if (input.length === 0) return true;
  const rows = input.map((row) => ({ ...row, suggestion_topic: row.suggestion ? topicOf(row as Record<ElementKey, number>) : null }));
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const inserted = await db.insertInto('survey_responses').values(chunk).onConflict((oc) => oc.doNothing()).returning('id').execute();
    if (inserted.length !== chunk.length) return false;
  }
  // One upsert per (agency, service, day): the sums and topic counts of the rows added.
  const groups = new Map<string, Record<string, string | number>>();
  for (const row of rows) {
    const key = `${row.agency_id}|${row.service_id}|${row.day}`;
    let group = groups.get(key);
    if (!group) {
      group = { tenant_id: tenantId, agency_id: row.agency_id, service_id: row.service_id, day: row.day, ...Object.fromEntries(COUNTED.map((c) => [c, 0])) };
      groups.set(key, group);
    }
    (group.respondents as number) += 1;
    for (const k of ELEMENTS) (group[k] as number) += row[k] as number;
    if (row.suggestion_topic) (group[topicColumn(row.suggestion_topic as Topic)] as number) += 1;
  }
  const values = [...groups.values()] as Insertable<SurveyDailyTable>[];
  const add = Object.fromEntries(COUNTED.map((c) => [c, sql`survey_daily.${sql.ref(c)} + excluded.${sql.ref(c)}`]));
  for (let i = 0; i < values.length; i += 1000) {
    await db
      .insertInto('survey_daily')
      .values(values.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['tenant_id', 'agency_id', 'service_id', 'day']).doUpdateSet(add))
      .execute();
  }
  return true;
}

/** The aggregate columns a response adds to. */
const COUNTED = ['respondents', ...ELEMENTS, ...TOPICS.map(topicColumn)] as const;

export interface PeriodFilter {
  agencyId?: string;
  serviceId?: string;
  /** Inclusive days, YYYY-MM-DD in the tenant's zone. */
  from: string;
  to: string;
}

export interface PeriodTotals {
  respondents: number;
  totals: ElementTotals;
  /** Suggestions per topic in the period. */
  topics: Record<Topic, number>;
  /** Service users of the previous period (from `previousFrom` to the day before `from`). */
  servedBefore: number;
}

/**
 * A period's respondents, nine sums and topic counts, and the previous period's service users, in one
 * statement over the daily aggregates (a tenant's year is a few tens of thousands of rows, whatever
 * the number of responses).
 */
export async function selectPeriodTotals(db: DbOrTx, tenantId: string, filter: PeriodFilter, previousFrom: string): Promise<PeriodTotals> {
  const inPeriod = sql`day >= ${filter.from}`;
  let query = db
    .selectFrom('survey_daily')
    .select((eb) => [
      ...['respondents', ...ELEMENTS, ...TOPICS.map(topicColumn)].map((c) => sql<string>`coalesce(sum(${eb.ref(c as 'respondents')}) FILTER (WHERE ${inPeriod}), 0)`.as(c)),
      sql<string>`coalesce(sum(served) FILTER (WHERE NOT (${inPeriod})), 0)`.as('served_before'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('day', '>=', previousFrom)
    .where('day', '<=', filter.to);
  if (filter.agencyId) query = query.where('agency_id', '=', filter.agencyId);
  if (filter.serviceId) query = query.where('service_id', '=', filter.serviceId);
  const row = (await query.executeTakeFirstOrThrow()) as Record<string, string>;
  const respondents = Number(row.respondents);
  const totals = emptyTotals();
  for (const k of ELEMENTS) totals[k] = { sum: Number(row[k]), answered: respondents };
  const topics = Object.fromEntries(TOPICS.map((topic) => [topic, Number(row[topicColumn(topic)])])) as Record<Topic, number>;
  return { respondents, totals, topics, servedBefore: Number(row.served_before) };
}

/** The period's respondents and element sums of every agency with responses: one statement for a league table. */
export async function selectTotalsByAgency(db: DbOrTx, tenantId: string, from: string, to: string): Promise<Map<string, { respondents: number; totals: ElementTotals }>> {
  const rows = (await db
    .selectFrom('survey_daily')
    .select((eb) => ['agency_id', ...['respondents', ...ELEMENTS].map((c) => sql<string>`coalesce(sum(${eb.ref(c as 'respondents')}), 0)`.as(c))])
    .where('tenant_id', '=', tenantId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('agency_id')
    .execute()) as Record<string, string>[];
  const out = new Map<string, { respondents: number; totals: ElementTotals }>();
  for (const row of rows) {
    const respondents = Number(row.respondents);
    const totals = emptyTotals();
    for (const k of ELEMENTS) totals[k] = { sum: Number(row[k]), answered: respondents };
    out.set(String(row.agency_id), { respondents, totals });
  }
  return out;
}

/**
 * The latest `perTopic` suggestions of each topic in the period (text only: a response names no one),
 * one index probe per topic. The day is selected under another name than the column: ordering by an
 * output column named "day" would sort the formatted text and read every suggestion of the period.
 */
export async function selectLatestByTopic(db: DbOrTx, tenantId: string, filter: PeriodFilter, perTopic: number): Promise<{ topic: Topic; suggestion: string; on_day: string }[]> {
  const scope = sql.join(
    [
      sql`r.tenant_id = ${tenantId}`,
      sql`r.suggestion IS NOT NULL`,
      sql`r.suggestion_topic = t.topic`,
      sql`r.day >= ${filter.from}`,
      sql`r.day <= ${filter.to}`,
      ...(filter.agencyId ? [sql`r.agency_id = ${filter.agencyId}`] : []),
      ...(filter.serviceId ? [sql`r.service_id = ${filter.serviceId}`] : []),
    ],
    sql` AND `,
  );
  const result = await sql<{ topic: Topic; suggestion: string; on_day: string }>`
    SELECT t.topic, s.suggestion, s.on_day
    FROM unnest(${sql.val([...TOPICS])}::text[]) AS t (topic)
    CROSS JOIN LATERAL (
      SELECT r.suggestion, to_char(r.day, 'YYYY-MM-DD') AS on_day
      FROM survey_responses r WHERE ${scope}
      ORDER BY r.day DESC, r.id LIMIT ${perTopic}
    ) s`.execute(db);
  return result.rows;
}

/** Records (or replaces) an agency's follow-up of a period's results. */
export async function upsertFollowUp(db: DbOrTx, row: Insertable<SurveyFollowUpTable>): Promise<void> {
  await db
    .insertInto('survey_follow_ups')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'agency_id', 'period_from', 'period_to']).doUpdateSet({ follow_up: row.follow_up, recorded_by: row.recorded_by, recorded_at: row.recorded_at }))
    .execute();
}

/** The follow-ups recorded for exactly this period (one agency's, or every agency's). */
export async function selectFollowUps(db: DbOrTx, tenantId: string, period: { from: string; to: string; agencyId?: string }): Promise<Selectable<SurveyFollowUpTable>[]> {
  let query = db.selectFrom('survey_follow_ups').selectAll().where('tenant_id', '=', tenantId).where('period_from', '=', period.from).where('period_to', '=', period.to);
  if (period.agencyId) query = query.where('agency_id', '=', period.agencyId);
  return query.execute();
}

/** A new kiosk code, and its visitor counted as a service user of the day. False when the code exists. */
export async function insertKioskCode(db: DbOrTx, row: Insertable<SurveyKioskCodeTable>, day: string): Promise<boolean> {
  const inserted = await db.insertInto('survey_kiosk_codes').values(row).onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing()).returning('code').executeTakeFirst();
  if (!inserted) return false;
  await db
    .insertInto('survey_daily')
    .values({ tenant_id: row.tenant_id, agency_id: row.agency_id, service_id: row.service_id, day, served: 1 })
    .onConflict((oc) => oc.columns(['tenant_id', 'agency_id', 'service_id', 'day']).doUpdateSet({ served: sql`survey_daily.served + 1` }))
    .execute();
  return true;
}

export async function selectKioskCode(db: DbOrTx, tenantId: string, code: string, forUpdate = false): Promise<Selectable<SurveyKioskCodeTable> | undefined> {
  let query = db.selectFrom('survey_kiosk_codes').selectAll().where('tenant_id', '=', tenantId).where('code', '=', code);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function markKioskCodeAnswered(db: DbOrTx, tenantId: string, code: string, at: Date): Promise<void> {
  await db.updateTable('survey_kiosk_codes').set({ answered_at: at }).where('tenant_id', '=', tenantId).where('code', '=', code).execute();
}

/** Erasure: the person's invitations go (their responses never named them). */
export async function deleteInvitationsOf(db: DbOrTx, tenantId: string, citizenId: string): Promise<number> {
  const result = await db.deleteFrom('survey_invitations').where('tenant_id', '=', tenantId).where('citizen_id', '=', citizenId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Whether the tenant has any import from this source yet (the demo seed's idempotence). */
export async function importedFrom(db: DbOrTx, tenantId: string, source: string): Promise<boolean> {
  const row = await db.selectFrom('survey_responses').select('id').where('tenant_id', '=', tenantId).where('import_source', '=', source).limit(1).executeTakeFirst();
  return row !== undefined;
}
