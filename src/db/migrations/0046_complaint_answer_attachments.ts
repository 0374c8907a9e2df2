// Files an agency attaches to its answer (a letter as PDF, a photo of the repaired road): at most 3
// per answer, each tied to the answer's timeline event so it is shown exactly where the answer is
// and to whom the answer is. Stored like the report photos (bytea, after checking: images re-encoded
// without metadata, PDFs checked to be PDFs). Tenant-owned: tenant_id leads every key, row-level
// security. Only the SHA-256 and the size go into the audit entry, never the content.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE complaint_answer_attachments (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      complaint_id uuid NOT NULL,
      event_id bigint NOT NULL,
      idx smallint NOT NULL CHECK (idx BETWEEN 0 AND 2),
      -- The name shown and offered on download (control characters and paths removed, extension by content).
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
      mime text NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png', 'image/webp')),
      size integer NOT NULL CHECK (size BETWEEN 1 AND 10485760),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      width integer,
      height integer,
      data bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, complaint_id, event_id, idx),
      FOREIGN KEY (tenant_id, complaint_id, event_id) REFERENCES complaint_events (tenant_id, complaint_id, id)
    );
  `.execute(db);
  await sql`GRANT SELECT, INSERT ON complaint_answer_attachments TO gerbang_app`.execute(db);
  await sql`ALTER TABLE complaint_answer_attachments ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY tenant_isolation ON complaint_answer_attachments TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
  `.execute(db);
}
