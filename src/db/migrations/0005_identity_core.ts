// Identity core: citizens, officers with role grants per agency, and server-side sessions. The
// identity issue extends these tables (registration, credentials, profile) in later migrations.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE citizens (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      name text NOT NULL,
      assurance text NOT NULL DEFAULT 'unverified'
        CHECK (assurance IN ('unverified', 'registry', 'in_person')),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('pending', 'active', 'locked', 'erased')),
      lang text NOT NULL DEFAULT 'id' CHECK (lang IN ('id', 'en')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    );

    CREATE TABLE officers (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      name text NOT NULL,
      email text NOT NULL,
      status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'disabled')),
      lang text NOT NULL DEFAULT 'id' CHECK (lang IN ('id', 'en')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    );
    CREATE UNIQUE INDEX officers_email ON officers (tenant_id, lower(email));

    -- A role for one agency, or for the whole tenant (agency_id NULL).
    CREATE TABLE officer_roles (
      tenant_id uuid NOT NULL,
      officer_id uuid NOT NULL,
      role text NOT NULL CHECK (role IN ('tenant_admin', 'agency_admin', 'verifier', 'approver', 'signer',
        'treasurer', 'complaint_handler', 'complaint_coordinator', 'ppid', 'auditor')),
      agency_id uuid,
      granted_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (tenant_id, officer_id) REFERENCES officers (tenant_id, id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, agency_id) REFERENCES agencies (tenant_id, id)
    );
    CREATE UNIQUE INDEX officer_roles_grant
      ON officer_roles (tenant_id, officer_id, role, coalesce(agency_id, '00000000-0000-0000-0000-000000000000'));

    -- Server-side sessions. The cookie holds a random token; the table holds only its SHA-256.
    CREATE TABLE sessions (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id text NOT NULL CHECK (id ~ '^[0-9a-f]{64}$'),
      subject_kind text NOT NULL CHECK (subject_kind IN ('citizen', 'officer')),
      subject_id uuid NOT NULL,
      -- The officer acting for a citizen at a counter (assisted digital).
      assisted_by uuid,
      second_factor boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      PRIMARY KEY (tenant_id, id)
    );
    CREATE INDEX sessions_subject ON sessions (tenant_id, subject_kind, subject_id);

    GRANT SELECT, INSERT, UPDATE ON citizens, officers TO gerbang_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON officer_roles, sessions TO gerbang_app;
  `.execute(db);
  for (const table of ['citizens', 'officers', 'officer_roles', 'sessions']) {
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY tenant_isolation ON ${sql.table(table)} TO gerbang_app
        USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
        WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
    `.execute(db);
  }
}
