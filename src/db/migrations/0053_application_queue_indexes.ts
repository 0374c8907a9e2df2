// The officers' work queue orders by a step's deadline with the undated last — `coalesce(due_at,
// <the end of the API's range>)`, then id (applications/store.ts selectQueue, which pages with a
// cursor on that pair). The indexes of 0050 held `due_at` itself, so PostgreSQL could not read them in
// the queue's order: every page fetched all the agency's (or the officer's) open steps and sorted
// them — tens of milliseconds per page with 100,000 open applications (docs/performance.md). These
// index the same expression, so a page is the first 26 entries of an index scan, whatever the
// backlog: per role at an agency (a verifier's queue), per agency across roles (its administrator's),
// and per claiming officer ("mine"). The old ones are replaced, not kept beside them (every task write
// pays for each index). Constant expression, no new column: existing rows need no rewrite.
import { type Kysely, sql } from 'kysely';

const SORT = `coalesce(due_at, '9999-12-31T23:59:59.999Z'::timestamptz)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`
    CREATE INDEX application_tasks_queue_role ON application_tasks (tenant_id, agency_id, role, (${SORT}), id);
    CREATE INDEX application_tasks_queue_agency ON application_tasks (tenant_id, agency_id, (${SORT}), id);
    CREATE INDEX application_tasks_queue_claimed ON application_tasks (tenant_id, claimed_by, (${SORT}), id) WHERE claimed_by IS NOT NULL;
    DROP INDEX application_tasks_queue;
    DROP INDEX application_tasks_claimed;
  `).execute(db);
}
