// SQL for one-time codes (one_time_codes). Called inside withTenant() transactions.
import type { Tx } from '../../../db/index.js';

export interface CodeRow {
  id: string;
  codeHash: string;
  expiresAt: Date;
  attempts: number;
  maxAttempts: number;
  consumedAt: Date | null;
}

export async function insertCode(
  trx: Tx,
  tenantId: string,
  row: { id: string; purpose: string; subject: string; codeHash: string; expiresAt: Date; maxAttempts: number; createdAt: Date },
): Promise<void> {
  await trx
    .insertInto('one_time_codes')
    .values({
      tenant_id: tenantId,
      id: row.id,
      purpose: row.purpose,
      subject: row.subject,
      code_hash: row.codeHash,
      expires_at: row.expiresAt,
      max_attempts: row.maxAttempts,
      created_at: row.createdAt,
    })
    .execute();
}

/** Marks every unused code of this subject and purpose as used: only the newest code works. */
export async function supersedeCodes(trx: Tx, tenantId: string, subject: string, purpose: string, at: Date): Promise<void> {
  await trx
    .updateTable('one_time_codes')
    .set({ consumed_at: at })
    .where('tenant_id', '=', tenantId)
    .where('subject', '=', subject)
    .where('purpose', '=', purpose)
    .where('consumed_at', 'is', null)
    .execute();
}

/** The newest code of this subject and purpose, locked for the check. */
export function selectLatestCodeForUpdate(trx: Tx, tenantId: string, subject: string, purpose: string): Promise<CodeRow | undefined> {
  return trx
    .selectFrom('one_time_codes')
    .select(['id', 'code_hash as codeHash', 'expires_at as expiresAt', 'attempts', 'max_attempts as maxAttempts', 'consumed_at as consumedAt'])
    .where('tenant_id', '=', tenantId)
    .where('subject', '=', subject)
    .where('purpose', '=', purpose)
    .orderBy('created_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export async function countCodesSince(trx: Tx, tenantId: string, subject: string, purpose: string, since: Date): Promise<number> {
  const row = await trx
    .selectFrom('one_time_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('subject', '=', subject)
    .where('purpose', '=', purpose)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function recordAttempt(trx: Tx, tenantId: string, id: string, consumedAt: Date | null): Promise<void> {
  await trx
    .updateTable('one_time_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), ...(consumedAt ? { consumed_at: consumedAt } : {}) }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

// ---- login_throttle ----

export interface ThrottleRow {
  key: string;
  failures: number;
  since: Date;
  blockedUntil: Date | null;
}

function throttlesQuery(trx: Tx, tenantId: string, keys: string[]) {
  return trx
    .selectFrom('login_throttle')
    .select(['key', 'failures', 'since', 'blocked_until as blockedUntil'])
    .where('tenant_id', '=', tenantId)
    .where('key', 'in', keys);
}

/** A plain read (the check before an attempt): takes no row lock, so its transaction writes nothing. */
export function selectThrottles(trx: Tx, tenantId: string, keys: string[]): Promise<ThrottleRow[]> {
  return throttlesQuery(trx, tenantId, keys).execute();
}

/** The read of a read-modify-write (recording a failure): locked until the caller commits. */
export function selectThrottlesForUpdate(trx: Tx, tenantId: string, keys: string[]): Promise<ThrottleRow[]> {
  return throttlesQuery(trx, tenantId, keys).forUpdate().execute();
}

export async function upsertThrottle(trx: Tx, tenantId: string, row: ThrottleRow): Promise<void> {
  const values = { failures: row.failures, since: row.since, blocked_until: row.blockedUntil };
  await trx
    .insertInto('login_throttle')
    .values({ tenant_id: tenantId, key: row.key, ...values })
    .onConflict((oc) => oc.columns(['tenant_id', 'key']).doUpdateSet(values))
    .execute();
}

export async function deleteThrottle(trx: Tx, tenantId: string, key: string): Promise<void> {
  await trx.deleteFrom('login_throttle').where('tenant_id', '=', tenantId).where('key', '=', key).execute();
}
