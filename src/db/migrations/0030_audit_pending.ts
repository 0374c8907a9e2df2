// Audit appends without a global lock (docs/audit.md, decision 0014). `append` inserts the event into
// the append-only `audit_pending` table in the caller's transaction; one sequencer at a time moves
// committed pending rows into `audit_log`, assigning seq, hashes and signatures. A pending row can
// be deleted only once the audit_log row naming it (pending_id, unique) exists: an event is never
// lost and never sequenced twice.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_pending (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      recorded_at timestamptz NOT NULL,
      tenant_id uuid,
      actor text NOT NULL,
      action text NOT NULL,
      subject text,
      -- the event's data as RFC 8785 canonical JSON text, checked for personal data at append
      data text NOT NULL
    );

    -- Which pending row an audit_log row was sequenced from (NULL for rows written before 0030).
    ALTER TABLE audit_log ADD COLUMN pending_id bigint;
    CREATE UNIQUE INDEX audit_log_pending ON audit_log (pending_id) WHERE pending_id IS NOT NULL;

    CREATE FUNCTION audit_pending_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_log WHERE pending_id = OLD.id) THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'audit records are append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER audit_pending_append_only BEFORE UPDATE OR DELETE ON audit_pending
      FOR EACH ROW EXECUTE FUNCTION audit_pending_guard();
    CREATE TRIGGER audit_pending_no_truncate BEFORE TRUNCATE ON audit_pending
      FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

    GRANT SELECT, INSERT, DELETE ON audit_pending TO gerbang_app;
  `.execute(db);
}
