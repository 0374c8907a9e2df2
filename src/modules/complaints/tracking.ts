// Human tracking numbers and the anonymous reporter's secret code. Alphabet without look-alikes
// (no 0/O, 1/I/L, U); the last character of a tracking number is a Luhn mod-N check character, so
// one mistyped or two swapped characters are caught before any lookup.
import { createHash, randomInt } from 'node:crypto';

export const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = ALPHABET.length;

function codePoint(ch: string): number {
  const i = ALPHABET.indexOf(ch);
  if (i < 0) throw new RangeError(`not a tracking character: ${ch}`);
  return i;
}

/** Luhn mod N over `payload` (characters of ALPHABET). */
export function checkCharacter(payload: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i--) {
    let addend = factor * codePoint(payload[i]!);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return ALPHABET[(N - (sum % N)) % N]!;
}

function randomChars(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += ALPHABET[randomInt(N)];
  return out;
}

/** A new tracking number, e.g. ADU-4M8R-2PZ7 (7 random characters + 1 check character). */
export function newTrackingNumber(): string {
  const payload = randomChars(7);
  const full = payload + checkCharacter(payload);
  return `ADU-${full.slice(0, 4)}-${full.slice(4)}`;
}

/** Canonical form (upper case, no spaces/dashes, O→0 style look-alikes mapped) or undefined when invalid. */
export function normalizeTrackingNumber(input: string): string | undefined {
  const raw = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const body = raw.startsWith('ADU') ? raw.slice(3) : raw;
  if (!/^[2-9A-HJKMNP-TV-Z]{8}$/.test(body)) return undefined;
  const payload = body.slice(0, 7);
  if (checkCharacter(payload) !== body[7]) return undefined;
  return `ADU-${body.slice(0, 4)}-${body.slice(4)}`;
}

/** The anonymous reporter's secret code: 20 characters (~98 bits), shown once, stored as a hash. */
export function newSecretCode(): string {
  const raw = randomChars(20);
  return raw.match(/.{5}/g)!.join('-');
}

export function normalizeSecretCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * SHA-256 of the normalised code, per tenant. The code has ~98 bits of entropy, so a fast hash is
 * enough (no guessing attack is feasible) and lets the lookup use an index.
 */
export function hashSecretCode(tenantId: string, code: string): string {
  return createHash('sha256').update(`${tenantId}:${normalizeSecretCode(code)}`).digest('hex');
}
