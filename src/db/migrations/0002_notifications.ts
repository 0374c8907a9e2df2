// Notifications (e-mail, SMS, WhatsApp) and the development mailbox that captures them when no real
// provider is configured. Runs on PostgreSQL 15 and later.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notifications (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      channel text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp')),
      -- The address or phone number (E.164): personal data, never logged, never in audit entries.
      recipient text NOT NULL,
      kind text NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.-]{0,99}$'),
      lang text NOT NULL CHECK (lang IN ('id', 'en')),
      subject text,
      body_text text NOT NULL,
      body_html text,
      status text NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'bounced', 'cancelled')),
      priority smallint NOT NULL DEFAULT 0,
      send_at timestamptz NOT NULL DEFAULT now(),
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      provider_message_id text,
      job_id bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    );
    CREATE INDEX notifications_status ON notifications (tenant_id, status, send_at);

    -- Development only: what the capture SMTP server and the SMS/WhatsApp capture received. Not
    -- tenant-owned (a development installation's whole outbox), so no row-level security.
    CREATE TABLE dev_mailbox (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      channel text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp')),
      message_id text,
      sender text,
      recipient text NOT NULL,
      subject text,
      body_text text,
      body_html text,
      received_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX dev_mailbox_received ON dev_mailbox (received_at DESC, id DESC);
    CREATE INDEX dev_mailbox_message_id ON dev_mailbox (message_id);

    GRANT SELECT, INSERT, UPDATE ON notifications TO gerbang_app;
    GRANT SELECT, INSERT, DELETE ON dev_mailbox TO gerbang_app;

    ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON notifications TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);
  `.execute(db);
}
