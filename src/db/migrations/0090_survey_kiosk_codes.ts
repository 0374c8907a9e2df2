// Surveys at the counter (issue 21): a one-time code printed on a counter visitor's receipt lets them
// answer on the service hall's kiosk page. A code belongs to one tenant (it leads the key), names the
// service the visitor received, answers once (answered_at, and the responses' unique kiosk_code) and
// expires. Issuing a code counts the visitor as a service user of the day (survey_daily.served), so
// counter visitors are in the next period's Krejcie–Morgan population like online applicants.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE survey_kiosk_codes (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      -- SKM-XXXX-XXXX: platform/tracking-number.ts (no look-alikes, a check character).
      code text NOT NULL CHECK (code ~ '^SKM-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$'),
      agency_id uuid NOT NULL,
      service_id uuid NOT NULL,
      issued_by uuid NOT NULL,
      issued_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      answered_at timestamptz,
      PRIMARY KEY (tenant_id, code),
      CHECK (expires_at > issued_at)
    );
    GRANT SELECT, INSERT, UPDATE ON survey_kiosk_codes TO gerbang_app;
    ALTER TABLE survey_kiosk_codes ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON survey_kiosk_codes TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);
  `.execute(db);
}
