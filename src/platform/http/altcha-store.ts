// The PostgreSQL replay store for ALTCHA proof-of-work solutions (altcha.ts `ReplayStore`): every
// app process shares it, so a solved challenge is accepted once across the whole deployment. A row
// lives until its challenge expires; `pruneAltchaReplays` (the housekeeping job) deletes it then.
import type { Db, DbOrTx } from '../../db/index.js';
import type { ReplayStore } from './altcha.js';

export interface ReleasableReplayStore extends ReplayStore {
  /** Forgets a use, so the same solution may be posted again (the submission it guarded failed). */
  release(challengeId: string): Promise<void>;
}

export function postgresReplayStore(db: Db): ReleasableReplayStore {
  return {
    async markUsed(challengeId, expiresAt) {
      const inserted = await db
        .insertInto('altcha_replays')
        .values({ challenge_id: challengeId, expires_at: expiresAt })
        .onConflict((oc) => oc.column('challenge_id').doNothing())
        .returning('challenge_id')
        .executeTakeFirst();
      return inserted !== undefined;
    },
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
