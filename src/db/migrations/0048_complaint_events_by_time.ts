// Open311 servicerequestupdates (FixMyStreet polls it every few minutes for the last two hours) asks
// for a tenant's public status changes by time. The timeline's key leads with the complaint, so
// without this index every poll would read all of the tenant's events.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX complaint_events_status_changes ON complaint_events (tenant_id, at)
      WHERE NOT internal AND to_status IS NOT NULL
  `.execute(db);
}
