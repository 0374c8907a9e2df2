// Files an agency attaches to its answer: a letter (PDF) or a picture (JPEG, PNG, WebP). As with the
// report photos, the content decides the type — never the file name or the declared Content-Type —
// so a script renamed .pdf is refused. Pictures go through the photo sanitiser (re-encoded, no EXIF
// or GPS); a PDF must start with `%PDF-` and end with `%%EOF` and is stored as it is (it is only
// ever served as a download, `Content-Disposition: attachment`, with nosniff).
import { createHash } from 'node:crypto';
import { DomainError } from '../../../platform/errors.js';
import { attachmentInvalid as invalidFile, attachmentTooLarge as fileTooLarge, tooManyAttachments as tooManyFiles } from '../errors.js';
import { MAX_PHOTO_BYTES, type PhotoSanitizer } from '../intake/photo-sanitizer.js';

export const MAX_ATTACHMENTS = 3;
/** Largest attachment accepted, in bytes, before checking. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export type AttachmentMime = 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp';

export interface AttachmentUpload {
  /** The name the officer's device gave the file: shown back, never trusted for the type. */
  name?: string;
  data: Buffer;
}

export interface CheckedAttachment {
  name: string;
  mime: AttachmentMime;
  data: Buffer;
  size: number;
  /** SHA-256 of the stored bytes (hex): what the audit entry records. */
  sha256: string;
  width: number | null;
  height: number | null;
}

const EXTENSION: Record<AttachmentMime, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** A file name safe to show and to offer on download: no paths, no control characters, the extension of its real type. */
export function attachmentName(name: string | undefined, mime: AttachmentMime, idx: number): string {
  const last = (name ?? '').split(/[/\\]/).pop()!;
  // eslint-disable-next-line no-control-regex
  const base = last.replace(/[\u0000-\u001f\u007f"*:?<>|]/g, '').replace(/^\.+/, '').trim();
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/, '').slice(0, 100).trim() || `lampiran-${idx + 1}`;
  return `${stem}.${EXTENSION[mime]}`;
}

function shownName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  return (name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 100) || '—';
}

export const tooManyAttachments = () => tooManyFiles(MAX_ATTACHMENTS);
export const attachmentTooLarge = (name?: string, limitBytes = ATTACHMENT_MAX_BYTES) => fileTooLarge(shownName(name), limitBytes / 1024 / 1024);
export const attachmentInvalid = (name?: string) => invalidFile(shownName(name));

/** A real PDF by its structure's two ends: the `%PDF-1.x` header and the `%%EOF` marker near the end. */
export function looksLikePdf(bytes: Buffer): boolean {
  if (!/^%PDF-\d\.\d/.test(bytes.toString('latin1', 0, 8))) return false;
  return bytes.toString('latin1', Math.max(0, bytes.length - 1024)).includes('%%EOF');
}

function isPicture(b: Buffer): boolean {
  return (
    (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) ||
    b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ||
    (b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
  );
}

/**
 * Checks the answer's files: at most MAX_ATTACHMENTS, each ≤ ATTACHMENT_MAX_BYTES, a real PDF or a
 * picture the photo sanitiser accepts (≤ MAX_PHOTO_BYTES; re-encoded). Throws DomainError on `/attachments`:
 * 400 too many or not a PDF/picture, 413 too large. Empty files (an empty file input) are skipped.
 */
export async function checkAttachments(photos: PhotoSanitizer, uploads: readonly AttachmentUpload[]): Promise<CheckedAttachment[]> {
  const files = uploads.filter((u) => u.data.length > 0);
  if (files.length > MAX_ATTACHMENTS) throw tooManyAttachments();
  const out: CheckedAttachment[] = [];
  for (const [idx, file] of files.entries()) {
    if (file.data.length > ATTACHMENT_MAX_BYTES) throw attachmentTooLarge(file.name);
    let checked: Omit<CheckedAttachment, 'name' | 'size' | 'sha256'>;
    if (looksLikePdf(file.data)) {
      checked = { mime: 'application/pdf', data: file.data, width: null, height: null };
    } else if (isPicture(file.data)) {
      try {
        const photo = await photos.sanitize(file.data);
        checked = { mime: photo.mime, data: photo.data, width: photo.width, height: photo.height };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // Pictures keep the photo sanitiser's own limits (MAX_PHOTO_BYTES, pixel count).
        throw error.code === 'complaint.photo_too_large' ? attachmentTooLarge(file.name, MAX_PHOTO_BYTES) : attachmentInvalid(file.name);
      }
    } else throw attachmentInvalid(file.name);
    out.push({
      ...checked,
      name: attachmentName(file.name, checked.mime, idx),
      size: checked.data.length,
      sha256: createHash('sha256').update(checked.data).digest('hex'),
    });
  }
  return out;
}
