// Open data's rules: who publishes what, what the public sees (only datasets with a published
// version), the metadata an agency keeps, and the upload that becomes a new version once the file is
// clean. Every change writes its audit event in its transaction.
import { randomUUID } from 'node:crypto';
import { type Tx, withTenant } from '../../db/index.js';
import type { DeclaredColumn, OpenDataLicense } from '../../db/schema-open-data.js';
import { actorRef, type TenantContext } from '../../platform/context.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import { findRegion } from '../../platform/regions/index.js';
import { type Agency, listAgencies } from '../tenancy/index.js';
import * as store from './store.js';
import { COLUMN_TYPES, type PublishedTable, readUploadedCsv } from './table.js';

export const LICENSES: readonly OpenDataLicense[] = ['CC-BY-4.0', 'ODbL-1.0'];
/** The EU Publications Office frequency codes offered for agencies' datasets. */
export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY', 'ANNUAL', 'IRREG'] as const;
export const TEXT_LIMITS = { title: 200, description: 4000, keywords: 500 } as const;
export const MAX_COLUMNS = 50;

/** Whether the asking officer keeps a publisher's datasets (agency id; null: the tenant's own). */
export type CanManage = (agencyId: string | null) => boolean;
export const publicOnly: CanManage = () => false;

export interface Publisher {
  /** The agency's id, or the tenant's for its own datasets. */
  id: string;
  /** CKAN organization name: the agency code, or the tenant's slug. */
  name: string;
  title: string;
  titleEn: string | null;
  description: string | null;
  kind: 'agency' | 'tenant';
}

export interface VersionView {
  version: number;
  createdAt: Date;
  rows: number;
  bytes: number;
  sha256: string;
  suppressedCells: number;
}

export interface Dataset {
  id: string;
  name: string;
  title: string;
  description: string;
  licenseId: OpenDataLicense;
  frequency: string;
  temporal: { start: string | null; end: string | null };
  spatialCode: string | null;
  keywords: string[];
  source: 'auto' | 'upload';
  columns: DeclaredColumn[];
  resources: { csv: string; json: string };
  createdAt: Date;
  modifiedAt: Date;
  publisher: Publisher;
  /** Newest first; the first is what resource_show and the downloads give. */
  versions: VersionView[];
}

const notFound = () => new DomainError('open_data.not_found', 404, 'od.error.not_found');
const forbidden = () => new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
const invalid = (errors: PendingFieldError[]) => new DomainError('validation', 400, 'error.validation', {}, errors);

export function publisherOf(tenant: TenantContext['tenant'], agencies: readonly Agency[], agencyId: string | null): Publisher {
  const agency = agencyId ? agencies.find((a) => a.id === agencyId) : undefined;
  if (agency) return { id: agency.id, name: agency.code, title: agency.name, titleEn: agency.nameEn, description: agency.description, kind: 'agency' };
  return { id: tenant.id, name: tenant.slug, title: tenant.name, titleEn: tenant.nameEn, description: null, kind: 'tenant' };
}

function viewOf(ctx: TenantContext, row: store.DatasetRow, agencies: readonly Agency[], versions: readonly store.VersionMeta[]): Dataset {
  return {
    id: row.id,
    name: row.name,
    title: row.title,
    description: row.description,
    licenseId: row.license_id,
    frequency: row.frequency,
    temporal: { start: row.temporal_start, end: row.temporal_end },
    spatialCode: row.spatial_code,
    keywords: row.keywords,
    source: row.source,
    columns: row.columns,
    resources: { csv: row.csv_resource_id, json: row.json_resource_id },
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    publisher: publisherOf(ctx.tenant, agencies, row.agency_id),
    versions: versions.filter((v) => v.dataset_id === row.id).map((v) => ({ version: v.version, createdAt: v.created_at, rows: v.row_count, bytes: Number(v.csv_bytes), sha256: v.csv_sha256, suppressedCells: v.suppressed_cells })),
  };
}

export interface DatasetQuery {
  /** Words that must all appear (title, description, name, keywords). */
  words?: readonly string[];
  /** Publisher names (agency codes or the tenant's slug); unknown names match nothing. */
  organizations?: readonly string[];
  licenseId?: string;
  keyword?: string;
  sort?: 'title' | 'modified' | 'name';
  limit: number;
  offset: number;
  /** Include datasets without a published version (an officer's list of their own). */
  manage?: CanManage;
}

/** A page of the tenant's published datasets and the total that matches. */
export async function listDatasets(ctx: TenantContext, query: DatasetQuery): Promise<{ count: number; datasets: Dataset[] }> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const agencies = await listAgencies(trx as never, ctx.tenant);
    let publishers: (string | null)[] | undefined;
    if (query.organizations) {
      publishers = query.organizations.flatMap((name) => (name === ctx.tenant.slug ? [null] : agencies.filter((a) => a.code === name).map((a) => a.id)));
    }
    if (query.manage) {
      const kept = [null, ...agencies.map((a) => a.id)].filter((id) => query.manage!(id));
      publishers = publishers ? publishers.filter((p) => kept.includes(p)) : kept;
    }
    const { rows, count } = await store.selectDatasets(trx, ctx.tenant.id, {
      ...(query.words ? { words: query.words } : {}),
      ...(publishers ? { publishers } : {}),
      ...(query.licenseId ? { licenseId: query.licenseId } : {}),
      ...(query.keyword ? { keyword: query.keyword } : {}),
      publishedOnly: !query.manage,
      sort: query.sort ?? 'title',
      limit: query.limit,
      offset: query.offset,
    });
    const versions = await store.selectVersionMetas(trx, ctx.tenant.id, rows.map((r) => r.id));
    return { count, datasets: rows.map((r) => viewOf(ctx, r, agencies, versions)) };
  });
}

/** The names of every published dataset, by name (CKAN's package_list). */
export async function listDatasetNames(ctx: TenantContext, page: { limit: number; offset: number }): Promise<string[]> {
  const { datasets } = await listDatasets(ctx, { ...page, sort: 'name' });
  return datasets.map((d) => d.name);
}

async function loadDataset(ctx: TenantContext, trx: Tx, row: store.DatasetRow | undefined, manage: CanManage): Promise<Dataset> {
  if (!row) throw notFound();
  const agencies = await listAgencies(trx as never, ctx.tenant);
  const dataset = viewOf(ctx, row, agencies, await store.selectVersionMetas(trx, ctx.tenant.id, [row.id]));
  // Not yet published: only those who keep it see it (the public gets a 404, as for no dataset).
  if (dataset.versions.length === 0 && !manage(row.agency_id)) throw notFound();
  return dataset;
}

/** One dataset by id or name, with its versions (newest first). */
export async function getDataset(ctx: TenantContext, input: { idOrName: string; manage?: CanManage }): Promise<Dataset> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => loadDataset(ctx, trx, await store.selectDataset(trx, ctx.tenant.id, input.idOrName), input.manage ?? publicOnly));
}

/** The dataset a resource (its CSV or JSON distribution) belongs to, and which format it is. */
export async function getResource(ctx: TenantContext, input: { id: string }): Promise<{ dataset: Dataset; format: 'CSV' | 'JSON' }> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const dataset = await loadDataset(ctx, trx, await store.selectDatasetByResource(trx, ctx.tenant.id, input.id), publicOnly);
    return { dataset, format: dataset.resources.csv === input.id ? 'CSV' : 'JSON' };
  });
}

/** A version's content (the latest when none is named) as a download. */
export async function openVersion(
  ctx: TenantContext,
  input: { idOrName: string; format: 'csv' | 'json'; version?: number; manage?: CanManage },
): Promise<{ body: string; contentType: string; filename: string; version: number }> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await store.selectDataset(trx, ctx.tenant.id, input.idOrName);
    if (!row) throw notFound();
    const version = await store.selectVersion(trx, ctx.tenant.id, row.id, input.version);
    if (!version) throw notFound();
    const filename = `${row.name}-v${version.version}.${input.format}`;
    return input.format === 'csv'
      ? { body: version.csv, contentType: 'text/csv; charset=utf-8', filename, version: version.version }
      : { body: JSON.stringify(version.records), contentType: 'application/json; charset=utf-8', filename, version: version.version };
  });
}

export interface Organization extends Publisher {
  datasets: number;
}

/** The publishers: the tenant itself and each agency, with how many published datasets each has. */
export async function listOrganizations(ctx: TenantContext): Promise<Organization[]> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const [agencies, counts] = await Promise.all([listAgencies(trx as never, ctx.tenant), store.countDatasetsByPublisher(trx, ctx.tenant.id)]);
    return [
      { ...publisherOf(ctx.tenant, agencies, null), datasets: counts.get(null) ?? 0 },
      ...agencies.map((a) => ({ ...publisherOf(ctx.tenant, agencies, a.id), datasets: counts.get(a.id) ?? 0 })),
    ];
  });
}

/** One publisher by its id or name. */
export async function getOrganization(ctx: TenantContext, input: { idOrName: string }): Promise<Organization> {
  const found = (await listOrganizations(ctx)).find((o) => o.id === input.idOrName || o.name === input.idOrName);
  if (!found) throw notFound();
  return found;
}

// ---- agencies' own datasets ----

export interface DatasetInput {
  agency: string;
  name: string;
  title: string;
  description: string;
  licenseId: string;
  frequency: string;
  temporalStart?: string | null;
  temporalEnd?: string | null;
  spatialCode?: string | null;
  keywords?: string;
  /** "name:type" per line or comma, e.g. "kecamatan:region, jumlah:integer". */
  columns: string;
}

const field = (path: string, messageKey: PendingFieldError['messageKey'], vars: Record<string, string | number> = {}): PendingFieldError => ({ field: path, code: 'invalid', messageKey, vars });
const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));

/** Reads "name:type, …" into declared columns, or the errors. */
export function parseColumns(text: string): { columns: DeclaredColumn[] } | { errors: PendingFieldError[] } {
  const parts = text.split(/[\n,]/).map((p) => p.trim()).filter((p) => p !== '');
  const columns: DeclaredColumn[] = [];
  for (const part of parts) {
    const [name = '', type = 'text'] = part.split(':').map((s) => s.trim());
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(name) || !(COLUMN_TYPES as readonly string[]).includes(type)) return { errors: [field('/columns', 'od.error.columns', { part: part.slice(0, 40) })] };
    if (columns.some((c) => c.name === name)) return { errors: [field('/columns', 'od.error.columns_duplicate', { name })] };
    columns.push({ name, type: type as DeclaredColumn['type'] });
  }
  if (columns.length === 0 || columns.length > MAX_COLUMNS) return { errors: [field('/columns', 'od.error.columns_count', { max: MAX_COLUMNS })] };
  return { columns };
}

function checkDataset(ctx: TenantContext, input: DatasetInput, agencies: readonly Agency[]) {
  const errors: PendingFieldError[] = [];
  const agency = agencies.find((a) => a.code === input.agency);
  if (!agency) errors.push(field('/agency', 'od.error.agency'));
  const name = input.name.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9_-]{1,99}$/.test(name)) errors.push(field('/name', 'od.error.name'));
  const title = input.title.trim();
  if (title === '' || title.length > TEXT_LIMITS.title) errors.push(field('/title', 'od.error.title', { limit: TEXT_LIMITS.title }));
  const description = input.description.trim();
  if (description === '' || description.length > TEXT_LIMITS.description) errors.push(field('/description', 'od.error.description', { limit: TEXT_LIMITS.description }));
  if (!(FREQUENCIES as readonly string[]).includes(input.frequency)) errors.push(field('/frequency', 'od.error.frequency'));
  const start = input.temporalStart?.trim() || null;
  const end = input.temporalEnd?.trim() || null;
  if (start && !isDay(start)) errors.push(field('/temporalStart', 'od.error.day'));
  if (end && !isDay(end)) errors.push(field('/temporalEnd', 'od.error.day'));
  if (start && end && isDay(start) && isDay(end) && start > end) errors.push(field('/temporalEnd', 'od.error.period'));
  const spatial = input.spatialCode?.trim() || ctx.tenant.regionCode || null;
  if (spatial && !findRegion(spatial)) errors.push(field('/spatialCode', 'od.error.region'));
  const keywords = (input.keywords ?? '').split(',').map((k) => k.trim().toLowerCase()).filter((k) => k !== '');
  if ((input.keywords ?? '').length > TEXT_LIMITS.keywords) errors.push(field('/keywords', 'od.error.keywords', { limit: TEXT_LIMITS.keywords }));
  const parsed = parseColumns(input.columns);
  if ('errors' in parsed) errors.push(...parsed.errors);
  // Tables keyed by Kemendagri region codes derive from the region list, which is ODbL: so are they.
  const columns = 'columns' in parsed ? parsed.columns : [];
  const licenseId = columns.some((c) => c.type === 'region') ? 'ODbL-1.0' : input.licenseId;
  if (!(LICENSES as readonly string[]).includes(licenseId)) errors.push(field('/licenseId', 'od.error.license'));
  if (errors.length > 0) return { errors };
  return {
    agency: agency!,
    fields: { name, title, description, license_id: licenseId as OpenDataLicense, frequency: input.frequency, temporal_start: start, temporal_end: end, spatial_code: spatial, keywords: [...new Set(keywords)] },
    columns,
  };
}

async function audit(ctx: TenantContext, trx: Tx, action: string, datasetId: string, data: Record<string, unknown>) {
  await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action, subject: `open_dataset:${datasetId}`, data, at: ctx.now() });
}

/** A new dataset of an agency the officer keeps, unpublished until its first clean upload. */
export async function createDataset(ctx: TenantContext, input: DatasetInput & { manage: CanManage }): Promise<Dataset> {
  const at = ctx.now();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const agencies = await listAgencies(trx as never, ctx.tenant);
    const checked = checkDataset(ctx, input, agencies);
    if (checked.errors) throw invalid(checked.errors);
    if (!input.manage(checked.agency.id)) throw forbidden();
    if (await store.selectDataset(trx, ctx.tenant.id, checked.fields.name)) throw invalid([field('/name', 'od.error.name_taken')]);
    const id = randomUUID();
    await store.insertDataset(trx, {
      tenant_id: ctx.tenant.id,
      id,
      agency_id: checked.agency.id,
      ...checked.fields,
      source: 'upload',
      auto_kind: null,
      columns: JSON.stringify(checked.columns),
      csv_resource_id: randomUUID(),
      json_resource_id: randomUUID(),
      created_at: at,
      modified_at: at,
    });
    await audit(ctx, trx, 'open_data.dataset_created', id, { name: checked.fields.name, agency: checked.agency.code });
    return loadDataset(ctx, trx, await store.selectDataset(trx, ctx.tenant.id, id), input.manage);
  });
}

/** The metadata of an agency's dataset. Its name and columns stay (addresses and clients depend on them). */
export async function saveDataset(ctx: TenantContext, input: Omit<DatasetInput, 'name' | 'columns' | 'agency'> & { id: string; manage: CanManage }): Promise<Dataset> {
  const at = ctx.now();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await store.selectDataset(trx, ctx.tenant.id, input.id);
    if (!row || row.source !== 'upload') throw notFound();
    if (!input.manage(row.agency_id)) throw forbidden();
    const agencies = await listAgencies(trx as never, ctx.tenant);
    const agency = agencies.find((a) => a.id === row.agency_id)!;
    const columns = row.columns.map((c) => `${c.name}:${c.type}`).join(',');
    const checked = checkDataset(ctx, { ...input, agency: agency.code, name: row.name, columns }, agencies);
    if (checked.errors) throw invalid(checked.errors);
    const { name: _name, ...fields } = checked.fields;
    await store.updateDataset(trx, ctx.tenant.id, row.id, { ...fields, modified_at: at });
    await audit(ctx, trx, 'open_data.dataset_edited', row.id, { title: fields.title, license: fields.license_id });
    return loadDataset(ctx, trx, await store.selectDataset(trx, ctx.tenant.id, row.id), input.manage);
  });
}

/** Adds a version to a dataset in the caller's transaction; the dataset's row is locked first. */
export async function writeVersion(ctx: TenantContext, trx: Tx, row: store.DatasetRow, table: PublishedTable, at: Date): Promise<number> {
  await store.lockDataset(trx, ctx.tenant.id, row.id);
  const latest = await store.selectLatestHash(trx, ctx.tenant.id, row.id);
  const version = (latest?.version ?? 0) + 1;
  await store.insertVersion(trx, {
    tenant_id: ctx.tenant.id,
    dataset_id: row.id,
    version,
    created_at: at,
    created_by: actorRef(ctx.actor),
    csv: table.csv,
    records: JSON.stringify(table.records),
    row_count: table.records.length,
    suppressed_cells: table.suppressedCells,
    csv_sha256: table.sha256,
  });
  await store.updateDataset(trx, ctx.tenant.id, row.id, { modified_at: at });
  await audit(ctx, trx, 'open_data.version_published', row.id, { version, rows: table.records.length, sha256: table.sha256 });
  return version;
}

/**
 * An agency's CSV, checked against the dataset's declared columns: a clean file becomes the next
 * version; a file with problems is refused (400) with every bad line, and nothing is saved.
 */
export async function publishUpload(ctx: TenantContext, input: { id: string; data: Buffer; manage: CanManage }): Promise<{ dataset: Dataset; version: number }> {
  const at = ctx.now();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await store.selectDataset(trx, ctx.tenant.id, input.id);
    if (!row || row.source !== 'upload') throw notFound();
    if (!input.manage(row.agency_id)) throw forbidden();
    const read = readUploadedCsv(input.data, row.columns);
    if ('errors' in read) throw new DomainError('open_data.invalid_csv', 400, 'od.error.csv', { count: read.errors.length }, read.errors);
    const version = await writeVersion(ctx, trx, row, read.table, at);
    return { dataset: await loadDataset(ctx, trx, row, input.manage), version };
  });
}
