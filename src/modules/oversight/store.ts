// The SQL of the oversight tables (migration 0096): the job's cursor, the officer actions it read from
// the audit chain, the flags, the officers' kinship keys. Every function takes the tenant first;
// row-level security checks it again (callers run them inside withTenant).
import { type Insertable, sql } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { FlagKind, OversightActionTable } from '../../db/schema-oversight.js';

export const TABLES = ['oversight_cursors', 'oversight_actions', 'oversight_flags', 'oversight_officer_keys'] as const;

export type ActionInsert = Insertable<OversightActionTable>;

export async function selectCursor(db: DbOrTx, tenantId: string): Promise<number> {
  const row = await db.selectFrom('oversight_cursors').select('last_seq').where('tenant_id', '=', tenantId).forUpdate().executeTakeFirst();
  return row ? Number(row.last_seq) : 0;
}

export async function saveCursor(db: DbOrTx, tenantId: string, lastSeq: number, at: Date): Promise<void> {
  await db
    .insertInto('oversight_cursors')
    .values({ tenant_id: tenantId, last_seq: lastSeq, ran_at: at })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ last_seq: lastSeq, ran_at: at }))
    .execute();
}

export async function insertActions(db: DbOrTx, rows: readonly ActionInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('oversight_actions').values([...rows]).onConflict((oc) => oc.columns(['tenant_id', 'seq']).doNothing()).execute();
}

/** The time of the last step-moving action of each application before `beforeSeq` (submission or decision). */
export async function selectLastMoves(db: DbOrTx, tenantId: string, applicationIds: readonly string[], beforeSeq: number): Promise<Map<string, Date>> {
  if (applicationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('oversight_actions')
    .select(['application_id', (eb) => eb.fn.max('at').as('at')])
    .where('tenant_id', '=', tenantId)
    .where('application_id', 'in', [...applicationIds])
    .where('action', 'in', ['submitted', 'decided'])
    .where('seq', '<', beforeSeq)
    .groupBy('application_id')
    .execute();
  return new Map(rows.map((r) => [r.application_id!, new Date(r.at as unknown as string)]));
}

export interface ActionRow {
  seq: number;
  at: Date;
  officerId: string | null;
  action: string;
  verb: string;
  applicationId: string | null;
  invoiceId: string | null;
  serviceId: string | null;
  dueAt: Date | null;
  closingMs: number | null;
}

const ACTION_COLUMNS = [
  'seq',
  'at',
  'officer_id as officerId',
  'action',
  'verb',
  'application_id as applicationId',
  'invoice_id as invoiceId',
  'service_id as serviceId',
  'due_at as dueAt',
  'closing_ms as closingMs',
] as const;

const asAction = (r: Record<string, unknown>): ActionRow => ({ ...(r as unknown as ActionRow), seq: Number(r.seq), closingMs: r.closingMs == null ? null : Number(r.closingMs) });

/** Actions of the kinds given with seq in (fromSeq, toSeq], in order. */
export async function selectActionsBetween(db: DbOrTx, tenantId: string, fromSeq: number, toSeq: number): Promise<ActionRow[]> {
  const rows = await db.selectFrom('oversight_actions').select(ACTION_COLUMNS).where('tenant_id', '=', tenantId).where('seq', '>', fromSeq).where('seq', '<=', toSeq).orderBy('seq').execute();
  return rows.map(asAction);
}

/** An officer's decisions in [from, to], in order (the after-hours window looks back from new ones). */
export async function selectDecisionsOf(db: DbOrTx, tenantId: string, officerId: string, from: Date, to: Date): Promise<ActionRow[]> {
  const rows = await db
    .selectFrom('oversight_actions')
    .select(ACTION_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('officer_id', '=', officerId)
    .where('action', '=', 'decided')
    .where('at', '>=', from)
    .where('at', '<=', to)
    .orderBy('seq')
    .execute();
  return rows.map(asAction);
}

/** The assignments of one application, in order. */
export async function selectAssignments(db: DbOrTx, tenantId: string, applicationId: string): Promise<ActionRow[]> {
  const rows = await db.selectFrom('oversight_actions').select(ACTION_COLUMNS).where('tenant_id', '=', tenantId).where('application_id', '=', applicationId).where('action', '=', 'assigned').orderBy('seq').execute();
  return rows.map(asAction);
}

/** The audit sequence number of an application's submission, as the job read it. */
export async function selectSubmissionSeq(db: DbOrTx, tenantId: string, applicationId: string): Promise<number | undefined> {
  const row = await db.selectFrom('oversight_actions').select('seq').where('tenant_id', '=', tenantId).where('application_id', '=', applicationId).where('action', '=', 'submitted').executeTakeFirst();
  return row ? Number(row.seq) : undefined;
}

/** Whole durations (ms) of the service's applications closed by a decision in [from, to). */
export async function selectClosingDurations(db: DbOrTx, tenantId: string, serviceId: string, from: Date, to: Date): Promise<number[]> {
  const rows = await db
    .selectFrom('oversight_actions')
    .select('closing_ms')
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .where('closing_ms', 'is not', null)
    .where('at', '>=', from)
    .where('at', '<', to)
    .execute();
  return rows.map((r) => Number(r.closing_ms));
}

export interface IndicatorRow {
  officerId: string;
  agencyId: string | null;
  decisions: number;
  items: number;
  withDeadline: number;
  onTime: number;
  averageWaitMs: number | null;
}

/** Per officer (and the agency of the items), the decisions in [from, to): one GROUP BY. */
export async function selectIndicators(db: DbOrTx, tenantId: string, from: Date, to: Date): Promise<IndicatorRow[]> {
  const rows = await db
    .selectFrom('oversight_actions')
    .select([
      'officer_id as officerId',
      'agency_id as agencyId',
      (eb) => eb.fn.countAll<number>().as('decisions'),
      sql<number>`count(DISTINCT application_id)`.as('items'),
      sql<number>`count(on_time)`.as('withDeadline'),
      sql<number>`count(*) FILTER (WHERE on_time)`.as('onTime'),
      sql<number | null>`avg(waited_ms)`.as('averageWaitMs'),
    ])
    .where('tenant_id', '=', tenantId)
    .where('action', '=', 'decided')
    .where('officer_id', 'is not', null)
    .where('at', '>=', from)
    .where('at', '<', to)
    .groupBy(['officer_id', 'agency_id'])
    .execute();
  return rows.map((r) => ({
    officerId: r.officerId!,
    agencyId: r.agencyId,
    decisions: Number(r.decisions),
    items: Number(r.items),
    withDeadline: Number(r.withDeadline),
    onTime: Number(r.onTime),
    averageWaitMs: r.averageWaitMs == null ? null : Number(r.averageWaitMs),
  }));
}

// ---- flags ----

export interface FlagInsert {
  id: string;
  kind: FlagKind;
  dedupeKey: string;
  officerId: string | null;
  applicationId: string | null;
  invoiceId: string | null;
  evidenceSeqs: number[];
  detail: Record<string, unknown>;
  detectedAt: Date;
}

/** Inserts the flags not raised before (same rule and case); returns those inserted. */
export async function insertFlags(db: DbOrTx, tenantId: string, flags: readonly FlagInsert[]): Promise<string[]> {
  if (flags.length === 0) return [];
  const rows = await db
    .insertInto('oversight_flags')
    .values(
      flags.map((f) => ({
        tenant_id: tenantId,
        id: f.id,
        kind: f.kind,
        dedupe_key: f.dedupeKey,
        officer_id: f.officerId,
        application_id: f.applicationId,
        invoice_id: f.invoiceId,
        evidence_seqs: f.evidenceSeqs,
        detail: JSON.stringify(f.detail),
        detected_at: f.detectedAt,
      })),
    )
    .onConflict((oc) => oc.columns(['tenant_id', 'kind', 'dedupe_key']).doNothing())
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export interface FlagRow {
  id: string;
  kind: FlagKind;
  officerId: string | null;
  applicationId: string | null;
  invoiceId: string | null;
  evidenceSeqs: number[];
  detail: Record<string, unknown>;
  detectedAt: Date;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  reviewNote: string | null;
}

const FLAG_COLUMNS = [
  'id',
  'kind',
  'officer_id as officerId',
  'application_id as applicationId',
  'invoice_id as invoiceId',
  'evidence_seqs as evidenceSeqs',
  'detail',
  'detected_at as detectedAt',
  'reviewed_at as reviewedAt',
  'reviewed_by as reviewedBy',
  'review_note as reviewNote',
] as const;

const asFlag = (r: Record<string, unknown>): FlagRow => ({ ...(r as unknown as FlagRow), evidenceSeqs: (r.evidenceSeqs as unknown[]).map(Number) });

export async function selectFlags(db: DbOrTx, tenantId: string, filter: { kind?: FlagKind; open?: boolean; limit: number; after?: { at: Date; id: string } }): Promise<FlagRow[]> {
  let query = db.selectFrom('oversight_flags').select(FLAG_COLUMNS).where('tenant_id', '=', tenantId);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.open) query = query.where('reviewed_at', 'is', null);
  if (filter.after) {
    const { at, id } = filter.after;
    query = query.where((eb) => eb.or([eb('detected_at', '<', at), eb.and([eb('detected_at', '=', at), eb('id', '<', id)])]));
  }
  const rows = await query.orderBy('detected_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(asFlag);
}

export async function selectFlag(db: DbOrTx, tenantId: string, id: string): Promise<FlagRow | undefined> {
  const row = await db.selectFrom('oversight_flags').select(FLAG_COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? asFlag(row) : undefined;
}

/** Marks a flag reviewed when it is not yet; false when it was (or does not exist). */
export async function updateFlagReviewed(db: DbOrTx, tenantId: string, id: string, review: { at: Date; by: string; note: string }): Promise<boolean> {
  const result = await db
    .updateTable('oversight_flags')
    .set({ reviewed_at: review.at, reviewed_by: review.by, review_note: review.note })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('reviewed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- officers' kinship keys ----

export async function upsertOfficerKeys(db: DbOrTx, tenantId: string, row: { officerId: string; nikKey: string; kkKey: string | null; at: Date; by: string }): Promise<void> {
  const values = { nik_key: row.nikKey, kk_key: row.kkKey, set_at: row.at, set_by: row.by };
  await db
    .insertInto('oversight_officer_keys')
    .values({ tenant_id: tenantId, officer_id: row.officerId, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'officer_id']).doUpdateSet(values))
    .execute();
}

export async function selectOfficerKeys(db: DbOrTx, tenantId: string, officerIds: readonly string[]): Promise<Map<string, { nikKey: string; kkKey: string | null }>> {
  if (officerIds.length === 0) return new Map();
  const rows = await db.selectFrom('oversight_officer_keys').select(['officer_id', 'nik_key', 'kk_key']).where('tenant_id', '=', tenantId).where('officer_id', 'in', [...officerIds]).execute();
  return new Map(rows.map((r) => [r.officer_id, { nikKey: r.nik_key, kkKey: r.kk_key }]));
}
