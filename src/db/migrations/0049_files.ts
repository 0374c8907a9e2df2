// Uploaded files (platform/files, docs/files.md): one row per stored file — where its bytes are
// (storage_key in the FileStore), the name shown, the type sniffed from its content, size, SHA-256 —
// and its quarantine state. A file is `pending` from upload until the malware scan decides; `clean`
// files can be downloaded; `infected` ones have had their bytes removed and keep only this row as the
// record of what was found. The module that took the upload keeps its own reference (the file's id).
// Tenant-owned: tenant_id leads every key, row-level security.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE files (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      storage_key text NOT NULL CHECK (storage_key ~ '^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*$'),
      -- Cleaned of paths and control characters, with the extension of the real type.
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 120),
      mime text NOT NULL CHECK (mime ~ '^[a-z]+/[a-z0-9.+-]+$'),
      size bigint NOT NULL CHECK (size > 0),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'clean', 'infected')),
      -- Which scanner decided ('clamd ClamAV 1.4.6/27480', 'development', 'off'), when, and what it found.
      scanner text,
      scanned_at timestamptz,
      threat text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, storage_key),
      CHECK ((state = 'pending') = (scanned_at IS NULL) AND (state = 'pending') = (scanner IS NULL)),
      CHECK ((state = 'infected') = (threat IS NOT NULL))
    );
  `.execute(db);
  // Files waiting for their scan, for monitoring (docs/files.md).
  await sql`CREATE INDEX files_pending ON files (tenant_id, created_at) WHERE state = 'pending'`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE ON files TO gerbang_app`.execute(db);
  await sql`ALTER TABLE files ENABLE ROW LEVEL SECURITY`.execute(db);
  await sql`
    CREATE POLICY tenant_isolation ON files TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
  `.execute(db);
}
