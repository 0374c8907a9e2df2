// Complaints (pengaduan, aspirasi, permintaan informasi — DOMAIN.md §3) and the Open311 API keys.
// Every table is tenant-owned: tenant_id leads the primary key and every index, row-level security.
import { type Kysely, sql } from 'kysely';

const TABLES = [
  'complaint_settings',
  'complaint_categories',
  'complaints',
  'complaint_events',
  'complaint_dispositions',
  'complaint_photos',
  'complaint_response_templates',
  'open311_api_keys',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Resolution tiers in working days (DOMAIN.md §3: 5 / 14 / 60 HK), per tenant.
    CREATE TABLE complaint_settings (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      tier_simple_days smallint NOT NULL DEFAULT 5 CHECK (tier_simple_days BETWEEN 1 AND 366),
      tier_dispute_days smallint NOT NULL DEFAULT 14 CHECK (tier_dispute_days BETWEEN 1 AND 366),
      tier_field_days smallint NOT NULL DEFAULT 60 CHECK (tier_field_days BETWEEN 1 AND 366),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- A tenant's complaint categories; they are also its Open311 services (service_code = code).
    CREATE TABLE complaint_categories (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
      name text NOT NULL,
      name_en text,
      description text,
      -- The agency that usually has authority (routing default); the coordinator may correct it.
      agency_id uuid,
      requires_location boolean NOT NULL DEFAULT false,
      keywords text[] NOT NULL DEFAULT '{}',
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, code),
      FOREIGN KEY (tenant_id, agency_id) REFERENCES agencies (tenant_id, id)
    );

    CREATE TABLE complaints (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      tracking_number text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('pengaduan', 'aspirasi', 'permintaan_informasi')),
      title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
      description text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 4000),
      category_code text NOT NULL,
      agency_id uuid,
      privacy text NOT NULL CHECK (privacy IN ('public', 'rahasia', 'anonim')),
      -- Reporter: a citizen account and/or contact details. Personal data: read through the service
      -- only, never audited raw. An anonymous report keeps none of it (CHECK below).
      reporter_citizen_id uuid,
      reporter_name text,
      reporter_email text,
      reporter_phone text,
      secret_code_hash text,
      service_received_on date,
      late_filing boolean NOT NULL DEFAULT false,
      latitude double precision CHECK (latitude BETWEEN -90 AND 90),
      longitude double precision CHECK (longitude BETWEEN -180 AND 180),
      address text CHECK (char_length(address) <= 500),
      status text NOT NULL DEFAULT 'submitted' CHECK (status IN
        ('submitted', 'verified', 'forwarded', 'in_follow_up', 'responded', 'closed', 'rejected')),
      outcome text CHECK (outcome IN ('resolved', 'unresolved', 'transferred', 'duplicate')),
      tier text CHECK (tier IN ('simple', 'dispute', 'field')),
      -- The deadline of the current stage (verify+forward, first follow-up, resolution); NULL when none.
      due_at timestamptz,
      verify_due_at timestamptz,
      follow_up_due_at timestamptz,
      resolution_due_at timestamptz,
      escalated_at timestamptz,
      suggested_category text,
      suggested_agency_code text,
      suggestion_confidence real,
      reopen_count smallint NOT NULL DEFAULT 0,
      rating smallint CHECK (rating BETWEEN 1 AND 5),
      rating_comment text CHECK (char_length(rating_comment) <= 2000),
      merged_into uuid,
      transferred_to text,
      hidden boolean NOT NULL DEFAULT false,
      submitted_at timestamptz NOT NULL DEFAULT now(),
      verified_at timestamptz,
      forwarded_at timestamptz,
      first_follow_up_at timestamptz,
      responded_at timestamptz,
      closed_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, tracking_number),
      FOREIGN KEY (tenant_id, category_code) REFERENCES complaint_categories (tenant_id, code),
      FOREIGN KEY (tenant_id, agency_id) REFERENCES agencies (tenant_id, id),
      CONSTRAINT anonim_keeps_no_identity CHECK (privacy <> 'anonim' OR (reporter_citizen_id IS NULL
        AND reporter_name IS NULL AND reporter_email IS NULL AND reporter_phone IS NULL)),
      CONSTRAINT anonim_has_code CHECK ((privacy = 'anonim') = (secret_code_hash IS NOT NULL))
    );
    CREATE INDEX complaints_queue ON complaints (tenant_id, status, due_at);
    CREATE INDEX complaints_agency ON complaints (tenant_id, agency_id, status);
    CREATE INDEX complaints_public ON complaints (tenant_id, submitted_at DESC) WHERE privacy IN ('public', 'anonim') AND NOT hidden;
    CREATE INDEX complaints_reporter ON complaints (tenant_id, reporter_citizen_id) WHERE reporter_citizen_id IS NOT NULL;
    CREATE UNIQUE INDEX complaints_secret ON complaints (tenant_id, secret_code_hash) WHERE secret_code_hash IS NOT NULL;
    CREATE INDEX complaints_place ON complaints (tenant_id, latitude, longitude) WHERE latitude IS NOT NULL;

    -- The timeline: every transition (actor, time, reason), answers, internal notes.
    CREATE TABLE complaint_events (
      tenant_id uuid NOT NULL,
      complaint_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      action text NOT NULL,
      from_status text,
      to_status text,
      reason text CHECK (char_length(reason) <= 4000),
      body text CHECK (char_length(body) <= 8000),
      internal boolean NOT NULL DEFAULT false,
      agency_id uuid,
      PRIMARY KEY (tenant_id, complaint_id, id),
      FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id)
    );

    CREATE TABLE complaint_dispositions (
      tenant_id uuid NOT NULL,
      complaint_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      from_agency_id uuid,
      to_agency_id uuid,
      to_tenant_slug text,
      reason text,
      PRIMARY KEY (tenant_id, complaint_id, id),
      FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id)
    );

    CREATE TABLE complaint_photos (
      tenant_id uuid NOT NULL,
      complaint_id uuid NOT NULL,
      idx smallint NOT NULL CHECK (idx BETWEEN 0 AND 4),
      mime text NOT NULL CHECK (mime IN ('image/jpeg', 'image/png', 'image/webp')),
      width integer NOT NULL,
      height integer NOT NULL,
      data bytea NOT NULL,
      PRIMARY KEY (tenant_id, complaint_id, idx),
      FOREIGN KEY (tenant_id, complaint_id) REFERENCES complaints (tenant_id, id)
    );

    CREATE TABLE complaint_response_templates (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      agency_id uuid,
      title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
      body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 8000),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    );

    -- Open311 api_key: only a SHA-256 of the key is stored.
    CREATE TABLE open311_api_keys (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      key_hash text NOT NULL,
      label text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, key_hash)
    );
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
  await sql`GRANT DELETE ON complaint_response_templates TO gerbang_app`.execute(db);
}
