// Identity accounts on top of the core (0005): citizens' credentials and pseudonymous look-up keys,
// their personal data kept apart (read only through the access-logged functions), officers' password
// and second factor, invitations, the personal-data access log, data-subject requests (UU 27/2022)
// and API keys for agency systems. Runs on PostgreSQL 15 and later.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Look-up keys are tenant pseudonyms (HMAC, audit.pseudonymize) of the normalised NIK, e-mail and
    -- phone: sign-in and the one-account-per-NIK rule need no plain value.
    ALTER TABLE citizens
      ADD COLUMN nik_hash text,
      ADD COLUMN email_hash text,
      ADD COLUMN phone_hash text,
      ADD COLUMN password_hash text,
      ADD COLUMN contact_verified_at timestamptz,
      ADD COLUMN registry_checked_at timestamptz,
      ADD COLUMN registry_result text,
      -- Registered at a counter by this officer, with the citizen's recorded consent.
      ADD COLUMN assisted_by uuid,
      ADD COLUMN assisted_consent text;
    CREATE UNIQUE INDEX citizens_nik ON citizens (tenant_id, nik_hash) WHERE status <> 'erased';
    CREATE UNIQUE INDEX citizens_email ON citizens (tenant_id, email_hash) WHERE status <> 'erased';
    CREATE UNIQUE INDEX citizens_phone ON citizens (tenant_id, phone_hash) WHERE status <> 'erased';

    -- The personal data itself. Read only through readCitizenPersonalData (access-logged).
    CREATE TABLE citizen_profiles (
      tenant_id uuid NOT NULL,
      citizen_id uuid NOT NULL,
      nik text NOT NULL CHECK (nik ~ '^[0-9]{16}$'),
      birth_date date NOT NULL,
      sex text NOT NULL CHECK (sex IN ('L', 'P')),
      email text NOT NULL,
      phone text NOT NULL,
      region_code text NOT NULL,
      address text,
      kk_number text CHECK (kk_number ~ '^[0-9]{16}$'),
      channels text[] NOT NULL DEFAULT '{email}',
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, citizen_id),
      FOREIGN KEY (tenant_id, citizen_id) REFERENCES citizens (tenant_id, id) ON DELETE CASCADE
    );

    ALTER TABLE officers
      ADD COLUMN password_hash text,
      ADD COLUMN totp_secret text,
      ADD COLUMN totp_last_step bigint,
      ADD COLUMN totp_enrolled_at timestamptz,
      ADD COLUMN recovery_code_hashes text[] NOT NULL DEFAULT '{}';

    CREATE TABLE officer_invitations (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      officer_id uuid NOT NULL,
      -- SHA-256 of the token in the link; the token itself is only in the e-mail.
      token_hash text NOT NULL,
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, officer_id) REFERENCES officers (tenant_id, id) ON DELETE CASCADE
    );
    CREATE UNIQUE INDEX officer_invitations_token ON officer_invitations (tenant_id, token_hash);

    -- Who read which citizen's personal data, when and why (UU 27/2022; shown to the citizen).
    CREATE TABLE personal_data_access (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      citizen_id uuid NOT NULL,
      accessor_kind text NOT NULL CHECK (accessor_kind IN ('officer', 'system', 'api_key', 'citizen')),
      accessor_id text NOT NULL,
      accessor_name text,
      purpose text NOT NULL CHECK (length(purpose) BETWEEN 3 AND 500),
      fields text[] NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    );
    CREATE INDEX personal_data_access_citizen ON personal_data_access (tenant_id, citizen_id, at DESC);

    -- Data-subject requests: correction, erasure, consent withdrawal; answered within 3×24 hours.
    CREATE TABLE data_requests (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      citizen_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('correction', 'erasure', 'consent_withdrawal')),
      details text NOT NULL,
      status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'in_progress', 'done', 'refused')),
      due_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, citizen_id) REFERENCES citizens (tenant_id, id) ON DELETE CASCADE
    );
    CREATE INDEX data_requests_citizen ON data_requests (tenant_id, citizen_id, created_at DESC);

    CREATE TABLE api_keys (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      agency_id uuid,
      name text NOT NULL,
      -- The first characters of the key, to recognise it in lists; the key itself is not stored.
      prefix text NOT NULL,
      key_hash text NOT NULL,
      scopes text[] NOT NULL,
      created_by uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_used_at timestamptz,
      revoked_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, agency_id) REFERENCES agencies (tenant_id, id)
    );
    CREATE UNIQUE INDEX api_keys_hash ON api_keys (tenant_id, key_hash);

    GRANT SELECT, INSERT, UPDATE, DELETE ON citizen_profiles, officer_invitations TO gerbang_app;
    GRANT SELECT, INSERT ON personal_data_access TO gerbang_app;
    GRANT SELECT, INSERT, UPDATE ON data_requests, api_keys TO gerbang_app;
  `.execute(db);
  for (const table of ['citizen_profiles', 'officer_invitations', 'personal_data_access', 'data_requests', 'api_keys']) {
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY tenant_isolation ON ${sql.table(table)} TO gerbang_app
        USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
        WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
    `.execute(db);
  }
}
