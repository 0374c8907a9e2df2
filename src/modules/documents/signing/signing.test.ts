// The local signer against poppler's pdfsig (what CI installs): the signature of a generated PDF is
// valid and names the signer; one byte changed inside the signed range makes it fail.
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateSerial, generateDevelopmentKey } from './dev-ca.js';
import { createLocalSigner } from './local-signer.js';
import { savePdfForSigning } from './placeholder.js';
import type { DocumentSigner } from './signer.js';

const now = new Date('2026-12-05T10:00:00Z');
let dir: string;
let signer: DocumentSigner;

async function onePagePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('Surat Keterangan Uji', { x: 72, y: 760, size: 16, font: await doc.embedFont(StandardFonts.Helvetica) });
  return savePdfForSigning(doc, { name: signer.certificate.commonName, reason: 'Uji', location: 'Makassar', signingTime: now });
}

function pdfsig(bytes: Uint8Array): { ok: boolean; out: string } {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    return { ok: true, out: execFileSync('pdfsig', ['-nocert', file], { encoding: 'utf8' }) };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-sign-'));
  const key = await generateDevelopmentKey('Pemerintah Kota Makassar', now);
  signer = createLocalSigner(createPrivateKey({ key: key.privateKey, format: 'der', type: 'pkcs8' }), key.chain);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the development CA', () => {
  // A zero first byte before one below 0x80 is not DER: pdfsig rejected such a certificate's
  // signatures (1 in 256 certificates; seen once in a full run of pool.test.ts).
  it('draws certificate serials that are positive and minimally encoded', () => {
    for (const first of [0x00, 0x7f, 0x80, 0xff]) {
      const serial = certificateSerial(Buffer.from([first, 0x10, ...Array(14).fill(0xab)]));
      expect(serial).toHaveLength(16);
      expect(serial[0]).toBeGreaterThan(0);
      expect(serial[0]).toBeLessThan(0x80);
      expect(serial.subarray(1)).toEqual(Buffer.from([0x10, ...Array(14).fill(0xab)]));
    }
  });
});

describe('local signer', () => {
  it('makes a PAdES signature pdfsig reports valid, naming the development signer', async () => {
    const signed = await signer.sign(await onePagePdf());
    const { out } = pdfsig(signed);
    expect(out).toContain('Signature Validation: Signature is Valid.');
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toContain('Signer Certificate Common Name: Penandatangan DEV — TIDAK SAH');
    expect(signer.certificate.development).toBe(true);
  });

  it('carries the signing-certificate-v2 attribute bound to the signer certificate', async () => {
    const signed = Buffer.from(await signer.sign(await onePagePdf()));
    const hex = /\/Contents\s*<([0-9a-fA-F]+)>/.exec(signed.toString('latin1'))?.[1] ?? '';
    const cms = Buffer.from(hex, 'hex');
    // id-aa-signingCertificateV2 (1.2.840.113549.1.9.16.2.47), DER-encoded, and the certificate's hash.
    expect(cms.includes(Buffer.from('060b2a864886f70d010910022f', 'hex'))).toBe(true);
    expect(cms.includes(Buffer.from(signer.certificate.fingerprint, 'hex'))).toBe(true);
  });

  it('fails pdfsig when one byte inside the signed range changes', async () => {
    const signed = Buffer.from(await signer.sign(await onePagePdf()));
    const at = signed.indexOf('Surat Keterangan Uji');
    const tampered = Buffer.from(signed);
    // The page's content stream is compressed, so change a byte of the catalogue text instead when the
    // title is not found in clear; both lie inside the first signed range.
    const index = at >= 0 ? at : signed.indexOf('/Type /Catalog') + 2;
    tampered[index] = (tampered[index] ?? 0) ^ 0x01;
    const { out } = pdfsig(tampered);
    expect(out).not.toContain('Signature is Valid.');
    expect(out).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);
  });
});
