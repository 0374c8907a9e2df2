// SQL for the tracking look-up's throttle (failed attempts per tracking number and per client address,
// both as keyed hashes). Tenant first, inside withTenant().
import type { Tx } from '../../../db/index.js';
import type { ThrottleState } from './throttle.js';

export async function selectThrottles(trx: Tx, tenantId: string, keys: string[], lock = false): Promise<Map<string, ThrottleState>> {
  let query = trx
    .selectFrom('application_track_throttle')
    .select(['key', 'failures', 'since', 'blocked_until as blockedUntil'])
    .where('tenant_id', '=', tenantId)
    .where('key', 'in', keys);
  if (lock) query = query.forUpdate();
  const rows = await query.execute();
  return new Map(rows.map((r) => [r.key, { failures: r.failures, since: r.since, blockedUntil: r.blockedUntil }]));
}

export async function upsertThrottle(trx: Tx, tenantId: string, key: string, state: ThrottleState): Promise<void> {
  await trx
    .insertInto('application_track_throttle')
    .values({ tenant_id: tenantId, key, failures: state.failures, since: state.since, blocked_until: state.blockedUntil })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet({ failures: state.failures, since: state.since, blocked_until: state.blockedUntil }))
    .execute();
}

export async function deleteThrottle(trx: Tx, tenantId: string, key: string): Promise<void> {
  await trx.deleteFrom('application_track_throttle').where('tenant_id', '=', tenantId).where('key', '=', key).execute();
}

/** Forgets entries whose window and block have passed (housekeeping by the drafts job). */
export async function pruneThrottles(trx: Tx, tenantId: string, before: Date): Promise<void> {
  await trx
    .deleteFrom('application_track_throttle')
    .where('tenant_id', '=', tenantId)
    .where('since', '<', before)
    .where((eb) => eb.or([eb('blocked_until', 'is', null), eb('blocked_until', '<', before)]))
    .execute();
}
