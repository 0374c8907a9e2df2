// Password rules (NIST SP 800-63B style, no composition rules) and argon2id hashing. Hashing runs on
// libuv's thread pool (@node-rs/argon2's async API), so sign-ins never block the event loop; at most
// one hash per core runs at a time (the rest wait their turn, first come first served), so hashing
// never takes every pool thread from file and DNS work (src/platform/threadpool.ts, decision 0018).
import fs from 'node:fs';
import { fromRoot } from '../../platform/paths.js';
import { HASHING_SLOTS } from '../../platform/threadpool.js';

/** At least this many characters when the account also has a second factor (TOTP). */
export const MIN_LENGTH_WITH_SECOND_FACTOR = 8;
/** At least this many characters for a password that is the only factor. */
export const MIN_LENGTH_SINGLE_FACTOR = 12;
/** Longer inputs are refused so that hashing cost stays bounded (argon2 hashes any length). */
export const MAX_LENGTH = 128;

// OWASP's argon2id minimum (m = 19 MiB, t = 2, p = 1): ~20 ms per hash on one core.
const ARGON2_OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'personal';

let common: Set<string> | undefined;

/** The shipped list of common/breached passwords (lower case), loaded once. */
export function commonPasswords(): Set<string> {
  if (!common) {
    const text = fs.readFileSync(fromRoot('src/modules/identity/data/common-passwords.txt'), 'utf8');
    common = new Set(text.split('\n').filter((line) => line !== '' && !line.startsWith('#')));
  }
  return common;
}

/**
 * Why a password is refused, or undefined when it is acceptable. Length counts Unicode code points
 * (after NFKC normalisation); `personal` are values of the person's own (NIK, phone, e-mail) that the
 * password must not contain.
 */
export function checkPassword(
  password: string,
  options: { secondFactor: boolean; personal?: (string | undefined | null)[] },
): PasswordProblem | undefined {
  const normalized = password.normalize('NFKC');
  const length = [...normalized].length;
  const min = options.secondFactor ? MIN_LENGTH_WITH_SECOND_FACTOR : MIN_LENGTH_SINGLE_FACTOR;
  if (length > MAX_LENGTH) return 'too_long';
  if (length < min) return 'too_short';
  const lower = normalized.toLowerCase();
  if (commonPasswords().has(lower)) return 'common';
  // "Indonesia123!" is as guessable as "indonesia123": strip trailing digits and symbols and retry.
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (stem.length >= 6 && commonPasswords().has(stem)) return 'common';
  if (/^(.)\1+$/u.test(normalized)) return 'common';
  for (const value of options.personal ?? []) {
    const v = value?.toLowerCase().replace(/@.*$/, '');
    if (v && v.length >= 4 && lower.includes(v)) return 'personal';
  }
  return undefined;
}

// The native argon2 library loads at the first sign-in or password set, not at every start
// (docs/performance.md).
const argon2 = () => import('@node-rs/argon2');

let running = 0;
const waiting: (() => void)[] = [];

/** Runs one argon2 computation when a hashing slot is free. */
async function inHashingSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= HASHING_SLOTS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    // Hand the slot straight to the next in line (running stays the same), or free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export async function hashPassword(password: string): Promise<string> {
  const { hash } = await argon2();
  return inHashingSlot(() => hash(password.normalize('NFKC'), ARGON2_OPTIONS));
}

/** Compares in constant time; a malformed stored hash is a mismatch, not an error. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  // Outside the try: a library that cannot load is an error, not a wrong password.
  const { verify } = await argon2();
  try {
    return await inHashingSlot(() => verify(stored, password.normalize('NFKC')));
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * Spends the same time as verifying a real hash, for sign-ins naming no account: the response time
 * must not tell whether the account exists.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword('gerbang-dummy-password-for-timing');
  await verifyPassword(await dummy, password);
  return false;
}
