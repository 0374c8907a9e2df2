// SQL of intake: new reports with their first event and photos (written in batches), and the Open311
// api_keys that let an agency system submit.
import { sql, type Insertable } from 'kysely';
import type { Tx } from '../../../db/index.js';
import type { ComplaintTable } from '../../../db/schema.js';

/**
 * New complaints, each with its first timeline event, in one statement whatever their number. A
 * tracking number already taken is skipped (ON CONFLICT DO NOTHING) with its event: returns the ids
 * inserted, so the caller draws fresh numbers for the others.
 */
export async function insertComplaintsWithEvents(
  trx: Tx,
  entries: ReadonlyArray<{ row: Insertable<ComplaintTable>; event: FirstEvent }>,
): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  // One statement: the complaints (a tracking number already taken is skipped) and, in the same
  // INSERT, the first event of each one inserted — joined to the CTE's RETURNING, so a skipped
  // complaint gets no event. The events' foreign key sees the CTE's rows (checked at statement end).
  const inserted = await trx
    .with('c', (db) =>
      db
        .insertInto('complaints')
        .values(entries.map((e) => e.row))
        .onConflict((oc) => oc.columns(['tenant_id', 'tracking_number']).doNothing())
        .returning('id'),
    )
    .insertInto('complaint_events')
    .columns(['tenant_id', 'complaint_id', 'at', 'actor', 'action', 'to_status'])
    .expression(
      sql`SELECT e.tenant_id, e.complaint_id, e.at, e.actor, e.action, e.to_status
            FROM unnest(${entries.map((e) => e.row.tenant_id)}::uuid[], ${entries.map((e) => e.row.id)}::uuid[],
                        ${entries.map((e) => e.event.at)}::timestamptz[], ${entries.map((e) => e.event.actor)}::text[],
                        ${entries.map((e) => e.event.action)}::text[], ${entries.map((e) => e.event.to_status)}::text[])
                 AS e(tenant_id, complaint_id, at, actor, action, to_status)
            JOIN c ON c.id = e.complaint_id`,
    )
    .returning('complaint_id')
    .execute();
  return new Set(inserted.map((r) => r.complaint_id));
}

/** A complaint's first timeline event, written with it. */
export interface FirstEvent {
  at: Date;
  actor: string;
  action: string;
  to_status: string;
}

export async function insertPhotos(
  trx: Tx,
  tenantId: string,
  complaintId: string,
  photos: { mime: 'image/jpeg' | 'image/png' | 'image/webp'; width: number; height: number; data: Buffer }[],
) {
  if (photos.length === 0) return;
  await trx
    .insertInto('complaint_photos')
    .values(photos.map((p, idx) => ({ tenant_id: tenantId, complaint_id: complaintId, idx, ...p })))
    .execute();
}

// ---- Open311 API keys ----


export async function insertApiKey(trx: Tx, row: { tenantId: string; id: string; keyHash: string; label: string }) {
  await trx
    .insertInto('open311_api_keys')
    .values({ tenant_id: row.tenantId, id: row.id, key_hash: row.keyHash, label: row.label })
    .onConflict((oc) => oc.columns(['tenant_id', 'key_hash']).doNothing())
    .execute();
}

export function selectApiKey(trx: Tx, tenantId: string, keyHash: string) {
  return trx
    .selectFrom('open311_api_keys')
    .select(['id', 'label'])
    .where('tenant_id', '=', tenantId)
    .where('key_hash', '=', keyHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}
