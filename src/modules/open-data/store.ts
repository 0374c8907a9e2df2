// The SQL of the open-data tables (migration 0094): datasets and their versions. Every function takes
// the tenant first; row-level security checks it again (callers run them inside withTenant).
import { type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { OpenDatasetTable, OpenDatasetVersionTable } from '../../db/schema-open-data.js';

export const TABLES = ['open_datasets', 'open_dataset_versions'] as const;

export type DatasetRow = Selectable<OpenDatasetTable>;
export type VersionMeta = Omit<Selectable<OpenDatasetVersionTable>, 'csv' | 'records'> & { csv_bytes: number };
export type VersionRow = Selectable<OpenDatasetVersionTable>;

/** Dates as YYYY-MM-DD text (the pg driver would make local-midnight Dates of them). */
const datasetColumns = [
  'tenant_id',
  'id',
  'agency_id',
  'name',
  'title',
  'description',
  'license_id',
  'frequency',
  sql<string | null>`temporal_start::text`.as('temporal_start'),
  sql<string | null>`temporal_end::text`.as('temporal_end'),
  'spatial_code',
  'keywords',
  'source',
  'auto_kind',
  'columns',
  'csv_resource_id',
  'json_resource_id',
  'created_at',
  'modified_at',
] as const;

const versionMetaColumns = ['tenant_id', 'dataset_id', 'version', 'created_at', 'created_by', 'row_count', 'suppressed_cells', 'csv_sha256', sql<number>`octet_length(csv)`.as('csv_bytes')] as const;

export async function insertDataset(db: DbOrTx, row: Insertable<OpenDatasetTable>): Promise<void> {
  await db.insertInto('open_datasets').values(row).execute();
}

export async function updateDataset(db: DbOrTx, tenantId: string, id: string, patch: Updateable<OpenDatasetTable>): Promise<void> {
  await db.updateTable('open_datasets').set(patch).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** A dataset by its id or its name (CKAN accepts either). */
export async function selectDataset(db: DbOrTx, tenantId: string, idOrName: string): Promise<DatasetRow | undefined> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName);
  return db
    .selectFrom('open_datasets')
    .select(datasetColumns)
    .where('tenant_id', '=', tenantId)
    .where((eb) => (isUuid ? eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]) : eb('name', '=', idOrName)))
    .executeTakeFirst() as Promise<DatasetRow | undefined>;
}

export async function selectDatasetByResource(db: DbOrTx, tenantId: string, resourceId: string): Promise<DatasetRow | undefined> {
  return db
    .selectFrom('open_datasets')
    .select(datasetColumns)
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('csv_resource_id', '=', resourceId), eb('json_resource_id', '=', resourceId)]))
    .executeTakeFirst() as Promise<DatasetRow | undefined>;
}

export async function selectAutoDataset(db: DbOrTx, tenantId: string, kind: string): Promise<DatasetRow | undefined> {
  return db.selectFrom('open_datasets').select(datasetColumns).where('tenant_id', '=', tenantId).where('auto_kind', '=', kind).executeTakeFirst() as Promise<DatasetRow | undefined>;
}

export interface DatasetFilter {
  /** Words that must all appear in the title, description, name or keywords (case-insensitive). */
  words?: readonly string[];
  /** Only these publishers: agency ids, or null for the tenant's own datasets. */
  publishers?: readonly (string | null)[];
  licenseId?: string;
  keyword?: string;
  /** Only datasets with at least one version (the public sees only published ones). */
  publishedOnly: boolean;
  sort: 'title' | 'modified' | 'name';
  limit: number;
  offset: number;
}

function filtered(db: DbOrTx, tenantId: string, filter: Omit<DatasetFilter, 'sort' | 'limit' | 'offset'>) {
  let query = db.selectFrom('open_datasets').where('tenant_id', '=', tenantId);
  for (const word of filter.words ?? []) {
    const like = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('title', 'ilike', like), eb('description', 'ilike', like), eb('name', 'ilike', like), sql<boolean>`array_to_string(keywords, ' ') ILIKE ${like}`]),
    );
  }
  if (filter.publishers) {
    const agencies = filter.publishers.filter((p): p is string => p !== null);
    const tenantOwn = filter.publishers.includes(null);
    query = query.where((eb) => eb.or([...(agencies.length > 0 ? [eb('agency_id', 'in', agencies)] : []), ...(tenantOwn ? [eb('agency_id', 'is', null)] : []), sql<boolean>`false`]));
  }
  if (filter.licenseId) query = query.where('license_id', '=', filter.licenseId as DatasetRow['license_id']);
  if (filter.keyword) query = query.where(sql<boolean>`${filter.keyword} = ANY(keywords)`);
  if (filter.publishedOnly) {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('open_dataset_versions as v').select(sql`1`.as('one')).whereRef('v.tenant_id', '=', 'open_datasets.tenant_id').whereRef('v.dataset_id', '=', 'open_datasets.id')),
    );
  }
  return query;
}

/** A page of the tenant's datasets and how many match in all (one statement: the count is a window). */
export async function selectDatasets(db: DbOrTx, tenantId: string, filter: DatasetFilter): Promise<{ rows: DatasetRow[]; count: number }> {
  let query = filtered(db, tenantId, filter).select(datasetColumns).select(sql<number>`count(*) OVER ()`.as('total'));
  query = filter.sort === 'modified' ? query.orderBy('modified_at', 'desc').orderBy('id') : filter.sort === 'name' ? query.orderBy('name') : query.orderBy('title').orderBy('name');
  const rows = (await query.limit(filter.limit).offset(filter.offset).execute()) as (DatasetRow & { total: number })[];
  if (rows.length === 0 && filter.offset > 0) {
    const counted = await filtered(db, tenantId, filter).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    return { rows: [], count: Number(counted.n) };
  }
  return { rows: rows.map(({ total: _total, ...row }) => row), count: Number(rows[0]?.total ?? 0) };
}

/** How many published datasets each publisher has (agency id, or null for the tenant's own). */
export async function countDatasetsByPublisher(db: DbOrTx, tenantId: string): Promise<Map<string | null, number>> {
  const rows = await filtered(db, tenantId, { publishedOnly: true }).select(['agency_id', sql<number>`count(*)::int`.as('n')]).groupBy('agency_id').execute();
  return new Map(rows.map((r) => [r.agency_id, Number(r.n)]));
}

export async function insertVersion(db: DbOrTx, row: Insertable<OpenDatasetVersionTable>): Promise<void> {
  await db.insertInto('open_dataset_versions').values(row).execute();
}

/** The versions of some datasets, newest first, without their content. */
export async function selectVersionMetas(db: DbOrTx, tenantId: string, datasetIds: readonly string[]): Promise<VersionMeta[]> {
  if (datasetIds.length === 0) return [];
  return db
    .selectFrom('open_dataset_versions')
    .select(versionMetaColumns)
    .where('tenant_id', '=', tenantId)
    .where('dataset_id', 'in', datasetIds)
    .orderBy('dataset_id')
    .orderBy('version', 'desc')
    .execute() as Promise<VersionMeta[]>;
}

/** One version with its content; the latest when `version` is not given. */
export async function selectVersion(db: DbOrTx, tenantId: string, datasetId: string, version?: number): Promise<VersionRow | undefined> {
  let query = db.selectFrom('open_dataset_versions').selectAll().where('tenant_id', '=', tenantId).where('dataset_id', '=', datasetId);
  if (version !== undefined) query = query.where('version', '=', version);
  return query.orderBy('version', 'desc').limit(1).executeTakeFirst();
}

/** The latest version's number and hash (whether a refresh changed anything). */
export async function selectLatestHash(db: DbOrTx, tenantId: string, datasetId: string): Promise<{ version: number; csv_sha256: string } | undefined> {
  return db
    .selectFrom('open_dataset_versions')
    .select(['version', 'csv_sha256'])
    .where('tenant_id', '=', tenantId)
    .where('dataset_id', '=', datasetId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Locks the dataset's row for the rest of the transaction (two uploads never take the same version number). */
export async function lockDataset(db: DbOrTx, tenantId: string, id: string): Promise<boolean> {
  const row = await db.selectFrom('open_datasets').select('id').where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
  return row !== undefined;
}
