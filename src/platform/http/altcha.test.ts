import { createHmac } from 'node:crypto';
import { solveChallenge, verifySolution as library } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALTCHA_ALGORITHM,
  ALTCHA_DEFAULTS,
  altchaWidgetFiles,
  type AltchaChallenge,
  createAltchaChallenge,
  createMemoryReplayStore,
  decodeAltchaPayload,
  verifySingleUse,
  verifySolution,
} from './altcha.js';

const KEY = 'test-altcha-key-0123456789';
/** The two secrets altcha.ts derives from KEY (as documented there), for the cross-check with the library. */
const secretFor = (purpose: string) => createHmac('sha256', KEY).update(`altcha:${purpose}`).digest('base64url');
// Cheap puzzles keep the tests quick; the real defaults are exercised once below.
const CHEAP = { cost: 1, minCounter: 5, maxCounter: 40 };

/** What the browser widget does: solve, then post base64(JSON({ challenge, solution })). */
async function solve(challenge: AltchaChallenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('no solution');
  return Buffer.from(
    JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution }),
  ).toString('base64');
}

interface Posted {
  challenge: { parameters: { expiresAt?: number; cost: number; algorithm: string; keyPrefix: string; keySignature?: string; keyLength?: number } };
  solution: { counter: number; derivedKey: string };
}

const reencode = (payload: string, change: (p: Posted) => void) => {
  const value = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as Posted;
  change(value);
  return Buffer.from(JSON.stringify(value)).toString('base64');
};

describe('createAltchaChallenge', () => {
  it('signs a PBKDF2 challenge that expires after the TTL', async () => {
    const now = new Date();
    const challenge = await createAltchaChallenge(KEY, now);
    expect(challenge.parameters).toMatchObject({
      algorithm: ALTCHA_ALGORITHM,
      cost: ALTCHA_DEFAULTS.cost,
      expiresAt: Math.floor(now.getTime() / 1000) + ALTCHA_DEFAULTS.ttlSeconds,
    });
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.parameters.keySignature).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a short key', async () => {
    await expect(createAltchaChallenge('short', new Date())).rejects.toThrow(/at least 16/);
  });
});

describe('verifySolution', () => {
  it('accepts a solved challenge and names it by a stable id', async () => {
    const now = new Date();
    const challenge = await createAltchaChallenge(KEY, now, CHEAP);
    const payload = await solve(challenge);
    const result = await verifySolution(payload, KEY, now);
    expect(result).toMatchObject({ ok: true, expiresAt: new Date(challenge.parameters.expiresAt! * 1000) });
    const again = await verifySolution(payload, KEY, new Date(now.getTime() + 1000));
    expect(again.ok && result.ok && again.challengeId === result.challengeId).toBe(true);
  });

  it('solves and verifies with the real default difficulty', async () => {
    const now = new Date();
    const payload = await solve(await createAltchaChallenge(KEY, now));
    expect((await verifySolution(payload, KEY, now)).ok).toBe(true);
  });

  it('gives two challenges different ids', async () => {
    const now = new Date();
    const [a, b] = await Promise.all([1, 2].map(async () => verifySolution(await solve(await createAltchaChallenge(KEY, now, CHEAP)), KEY, now)));
    expect(a!.ok && b!.ok && a!.challengeId !== b!.challengeId).toBe(true);
  });

  it('refuses a solution after the challenge expired (by the injected clock)', async () => {
    const now = new Date();
    const payload = await solve(await createAltchaChallenge(KEY, now, { ...CHEAP, ttlSeconds: 60 }));
    expect(await verifySolution(payload, KEY, new Date(now.getTime() + 61_000))).toEqual({ ok: false, reason: 'expired' });
    expect((await verifySolution(payload, KEY, new Date(now.getTime() + 59_000))).ok).toBe(true);
  });

  it('refuses a challenge signed with another key', async () => {
    const now = new Date();
    const payload = await solve(await createAltchaChallenge('another-key-9876543210', now, CHEAP));
    expect(await verifySolution(payload, KEY, now)).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it.each([
    ['a longer expiry', (v: Posted) => (v.challenge.parameters.expiresAt! += 3600), 'invalid_signature'],
    ['an easier cost', (v: Posted) => (v.challenge.parameters.cost = 1_000_000), 'invalid_signature'],
    // The derived key is the proof (checked against its HMAC signature); the counter is not re-checked.
    ['a key that only matches the public prefix', (v: Posted) => (v.solution.derivedKey = v.challenge.parameters.keyPrefix.padEnd(64, '0')), 'invalid_solution'],
    ['a made-up key', (v: Posted) => (v.solution.derivedKey = 'ab'.repeat(32)), 'invalid_solution'],
    ['a non-hex key', (v: Posted) => (v.solution.derivedKey = 'zz'), 'invalid_solution'],
    ['another algorithm', (v: Posted) => (v.challenge.parameters.algorithm = 'SHA-256'), 'malformed'],
    ['no expiry', (v: Posted) => delete v.challenge.parameters.expiresAt, 'malformed'],
  ])('refuses a payload with %s', async (_label, change, reason) => {
    const now = new Date();
    const payload = await solve(await createAltchaChallenge(KEY, now, CHEAP));
    expect(await verifySolution(reencode(payload, change), KEY, now)).toEqual({ ok: false, reason });
  });

  it('agrees with altcha-lib’s own verifySolution on good, tampered and re-signed payloads', async () => {
    const now = new Date();
    const good = await solve(await createAltchaChallenge(KEY, now, CHEAP));
    const cases = [
      good,
      reencode(good, (v) => (v.solution.derivedKey = 'cd'.repeat(32))),
      reencode(good, (v) => delete v.challenge.parameters.keySignature),
      reencode(good, (v) => (v.challenge.parameters.keyLength = 16)),
    ];
    for (const payload of cases) {
      const ours = await verifySolution(payload, KEY, now);
      const decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as Posted;
      const theirs = await library({
        challenge: decoded.challenge as never,
        solution: decoded.solution,
        deriveKey,
        hmacSignatureSecret: secretFor('challenge'),
        hmacKeySignatureSecret: secretFor('key'),
      });
      expect(ours.ok).toBe(theirs.verified);
      if (!ours.ok) expect(ours.reason).toBe(theirs.invalidSignature ? 'invalid_signature' : 'invalid_solution');
    }
  });

  it.each([
    ['nothing', undefined],
    ['an empty string', ''],
    ['a number', 42],
    ['not base64 JSON', '%%%not-base64%%%'],
    ['base64 of not JSON', Buffer.from('hello').toString('base64')],
    ['the widget test payload', Buffer.from(JSON.stringify({ challenge: null, solution: null, test: true })).toString('base64')],
    ['a huge string', 'A'.repeat(10_000)],
  ])('calls %s malformed', async (_label, payload) => {
    expect(await verifySolution(payload, KEY, new Date())).toEqual({ ok: false, reason: 'malformed' });
  });

  it('never throws, whatever is posted', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.base64String(), fc.json().map((j) => Buffer.from(j).toString('base64'))), async (payload) => {
        const result = await verifySolution(payload, KEY, new Date());
        expect(result.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('verifySingleUse', () => {
  it('accepts a solution once and refuses it the second time', async () => {
    const now = new Date();
    const store = createMemoryReplayStore(() => now);
    const payload = await solve(await createAltchaChallenge(KEY, now, CHEAP));
    expect((await verifySingleUse(payload, KEY, now, store)).ok).toBe(true);
    expect(await verifySingleUse(payload, KEY, now, store)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('does not record invalid payloads', async () => {
    const store = createMemoryReplayStore();
    expect(await verifySingleUse('junk', KEY, new Date(), store)).toEqual({ ok: false, reason: 'malformed' });
    expect(store.size()).toBe(0);
  });

  it('forgets used ids once they have expired', async () => {
    let clock = new Date('2026-12-01T00:00:00Z');
    const store = createMemoryReplayStore(() => clock);
    expect(await store.markUsed('a', new Date('2026-12-01T00:20:00Z'))).toBe(true);
    expect(await store.markUsed('a', new Date('2026-12-01T00:20:00Z'))).toBe(false);
    clock = new Date('2026-12-01T00:21:00Z');
    expect(await store.markUsed('b', new Date('2026-12-01T00:40:00Z'))).toBe(true);
    expect(store.size()).toBe(1);
  });
});

describe('decodeAltchaPayload', () => {
  it('reads what the widget posts', async () => {
    const challenge = await createAltchaChallenge(KEY, new Date(), CHEAP);
    const decoded = decodeAltchaPayload(await solve(challenge));
    expect(decoded?.challenge.signature).toBe(challenge.signature);
    expect(typeof decoded?.solution.counter).toBe('number');
  });
});

describe('altchaWidgetFiles', () => {
  it('points at the widget files the pages serve', () => {
    const files = altchaWidgetFiles();
    for (const file of Object.values(files)) expect(fs.existsSync(file), file).toBe(true);
    expect(files.script).toMatch(/altcha\/dist\/external\/altcha\.min\.js$/);
    expect(fs.readFileSync(files.i18nId, 'utf8')).toContain('$altcha.i18n.set("id"');
  });
});
