// Issue 20, templates per service version: a service's output document may also be a "sertifikat
// standar" (PP 5/2021's risk-based licensing) or a "rekomendasi"; the kinds a template offers are the
// catalogue's DOCUMENT_KINDS.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE documents DROP CONSTRAINT documents_type_check;
    ALTER TABLE documents ADD CONSTRAINT documents_type_check
      CHECK (type IN ('izin', 'sertifikat', 'sertifikat_standar', 'surat_keterangan', 'rekomendasi'));
  `.execute(db);
}
