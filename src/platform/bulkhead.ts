// A bulkhead: at most `concurrency` runs of one kind of work at once in this process, at most `queue`
// more waiting, and beyond that a 429 with Retry-After at once. What it protects is the rest of the
// process: the work inside holds database connections, so a flood of it (a waiting room in a surge)
// could otherwise take the whole pool and make every other route, officers' included, wait behind it.
import client from 'prom-client';
import { DomainError } from './errors.js';

const refused = new client.Counter({
  name: 'gerbang_bulkhead_refused_total',
  help: 'Requests answered 429 at once because their kind of work already had its share of the process',
  labelNames: ['bulkhead'] as const,
});

export interface BulkheadOptions {
  /** The metric's label. */
  name: string;
  concurrency: number;
  /** How many may wait for a turn; one more is refused. */
  queue: number;
  /** Retry-After of a refused request, in seconds. */
  retryAfterSeconds: number;
}

export interface Bulkhead {
  run<T>(work: () => Promise<T>): Promise<T>;
  /** Running and waiting now. */
  readonly active: number;
  readonly waiting: number;
  /** Every turn taken and the queue full: `run` would refuse. */
  readonly saturated: boolean;
  /** The refusal `run` throws when saturated, for a caller that refuses before doing its own first steps. */
  refuse(): DomainError;
}

export function createBulkhead(o: BulkheadOptions): Bulkhead {
  let active = 0;
  const turns: (() => void)[] = [];
  const refuse = () => {
    refused.inc({ bulkhead: o.name });
    return new DomainError('overloaded', 429, 'error.overloaded', { seconds: o.retryAfterSeconds });
  };
  return {
    get saturated() {
      return active >= o.concurrency && turns.length >= o.queue;
    },
    refuse,
    get active() {
      return active;
    },
    get waiting() {
      return turns.length;
    },
    async run(work) {
      if (active >= o.concurrency) {
        if (turns.length >= o.queue) throw refuse();
        // The finishing run hands its slot over (active stays counted), so nobody overtakes a waiter.
        await new Promise<void>((resolve) => turns.push(resolve));
      } else {
        active += 1;
      }
      try {
        return await work();
      } finally {
        const next = turns.shift();
        if (next) next();
        else active -= 1;
      }
    },
  };
}
