// A multipart form (@fastify/multipart, registered by the route's scope) read in one place: the
// handler gets the text fields and the non-empty files (or, with `onFile`, each file as it streams
// in, never buffered). Multipart bodies are streamed to the handler,
// after the input guard has run, so the guard's rule (input-guard.ts: no text the database cannot
// store) is applied here to field names, values and file names. A file over the scope's `fileSize`
// limit becomes the caller's own error, which names the file.
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';
import { isStorableText, pointerSegment, unstorableTextError } from './input-guard.js';

export interface FormFile {
  field: string;
  filename: string;
  data: Buffer;
}

/** A file part handed to `onFile` as it arrives: its bytes are still on the wire. */
export interface StreamedFormFile {
  field: string;
  filename: string;
  stream: Readable;
}

export interface ReadFormOptions {
  /** Filled as the fields arrive, so what was typed before a refused file is kept for the re-rendered form. */
  values?: Record<string, string>;
  /** The error for a file over the `fileSize` limit (default: the plugin's own, a 413). */
  fileTooLarge?: (filename: string) => Error;
  /**
   * Takes each file part while it streams in (e.g. into platform files' `receiveFile`), instead of
   * buffering it here; it must read or destroy the stream. Resolving false stops reading the body
   * there: a refused file's rest, and whatever follows it, is never read. No `files` are returned.
   */
  onFile?: (file: StreamedFormFile) => Promise<boolean>;
}

export async function readMultipartForm(
  request: FastifyRequest,
  options: ReadFormOptions = {},
): Promise<{ values: Record<string, string>; files: FormFile[] }> {
  const values = options.values ?? {};
  const files: FormFile[] = [];
  const unstorable = new Set<string>();
  const check = (text: string, field: string) => {
    if (!isStorableText(text)) unstorable.add(field);
  };
  try {
    for await (const part of request.parts()) {
      const field = `/${pointerSegment(part.fieldname)}`;
      check(part.fieldname, field);
      if (part.type === 'file') {
        check(part.filename, field);
        if (options.onFile) {
          // A name the database cannot store refuses the form anyway: its bytes need not be read.
          if (unstorable.size > 0 || !(await options.onFile({ field: part.fieldname, filename: part.filename, stream: part.file }))) break;
          continue;
        }
        const data = await part.toBuffer().catch((error: { code?: string }) => {
          throw error.code === 'FST_REQ_FILE_TOO_LARGE' && options.fileTooLarge ? options.fileTooLarge(part.filename) : error;
        });
        // An empty file input is sent as an empty part.
        if (data.length > 0) files.push({ field: part.fieldname, filename: part.filename, data });
      } else if (typeof part.value === 'string') {
        check(part.value, field);
        values[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    const { statusCode, code } = error as { statusCode?: number; code?: string };
    // A url-encoded body where a multipart form is expected: the plugin says 406, but it is the
    // body's type that is not accepted.
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      throw new DomainError('unsupported_media_type', 415, 'error.unsupported_media_type', { contentType: String(request.headers['content-type'] ?? '-') });
    }
    // Limits (413) and our own errors stand; anything else the parser threw ("Boundary not found",
    // "Unexpected end of form") is a body that is not a form: the client's fault, not the server's.
    if (error instanceof DomainError || (statusCode !== undefined && statusCode < 500)) throw error;
    throw new DomainError('malformed_form', 400, 'error.malformed_form');
  }
  if (unstorable.size > 0) throw unstorableTextError(request.lang, [...unstorable]);
  return { values, files };
}
