// The app's own response time, as the dashboard reports it: every request's server time (Fastify's
// reply.elapsedTime: from the request's arrival to the response's end, in this process — not the
// network, not a proxy in front) counted into a histogram of fixed buckets per UTC hour. Each process
// keeps the current hour's counts in memory and adds them to the hour's row (one statement) when the
// first request of a later hour arrives, and when the app closes; a process killed mid-hour loses that
// hour's counts. p95 is read from the buckets: the bound of the bucket the 95th percentile falls in.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/index.js';
import { addResponseCounts } from './store.js';

/** Upper bounds of the buckets, in ms; one more bucket counts everything slower. */
export const RESPONSE_BOUNDS_MS = [5, 10, 25, 50, 75, 100, 150, 250, 500, 1000, 2500, 5000, 10_000] as const;
const HOUR_MS = 3_600_000;

export function bucketOf(ms: number): number {
  const i = RESPONSE_BOUNDS_MS.findIndex((bound) => ms <= bound);
  return i === -1 ? RESPONSE_BOUNDS_MS.length : i;
}

/** The bound the q-quantile falls within (nearest rank); null without requests or when beyond the last bound. */
export function quantileBound(buckets: readonly number[], q: number): number | null {
  const total = buckets.reduce((s, n) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [i, n] of buckets.entries()) {
    seen += n;
    if (seen >= rank) return RESPONSE_BOUNDS_MS[i] ?? null;
  }
  return null;
}

export class ResponseRecorder {
  private hour = -1;
  private counts: number[] = new Array<number>(RESPONSE_BOUNDS_MS.length + 1).fill(0);
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  record(ms: number): void {
    const hour = Math.floor(this.now().getTime() / HOUR_MS);
    if (hour !== this.hour) {
      void this.flush();
      this.hour = hour;
    }
    this.counts[bucketOf(ms)]!++;
  }

  /** Adds the counts held so far to their hour's row (and waits for every earlier write). */
  flush(): Promise<void> {
    const counts = this.counts;
    const hour = this.hour;
    this.counts = new Array<number>(RESPONSE_BOUNDS_MS.length + 1).fill(0);
    if (hour >= 0 && counts.some((n) => n > 0)) {
      this.pending = this.pending.then(() => addResponseCounts(this.db, new Date(hour * HOUR_MS), counts)).catch(() => undefined);
    }
    return this.pending;
  }
}

/** Records every response's server time of this app; the counts are written as above. */
export function recordResponseTimes(app: FastifyInstance, db: Db, now: () => Date): ResponseRecorder {
  const recorder = new ResponseRecorder(db, now);
  app.addHook('onResponse', (_request, reply, done) => {
    recorder.record(reply.elapsedTime);
    done();
  });
  app.addHook('onClose', async () => recorder.flush());
  return recorder;
}
