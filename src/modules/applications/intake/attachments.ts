// Attachments: the files a form's upload fields take (platform/files does the streaming, the limits,
// the type sniffing, the quarantine and the scan). A citizen uploads to a field of a service's form
// before submitting — the field's own limits (types, size, count) apply while the file streams in —
// and the upload is recorded as theirs. Their answers then name files by id; the server, not the
// client, says what a named file's name, type and size are, and only the citizen's own uploads count.
// A document they already handed in with an application (a KTP, a KK) may be named again in a later
// form within REUSE_DAYS, instead of being uploaded again.
import { withTenant, type Tx } from '../../../db/index.js';
import { localDate } from '../../../platform/calendar/index.js';
import { DomainError, notFound, type PendingFieldError } from '../../../platform/errors.js';
import { type FileRecord, findFile, type FileState, type OpenedFile, openCleanFile, type ReceivedFile, recordFiles, type FileStore, type UploadRules } from '../../../platform/files/index.js';
import { listServiceVersions, type VersionRow } from '../../catalog/index.js';
import type { ApplicantRef, ApplicationContext } from '../context.js';
import { type Answers, fileIdOf, type FileRef, filesIn, mapFileEntries } from '../forms/answers.js';
import { FILE_DEFAULTS, type FieldDefinition, fieldsOf, type FormDefinition } from '../forms/definition.js';
import type { Loaded } from '../handling/transition.js';
import { frozenVersion } from '../setup/service.js';
import '../strings.js';
import { insertUploads, selectSubmittedUploads, selectUploadsOf } from './store.js';

/** How long a document handed in with an application may be named again in another form (days). */
export const REUSE_DAYS = 365;
const DAY_MS = 86_400_000;

export const notOnline = () => new DomainError('application.not_online', 409, 'app.error.not_online');

/**
 * The version of the service in effect today, with its form and workflow; refused when it takes no
 * online application. `listed`: the service's versions already asked for (a batch's, read ahead).
 */
export async function versionInEffect(
  ctx: ApplicationContext,
  serviceId: string,
  listed?: Promise<VersionRow[]>,
): Promise<{ version: VersionRow; form: FormDefinition; def: Loaded['def'] }> {
  const today = localDate(ctx.now().getTime(), ctx.tenant.timeZone);
  const versions = await (listed ?? listServiceVersions(ctx, serviceId));
  const version = versions.find((v) => v.effectiveFrom <= today);
  if (!version) throw new DomainError('catalog.service_not_found', 404, 'error.catalog.service_not_found');
  const frozen = await frozenVersion(ctx, version.id);
  if (!frozen) throw notOnline();
  return { version, form: frozen.form, def: frozen.workflow };
}

/** A file as the applicant's answers and pages show it, with its quarantine state. */
export interface UploadedFile extends FileRef {
  state: FileState;
  uploadedAt: Date;
}

const uploadedFile = (record: FileRecord): UploadedFile => ({
  fileId: record.id,
  name: record.name,
  mime: record.mime,
  size: Number(record.size),
  state: record.state,
  uploadedAt: record.createdAt,
});

/** The limits of a file field of the service's form in effect: the platform's upload rules, and how many files it takes. */
export async function getUploadRules(ctx: ApplicationContext, input: { serviceId: string; fieldId: string }): Promise<{ rules: UploadRules; maxFiles: number }> {
  const { form } = await versionInEffect(ctx, input.serviceId);
  const field = fieldsOf(form).find((f) => f.field.id === input.fieldId && f.field.type === 'file')?.field;
  if (!field) throw new DomainError('application.field_not_file', 404, 'app.error.field_not_file', { field: input.fieldId });
  return { rules: uploadRulesOf(field), maxFiles: field.maxFiles ?? FILE_DEFAULTS.maxFiles };
}

/** A file field's limits as the platform's upload rules (errors on the field's own name). */
export const uploadRulesOf = (field: FieldDefinition): UploadRules => ({
  accept: field.accept ?? FILE_DEFAULTS.accept,
  maxBytes: field.maxBytes ?? FILE_DEFAULTS.maxBytes,
  field: `/${field.id}`,
});

/**
 * Records files received for a field of a service's form as the applicant's uploads: each file's record
 * (pending, its scan job queued) and who uploaded it, in one transaction. The caller discards the
 * received bytes when this throws.
 */
export async function recordUploads(
  ctx: ApplicationContext,
  input: { applicant: ApplicantRef; serviceId: string; fieldId: string; files: readonly ReceivedFile[] },
): Promise<UploadedFile[]> {
  const now = ctx.now();
  const by = input.applicant.assisted ? `officer:${input.applicant.assisted.officerId}` : `citizen:${input.applicant.citizenId}`;
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await recordFiles(trx, input.files);
    await insertUploads(
      trx,
      ctx.tenant.id,
      input.files.map((f) => ({ fileId: f.id, citizenId: input.applicant.citizenId, serviceId: input.serviceId, fieldId: input.fieldId, uploadedBy: by, createdAt: now })),
    );
    return input.files.map((f) => ({ fileId: f.id, name: f.name, mime: f.mime, size: f.size, state: 'pending' as const, uploadedAt: now }));
  });
}

/** Documents the citizen handed in with an application in the last REUSE_DAYS and that passed the scan: a later form may name them again. */
export async function listReusableFiles(ctx: ApplicationContext, input: { applicant: ApplicantRef }): Promise<(UploadedFile & { fieldId: string; serviceId: string })[]> {
  const since = new Date(ctx.now().getTime() - REUSE_DAYS * DAY_MS);
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const rows = await selectSubmittedUploads(trx, ctx.tenant.id, input.applicant.citizenId, since, 100);
    const out: (UploadedFile & { fieldId: string; serviceId: string })[] = [];
    for (const row of rows) {
      const record = await findFile(trx, ctx.tenant.id, row.fileId);
      if (record?.state === 'clean') out.push({ ...uploadedFile(record), fieldId: row.fieldId, serviceId: row.serviceId });
    }
    return out;
  });
}

/** One of the applicant's own uploads, to download (clean only: pending 409, infected 410); another's is a 404. */
export async function openMyUpload(ctx: ApplicationContext, input: { applicant: ApplicantRef; fileId: string; store: FileStore }): Promise<OpenedFile> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const [own] = await selectUploadsOf(trx, ctx.tenant.id, input.applicant.citizenId, [input.fileId]);
    if (!own) throw notFound();
    return openCleanFile(trx, input.store, ctx.tenant.id, input.fileId);
  });
}

/**
 * The answers with each named file replaced by what the server knows of it (name, real type, size),
 * and the problems with the files named: one that is not the applicant's upload (or older than
 * REUSE_DAYS), or one the scanner found infected. A file still being scanned is accepted (officers
 * cannot open it until the scan passes it).
 */
export async function resolveFileAnswers(
  ctx: ApplicationContext,
  trx: Tx,
  applicant: ApplicantRef,
  form: FormDefinition,
  raw: unknown,
): Promise<{ answers: unknown; check(answers: Answers): PendingFieldError[] }> {
  const ids = new Set<string>();
  mapFileEntries(form, raw, (entry) => {
    const id = fileIdOf(entry);
    if (id) ids.add(id);
    return entry;
  });
  const since = ctx.now().getTime() - REUSE_DAYS * DAY_MS;
  const known = new Map<string, FileRecord>();
  for (const upload of await selectUploadsOf(trx, ctx.tenant.id, applicant.citizenId, [...ids].filter((id) => UUID.test(id)))) {
    const record = await findFile(trx, ctx.tenant.id, upload.fileId);
    if (record && upload.createdAt.getTime() >= since) known.set(record.id, record);
  }
  const answers = mapFileEntries(form, raw, (entry) => {
    const record = known.get(fileIdOf(entry) ?? '');
    return record ? { fileId: record.id, name: record.name, mime: record.mime, size: Number(record.size) } : entry;
  });
  return {
    answers,
    check: (checked) =>
      filesIn(form, checked).flatMap(({ fieldId, file }): PendingFieldError[] => {
        const record = known.get(file.fileId);
        if (!record) return [{ field: `/answers/${fieldId}`, code: 'file', messageKey: 'app.answer.file' }];
        if (record.state === 'infected') return [{ field: `/answers/${fieldId}`, code: 'file_infected', messageKey: 'app.answer.file_infected' }];
        return [];
      }),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
