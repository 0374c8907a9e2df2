import { describe, expect, it } from 'vitest';
import {
  createRecoveryCodes,
  createTotpSecret,
  currentTotp,
  hashRecoveryCode,
  matchRecoveryCode,
  totpUri,
  verifyTotp,
} from './totp.js';

const at = (iso: string) => new Date(iso);

describe('TOTP', () => {
  it('matches the RFC 6238 test vector (SHA-1, 59 s → 287082)', async () => {
    // RFC 6238 appendix B secret "12345678901234567890" in base32; the 8-digit 94287082 → last 6 digits.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(await currentTotp(secret, new Date(59_000))).toBe('287082');
  });

  it('accepts the current code and one step either side, once', async () => {
    const secret = await createTotpSecret();
    const now = at('2026-12-01T10:00:15Z');
    const code = await currentTotp(secret, now);
    const step = await verifyTotp(secret, code, now, null);
    expect(step).toBe(Math.floor(now.getTime() / 30_000));
    // Replay of the same code is refused.
    expect(await verifyTotp(secret, code, now, step!)).toBeUndefined();
    // The previous step's code is still accepted (clock drift) when not used yet.
    const previous = await currentTotp(secret, new Date(now.getTime() - 30_000));
    expect(await verifyTotp(secret, previous, now, null)).toBe(step! - 1);
    // Two steps away: refused.
    const old = await currentTotp(secret, new Date(now.getTime() - 90_000));
    expect(await verifyTotp(secret, old, now, null)).toBeUndefined();
  });

  it('refuses malformed codes and tolerates spaces', async () => {
    const secret = await createTotpSecret();
    const now = at('2026-12-01T10:00:00Z');
    const code = await currentTotp(secret, now);
    expect(await verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now, null)).toBeDefined();
    expect(await verifyTotp(secret, 'abcdef', now, null)).toBeUndefined();
    expect(await verifyTotp(secret, '12345', now, null)).toBeUndefined();
  });

  it('builds an otpauth URI for authenticator apps', async () => {
    const uri = await totpUri('JBSWY3DPEHPK3PXP', 'Gerbang Makassar', 'petugas@makassar.go.id');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Gerbang%20Makassar:petugas%40makassar\.go\.id\?/);
    expect(uri).toContain('secret=JBSWY3DPEHPK3PXP');
  });
});

describe('recovery codes', () => {
  it('are 10 distinct, unambiguous codes matched case- and dash-insensitively', () => {
    const codes = createRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/);
    const hashes = codes.map(hashRecoveryCode);
    expect(matchRecoveryCode(hashes, codes[3]!.toLowerCase().replace('-', ' '))).toBe(3);
    expect(matchRecoveryCode(hashes, 'AAAAA-AAAAA')).toBe(-1);
  });
});
