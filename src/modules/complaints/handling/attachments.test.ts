// The answer-attachment check on its own (no database): the type by content, the PDF's two ends, the
// limits, the stored name. HTTP, storage and access are in answers.test.ts.
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/errors.js';
import { ATTACHMENT_MAX_BYTES, attachmentName, checkAttachments, looksLikePdf, MAX_ATTACHMENTS } from './attachments.js';
import { fullPhotoSanitizer, minimalPhotoSanitizer } from '../intake/photo-sanitizer.js';

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF', 'latin1');

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('attachmentName', () => {
  it.each([
    ['surat-balasan.pdf', 'application/pdf', 'surat-balasan.pdf'],
    ['../../etc/passwd', 'application/pdf', 'passwd.pdf'],
    ['C:\\Users\\budi\\Foto Jalan.JPG', 'image/jpeg', 'Foto Jalan.jpg'],
    ['script.sh.pdf', 'application/pdf', 'script.sh.pdf'],
    ['photo.png', 'image/jpeg', 'photo.jpg'],
    ['.htaccess', 'application/pdf', 'htaccess.pdf'],
    ['...', 'application/pdf', 'lampiran-1.pdf'],
    ['a"b<c>\u0000d\r\n.pdf', 'application/pdf', 'abcd.pdf'],
    [undefined, 'image/webp', 'lampiran-1.webp'],
  ] as const)('%j as %s → %s', (name, mime, expected) => {
    expect(attachmentName(name, mime, 0)).toBe(expected);
  });
});

describe('looksLikePdf', () => {
  it('needs the header and the end marker in the last kilobyte', () => {
    expect(looksLikePdf(PDF)).toBe(true);
    expect(looksLikePdf(Buffer.from('%PDF-1.4\n<script>alert(1)</script>'))).toBe(false);
    expect(looksLikePdf(Buffer.from('#!/bin/sh\n%%EOF'))).toBe(false);
    expect(looksLikePdf(Buffer.concat([PDF, Buffer.alloc(2048)]))).toBe(false);
  });
});

describe('checkAttachments', () => {
  it('keeps a PDF byte for byte and re-encodes a picture (full sanitiser), with digests and sizes', async () => {
    const photo = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#ffcc00' } })
      .withExif({ IFD0: { Artist: 'Budi Santoso' } })
      .png()
      .toBuffer();
    const [pdf, picture] = await checkAttachments(fullPhotoSanitizer, [
      { name: 'surat.pdf', data: PDF },
      { name: 'jalan.png', data: photo },
    ]);
    expect(pdf).toMatchObject({ name: 'surat.pdf', mime: 'application/pdf', size: PDF.length, width: null });
    expect(pdf!.data.equals(PDF)).toBe(true);
    expect(picture).toMatchObject({ name: 'jalan.jpg', mime: 'image/jpeg', width: 20, height: 10 });
    expect(picture!.data.toString('latin1')).not.toContain('Budi');
    expect(picture!.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('skips empty files; refuses too many (400), too large (413) and anything else by content (400), all on /attachments', async () => {
    expect(await checkAttachments(minimalPhotoSanitizer, [{ data: Buffer.alloc(0) }])).toEqual([]);
    const many = await refusal(checkAttachments(minimalPhotoSanitizer, Array.from({ length: MAX_ATTACHMENTS + 1 }, () => ({ data: PDF }))));
    expect([many.status, many.fieldErrors[0]?.field]).toEqual([400, '/attachments']);
    const big = await refusal(checkAttachments(minimalPhotoSanitizer, [{ name: 'besar.pdf', data: Buffer.concat([PDF, Buffer.alloc(ATTACHMENT_MAX_BYTES)]) }]));
    expect([big.status, big.code, big.fieldErrors[0]?.field]).toEqual([413, 'complaint.attachment_too_large', '/attachments']);
    for (const data of [Buffer.from('GIF89a....'), Buffer.from('<svg onload=alert(1)>'), Buffer.from('MZ\x90\x00'), Buffer.from([0xff, 0xd8, 0xff, 0x00])]) {
      const error = await refusal(checkAttachments(minimalPhotoSanitizer, [{ name: 'x.pdf', data }]));
      expect([error.status, error.code, error.vars.name]).toEqual([400, 'complaint.attachment_invalid', 'x.pdf']);
    }
  });

  it('never accepts arbitrary bytes that are neither a PDF nor a picture, and fails only with a DomainError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 256 }), async (bytes) => {
        const data = Buffer.from(bytes);
        const result = await checkAttachments(minimalPhotoSanitizer, [{ data }]).catch((e: unknown) => e);
        if (result instanceof DomainError) return;
        expect(Array.isArray(result)).toBe(true);
        expect(looksLikePdf(data) || data[0] === 0xff || data[0] === 0x89 || data[0] === 0x52).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
