// A caller's reference on notifications and inbox messages (e.g. `deadline:<application id>`), so a
// scheduled reminder sent on several channels can be cancelled in one call. Runs on PostgreSQL 15+.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE notifications ADD COLUMN ref text CHECK (ref ~ '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$');
    CREATE INDEX notifications_ref ON notifications (tenant_id, ref) WHERE ref IS NOT NULL;
    ALTER TABLE notification_inbox ADD COLUMN ref text CHECK (ref ~ '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$');
    CREATE INDEX notification_inbox_ref ON notification_inbox (tenant_id, ref) WHERE ref IS NOT NULL;
    -- A scheduled inbox message that is cancelled before it appears is deleted (nobody saw it).
    GRANT DELETE ON notification_inbox TO gerbang_app;
  `.execute(db);
}
