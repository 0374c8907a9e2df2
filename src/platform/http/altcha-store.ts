// The PostgreSQL replay store for ALTCHA proof-of-work solutions (altcha.ts `ReplayStore`): every
// app process shares it, so a solved challenge is accepted once across the whole deployment. A row
// lives until its challenge expires; `pruneAltchaReplays` (the housekeeping job) deletes it then.
import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../db/index.js';
import { createBatcher } from '../batch.js';
import type { ReplayStore } from './altcha.js';

export interface ReleasableReplayStore extends ReplayStore {
  /** Forgets a use, so the same solution may be posted again (the submission it guarded failed). */
  release(challengeId: string): Promise<void>;
}

/**
 * Concurrent `markUsed` calls share one INSERT (group commit, src/platform/batch.ts): under load the
 * replay check costs one statement and one commit per batch of submissions, not per submission.
 */
export function postgresReplayStore(db: Db): ReleasableReplayStore {
  const marks = createBatcher<{ challengeId: string; expiresAt: Date }, boolean>(async (items) => {
    const { rows } = await sql<{ challenge_id: string }>`
      INSERT INTO altcha_replays (challenge_id, expires_at)
      SELECT * FROM unnest(${items.map((i) => i.challengeId)}::text[], ${items.map((i) => i.expiresAt.toISOString())}::timestamptz[])
      ON CONFLICT (challenge_id) DO NOTHING
      RETURNING challenge_id`.execute(db);
    // The same id twice in one batch: the first is the use, the second a replay.
    const fresh = new Set(rows.map((r) => r.challenge_id));
    return items.map((i) => fresh.delete(i.challengeId));
  });
  return {
    markUsed: (challengeId, expiresAt) => marks.submit({ challengeId, expiresAt }),
    async release(challengeId) {
      await db.deleteFrom('altcha_replays').where('challenge_id', '=', challengeId).execute();
    },
  };
}

/** Deletes the records of expired challenges (refused as expired anyway); run from a periodic job. */
export async function pruneAltchaReplays(db: DbOrTx, now: Date = new Date()): Promise<number> {
  const result = await db.deleteFrom('altcha_replays').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
