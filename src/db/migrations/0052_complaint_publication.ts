// Publication of complaint reports (issue 16): a public or anonymous report reaches the public views
// (list, map, Open311, the report page) only once a coordinator has verified it, with the text the
// coordinator chose for the public (possibly redacted: a name, a home address). `published_at` is the
// moment of verification; `published_title` / `published_description` are what the public reads
// (still masked automatically on every public view, mask.ts); `title` / `description` stay as the
// reporter wrote them, for the officers. A confidential (rahasia) report is never published.
//
// Existing rows: those already past verification were public until now, so they are published with
// their current text at their verification time (the masking stays as it was, at read time). Reports
// still waiting for verification, and those rejected or merged before it, are not published.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE complaints
      ADD COLUMN published_at timestamptz,
      ADD COLUMN published_title text,
      ADD COLUMN published_description text
  `.execute(db);
  await sql`
    UPDATE complaints SET published_at = verified_at, published_title = title, published_description = description
    WHERE verified_at IS NOT NULL AND privacy IN ('public', 'anonim')
  `.execute(db);
  await sql`
    ALTER TABLE complaints
      ADD CONSTRAINT rahasia_never_published CHECK (privacy <> 'rahasia' OR published_at IS NULL),
      ADD CONSTRAINT published_has_text CHECK (published_at IS NULL OR (published_title IS NOT NULL AND published_description IS NOT NULL))
  `.execute(db);
  // The public list, map and Open311 read published reports newest first.
  await sql`DROP INDEX complaints_public`.execute(db);
  await sql`
    CREATE INDEX complaints_public ON complaints (tenant_id, submitted_at DESC)
      WHERE published_at IS NOT NULL AND privacy IN ('public', 'anonim') AND NOT hidden
  `.execute(db);
}
