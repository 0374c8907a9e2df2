// SQL for the population registry (population_registry) and identity settings (identity_settings).
import type { DbOrTx, Tx } from '../../../db/index.js';

export interface ResidentRow {
  nikHash: string;
  nameKey: string;
  birthDate: string;
}

export async function upsertResidents(trx: Tx, tenantId: string, rows: ResidentRow[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('population_registry')
    .values(rows.map((r) => ({ tenant_id: tenantId, nik_hash: r.nikHash, name_key: r.nameKey, birth_date: r.birthDate, imported_at: at })))
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'nik_hash']).doUpdateSet((eb) => ({
        name_key: eb.ref('excluded.name_key'),
        birth_date: eb.ref('excluded.birth_date'),
        imported_at: eb.ref('excluded.imported_at'),
      })),
    )
    .execute();
}

export function selectResident(trx: Tx, tenantId: string, nikHash: string): Promise<ResidentRow | undefined> {
  return trx
    .selectFrom('population_registry')
    .select(['nik_hash as nikHash', 'name_key as nameKey', (eb) => eb.cast<string>('birth_date', 'text').as('birthDate')])
    .where('tenant_id', '=', tenantId)
    .where('nik_hash', '=', nikHash)
    .executeTakeFirst();
}

export interface SettingsRow {
  registry: 'none' | 'builtin' | 'http';
  registryUrl: string | null;
  registryKey: string | null;
}

export function selectSettings(trx: DbOrTx, tenantId: string): Promise<SettingsRow | undefined> {
  return trx
    .selectFrom('identity_settings')
    .select(['registry', 'registry_url as registryUrl', 'registry_key as registryKey'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
}

export async function upsertSettings(trx: Tx, tenantId: string, row: SettingsRow, at: Date): Promise<void> {
  const values = { registry: row.registry, registry_url: row.registryUrl, registry_key: row.registryKey, updated_at: at };
  await trx
    .insertInto('identity_settings')
    .values({ tenant_id: tenantId, ...values })
    .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
    .execute();
}
