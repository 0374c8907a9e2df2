// The PPID's answer delivered as files (issue 21): the documents holding the information, uploaded by
// the PPID for one request (scanned like every upload, platform/files) and named by its decision; the
// links that open them without signing in for a requester who chose e-mail (a 128-bit random token,
// only its SHA-256 stored, expiring); and the record of a paper copy handed over or sent (the date
// and how). Tenant-owned: tenant_id leads every key, row-level security like the neighbours.
//
// What the database itself guarantees, whatever the code does:
//  - an answer file belongs to one request and one stored file of the same tenant;
//  - a copy's handover is recorded whole (day, way, who, when) or not at all, and only once a decision exists.
import { type Kysely, sql } from 'kysely';

const TABLES = ['information_answer_files', 'information_answer_links'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Uploaded by the PPID for a request; delivered_at is set when the decision names it (then the
    -- requester may download it). Files uploaded but not named stay undelivered.
    CREATE TABLE information_answer_files (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      request_id uuid NOT NULL,
      file_id uuid NOT NULL,
      -- Copied from the file's record when uploaded (the display name, the sniffed type, bytes).
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
      mime text NOT NULL,
      size bigint NOT NULL CHECK (size > 0),
      uploaded_by text NOT NULL,
      uploaded_at timestamptz NOT NULL,
      delivered_at timestamptz,
      PRIMARY KEY (tenant_id, request_id, file_id),
      FOREIGN KEY (tenant_id, request_id) REFERENCES information_requests (tenant_id, id),
      FOREIGN KEY (tenant_id, file_id) REFERENCES files (tenant_id, id)
    );
    CREATE UNIQUE INDEX information_answer_files_file ON information_answer_files (tenant_id, file_id);

    -- A link to a decided request's answer files for a requester who chose e-mail (also a paper
    -- requester who wrote an e-mail address): whoever holds it may download them until it expires.
    CREATE TABLE information_answer_links (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      request_id uuid NOT NULL,
      token_sha256 text NOT NULL CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, request_id) REFERENCES information_requests (tenant_id, id)
    );
    CREATE UNIQUE INDEX information_answer_links_token ON information_answer_links (tenant_id, token_sha256);
    CREATE INDEX information_answer_links_request ON information_answer_links (tenant_id, request_id);

    -- A copy (salinan) on paper or a medium: when the PPID handed it over or sent it, and how.
    ALTER TABLE information_requests
      ADD COLUMN copy_handed_over_on date,
      ADD COLUMN copy_handover_method text CHECK (copy_handover_method IN ('in_person', 'post', 'courier')),
      ADD COLUMN copy_recorded_at timestamptz,
      ADD COLUMN copy_recorded_by text,
      ADD CONSTRAINT information_requests_copy_whole CHECK (
        (copy_handed_over_on IS NULL) = (copy_handover_method IS NULL)
        AND (copy_handed_over_on IS NULL) = (copy_recorded_at IS NULL)
        AND (copy_handed_over_on IS NULL) = (copy_recorded_by IS NULL)),
      ADD CONSTRAINT information_requests_copy_after_decision CHECK (copy_handed_over_on IS NULL OR decision IS NOT NULL);
  `.execute(db);
  for (const table of TABLES) {
    await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(table)} TO gerbang_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY tenant_isolation ON ${sql.table(table)} TO gerbang_app
        USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
        WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
    `.execute(db);
  }
}
