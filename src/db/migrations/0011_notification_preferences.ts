// Notification preferences per person (citizen or officer, keyed by tenant, kind and id of the
// identity module): channels per event, language, and for officers a digest. Tenant-owned
// (row-level security). `digest_email` is the address the daily digest goes to — personal data,
// refreshed from what the caller passes to notifyPerson (the module never reads identity tables);
// decision 0008. Runs on PostgreSQL 15 and later.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notification_preferences (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      person_kind text NOT NULL CHECK (person_kind IN ('citizen', 'officer')),
      person_id uuid NOT NULL,
      -- NULL: the language the caller passes (the person's profile), else Bahasa Indonesia.
      lang text CHECK (lang IN ('id', 'en')),
      -- { "<event>": ["email", "sms", "whatsapp", "inapp"] }; an event not listed uses the defaults.
      channels jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(channels) = 'object'),
      digest text NOT NULL DEFAULT 'none' CHECK (digest IN ('none', 'daily')),
      CHECK (person_kind = 'officer' OR digest = 'none'),
      digest_email text,
      last_digest_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, person_kind, person_id)
    );
    CREATE INDEX notification_preferences_digest
      ON notification_preferences (tenant_id, digest) WHERE digest <> 'none';

    GRANT SELECT, INSERT, UPDATE ON notification_preferences TO gerbang_app;
    ALTER TABLE notification_preferences ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON notification_preferences TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);

    -- The daily digest job runs without a tenant and fans out per tenant: it may learn which tenants
    -- have an officer with a digest, nothing else (same pattern as notification_delivery_report).
    CREATE FUNCTION notification_digest_tenants() RETURNS TABLE (tenant_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp
      AS $$ SELECT DISTINCT p.tenant_id FROM notification_preferences p
            WHERE p.digest <> 'none' AND p.digest_email IS NOT NULL $$;
    REVOKE ALL ON FUNCTION notification_digest_tenants() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION notification_digest_tenants() TO gerbang_app;
  `.execute(db);
}
