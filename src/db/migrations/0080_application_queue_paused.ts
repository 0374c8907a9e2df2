// The work queue's "with the applicant" filter (steps paused while the applicant revises): rare rows,
// so the agency's queue index (0053) held them scattered among all its open steps and a page of them
// walked the whole backlog to find its few — 160–330 ms per API call with 100,000 open applications
// (docs/performance.md, "Application submission and work-queue API"). A partial index of the paused
// steps alone, in the queue's order, holds only them. Unpaused steps are most of every queue: the
// 0053 indexes serve those.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX application_tasks_queue_paused ON application_tasks (tenant_id, agency_id, (coalesce(due_at, '9999-12-31T23:59:59.999Z'::timestamptz)), id) WHERE paused`.execute(db);
}
