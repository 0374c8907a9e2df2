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
  const result = await sql`
    WITH tpl AS (
      SELECT to_jsonb(a) AS row, row_number() OVER (ORDER BY service_id) - 1 AS k
      FROM (SELECT DISTINCT ON (service_id) * FROM applications WHERE tenant_id = ${tenantId} ORDER BY service_id, submitted_at) a
    ), n AS (SELECT count(*) AS k FROM tpl),
    x AS (
      SELECT g, ${v.now}::timestamptz - (((${v.total}::int - g)::float8 / ${v.total}::int * ${v.days}::int * 86400)::bigint || ' seconds')::interval AS submitted,
             (ARRAY['approved', 'issued', 'approved', 'rejected', 'withdrawn'])[1 + g % 5] AS outcome, g % 5 < 4 AS closed
      FROM generate_series(${v.first}::int, ${v.first + v.count - 1}::int) g
    )
    INSERT INTO applications
    SELECT (jsonb_populate_record(NULL::applications, tpl.row || jsonb_build_object(
      'id', (${v.run} || '-0000-4000-8000-' || lpad(to_hex(x.g), 12, '0'))::uuid,
      'tracking_number', 'VOLA-' || ${v.run} || '-' || lpad(x.g::text, 8, '0'),
      'applicant_id', (${v.run} || '-0001-4000-8000-' || lpad(to_hex(x.g), 12, '0'))::uuid,
      'birth_date_key', NULL, 'assisted_by', NULL, 'assisted_session_id', NULL,
      'status', CASE WHEN x.closed THEN 'closed' ELSE 'in_progress' END,
      'outcome', CASE WHEN x.closed THEN x.outcome END,
      'deemed_approved', x.closed AND x.outcome = 'approved' AND x.g % 25 = 0,
      'submitted_at', x.submitted,
      'service_due_at', x.submitted + interval '14 days',
      'next_due_at', CASE WHEN x.closed THEN NULL ELSE x.submitted + interval '14 days' END,
      'closed_at', CASE WHEN x.closed THEN least(${v.now}::timestamptz, x.submitted + (((x.g * 7) % 23) || ' days')::interval) END,
      'updated_at', CASE WHEN x.closed THEN least(${v.now}::timestamptz, x.submitted + (((x.g * 7) % 23) || ' days')::interval) ELSE x.submitted END
    ))).*
    FROM x JOIN tpl ON tpl.k = x.g % (SELECT k FROM n)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
