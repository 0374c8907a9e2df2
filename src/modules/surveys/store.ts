// The SQL of the surveys module's tables (migration 0076): invitations, responses and the daily
// aggregates. Every function takes the tenant first; row-level security checks it again. A response
// and its aggregate row are written by the caller in one transaction (addResponses does both).
import { type Insertable, type Selectable, sql } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { SurveyInvitationTable, SurveyResponseTable } from '../../db/schema-surveys.js';
import { ELEMENTS, type ElementTotals, emptyTotals } from './ikm.js';

export const TABLES = ['survey_invitations', 'survey_responses', 'survey_daily'] as const;

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
 * Inserts responses and adds them to their days' aggregates, in the caller's transaction. Returns
 * false (and inserts nothing) when one answers an application or kiosk code already answered.
 */
export async function addResponses(db: DbOrTx, tenantId: string, rows: readonly NewResponse[]): Promise<boolean> {
  if (rows.length === 0) return true;
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const inserted = await db.insertInto('survey_responses').values(chunk).onConflict((oc) => oc.doNothing()).returning('id').execute();
    if (inserted.length !== chunk.length) return false;
  }
  // One upsert per (agency, service, day): the sums of the rows added.
  const groups = new Map<string, { agency_id: string; service_id: string; day: string; respondents: number } & Record<(typeof ELEMENTS)[number], number>>();
  for (const row of rows) {
    const key = `${row.agency_id}|${row.service_id}|${row.day}`;
    const group = groups.get(key) ?? { agency_id: row.agency_id, service_id: row.service_id, day: row.day, respondents: 0, ...Object.fromEntries(ELEMENTS.map((k) => [k, 0])) } as never;
    groups.set(key, group);
    (group as { respondents: number }).respondents += 1;
    for (const k of ELEMENTS) (group as Record<string, number>)[k]! += row[k] as number;
  }
  const values = [...groups.values()].map((g) => ({ tenant_id: tenantId, ...g }));
  const add = Object.fromEntries(['respondents', ...ELEMENTS].map((c) => [c, sql`survey_daily.${sql.ref(c)} + excluded.${sql.ref(c)}`]));
  for (let i = 0; i < values.length; i += 1000) {
    await db
      .insertInto('survey_daily')
      .values(values.slice(i, i + 1000))
      .onConflict((oc) => oc.columns(['tenant_id', 'agency_id', 'service_id', 'day']).doUpdateSet(add))
      .execute();
  }
  return true;
}

export interface PeriodFilter {
  agencyId?: string;
  serviceId?: string;
  /** Inclusive days, YYYY-MM-DD in the tenant's zone. */
  from: string;
  to: string;
}

/** Respondents, the nine sums and the service users of a period, from the aggregates. */
export async function selectPeriodTotals(db: DbOrTx, tenantId: string, filter: PeriodFilter): Promise<{ respondents: number; served: number; totals: ElementTotals }> {
  let query = db
    .selectFrom('survey_daily')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<number>('respondents'), sql<number>`0`).as('respondents'),
      eb.fn.coalesce(eb.fn.sum<number>('served'), sql<number>`0`).as('served'),
      ...ELEMENTS.map((k) => eb.fn.coalesce(eb.fn.sum<number>(k), sql<number>`0`).as(k)),
    ])
    .where('tenant_id', '=', tenantId)
    .where('day', '>=', filter.from)
    .where('day', '<=', filter.to);
  if (filter.agencyId) query = query.where('agency_id', '=', filter.agencyId);
  if (filter.serviceId) query = query.where('service_id', '=', filter.serviceId);
  const row = (await query.executeTakeFirstOrThrow()) as unknown as Record<string, string | number>;
  const respondents = Number(row.respondents);
  const totals = emptyTotals();
  for (const k of ELEMENTS) totals[k] = { sum: Number(row[k]), answered: respondents };
  return { respondents, served: Number(row.served), totals };
}

/** The period's suggestions, newest first (text only: a response names no one). */
export async function selectSuggestions(db: DbOrTx, tenantId: string, filter: PeriodFilter, limit: number): Promise<{ suggestion: string; day: string }[]> {
  let query = db
    .selectFrom('survey_responses')
    .select([sql<string>`suggestion`.as('suggestion'), sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day')])
    .where('tenant_id', '=', tenantId)
    .where('suggestion', 'is not', null)
    .where('day', '>=', filter.from)
    .where('day', '<=', filter.to);
  if (filter.agencyId) query = query.where('agency_id', '=', filter.agencyId);
  if (filter.serviceId) query = query.where('service_id', '=', filter.serviceId);
  return query.orderBy('day', 'desc').orderBy('id').limit(limit).execute();
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
