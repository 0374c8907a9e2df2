// Brute-force protection as a pure function of (state, policy, now), shared by sign-in (identity's
// guards/throttle.ts) and public tracking (applications' tracking/): after `freeFailures` failures in
// a row each further attempt must wait an increasing delay (answered 429 with Retry-After, never by
// holding the connection), after `lockAfter` the key is locked for `lockMinutes`, and failures older
// than the window are forgotten. Where the state is kept (which table, which keys) stays with each
// module's store: this file knows no table.

export interface ThrottleState {
  failures: number;
  /** When the current run of failures started. */
  since: Date;
  /** No attempt before this time (delay or lock). */
  blockedUntil: Date | null;
}

export interface ThrottlePolicy {
  freeFailures: number;
  lockAfter: number;
  lockMinutes: number;
  windowMinutes: number;
  /** Delay after failure n (n > freeFailures): base × 2^(n − freeFailures − 1), capped. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; locked: boolean };

/** The state while it still counts: undefined once the window passed with no delay or lock running. */
function live(state: ThrottleState | undefined, policy: ThrottlePolicy, now: Date): ThrottleState | undefined {
  if (!state) return undefined;
  const windowEnd = state.since.getTime() + policy.windowMinutes * 60_000;
  const blocked = state.blockedUntil && state.blockedUntil.getTime() > now.getTime();
  if (!blocked && windowEnd <= now.getTime()) return undefined;
  return state;
}

/** Whether an attempt may be made now, else how long to wait and whether the key is locked. */
export function throttleVerdict(state: ThrottleState | undefined, policy: ThrottlePolicy, now: Date): ThrottleVerdict {
  const s = live(state, policy, now);
  if (!s?.blockedUntil || s.blockedUntil.getTime() <= now.getTime()) return { allowed: true };
  return {
    allowed: false,
    retryAfterSeconds: Math.ceil((s.blockedUntil.getTime() - now.getTime()) / 1000),
    locked: s.failures >= policy.lockAfter,
  };
}

/** Seconds to wait before the next attempt, or 0 when one may be made now. */
export function waitSeconds(state: ThrottleState | undefined, policy: ThrottlePolicy, now: Date): number {
  const verdict = throttleVerdict(state, policy, now);
  return verdict.allowed ? 0 : verdict.retryAfterSeconds;
}

/** The state after one more failure at `now`. */
export function afterFailure(state: ThrottleState | undefined, policy: ThrottlePolicy, now: Date): ThrottleState {
  const s = live(state, policy, now);
  const failures = (s?.failures ?? 0) + 1;
  let blockedUntil: Date | null = null;
  if (failures >= policy.lockAfter) {
    blockedUntil = new Date(now.getTime() + policy.lockMinutes * 60_000);
  } else if (failures > policy.freeFailures) {
    const seconds = Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** (failures - policy.freeFailures - 1));
    blockedUntil = new Date(now.getTime() + seconds * 1000);
  }
  return { failures, since: s?.since ?? now, blockedUntil };
}
