// The audit signing key and the personal-data guard, without a database.
import { createHash, createHmac, createPublicKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLog } from './chain.js';
import { looksLikePersonalData, personalDataKind } from './personal-data.js';
import { auditKeyFile, keyIdOf, loadAuditSigner, verifySignature } from './signer.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-key-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('audit signer', () => {
  it('generates a key once outside the database (mode 0600) and reuses it', () => {
    const first = loadAuditSigner({ dataDir: dir, env: 'development' });
    const file = auditKeyFile(dir);
    expect(file).toBe(path.join(dir, 'keys', 'audit-ed25519.pem'));
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    const again = loadAuditSigner({ dataDir: dir, env: 'test' });
    expect(again.keyId).toBe(first.keyId);
    expect(again.publicKeyPem).toBe(first.publicKeyPem);
  });

  it('keyId is the first 16 hex digits of SHA-256 over the raw 32-byte public key', () => {
    const signer = loadAuditSigner({ dataDir: dir, env: 'test' });
    const spki = createPublicKey(signer.publicKeyPem).export({ format: 'der', type: 'spki' });
    const raw = spki.subarray(spki.length - 32);
    expect(signer.keyId).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 16));
    expect(keyIdOf(signer.publicKeyPem)).toBe(signer.keyId);
  });

  it('signs with Ed25519; verifySignature checks data, signature and key', () => {
    const signer = loadAuditSigner({ dataDir: dir, env: 'test' });
    const data = Buffer.from('checkpoint');
    const signature = signer.sign(data);
    expect(signature.length).toBe(64);
    expect(verifySignature(signer.publicKeyPem, data, signature)).toBe(true);
    expect(verifySignature(signer.publicKeyPem, Buffer.from('checkpoinT'), signature)).toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect(verifySignature(other, data, signature)).toBe(false);
    expect(verifySignature('not a key', data, signature)).toBe(false);
  });

  it('signMany signs each message as sign does, in order (on the thread pool)', async () => {
    const signer = loadAuditSigner({ dataDir: dir, env: 'test' });
    const messages = Array.from({ length: 20 }, (_, i) => Buffer.from(`row ${i}`));
    const signatures = await signer.signMany(messages);
    // Ed25519 is deterministic: the same key and message give the same signature.
    expect(signatures).toEqual(messages.map((m) => signer.sign(m)));
    expect(verifySignature(signer.publicKeyPem, messages[3]!, signatures[3]!)).toBe(true);
    expect(await signer.signMany([])).toEqual([]);
  });

  it('takes AUDIT_SIGNING_KEY as PEM or base64 DER; production requires it', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    const fromPem = loadAuditSigner({ key: pem, dataDir: '/nonexistent', env: 'production' });
    const fromDer = loadAuditSigner({ key: der, dataDir: '/nonexistent', env: 'production' });
    expect(fromDer.keyId).toBe(fromPem.keyId);
    expect(fs.existsSync(auditKeyFile(dir))).toBe(false);
    expect(() => loadAuditSigner({ dataDir: dir, env: 'production' })).toThrow(
      /AUDIT_SIGNING_KEY is required/,
    );
    expect(() => loadAuditSigner({ key: 'garbage', dataDir: dir, env: 'production' })).toThrow(
      /AUDIT_SIGNING_KEY/,
    );
    const { privateKey: rsaKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const rsa = rsaKey.export({ format: 'pem', type: 'pkcs8' });
    expect(() => loadAuditSigner({ key: rsa.toString(), dataDir: dir, env: 'test' })).toThrow(/Ed25519/);
  });
});

describe('personal data guard', () => {
  it.each([
    ['3374012501900001', 'nik'],
    ['NIK 3374012501900001.', 'nik'],
    ['NIK: 33.74.01.250190.0001', 'nik'],
    ['33-74-01-250190-0001', 'nik'],
    ['3374 0125 0190 0001', 'nik'],
    ['337401 250190 0001', 'nik'],
    ['warga@example.go.id', 'email'],
    ['kirim ke Budi.Santoso+kantor@mail.example.com segera', 'email'],
    ['+6281234567890', 'phone'],
    ['+62 812-3456-7890', 'phone'],
    ['+62 21 5550123', 'phone'],
    ['6281234567890', 'phone'],
    ['081234567890', 'phone'],
    ['hubungi 0812 3456 7890 ya', 'phone'],
    ['0812-3456-789', 'phone'],
    ['(0812) 3456-7890', 'phone'],
  ])('flags %s as %s', (value, kind) => {
    expect(personalDataKind(value)).toBe(kind);
  });

  it.each([
    '12345678-1234-4123-8123-123456789012', // UUID
    '2025-11-22T08:12:34.567Z', // timestamp
    '2025-01-01 2025-02-02', // two dates
    'case:2025-000123',
    '62.01.01.2001', // region code of Kalimantan Tengah
    '6201012001', // the same, compact (BPS)
    '62.71',
    'Rp 62.500.000',
    'officer:o1',
    'agency:dukcapil',
    'Keputusan Gubernur Nomor 188.44/12/2025',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', // a hash
    '1234567890123456789', // 19 digits: not a NIK
    '0812', // too short
  ])('does not flag %s', (value) => {
    expect(looksLikePersonalData(value)).toBe(false);
  });

  it('exempts exactly the pseudonyms pseudonymize() makes', () => {
    const audit = createAuditLog({
      signer: loadAuditSigner({ dataDir: dir, env: 'test' }),
      pseudonymKey: Buffer.alloc(32, 1),
    });
    const p = audit.pseudonymize('tenant-a', '3374012501900001');
    expect(p).toMatch(/^p:[0-9a-f]{64}$/);
    expect(looksLikePersonalData(p)).toBe(false);
    expect(looksLikePersonalData('p:3374012501900001')).toBe(true);
    // HMAC-SHA-256(key, tenantId ‖ 0x00 ‖ value), stable per tenant, different across tenants.
    const mac = createHmac('sha256', Buffer.alloc(32, 1));
    mac.update(Buffer.from('tenant-a\u00003374012501900001'));
    expect(p).toBe(`p:${mac.digest('hex')}`);
    expect(audit.pseudonymize('tenant-a', '3374012501900001')).toBe(p);
    expect(audit.pseudonymize('tenant-b', '3374012501900001')).not.toBe(p);
    expect(audit.pseudonymize('tenant-a', '3374012501900002')).not.toBe(p);
  });
});
