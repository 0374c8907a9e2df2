// Internal performance and irregularity flags (issue 22, module oversight, docs/oversight.md): what
// the oversight job reads from the audit chain (one row per officer action it keeps, with the facts
// of the item at that moment), where it stopped, the flags it raised with their evidence, and the
// officers' kinship look-up keys (keyed hashes of their NIK and family card number, never the numbers).
// Tenant-owned: tenant_id leads every key, row-level security.
//
// What the database itself guarantees, whatever the code does:
//  - a flag is raised once per rule and case (unique dedupe key) and its evidence is never empty;
//  - a flag is reviewed at most once, with the reviewer, the time and a note, or not at all;
//  - the action rows are append-only for the application (no UPDATE or DELETE granted).
import { type Kysely, sql } from 'kysely';

const TABLES = ['oversight_cursors', 'oversight_actions', 'oversight_flags', 'oversight_officer_keys'];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE oversight_cursors (
      tenant_id uuid NOT NULL REFERENCES tenants (id) PRIMARY KEY,
      -- The last audit sequence number the job has read for this tenant.
      last_seq bigint NOT NULL CHECK (last_seq >= 0),
      ran_at timestamptz NOT NULL
    );

    CREATE TABLE oversight_actions (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      -- The audit entry this row was read from (evidence: the chain names it).
      seq bigint NOT NULL,
      at timestamptz NOT NULL,
      officer_id uuid,
      action text NOT NULL CHECK (action IN ('submitted', 'decided', 'assigned', 'payment_held')),
      -- approved_step, rejected_step, forwarded, revision_requested (decided); the payment outcome.
      verb text NOT NULL,
      application_id uuid,
      invoice_id uuid,
      service_id uuid,
      agency_id uuid,
      step_id text,
      -- Decisions: how long the step waited for it, whether it came by the application's deadline,
      -- and (when it closed the application) the application's whole duration.
      waited_ms bigint,
      due_at timestamptz,
      on_time boolean,
      closing_ms bigint,
      PRIMARY KEY (tenant_id, seq)
    );
    CREATE INDEX oversight_actions_officer ON oversight_actions (tenant_id, officer_id, at) WHERE officer_id IS NOT NULL;
    CREATE INDEX oversight_actions_application ON oversight_actions (tenant_id, application_id, seq) WHERE application_id IS NOT NULL;
    CREATE INDEX oversight_actions_closing ON oversight_actions (tenant_id, service_id, at) WHERE closing_ms IS NOT NULL;

    CREATE TABLE oversight_flags (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('peer_outlier', 'own_or_relative', 'payment_amount', 'reassigned_near_deadline', 'after_hours_burst')),
      dedupe_key text NOT NULL,
      officer_id uuid,
      application_id uuid,
      invoice_id uuid,
      -- The audit sequence numbers that show it.
      evidence_seqs bigint[] NOT NULL CHECK (cardinality(evidence_seqs) > 0),
      -- The rule's figures (durations, fences, counts); no personal data.
      detail jsonb NOT NULL DEFAULT '{}',
      detected_at timestamptz NOT NULL,
      reviewed_at timestamptz,
      reviewed_by uuid,
      review_note text CHECK (length(review_note) BETWEEN 1 AND 2000),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, kind, dedupe_key),
      CHECK ((reviewed_at IS NULL) = (reviewed_by IS NULL) AND (reviewed_at IS NULL) = (review_note IS NULL))
    );
    CREATE INDEX oversight_flags_listed ON oversight_flags (tenant_id, detected_at DESC, id DESC);

    CREATE TABLE oversight_officer_keys (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      officer_id uuid NOT NULL,
      -- Tenant pseudonyms (HMAC) of the officer's NIK and family card number (KK).
      nik_key text NOT NULL,
      kk_key text,
      set_at timestamptz NOT NULL,
      set_by text NOT NULL,
      PRIMARY KEY (tenant_id, officer_id),
      FOREIGN KEY (tenant_id, officer_id) REFERENCES officers (tenant_id, id)
    );
  `.execute(db);
  for (const table of TABLES) {
    await sql`GRANT SELECT, INSERT ON ${sql.table(table)} TO gerbang_app`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`
      CREATE POLICY tenant_isolation ON ${sql.table(table)} TO gerbang_app
        USING (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
        WITH CHECK (tenant_id = nullif(current_setting('gerbang.tenant_id', true), '')::uuid)
    `.execute(db);
  }
  await sql`GRANT UPDATE ON oversight_cursors, oversight_flags, oversight_officer_keys TO gerbang_app`.execute(db);
}
