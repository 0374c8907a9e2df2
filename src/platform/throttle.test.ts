import { describe, expect, it } from 'vitest';
import { afterFailure, type ThrottlePolicy, type ThrottleState, throttleVerdict, waitSeconds } from './throttle.js';

// Tracking's limits per tracking number (applications/tracking/throttle.ts); sign-in's are tested in
// identity/guards/throttle.test.ts.
const POLICY: ThrottlePolicy = { freeFailures: 3, lockAfter: 10, lockMinutes: 60, windowMinutes: 60, baseDelaySeconds: 2, maxDelaySeconds: 120 };
const t0 = new Date('2026-12-01T03:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('throttle', () => {
  it('waits 0 for the free failures, then doubles the delay up to the cap, then locks for the lock time', () => {
    let state: ThrottleState | undefined;
    let now = 0;
    const waits: number[] = [];
    for (let i = 1; i <= 10; i++) {
      expect(waitSeconds(state, POLICY, at(now))).toBe(0);
      state = afterFailure(state, POLICY, at(now));
      const wait = waitSeconds(state, POLICY, at(now));
      waits.push(wait);
      now += wait;
    }
    expect(waits).toEqual([0, 0, 0, 2, 4, 8, 16, 32, 64, 3600]);
    expect(throttleVerdict(state, POLICY, at(now - 1))).toEqual({ allowed: false, retryAfterSeconds: 1, locked: true });
  });

  it('forgets a run of failures after the window, unless a lock is still running', () => {
    let state: ThrottleState | undefined;
    for (let i = 0; i < 3; i++) state = afterFailure(state, POLICY, t0);
    expect(afterFailure(state, POLICY, at(60 * 60)).failures).toBe(1);
    const locked: ThrottleState = { failures: 10, since: t0, blockedUntil: at(2 * 60 * 60) };
    expect(waitSeconds(locked, POLICY, at(90 * 60))).toBe(30 * 60);
    expect(afterFailure(locked, POLICY, at(90 * 60)).failures).toBe(11);
  });
});
