// The officers' list of a tenant's issued documents (issue 20, /petugas/dokumen): newest first in
// keyset pages, and a search by the beginning of the document number ("DOK-7K2M").
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX documents_issued_list ON documents (tenant_id, created_at DESC, id DESC);
    -- text_pattern_ops: a LIKE 'prefix%' uses the index whatever the database's collation.
    CREATE INDEX documents_number_prefix ON documents (tenant_id, number text_pattern_ops);
  `.execute(db);
}
