// Proof-of-work solutions for HTTP tests of anonymous submissions: a cheap challenge signed with the
// test app's ALTCHA key (derived from TEST_APP_SECRET like the app does), solved as the widget would.
// The server accepts any challenge it signed, whatever its difficulty, so tests stay fast.
import { solveChallenge } from 'altcha-lib';
import { deriveKey as derivePbkdf2Key } from 'altcha-lib/algorithms/pbkdf2';
import { type AltchaChallenge, createAltchaChallenge } from '../src/platform/http/altcha.js';
import { deriveKey } from '../src/platform/secrets.js';
import { TEST_APP_SECRET } from './app.js';

export const TEST_ALTCHA_KEY = deriveKey(TEST_APP_SECRET, 'altcha').toString('base64url');

/** What the widget posts: base64(JSON({ challenge, solution })). */
export async function solveAltcha(challenge: AltchaChallenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey: derivePbkdf2Key });
  if (!solution) throw new Error('no solution');
  return Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString('base64');
}

/** A fresh, solved proof; `now` moves the challenge's clock (e.g. into the past to make it expired). */
export async function altchaProof(options: { key?: string; now?: Date } = {}): Promise<string> {
  const challenge = await createAltchaChallenge(options.key ?? TEST_ALTCHA_KEY, options.now ?? new Date(), { cost: 1, minCounter: 5, maxCounter: 40 });
  return solveAltcha(challenge);
}
