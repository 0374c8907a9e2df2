// SQL of handling: the officers' queues, duplicates nearby, what the escalation job finds overdue,
// dispositions, answer files, response templates, and a report transferred in from another tenant.
import { sql, type Insertable } from 'kysely';
import type { Tx } from '../../../db/index.js';
import type { ComplaintAnswerAttachmentTable, ComplaintStatus, ComplaintTable } from '../../../db/schema.js';
import type { ComplaintRow } from '../store.js';
import { RUNNING_STATUSES } from '../workflow.js';

export async function insertComplaint(trx: Tx, row: Insertable<ComplaintTable>): Promise<boolean> {
  const result = await trx
    .insertInto('complaints')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'tracking_number']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

export interface QueueFilter {
  agencyId?: string;
  statuses: readonly ComplaintStatus[];
  limit: number;
}

export function selectQueue(trx: Tx, tenantId: string, filter: QueueFilter): Promise<ComplaintRow[]> {
  let q = trx
    .selectFrom('complaints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', [...filter.statuses]);
  if (filter.agencyId) q = q.where('agency_id', '=', filter.agencyId);
  return q.orderBy(sql`due_at nulls last`).orderBy('submitted_at').limit(filter.limit).execute();
}

/** Candidates for duplicate detection: open reports of the last 60 days within a lat/long box. */
export function selectNearby(
  trx: Tx,
  tenantId: string,
  box: { minLat: number; maxLat: number; minLon: number; maxLon: number },
  since: Date,
  excludeId: string,
): Promise<ComplaintRow[]> {
  return trx
    .selectFrom('complaints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('latitude', '>=', box.minLat)
    .where('latitude', '<=', box.maxLat)
    .where('longitude', '>=', box.minLon)
    .where('longitude', '<=', box.maxLon)
    .where('submitted_at', '>=', since)
    .where('id', '<>', excludeId)
    .where('merged_into', 'is', null)
    .limit(200)
    .execute();
}

export function selectOverdue(trx: Tx, tenantId: string, now: Date): Promise<ComplaintRow[]> {
  return trx
    .selectFrom('complaints')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', [...RUNNING_STATUSES])
    .where('due_at', '<', now)
    .where((eb) => eb.or([eb('escalated_at', 'is', null), eb('escalated_at', '<', eb.ref('due_at'))]))
    .limit(500)
    .forUpdate()
    .skipLocked()
    .execute();
}

export async function insertDisposition(
  trx: Tx,
  row: { tenantId: string; complaintId: string; actor: string; from: string | null; to: string | null; toTenant?: string; reason: string | null },
) {
  await trx
    .insertInto('complaint_dispositions')
    .values({
      tenant_id: row.tenantId,
      complaint_id: row.complaintId,
      actor: row.actor,
      from_agency_id: row.from,
      to_agency_id: row.to,
      to_tenant_slug: row.toTenant ?? null,
      reason: row.reason,
    })
    .execute();
}

export async function insertAttachments(trx: Tx, rows: Insertable<ComplaintAnswerAttachmentTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await trx.insertInto('complaint_answer_attachments').values(rows).execute();
}

// ---- response templates ----

export async function insertTemplate(trx: Tx, row: { tenantId: string; id: string; agencyId: string | null; title: string; body: string }) {
  await trx
    .insertInto('complaint_response_templates')
    .values({ tenant_id: row.tenantId, id: row.id, agency_id: row.agencyId, title: row.title, body: row.body })
    .execute();
}

export function selectTemplates(trx: Tx, tenantId: string, agencyId: string | null) {
  let q = trx.selectFrom('complaint_response_templates').selectAll().where('tenant_id', '=', tenantId);
  q = agencyId
    ? q.where((eb) => eb.or([eb('agency_id', 'is', null), eb('agency_id', '=', agencyId)]))
    : q.where('agency_id', 'is', null);
  return q.orderBy('title').execute();
}

/** Per officer and agency: the complaints they answered in [from, to) (first answer each), on time, handling time, ratings (officer-figures.ts). */
export async function selectAnswerFiguresByOfficer(trx: Tx, tenantId: string, from: Date, to: Date) {
  const { rows } = await sql<{
      officer_id: string;
      agency_id: string | null;
      answered: number;
      on_time: number;
      with_deadline: number;
      average_ms: number | null;
      ratings: number;
      average_rating: number | null;
    }>`
      WITH answers AS (
        SELECT DISTINCT ON (e.complaint_id, e.actor) e.complaint_id, substr(e.actor, 9) AS officer_id, e.at, e.agency_id
        FROM complaint_events e
        WHERE e.tenant_id = ${tenantId} AND e.action = 'answer' AND e.actor LIKE 'officer:%' AND e.at >= ${from} AND e.at < ${to}
        ORDER BY e.complaint_id, e.actor, e.at
      )
      SELECT a.officer_id, a.agency_id,
        count(*)::int AS answered,
        count(*) FILTER (WHERE c.resolution_due_at IS NOT NULL AND a.at <= c.resolution_due_at)::int AS on_time,
        count(*) FILTER (WHERE c.resolution_due_at IS NOT NULL)::int AS with_deadline,
        avg(extract(epoch FROM a.at - coalesce(c.forwarded_at, c.submitted_at)) * 1000)::float8 AS average_ms,
        count(c.rating)::int AS ratings,
        avg(c.rating)::float8 AS average_rating
      FROM answers a
      JOIN complaints c ON c.tenant_id = ${tenantId} AND c.id = a.complaint_id
      GROUP BY a.officer_id, a.agency_id`.execute(trx);
  return rows;
}

/** Per officer and agency: complaints in follow-up past their deadline at `now`, by the officer who started the follow-up. */
export async function selectOverdueByFollowUpOfficer(trx: Tx, tenantId: string, now: Date) {
  const { rows } = await sql<{ officer_id: string; agency_id: string | null; count: number }>`
      SELECT s.officer_id, c.agency_id, count(*)::int AS count
      FROM complaints c
      JOIN LATERAL (
        SELECT substr(e.actor, 9) AS officer_id FROM complaint_events e
        WHERE e.tenant_id = c.tenant_id AND e.complaint_id = c.id AND e.action = 'start' AND e.actor LIKE 'officer:%'
        ORDER BY e.id DESC LIMIT 1
      ) s ON true
      WHERE c.tenant_id = ${tenantId} AND c.status = 'in_follow_up' AND c.due_at < ${now}
      GROUP BY s.officer_id, c.agency_id`.execute(trx);
  return rows;
}
