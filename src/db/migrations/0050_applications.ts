// Applications (permohonan, issue 18): each service's form and workflow (the draft an agency admin
// edits, and the copy frozen with each published version of the standard), the applications with
// their workflow state, the steps they are at (the officers' queues), answers, uploads and linked files, the
// timeline, internal notes, messages with the applicant, citizens' drafts, the tenant's settings and
// the tracking look-up's throttle. Every table is tenant-owned: tenant_id leads the primary key and
// every index, row-level security. Runs on PostgreSQL 15 and later.
import { type Kysely, sql } from 'kysely';

const TABLES = [
  'application_settings',
  'application_service_setups',
  'application_service_versions',
  'applications',
  'application_tasks',
  'application_answers',
  'application_uploads',
  'application_files',
  'application_events',
  'application_notes',
  'application_messages',
  'application_drafts',
  'application_track_throttle',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- How long a citizen's draft is kept, and when they are reminded before it goes.
    CREATE TABLE application_settings (
      tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
      draft_ttl_days smallint NOT NULL DEFAULT 30 CHECK (draft_ttl_days BETWEEN 1 AND 365),
      draft_reminder_days smallint NOT NULL DEFAULT 3 CHECK (draft_reminder_days BETWEEN 0 AND 60),
      updated_at timestamptz NOT NULL DEFAULT now()
    );

    -- The form and workflow an agency admin is editing for a service (frozen at each publication).
    CREATE TABLE application_service_setups (
      tenant_id uuid NOT NULL,
      service_id uuid NOT NULL,
      form jsonb,
      workflow jsonb,
      -- Changed since the last publication froze it.
      pending boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by text NOT NULL,
      PRIMARY KEY (tenant_id, service_id),
      FOREIGN KEY (tenant_id, service_id) REFERENCES catalog_services (tenant_id, id)
    );

    -- The form and workflow of one published version: applications made under it keep them. Written in
    -- the catalogue's publishing transaction, before the version row (the key is checked at commit).
    CREATE TABLE application_service_versions (
      tenant_id uuid NOT NULL,
      service_version_id uuid NOT NULL,
      service_id uuid NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      form jsonb NOT NULL,
      workflow jsonb NOT NULL,
      frozen_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, service_version_id),
      FOREIGN KEY (tenant_id, service_version_id) REFERENCES catalog_service_versions (tenant_id, id) DEFERRABLE INITIALLY DEFERRED
    );

    CREATE TABLE applications (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      tracking_number text NOT NULL,
      service_id uuid NOT NULL,
      service_version_id uuid NOT NULL,
      -- The service's agency; 'agencies' also lists those that gave a step (technical recommendations).
      agency_id uuid NOT NULL,
      agencies uuid[] NOT NULL,
      applicant_id uuid NOT NULL,
      -- Filed at a counter by this officer, in the assisted session that recorded the citizen's consent.
      assisted_by uuid,
      assisted_session_id uuid,
      -- Keyed hash of the applicant's birth date: the public tracking look-up reads no personal data.
      birth_date_key text,
      lang text NOT NULL DEFAULT 'id' CHECK (lang IN ('id', 'en')),
      -- The workflow engine's state (src/modules/applications/workflow) and its version (optimistic concurrency).
      state jsonb NOT NULL,
      version integer NOT NULL,
      status text NOT NULL CHECK (status IN ('in_progress', 'with_applicant', 'closed')),
      outcome text CHECK (outcome IN ('approved', 'issued', 'rejected', 'withdrawn')),
      deemed_approved boolean NOT NULL DEFAULT false,
      -- The earliest running step deadline (the sweeper's look-up) and the standard's jangka waktu.
      next_due_at timestamptz,
      service_due_at timestamptz,
      submitted_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      closed_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, tracking_number),
      FOREIGN KEY (tenant_id, service_version_id) REFERENCES application_service_versions (tenant_id, service_version_id),
      CONSTRAINT assisted_with_session CHECK ((assisted_by IS NULL) = (assisted_session_id IS NULL))
    );
    CREATE INDEX applications_applicant ON applications (tenant_id, applicant_id, submitted_at DESC, id);
    CREATE INDEX applications_due ON applications (tenant_id, next_due_at) WHERE next_due_at IS NOT NULL;
    CREATE INDEX applications_open ON applications (tenant_id, status) WHERE status <> 'closed';

    -- The steps an application is at, one row each: the officers' queues.
    CREATE TABLE application_tasks (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      application_id uuid NOT NULL,
      step_id text NOT NULL,
      service_id uuid NOT NULL,
      agency_id uuid NOT NULL,
      role text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('task', 'wait')),
      activated_at timestamptz NOT NULL,
      due_at timestamptz,
      escalated boolean NOT NULL DEFAULT false,
      lapsed boolean NOT NULL DEFAULT false,
      paused boolean NOT NULL DEFAULT false,
      claimed_by uuid,
      claimed_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, application_id, step_id),
      FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id)
    );
    CREATE INDEX application_tasks_queue ON application_tasks (tenant_id, agency_id, role, due_at, id);
    CREATE INDEX application_tasks_claimed ON application_tasks (tenant_id, claimed_by, due_at, id) WHERE claimed_by IS NOT NULL;

    -- The answers: round 0 at submission, one more per revision the applicant answers.
    CREATE TABLE application_answers (
      tenant_id uuid NOT NULL,
      application_id uuid NOT NULL,
      round smallint NOT NULL CHECK (round >= 0),
      answers jsonb NOT NULL,
      submitted_at timestamptz NOT NULL,
      submitted_by text NOT NULL,
      PRIMARY KEY (tenant_id, application_id, round),
      FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id)
    );

    -- Who uploaded each file for a form (platform files: the bytes and the quarantine state), for which
    -- service and field: only its citizen may put it in their answers, and reuse it later (a KTP, a KK).
    CREATE TABLE application_uploads (
      tenant_id uuid NOT NULL,
      file_id uuid NOT NULL,
      citizen_id uuid NOT NULL,
      service_id uuid NOT NULL,
      field_id text NOT NULL,
      -- citizen:<id>, or officer:<id> at a counter in the citizen's assisted session
      uploaded_by text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (tenant_id, file_id),
      FOREIGN KEY (tenant_id, file_id) REFERENCES files (tenant_id, id)
    );
    CREATE INDEX application_uploads_citizen ON application_uploads (tenant_id, citizen_id, created_at);

    -- Files of the platform file service that answer a file field.
    CREATE TABLE application_files (
      tenant_id uuid NOT NULL,
      application_id uuid NOT NULL,
      round smallint NOT NULL,
      field_id text NOT NULL,
      file_id uuid NOT NULL,
      name text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
      mime text NOT NULL,
      size integer NOT NULL CHECK (size > 0),
      PRIMARY KEY (tenant_id, application_id, round, field_id, file_id),
      FOREIGN KEY (tenant_id, application_id, round) REFERENCES application_answers (tenant_id, application_id, round),
      FOREIGN KEY (tenant_id, file_id) REFERENCES application_uploads (tenant_id, file_id)
    );
    CREATE INDEX application_files_file ON application_files (tenant_id, file_id);

    -- The timeline: every transition with its actor and time; reasons and messages (never in the audit chain).
    CREATE TABLE application_events (
      tenant_id uuid NOT NULL,
      application_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      at timestamptz NOT NULL,
      actor text NOT NULL,
      action text NOT NULL,
      step_id text,
      text text CHECK (char_length(text) <= 8000),
      data jsonb NOT NULL DEFAULT '{}',
      -- Officers only (escalations, claims): the applicant's timeline leaves them out.
      internal boolean NOT NULL DEFAULT false,
      PRIMARY KEY (tenant_id, application_id, id),
      FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id)
    );

    -- Notes between officers: never shown to the applicant.
    CREATE TABLE application_notes (
      tenant_id uuid NOT NULL,
      application_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      at timestamptz NOT NULL,
      officer_id uuid NOT NULL,
      step_id text,
      body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 8000),
      PRIMARY KEY (tenant_id, application_id, id),
      FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id)
    );

    -- Messages between the agency and the applicant.
    CREATE TABLE application_messages (
      tenant_id uuid NOT NULL,
      application_id uuid NOT NULL,
      id bigint GENERATED ALWAYS AS IDENTITY,
      at timestamptz NOT NULL,
      sender text NOT NULL CHECK (sender IN ('applicant', 'officer')),
      officer_id uuid,
      body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 4000),
      PRIMARY KEY (tenant_id, application_id, id),
      FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id),
      CHECK ((sender = 'officer') = (officer_id IS NOT NULL))
    );

    -- A citizen's unfinished application for a service (one per service), resumed on any device.
    CREATE TABLE application_drafts (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      citizen_id uuid NOT NULL,
      service_id uuid NOT NULL,
      answers jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      reminded_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, citizen_id, service_id)
    );
    CREATE INDEX application_drafts_expiry ON application_drafts (tenant_id, expires_at);

    -- Failed tracking look-ups per tracking number and per client address (keyed hashes).
    CREATE TABLE application_track_throttle (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      key text NOT NULL,
      failures integer NOT NULL,
      since timestamptz NOT NULL,
      blocked_until timestamptz,
      PRIMARY KEY (tenant_id, key)
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
  await sql`GRANT DELETE ON application_tasks, application_drafts, application_track_throttle TO gerbang_app`.execute(db);
  // Frozen versions, answers, files, timeline, notes and messages are never changed once written.
  await sql`REVOKE UPDATE ON application_service_versions, application_answers, application_uploads, application_files, application_events,
    application_notes, application_messages FROM gerbang_app`.execute(db);
}
