// A background loop that retries (the audit sequencer and checkpointer, the job runners, the
// rate-limit flush) fails on every attempt while the database is away: one line when a run of
// failures starts, a reminder every 100th, and one when it works again — not a line per retry.

export interface FailureStreak {
  /** Records a failed attempt; logs the first of a run (and every 100th). */
  failed(error: unknown): void;
  /** Records a successful attempt; logs the recovery when failures came before it. */
  succeeded(): void;
  /** Failed attempts since the last success. */
  readonly count: number;
}

export function failureStreak(what: string, log: (message: string) => void): FailureStreak {
  let count = 0;
  return {
    failed(error) {
      count++;
      if (count === 1 || count % 100 === 0) {
        const message = error instanceof Error ? error.message : String(error);
        log(`${what} failed${count > 1 ? ` (${count} times in a row)` : ''}, retrying: ${message}`);
      }
    },
    succeeded() {
      if (count > 0) log(`${what} works again after ${count} failed attempt${count === 1 ? '' : 's'}`);
      count = 0;
    },
    get count() {
      return count;
    },
  };
}
