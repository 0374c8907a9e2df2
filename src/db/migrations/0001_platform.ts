// Platform tables: tenants and agencies, the audit chain, jobs, idempotency keys, calendar overrides.
// Runs on PostgreSQL 15 and later (CI checks it on Debian's 15).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'gerbang_app') THEN
        CREATE ROLE gerbang_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
      END IF;
    END $$;
  `.execute(db);
  // The connecting (owner) role must be able to act as gerbang_app; a superuser already can.
  await sql`
    DO $$ BEGIN
      IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
         AND NOT pg_has_role(current_user, 'gerbang_app', 'MEMBER') THEN
        EXECUTE format('GRANT gerbang_app TO %I', current_user);
      END IF;
    END $$;
  `.execute(db);
  await sql`GRANT USAGE ON SCHEMA public TO gerbang_app`.execute(db);

  await sql`
    CREATE TABLE tenants (
      id uuid PRIMARY KEY,
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
      name text NOT NULL,
      name_en text,
      kind text NOT NULL CHECK (kind IN ('province', 'regency', 'city', 'ministry')),
      region_code text CHECK (region_code ~ '^[0-9]{2}(\\.[0-9]{2}){0,2}(\\.[0-9]{4})?$'),
      time_zone text NOT NULL CHECK (time_zone IN ('Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura')),
      hosts text[] NOT NULL DEFAULT '{}',
      brand_color text NOT NULL DEFAULT '#0b5394' CHECK (brand_color ~ '^#[0-9a-fA-F]{6}$'),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX tenants_hosts ON tenants USING gin (hosts);

    CREATE TABLE agencies (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,40}$'),
      name text NOT NULL,
      name_en text,
      kind text NOT NULL DEFAULT 'dinas',
      description text,
      description_en text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, code)
    );

    CREATE TABLE calendar_overrides (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      date date NOT NULL,
      action text NOT NULL CHECK (action IN ('add', 'remove')),
      type text CHECK (type IN ('national_holiday', 'collective_leave', 'regional_holiday')),
      name text,
      source text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, date)
    );

    CREATE TABLE jobs (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      tenant_id uuid REFERENCES tenants (id),
      kind text NOT NULL,
      payload jsonb NOT NULL DEFAULT '{}',
      priority smallint NOT NULL DEFAULT 0,
      state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
      run_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      max_attempts integer NOT NULL DEFAULT 10,
      last_error text,
      dedupe_key text,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    );
    CREATE INDEX jobs_ready ON jobs (priority DESC, run_at, id) WHERE state = 'queued';
    CREATE UNIQUE INDEX jobs_dedupe ON jobs (kind, dedupe_key) WHERE dedupe_key IS NOT NULL;

    CREATE TABLE idempotency_keys (
      scope text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, key)
    );

    CREATE TABLE rate_limits (
      key text PRIMARY KEY,
      count integer NOT NULL,
      reset_at timestamptz NOT NULL
    );
  `.execute(db);

  // Audit chain (docs/audit.md). One chain per installation, so one signed checkpoint covers every
  // tenant; tenant_id is kept for filtering. Entries are canonical JSON bytes, never re-serialised.
  await sql`
    CREATE TABLE audit_log (
      seq bigint PRIMARY KEY CHECK (seq >= 1),
      recorded_at timestamptz NOT NULL,
      tenant_id uuid,
      actor text NOT NULL,
      action text NOT NULL,
      subject text,
      entry bytea NOT NULL,
      leaf_hash bytea NOT NULL,
      chain_hash bytea NOT NULL,
      signature bytea NOT NULL,
      key_id text NOT NULL
    );
    CREATE INDEX audit_log_tenant ON audit_log (tenant_id, seq);

    -- The head of the chain: locking this row serialises appends, so sequence numbers are gapless
    -- and the chain order is the commit order.
    CREATE TABLE audit_head (
      id smallint PRIMARY KEY CHECK (id = 1),
      seq bigint NOT NULL,
      chain_hash bytea NOT NULL
    );
    INSERT INTO audit_head VALUES (1, 0, '\\x0000000000000000000000000000000000000000000000000000000000000000');

    CREATE TABLE audit_checkpoints (
      tree_size bigint PRIMARY KEY,
      root_hash bytea NOT NULL,
      chain_hash bytea NOT NULL,
      created_at timestamptz NOT NULL,
      key_id text NOT NULL,
      signature bytea NOT NULL
    );

    CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit records are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
    CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
    CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
  `.execute(db);

  // Privileges of the application role: data only, never DDL; audit tables append-only.
  await sql`
    GRANT SELECT ON tenants TO gerbang_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON agencies, calendar_overrides TO gerbang_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON jobs, idempotency_keys, rate_limits TO gerbang_app;
    GRANT SELECT, INSERT ON audit_log, audit_checkpoints TO gerbang_app;
    GRANT SELECT, UPDATE ON audit_head TO gerbang_app;
  `.execute(db);

  // Row-level security on tenant-owned tables, keyed on the transaction's tenant (withTenant()).
  for (const table of ['agencies', 'calendar_overrides']) {
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY tenant_isolation ON ${sql.table(table)} TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
    `.execute(db);
  }
}
