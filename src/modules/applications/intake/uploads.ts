// Uploads from the apply and revision pages: a file posted with a page for one of its file fields,
// received by the platform's file handling under that field's rules (accepted types sniffed from the
// content, size), recorded as the citizen's upload (quarantined until scanned) through the intake's
// attachments, and answered as the reference the form's answers keep. The page's multipart body is
// read with a limit of the largest size a field may allow; each field's own limit applies here.
import { Readable } from 'node:stream';
import { DomainError } from '../../../platform/errors.js';
import { discardReceivedFiles, type FileStore, receiveFile } from '../../../platform/files/index.js';
import type { ApplicantRef, ApplicationContext } from '../context.js';
import type { FileRef } from '../forms/answers.js';
import { FILE_DEFAULTS, type FormDefinition, type GroupDefinition } from '../forms/definition.js';
import { recordUploads } from './attachments.js';

/** The multipart limits of the apply pages: the largest a form's file field may allow, ten files a page. */
export const UPLOAD_LIMITS = { fileSize: 20 * 1024 * 1024, files: 10, fields: 500, fieldSize: 64 * 1024 } as const;

export interface UploadInput {
  applicant: ApplicantRef;
  serviceId: string;
  form: FormDefinition;
  group: GroupDefinition;
  /** The input's name (`surat`, `anggota.0.ktp`). */
  input: string;
  filename: string;
  data: Buffer;
}

export async function storeUpload(ctx: ApplicationContext, store: FileStore, input: UploadInput): Promise<FileRef> {
  const fieldId = input.input.split('.').at(-1)!;
  const field = input.group.fields.find((f) => f.id === fieldId && f.type === 'file');
  if (!field) throw new DomainError('application.field_not_file', 404, 'app.error.field_not_file', { field: fieldId });
  const rules = { accept: field.accept ?? FILE_DEFAULTS.accept, maxBytes: field.maxBytes ?? FILE_DEFAULTS.maxBytes, field: `/${input.input.split('.').join('/')}` };
  const received = await receiveFile(store, ctx.tenant.id, { stream: Readable.from([input.data]), filename: input.filename }, rules);
  if (!received) throw new DomainError('validation', 400, 'error.validation', {}, [{ field: rules.field, code: 'required', messageKey: 'app.answer.file' }]);
  try {
    const [file] = await recordUploads(ctx, { applicant: input.applicant, serviceId: input.serviceId, fieldId, files: [received] });
    return { fileId: file!.fileId, name: file!.name, mime: file!.mime, size: file!.size };
  } catch (error) {
    await discardReceivedFiles(store, [received]);
    throw error;
  }
}
