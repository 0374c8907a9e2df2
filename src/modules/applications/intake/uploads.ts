// Uploads from the apply pages: a file posted for a file field, checked against that field's accepted
// types, size and count, stored and quarantined by the platform's file handling, and answered as the
// reference the form's answers keep. The platform's file handling (src/platform/files, on main) is
// merged into this branch with the applications API's attachments; until then an upload is refused
// with a clear message instead of being lost silently.
import { DomainError } from '../../../platform/errors.js';
import type { ApplicantRef, ApplicationContext } from '../context.js';
import type { FileRef } from '../forms/answers.js';
import type { FormDefinition, GroupDefinition } from '../forms/definition.js';

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

export async function storeUpload(_ctx: ApplicationContext, _input: UploadInput): Promise<FileRef> {
  throw new DomainError('application.upload_unavailable', 503, 'app.page.upload_unavailable');
}
