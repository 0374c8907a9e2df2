// The public performance dashboard (issue 22, module transparency). Figures are read from aggregates
// keyed by (tenant, agency, service, month) that a recurring job keeps current from a watermark on
// the applications' and complaints' updated_at: per-row "facts" (what one application or complaint
// contributes) let the job subtract a row's old contribution and add its new one, so a complaint
// moved to another agency, or an application closed, is counted once and in the right place.
//
// Over other modules' tables this migration adds only what the job needs to read them (documented in
// docs/transparency.md): two views with security_invoker (the reader's row-level security applies)
// and one index on each table's (tenant_id, updated_at, id) for the watermark scan. Submission writes
// no new statement; the index is one more b-tree entry per insert and per update.
import { type Kysely, sql } from 'kysely';

const TENANT_TABLES = [
  'transparency_application_facts',
  'transparency_application_monthly',
  'transparency_completion_days',
  'transparency_complaint_facts',
  'transparency_complaint_monthly',
  'transparency_complaint_cells',
  'transparency_watermarks',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX applications_changed ON applications (tenant_id, updated_at, id);
    CREATE INDEX complaints_changed ON complaints (tenant_id, updated_at, id);

    CREATE VIEW transparency_application_source WITH (security_invoker = true) AS
      SELECT tenant_id, id, agency_id, service_id, status, outcome, deemed_approved, submitted_at, closed_at, service_due_at, updated_at
      FROM applications;
    CREATE VIEW transparency_complaint_source WITH (security_invoker = true) AS
      SELECT tenant_id, id, agency_id, category_code, status, outcome, submitted_at, verified_at, verify_due_at,
             first_follow_up_at, follow_up_due_at, rating, latitude, longitude, hidden, updated_at
      FROM complaints;

    -- What each application contributes to the aggregates, as last counted.
    CREATE TABLE transparency_application_facts (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      application_id uuid NOT NULL,
      agency_id uuid NOT NULL,
      service_id uuid NOT NULL,
      received_month date NOT NULL,
      closed_month date,
      -- closed with a decision (approved, issued, rejected); withdrawn ones are closed, not completed
      completed boolean NOT NULL,
      -- completed with a due instant on record (the standard's jangka waktu), and within it
      timed boolean NOT NULL,
      on_time boolean NOT NULL,
      deemed boolean NOT NULL,
      working_days integer,
      PRIMARY KEY (tenant_id, application_id)
    );

    CREATE TABLE transparency_application_monthly (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      agency_id uuid NOT NULL,
      service_id uuid NOT NULL,
      month date NOT NULL,
      received integer NOT NULL DEFAULT 0,
      closed integer NOT NULL DEFAULT 0,
      completed integer NOT NULL DEFAULT 0,
      timed integer NOT NULL DEFAULT 0,
      on_time integer NOT NULL DEFAULT 0,
      deemed integer NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, agency_id, service_id, month)
    );
    CREATE INDEX transparency_application_monthly_by_month ON transparency_application_monthly (tenant_id, month);

    -- Completed applications per working-day count: exact median and 90th percentile from the aggregate.
    CREATE TABLE transparency_completion_days (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      agency_id uuid NOT NULL,
      service_id uuid NOT NULL,
      month date NOT NULL,
      working_days integer NOT NULL,
      applications integer NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, agency_id, service_id, month, working_days)
    );

    CREATE TABLE transparency_complaint_facts (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      complaint_id uuid NOT NULL,
      -- the nil uuid while no agency holds the complaint (before forwarding)
      agency_key uuid NOT NULL,
      month date NOT NULL,
      category_code text NOT NULL,
      verified boolean NOT NULL,
      verified_on_time boolean NOT NULL,
      answered boolean NOT NULL,
      answered_on_time boolean NOT NULL,
      resolved boolean NOT NULL,
      rating smallint,
      -- a 0.05° grid cell of the complaint's place ("lat:lon" cell indexes), not the place itself
      cell text,
      PRIMARY KEY (tenant_id, complaint_id)
    );

    CREATE TABLE transparency_complaint_monthly (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      agency_key uuid NOT NULL,
      month date NOT NULL,
      category_code text NOT NULL,
      received integer NOT NULL DEFAULT 0,
      verified integer NOT NULL DEFAULT 0,
      verified_on_time integer NOT NULL DEFAULT 0,
      answered integer NOT NULL DEFAULT 0,
      answered_on_time integer NOT NULL DEFAULT 0,
      resolved integer NOT NULL DEFAULT 0,
      rated integer NOT NULL DEFAULT 0,
      rating_sum integer NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, agency_key, month, category_code)
    );

    CREATE TABLE transparency_complaint_cells (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      agency_key uuid NOT NULL,
      month date NOT NULL,
      cell text NOT NULL,
      complaints integer NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, agency_key, month, cell)
    );

    -- How far the refresh job has read each source: the last (updated_at, id) it counted.
    CREATE TABLE transparency_watermarks (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      source text NOT NULL CHECK (source IN ('applications', 'complaints')),
      updated_at timestamptz NOT NULL,
      id uuid NOT NULL,
      refreshed_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, source)
    );

    -- The installation's own health checks (one a minute, docs/transparency.md): availability.
    CREATE TABLE transparency_health_checks (
      minute timestamptz PRIMARY KEY,
      ok boolean NOT NULL,
      round_trip_ms integer NOT NULL
    );
    GRANT SELECT, INSERT, UPDATE ON transparency_health_checks TO gerbang_app;
    GRANT SELECT ON transparency_application_source, transparency_complaint_source TO gerbang_app;
  `.execute(db);
  for (const table of TENANT_TABLES) {
    await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ${sql.table(table)} TO gerbang_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY tenant_isolation ON ${sql.table(table)} TO gerbang_app
        USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
        WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
    `.execute(db);
  }
}
