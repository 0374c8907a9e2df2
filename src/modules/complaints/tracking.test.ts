import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPersonalData } from './mask.js';
import { minimalPhotoSanitizer } from './intake/photo-sanitizer.js';
import { keywordRouting } from './routing/suggester.js';
import { ALPHABET, newTrackingNumber, normalizeTrackingNumber } from './tracking.js';
import { deadlineState, isAllowed, nextStatus } from './workflow.js';

describe('tracking numbers', () => {
  it('carry a check character that catches one wrong character', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: ALPHABET.length - 1 }), (pos, shift) => {
        const number = newTrackingNumber();
        expect(normalizeTrackingNumber(number)).toBe(number);
        const chars = number.replace(/^ADU-|-/g, '').split('');
        chars[pos] = ALPHABET[(ALPHABET.indexOf(chars[pos]!) + shift) % ALPHABET.length]!;
        expect(normalizeTrackingNumber(chars.join(''))).toBeUndefined();
      }),
    );
  });

  it('accept lower case and missing dashes', () => {
    const number = newTrackingNumber();
    expect(normalizeTrackingNumber(number.toLowerCase().replace(/-/g, ' '))).toBe(number);
    expect(normalizeTrackingNumber('nonsense')).toBeUndefined();
  });
});

describe('maskPersonalData', () => {
  it.each([
    ['NIK 3374011234560001 hilang', 'NIK 3374************ hilang'],
    ['nik 3374 0112 3456 0001.', 'nik 3374************.'],
    ['telp 081234567890 atau +62 812-3456-7890', 'telp 0812******90 atau 6281*******90'],
    ['kirim ke budi.santoso@mail.go.id ya', 'kirim ke b***@mail.go.id ya'],
    ['Jalan No. 12 RT 03/RW 05 tahun 2026', 'Jalan No. 12 RT 03/RW 05 tahun 2026'],
  ])('%s', (input, expected) => {
    expect(maskPersonalData(input)).toBe(expected);
  });
});

describe('workflow', () => {
  it.each([
    ['verify', 'submitted', true, 'verified'],
    ['verify', 'verified', false, 'verified'],
    ['dispatch', 'verified', true, 'forwarded'],
    ['dispatch', 'submitted', false, 'forwarded'],
    ['answer', 'forwarded', true, 'responded'],
    ['answer', 'in_follow_up', true, 'responded'],
    ['reopen', 'responded', true, 'in_follow_up'],
    ['reopen', 'closed', false, 'in_follow_up'],
    ['confirm', 'responded', true, 'closed'],
    ['reject', 'forwarded', false, 'rejected'],
  ] as const)('%s from %s: allowed %s → %s', (action, from, allowed, to) => {
    expect(isAllowed(action, from)).toBe(allowed);
    expect(nextStatus(action, from)).toBe(to);
  });

  it('marks deadlines', () => {
    const now = new Date('2026-03-16T00:00:00Z');
    expect(deadlineState(null, now)).toBe('none');
    expect(deadlineState(new Date('2026-03-15T23:00:00Z'), now)).toBe('overdue');
    expect(deadlineState(new Date('2026-03-16T10:00:00Z'), now)).toBe('due_soon');
    expect(deadlineState(new Date('2026-03-18T10:00:00Z'), now)).toBe('on_time');
  });
});

describe('keyword routing', () => {
  it('suggests the category with most keyword hits', () => {
    const categories = [
      { code: 'adminduk', agencyCode: 'disdukcapil', keywords: ['ktp', 'kartu keluarga'] },
      { code: 'jalan', agencyCode: 'dishub', keywords: ['jalan', 'berlubang'] },
    ];
    expect(keywordRouting.suggest('Jalan berlubang di depan kantor', categories)).toMatchObject({ category: 'jalan', agencyCode: 'dishub', confidence: 1 });
    expect(keywordRouting.suggest('Kartu keluarga belum jadi', categories)).toMatchObject({ category: 'adminduk' });
    expect(keywordRouting.suggest('Selamat pagi', categories)).toBeNull();
  });
});

describe('minimalPhotoSanitizer', () => {
  it('drops JPEG EXIF (APP1) and keeps the dimensions', async () => {
    const seg = (marker: number, data: Buffer) => {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(data.length + 2);
      return Buffer.concat([Buffer.from([0xff, marker]), len, data]);
    };
    const sof = Buffer.from([8, 0, 20, 0, 30, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]);
    const jpeg = Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
      seg(0xe1, Buffer.from('Exif\0\0GPS-LATITUDE', 'latin1')),
      seg(0xc0, sof),
      Buffer.from([0xff, 0xda, 0, 2, 1, 2, 3, 0xff, 0xd9]),
    ]);
    const out = await minimalPhotoSanitizer.sanitize(jpeg);
    expect(out).toMatchObject({ mime: 'image/jpeg', width: 30, height: 20 });
    expect(out.data.includes(Buffer.from('GPS'))).toBe(false);
  });

  it('refuses a script renamed .jpg and a truncated JPEG', async () => {
    await expect(minimalPhotoSanitizer.sanitize(Buffer.from('<script>alert(1)</script>'))).rejects.toMatchObject({ code: 'complaint.photo_invalid' });
    await expect(minimalPhotoSanitizer.sanitize(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]))).rejects.toMatchObject({ code: 'complaint.photo_invalid' });
  });
});
