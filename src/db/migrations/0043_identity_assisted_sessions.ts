// Assisted digital: each time an officer at a counter acts for a citizen, the consent the citizen gave
// (the statement, for what purpose, to whom, when) and when the assistance ended. The citizen sees
// these rows on their privacy page; erasure clears the statement and purpose.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE assisted_sessions (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      citizen_id uuid NOT NULL,
      officer_id uuid NOT NULL,
      -- sessions.id (SHA-256 of the cookie token) of the citizen session the officer was given.
      session_id text NOT NULL,
      purpose text CHECK (purpose IS NULL OR length(purpose) BETWEEN 3 AND 500),
      consent text CHECK (consent IS NULL OR length(consent) BETWEEN 10 AND 1000),
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, citizen_id) REFERENCES citizens (tenant_id, id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, officer_id) REFERENCES officers (tenant_id, id)
    );
    CREATE INDEX assisted_sessions_citizen ON assisted_sessions (tenant_id, citizen_id, started_at DESC);
    CREATE UNIQUE INDEX assisted_sessions_session ON assisted_sessions (tenant_id, session_id);
    GRANT SELECT, INSERT, UPDATE ON assisted_sessions TO gerbang_app;
    ALTER TABLE assisted_sessions ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON assisted_sessions TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);
  `.execute(db);
}
