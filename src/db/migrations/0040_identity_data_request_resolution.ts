// Handling citizens' personal-data requests: who resolved a request and the reason given (shown to
// the citizen), and the queue's index (open requests by deadline).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE data_requests
      ADD COLUMN resolution text CHECK (resolution IS NULL OR length(resolution) <= 2000),
      ADD COLUMN resolved_by uuid;
    CREATE INDEX data_requests_queue ON data_requests (tenant_id, status, due_at);
  `.execute(db);
}
