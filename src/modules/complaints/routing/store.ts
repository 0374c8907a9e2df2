// SQL of routing that learns: training examples, the tenant's model, retraining runs, service areas.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Tx } from '../../../db/index.js';
import type { ComplaintRetrainRunTable, ComplaintRoutingModelTable, ComplaintServiceAreaTable, ComplaintTrainingExampleTable } from '../../../db/schema.js';

export type TrainingExampleRow = Selectable<ComplaintTrainingExampleTable>;
export type RetrainRunRow = Selectable<ComplaintRetrainRunTable>;
export type ServiceAreaRow = Selectable<ComplaintServiceAreaTable>;

/** One example per report: a later relabel (another dispatch) replaces it and counts as new again. */
export async function upsertTrainingExample(trx: Tx, row: Omit<Insertable<ComplaintTrainingExampleTable>, 'seq'>): Promise<void> {
  const { tenant_id: _t, complaint_id: _c, ...labels } = row;
  await trx
    .insertInto('complaint_training_examples')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'complaint_id']).doUpdateSet({ ...labels, seq: sql`nextval('complaint_training_seq')`, updated_at: sql`now()` }),
    )
    .execute();
}

export function selectTrainingExamples(trx: Tx, tenantId: string): Promise<Pick<TrainingExampleRow, 'seq' | 'text' | 'category_code' | 'agency_code' | 'outcome'>[]> {
  return trx
    .selectFrom('complaint_training_examples')
    .select(['seq', 'text', 'category_code', 'agency_code', 'outcome'])
    .where('tenant_id', '=', tenantId)
    .orderBy('seq')
    .execute();
}

export async function countCorrectionsAfter(trx: Tx, tenantId: string, seq: number): Promise<number> {
  const row = await trx
    .selectFrom('complaint_training_examples')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', seq)
    .where('outcome', '=', 'corrected')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The highest seq any run has seen (0 before the first run): "new" examples come after it. */
export async function selectRetrainWatermark(trx: Tx, tenantId: string): Promise<number> {
  const row = await trx
    .selectFrom('complaint_retrain_runs')
    .select((eb) => eb.fn.max('examples_through').as('seq'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** Serialises requests for a manual retraining of one tenant (so two clicks queue one job). */
export async function lockRetrainRequest(trx: Tx, tenantId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`complaints.retrain-request:${tenantId}`}))`.execute(trx);
}

/** Serialises retraining of one tenant across processes until the transaction ends. */
export async function lockRetrain(trx: Tx, tenantId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`complaints.retrain:${tenantId}`}))`.execute(trx);
}

export function selectRoutingModelVersion(trx: Tx, tenantId: string): Promise<{ version: number } | undefined> {
  return trx.selectFrom('complaint_routing_models').select('version').where('tenant_id', '=', tenantId).executeTakeFirst();
}

export function selectRoutingModel(trx: Tx, tenantId: string) {
  return trx.selectFrom('complaint_routing_models').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export async function upsertRoutingModel(trx: Tx, row: Insertable<ComplaintRoutingModelTable>): Promise<void> {
  const { tenant_id: _t, ...rest } = row;
  await trx
    .insertInto('complaint_routing_models')
    .values(row)
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet({ ...rest, trained_at: sql`now()` }))
    .execute();
}

export async function insertRetrainRun(trx: Tx, row: Insertable<ComplaintRetrainRunTable>): Promise<number> {
  const { id } = await trx.insertInto('complaint_retrain_runs').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}

export function selectRetrainRuns(trx: Tx, tenantId: string, limit: number): Promise<RetrainRunRow[]> {
  return trx
    .selectFrom('complaint_retrain_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function insertServiceArea(trx: Tx, row: Insertable<ComplaintServiceAreaTable>): Promise<void> {
  await trx.insertInto('complaint_service_areas').values(row).execute();
}

export function selectServiceAreas(trx: Tx, tenantId: string): Promise<ServiceAreaRow[]> {
  return trx.selectFrom('complaint_service_areas').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').orderBy('id').execute();
}

/** One service area (locked until the transaction ends, when asked). */
export function selectServiceArea(trx: Tx, tenantId: string, id: string, lock = false): Promise<ServiceAreaRow | undefined> {
  let q = trx.selectFrom('complaint_service_areas').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateServiceArea(
  trx: Tx,
  tenantId: string,
  id: string,
  fields: Pick<Insertable<ComplaintServiceAreaTable>, 'name' | 'agency_id' | 'category_code' | 'area'>,
): Promise<void> {
  await trx.updateTable('complaint_service_areas').set(fields).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export function deleteServiceArea(trx: Tx, tenantId: string, id: string): Promise<Pick<ServiceAreaRow, 'id' | 'name' | 'category_code'> | undefined> {
  return trx.deleteFrom('complaint_service_areas').where('tenant_id', '=', tenantId).where('id', '=', id).returning(['id', 'name', 'category_code']).executeTakeFirst();
}
