// Passkeys (WebAuthn) of citizens and officers, and the server-side challenges of their ceremonies.
// Both tables are tenant-owned like the rest of identity's (tenant_id leads every key, row-level
// security). The owner is one of two nullable columns rather than a (kind, id) pair so that each has a
// real foreign key: when citizens become accounts of the installation (one per NIK), only
// `citizen_id`'s foreign key and the citizens' rows move; the credential columns stay as they are
// (docs/identity.md, "Passkeys").
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE passkeys (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      citizen_id uuid,
      officer_id uuid,
      -- The id the authenticator chose (base64url): globally unique in practice, unique here per tenant.
      credential_id text NOT NULL CHECK (length(credential_id) BETWEEN 16 AND 1400),
      -- COSE public key as the authenticator sent it.
      public_key bytea NOT NULL,
      -- Signature counter; 0 for authenticators that keep none (most synced passkeys).
      counter bigint NOT NULL DEFAULT 0 CHECK (counter >= 0),
      transports text[] NOT NULL DEFAULT '{}',
      -- The relying party the credential was made for: the installation's public host or a tenant's own host.
      rp_id text NOT NULL,
      -- Synced ("multiDevice") and backed up, as the authenticator said at registration.
      multi_device boolean NOT NULL DEFAULT false,
      backed_up boolean NOT NULL DEFAULT false,
      -- What the person calls it ("HP Android").
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
      created_at timestamptz NOT NULL,
      last_used_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      CHECK ((citizen_id IS NULL) <> (officer_id IS NULL)),
      FOREIGN KEY (tenant_id, citizen_id) REFERENCES citizens (tenant_id, id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, officer_id) REFERENCES officers (tenant_id, id) ON DELETE CASCADE
    );
    CREATE UNIQUE INDEX passkeys_credential ON passkeys (tenant_id, credential_id);
    CREATE INDEX passkeys_citizen ON passkeys (tenant_id, citizen_id) WHERE citizen_id IS NOT NULL;
    CREATE INDEX passkeys_officer ON passkeys (tenant_id, officer_id) WHERE officer_id IS NOT NULL;
    GRANT SELECT, INSERT, UPDATE, DELETE ON passkeys TO gerbang_app;
    ALTER TABLE passkeys ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON passkeys TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);

    -- One row per started ceremony, deleted when it is answered (single use) or found expired.
    CREATE TABLE passkey_challenges (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      purpose text NOT NULL CHECK (purpose IN ('register', 'sign_in', 'second_factor')),
      -- Who may answer it: the person adding a passkey or passing the second factor; NULL for a
      -- citizen's sign-in, where the credential names the person.
      subject_kind text NOT NULL CHECK (subject_kind IN ('citizen', 'officer')),
      subject_id uuid,
      challenge text NOT NULL,
      rp_id text NOT NULL,
      origin text NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id)
    );
    CREATE INDEX passkey_challenges_expiry ON passkey_challenges (tenant_id, expires_at);
    GRANT SELECT, INSERT, DELETE ON passkey_challenges TO gerbang_app;
    ALTER TABLE passkey_challenges ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON passkey_challenges TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);
  `.execute(db);
}
