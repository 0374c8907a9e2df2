// Brute-force protection for public tracking, as a pure function of (state, now) — the rule identity
// applies to sign-in (guards/throttle.ts): after a few failures in a row each further attempt waits an
// increasing delay (429 with Retry-After), then the key is locked for a while; failures older than the
// window are forgotten. Per tracking number (so a birth date cannot be guessed: 36,500 candidates per
// century) and per client address (so numbers cannot be swept).
export interface ThrottleState {
  failures: number;
  since: Date;
  blockedUntil: Date | null;
}

export interface ThrottlePolicy {
  freeFailures: number;
  lockAfter: number;
  lockMinutes: number;
  windowMinutes: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

export const NUMBER_POLICY: ThrottlePolicy = { freeFailures: 3, lockAfter: 10, lockMinutes: 60, windowMinutes: 60, baseDelaySeconds: 2, maxDelaySeconds: 120 };
/** An address may be a kelurahan office behind NAT: more room than for one number. */
export const ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 20, lockAfter: 60, lockMinutes: 15, windowMinutes: 15, baseDelaySeconds: 1, maxDelaySeconds: 30 };

function live(state: ThrottleState | undefined, policy: ThrottlePolicy, now: Date): ThrottleState | undefined {
  if (!state) return undefined;
  const blocked = state.blockedUntil && state.blockedUntil.getTime() > now.getTime();
  if (!blocked && state.since.getTime() + policy.windowMinutes * 60_000 <= now.getTime()) return undefined;
  return state;
}

/** Seconds to wait before the next attempt, or 0 when one may be made now. */
export function waitSeconds(state: ThrottleState | undefined, policy: ThrottlePolicy, now: Date): number {
  const s = live(state, policy, now);
  if (!s?.blockedUntil || s.blockedUntil.getTime() <= now.getTime()) return 0;
  return Math.ceil((s.blockedUntil.getTime() - now.getTime()) / 1000);
}

export function afterFailure(state: ThrottleState | undefined, policy: ThrottlePolicy, now: Date): ThrottleState {
  const s = live(state, policy, now);
  const failures = (s?.failures ?? 0) + 1;
  let blockedUntil: Date | null = null;
  if (failures >= policy.lockAfter) blockedUntil = new Date(now.getTime() + policy.lockMinutes * 60_000);
  else if (failures > policy.freeFailures) {
    const seconds = Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** (failures - policy.freeFailures - 1));
    blockedUntil = new Date(now.getTime() + seconds * 1000);
  }
  return { failures, since: s?.since ?? now, blockedUntil };
}
