// Proof-of-work anti-spam for anonymous forms, without a third party (ALTCHA, altcha-lib v2).
// The server signs a challenge (HMAC, with an expiry); the browser's <altcha-widget> spends about a
// second of CPU finding the counter; the form posts the solution in a hidden field; the server
// checks it with one HMAC. Pure: the key and the clock are arguments, nothing is remembered here —
// single use needs a store of used challenges (`ReplayStore`), which the caller provides
// (PostgreSQL in production, `createMemoryReplayStore` in tests and single-process tools).
import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Challenge, createChallenge, verifySolution as verifyWithLibrary } from 'altcha-lib';
import { deriveKey as derivePbkdf2Key } from 'altcha-lib/algorithms/pbkdf2';

export interface AltchaChallengeOptions {
  /** Seconds the challenge may be solved and submitted in. */
  ttlSeconds?: number;
  /** PBKDF2 iterations per attempt. */
  cost?: number;
  /** The secret counter is drawn from [minCounter, maxCounter]: the expected number of attempts. */
  minCounter?: number;
  maxCounter?: number;
}

/**
 * 1,000–3,000 attempts of 1,000 PBKDF2 iterations: under half a second in desktop Chromium on the
 * 2-core development machine (the widget shows at least 0.5 s anyway); slower phones take a few
 * times longer (not measured). Creating a challenge costs the server one such derivation (one
 * attempt), checking a solution one HMAC.
 */
export const ALTCHA_DEFAULTS: Required<AltchaChallengeOptions> = {
  ttlSeconds: 20 * 60,
  cost: 1_000,
  minCounter: 1_000,
  maxCounter: 3_000,
};

export const ALTCHA_ALGORITHM = 'PBKDF2/SHA-256';
/** Name of the form field the widget fills (its default). */
export const ALTCHA_FIELD = 'altcha';

export type AltchaChallenge = Challenge;

export type AltchaVerification =
  | {
      ok: true;
      /** Stable identity of the challenge: store it to refuse a second use. */
      challengeId: string;
      /** After this the challenge is refused anyway, so its replay record may be deleted. */
      expiresAt: Date;
    }
  | { ok: false; reason: 'malformed' | 'expired' | 'invalid_signature' | 'invalid_solution' | 'replayed' };

/** Two independent HMAC keys from the configured one: the challenge signature and the key signature. */
function secrets(key: string): { signature: string; keySignature: string } {
  if (key.length < 16) throw new Error('The ALTCHA key must be at least 16 characters');
  if (lastSecrets?.key === key) return lastSecrets.value;
  const derive = (purpose: string) => createHmac('sha256', key).update(`altcha:${purpose}`).digest('base64url');
  lastSecrets = { key, value: { signature: derive('challenge'), keySignature: derive('key') } };
  return lastSecrets.value;
}
/** A server has one key: derived once, not twice per request. */
let lastSecrets: { key: string; value: { signature: string; keySignature: string } } | undefined;

const hmacHex = (secret: string, data: string | Buffer) => createHmac('sha256', secret).update(data).digest('hex');
const equalHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** altcha-lib's canonical form of the parameters it signs: keys sorted at every level, undefined dropped. */
function sortKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .flatMap((k) => {
        const v = (value as Record<string, unknown>)[k];
        return v === undefined ? [] : [[k, sortKeys(v)]];
      }),
  );
}

/** Creates a signed challenge expiring `ttlSeconds` after `now`, to embed in a page or return as JSON. */
export async function createAltchaChallenge(
  key: string,
  now: Date,
  options: AltchaChallengeOptions = {},
): Promise<AltchaChallenge> {
  const { ttlSeconds, cost, minCounter, maxCounter } = { ...ALTCHA_DEFAULTS, ...options };
  const { signature, keySignature } = secrets(key);
  return createChallenge({
    algorithm: ALTCHA_ALGORITHM,
    cost,
    counter: randomInt(minCounter, maxCounter + 1),
    deriveKey: derivePbkdf2Key,
    expiresAt: Math.floor(now.getTime() / 1000) + ttlSeconds,
    hmacSignatureSecret: signature,
    hmacKeySignatureSecret: keySignature,
  });
}

interface DecodedPayload {
  challenge: { parameters: AltchaChallenge['parameters']; signature?: string };
  solution: { counter: number; derivedKey: string; time?: number };
}

/** The widget posts base64(JSON({ challenge, solution })); anything else is malformed. */
export function decodeAltchaPayload(payload: unknown): DecodedPayload | null {
  if (typeof payload !== 'string' || payload.length === 0 || payload.length > 8192) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return null;
  }
  const v = value as Partial<DecodedPayload> | null;
  const p = v?.challenge?.parameters;
  if (
    !p ||
    typeof p.nonce !== 'string' ||
    typeof p.salt !== 'string' ||
    typeof p.algorithm !== 'string' ||
    typeof v.challenge?.signature !== 'string' ||
    typeof v.solution?.counter !== 'number' ||
    typeof v.solution.derivedKey !== 'string'
  ) {
    return null;
  }
  return v as DecodedPayload;
}

/**
 * Checks a posted payload against the key at `now`. Does not remember anything: a valid payload
 * verifies again until it expires, so the caller must record `challengeId` (see `verifySingleUse`).
 * altcha-lib also checks expiry against the wall clock, so an injected clock can only be stricter.
 */
export async function verifySolution(payload: unknown, key: string, now: Date): Promise<AltchaVerification> {
  const decoded = decodeAltchaPayload(payload);
  if (!decoded) return { ok: false, reason: 'malformed' };
  const { parameters } = decoded.challenge;
  if (parameters.algorithm !== ALTCHA_ALGORITHM || typeof parameters.expiresAt !== 'number') {
    return { ok: false, reason: 'malformed' };
  }
  if (parameters.expiresAt * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
  if (parameters.expiresAt < Date.now() / 1000) return { ok: false, reason: 'expired' };
  const { signature, keySignature } = secrets(key);
  // The same checks as altcha-lib's verifySolution (challenge signature, then the derived key
  // against the key signature our challenges carry), with node:crypto: synchronous HMACs instead of
  // WebCrypto's two asynchronous imports and signs per check — a tenth of a submission's CPU.
  if (!equalHex(decoded.challenge.signature!, hmacHex(signature, JSON.stringify(sortKeys(parameters))))) {
    return { ok: false, reason: 'invalid_signature' };
  }
  const { derivedKey, counter } = decoded.solution;
  if (typeof parameters.keySignature === 'string') {
    const wellFormed = /^(?:[0-9a-f]{2})+$/.test(derivedKey) && Number.isInteger(counter) && counter >= 0 && counter <= 0xffffffff;
    if (!wellFormed || !equalHex(parameters.keySignature, hmacHex(keySignature, Buffer.from(derivedKey, 'hex')))) {
      return { ok: false, reason: 'invalid_solution' };
    }
    return verified(parameters);
  }
  // A signed challenge without a key signature (not one of ours): the library re-derives the key.
  let result: Awaited<ReturnType<typeof verifyWithLibrary>>;
  try {
    result = await verifyWithLibrary({
      challenge: decoded.challenge,
      solution: decoded.solution,
      deriveKey: derivePbkdf2Key,
      hmacSignatureSecret: signature,
      hmacKeySignatureSecret: keySignature,
    });
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (result.expired) return { ok: false, reason: 'expired' };
  if (result.invalidSignature) return { ok: false, reason: 'invalid_signature' };
  if (!result.verified) return { ok: false, reason: 'invalid_solution' };
  return verified(parameters);
}

function verified(parameters: AltchaChallenge['parameters']): AltchaVerification {
  return {
    ok: true,
    challengeId: createHash('sha256').update(`${parameters.nonce}:${parameters.salt}`).digest('base64url'),
    expiresAt: new Date(parameters.expiresAt! * 1000),
  };
}

/** Remembers used challenges. `markUsed` returns false when the id was already used. */
export interface ReplayStore {
  markUsed(challengeId: string, expiresAt: Date): Promise<boolean>;
}

/** `verifySolution` plus single use: a second submission of the same solution is `replayed`. */
export async function verifySingleUse(
  payload: unknown,
  key: string,
  now: Date,
  store: ReplayStore,
): Promise<AltchaVerification> {
  const result = await verifySolution(payload, key, now);
  if (!result.ok) return result;
  return (await store.markUsed(result.challengeId, result.expiresAt)) ? result : { ok: false, reason: 'replayed' };
}

/**
 * An in-process replay store (tests, one-process tools). Forgets ids once expired, judged by the
 * clock it is given. Not for a server with several processes: use the database there.
 */
export function createMemoryReplayStore(clock: () => Date = () => new Date()): ReplayStore & { size(): number } {
  const used = new Map<string, number>();
  return {
    async markUsed(challengeId, expiresAt) {
      const now = clock().getTime();
      for (const [id, until] of used) if (until < now) used.delete(id);
      if (used.has(challengeId)) return false;
      used.set(challengeId, expiresAt.getTime());
      return true;
    },
    size: () => used.size,
  };
}

/**
 * Files of the `altcha` widget package to serve as static assets. These are its "external" build:
 * no inline styles and no blob: workers, so it runs under the app's CSP (script-src/style-src 'self').
 * The page loads `script` as a module and `css`, registers `pbkdf2Worker` for PBKDF2/SHA-256, and
 * may load `i18nId` for Indonesian labels (see docs/complaints-intake.md).
 */
export function altchaWidgetFiles(): { script: string; css: string; pbkdf2Worker: string; i18nId: string } {
  const external = path.dirname(createRequire(import.meta.url).resolve('altcha/external'));
  const dist = path.dirname(external);
  return {
    script: path.join(external, 'altcha.min.js'),
    css: path.join(external, 'altcha.css'),
    pbkdf2Worker: path.join(dist, 'workers', 'pbkdf2.js'),
    i18nId: path.join(dist, 'i18n', 'id.js'),
  };
}
