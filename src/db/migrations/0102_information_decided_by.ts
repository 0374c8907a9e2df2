// Who decided a public information request (issue 22, internal performance): the PPID officer's
// actor reference ('officer:<id>'), so the officers' figures count their decisions without reading the
// audit chain. Earlier decisions are filled from their sequenced audit entries
// (information.request_decided); a decision whose entry was not sequenced yet stays NULL (not counted
// per officer).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE information_requests ADD COLUMN decided_by text CHECK (char_length(decided_by) <= 100);
    UPDATE information_requests r SET decided_by = a.actor
      FROM audit_log a
      WHERE a.tenant_id = r.tenant_id AND a.action = 'information.request_decided'
        AND a.subject = 'information_request:' || r.id::text AND r.decision IS NOT NULL;
    CREATE INDEX information_requests_decided ON information_requests (tenant_id, decided_at) WHERE decided_at IS NOT NULL;
  `.execute(db);
}
