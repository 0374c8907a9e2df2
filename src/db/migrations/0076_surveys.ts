// Satisfaction surveys (SKM, issue 21, DOMAIN.md §2): who is invited to answer (an applicant whose
// application closed), the responses, and the daily aggregates the index is read from. Tenant-owned:
// tenant_id leads every key, row-level security.
//
// What the database itself guarantees, whatever the code does:
//  - one response per application (a partial unique index), so a second answer is a conflict;
//  - a response has all nine answers, each 1–4 (an incomplete questionnaire cannot be stored);
//  - a response names where it came from: an application, a kiosk code, or an import's source.
// The aggregates are written in the transaction of each response (and of each invitation), so they
// always equal what the responses say; getIkm reads them, never the responses.
import { type Kysely, sql } from 'kysely';

const TABLES = ['survey_invitations', 'survey_responses', 'survey_daily'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- An applicant invited when their application closed: the survey page is theirs to answer.
    CREATE TABLE survey_invitations (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      application_id uuid NOT NULL,
      citizen_id uuid NOT NULL,
      service_id uuid NOT NULL,
      agency_id uuid NOT NULL,
      tracking_number text NOT NULL,
      closed_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, application_id)
    );

    CREATE TABLE survey_responses (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      channel text NOT NULL CHECK (channel IN ('online', 'kiosk', 'import')),
      application_id uuid,
      kiosk_code text,
      import_source text,
      agency_id uuid NOT NULL,
      service_id uuid NOT NULL,
      submitted_at timestamptz NOT NULL,
      -- The day in the tenant's time zone: the aggregate's key and the period filters'.
      day date NOT NULL,
      persyaratan smallint NOT NULL CHECK (persyaratan BETWEEN 1 AND 4),
      prosedur smallint NOT NULL CHECK (prosedur BETWEEN 1 AND 4),
      waktu smallint NOT NULL CHECK (waktu BETWEEN 1 AND 4),
      biaya smallint NOT NULL CHECK (biaya BETWEEN 1 AND 4),
      produk smallint NOT NULL CHECK (produk BETWEEN 1 AND 4),
      kompetensi smallint NOT NULL CHECK (kompetensi BETWEEN 1 AND 4),
      perilaku smallint NOT NULL CHECK (perilaku BETWEEN 1 AND 4),
      pengaduan smallint NOT NULL CHECK (pengaduan BETWEEN 1 AND 4),
      sarana smallint NOT NULL CHECK (sarana BETWEEN 1 AND 4),
      sex text CHECK (sex IN ('laki_laki', 'perempuan')),
      age_band text CHECK (age_band IN ('lt20', '20_29', '30_39', '40_49', '50_59', '60plus')),
      education text CHECK (education IN ('sd', 'smp', 'sma', 'diploma', 's1', 's2plus')),
      occupation text CHECK (occupation IN ('pns', 'tni', 'polri', 'swasta', 'wirausaha', 'lainnya')),
      suggestion text CHECK (length(suggestion) <= 2000),
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id),
      CHECK ((channel = 'online') = (application_id IS NOT NULL)),
      CHECK ((channel = 'kiosk') = (kiosk_code IS NOT NULL)),
      CHECK ((channel = 'import') = (import_source IS NOT NULL))
    );
    CREATE UNIQUE INDEX survey_responses_application ON survey_responses (tenant_id, application_id) WHERE application_id IS NOT NULL;
    CREATE UNIQUE INDEX survey_responses_kiosk_code ON survey_responses (tenant_id, kiosk_code) WHERE kiosk_code IS NOT NULL;
    -- Suggestions of a period, newest first.
    CREATE INDEX survey_responses_suggestions ON survey_responses (tenant_id, day DESC, id) WHERE suggestion IS NOT NULL;

    -- Per tenant, agency, service and day: respondents, the nine sums, and the service users (closed
    -- applications) that are the next period's Krejcie–Morgan population. A year of a tenant is a few
    -- tens of thousands of rows whatever the number of responses.
    CREATE TABLE survey_daily (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      agency_id uuid NOT NULL,
      service_id uuid NOT NULL,
      day date NOT NULL,
      respondents integer NOT NULL DEFAULT 0,
      served integer NOT NULL DEFAULT 0,
      persyaratan integer NOT NULL DEFAULT 0,
      prosedur integer NOT NULL DEFAULT 0,
      waktu integer NOT NULL DEFAULT 0,
      biaya integer NOT NULL DEFAULT 0,
      produk integer NOT NULL DEFAULT 0,
      kompetensi integer NOT NULL DEFAULT 0,
      perilaku integer NOT NULL DEFAULT 0,
      pengaduan integer NOT NULL DEFAULT 0,
      sarana integer NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, agency_id, service_id, day)
    );
    -- Tenant-wide periods read by day.
    CREATE INDEX survey_daily_by_day ON survey_daily (tenant_id, day);
  `.execute(db);
  for (const table of TABLES) {
    await sql`GRANT SELECT, INSERT, UPDATE ON ${sql.table(table)} TO gerbang_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY tenant_isolation ON ${sql.table(table)} TO gerbang_app
        USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
        WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
    `.execute(db);
  }
  // Erasure removes a person's invitations (responses carry no person).
  await sql`GRANT DELETE ON survey_invitations TO gerbang_app`.execute(db);
}
