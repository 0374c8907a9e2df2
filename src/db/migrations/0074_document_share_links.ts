// Share links to a signed document (issue 20): the holder gives someone a link that shows the
// verification facts and offers the download until it expires (1, 7 or 30 days) or the holder revokes
// it. Only the SHA-256 of the link's 128-bit random token is stored: a copy of the database opens no
// link. Tenant-owned, row-level security like documents.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE document_share_links (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      document_id uuid NOT NULL,
      -- The document's holder, who made the link (and alone may see and revoke it).
      holder_citizen_id uuid NOT NULL,
      token_sha256 text NOT NULL CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
      revoked_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, document_id) REFERENCES documents (tenant_id, id)
    );
    -- Opening a link finds it by its token's hash.
    CREATE UNIQUE INDEX document_share_links_token ON document_share_links (tenant_id, token_sha256);
    -- The wallet lists a holder's links, newest first.
    CREATE INDEX document_share_links_holder ON document_share_links (tenant_id, holder_citizen_id, created_at DESC);
    -- Erasure deletes a person's links (a link is theirs, not a record of the act).
    GRANT SELECT, INSERT, UPDATE, DELETE ON document_share_links TO gerbang_app;
    ALTER TABLE document_share_links ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON document_share_links TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);
  `.execute(db);
}
