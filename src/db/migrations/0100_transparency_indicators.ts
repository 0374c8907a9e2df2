// The dashboard's further indicators (issue 22; docs/transparency.md): payments collected (from the
// payments ledger's credits, read through the payments module), active citizens (from the audit chain's
// sign-ins) and the app's own response time (an hourly histogram every process adds its requests to).
//
// Over another module's table this migration adds one index: payment_ledger's credits by
// (tenant_id, booked_at, id), for the refresh job's watermark scan. The ledger is append-only, so a
// credit is counted once (transparency_payment_facts remembers which) and never changes afterwards.
import { type Kysely, sql } from 'kysely';

const TENANT_TABLES = ['transparency_payment_facts', 'transparency_payment_monthly', 'transparency_active_citizens'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX payment_ledger_credits_booked ON payment_ledger (tenant_id, booked_at, id) WHERE kind = 'credit';

    -- The credits already counted (the job re-reads two minutes before its watermark).
    CREATE TABLE transparency_payment_facts (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      ledger_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, ledger_id)
    );

    -- Paid invoices and the amount credited, per agency, service (the nil uuid for an invoice of no
    -- service) and month of payment (the tenant's zone).
    CREATE TABLE transparency_payment_monthly (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      agency_id uuid NOT NULL,
      service_key uuid NOT NULL,
      month date NOT NULL,
      paid integer NOT NULL DEFAULT 0,
      amount bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, agency_id, service_key, month)
    );

    -- Who signed in as a citizen in a month, as a keyed hash of the audit actor (never the account id):
    -- distinct counts per month and per period.
    CREATE TABLE transparency_active_citizens (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      month date NOT NULL,
      citizen_key text NOT NULL,
      PRIMARY KEY (tenant_id, month, citizen_key)
    );

    -- The sign-ins' watermark is the audit chain's sequence number (gapless, in commit order).
    ALTER TABLE transparency_watermarks ADD COLUMN seq bigint;
    ALTER TABLE transparency_watermarks DROP CONSTRAINT transparency_watermarks_source_check;
    ALTER TABLE transparency_watermarks ADD CONSTRAINT transparency_watermarks_source_check CHECK (source IN ('applications', 'complaints', 'payments', 'sign_ins'));

    -- The installation's server time per request (from Fastify's onRequest to onResponse), as counts
    -- per histogram bucket (bounds in transparency/response-times.ts), per UTC hour.
    CREATE TABLE transparency_response_hours (
      hour timestamptz PRIMARY KEY,
      buckets integer[] NOT NULL
    );
    GRANT SELECT, INSERT, UPDATE ON transparency_response_hours TO gerbang_app;
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
