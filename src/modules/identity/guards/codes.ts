// One-time codes: 6 random digits, sent to a person (registration, sign-in without password), stored
// only as a hash, valid for CODE_TTL_MINUTES, usable once, refused after MAX_ATTEMPTS wrong tries
// (then a new code must be requested), and at most ISSUE_LIMIT codes per subject per window.
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { type DbOrTx, withTenant } from '../../../db/index.js';
import { countCodesSince, insertCode, recordAttempt, selectLatestCodeForUpdate, supersedeCodes } from './store.js';

export const CODE_TTL_MINUTES = 10;
export const MAX_ATTEMPTS = 5;
/** Codes per subject and purpose per ISSUE_WINDOW_MINUTES (the notification layer also limits per recipient). */
export const ISSUE_LIMIT = 5;
export const ISSUE_WINDOW_MINUTES = 15;

export type CodeCheck = 'ok' | 'wrong' | 'expired' | 'used' | 'locked' | 'none';

function hashCode(id: string, code: string): string {
  return createHash('sha256').update(`${id}\u0000${code}`).digest('hex');
}

export interface IssuedCode {
  id: string;
  /** Send this; it is not stored. */
  code: string;
  expiresAt: Date;
}

/**
 * Issues a new code for `subject` (e.g. 'citizen:<uuid>') and `purpose`, superseding earlier ones, in
 * the caller's transaction (the message that carries it must be queued in the same one). Returns
 * undefined when the issue limit is reached.
 */
export async function issueCode(
  db: DbOrTx,
  tenantId: string,
  subject: string,
  purpose: string,
  now: Date,
): Promise<IssuedCode | undefined> {
  return withTenant(db, tenantId, async (trx) => {
    const since = new Date(now.getTime() - ISSUE_WINDOW_MINUTES * 60_000);
    if ((await countCodesSince(trx, tenantId, subject, purpose, since)) >= ISSUE_LIMIT) return undefined;
    await supersedeCodes(trx, tenantId, subject, purpose, now);
    const id = randomUUID();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now.getTime() + CODE_TTL_MINUTES * 60_000);
    await insertCode(trx, tenantId, { id, purpose, subject, codeHash: hashCode(id, code), expiresAt, maxAttempts: MAX_ATTEMPTS, createdAt: now });
    return { id, code, expiresAt };
  });
}

/**
 * Checks a code against the newest one issued for `subject` and `purpose`. Each try is counted —
 * run this in its own transaction, or commit the caller's even when the answer is not 'ok', so a
 * wrong try is never rolled back.
 */
export async function checkCode(
  db: DbOrTx,
  tenantId: string,
  subject: string,
  purpose: string,
  input: string,
  now: Date,
): Promise<CodeCheck> {
  return withTenant(db, tenantId, async (trx) => {
    const row = await selectLatestCodeForUpdate(trx, tenantId, subject, purpose);
    if (!row) return 'none';
    if (row.consumedAt) return 'used';
    if (row.attempts >= row.maxAttempts) return 'locked';
    if (row.expiresAt.getTime() <= now.getTime()) return 'expired';
    const code = input.replace(/\s/g, '');
    const ok = /^\d{6}$/.test(code) && timingSafeEqual(Buffer.from(hashCode(row.id, code), 'hex'), Buffer.from(row.codeHash, 'hex'));
    await recordAttempt(trx, tenantId, row.id, ok ? now : null);
    if (ok) return 'ok';
    return row.attempts + 1 >= row.maxAttempts ? 'locked' : 'wrong';
  });
}
