// The SQL of the documents module's tables (migrations 0065, 0074): the tenants' signing keys, the
// issued documents and their holders' share links. Every function takes the tenant first; row-level security checks it again.
import { type Insertable, type Selectable, sql } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { DocumentShareLinkTable, DocumentSigningKeyTable, DocumentTable } from '../../db/schema-documents.js';

export const TABLES = ['document_signing_keys', 'documents', 'document_share_links'] as const;

export type SigningKeyRow = Selectable<DocumentSigningKeyTable>;
export type DocumentRow = Selectable<DocumentTable>;
export type ShareLinkRow = Selectable<DocumentShareLinkTable>;

export async function selectCurrentKey(db: DbOrTx, tenantId: string): Promise<SigningKeyRow | undefined> {
  return db.selectFrom('document_signing_keys').selectAll().where('tenant_id', '=', tenantId).where('retired_at', 'is', null).executeTakeFirst();
}

/** Inserts a key unless the tenant already has a current one (two processes starting at once). */
export async function insertKeyIfNone(db: DbOrTx, row: Insertable<DocumentSigningKeyTable>): Promise<void> {
  await db
    .insertInto('document_signing_keys')
    .values(row)
    .onConflict((oc) => oc.column('tenant_id').where('retired_at', 'is', null).doNothing())
    .execute();
}

export async function retireCurrentKey(db: DbOrTx, tenantId: string, at: Date): Promise<void> {
  await db.updateTable('document_signing_keys').set({ retired_at: at }).where('tenant_id', '=', tenantId).where('retired_at', 'is', null).execute();
}

export async function insertKey(db: DbOrTx, row: Insertable<DocumentSigningKeyTable>): Promise<void> {
  await db.insertInto('document_signing_keys').values(row).execute();
}

export async function insertDocument(db: DbOrTx, row: Insertable<DocumentTable>): Promise<void> {
  await db.insertInto('documents').values(row).execute();
}

export async function selectDocumentByCode(db: DbOrTx, tenantId: string, code: string): Promise<DocumentRow | undefined> {
  return db.selectFrom('documents').selectAll().where('tenant_id', '=', tenantId).where('code', '=', code).executeTakeFirst();
}

/**
 * The same in one round trip, without a transaction around it (migration 0081's function sets the
 * tenant for row-level security and reads): public verification, the hottest read.
 */
export async function selectDocumentByCodeOnce(db: DbOrTx, tenantId: string, code: string): Promise<DocumentRow | undefined> {
  const { rows } = await sql<DocumentRow>`select * from document_by_code(${tenantId}, ${code})`.execute(db);
  return rows[0];
}

export async function selectDocument(db: DbOrTx, tenantId: string, id: string, lock = false): Promise<DocumentRow | undefined> {
  const query = db.selectFrom('documents').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** The tenant's issued document whose signed PDF has this SHA-256 (index documents_sha256). */
export async function selectDocumentBySha256(db: DbOrTx, tenantId: string, sha256: string): Promise<DocumentRow | undefined> {
  return db.selectFrom('documents').selectAll().where('tenant_id', '=', tenantId).where('sha256', '=', sha256).where('status', '<>', 'pending').executeTakeFirst();
}

export async function selectDocumentByApplication(db: DbOrTx, tenantId: string, applicationId: string, lock = false): Promise<DocumentRow | undefined> {
  const query = db.selectFrom('documents').selectAll().where('tenant_id', '=', tenantId).where('application_id', '=', applicationId);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

/** A prepared document becomes issued with its signature; false when it was no longer pending (signed meanwhile). */
export async function markDocumentSigned(
  db: DbOrTx,
  tenantId: string,
  id: string,
  signed: Pick<DocumentTable, 'signing_key_id' | 'signer_name' | 'signer_position' | 'storage_key' | 'sha256'> & { issued_at: Date; valid_until: Date | null },
): Promise<boolean> {
  const result = await db
    .updateTable('documents')
    .set({ ...signed, status: 'valid' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function selectDocumentsOfHolder(db: DbOrTx, tenantId: string, citizenId: string): Promise<DocumentRow[]> {
  return db
    .selectFrom('documents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('holder_citizen_id', '=', citizenId)
    .where('status', '<>', 'pending')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
}

export async function revokeDocumentRow(db: DbOrTx, tenantId: string, id: string, input: { at: Date; reason: string; by: string }): Promise<void> {
  await db
    .updateTable('documents')
    .set({ status: 'revoked', revoked_at: input.at, revoked_reason: input.reason, revoked_by: input.by })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Erasure: the holder's name on their documents is replaced (the documents stay, as records of the act). */
export async function eraseHolderName(db: DbOrTx, tenantId: string, citizenId: string, replacement: string): Promise<number> {
  const result = await db
    .updateTable('documents')
    .set({ holder_name: replacement })
    .where('tenant_id', '=', tenantId)
    .where('holder_citizen_id', '=', citizenId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * A page of the tenant's issued documents for officers, newest first, after `after` (keyset), whose
 * number begins with `numberPrefix` when given (index documents_number_prefix).
 */
export async function selectIssuedDocuments(db: DbOrTx, tenantId: string, input: { numberPrefix?: string; after?: { at: Date; id: string }; limit: number }): Promise<DocumentRow[]> {
  let query = db.selectFrom('documents').selectAll().where('tenant_id', '=', tenantId).where('status', '<>', 'pending');
  if (input.numberPrefix) query = query.where('number', 'like', `${input.numberPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (input.after) {
    const { at, id } = input.after;
    query = query.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]));
  }
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(input.limit).execute();
}

export async function insertShareLink(db: DbOrTx, row: Insertable<DocumentShareLinkTable>): Promise<void> {
  await db.insertInto('document_share_links').values(row).execute();
}

/** A holder's links with their document's number, newest first (the wallet shows the last hundred). */
export async function selectShareLinksOfHolder(db: DbOrTx, tenantId: string, citizenId: string): Promise<(ShareLinkRow & { number: string })[]> {
  return db
    .selectFrom('document_share_links as l')
    .innerJoin('documents as d', (join) => join.onRef('d.tenant_id', '=', 'l.tenant_id').onRef('d.id', '=', 'l.document_id'))
    .selectAll('l')
    .select('d.number')
    .where('l.tenant_id', '=', tenantId)
    .where('l.holder_citizen_id', '=', citizenId)
    .orderBy('l.created_at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(100)
    .execute();
}

export async function selectShareLinkByToken(db: DbOrTx, tenantId: string, tokenSha256: string): Promise<ShareLinkRow | undefined> {
  return db.selectFrom('document_share_links').selectAll().where('tenant_id', '=', tenantId).where('token_sha256', '=', tokenSha256).executeTakeFirst();
}

export async function selectShareLink(db: DbOrTx, tenantId: string, id: string): Promise<ShareLinkRow | undefined> {
  return db.selectFrom('document_share_links').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function revokeShareLinkRow(db: DbOrTx, tenantId: string, id: string, at: Date): Promise<void> {
  await db.updateTable('document_share_links').set({ revoked_at: at }).where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Erasure: a person's share links go (they are theirs, not a record of the act). */
export async function deleteShareLinksOfHolder(db: DbOrTx, tenantId: string, citizenId: string): Promise<number> {
  const result = await db.deleteFrom('document_share_links').where('tenant_id', '=', tenantId).where('holder_citizen_id', '=', citizenId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
