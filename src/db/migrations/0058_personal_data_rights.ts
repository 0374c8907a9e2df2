// Personal-data rights carried out, not only recorded (issue 17). A data request approved by an
// officer (or a consent withdrawal, at once) is carried out by a job across every module that holds
// the person's data (src/platform/personal-data.ts); each holder's result is a row of
// data_request_steps (done or failed with its error, attempts), and the request records when it was
// carried out. A correction names the field and the corrected value, so it can be carried out. The
// sweeper marks requests near their 72-hour deadline. The app's role may now delete the person's
// notifications, preferences and unused uploads with their files (erasure).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE data_requests
      ADD COLUMN correction_field text CHECK (correction_field IN ('name', 'email', 'phone')),
      -- Personal data (the corrected value): cleared when the person is erased.
      ADD COLUMN correction_value text CHECK (length(correction_value) <= 200),
      ADD COLUMN approved_at timestamptz,
      ADD COLUMN carried_out_at timestamptz,
      -- Set once by the sweeper when an open request has less than a day left.
      ADD COLUMN deadline_flagged_at timestamptz,
      ADD CONSTRAINT correction_names_field CHECK ((correction_field IS NULL) = (correction_value IS NULL));

    CREATE TABLE data_request_steps (
      tenant_id uuid NOT NULL,
      request_id uuid NOT NULL,
      -- The holder's module name, as registered.
      holder text NOT NULL CHECK (holder ~ '^[a-z][a-z0-9_-]{0,49}$'),
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      -- The error's message only (no personal data in messages, docs/jobs.md).
      last_error text CHECK (length(last_error) <= 2000),
      -- What was done, counted per kind of record: { "complaints": 2 }.
      result jsonb,
      done_at timestamptz,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, request_id, holder),
      FOREIGN KEY (tenant_id, request_id) REFERENCES data_requests (tenant_id, id) ON DELETE CASCADE
    );
    GRANT SELECT, INSERT, UPDATE ON data_request_steps TO gerbang_app;
    ALTER TABLE data_request_steps ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON data_request_steps TO gerbang_app
      USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid);

    GRANT DELETE ON notifications, notification_preferences, application_uploads, files TO gerbang_app;
  `.execute(db);
}
