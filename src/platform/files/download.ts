// Serving a stored file back. Only a `clean` file opens: one still in quarantine is 409, an infected
// one 410, so no officer can open a file the scanner has not passed. The caller decides who may have
// the file (its own policy and tenant checks) before calling; this file decides how it is sent: always
// as a download (`Content-Disposition: attachment`, the name RFC 5987-encoded), with the type sniffed
// at upload and `nosniff`, so a browser never renders it as a page — whatever the bytes hold.
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { DbOrTx } from '../../db/index.js';
import { DomainError, notFound } from '../errors.js';
import './strings.js';
import { findFile, type FileRecord } from './records.js';
import type { FileStore } from './storage.js';

export interface OpenedFile {
  record: FileRecord;
  stream: Readable;
}

/**
 * A tenant's clean file, ready to stream. Throws DomainError: `not_found` (404) for an unknown id,
 * `file.pending` (409) while its scan has not decided, `file.infected` (410) when it was removed.
 */
export async function openCleanFile(db: DbOrTx, store: FileStore, tenantId: string, id: string): Promise<OpenedFile> {
  const record = await findFile(db, tenantId, id);
  if (!record) throw notFound();
  if (record.state === 'pending') throw new DomainError('file.pending', 409, 'error.file.pending');
  if (record.state === 'infected') throw new DomainError('file.infected', 410, 'error.file.infected');
  return { record, stream: await store.get(record.key) };
}

/** RFC 5987 ext-value: percent-encoded UTF-8; encodeURIComponent leaves ' ( ) * as they are. */
const rfc5987 = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `attachment` with an ASCII fallback name for old clients and the exact name as `filename*`. */
export function attachmentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(name)}`;
}

// Types that are only ever data to a browser; anything else is sent as bytes.
const PASSIVE_TYPE = /^(application\/(pdf|zip|vnd\.[\w.+-]+)|image\/(jpeg|png|webp|gif|tiff|avif|heic|bmp))$/;

/**
 * Sends an opened file as a download. `cacheControl` defaults to `private, no-store`: uploads are
 * usually someone's documents, which no shared cache or back button should keep.
 */
export function sendFileDownload(reply: FastifyReply, file: OpenedFile, options: { cacheControl?: string } = {}): FastifyReply {
  const { record } = file;
  return reply
    .type(PASSIVE_TYPE.test(record.mime) ? record.mime : 'application/octet-stream')
    .header('content-length', record.size)
    .header('content-disposition', attachmentDisposition(record.name))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', options.cacheControl ?? 'private, no-store')
    .send(file.stream);
}
