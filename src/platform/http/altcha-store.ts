// The PostgreSQL record of used ALTCHA proof-of-work solutions (altcha_replays): every app process
// shares it, so a solved challenge is accepted once across the whole deployment. A row
// lives until its challenge expires; `pruneAltchaReplays` (the housekeeping job) deletes it then.
import { sql } from 'kysely';
import type { DbOrTx } from '../../db/index.js';

/**
 * Marks verified challenges used, with one statement, in the caller's transaction when `db` is one
 * (a complaint batch marks its reports' proofs with the reports, decision 0023). Returns the ids not
 * used before; an id given twice is new once.
 */
export async function markChallengesUsed(db: DbOrTx, challenges: ReadonlyArray<{ id: string; expiresAt: Date }>): Promise<Set<string>> {
  if (challenges.length === 0) return new Set();
  const { rows } = await sql<{ challenge_id: string }>`
    INSERT INTO altcha_replays (challenge_id, expires_at)
    SELECT * FROM unnest(${challenges.map((c) => c.id)}::text[], ${challenges.map((c) => c.expiresAt.toISOString())}::timestamptz[])
    ON CONFLICT (challenge_id) DO NOTHING
    RETURNING challenge_id`.execute(db);
  return new Set(rows.map((r) => r.challenge_id));
}

/** Deletes the records of expired challenges (refused as expired anyway); run from a periodic job. */
export async function pruneAltchaReplays(db: DbOrTx, now: Date = new Date()): Promise<number> {
  const result = await db.deleteFrom('altcha_replays').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
