// Brute-force protection for sign-in: the platform's throttle (platform/throttle.ts) with sign-in's
// limits, per account (keyed by a pseudonym of the identifier typed — also for identifiers that match
// no account, so lockout behaviour does not reveal whether an account exists) and per client address,
// kept in login_throttle (store.ts). A success resets the account key.

import { type DbOrTx, type Tx, withTenant } from '../../../db/index.js';
import { afterFailure, type ThrottlePolicy, type ThrottleState, type ThrottleVerdict, throttleVerdict } from '../../../platform/throttle.js';
import { deleteThrottle, selectThrottles, selectThrottlesForUpdate, upsertThrottle } from './store.js';

export type { ThrottleState, ThrottleVerdict };

export const ACCOUNT_POLICY: ThrottlePolicy = {
  freeFailures: 3,
  lockAfter: 10,
  lockMinutes: 15,
  windowMinutes: 15,
  baseDelaySeconds: 2,
  maxDelaySeconds: 60,
};

/** One address may be a whole kelurahan office behind NAT: far more room than for one account. */
export const ADDRESS_POLICY: ThrottlePolicy = {
  freeFailures: 30,
  lockAfter: 100,
  lockMinutes: 15,
  windowMinutes: 15,
  baseDelaySeconds: 1,
  maxDelaySeconds: 30,
};

// ---- persistence (login_throttle) ----

export interface ThrottleKeys {
  /** 'account:' + pseudonym of the normalised identifier. */
  account: string;
  /** 'address:' + client IP. */
  address: string;
}

/** The throttle rows of both keys as read before the attempt (a plain read: no lock, no commit cost). */
export interface ThrottleSnapshot {
  keys: ThrottleKeys;
  rows: Map<string, ThrottleState>;
}

/** Reads both keys' state inside the caller's transaction (the sign-in's read transaction). */
export async function readThrottle(trx: Tx, tenantId: string, keys: ThrottleKeys): Promise<ThrottleSnapshot> {
  const rows = await selectThrottles(trx, tenantId, [keys.account, keys.address]);
  return { keys, rows: new Map(rows.map((r) => [r.key, r])) };
}

/** Whether the attempt may proceed now; the stricter of the two keys decides. */
export function verdictOf(snapshot: ThrottleSnapshot, now: Date): ThrottleVerdict {
  const verdicts = [
    throttleVerdict(snapshot.rows.get(snapshot.keys.account), ACCOUNT_POLICY, now),
    throttleVerdict(snapshot.rows.get(snapshot.keys.address), ADDRESS_POLICY, now),
  ];
  const refused = verdicts.filter((v): v is Extract<ThrottleVerdict, { allowed: false }> => !v.allowed);
  if (refused.length === 0) return { allowed: true };
  return refused.reduce((a, b) => (a.retryAfterSeconds >= b.retryAfterSeconds ? a : b));
}

/**
 * Records the outcome of an attempt inside the caller's transaction (the one that also writes the
 * audit event and the session, so a sign-in commits once). A failure counts against both keys
 * (read again under a row lock: concurrent failures must not be lost); a success clears the
 * account's run of failures — a DELETE only when the read before the attempt saw one, so the usual
 * success costs no statement here.
 */
export async function recordOutcome(trx: Tx, tenantId: string, snapshot: ThrottleSnapshot, success: boolean, now: Date): Promise<void> {
  const { keys } = snapshot;
  if (success) {
    if (snapshot.rows.has(keys.account)) await deleteThrottle(trx, tenantId, keys.account);
    return;
  }
  const rows = await selectThrottlesForUpdate(trx, tenantId, [keys.account, keys.address]);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  await upsertThrottle(trx, tenantId, { key: keys.account, ...afterFailure(byKey.get(keys.account), ACCOUNT_POLICY, now) });
  await upsertThrottle(trx, tenantId, { key: keys.address, ...afterFailure(byKey.get(keys.address), ADDRESS_POLICY, now) });
}

/** Whether a sign-in attempt may proceed now, in a transaction of its own. */
export async function checkThrottle(db: DbOrTx, tenantId: string, keys: ThrottleKeys, now: Date): Promise<ThrottleVerdict> {
  return verdictOf(await withTenant(db, tenantId, (trx) => readThrottle(trx, tenantId, keys)), now);
}
