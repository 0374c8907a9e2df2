// SQL for tenants and agencies. Nothing else touches these tables. Agency queries take the tenant
// first and run inside withTenant(), so row-level security checks the same tenant a second time.
import { type Db, type DbOrTx, readWithNext, type Tx, withTenant } from '../../db/index.js';
import type { TenantInfo } from '../../platform/http/tenant.js';

/** The tables this module owns: only its stores touch them (`npm run check`). */
export const TABLES = ['tenants', 'agencies'] as const;

/** A tenant as requests see it (platform/http/tenant.ts), plus the host names that select it. */
export interface TenantRow extends TenantInfo {
  hosts: string[];
}

export interface AgencyRow {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  kind: string;
  description: string | null;
  descriptionEn: string | null;
}

const tenantColumns = [
  'id',
  'slug',
  'name',
  'name_en as nameEn',
  'kind',
  'region_code as regionCode',
  'time_zone as timeZone',
  'hosts',
  'brand_color as brandColor',
  'parent_id as parentId',
] as const;

export function selectTenants(db: DbOrTx): Promise<TenantRow[]> {
  return db.selectFrom('tenants').select(tenantColumns).orderBy('name').execute();
}

/** The tenant's own area (GeoJSON as stored), or null when none is set. */
export async function selectTenantArea(db: DbOrTx, tenantId: string): Promise<unknown> {
  const row = await db.selectFrom('tenants').select('area').where('id', '=', tenantId).executeTakeFirst();
  return row?.area ?? null;
}

export async function updateTenantArea(db: DbOrTx, tenantId: string, area: unknown): Promise<void> {
  await db
    .updateTable('tenants')
    .set({ area: area === null ? null : JSON.stringify(area) })
    .where('id', '=', tenantId)
    .execute();
}

/** Names (or, with null, clears) the province a regency or city belongs to. */
export async function updateTenantParent(db: DbOrTx, tenantId: string, parentId: string | null): Promise<void> {
  await db.updateTable('tenants').set({ parent_id: parentId }).where('id', '=', tenantId).execute();
}

export function countTenants(db: DbOrTx): Promise<number> {
  return db
    .selectFrom('tenants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));
}

export async function insertTenant(db: DbOrTx, tenant: TenantRow): Promise<void> {
  await db
    .insertInto('tenants')
    .values({
      id: tenant.id,
      slug: tenant.slug,
      name: tenant.name,
      name_en: tenant.nameEn,
      kind: tenant.kind,
      region_code: tenant.regionCode,
      time_zone: tenant.timeZone,
      hosts: tenant.hosts,
      brand_color: tenant.brandColor,
    })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
}

export function selectAgencies(db: Db, tenantId: string): Promise<AgencyRow[]> {
  return withTenant(db, tenantId, (trx) => agenciesQuery(trx, tenantId).execute());
}

/**
 * selectAgencies read with the transaction's next statement (readWithNext), in a transaction already
 * in the tenant's scope: the caller makes that statement before it awaits these rows.
 */
export function readAgenciesWithNext(trx: Tx, tenantId: string): Promise<AgencyRow[]> {
  return readWithNext(trx, agenciesQuery(trx, tenantId));
}

const agenciesQuery = (db: DbOrTx, tenantId: string) =>
  db
    .selectFrom('agencies')
    .select(['id', 'code', 'name', 'name_en as nameEn', 'kind', 'description', 'description_en as descriptionEn'])
    .where('tenant_id', '=', tenantId)
    .orderBy('name');

export async function insertAgency(db: DbOrTx, tenantId: string, agency: AgencyRow): Promise<boolean> {
  const result = await db
    .insertInto('agencies')
    .values({
      tenant_id: tenantId,
      id: agency.id,
      code: agency.code,
      name: agency.name,
      name_en: agency.nameEn,
      kind: agency.kind,
      description: agency.description,
      description_en: agency.descriptionEn,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
