// Brute-force protection for public tracking: the platform's throttle (platform/throttle.ts, the rule
// sign-in applies too) with tracking's own limits. Per tracking number (so a birth date cannot be
// guessed: 36,500 candidates per century) and per client address (so numbers cannot be swept); the
// state is kept in application_track_throttle (store.ts).
import type { ThrottlePolicy } from '../../../platform/throttle.js';

export { afterFailure, type ThrottleState, waitSeconds } from '../../../platform/throttle.js';

export const NUMBER_POLICY: ThrottlePolicy = { freeFailures: 3, lockAfter: 10, lockMinutes: 60, windowMinutes: 60, baseDelaySeconds: 2, maxDelaySeconds: 120 };
/** An address may be a kelurahan office behind NAT: more room than for one number. */
export const ADDRESS_POLICY: ThrottlePolicy = { freeFailures: 20, lockAfter: 60, lockMinutes: 15, windowMinutes: 15, baseDelaySeconds: 1, maxDelaySeconds: 30 };
