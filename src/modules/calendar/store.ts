// SQL for a tenant's amendments to the working-day calendar (calendar_overrides).
import { type Db, type Tx, withTenant } from '../../db/index.js';

/** The tables this module owns: only its stores touch them (`npm run check`). */
export const TABLES = ['calendar_overrides'] as const;

export interface OverrideRow {
  date: string;
  action: 'add' | 'remove';
  type: 'national_holiday' | 'collective_leave' | 'regional_holiday' | null;
  name: string | null;
  source: string;
}

export function selectOverrides(db: Db, tenantId: string): Promise<OverrideRow[]> {
  return withTenant(db, tenantId, (trx) =>
    trx
      .selectFrom('calendar_overrides')
      .select([(eb) => eb.cast<string>('date', 'text').as('date'), 'action', 'type', 'name', 'source'])
      .where('tenant_id', '=', tenantId)
      .orderBy('date')
      .execute(),
  );
}

export async function upsertOverride(trx: Tx, tenantId: string, row: OverrideRow): Promise<void> {
  await trx
    .insertInto('calendar_overrides')
    .values({ tenant_id: tenantId, ...row })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'date']).doUpdateSet({ action: row.action, type: row.type, name: row.name, source: row.source }),
    )
    .execute();
}

export async function deleteOverride(trx: Tx, tenantId: string, date: string): Promise<boolean> {
  const result = await trx
    .deleteFrom('calendar_overrides')
    .where('tenant_id', '=', tenantId)
    .where('date', '=', date)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
