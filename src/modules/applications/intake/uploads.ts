// Uploads from the apply and revision pages: a file posted with a page for one of its file fields is
// streamed straight into the platform's file intake under that field's rules (accepted types sniffed
// from the first bytes, size counted as it arrives) — as the API's upload does, never buffered whole —
// recorded as the citizen's upload (quarantined until scanned) through the intake's attachments, and
// answered as the reference the form's answers keep. A refused file (413 too large, 415 wrong type)
// stops the reading of the body there: its rest is never read, and the page comes back with the error
// and what was typed before it. The plugin's own limit is the largest size a field may allow.
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import { discardReceivedFiles, type FileStore, receiveFile } from '../../../platform/files/index.js';
import { readMultipartForm } from '../../../platform/http/multipart.js';
import type { ApplicantRef, ApplicationContext } from '../context.js';
import type { FileRef } from '../forms/answers.js';
import { FILE_DEFAULTS, type GroupDefinition } from '../forms/definition.js';
import { recordUploads } from './attachments.js';

/** The multipart limits of the apply pages: the largest a form's file field may allow, ten files a page. */
export const UPLOAD_LIMITS = { fileSize: 20 * 1024 * 1024, files: 10, fields: 500, fieldSize: 64 * 1024 } as const;

export interface UploadInput {
  applicant: ApplicantRef;
  serviceId: string;
  /** The group of the page the input belongs to (none: not an input of the form). */
  group: GroupDefinition | undefined;
  /** The input's name (`surat`, `anggota.0.ktp`). */
  input: string;
  filename: string;
  stream: Readable;
}

/** Streams one file into quarantine under its field's rules and records it as the citizen's; null for an empty file input. */
export async function storeUpload(ctx: ApplicationContext, store: FileStore, input: UploadInput): Promise<FileRef | null> {
  const fieldId = input.input.split('.').at(-1)!;
  const field = input.group?.fields.find((f) => f.id === fieldId && f.type === 'file');
  if (!field) {
    input.stream.destroy();
    throw new DomainError('application.field_not_file', 404, 'app.error.field_not_file', { field: fieldId });
  }
  const rules = { accept: field.accept ?? FILE_DEFAULTS.accept, maxBytes: field.maxBytes ?? FILE_DEFAULTS.maxBytes, field: `/${input.input.split('.').join('/')}` };
  const received = await receiveFile(store, ctx.tenant.id, { stream: input.stream, filename: input.filename }, rules);
  if (!received) return null;
  try {
    const [file] = await recordUploads(ctx, { applicant: input.applicant, serviceId: input.serviceId, fieldId, files: [received] });
    return { fileId: file!.fileId, name: file!.name, mime: file!.mime, size: file!.size };
  } catch (error) {
    await discardReceivedFiles(store, [received]);
    throw error;
  }
}

export interface PageForm {
  /** The text fields read (up to a refused file: what followed it was not read). */
  values: Record<string, string>;
  /** The files taken, by input name. */
  uploads: { name: string; file: FileRef }[];
  /** A refused file: its input name and the error with the field's message (413, 415, 400). */
  refused?: { name: string; error: DomainError };
}

/**
 * Reads a page's multipart body, streaming each file into the intake as it arrives (storeUpload). A
 * file refused with field errors ends the reading; any other error is thrown.
 */
export async function receivePageForm(
  ctx: ApplicationContext,
  store: FileStore,
  request: FastifyRequest,
  page: { applicant: ApplicantRef; serviceId: string; groupOf: (input: string) => GroupDefinition | undefined },
): Promise<PageForm> {
  const uploads: PageForm['uploads'] = [];
  let refused: PageForm['refused'];
  const { values } = await readMultipartForm(request, {
    onFile: async ({ field, filename, stream }) => {
      try {
        const file = await storeUpload(ctx, store, { applicant: page.applicant, serviceId: page.serviceId, group: page.groupOf(field), input: field, filename, stream });
        if (file) uploads.push({ name: field, file });
        return true;
      } catch (error) {
        if (!(error instanceof DomainError) || error.fieldErrors.length === 0) throw error;
        refused = { name: field, error };
        return false;
      }
    },
  });
  return { values, uploads, ...(refused ? { refused } : {}) };
}
