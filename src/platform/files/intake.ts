// An uploaded file, taken from the request as it streams in (never buffered whole): its bytes are
// counted, and the upload is refused with 413 the moment it passes the limit, so a 2 GB body costs
// the server only the limit and the read-ahead; its real type is sniffed from its first bytes
// (`file-type`, which reads the content, never the name or the declared Content-Type) and refused
// with 415 when not accepted, before the rest is read; its SHA-256 is computed on the way; and it is
// written to storage under a generated key. The file is then in quarantine: recordFiles() (records.ts)
// writes its record as `pending` and queues its malware scan, and nobody can open it until the scan
// says `clean`. Any refusal or failure leaves nothing in storage.
import { createHash, randomUUID } from 'node:crypto';
import { pipeline as pipelineCallback, type Readable, Transform, type TransformCallback } from 'node:stream';
import { DomainError, type PendingFieldError } from '../errors.js';
import './strings.js';
import { displayFileName, quotedFileName } from './names.js';
import { type FileStore, storageKey } from './storage.js';

/** Bytes read before the type is decided: what `file-type` needs for every format it knows. */
export const SNIFF_BYTES = 4100;

/** Common types, as `file-type` names them. */
export const FILE_TYPES = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
} as const;

const LABELS: Record<string, string> = {
  [FILE_TYPES.pdf]: 'PDF',
  [FILE_TYPES.jpeg]: 'JPEG',
  [FILE_TYPES.png]: 'PNG',
  [FILE_TYPES.webp]: 'WebP',
  [FILE_TYPES.docx]: 'DOCX',
  [FILE_TYPES.xlsx]: 'XLSX',
  [FILE_TYPES.odt]: 'ODT',
  [FILE_TYPES.ods]: 'ODS',
};

// Types a browser runs as a page (scripts included) when it opens them: never accepted, even if a
// caller lists them, since a download is only as safe as the type it is served with.
const ACTIVE_TYPES = new Set(['text/html', 'application/xhtml+xml', 'image/svg+xml', 'application/xml', 'text/xml', 'application/javascript', 'text/javascript']);

export interface UploadRules {
  /** MIME types accepted, as `file-type` names them (FILE_TYPES). */
  accept: readonly string[];
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** The form or body field the errors belong to, e.g. "/documents/2". */
  field: string;
  /** Shown when the uploader's name has nothing visible left (default "berkas"). */
  fallbackName?: string;
}

/** A file part as @fastify/multipart gives it (`part.file`, `part.filename`). */
export interface IncomingFile {
  stream: Readable;
  filename?: string;
}

/** A stored file in quarantine, before its record is written. */
export interface ReceivedFile {
  id: string;
  tenantId: string;
  /** Where the bytes are (FileStore key). */
  key: string;
  /** The name to show and to offer on download: cleaned, with the extension of the real type. */
  name: string;
  /** The real type, sniffed from the content. */
  mime: string;
  extension: string;
  size: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
}

/** "10 MB", "512 KB" or "100 bytes": the limit as an error message shows it. */
export function formatLimit(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / 1024 / 1024} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

export const typeLabel = (mime: string) => LABELS[mime] ?? mime;

function fileError(code: 'too_large' | 'type_not_accepted' | 'empty', status: number, field: string, vars: Record<string, string>): DomainError {
  const messageKey = `error.file.${code}` as const;
  const fieldError: PendingFieldError = { field, code: `file_${code}`, messageKey, vars };
  return new DomainError(`file.${code}`, status, messageKey, vars, [fieldError]);
}

export const fileTooLarge = (rules: UploadRules, name?: string) => fileError('too_large', 413, rules.field, { name: quotedFileName(name), limit: formatLimit(rules.maxBytes) });
export const fileTypeNotAccepted = (rules: UploadRules, name?: string) =>
  fileError('type_not_accepted', 415, rules.field, { name: quotedFileName(name), types: rules.accept.map(typeLabel).join(', ') });
export const fileEmpty = (rules: UploadRules, name?: string) => fileError('empty', 400, rules.field, { name: quotedFileName(name) });

function checkRules(rules: UploadRules): void {
  if (rules.accept.length === 0) throw new TypeError('UploadRules.accept lists no type');
  const active = rules.accept.filter((type) => ACTIVE_TYPES.has(type));
  if (active.length > 0) throw new TypeError(`UploadRules.accept lists types a browser would run: ${active.join(', ')}`);
  if (!Number.isSafeInteger(rules.maxBytes) || rules.maxBytes < 1) throw new RangeError(`UploadRules.maxBytes must be a whole number ≥ 1, got ${rules.maxBytes}`);
}

/** An empty part without a file name: an empty file input (nothing chosen), not an empty file. */
class NothingChosen extends Error {}

/**
 * Counts, hashes and sniffs the bytes passing through; errors as soon as the limit is passed or the
 * sniffed type is not accepted. Holds back only the first SNIFF_BYTES until the type is known.
 */
class Inspector extends Transform {
  size = 0;
  readonly hash = createHash('sha256');
  detected: { mime: string; ext: string } | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;

  constructor(
    private readonly rules: UploadRules,
    private readonly upload: IncomingFile,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.rules.maxBytes) return done(fileTooLarge(this.rules, this.upload.filename));
    this.hash.update(chunk);
    if (this.detected) return done(null, chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < SNIFF_BYTES) return done();
    this.release().then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    // @fastify/multipart's own `fileSize` limit ends the stream early and marks it truncated.
    if ((this.upload.stream as Readable & { truncated?: boolean }).truncated) return done(fileTooLarge(this.rules, this.upload.filename));
    if (this.size === 0) return done(this.upload.filename ? fileEmpty(this.rules, this.upload.filename) : new NothingChosen());
    if (this.detected) return done();
    this.release().then(() => done(), done);
  }

  /** Decides the type from the bytes held back, then lets them through. */
  private async release(): Promise<void> {
    const head = Buffer.concat(this.head);
    this.head = [];
    // file-type loads with the first upload, not at every start (docs/performance.md).
    const { fileTypeFromBuffer } = await import('file-type');
    const type = await fileTypeFromBuffer(head);
    if (!type || !this.rules.accept.includes(type.mime)) throw fileTypeNotAccepted(this.rules, this.upload.filename);
    this.detected = type;
    this.push(head);
  }
}

/**
 * Streams one uploaded file into quarantine storage under a new key of `tenantId`, enforcing `rules`
 * while it streams. Resolves to what the record needs, or null for an empty part without a file name
 * (an empty file input). Rejects with DomainError on `rules.field`: `file.too_large` (413, as soon as
 * the limit is passed — the rest of the upload is not read), `file.type_not_accepted` (415, decided
 * from the first 4,100 bytes), `file.empty` (400). A malformed or aborted upload rejects with
 * `malformed_form` (400). In every case of rejection nothing is left in storage.
 */
export async function receiveFile(store: FileStore, tenantId: string, upload: IncomingFile, rules: UploadRules): Promise<ReceivedFile | null> {
  checkRules(rules);
  const id = randomUUID();
  const key = storageKey(tenantId, id);
  const inspector = new Inspector(rules, upload);
  // Errors travel both ways: a refusal destroys the upload stream (so @fastify/multipart stops
  // reading the request), and an aborted upload fails the write (so storage removes its temporary file).
  pipelineCallback(upload.stream, inspector, () => {});
  let size: number;
  try {
    ({ size } = await store.put(key, inspector));
  } catch (error) {
    if (error instanceof NothingChosen) return null;
    if (error instanceof DomainError) throw error;
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ERR_STREAM_PREMATURE_CLOSE' || /terminated early|Unexpected end/i.test(message ?? '')) {
      throw new DomainError('malformed_form', 400, 'error.malformed_form');
    }
    throw error;
  }
  const type = inspector.detected!;
  return {
    id,
    tenantId,
    key,
    name: displayFileName(upload.filename, type.ext, rules.fallbackName),
    mime: type.mime,
    extension: type.ext,
    size,
    sha256: inspector.hash.digest('hex'),
  };
}

/** Removes received files whose records were never written (the form was refused, the transaction failed). */
export async function discardReceivedFiles(store: FileStore, files: readonly ReceivedFile[]): Promise<void> {
  await Promise.all(files.map((file) => store.delete(file.key)));
}
