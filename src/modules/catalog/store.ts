// SQL for the catalogue's tables. Nothing else touches them. Every function takes the tenant first and
// runs inside withTenant() (row-level security checks the same tenant a second time).
import { type DbOrTx, readWithNext, sql, type Tx } from '../../db/index.js';
import type { ServiceDefinition } from './model.js';

/** The tables this module owns: only its stores touch them (`npm run check`). */
export const TABLES = ['catalog_services', 'catalog_service_versions', 'catalog_comments', 'catalog_revisions'] as const;

export interface ServiceRow {
  id: string;
  agencyId: string;
  code: string;
  draft: ServiceDefinition;
  draftPending: boolean;
  commentsOpen: boolean;
  latestVersion: number;
  updatedAt: Date;
}

export interface VersionRow {
  id: string;
  serviceId: string;
  agencyId: string;
  version: number;
  effectiveFrom: string;
  content: ServiceDefinition;
  publishedAt: Date;
}

export interface CommentRow {
  id: string;
  serviceId: string;
  authorName: string | null;
  body: string;
  createdAt: Date;
}

const serviceColumns = [
  'id',
  'agency_id as agencyId',
  'code',
  'draft',
  'draft_pending as draftPending',
  'comments_open as commentsOpen',
  'latest_version as latestVersion',
  'updated_at as updatedAt',
] as const;

export async function insertService(trx: Tx, tenantId: string, row: Omit<ServiceRow, 'updatedAt'>): Promise<boolean> {
  const result = await trx
    .insertInto('catalog_services')
    .values({
      tenant_id: tenantId,
      id: row.id,
      agency_id: row.agencyId,
      code: row.code,
      draft: JSON.stringify(row.draft),
      draft_pending: row.draftPending,
      comments_open: row.commentsOpen,
      latest_version: row.latestVersion,
    })
    .onConflict((oc) => oc.columns(['tenant_id', 'agency_id', 'code']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function updateService(
  trx: Tx,
  tenantId: string,
  id: string,
  patch: { draft?: ServiceDefinition; code?: string; draftPending?: boolean; commentsOpen?: boolean; latestVersion?: number },
): Promise<void> {
  await trx
    .updateTable('catalog_services')
    .set({
      ...(patch.draft ? { draft: JSON.stringify(patch.draft) } : {}),
      ...(patch.code ? { code: patch.code } : {}),
      ...(patch.draftPending !== undefined ? { draft_pending: patch.draftPending } : {}),
      ...(patch.commentsOpen !== undefined ? { comments_open: patch.commentsOpen } : {}),
      ...(patch.latestVersion !== undefined ? { latest_version: patch.latestVersion } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function selectService(db: DbOrTx, tenantId: string, id: string, lock = false): Promise<ServiceRow | undefined> {
  let query = db.selectFrom('catalog_services').select(serviceColumns).where('tenant_id', '=', tenantId).where('id', '=', id);
  if (lock) query = query.forUpdate();
  return (await query.executeTakeFirst()) as ServiceRow | undefined;
}

export async function selectServiceByCode(
  db: DbOrTx,
  tenantId: string,
  agencyId: string,
  code: string,
): Promise<ServiceRow | undefined> {
  return (await db
    .selectFrom('catalog_services')
    .select(serviceColumns)
    .where('tenant_id', '=', tenantId)
    .where('agency_id', '=', agencyId)
    .where('code', '=', code)
    .executeTakeFirst()) as ServiceRow | undefined;
}

export async function selectServicesOfAgency(db: DbOrTx, tenantId: string, agencyId: string | null): Promise<ServiceRow[]> {
  let query = db.selectFrom('catalog_services').select(serviceColumns).where('tenant_id', '=', tenantId);
  if (agencyId) query = query.where('agency_id', '=', agencyId);
  return (await query.orderBy('code').execute()) as ServiceRow[];
}

const versionColumns = sql<VersionRow>`v.id, v.service_id as "serviceId", s.agency_id as "agencyId", v.version,
  v.effective_from::text as "effectiveFrom", v.content, v.published_at as "publishedAt"`;

export async function insertVersion(
  trx: Tx,
  tenantId: string,
  row: {
    id: string;
    serviceId: string;
    version: number;
    effectiveFrom: string;
    content: ServiceDefinition;
    publishedBy: string;
    revision: number;
  },
): Promise<void> {
  await trx
    .insertInto('catalog_service_versions')
    .values({
      tenant_id: tenantId,
      id: row.id,
      service_id: row.serviceId,
      version: row.version,
      effective_from: row.effectiveFrom,
      revision: row.revision,
      content: JSON.stringify(row.content),
      published_by: row.publishedBy,
    })
    .execute();
}

/** The version in effect on `today` of every published service of the tenant (one per service). */
export async function selectCurrentVersions(db: DbOrTx, tenantId: string, today: string): Promise<VersionRow[]> {
  const { rows } = await sql<VersionRow>`
    SELECT DISTINCT ON (v.service_id) ${versionColumns}
    FROM catalog_service_versions v
    JOIN catalog_services s ON s.tenant_id = v.tenant_id AND s.id = v.service_id
    WHERE v.tenant_id = ${tenantId} AND v.effective_from <= ${today}::date
    ORDER BY v.service_id, v.version DESC`.execute(db);
  return rows;
}

export async function selectVersions(db: DbOrTx, tenantId: string, serviceId: string): Promise<VersionRow[]> {
  return (await versionsQuery(tenantId, serviceId).execute(db)).rows;
}

/**
 * selectVersions read with the transaction's next statement (readWithNext): the caller makes that
 * statement before it awaits these rows.
 */
export function readVersionsWithNext(trx: Tx, tenantId: string, serviceId: string): Promise<VersionRow[]> {
  return readWithNext(trx, versionsQuery(tenantId, serviceId));
}

const versionsQuery = (tenantId: string, serviceId: string) => sql<VersionRow>`
    SELECT ${versionColumns}
    FROM catalog_service_versions v
    JOIN catalog_services s ON s.tenant_id = v.tenant_id AND s.id = v.service_id
    WHERE v.tenant_id = ${tenantId} AND v.service_id = ${serviceId}
    ORDER BY v.version DESC`;

export async function selectVersion(db: DbOrTx, tenantId: string, versionId: string): Promise<VersionRow | undefined> {
  const { rows } = await sql<VersionRow>`
    SELECT ${versionColumns}
    FROM catalog_service_versions v
    JOIN catalog_services s ON s.tenant_id = v.tenant_id AND s.id = v.service_id
    WHERE v.tenant_id = ${tenantId} AND v.id = ${versionId}`.execute(db);
  return rows[0];
}

export async function insertComment(trx: Tx, tenantId: string, row: Omit<CommentRow, 'createdAt'>): Promise<void> {
  await trx
    .insertInto('catalog_comments')
    .values({ tenant_id: tenantId, id: row.id, service_id: row.serviceId, author_name: row.authorName, body: row.body })
    .execute();
}

export async function selectComments(db: DbOrTx, tenantId: string, serviceId: string): Promise<CommentRow[]> {
  return db
    .selectFrom('catalog_comments')
    .select(['id', 'service_id as serviceId', 'author_name as authorName', 'body', 'created_at as createdAt'])
    .where('tenant_id', '=', tenantId)
    .where('service_id', '=', serviceId)
    .orderBy('created_at')
    .execute();
}

/**
 * Bumped in every transaction that changes what the public catalogue shows; returns the new value.
 * The row lock orders publications: once a reader sees revision R, every revision ≤ R is committed.
 */
export async function bumpRevision(trx: Tx, tenantId: string): Promise<number> {
  const { rows } = await sql<{ revision: number }>`INSERT INTO catalog_revisions (tenant_id, revision) VALUES (${tenantId}, 1)
    ON CONFLICT (tenant_id) DO UPDATE SET revision = catalog_revisions.revision + 1
    RETURNING revision`.execute(trx);
  return Number(rows[0]!.revision);
}

/** The newest version in effect on `today` of each service published after revision `since`. */
export async function selectCurrentVersionsSince(db: DbOrTx, tenantId: string, since: number, today: string): Promise<VersionRow[]> {
  const { rows } = await sql<VersionRow>`
    SELECT DISTINCT ON (v.service_id) ${versionColumns}
    FROM catalog_service_versions v
    JOIN catalog_services s ON s.tenant_id = v.tenant_id AND s.id = v.service_id
    WHERE v.tenant_id = ${tenantId} AND v.revision > ${since} AND v.effective_from <= ${today}::date
    ORDER BY v.service_id, v.version DESC`.execute(db);
  return rows;
}

export async function selectRevision(db: DbOrTx, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('catalog_revisions')
    .select('revision')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.revision ?? 0;
}
