// Photo seam. The full sanitiser (intake/photos.ts: sanitizePhoto(buffer), re-encoding
// and stripping all metadata, built separately) plugs in behind `PhotoSanitizer`. Until it is merged,
// `minimalPhotoSanitizer` accepts only real JPEG/PNG/WebP by their magic bytes (a script renamed .jpg
// is refused), enforces the size limit, reads the dimensions, and drops JPEG APP1–APP15 segments
// (EXIF, GPS, XMP) and PNG text/EXIF chunks. It does not re-encode.
import { DomainError } from '../../../platform/errors.js';
import { photoDisplayName, photoError } from '../errors.js';
import { sanitisePhoto } from './photos.js';

export type PhotoMime = 'image/jpeg' | 'image/png' | 'image/webp';

export interface SanitizedPhoto {
  data: Buffer;
  mime: PhotoMime;
  width: number;
  height: number;
}

export interface PhotoSanitizer {
  sanitize(buffer: Buffer): Promise<SanitizedPhoto>;
}

/** Same limit as the full sanitiser (photos.ts PHOTO_MAX_BYTES). */
export const MAX_PHOTO_BYTES = 8 * 1024 * 1024;
export const MAX_PHOTOS = 5;

/** A photo over MAX_PHOTO_BYTES (413), naming the reporter's file when there is one. */
export function photoTooLarge(name?: string): DomainError {
  const vars = { name: photoDisplayName(name), limit: MAX_PHOTO_BYTES / 1024 / 1024 };
  return photoError('complaint.photo_too_large', 'error.complaint.photo_too_large', vars, { pointer: '/photos', code: 'photo_too_large' });
}

function invalid(): DomainError {
  return photoError('complaint.photo_invalid', 'error.complaint.photo_invalid', { name: '' }, { pointer: '/photos', code: 'photo_invalid' });
}

function sniff(b: Buffer): PhotoMime | undefined {
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length > 24 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length > 30 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return undefined;
}

function cleanJpeg(b: Buffer): { data: Buffer; width: number; height: number } {
  const parts: Buffer[] = [b.subarray(0, 2)];
  let i = 2;
  let width = 0;
  let height = 0;
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) throw invalid();
    const marker = b[i + 1]!;
    if (marker === 0xda) {
      parts.push(b.subarray(i)); // start of scan: the rest is image data
      break;
    }
    const len = b.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > b.length) throw invalid();
    const isSof = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isSof && len >= 7) {
      height = b.readUInt16BE(i + 5);
      width = b.readUInt16BE(i + 7);
    }
    const isMetadata = (marker >= 0xe1 && marker <= 0xef) || marker === 0xfe; // APP1..APP15, COM
    if (!isMetadata) parts.push(b.subarray(i, i + 2 + len));
    i += 2 + len;
  }
  if (!width || !height) throw invalid();
  return { data: Buffer.concat(parts), width, height };
}

const PNG_DROP = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

function cleanPng(b: Buffer): { data: Buffer; width: number; height: number } {
  const parts: Buffer[] = [b.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= b.length) {
    const len = b.readUInt32BE(i);
    const type = b.toString('latin1', i + 4, i + 8);
    const end = i + 12 + len;
    if (end > b.length) throw invalid();
    if (!PNG_DROP.has(type)) parts.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') break;
  }
  if (b.toString('latin1', 12, 16) !== 'IHDR') throw invalid();
  return { data: Buffer.concat(parts), width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

function webpSize(b: Buffer): { width: number; height: number } {
  const chunk = b.toString('latin1', 12, 16);
  if (chunk === 'VP8X') return { width: 1 + b.readUIntLE(24, 3), height: 1 + b.readUIntLE(27, 3) };
  if (chunk === 'VP8L') {
    const bits = b.readUInt32LE(21);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8 ') return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff };
  throw invalid();
}

export const minimalPhotoSanitizer: PhotoSanitizer = {
  async sanitize(buffer) {
    if (buffer.length > MAX_PHOTO_BYTES) throw photoTooLarge();
    const mime = sniff(buffer);
    if (!mime) throw invalid();
    try {
      if (mime === 'image/jpeg') return { mime, ...cleanJpeg(buffer) };
      if (mime === 'image/png') return { mime, ...cleanPng(buffer) };
      return { mime, data: buffer, ...webpSize(buffer) };
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw invalid();
    }
  },
};

/** The full sanitiser (photos.ts: decode, re-encode to JPEG/WebP, no metadata at all) behind the seam. */
export const fullPhotoSanitizer: PhotoSanitizer = {
  async sanitize(buffer) {
    const photo = await sanitisePhoto(buffer);
    return { data: photo.data, mime: photo.contentType, width: photo.width, height: photo.height };
  },
};
