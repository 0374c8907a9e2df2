// SQL for a tenant's amendments to the working-day calendar (calendar_overrides).
import { type Db, withTenant } from '../../db/index.js';

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
