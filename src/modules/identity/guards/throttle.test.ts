import { describe, expect, it } from 'vitest';
import { afterFailure, type ThrottleState, throttleVerdict } from '../../../platform/throttle.js';
import { ACCOUNT_POLICY } from './throttle.js';

const t0 = new Date('2026-12-01T03:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('sign-in throttle', () => {
  it('allows 3 failures, then delays 2, 4, 8 … s, then locks at the 10th for 15 minutes', () => {
    let state: ThrottleState | undefined;
    let now = 0;
    const delays: number[] = [];
    for (let i = 1; i <= 10; i++) {
      expect(throttleVerdict(state, ACCOUNT_POLICY, at(now)).allowed).toBe(true);
      state = afterFailure(state, ACCOUNT_POLICY, at(now));
      const verdict = throttleVerdict(state, ACCOUNT_POLICY, at(now));
      delays.push(verdict.allowed ? 0 : verdict.retryAfterSeconds);
      if (!verdict.allowed) now += verdict.retryAfterSeconds;
    }
    expect(delays).toEqual([0, 0, 0, 2, 4, 8, 16, 32, 60, 900]);
    const locked = throttleVerdict(state, ACCOUNT_POLICY, at(now - 1));
    expect(locked).toEqual({ allowed: false, retryAfterSeconds: 1, locked: true });
    expect(throttleVerdict(state, ACCOUNT_POLICY, at(now)).allowed).toBe(true);
  });

  it('refuses during a delay and forgets failures after the window', () => {
    let state: ThrottleState | undefined;
    for (let i = 0; i < 4; i++) state = afterFailure(state, ACCOUNT_POLICY, t0);
    expect(throttleVerdict(state, ACCOUNT_POLICY, at(1))).toEqual({ allowed: false, retryAfterSeconds: 1, locked: false });
    expect(throttleVerdict(state, ACCOUNT_POLICY, at(2)).allowed).toBe(true);
    // 15 minutes later the run is forgotten: the next failure is the first.
    expect(afterFailure(state, ACCOUNT_POLICY, at(15 * 60)).failures).toBe(1);
  });
});
