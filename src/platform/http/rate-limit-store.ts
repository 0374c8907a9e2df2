// A @fastify/rate-limit store kept in PostgreSQL, so every app process behind a load balancer shares
// the same counters (app processes stay stateless). The client address is stored only as a keyed
// hash (HMAC with a key derived from APP_SECRET, the same in every process): an anonymous
// complainant's IP address is never written to the database.
//
// Counting is local first (decision 0020): while a key is in the first half of its budget, a request
// is counted in this process's memory and admitted at once; the increments of all keys are written
// to PostgreSQL together, in one statement, every FLUSH_MS. From half the budget on, every request
// of that key is counted in PostgreSQL before it is answered (one upsert, as before), so the limit
// itself stays exact in one process and close across processes: with P processes a key can get at
// most about max/2 × P requests through before every process sees the shared count. What this saves
// is an upsert and a commit (a WAL flush) per write request, and the row lock on one hot key that
// every request from the same address (a NAT, a load generator) queued on.
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, DbOrTx } from '../../db/index.js';
import { failureStreak } from '../failure-streak.js';
import { remember } from '../remember.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** How often the counted-in-memory increments are written to PostgreSQL. */
export const FLUSH_MS = 250;

interface Counter {
  /** The shared count as PostgreSQL last returned it (our earlier flushes included). */
  shared: number;
  /** Counted here, not yet written. */
  pending: number;
  /** End of the window (epoch ms) as last known. */
  resetAt: number;
  windowMs: number;
}

interface Row {
  key: string;
  count: number;
  ttl: number;
}

/** Adds `counts[i]` to the counter `keys[i]` (a new window when it expired) and returns the totals. */
async function upsert(db: Db, keys: string[], counts: number[], windowsMs: number[]): Promise<Row[]> {
  const { rows } = await sql<Row>`
    INSERT INTO rate_limits AS r (key, count, reset_at)
    SELECT k, c, now() + make_interval(secs => w / 1000.0)
    FROM unnest(${keys}::text[], ${counts}::int[], ${windowsMs}::float8[]) AS t(k, c, w)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN r.reset_at <= now() THEN excluded.count ELSE r.count + excluded.count END,
      reset_at = CASE WHEN r.reset_at <= now() THEN excluded.reset_at ELSE r.reset_at END
    RETURNING key, count, greatest(0, (extract(epoch FROM reset_at - now()) * 1000)::int) AS ttl`.execute(db);
  return rows;
}

/** The counters of one app (all routes' stores share it, so one flush writes every key). */
class Counters {
  private readonly counters = new Map<string, Counter>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;
  // Retried every FLUSH_MS while the database is away: a line when that starts and when it ends.
  private readonly flushErrors = failureStreak('writing the rate-limit counters', (message) => process.stderr.write(`gerbang: ${message}\n`));

  constructor(private readonly db: Db) {}

  incr(key: string, windowMs: number, max: number | undefined, callback: Callback) {
    const now = Date.now();
    let counter = this.counters.get(key);
    if (!counter || counter.resetAt <= now) {
      // A new window as far as this process knows; the flush learns the shared count.
      counter = { shared: 0, pending: 0, resetAt: now + windowMs, windowMs };
      this.counters.set(key, counter);
    }
    const estimate = counter.shared + counter.pending + 1;
    if (this.closed || max === undefined || estimate * 2 > max) {
      // Second half of the budget: count in PostgreSQL now (with what is pending for this key).
      const add = counter.pending + 1;
      counter.pending = 0;
      upsert(this.db, [key], [add], [windowMs])
        .then(([row]) => {
          this.learn(counter, row!, now);
          callback(null, { current: row!.count, ttl: row!.ttl });
        })
        .catch((error: Error) => {
          counter.pending += add; // counted again with the next flush
          callback(error);
        });
      return;
    }
    counter.pending++;
    this.schedule();
    callback(null, { current: estimate, ttl: Math.max(0, counter.resetAt - now) });
  }

  private learn(counter: Counter, row: Row, now: number) {
    const resetAt = now + row.ttl;
    // Answers of concurrent upserts can arrive out of order: within one window, keep the highest.
    counter.shared = Math.abs(resetAt - counter.resetAt) > 1000 ? row.count : Math.max(counter.shared, row.count);
    counter.resetAt = resetAt;
  }

  private schedule() {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, FLUSH_MS);
    this.timer.unref();
  }

  /** Writes every pending increment in one statement; forgets counters whose window ended. */
  async flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    const now = Date.now();
    const batch: [string, Counter, number][] = [];
    for (const [key, counter] of this.counters) {
      if (counter.pending > 0) batch.push([key, counter, counter.pending]);
      else if (counter.resetAt <= now) this.counters.delete(key);
    }
    if (batch.length === 0) return;
    for (const [, counter] of batch) counter.pending = 0;
    this.flushing = upsert(
      this.db,
      batch.map(([key]) => key),
      batch.map(([, , n]) => n),
      batch.map(([, c]) => c.windowMs),
    )
      .then((rows) => {
        this.flushErrors.succeeded();
        const byKey = new Map(rows.map((r) => [r.key, r]));
        for (const [key, counter] of batch) {
          const row = byKey.get(key);
          if (row && this.counters.get(key) === counter) this.learn(counter, row, now);
        }
      })
      .catch((error: Error) => {
        for (const [, counter, n] of batch) counter.pending += n; // try again with the next flush
        if (!this.closed) {
          this.flushErrors.failed(error);
          this.schedule();
        }
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  /** Writes what is pending and stops the timer (app shutdown). */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    await this.flush();
    this.closed = true;
  }
}

/** How many keys' pseudonyms a store keeps in memory (the addresses and accounts seen lately). */
const PSEUDONYMS_KEPT = 10_000;

export function postgresRateLimitStore(db: Db, hashKey?: Buffer) {
  // The key's HMAC, once per key rather than once per request (it was ~1 % of a complaint's CPU).
  const pseudonyms = new Map<string, string>();
  const pseudonym = (key: string) =>
    hashKey ? remember(pseudonyms, key, PSEUDONYMS_KEPT, () => createHmac('sha256', hashKey).update(key).digest('base64url')) : key;
  const counters = new Counters(db);
  return class PostgresRateLimitStore {
    private readonly timeWindow: number;
    private readonly prefix: string;

    /** Writes pending counts and stops the flush timer; call when the app closes. */
    static close(): Promise<void> {
      return counters.close();
    }

    constructor(options: { timeWindow: number; routeInfo?: { method?: string; url?: string } }) {
      this.timeWindow = options.timeWindow;
      this.prefix = options.routeInfo ? `${options.routeInfo.method} ${options.routeInfo.url}|` : 'global|';
    }

    incr(key: string, callback: Callback, timeWindow?: number, max?: number) {
      counters.incr(this.prefix + pseudonym(key), timeWindow ?? this.timeWindow, max, callback);
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
