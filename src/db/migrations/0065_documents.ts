// Signed documents (issue 20, DOMAIN.md §11): each tenant's signing keys and the documents it issued.
// Both tables are tenant-owned: tenant_id leads every key, row-level security.
//
// What the database itself guarantees, whatever the code does:
//  - a tenant signs with one key at a time: a partial unique index allows one unretired key;
//  - a verification code and a document number name one document of the tenant;
//  - a document is 'valid' only with its file and hash, and 'revoked' only with a reason and a date;
//  - keys are never deleted by the app (retired, kept for the documents they signed).
import { type Kysely, sql } from 'kysely';

const TABLES = ['document_signing_keys', 'documents'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The tenant's signing keys: generated for development ("DEV — TIDAK SAH") or imported from a
    -- PKCS#12. The private key is sealed (AES-256-GCM) under a key derived from APP_SECRET, so a copy
    -- of the database cannot sign.
    CREATE TABLE document_signing_keys (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      -- DER certificates, base64, the signer's first.
      certificate_chain text[] NOT NULL CHECK (cardinality(certificate_chain) >= 1),
      private_key_sealed bytea NOT NULL,
      development boolean NOT NULL,
      certificate_subject text NOT NULL,
      common_name text NOT NULL,
      fingerprint text NOT NULL,
      not_after timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      retired_at timestamptz,
      PRIMARY KEY (tenant_id, id)
    );
    CREATE UNIQUE INDEX document_signing_keys_current ON document_signing_keys (tenant_id) WHERE retired_at IS NULL;

    -- One issued document (izin, sertifikat, surat keterangan). 'pending' waits for its signature;
    -- 'valid' is signed, its PDF stored under storage_key with its SHA-256; 'revoked' keeps the file.
    CREATE TABLE documents (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      -- The public verification code: 128 random bits in base32 (26 characters), what the QR holds.
      code text NOT NULL CHECK (code ~ '^[a-z2-7]{26}$'),
      number text NOT NULL,
      type text NOT NULL CHECK (type IN ('izin', 'sertifikat', 'surat_keterangan')),
      title text NOT NULL,
      application_id uuid,
      tracking_number text,
      service_id uuid,
      service_name text NOT NULL,
      agency_id uuid NOT NULL,
      agency_name text NOT NULL,
      holder_citizen_id uuid NOT NULL,
      holder_name text NOT NULL,
      -- The application's answers printed on the document (label and value), as issued.
      fields jsonb NOT NULL DEFAULT '[]',
      status text NOT NULL CHECK (status IN ('pending', 'valid', 'revoked')),
      issued_at timestamptz,
      valid_until timestamptz,
      signing_key_id uuid,
      signer_name text,
      signer_position text,
      storage_key text,
      sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      revoked_at timestamptz,
      revoked_reason text,
      revoked_by text,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, signing_key_id) REFERENCES document_signing_keys (tenant_id, id),
      CHECK (status = 'pending' OR (issued_at IS NOT NULL AND storage_key IS NOT NULL AND sha256 IS NOT NULL AND signing_key_id IS NOT NULL)),
      CHECK ((status = 'revoked') = (revoked_at IS NOT NULL AND revoked_reason IS NOT NULL))
    );
    CREATE UNIQUE INDEX documents_code ON documents (tenant_id, code);
    CREATE UNIQUE INDEX documents_number ON documents (tenant_id, number);
    -- One document per application (a re-run of the closing hook finds it).
    CREATE UNIQUE INDEX documents_application ON documents (tenant_id, application_id) WHERE application_id IS NOT NULL;
    -- The wallet: a holder's documents, newest first.
    CREATE INDEX documents_holder ON documents (tenant_id, holder_citizen_id, created_at DESC);
    -- Checking an uploaded PDF finds the document by its hash.
    CREATE INDEX documents_sha256 ON documents (tenant_id, sha256) WHERE sha256 IS NOT NULL;
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
