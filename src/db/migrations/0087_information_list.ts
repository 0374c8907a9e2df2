// The public list of information (Daftar Informasi Publik, DIP) of UU 14/2008 and Perki 1/2021
// (issue 21, DOMAIN.md §4): the items a tenant's agencies publish by class, the documents attached to
// them, and each item's history. Tenant-owned: tenant_id leads every key, row-level security.
//
// What the database itself guarantees, whatever the code does:
//  - an item's class is one of the four of the law, and an exempt (dikecualikan) item names its legal
//    ground — an exemption without one cannot be stored;
//  - a retired item keeps its row (and its documents' rows): retiring is a state, never a delete;
//  - the history is append-only for the application (no UPDATE or DELETE granted).
import { type Kysely, sql } from 'kysely';

const TABLES = ['information_items', 'information_documents', 'information_item_history'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE information_items (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      agency_id uuid NOT NULL,
      class text NOT NULL CHECK (class IN ('berkala', 'serta_merta', 'setiap_saat', 'dikecualikan')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      summary text NOT NULL CHECK (length(summary) BETWEEN 1 AND 4000),
      official text NOT NULL CHECK (length(official) BETWEEN 1 AND 200),
      period_format text NOT NULL CHECK (length(period_format) BETWEEN 1 AND 200),
      retention text NOT NULL CHECK (length(retention) BETWEEN 1 AND 200),
      legal_ground text CHECK (length(legal_ground) <= 2000),
      -- When the information itself was last brought up to date (the berkala 6-month rule reads it).
      last_updated_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      retired_at timestamptz,
      retired_reason text CHECK (length(retired_reason) <= 2000),
      version integer NOT NULL DEFAULT 1,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, agency_id) REFERENCES agencies (tenant_id, id),
      CHECK ((class = 'dikecualikan') = (legal_ground IS NOT NULL)),
      CHECK ((retired_at IS NULL) = (retired_reason IS NULL))
    );
    -- The public list: the tenant's items in force, newest update first (the cursor's order).
    CREATE INDEX information_items_listed ON information_items (tenant_id, last_updated_at DESC, id DESC) WHERE retired_at IS NULL;

    CREATE TABLE information_documents (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      item_id uuid NOT NULL,
      file_id uuid NOT NULL,
      -- As the file was received (platform files): what the list shows without reading another table.
      name text NOT NULL,
      mime text NOT NULL,
      size bigint NOT NULL CHECK (size > 0),
      attached_at timestamptz NOT NULL,
      attached_by text NOT NULL,
      PRIMARY KEY (tenant_id, item_id, file_id),
      FOREIGN KEY (tenant_id, item_id) REFERENCES information_items (tenant_id, id),
      FOREIGN KEY (tenant_id, file_id) REFERENCES files (tenant_id, id)
    );

    -- Every change of an item, as the page shows it (the audit chain holds the same events).
    CREATE TABLE information_item_history (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      item_id uuid NOT NULL,
      -- The item's version after the change (1: created).
      seq integer NOT NULL,
      at timestamptz NOT NULL,
      -- Who changed it: an officer (only PPID and administrators write) or the system (the demo seed).
      changed_by text NOT NULL,
      action text NOT NULL CHECK (action IN ('created', 'edited', 'document_attached', 'marked_updated', 'retired')),
      -- What changed: the fields' new values, or the attached document's name.
      detail jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (tenant_id, item_id, seq),
      FOREIGN KEY (tenant_id, item_id) REFERENCES information_items (tenant_id, id)
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
  await sql`GRANT UPDATE ON information_items TO gerbang_app`.execute(db);
}
