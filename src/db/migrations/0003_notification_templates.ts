// Notification templates: a platform default per (event, language, channel) with tenant_id NULL, and
// tenant overrides. Runs on PostgreSQL 15 and later.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notification_templates (
      -- tenant_id is NULL for a platform default, so it cannot be part of a primary key.
      id uuid PRIMARY KEY,
      tenant_id uuid REFERENCES tenants (id),
      event text NOT NULL CHECK (event ~ '^[a-z][a-z0-9_.-]{0,99}$'),
      lang text NOT NULL CHECK (lang IN ('id', 'en')),
      channel text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp', 'inapp')),
      subject text,
      body_text text NOT NULL,
      body_html text,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by text NOT NULL,
      CHECK (channel <> 'email' OR subject IS NOT NULL),
      CHECK (channel = 'email' OR body_html IS NULL)
    );
    -- One template per tenant (or the platform: the nil uuid) and event, language and channel;
    -- the tenant leads the index like every tenant key.
    CREATE UNIQUE INDEX notification_templates_key ON notification_templates
      ((coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid)), event, lang, channel);

    GRANT SELECT, INSERT, UPDATE, DELETE ON notification_templates TO gerbang_app;

    -- The application reads the platform defaults and its own tenant's rows, and writes only its
    -- own tenant's rows (platform defaults are written through the owner connection).
    ALTER TABLE notification_templates ENABLE ROW LEVEL SECURITY;
    CREATE POLICY templates_read ON notification_templates FOR SELECT TO gerbang_app
      USING (tenant_id IS NULL OR tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);
    CREATE POLICY templates_insert ON notification_templates FOR INSERT TO gerbang_app
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);
    CREATE POLICY templates_update ON notification_templates FOR UPDATE TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);
    CREATE POLICY templates_delete ON notification_templates FOR DELETE TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);
  `.execute(db);
}
