// The SQL of the documents module's tables (migration 0065): the tenants' signing keys and the issued
// documents. Every function takes the tenant first; row-level security checks it again.
import type { Insertable, Selectable } from 'kysely';
import type { DbOrTx } from '../../db/index.js';
import type { DocumentSigningKeyTable, DocumentTable } from '../../db/schema-documents.js';

export const TABLES = ['document_signing_keys', 'documents'] as const;

export type SigningKeyRow = Selectable<DocumentSigningKeyTable>;
export type DocumentRow = Selectable<DocumentTable>;

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

export async function selectDocument(db: DbOrTx, tenantId: string, id: string, lock = false): Promise<DocumentRow | undefined> {
  const query = db.selectFrom('documents').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
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
