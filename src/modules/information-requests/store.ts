// The SQL of the information-requests tables (migration 0084). Every function takes the tenant first;
// row-level security checks it again.
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { InformationAnswerFileTable, InformationAnswerLinkTable, InformationConsequenceTestTable, InformationObjectionTable, InformationRequestTable } from '../../db/schema-information-requests.js';

export type RequestRow = Selectable<InformationRequestTable>;
export type ObjectionRow = Selectable<InformationObjectionTable>;
export type ConsequenceTestRow = Selectable<InformationConsequenceTestTable>;
export type AnswerFileRow = Selectable<InformationAnswerFileTable>;
export type AnswerLinkRow = Selectable<InformationAnswerLinkTable>;

// The pool reads a \`date\` column as a Date at the process's local midnight; the days are read as
// their text (YYYY-MM-DD) instead, which is what the rules and the API use.
const REQUEST_COLUMNS = [
  'tenant_id', 'id', 'number', 'channel', 'citizen_id', 'requester_name', 'requester_contact', 'requester_kind', 'entity_name', 'entity_document_file_id',
  'information', 'purpose', 'delivery', 'received_at', 'due_at', 'calendar_confirmed', 'extension_days', 'extension_reason', 'extended_at', 'decision',
  'redaction', 'holder', 'consequence_test_id', 'answer_text', 'decided_at', 'decided_working_days', 'decided_by', 'recorded_by', 'created_at',
  'copy_handover_method', 'copy_recorded_at', 'copy_recorded_by',
] as const;
const requestDays = [
  sql<string>`received_on::text`.as('received_on'),
  sql<string>`due_on::text`.as('due_on'),
  sql<string | null>`decided_on::text`.as('decided_on'),
  sql<string | null>`copy_handed_over_on::text`.as('copy_handed_over_on'),
];
const OBJECTION_COLUMNS = ['tenant_id', 'request_id', 'ground', 'reason', 'filed_at', 'filed_by', 'due_at', 'answer', 'upheld', 'answered_at', 'answered_by'] as const;
const objectionDue = sql<string>`due_on::text`.as('due_on');

export async function insertRequest(db: DbOrTx, row: Insertable<InformationRequestTable>): Promise<void> {
  await db.insertInto('information_requests').values(row).execute();
}

/** The request, locked for update when `lock` (a decision or extension serialises on it). */
export async function selectRequest(db: DbOrTx, tenantId: string, id: string, lock = false): Promise<RequestRow | undefined> {
  let query = db.selectFrom('information_requests').select(REQUEST_COLUMNS).select(requestDays).where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function updateRequest(db: DbOrTx, tenantId: string, id: string, set: Updateable<InformationRequestTable>): Promise<void> {
  await db.updateTable('information_requests').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Open requests by deadline, then the latest decided ones (the PPID's queue). */
export async function selectQueue(db: DbOrTx, tenantId: string, limit: number): Promise<{ open: RequestRow[]; decided: RequestRow[] }> {
  const open = await db.selectFrom('information_requests').select(REQUEST_COLUMNS).select(requestDays).where('tenant_id', '=', tenantId).where('decision', 'is', null).orderBy('due_at').orderBy('id').limit(limit).execute();
  const decided = await db.selectFrom('information_requests').select(REQUEST_COLUMNS).select(requestDays).where('tenant_id', '=', tenantId).where('decision', 'is not', null).orderBy('decided_at', 'desc').limit(limit).execute();
  return { open, decided };
}

export async function selectRequestsOf(db: DbOrTx, tenantId: string, citizenId: string): Promise<RequestRow[]> {
  return db.selectFrom('information_requests').select(REQUEST_COLUMNS).select(requestDays).where('tenant_id', '=', tenantId).where('citizen_id', '=', citizenId).orderBy('received_at', 'desc').limit(100).execute();
}

export async function insertConsequenceTest(db: DbOrTx, row: Insertable<InformationConsequenceTestTable>): Promise<void> {
  await db.insertInto('information_consequence_tests').values(row).execute();
}

export async function selectConsequenceTest(db: DbOrTx, tenantId: string, id: string): Promise<ConsequenceTestRow | undefined> {
  return db.selectFrom('information_consequence_tests').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export async function selectConsequenceTests(db: DbOrTx, tenantId: string, limit: number): Promise<ConsequenceTestRow[]> {
  return db.selectFrom('information_consequence_tests').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at', 'desc').limit(limit).execute();
}

export async function insertUpload(db: DbOrTx, row: { tenant_id: string; file_id: string; citizen_id: string; created_at: Date }): Promise<void> {
  await db.insertInto('information_request_uploads').values(row).execute();
}

export async function uploadedBy(db: DbOrTx, tenantId: string, fileId: string, citizenId: string): Promise<boolean> {
  const row = await db.selectFrom('information_request_uploads').select('file_id').where('tenant_id', '=', tenantId).where('file_id', '=', fileId).where('citizen_id', '=', citizenId).executeTakeFirst();
  return row !== undefined;
}

export async function insertAnswerFile(db: DbOrTx, row: Insertable<InformationAnswerFileTable>): Promise<void> {
  await db.insertInto('information_answer_files').values(row).execute();
}

/** A request's answer files, oldest first: all of them (the PPID), or only those its decision delivered. */
export async function selectAnswerFiles(db: DbOrTx, tenantId: string, requestId: string, deliveredOnly: boolean): Promise<AnswerFileRow[]> {
  let query = db.selectFrom('information_answer_files').selectAll().where('tenant_id', '=', tenantId).where('request_id', '=', requestId);
  if (deliveredOnly) query = query.where('delivered_at', 'is not', null);
  return query.orderBy('uploaded_at').orderBy('file_id').execute();
}

export async function markAnswerFilesDelivered(db: DbOrTx, tenantId: string, requestId: string, fileIds: readonly string[], at: Date): Promise<void> {
  if (fileIds.length === 0) return;
  await db.updateTable('information_answer_files').set({ delivered_at: at }).where('tenant_id', '=', tenantId).where('request_id', '=', requestId).where('file_id', 'in', fileIds).execute();
}

export async function insertAnswerLink(db: DbOrTx, row: Insertable<InformationAnswerLinkTable>): Promise<void> {
  await db.insertInto('information_answer_links').values(row).execute();
}

export async function selectAnswerLinkByToken(db: DbOrTx, tenantId: string, tokenSha256: string): Promise<AnswerLinkRow | undefined> {
  return db.selectFrom('information_answer_links').selectAll().where('tenant_id', '=', tenantId).where('token_sha256', '=', tokenSha256).executeTakeFirst();
}

/** Inserts the objection; false when the request has one already. */
export async function insertObjection(db: DbOrTx, row: Insertable<InformationObjectionTable>): Promise<boolean> {
  const inserted = await db.insertInto('information_objections').values(row).onConflict((oc) => oc.columns(['tenant_id', 'request_id']).doNothing()).returning('request_id').executeTakeFirst();
  return inserted !== undefined;
}

export async function selectObjection(db: DbOrTx, tenantId: string, requestId: string, lock = false): Promise<ObjectionRow | undefined> {
  let query = db.selectFrom('information_objections').select(OBJECTION_COLUMNS).select(objectionDue).where('tenant_id', '=', tenantId).where('request_id', '=', requestId);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function updateObjection(db: DbOrTx, tenantId: string, requestId: string, set: Updateable<InformationObjectionTable>): Promise<void> {
  await db.updateTable('information_objections').set(set).where('tenant_id', '=', tenantId).where('request_id', '=', requestId).execute();
}

/** Objections with their requests' numbers, unanswered first by deadline (the superior's queue). */
export async function selectObjections(db: DbOrTx, tenantId: string, limit: number): Promise<(ObjectionRow & { number: string })[]> {
  return db
    .selectFrom('information_objections as o')
    .innerJoin('information_requests as r', (join) => join.onRef('r.tenant_id', '=', 'o.tenant_id').onRef('r.id', '=', 'o.request_id'))
    .select(OBJECTION_COLUMNS.map((c) => `o.${c}` as const))
    .select([sql<string>`o.due_on::text`.as('due_on'), 'r.number'])
    .where('o.tenant_id', '=', tenantId)
    .orderBy(sql`o.answered_at IS NOT NULL`)
    .orderBy('o.due_at')
    .limit(limit)
    .execute();
}

export interface YearFigures {
  requests: number;
  paper: number;
  legalEntities: number;
  extended: number;
  open: number;
  /** Decided by their deadline (extended, when it was). */
  decidedOnTime: number;
  decisions: Record<string, number>;
  averageWorkingDays: number | null;
  objections: number;
  objectionsAnswered: number;
  objectionsUpheld: number;
}

/** The figures of the requests received in [from, to] (days in the tenant's zone), in two statements. */
export async function selectYearFigures(db: DbOrTx, tenantId: string, from: string, to: string): Promise<YearFigures> {
  const rows = await db
    .selectFrom('information_requests')
    .select((eb) => [
      'decision',
      eb.fn.countAll<string>().as('n'),
      sql<string>`count(*) FILTER (WHERE channel = 'paper')`.as('paper'),
      sql<string>`count(*) FILTER (WHERE requester_kind = 'legal_entity')`.as('entities'),
      sql<string>`count(*) FILTER (WHERE extension_days IS NOT NULL)`.as('extended'),
      sql<string>`coalesce(sum(decided_working_days), 0)`.as('days'),
      sql<string>`count(*) FILTER (WHERE decided_at <= due_at)`.as('on_time'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('received_on', '>=', from)
    .where('received_on', '<=', to)
    .groupBy('decision')
    .execute();
  const objections = await db
    .selectFrom('information_objections as o')
    .innerJoin('information_requests as r', (join) => join.onRef('r.tenant_id', '=', 'o.tenant_id').onRef('r.id', '=', 'o.request_id'))
    .select([sql<string>`count(*)`.as('n'), sql<string>`count(*) FILTER (WHERE o.answered_at IS NOT NULL)`.as('answered'), sql<string>`count(*) FILTER (WHERE o.upheld)`.as('upheld')])
    .where('o.tenant_id', '=', tenantId)
    .where('r.received_on', '>=', from)
    .where('r.received_on', '<=', to)
    .executeTakeFirstOrThrow();
  const figures: YearFigures = { requests: 0, paper: 0, legalEntities: 0, extended: 0, open: 0, decidedOnTime: 0, decisions: {}, averageWorkingDays: null, objections: Number(objections.n), objectionsAnswered: Number(objections.answered), objectionsUpheld: Number(objections.upheld) };
  let decided = 0;
  let days = 0;
  for (const row of rows) {
    const n = Number(row.n);
    figures.requests += n;
    figures.paper += Number(row.paper);
    figures.legalEntities += Number(row.entities);
    figures.extended += Number(row.extended);
    figures.decidedOnTime += Number(row.on_time);
    if (row.decision === null) figures.open += n;
    else {
      figures.decisions[row.decision] = n;
      decided += n;
      days += Number(row.days);
    }
  }
  if (decided > 0) figures.averageWorkingDays = Math.round((days / decided) * 100) / 100;
  return figures;
}

/** Erasure: the person's unused uploads go; their requests are kept (a record the law requires kept) without their name. */
export async function eraseRequesterOf(db: DbOrTx, tenantId: string, citizenId: string): Promise<number> {
  await db.deleteFrom('information_request_uploads').where('tenant_id', '=', tenantId).where('citizen_id', '=', citizenId).execute();
  const result = await db.updateTable('information_requests').set({ requester_name: '—', requester_contact: null }).where('tenant_id', '=', tenantId).where('citizen_id', '=', citizenId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Per deciding officer: requests decided in [from, to), on time, mean time from receipt (officer-figures.ts). */
export async function selectDecisionFiguresByOfficer(db: DbOrTx, tenantId: string, from: Date, to: Date) {
  const { rows } = await sql<{ officer_id: string; decided: number; on_time: number; average_ms: number | null }>`
      SELECT substr(decided_by, 9) AS officer_id,
        count(*)::int AS decided,
        count(*) FILTER (WHERE decided_at <= due_at)::int AS on_time,
        avg(extract(epoch FROM decided_at - received_at) * 1000)::float8 AS average_ms
      FROM information_requests
      WHERE tenant_id = ${tenantId} AND decided_at >= ${from} AND decided_at < ${to} AND decided_by LIKE 'officer:%'
      GROUP BY decided_by`.execute(db);
  return rows;
}

/** Open requests past their deadline at `now`. */
export async function countOverdueOpen(db: DbOrTx, tenantId: string, now: Date): Promise<number> {
  const { rows } = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM information_requests
      WHERE tenant_id = ${tenantId} AND decision IS NULL AND due_at < ${now}`.execute(db);
  return rows[0]?.count ?? 0;
}
