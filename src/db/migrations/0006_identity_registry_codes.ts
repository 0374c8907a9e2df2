// Identity, the parts that do not depend on accounts: the tenant's population registry (residents
// imported from CSV, for the built-in PopulationRegistry), per-tenant identity settings, and one-time
// codes (hashed, expiring, single use, attempt-limited) and sign-in throttling. Runs on PostgreSQL 15 and later.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Residents a tenant imports (e.g. an extract from its Disdukcapil). The NIK itself is not kept:
    -- nik_hash is the tenant pseudonym (HMAC) of the NIK, enough to answer "does NIK + name + birth
    -- date match a resident".
    CREATE TABLE population_registry (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      nik_hash text NOT NULL CHECK (nik_hash ~ '^p:[0-9a-f]{64}$'),
      -- Upper case, diacritics and punctuation removed, single spaces: "Siti Nur'aini" → "SITI NURAINI".
      name_key text NOT NULL,
      birth_date date NOT NULL,
      imported_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, nik_hash)
    );

    -- How a tenant verifies registrations. registry 'none': accounts are 'unverified' until an officer
    -- verifies in person; 'builtin': population_registry; 'http': a Dukcapil-style service.
    CREATE TABLE identity_settings (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      registry text NOT NULL DEFAULT 'none' CHECK (registry IN ('none', 'builtin', 'http')),
      registry_url text,
      -- Secret: never returned by the API, never logged.
      registry_key text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (registry <> 'http' OR registry_url IS NOT NULL)
    );

    CREATE TABLE one_time_codes (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      purpose text NOT NULL CHECK (purpose ~ '^[a-z][a-z_]{0,39}$'),
      -- Who the code is for, e.g. 'citizen:<uuid>'.
      subject text NOT NULL,
      -- SHA-256 of id ‖ code; the code itself is only in the message sent.
      code_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 5,
      consumed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    );
    CREATE INDEX one_time_codes_subject ON one_time_codes (tenant_id, subject, purpose, created_at DESC);

    -- Sign-in failures per key: 'account:<pseudonym of the identifier typed>' or 'address:<ip>'.
    CREATE TABLE login_throttle (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      key text NOT NULL,
      failures integer NOT NULL,
      since timestamptz NOT NULL,
      blocked_until timestamptz,
      PRIMARY KEY (tenant_id, key)
    );

    GRANT SELECT, INSERT, UPDATE, DELETE ON login_throttle TO gerbang_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON population_registry TO gerbang_app;
    GRANT SELECT, INSERT, UPDATE ON identity_settings TO gerbang_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON one_time_codes TO gerbang_app;
  `.execute(db);
  for (const table of ['population_registry', 'identity_settings', 'one_time_codes', 'login_throttle']) {
    await sql`
      ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY;
      CREATE POLICY tenant_isolation ON ${sql.table(table)} TO gerbang_app
        USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
        WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);
    `.execute(db);
  }
}
