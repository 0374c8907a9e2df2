// A PKCS#12 as openssl (and the CAs that use it) writes one — PBES2/AES-256 with an SHA-256 MAC — is
// read into a key and a chain that signs; a wrong password is refused.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDetachedCms, parseCertificate } from './cms.js';
import { describeCertificate } from './local-signer.js';
import { P12Error, readPkcs12 } from './p12.js';

let dir: string;
let p12: Buffer;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-p12-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/C=ID/O=Uji/CN=CA Uji');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'signer.key', '-out', 'signer.csr', '-subj', '/C=ID/O=Pemkot Uji/CN=Budi Penandatangan');
  run('x509', '-req', '-in', 'signer.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'signer.crt', '-days', '30');
  run('pkcs12', '-export', '-inkey', 'signer.key', '-in', 'signer.crt', '-certfile', 'ca.crt', '-out', 'signer.p12', '-passout', 'pass:rahasia-123');
  p12 = fs.readFileSync(path.join(dir, 'signer.p12'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('readPkcs12', () => {
  it('reads the key and the chain, the signer first', async () => {
    const key = await readPkcs12(p12, 'rahasia-123');
    expect(key.chain).toHaveLength(2);
    const info = describeCertificate(key.chain[0] as Buffer);
    expect(info.commonName).toBe('Budi Penandatangan');
    expect(info.issuer).toContain('CN=CA Uji');
    expect(info.development).toBe(false);
    expect(buildDetachedCms(Buffer.from('isi'), key.privateKey, key.chain.map(parseCertificate)).length).toBeGreaterThan(1000);
  });

  it('refuses a wrong password and a file that is not PKCS#12', async () => {
    await expect(readPkcs12(p12, 'salah')).rejects.toEqual(new P12Error('unreadable'));
    await expect(readPkcs12(Buffer.from('bukan p12'), 'rahasia-123')).rejects.toEqual(new P12Error('unreadable'));
  });
});
