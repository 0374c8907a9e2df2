// Open data (Satu Data, issue 22): the tenant's datasets with their metadata and every published
// version of each. Tenant-owned: tenant_id leads every key, row-level security.
//
// What the database itself guarantees, whatever the code does:
//  - a dataset's name (the CKAN `name`, used in addresses) is unique within the tenant and URL-safe;
//  - a licence is one of the two the platform publishes under (CC BY 4.0, ODbL 1.0 for tables
//    derived from the Kemendagri region list);
//  - an automatic dataset (refreshed by the daily job) exists once per kind per tenant;
//  - versions are append-only for the application (no UPDATE or DELETE granted): a new upload or a
//    refresh adds a version, an old one is never rewritten.
import { type Kysely, sql } from 'kysely';

const TABLES = ['open_datasets', 'open_dataset_versions'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE open_datasets (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      -- null: published by the tenant itself (the automatic, tenant-wide datasets)
      agency_id uuid,
      name text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9_-]{1,99}$'),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      description text NOT NULL CHECK (length(description) BETWEEN 1 AND 4000),
      license_id text NOT NULL CHECK (license_id IN ('CC-BY-4.0', 'ODbL-1.0')),
      -- The EU frequency vocabulary's code (DAILY, MONTHLY, ANNUAL, IRREG, …).
      frequency text NOT NULL CHECK (frequency ~ '^[A-Z_]{3,20}$'),
      temporal_start date,
      temporal_end date,
      -- Kemendagri region code of the area covered (the tenant's own by default).
      spatial_code text CHECK (spatial_code ~ '^[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{2}(\\.[0-9]{4})?)?)?$'),
      keywords text[] NOT NULL DEFAULT '{}',
      -- 'auto': written by the daily job from the platform's aggregates; 'upload': an agency's CSV.
      source text NOT NULL CHECK (source IN ('auto', 'upload')),
      auto_kind text,
      -- Uploads: the declared columns [{ name, type }] every version is validated against.
      columns jsonb NOT NULL DEFAULT '[]',
      csv_resource_id uuid NOT NULL,
      json_resource_id uuid NOT NULL,
      created_at timestamptz NOT NULL,
      modified_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, agency_id) REFERENCES agencies (tenant_id, id),
      CHECK ((source = 'auto') = (auto_kind IS NOT NULL)),
      CHECK (temporal_start IS NULL OR temporal_end IS NULL OR temporal_start <= temporal_end)
    );
    CREATE UNIQUE INDEX open_datasets_name ON open_datasets (tenant_id, name);
    CREATE UNIQUE INDEX open_datasets_auto ON open_datasets (tenant_id, auto_kind) WHERE auto_kind IS NOT NULL;
    CREATE UNIQUE INDEX open_datasets_csv_resource ON open_datasets (tenant_id, csv_resource_id);
    CREATE UNIQUE INDEX open_datasets_json_resource ON open_datasets (tenant_id, json_resource_id);

    CREATE TABLE open_dataset_versions (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      dataset_id uuid NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      created_at timestamptz NOT NULL,
      created_by text NOT NULL,
      -- The published table, as CSV (UTF-8, header first) and as JSON records of typed values.
      csv text NOT NULL,
      records jsonb NOT NULL,
      row_count integer NOT NULL CHECK (row_count >= 0),
      -- How many cells the small-count rule suppressed (docs/open-data.md).
      suppressed_cells integer NOT NULL DEFAULT 0 CHECK (suppressed_cells >= 0),
      csv_sha256 text NOT NULL,
      PRIMARY KEY (tenant_id, dataset_id, version),
      FOREIGN KEY (tenant_id, dataset_id) REFERENCES open_datasets (tenant_id, id)
    );
  `.execute(db);
  for (const table of TABLES) {
    await sql`GRANT SELECT, INSERT ON ${sql.table(table)} TO gerbang_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY tenant_isolation ON ${sql.table(table)} TO gerbang_app
        USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
        WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
    `.execute(db);
  }
  await sql`GRANT UPDATE ON open_datasets TO gerbang_app`.execute(db);
}
