// Service catalogue (issue 5): each agency's services, their standard as a draft and as published
// versions with an effective date, public comments on a draft (UU 25/2009 Pasal 20), and a per-tenant
// revision counter that in-process search indexes compare against (decision 0009).
// Runs on PostgreSQL 15 and later.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE catalog_services (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      agency_id uuid NOT NULL,
      code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      -- The working copy of the standard (a ServiceDefinition, validated by the catalog service).
      draft jsonb NOT NULL,
      -- true when the draft differs from the latest published version (or nothing is published yet).
      draft_pending boolean NOT NULL DEFAULT true,
      comments_open boolean NOT NULL DEFAULT false,
      latest_version integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, agency_id) REFERENCES agencies (tenant_id, id),
      UNIQUE (tenant_id, agency_id, code)
    );

    CREATE TABLE catalog_service_versions (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      service_id uuid NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      effective_from date NOT NULL,
      -- The tenant's catalogue revision this publication made (catalog_revisions): search indexes
      -- load only the versions newer than the revision they hold.
      revision bigint NOT NULL,
      -- The standard as published: applications reference this row and it never changes.
      content jsonb NOT NULL,
      published_at timestamptz NOT NULL DEFAULT now(),
      published_by text NOT NULL,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, service_id) REFERENCES catalog_services (tenant_id, id),
      UNIQUE (tenant_id, service_id, version)
    );
    CREATE INDEX catalog_service_versions_revision ON catalog_service_versions (tenant_id, revision);

    CREATE TABLE catalog_comments (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      service_id uuid NOT NULL,
      -- A name the commenter chose to give (optional); no contact data is collected.
      author_name text,
      body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, service_id) REFERENCES catalog_services (tenant_id, id)
    );
    CREATE INDEX catalog_comments_service ON catalog_comments (tenant_id, service_id, created_at);

    CREATE TABLE catalog_revisions (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      revision bigint NOT NULL DEFAULT 0
    );

    GRANT SELECT, INSERT, UPDATE ON catalog_services, catalog_service_versions, catalog_comments,
      catalog_revisions TO gerbang_app;
    REVOKE UPDATE ON catalog_service_versions FROM gerbang_app;
  `.execute(db);
  for (const table of ['catalog_services', 'catalog_service_versions', 'catalog_comments', 'catalog_revisions']) {
    await sql`
      ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON ${sql.table(table)} TO gerbang_app
        USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
        WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);
    `.execute(db);
  }
}
