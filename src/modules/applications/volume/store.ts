// Volume applications for the public dashboard's benchmark (`gerbang seed volume`, development only):
// each a copy of one of the tenant's applications (one per service: its version, agency, workflow
// state), with a new id, tracking number and synthetic applicant, spread over a year, four in five
// closed (approved, issued, rejected, withdrawn; some deemed approved), with the standard's due
// instant. One set-based INSERT per batch. The copies have no steps, answers, tasks or timeline: they
// are figures for the dashboard and never open in a queue (their state is the template's).
import { sql } from 'kysely';
import type { DbOrTx } from '../../../db/index.js';

export interface VolumeApplications {
  /** Eight hex digits; tracking numbers are VOLA-<run>-<n>. */
  run: string;
  first: number;
  count: number;
  /** All the run's rows: row g of `total` is submitted (total − g)/total of `days` before `now`. */
  total: number;
  now: Date;
  days: number;
}

/**
 * Ids and submission instants rise with the row number: each index takes its entries at its right
 * edge, as it does in production, instead of at random pages (random uuids made a run of 1,000,000
 * IO-bound, 200,000 rows in ten minutes on a busy 2-core machine).
 */

export async function insertVolumeApplications(db: DbOrTx, tenantId: string, v: VolumeApplications): Promise<number> {
  // Explicit columns (not a jsonb copy of the template: parsing its workflow state per row made the
  // insert CPU-bound). The columns are 0050's; a later NOT NULL column without a default fails here loudly.
  const result = await sql`
    WITH tpl AS (
      SELECT a.*, row_number() OVER (ORDER BY service_id) - 1 AS k
      FROM (SELECT DISTINCT ON (service_id) * FROM applications WHERE tenant_id = ${tenantId} ORDER BY service_id, submitted_at) a
    ), n AS (SELECT count(*) AS k FROM tpl),
    x AS (
      SELECT g, ${v.now}::timestamptz - (((${v.total}::int - g)::float8 / ${v.total}::int * ${v.days}::int * 86400)::bigint || ' seconds')::interval AS submitted,
             (ARRAY['approved', 'issued', 'approved', 'rejected', 'withdrawn'])[1 + g % 5] AS outcome, g % 5 < 4 AS closed
      FROM generate_series(${v.first}::int, ${v.first + v.count - 1}::int) g
    ), y AS (
      SELECT x.*, least(${v.now}::timestamptz, x.submitted + (((x.g * 7) % 23) || ' days')::interval) AS closed_at FROM x
    )
    INSERT INTO applications (tenant_id, id, tracking_number, service_id, service_version_id, agency_id, agencies, applicant_id, lang, state, version,
      status, outcome, deemed_approved, next_due_at, service_due_at, submitted_at, updated_at, closed_at)
    SELECT ${tenantId}, (${v.run} || '-0000-4000-8000-' || lpad(to_hex(y.g), 12, '0'))::uuid, 'VOLA-' || ${v.run} || '-' || lpad(y.g::text, 8, '0'),
      tpl.service_id, tpl.service_version_id, tpl.agency_id, tpl.agencies, (${v.run} || '-0001-4000-8000-' || lpad(to_hex(y.g), 12, '0'))::uuid, tpl.lang, tpl.state, tpl.version,
      CASE WHEN y.closed THEN 'closed' ELSE 'in_progress' END, CASE WHEN y.closed THEN y.outcome END,
      y.closed AND y.outcome = 'approved' AND y.g % 25 = 0,
      CASE WHEN y.closed THEN NULL ELSE y.submitted + interval '14 days' END, y.submitted + interval '14 days', y.submitted,
      CASE WHEN y.closed THEN y.closed_at ELSE y.submitted END, CASE WHEN y.closed THEN y.closed_at END
    FROM y JOIN tpl ON tpl.k = y.g % (SELECT k FROM n)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
