// Complaint photos, made safe before anyone else sees them. A reporter's phone photo carries the
// place it was taken (GPS), the device, sometimes their name; a hostile upload may be a script
// renamed .jpg or a tiny file that decodes to gigabytes. So: the content decides the type (never
// the file name or the declared Content-Type), size and pixel count are capped before decoding, and
// what is stored is a fresh encoding of the pixels only — oriented, downscaled, sRGB, no metadata.
import type { Metadata, default as Sharp } from 'sharp';
import type { DomainError } from '../../../platform/errors.js';
import { photoDisplayName, photoError } from '../errors.js';

/** Largest upload accepted, in bytes (before decoding). */
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
/** Largest decoded size accepted: a 50-megapixel phone camera passes, a decompression bomb does not. */
export const PHOTO_MAX_PIXELS = 50_000_000;
/** Longest side accepted on input (WebP's own limit). */
export const PHOTO_MAX_INPUT_EDGE = 16_383;
/** Longest side of the stored photo; larger photos are scaled down. */
export const PHOTO_MAX_EDGE = 2048;

export type PhotoOutputFormat = 'jpeg' | 'webp';

export interface SanitisedPhoto {
  data: Buffer;
  contentType: 'image/jpeg' | 'image/webp';
  extension: 'jpg' | 'webp';
  width: number;
  height: number;
  /** What the upload really was, by its content. */
  sourceFormat: 'jpeg' | 'png' | 'webp';
}

export interface SanitiseOptions {
  /** The name the reporter's device gave the file: only shown back in error messages. */
  name?: string;
  /** Field the error belongs to in a form or request body, e.g. "/photos/2". */
  field?: string;
  format?: PhotoOutputFormat;
  maxEdge?: number;
  quality?: number;
}

type SourceFormat = SanitisedPhoto['sourceFormat'];

/** The container by its first bytes; anything else (scripts, HTML, SVG, GIF, PDF…) is refused. */
export function sniffPhotoFormat(bytes: Uint8Array): SourceFormat | null {
  const at = (offset: number, ...values: number[]) => values.every((v, i) => bytes[offset + i] === v);
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
  return null;
}

function sanitiseError(
  code: 'complaint.photo_invalid' | 'complaint.photo_too_large',
  messageKey: 'error.complaint.photo_invalid' | 'error.complaint.photo_too_large' | 'error.complaint.photo_too_many_pixels',
  options: SanitiseOptions,
  extra: Record<string, string | number> = {},
): DomainError {
  const vars = { name: photoDisplayName(options.name), ...extra };
  return photoError(code, messageKey, vars, options.field ? { pointer: options.field, code } : undefined);
}

/**
 * Checks and re-encodes an uploaded photo. Throws DomainError `complaint.photo_too_large` (413)
 * for too many bytes or pixels, `complaint.photo_invalid` (422) for anything that is not a
 * decodable JPEG, PNG or WebP. The result carries no EXIF, GPS, XMP, IPTC or ICC data.
 */
// sharp (libvips, ≈ 40 MiB of native code and caches) is loaded with the first photo, not at start-up:
// most app processes never see one.
let sharpModule: Promise<{ default: typeof Sharp }> | undefined;
const loadSharp = async () => (await (sharpModule ??= import('sharp'))).default;

export async function sanitisePhoto(input: Uint8Array, options: SanitiseOptions = {}): Promise<SanitisedPhoto> {
  const sharp = await loadSharp();
  if (input.byteLength > PHOTO_MAX_BYTES) {
    throw sanitiseError('complaint.photo_too_large', 'error.complaint.photo_too_large', options, {
      limit: PHOTO_MAX_BYTES / 1024 / 1024,
    });
  }
  const sourceFormat = sniffPhotoFormat(input);
  if (!sourceFormat) throw sanitiseError('complaint.photo_invalid', 'error.complaint.photo_invalid', options);

  // Dimensions come from the header, before any pixel is decoded.
  let metadata: Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw sanitiseError('complaint.photo_invalid', 'error.complaint.photo_invalid', options);
  }
  if (metadata.format !== sourceFormat || !metadata.width || !metadata.height) {
    throw sanitiseError('complaint.photo_invalid', 'error.complaint.photo_invalid', options);
  }
  if (
    metadata.width * metadata.height > PHOTO_MAX_PIXELS ||
    Math.max(metadata.width, metadata.height) > PHOTO_MAX_INPUT_EDGE
  ) {
    throw sanitiseError('complaint.photo_too_large', 'error.complaint.photo_too_many_pixels', options, {
      limit: PHOTO_MAX_PIXELS / 1_000_000,
      edge: PHOTO_MAX_INPUT_EDGE,
    });
  }

  const format = options.format ?? 'jpeg';
  const maxEdge = options.maxEdge ?? PHOTO_MAX_EDGE;
  const quality = options.quality ?? 82;
  try {
    // sharp writes no metadata unless asked (no keepMetadata/withExif/keepIccProfile here) and
    // converts to sRGB; limitInputPixels guards the decoder even if the header lied.
    let pipeline = sharp(input, { limitInputPixels: PHOTO_MAX_PIXELS, failOn: 'error', animated: false })
      .autoOrient()
      .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb');
    pipeline =
      format === 'jpeg'
        ? pipeline.flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true })
        : pipeline.webp({ quality });
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return {
      data,
      contentType: format === 'jpeg' ? 'image/jpeg' : 'image/webp',
      extension: format === 'jpeg' ? 'jpg' : 'webp',
      width: info.width,
      height: info.height,
      sourceFormat,
    };
  } catch {
    throw sanitiseError('complaint.photo_invalid', 'error.complaint.photo_invalid', options);
  }
}
