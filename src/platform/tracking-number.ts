// Human tracking numbers (ARCHITECTURE.md: short, unambiguous, with a check character), for any
// module: a prefix naming the kind of record, then 7 random characters and a Luhn mod-N check
// character, e.g. PMH-4M8R-2PZ7. The alphabet has no look-alikes (no 0/O, 1/I/L, U), so one mistyped
// or two swapped characters are caught before any look-up. (Complaints keep their own copy for now.)
import { randomInt } from 'node:crypto';

export const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const N = TRACKING_ALPHABET.length;
const BODY = /^[2-9A-HJKMNP-TV-Z]{8}$/;

/** Luhn mod N over `payload` (characters of the alphabet). */
export function trackingCheckCharacter(payload: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i--) {
    const point = TRACKING_ALPHABET.indexOf(payload[i]!);
    if (point < 0) throw new RangeError(`not a tracking character: ${payload[i]}`);
    let addend = factor * point;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / N) + (addend % N);
    sum += addend;
  }
  return TRACKING_ALPHABET[(N - (sum % N)) % N]!;
}

/** A new number with `prefix` (three capital letters), e.g. newTrackingNumber('PMH') → PMH-4M8R-2PZ7. */
export function newTrackingNumber(prefix: string): string {
  let payload = '';
  for (let i = 0; i < 7; i++) payload += TRACKING_ALPHABET[randomInt(N)];
  const full = payload + trackingCheckCharacter(payload);
  return `${prefix}-${full.slice(0, 4)}-${full.slice(4)}`;
}

/**
 * The canonical form of what someone typed (any case, spaces or dashes, the prefix optional, O and
 * I/L read as 0 and 1 — which the alphabet lacks, so they fail), or undefined when it is not a valid
 * number of this prefix.
 */
export function normalizeTrackingNumber(prefix: string, input: string): string | undefined {
  if (typeof input !== 'string' || input.length > 40) return undefined;
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const body = raw.startsWith(prefix) ? raw.slice(prefix.length) : raw;
  if (!BODY.test(body) || trackingCheckCharacter(body.slice(0, 7)) !== body[7]) return undefined;
  return `${prefix}-${body.slice(0, 4)}-${body.slice(4)}`;
}
