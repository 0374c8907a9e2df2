// Gerbang as an OpenID Provider (docs/identity.md, "Single sign-on for other applications"; decision
// 0056). Three tables:
//  - oidc_clients: the applications a tenant admin registered (tenant-owned, row-level security). The
//    provider looks a client up by its id alone, before any tenant is known: oidc_client_tenant(id)
//    answers only which tenant a client id belongs to, so the lookup then runs in that tenant.
//  - oidc_payloads: what oidc-provider stores (grants, its sessions, codes, tokens, PAR requests,
//    interactions, replay detection), one row per model and id. Installation-level like the issuer
//    (no tenant_id): the provider finds these by id only. account_id (the "<tenant>.<citizen>" of a
//    grant or token) lets a citizen list and withdraw their consents.
//  - oidc_signing_keys: the provider's signing keys, private halves sealed with a key derived from
//    APP_SECRET (the database alone cannot sign); retired keys stay in the JWKS until expires_at.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE oidc_clients (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id text NOT NULL CHECK (id ~ '^gbc_[A-Za-z0-9_-]{16,64}$'),
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 100),
      logo_url text CHECK (logo_url IS NULL OR length(logo_url) <= 500),
      redirect_uris text[] NOT NULL,
      post_logout_redirect_uris text[] NOT NULL DEFAULT '{}',
      scopes text[] NOT NULL,
      -- SHA-256 (hex) of the client secret; the secret itself is shown once. NULL for FAPI clients
      -- (private_key_jwt: they authenticate with their own key, jwks below).
      secret_hash text CHECK (secret_hash IS NULL OR secret_hash ~ '^[0-9a-f]{64}$'),
      jwks jsonb,
      -- Approved by the tenant admin to receive the NIK; such a client must use FAPI 2.0.
      nik_approved boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      created_by uuid,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, id),
      CHECK (secret_hash IS NOT NULL OR jwks IS NOT NULL)
    );
    CREATE UNIQUE INDEX oidc_clients_id ON oidc_clients (id);
    GRANT SELECT, INSERT, UPDATE ON oidc_clients TO gerbang_app;
    ALTER TABLE oidc_clients ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON oidc_clients TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);

    CREATE FUNCTION oidc_client_tenant(client_id text) RETURNS uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
      AS $$ SELECT c.tenant_id FROM oidc_clients c WHERE c.id = client_id $$;
    REVOKE ALL ON FUNCTION oidc_client_tenant(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION oidc_client_tenant(text) TO gerbang_app;

    CREATE TABLE oidc_payloads (
      model text NOT NULL,
      id text NOT NULL,
      payload jsonb NOT NULL,
      grant_id text,
      uid text,
      account_id text,
      expires_at timestamptz,
      consumed_at timestamptz,
      PRIMARY KEY (model, id)
    );
    CREATE INDEX oidc_payloads_grant ON oidc_payloads (grant_id) WHERE grant_id IS NOT NULL;
    CREATE INDEX oidc_payloads_uid ON oidc_payloads (uid) WHERE uid IS NOT NULL;
    CREATE INDEX oidc_payloads_account ON oidc_payloads (account_id, model) WHERE account_id IS NOT NULL;
    CREATE INDEX oidc_payloads_expires ON oidc_payloads (expires_at) WHERE expires_at IS NOT NULL;
    GRANT SELECT, INSERT, UPDATE, DELETE ON oidc_payloads TO gerbang_app;

    CREATE TABLE oidc_signing_keys (
      kid text PRIMARY KEY,
      public_jwk jsonb NOT NULL,
      -- AES-256-GCM (iv ‖ tag ‖ ciphertext) of the private JWK, key derived from APP_SECRET.
      private_sealed bytea NOT NULL,
      created_at timestamptz NOT NULL,
      -- No longer signs from this instant; still published until expires_at.
      retired_at timestamptz,
      expires_at timestamptz
    );
    GRANT SELECT, INSERT, UPDATE, DELETE ON oidc_signing_keys TO gerbang_app;
  `.execute(db);
}
