// The signatures of BI-SNAP (Standar Nasional Open API Pembayaran), in one place so the adapter and the
// fake bank its tests run against sign and check the same strings:
//  - the B2B access token: X-SIGNATURE = base64(SHA256withRSA(partner private key, clientId|X-TIMESTAMP));
//  - a transactional call: X-SIGNATURE = base64(HMAC-SHA512(client secret,
//    METHOD:path:accessToken:lowercase(hex(SHA-256(minified body))):X-TIMESTAMP));
//  - a notification from the bank: X-SIGNATURE = base64(SHA256withRSA(bank private key,
//    METHOD:path:lowercase(hex(SHA-256(minified body))):X-TIMESTAMP)), checked with the bank's public key.
// X-TIMESTAMP is local time with its offset (yyyy-MM-ddTHH:mm:ss+07:00); the platform writes WIB.
import { createHash, createHmac, type KeyObject, sign, timingSafeEqual, verify } from 'node:crypto';

const WIB_OFFSET_MS = 7 * 3600_000;

/** X-TIMESTAMP for `at`, in WIB (Asia/Jakarta has no daylight saving): 2026-12-05T10:00:00+07:00. */
export function snapTimestamp(at: Date): string {
  return `${new Date(at.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 19)}+07:00`;
}

/** The instant an X-TIMESTAMP names; undefined when it is not an ISO 8601 time with an offset. */
export function parseSnapTimestamp(text: string | undefined): Date | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/.test(text)) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** lowercase(hex(SHA-256(body))) — the body as sent, which the sender minified. */
export function bodyDigest(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

export function tokenStringToSign(clientId: string, timestamp: string): string {
  return `${clientId}|${timestamp}`;
}

export function serviceStringToSign(input: { method: string; path: string; accessToken: string; body: string | Buffer; timestamp: string }): string {
  return `${input.method.toUpperCase()}:${input.path}:${input.accessToken}:${bodyDigest(input.body)}:${input.timestamp}`;
}

export function notificationStringToSign(input: { method: string; path: string; body: string | Buffer; timestamp: string }): string {
  return `${input.method.toUpperCase()}:${input.path}:${bodyDigest(input.body)}:${input.timestamp}`;
}

export function rsaSign(privateKey: KeyObject, text: string): string {
  return sign('sha256', Buffer.from(text, 'utf8'), privateKey).toString('base64');
}

export function rsaVerify(publicKey: KeyObject, text: string, signature: string): boolean {
  try {
    return verify('sha256', Buffer.from(text, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false; // a key of the wrong type or a mangled signature is a bad signature, not a crash
  }
}

export function hmacSign(secret: string, text: string): string {
  return createHmac('sha512', secret).update(text, 'utf8').digest('base64');
}

/** Compares an HMAC signature in constant time (no early exit that would leak how many bytes matched). */
export function hmacVerify(secret: string, text: string, signature: string): boolean {
  const expected = Buffer.from(hmacSign(secret, text), 'base64');
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** SNAP amounts are strings with two decimals ("150000.00"); the platform counts integer rupiah. */
export function snapAmount(rupiah: number): { value: string; currency: 'IDR' } {
  return { value: `${rupiah}.00`, currency: 'IDR' };
}

/** Integer rupiah from a SNAP amount; undefined for anything else (a fraction of a rupiah, another currency). */
export function rupiahOf(amount: unknown): number | undefined {
  if (!amount || typeof amount !== 'object') return undefined;
  const { value, currency } = amount as { value?: unknown; currency?: unknown };
  if (currency !== undefined && currency !== 'IDR') return undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{1,15})(\.00?)?$/.exec(value);
  return m ? Number(m[1]) : undefined;
}
