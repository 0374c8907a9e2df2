// Volume complaints for the public dashboard's benchmark (`gerbang seed volume`, development only):
// one set-based INSERT per batch, spread over a year, with realistic shares of verified, followed-up,
// resolved and rated reports, placed around the tenant's existing reports. Synthetic: no reporter, no
// account, no events, photos or notifications; privacy "public", not published.
import { sql } from 'kysely';
import type { DbOrTx } from '../../../db/index.js';

export interface VolumeComplaints {
  /** Eight hex digits; tracking numbers are VOLP-<run>-<n>: a run's rows are recognisable and never collide. */
  run: string;
  first: number;
  count: number;
  /** All the run's rows: ids and instants rise with the row number (see applications/volume/store.ts). */
  total: number;
  agencyIds: readonly string[];
  categoryCodes: readonly string[];
  /** The rows' instants are spread over the `days` before `now`. */
  now: Date;
  days: number;
}

export async function insertVolumeComplaints(db: DbOrTx, tenantId: string, v: VolumeComplaints): Promise<number> {
  const centre = (
    await sql<{ lat: number | null; lon: number | null }>`SELECT avg(latitude) AS lat, avg(longitude) AS lon FROM complaints WHERE tenant_id = ${tenantId} AND latitude IS NOT NULL`.execute(db)
  ).rows[0];
  const lat = centre?.lat ?? null;
  const lon = centre?.lon ?? null;
  const result = await sql`
    INSERT INTO complaints (tenant_id, id, tracking_number, kind, title, description, category_code, agency_id, privacy,
      latitude, longitude, status, outcome, submitted_at, verify_due_at, verified_at, forwarded_at, follow_up_due_at, first_follow_up_at, closed_at, rating, updated_at)
    SELECT ${tenantId}, (${v.run} || '-0002-4000-8000-' || lpad(to_hex(g), 12, '0'))::uuid, 'VOLP-' || ${v.run} || '-' || lpad(g::text, 8, '0'), 'pengaduan', 'Pengaduan uji volume ' || g, 'Data uji volume untuk dasbor kinerja.',
      (${[...v.categoryCodes]}::text[])[1 + (g * 7) % ${v.categoryCodes.length}],
      CASE WHEN verified THEN (${[...v.agencyIds]}::uuid[])[1 + (g * 13) % ${v.agencyIds.length}] END, 'public',
      CASE WHEN ${lat}::float8 IS NOT NULL AND g % 3 > 0 THEN ${lat}::float8 + ((g * 37) % 200 - 100) / 1000.0 END,
      CASE WHEN ${lon}::float8 IS NOT NULL AND g % 3 > 0 THEN ${lon}::float8 + ((g * 53) % 200 - 100) / 1000.0 END,
      CASE WHEN resolved THEN 'closed' WHEN followed THEN 'in_follow_up' WHEN verified THEN 'forwarded' ELSE 'submitted' END,
      CASE WHEN resolved THEN 'resolved' END,
      submitted, submitted + interval '3 days',
      CASE WHEN verified THEN submitted + ((g % 5) || ' days')::interval END,
      CASE WHEN verified THEN submitted + ((g % 5) || ' days')::interval END,
      submitted + interval '10 days',
      CASE WHEN followed THEN submitted + ((4 + g % 9) || ' days')::interval END,
      CASE WHEN resolved THEN submitted + ((8 + g % 15) || ' days')::interval END,
      CASE WHEN resolved AND g % 5 < 2 THEN (1 + (g * 11) % 5)::smallint END,
      least(${v.now}::timestamptz, submitted + interval '23 days')
    FROM (
      SELECT g, ${v.now}::timestamptz - (((${v.total}::int - g)::float8 / ${v.total}::int * ${v.days}::int * 86400)::bigint || ' seconds')::interval AS submitted,
             g % 20 < 17 AS verified, g % 20 < 14 AS followed, g % 20 < 10 AS resolved
      FROM generate_series(${v.first}::int, ${v.first + v.count - 1}::int) g
    ) x`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
