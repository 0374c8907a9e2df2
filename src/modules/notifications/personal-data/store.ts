// SQL for carrying out a person's rights on notifications (holder.ts).
import type { Tx } from '../../../db/index.js';

/** The person's inbox and saved preferences. */
export async function deletePersonRecords(trx: Tx, tenantId: string, citizenId: string): Promise<{ inbox: number; preferences: number }> {
  const inbox = await trx.deleteFrom('notification_inbox').where('tenant_id', '=', tenantId).where('recipient_kind', '=', 'citizen').where('recipient_id', '=', citizenId).executeTakeFirst();
  const prefs = await trx.deleteFrom('notification_preferences').where('tenant_id', '=', tenantId).where('person_kind', '=', 'citizen').where('person_id', '=', citizenId).executeTakeFirst();
  return { inbox: Number(inbox.numDeletedRows), preferences: Number(prefs.numDeletedRows) };
}

/**
 * Every message to the person's addresses (queued, sent or failed) — the delivery record with its
 * text. A queued one's delivery job then finds nothing to send. The development mailbox (no tenant)
 * keeps captured copies too.
 */
export async function deleteMessagesTo(trx: Tx, tenantId: string, addresses: readonly string[], hashes: readonly string[]): Promise<number> {
  if (addresses.length === 0) return 0;
  const r = await trx
    .deleteFrom('notifications')
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('recipient', 'in', addresses), eb('recipient_hash', 'in', hashes)]))
    .executeTakeFirst();
  await trx.deleteFrom('dev_mailbox').where('recipient', 'in', addresses).execute();
  return Number(r.numDeletedRows);
}
