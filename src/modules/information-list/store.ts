// The SQL of the information-list tables (migration 0087): items, their documents, their history.
// Every function takes the tenant first; row-level security checks it again (callers run them inside
// withTenant). An item's change, its history row and its audit event are written by the service in
// one transaction.
import { type Insertable, type Selectable, sql } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { InformationClass, InformationDocumentTable, InformationItemHistoryTable, InformationItemTable } from '../../db/schema-information-list.js';

export const TABLES = ['information_items', 'information_documents', 'information_item_history'] as const;

export type ItemRow = Selectable<InformationItemTable>;
export type DocumentRow = Selectable<InformationDocumentTable>;
export type HistoryRow = Selectable<InformationItemHistoryTable>;

/** The fields an officer writes (everything else is kept by the service). */
export type ItemFields = Pick<ItemRow, 'agency_id' | 'class' | 'title' | 'summary' | 'official' | 'period_format' | 'retention' | 'legal_ground'>;

export async function insertItem(db: DbOrTx, row: Insertable<InformationItemTable>): Promise<ItemRow> {
  return db.insertInto('information_items').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectItem(db: DbOrTx, tenantId: string, id: string): Promise<ItemRow | undefined> {
  return db.selectFrom('information_items').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/**
 * Changes an item when it is still at `expectedVersion` and in force, bumping its version; undefined
 * when another change came first or the item is retired (the caller tells which).
 */
export async function updateItem(
  db: DbOrTx,
  tenantId: string,
  id: string,
  expectedVersion: number,
  patch: Partial<ItemFields> & { last_updated_at?: Date; retired_at?: Date; retired_reason?: string },
): Promise<ItemRow | undefined> {
  return db
    .updateTable('information_items')
    .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('retired_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export interface ItemFilter {
  class?: InformationClass;
  /** Only these agencies (an agency filter, or the agencies an officer keeps). */
  agencyIds?: readonly string[];
  includeRetired?: boolean;
  /** Keyset: rows after this (last_updated_at, id) in the list's order (newest update first). */
  after?: { at: Date; id: string };
  limit: number;
}

/** A page of the tenant's items, newest update first. */
export async function selectItems(db: DbOrTx, tenantId: string, filter: ItemFilter): Promise<ItemRow[]> {
  let query = db.selectFrom('information_items').selectAll().where('tenant_id', '=', tenantId);
  if (!filter.includeRetired) query = query.where('retired_at', 'is', null);
  if (filter.class) query = query.where('class', '=', filter.class);
  if (filter.agencyIds) {
    if (filter.agencyIds.length === 0) return [];
    query = query.where('agency_id', 'in', filter.agencyIds);
  }
  if (filter.after) {
    const { at, id } = filter.after;
    query = query.where((eb) => eb.or([eb('last_updated_at', '<', at), eb.and([eb('last_updated_at', '=', at), eb('id', '<', id)])]));
  }
  return query.orderBy('last_updated_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}

/**
 * The newest `perClass` items in force of each class at once (one statement for the overview page,
 * instead of one per class), newest update first within each class.
 */
export async function selectItemsPerClass(db: DbOrTx, tenantId: string, filter: { agencyIds?: readonly string[]; perClass: number }): Promise<ItemRow[]> {
  if (filter.agencyIds?.length === 0) return [];
  let ranked = db
    .selectFrom('information_items')
    .selectAll()
    .select(sql<number>`row_number() OVER (PARTITION BY class ORDER BY last_updated_at DESC, id DESC)`.as('rank'))
    .where('tenant_id', '=', tenantId)
    .where('retired_at', 'is', null);
  if (filter.agencyIds) ranked = ranked.where('agency_id', 'in', filter.agencyIds);
  const rows = await db.selectFrom(ranked.as('ranked')).selectAll().where('rank', '<=', filter.perClass).orderBy('last_updated_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(({ rank: _rank, ...row }) => row);
}

export async function insertDocument(db: DbOrTx, row: Insertable<InformationDocumentTable>): Promise<void> {
  await db.insertInto('information_documents').values(row).execute();
}

/** The documents of some items, oldest first. */
export async function selectDocuments(db: DbOrTx, tenantId: string, itemIds: readonly string[]): Promise<DocumentRow[]> {
  if (itemIds.length === 0) return [];
  return db.selectFrom('information_documents').selectAll().where('tenant_id', '=', tenantId).where('item_id', 'in', itemIds).orderBy('attached_at').orderBy('file_id').execute();
}

export async function insertHistory(db: DbOrTx, row: Insertable<InformationItemHistoryTable>): Promise<void> {
  await db.insertInto('information_item_history').values(row).execute();
}

/** An item's history, newest first. */
export async function selectHistory(db: DbOrTx, tenantId: string, itemId: string): Promise<HistoryRow[]> {
  return db.selectFrom('information_item_history').selectAll().where('tenant_id', '=', tenantId).where('item_id', '=', itemId).orderBy('seq', 'desc').execute();
}

/** Whether the tenant has any item yet (the demo seed's idempotence). */
export async function hasItems(db: DbOrTx, tenantId: string): Promise<boolean> {
  return (await db.selectFrom('information_items').select('id').where('tenant_id', '=', tenantId).limit(1).executeTakeFirst()) !== undefined;
}
