// Anti-spam for reports from people who are not signed in (decision 0015): an ALTCHA proof-of-work
// solution, verified before the submission runs and marked used in the submission's own transaction
// (altcha_replays), so a failed submission leaves it unused for the corrected form. The form
// without JavaScript has no solution: it is accepted under a much stricter per-address limit. Signed-in
// citizens and officers, and agency API keys, need no proof; Open311 POST has its api_key instead.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../../db/index.js';
import type { Principal } from '../../../platform/auth/index.js';
import type { DomainError } from '../../../platform/errors.js';
import {
  type AltchaChallenge,
  type AltchaChallengeOptions,
  type AltchaVerification,
  ALTCHA_FIELD,
  createAltchaChallenge,
  verifySolution,
} from '../../../platform/http/altcha.js';
import { postgresRateLimitStore } from '../../../platform/http/rate-limit-store.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import { deriveKey } from '../../../platform/secrets.js';
import { proofError as fieldProofError } from '../errors.js';

export { ALTCHA_FIELD };

/** Default: at most this many form submissions without a solution per client address per hour. */
export const NO_PROOF_PER_HOUR = 5;
const HOUR_MS = 3_600_000;

export interface AntiSpam {
  /** The ALTCHA HMAC key: `deriveKey(APP_SECRET, 'altcha')`. */
  key: string;
  /** Counts one form submission without a solution from this client address. */
  countNoProof(clientAddress: string): Promise<{ allowed: boolean; retryAfterSeconds: number }>;
  challengeOptions?: AltchaChallengeOptions;
  /** The app's clock: challenges expire by it. */
  now: () => Date;
}

/** The production wiring: key from the app secret, replays and no-proof counters in PostgreSQL. */
export function createAntiSpam(options: {
  db: Db;
  appSecret: Buffer;
  /** The key client addresses are hashed with before they are counted (never stored in clear). */
  rateLimitKey: Buffer;
  noProofPerHour?: number;
  challengeOptions?: AltchaChallengeOptions;
  now: () => Date;
}): AntiSpam {
  const max = options.noProofPerHour ?? NO_PROOF_PER_HOUR;
  // The platform's PostgreSQL rate-limit counters, under a prefix of their own.
  const Store = postgresRateLimitStore(options.db, options.rateLimitKey);
  const counters = new Store({ timeWindow: HOUR_MS, routeInfo: { method: 'NOPROOF', url: 'complaints.submit' } });
  return {
    key: deriveKey(options.appSecret, 'altcha').toString('base64url'),
    challengeOptions: options.challengeOptions,
    now: options.now,
    countNoProof: (clientAddress) =>
      new Promise((resolve, reject) =>
        counters.incr(clientAddress, (error, result) => {
          if (error || !result) return reject(error ?? new Error('no counter'));
          resolve({ allowed: result.current <= max, retryAfterSeconds: Math.max(1, Math.ceil(result.ttl / 1000)) });
        }),
      ),
  };
}

/** A fresh signed challenge for the widget (the GET endpoint). */
export function newChallenge(antiSpam: AntiSpam): Promise<AltchaChallenge> {
  return createAltchaChallenge(antiSpam.key, antiSpam.now(), antiSpam.challengeOptions);
}

/** Signed-in people (citizens, officers) and agency API keys are exempt. */
export function needsProof(principal: Principal): boolean {
  return principal.kind === 'anonymous';
}

const REASON: Record<Exclude<AltchaVerification, { ok: true }>['reason'], { code: string; status: number; key: MessageKey }> = {
  malformed: { code: 'complaint.proof_invalid', status: 400, key: 'error.complaint.proof_invalid' },
  invalid_signature: { code: 'complaint.proof_invalid', status: 400, key: 'error.complaint.proof_invalid' },
  invalid_solution: { code: 'complaint.proof_invalid', status: 400, key: 'error.complaint.proof_invalid' },
  expired: { code: 'complaint.proof_expired', status: 400, key: 'error.complaint.proof_expired' },
  replayed: { code: 'complaint.proof_reused', status: 409, key: 'error.complaint.proof_reused' },
};

function proofError(code: string, status: number, key: MessageKey, vars: Record<string, string | number> = {}): DomainError {
  return fieldProofError(code, status, key, `/${ALTCHA_FIELD}`, vars);
}

/** What the proof check found: `withoutProof` marks a form sent without a solution (no JavaScript). */
export interface SubmissionProof {
  withoutProof: boolean;
  /**
   * The verified challenge, to be marked used in the submission's own transaction (the complaint
   * batch inserts it into altcha_replays; a second use is refused there with `proofReused()`).
   */
  challenge?: { id: string; expiresAt: Date };
}

/** 409 complaint.proof_reused: the solution was already used for another report. */
export function proofReused(): DomainError {
  const r = REASON.replayed;
  return proofError(r.code, r.status, r.key);
}

/**
 * Checks the proof of a submission. `api`: a solution is required. `form`: a solution, when posted,
 * must be valid; none at all (no JavaScript) counts against the stricter per-address limit and is
 * reported as `withoutProof`, so the report can be marked for the coordinator. A valid solution is
 * not marked used here but in the submission's transaction, so a report that fails leaves it
 * unused (the reporter corrects the form and sends it again) and a stored report has it used —
 * with no extra commit of its own.
 */
export async function checkSubmissionProof(
  antiSpam: AntiSpam,
  request: Pick<FastifyRequest, 'principal' | 'ip'>,
  payload: unknown,
  mode: 'api' | 'form',
): Promise<SubmissionProof> {
  if (!needsProof(request.principal)) return { withoutProof: false };
  if (payload === undefined || payload === null || payload === '') {
    if (mode === 'api') throw proofError('complaint.proof_missing', 400, 'error.complaint.proof_missing');
    const allowance = await antiSpam.countNoProof(request.ip);
    if (!allowance.allowed) {
      const seconds = allowance.retryAfterSeconds;
      throw proofError('complaint.proof_required', 429, 'error.complaint.proof_required', { seconds, minutes: Math.ceil(seconds / 60) });
    }
    return { withoutProof: true };
  }
  const now = antiSpam.now();
  const result = await verifySolution(payload, antiSpam.key, now);
  if (!result.ok) {
    const r = REASON[result.reason];
    throw proofError(r.code, r.status, r.key);
  }
  return { withoutProof: false, challenge: { id: result.challengeId, expiresAt: result.expiresAt } };
}

/** Runs the submission after the proof check, told what it found (see `SubmissionProof`). */
export async function withSubmissionProof<T>(
  antiSpam: AntiSpam,
  request: Pick<FastifyRequest, 'principal' | 'ip'>,
  payload: unknown,
  mode: 'api' | 'form',
  submit: (proof: SubmissionProof) => Promise<T>,
): Promise<T> {
  return submit(await checkSubmissionProof(antiSpam, request, payload, mode));
}
