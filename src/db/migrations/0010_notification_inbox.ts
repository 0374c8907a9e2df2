// The in-app inbox: messages shown on a citizen's or an officer's pages, read/unread. Tenant-owned
// (row-level security). The recipient is a person id of the identity module (citizen or officer,
// uuid) and its kind; this table never holds an address. Runs on PostgreSQL 15 and later.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notification_inbox (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      recipient_kind text NOT NULL CHECK (recipient_kind IN ('citizen', 'officer')),
      recipient_id uuid NOT NULL,
      event text NOT NULL CHECK (event ~ '^[a-z][a-z0-9_.-]{0,99}$'),
      lang text NOT NULL CHECK (lang IN ('id', 'en')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
      body_text text NOT NULL CHECK (length(body_text) BETWEEN 1 AND 5000),
      -- Scheduled messages appear at this time (sendAt); default: at commit.
      visible_at timestamptz NOT NULL DEFAULT now(),
      created_at timestamptz NOT NULL DEFAULT now(),
      read_at timestamptz,
      -- Officers with a daily digest: when this message went out in a digest e-mail.
      digested_at timestamptz,
      PRIMARY KEY (tenant_id, id)
    );
    CREATE INDEX notification_inbox_recipient
      ON notification_inbox (tenant_id, recipient_kind, recipient_id, visible_at DESC, id);
    CREATE INDEX notification_inbox_unread
      ON notification_inbox (tenant_id, recipient_kind, recipient_id) WHERE read_at IS NULL;

    GRANT SELECT, INSERT, UPDATE ON notification_inbox TO gerbang_app;
    ALTER TABLE notification_inbox ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON notification_inbox TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);
  `.execute(db);
}
