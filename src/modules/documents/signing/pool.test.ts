// The document threads: a page drawn and signed on a thread is the same document pdfsig accepts as on
// the event loop (DOCUMENT_THREADS=0); a task that fails on a thread fails its caller with the reason
// and leaves the pool working.
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentLayout } from '../pdf.js';
import { generateDevelopmentKey } from './dev-ca.js';
import { createLocalSigner } from './local-signer.js';
import { configureDocumentThreads, prepareDocument, runOnThread, stopDocumentThreads } from './pool.js';

const now = new Date('2026-12-05T10:00:00Z');
let dir: string;

const layout: DocumentLayout = {
  lang: 'id',
  tenantName: 'Pemerintah Kota Makassar',
  agencyName: 'Dinas Penanaman Modal dan PTSP',
  title: 'Izin Usaha Mikro',
  number: 'DOK-TEST-0001',
  holderName: 'Siti Aminah',
  serviceName: 'Izin Usaha Mikro',
  fields: [{ label: 'Nama usaha', value: 'Warung Coto Daeng' }],
  issuedAt: now.toISOString(),
  validUntil: null,
  signerName: 'Penandatangan',
  signerPosition: 'Kepala Dinas',
  verifyUrl: 'http://localhost/t/makassar/verify/aaaaaaaaaaaaaaaaaaaaaaaaaa',
};

function tool(command: string, bytes: Uint8Array, args: string[] = []): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    return execFileSync(command, [...args, file, ...(command === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' });
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '');
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-pool-'));
});
afterAll(async () => {
  configureDocumentThreads(1);
  await stopDocumentThreads();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('document threads', () => {
  it('draw and sign on a thread what the event loop would: pdfsig accepts both', async () => {
    const key = await generateDevelopmentKey('Pemerintah Kota Makassar', now);
    const signer = createLocalSigner(createPrivateKey({ key: key.privateKey, format: 'der', type: 'pkcs8' }), key.chain);
    const placeholder = { name: signer.certificate.commonName, reason: 'Uji', location: 'Makassar', signingTime: now };
    for (const threads of [1, 0]) {
      configureDocumentThreads(threads);
      const signed = await signer.sign(await prepareDocument(layout, placeholder));
      expect(tool('pdfsig', signed, ['-nocert'])).toContain('Signature is Valid');
      expect(tool('pdftotext', signed)).toContain('Nama usaha: Warung Coto Daeng');
    }
  });

  it('fails the caller of a task that fails on a thread, and keeps working', async () => {
    configureDocumentThreads(1);
    // A PDF without a placeholder cannot be signed: the thread's error comes back as the rejection.
    const unsigned = await prepareDocument(layout, null);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expect(runOnThread({ op: 'sign', pdf: unsigned, key: privateKey, chain: [] })).rejects.toThrow();
    expect(tool('pdftotext', await prepareDocument(layout, null))).toContain('IZIN USAHA MIKRO');
  });
});
