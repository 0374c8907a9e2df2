// SQL for assurance_raises (migration 0059): the history of a citizen's level of assurance. Keyed by
// the citizen, not the tenant — the level is the person's wherever it was raised; `tenant_id` names
// the tenant that raised it. Appended in the raise's own transaction; never updated.
import type { DbOrTx } from '../../../db/index.js';

export interface AssuranceRaiseRow {
  level: 'registry' | 'in_person';
  method: 'registry' | 'counter';
  tenantId: string;
  officerId: string | null;
  raisedAt: Date;
}

export async function insertAssuranceRaise(db: DbOrTx, citizenId: string, row: AssuranceRaiseRow & { id: string }): Promise<void> {
  await db
    .insertInto('assurance_raises')
    .values({ citizen_id: citizenId, id: row.id, level: row.level, method: row.method, tenant_id: row.tenantId, officer_id: row.officerId, raised_at: row.raisedAt })
    .execute();
}

/** The citizen's raises, latest first. */
export function selectAssuranceRaises(db: DbOrTx, citizenId: string): Promise<AssuranceRaiseRow[]> {
  return db
    .selectFrom('assurance_raises')
    .select(['level', 'method', 'tenant_id as tenantId', 'officer_id as officerId', 'raised_at as raisedAt'])
    .where('citizen_id', '=', citizenId)
    .orderBy('raised_at', 'desc')
    .orderBy('id')
    .execute();
}
