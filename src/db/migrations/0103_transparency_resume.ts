// The aggregates' refresh keeps, beside its mark (the newest row read), the point up to which every
// row is counted (issue 22). Before, each run re-read the two minutes before its mark and at most its
// budget of rows: when more rows than the budget shared those two minutes (a bulk import stamps them
// with one instant), no run passed the mark and the refresh read the same rows for ever. Existing
// watermarks keep NULL here and resume two minutes before their mark, as before.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE transparency_watermarks
      ADD COLUMN resume_at timestamptz,
      ADD COLUMN resume_id uuid,
      ADD CONSTRAINT transparency_watermarks_resume CHECK ((resume_at IS NULL) = (resume_id IS NULL));
  `.execute(db);
}
