// Documents handed in before, on the apply pages: a file field offers the citizen's documents that
// went with an earlier application (listReusableFiles: REUSE_DAYS, scan passed) and that this field
// would take (its types, its size), so a KTP or a KK is chosen instead of uploaded again. A chosen one
// is checked here against that same list — an id typed into the page by hand that is not one of the
// citizen's own clean documents is the field's error — and then counts like an upload.
import type { FieldError } from '../../../platform/errors.js';
import { type Lang, t } from '../../../platform/i18n/index.js';
import { getService } from '../../catalog/index.js';
import type { ApplicantRef, ApplicationContext } from '../context.js';
import type { Answers, FileRef } from '../forms/answers.js';
import { FILE_DEFAULTS, type FieldDefinition, type GroupDefinition } from '../forms/definition.js';
import '../strings.js';
import { listReusableFiles } from './attachments.js';
import { filesAt, type Posted, postedReuses } from './posted-answers.js';

/** A document the citizen may use again, with the service it was handed in for. */
export interface ReuseOffer extends FileRef {
  uploadedAt: Date;
  serviceName: { id: string; en?: string } | null;
}

/** Offers per file field id of the group (fields without any are absent). */
export type ReuseOffers = Record<string, ReuseOffer[]>;

const fits = (field: FieldDefinition, file: FileRef) =>
  ((field.accept ?? FILE_DEFAULTS.accept) as readonly string[]).includes(file.mime) && file.size <= (field.maxBytes ?? FILE_DEFAULTS.maxBytes);

/** What each file field of the group may offer: the citizen's earlier documents of a type and size it takes. */
export async function reuseOffersFor(ctx: ApplicationContext, applicant: ApplicantRef, group: GroupDefinition): Promise<ReuseOffers> {
  const fileFields = group.fields.filter((f) => f.type === 'file');
  if (fileFields.length === 0) return {};
  const files = await listReusableFiles(ctx, { applicant });
  const names = new Map<string, ReuseOffer['serviceName']>();
  for (const serviceId of new Set(files.map((f) => f.serviceId))) {
    // A service since withdrawn from the catalogue still leaves the document usable.
    names.set(serviceId, await getService(ctx, serviceId).then((s) => s.name, () => null));
  }
  const offers: ReuseOffers = {};
  for (const field of fileFields) {
    const fitting = files.filter((f) => fits(field, f));
    if (fitting.length === 0) continue;
    offers[field.id] = fitting.map((f) => ({ fileId: f.fileId, name: f.name, mime: f.mime, size: f.size, uploadedAt: f.uploadedAt, serviceName: names.get(f.serviceId) ?? null }));
  }
  return offers;
}

/**
 * The earlier documents a posted page chose, as uploads for `withFiles`, and the errors of the fields
 * where a choice is not one of the citizen's fitting documents or where the field would take more files
 * than its maxFiles (those fields keep what they had).
 */
export async function chosenReuses(
  ctx: ApplicationContext,
  applicant: ApplicantRef,
  group: GroupDefinition,
  answers: Answers,
  posted: Posted,
  lang: Lang,
): Promise<{ uploads: { name: string; file: FileRef }[]; errors: FieldError[] }> {
  const chosen = postedReuses(group, posted);
  if (chosen.length === 0) return { uploads: [], errors: [] };
  const mine = new Map((await listReusableFiles(ctx, { applicant })).map((f) => [f.fileId, f]));
  const uploads: { name: string; file: FileRef }[] = [];
  const errors: FieldError[] = [];
  for (const { name, field, fileIds } of chosen) {
    const pointer = `/${name.split('.').join('/')}`;
    const files = fileIds.map((id) => mine.get(id));
    if (files.some((f) => !f || !fits(field, f))) {
      errors.push({ field: pointer, code: 'file', message: t(lang, 'app.answer.file') });
      continue;
    }
    const max = field.maxFiles ?? FILE_DEFAULTS.maxFiles;
    const held = filesAt(answers, group, name);
    const added = files.filter((f) => !held.some((h) => h.fileId === f!.fileId));
    // A field of one file takes the choice in place of the one it had (as an upload does).
    if (fileIds.length > max || (max > 1 && held.length + added.length > max)) {
      errors.push({ field: pointer, code: 'files_count', message: t(lang, 'app.page.reuse.too_many', { limit: max }) });
      continue;
    }
    for (const f of added) uploads.push({ name, file: { fileId: f!.fileId, name: f!.name, mime: f!.mime, size: f!.size } });
  }
  return { uploads, errors };
}
