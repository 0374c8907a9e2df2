// Kysely table types of the installation-wide citizen account's tenant links (migration
// 0057_citizens_installation_wide), kept apart so schema.ts stays under the length limit. Keep in
// step with the migration.
import type { ColumnType } from 'kysely';

/** Which tenants a citizen has used (row-level security per tenant). */
export interface CitizenTenantTable {
  tenant_id: string;
  citizen_id: string;
  first_seen_at: ColumnType<Date, Date | undefined, never>;
  former_citizen_id: ColumnType<string | null, string | null | undefined, never>;
}
