// A @fastify/rate-limit store kept in PostgreSQL, so every app process behind a load balancer shares
// the same counters (app processes stay stateless). One upsert per limited request. The client
// address is stored only as a keyed hash (HMAC with a key derived from APP_SECRET, the same in every
// process): an anonymous complainant's IP address is never written to the database.
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../db/index.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

export function postgresRateLimitStore(db: Db, hashKey?: Buffer) {
  const pseudonym = (key: string) => (hashKey ? createHmac('sha256', hashKey).update(key).digest('base64url') : key);
  return class PostgresRateLimitStore {
    private readonly timeWindow: number;
    private readonly prefix: string;

    constructor(options: { timeWindow: number; routeInfo?: { method?: string; url?: string } }) {
      this.timeWindow = options.timeWindow;
      this.prefix = options.routeInfo ? `${options.routeInfo.method} ${options.routeInfo.url}|` : 'global|';
    }

    incr(key: string, callback: Callback, timeWindow?: number) {
      const windowMs = timeWindow ?? this.timeWindow;
      sql<{ count: number; ttl: number }>`
        INSERT INTO rate_limits AS r (key, count, reset_at)
        VALUES (${this.prefix + pseudonym(key)}, 1, now() + make_interval(secs => ${windowMs / 1000}))
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.count + 1 END,
          reset_at = CASE WHEN r.reset_at <= now() THEN excluded.reset_at ELSE r.reset_at END
        RETURNING count, greatest(0, (extract(epoch FROM reset_at - now()) * 1000)::int) AS ttl`
        .execute(db)
        .then(({ rows }) => callback(null, { current: rows[0]!.count, ttl: rows[0]!.ttl }))
        .catch((error: Error) => callback(error));
    }

    child(routeOptions: { routeInfo: { method?: string; url?: string }; timeWindow?: number }) {
      const Store = this.constructor as new (o: {
        timeWindow: number;
        routeInfo?: { method?: string; url?: string };
      }) => PostgresRateLimitStore;
      return new Store({
        timeWindow: routeOptions.timeWindow ?? this.timeWindow,
        routeInfo: routeOptions.routeInfo,
      });
    }
  };
}

/** Removes expired counters; run from a periodic job. */
export async function pruneRateLimits(db: DbOrTx): Promise<number> {
  const result = await db.deleteFrom('rate_limits').where('reset_at', '<', new Date()).executeTakeFirst();
  return Number(result.numDeletedRows);
}
