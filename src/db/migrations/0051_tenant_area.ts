// A tenant's area (its city, regency or province, as GeoJSON Polygon or MultiPolygon, [longitude,
// latitude]; set by the tenant admin): the complaint form's map opens on it, and a report placed
// outside it is marked for the coordinator (the reporter confirmed the point despite a warning).
// NULL: no area set (the map opens on the service areas' box, else on all of Indonesia). Constant
// defaults: adding the columns does not rewrite the tables.
//
// Also (issue 16, same branch): a confidential report filed without an account gets a secret code,
// as an anonymous one does, or its reporter could never follow it. The old check tied a code to
// anonymous reports alone; every existing row satisfies the new one.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE tenants ADD COLUMN area jsonb`.execute(db);
  // The tenant admin sets it through the app: its role may change this column of tenants, no other.
  await sql`GRANT UPDATE (area) ON tenants TO gerbang_app`.execute(db);
  await sql`ALTER TABLE complaints ADD COLUMN outside_area boolean NOT NULL DEFAULT false`.execute(db);
  await sql`
    ALTER TABLE complaints DROP CONSTRAINT anonim_has_code,
      ADD CONSTRAINT secret_code_without_account CHECK (CASE privacy
        WHEN 'anonim' THEN secret_code_hash IS NOT NULL
        WHEN 'rahasia' THEN secret_code_hash IS NULL OR reporter_citizen_id IS NULL
        ELSE secret_code_hash IS NULL END)
  `.execute(db);
}
