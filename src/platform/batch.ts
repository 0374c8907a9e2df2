// Group commit for hot write paths (decision 0023): calls that arrive while a batch is being written
// wait and go together into the next one, written with one statement per table in one transaction.
// Nothing waits on a timer: at low load a call starts a batch of one at once (no added latency);
// under load, batches grow by themselves to what arrived during the previous batch. So the
// transaction overhead (BEGIN, tenant setting, COMMIT and its WAL flush) and the per-statement cost
// are paid per batch, not per request.
//
// Each item gets its own outcome: `run` returns one result or Error per item, in order. When `run`
// throws for a batch of several (one bad row failing a multi-row statement, a serialisation error),
// every item is tried again alone, so one bad request never fails the others.

export interface BatcherOptions {
  /** At most this many items per batch (one statement's parameters stay bounded). Default 64. */
  maxBatch?: number;
  /**
   * Batches of the same key written at the same time. Default 1: the next batch gathers everything
   * that arrives meanwhile (with 2, a lone call would take the free slot beside a full batch).
   */
  concurrency?: number;
  /**
   * While a batch of the key is being written, the next one starts only when this many wait (or
   * when the running one ends). Default 1. With concurrency 2 and e.g. 8, requests that arrive
   * together form two alternating batches — one is written while the app prepares the other —
   * instead of a lone call taking the free slot beside a full batch.
   */
  minBatchWhileBusy?: number;
}

type Run<K, I, O> = (key: K, items: I[]) => Promise<Array<O | Error>>;

interface Waiting<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

interface Lane<I, O> {
  queue: Waiting<I, O>[];
  running: number;
}

export interface KeyedBatcher<K, I, O> {
  /** Adds `item` to the next batch of `key`; settles with its own result. */
  submit(key: K, item: I): Promise<O>;
  /** Items waiting or being written (tests, metrics). */
  pending(): number;
}

/** A batcher whose batches are per key (per tenant: one transaction has one tenant setting). */
export function createKeyedBatcher<K, I, O>(run: Run<K, I, O>, options: BatcherOptions = {}): KeyedBatcher<K, I, O> {
  const maxBatch = options.maxBatch ?? 64;
  const concurrency = options.concurrency ?? 1;
  const minBatchWhileBusy = options.minBatchWhileBusy ?? 1;
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
  const lanes = new Map<K, Lane<I, O>>();
  let inFlight = 0;

  async function settle(key: K, batch: Waiting<I, O>[]): Promise<void> {
    let results: Array<O | Error>;
    try {
      results = await run(key, batch.map((w) => w.item));
      if (results.length !== batch.length) throw new Error(`a batch of ${batch.length} returned ${results.length} results`);
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // One item may have failed the whole batch: each goes alone.
      await Promise.all(batch.map((w) => settle(key, [w])));
      return;
    }
    results.forEach((result, i) => (result instanceof Error ? batch[i]!.reject(result) : batch[i]!.resolve(result)));
  }

  function pump(key: K, lane: Lane<I, O>): void {
    while (lane.running < concurrency && lane.queue.length >= (lane.running > 0 ? minBatchWhileBusy : 1)) {
      const batch = lane.queue.splice(0, maxBatch);
      lane.running++;
      inFlight += batch.length;
      void settle(key, batch).finally(() => {
        lane.running--;
        inFlight -= batch.length;
        if (lane.queue.length > 0) pump(key, lane);
        else if (lane.running === 0) lanes.delete(key);
      });
    }
  }

  return {
    submit(key, item) {
      return new Promise<O>((resolve, reject) => {
        let lane = lanes.get(key);
        if (!lane) lanes.set(key, (lane = { queue: [], running: 0 }));
        lane.queue.push({ item, resolve, reject });
        pump(key, lane);
      });
    },
    pending: () => inFlight + [...lanes.values()].reduce((n, lane) => n + lane.queue.length, 0),
  };
}

/** A batcher with one lane (no key). */
export function createBatcher<I, O>(
  run: (items: I[]) => Promise<Array<O | Error>>,
  options: BatcherOptions = {},
): { submit(item: I): Promise<O>; pending(): number } {
  const keyed = createKeyedBatcher<null, I, O>((_key, items) => run(items), options);
  return { submit: (item) => keyed.submit(null, item), pending: keyed.pending };
}
