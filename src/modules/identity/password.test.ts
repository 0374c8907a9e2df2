import { describe, expect, it } from 'vitest';
import { HASHING_SLOTS } from '../../platform/threadpool.js';
import { checkPassword, commonPasswords, hashPassword, verifyAgainstDummy, verifyPassword } from './password.js';

describe('checkPassword', () => {
  it.each([
    // [password, secondFactor, expected]
    ['kuda-lari-cepat', false, undefined],
    ['kudalari', true, undefined],
    ['kudalari', false, 'too_short'],
    ['pendek1', true, 'too_short'],
    ['indonesia123', false, 'common'],
    ['Indonesia123', false, 'common'],
    ['bismillah', true, 'common'],
    ['Bismillah2024!', false, 'common'],
    ['password', true, 'common'],
    ['12345678', true, 'common'],
    ['aaaaaaaaaaaaa', false, 'common'],
    ['x'.repeat(129), false, 'too_long'],
    // No composition rules: a long passphrase of lower-case words is fine.
    ['sapi makan rumput hijau', false, undefined],
  ] as const)('%s (second factor %s) → %s', (password, secondFactor, expected) => {
    expect(checkPassword(password, { secondFactor })).toBe(expected);
  });

  it('counts code points, not UTF-16 units', () => {
    // 8 emoji = 16 UTF-16 units but 8 characters: too short without a second factor.
    expect(checkPassword('🐘🐘🐘🐘🦏🦏🦏🦏', { secondFactor: false })).toBe('too_short');
    expect(checkPassword('🐘🐘🐘🐘🦏🦏🦏🦏', { secondFactor: true })).toBeUndefined();
  });

  it('refuses a password containing the person’s own NIK, phone or e-mail name', () => {
    const personal = ['3374014101900001', '+6281234567890', 'budi.santoso@example.id'];
    expect(checkPassword('nik3374014101900001', { secondFactor: false, personal })).toBe('personal');
    expect(checkPassword('budi.santoso-rahasia', { secondFactor: false, personal })).toBe('personal');
    expect(checkPassword('tiga ekor kucing oranye', { secondFactor: false, personal })).toBeUndefined();
  });

  it('ships a list with the common and the Indonesian passwords', () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThan(15_000);
    for (const p of ['indonesia123', 'bismillah', 'qwertyuiop', 'alhamdulillah', 'sayangku123', '17081945']) {
      expect(list.has(p), p).toBe(true);
    }
  });
});

describe('hashPassword / verifyPassword', () => {
  it('stores argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('kuda-lari-cepat');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'kuda-lari-cepat')).toBe(true);
    expect(await verifyPassword(stored, 'kuda-lari-lambat')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(await verifyAgainstDummy('anything')).toBe(false);
  });

  it('treats composed and decomposed forms of the same text alike', async () => {
    const stored = await hashPassword('kopi-arabika-café');
    expect(await verifyPassword(stored, 'kopi-arabika-cafe\u0301')).toBe(true);
  });

  it('queues more verifications than hashing slots and answers each one right (a malformed hash frees its slot)', async () => {
    const stored = await hashPassword('kuda-lari-cepat');
    const attempts = Array.from({ length: HASHING_SLOTS * 3 + 1 }, (_, i) => (i % 3 === 0 ? 'kuda-lari-cepat' : i % 3 === 1 ? 'salah' : 'malformed'));
    const answers = await Promise.all(attempts.map((p) => (p === 'malformed' ? verifyPassword('not a hash', p) : verifyPassword(stored, p))));
    expect(answers).toEqual(attempts.map((p) => p === 'kuda-lari-cepat'));
  });
});
