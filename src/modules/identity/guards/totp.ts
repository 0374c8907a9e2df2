// Second factor for officers: TOTP (RFC 6238, 30 s, 6 digits, SHA-1 — what every authenticator app
// speaks) via otplib, and single-use recovery codes. Pure functions; the caller stores the secret and
// the last accepted time step (replay protection) and the recovery-code hashes.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

// otplib loads at the first enrolment or code check, not at every start (docs/performance.md).
const otp = () => import('otplib');

export const TOTP_PERIOD_SECONDS = 30;
/** One step either side: clocks on phones drift, and typing a code takes time. */
const TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;

export async function createTotpSecret(): Promise<string> {
  return (await otp()).generateSecret();
}

/** The otpauth:// URI an authenticator app reads (as a QR code or typed in). */
export async function totpUri(secret: string, issuer: string, account: string): Promise<string> {
  return (await otp()).generateURI({ issuer, label: account, secret });
}

export async function currentTotp(secret: string, now: Date): Promise<string> {
  return (await otp()).generate({ secret, epoch: Math.floor(now.getTime() / 1000) });
}

/**
 * Checks a code. Returns the time step it belongs to (store it and pass it as `lastStep` next time:
 * a code is accepted once), or undefined when it is wrong, outside the window, or already used.
 */
export async function verifyTotp(
  secret: string,
  code: string,
  now: Date,
  lastStep: number | null,
): Promise<number | undefined> {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const epoch = Math.floor(now.getTime() / 1000);
  const result = await (await otp()).verify({
    secret,
    token,
    epoch,
    epochTolerance: TOLERANCE_SECONDS,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  if (!result.valid) return undefined;
  return Math.floor(epoch / TOTP_PERIOD_SECONDS) + result.delta;
}

// Recovery codes: 10 codes of 10 characters from an alphabet without 0/O, 1/I/L, shown once as
// XXXXX-XXXXX. 50 bits each; stored as SHA-256 (they are random, so a slow hash adds nothing).
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const RECOVERY_CODE_COUNT = 10;

export function createRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    let s = '';
    for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

export function normalizeRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex');
}

/** Index of the stored hash the code matches, or -1 (compared in constant time). */
export function matchRecoveryCode(hashes: string[], input: string): number {
  const candidate = Buffer.from(hashRecoveryCode(input), 'hex');
  let found = -1;
  hashes.forEach((h, i) => {
    if (timingSafeEqual(Buffer.from(h, 'hex'), candidate) && found === -1) found = i;
  });
  return found;
}
