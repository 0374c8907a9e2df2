// SQL for citizens' drafts (one per citizen and service). Tenant first, inside withTenant().
import type { DbOrTx, Tx } from '../../../db/index.js';

export interface DraftRow {
  id: string;
  citizenId: string;
  serviceId: string;
  answers: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
  remindedAt: Date | null;
}

const columns = [
  'id',
  'citizen_id as citizenId',
  'service_id as serviceId',
  'answers',
  'created_at as createdAt',
  'updated_at as updatedAt',
  'expires_at as expiresAt',
  'reminded_at as remindedAt',
] as const;

/** Creates or replaces the citizen's draft for the service (a save pushes its expiry back and re-arms the reminder). */
export async function upsertDraft(trx: Tx, tenantId: string, row: DraftRow): Promise<DraftRow> {
  return (await trx
    .insertInto('application_drafts')
    .values({
      tenant_id: tenantId,
      id: row.id,
      citizen_id: row.citizenId,
      service_id: row.serviceId,
      answers: JSON.stringify(row.answers),
      created_at: row.createdAt,
      updated_at: row.updatedAt,
      expires_at: row.expiresAt,
      reminded_at: null,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'citizen_id', 'service_id']).doUpdateSet({
        answers: JSON.stringify(row.answers),
        updated_at: row.updatedAt,
        expires_at: row.expiresAt,
        reminded_at: null,
      }),
    )
    .returning(columns)
    .executeTakeFirstOrThrow()) as DraftRow;
}

export async function selectDraft(db: DbOrTx, tenantId: string, citizenId: string, serviceId: string): Promise<DraftRow | undefined> {
  return (await db
    .selectFrom('application_drafts')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('citizen_id', '=', citizenId)
    .where('service_id', '=', serviceId)
    .executeTakeFirst()) as DraftRow | undefined;
}

export async function selectDraftsOf(db: DbOrTx, tenantId: string, citizenId: string): Promise<DraftRow[]> {
  return (await db
    .selectFrom('application_drafts')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('citizen_id', '=', citizenId)
    .orderBy('updated_at', 'desc')
    .limit(100)
    .execute()) as DraftRow[];
}

export async function deleteDraft(trx: Tx, tenantId: string, citizenId: string, serviceId: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('application_drafts')
    .where('tenant_id', '=', tenantId)
    .where('citizen_id', '=', citizenId)
    .where('service_id', '=', serviceId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Drafts to remind (expiring by `remindBy`, not reminded yet, not expired), a batch at a time. */
export async function selectDraftsToRemind(trx: Tx, tenantId: string, now: Date, remindBy: Date, limit: number): Promise<DraftRow[]> {
  return (await trx
    .selectFrom('application_drafts')
    .select(columns)
    .where('tenant_id', '=', tenantId)
    .where('expires_at', '>', now)
    .where('expires_at', '<=', remindBy)
    .where('reminded_at', 'is', null)
    .orderBy('expires_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute()) as DraftRow[];
}

export async function markReminded(trx: Tx, tenantId: string, id: string, at: Date): Promise<void> {
  await trx.updateTable('application_drafts').set({ reminded_at: at }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Deletes expired drafts; how many. */
export async function deleteExpiredDrafts(trx: Tx, tenantId: string, now: Date): Promise<number> {
  const result = await trx.deleteFrom('application_drafts').where('tenant_id', '=', tenantId).where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
