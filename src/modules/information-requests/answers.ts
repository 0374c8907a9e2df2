// The answer delivered as files and by the way the requester chose (DOMAIN.md §4, issue 21): the PPID
// uploads the documents holding the information for one request (into quarantine: platform/files scans
// them), the decision names those it delivers — only clean ones, and only for a grant; the requester
// downloads them from their request's page; a requester who chose e-mail gets a link that opens the
// answer and its files without signing in (a 128-bit random token, only its SHA-256 stored, expiring
// after ANSWER_LINK_DAYS); a copy handed over or sent is recorded with its day and way. Every download
// is audited. Services take (ctx, input); the time is ctx.now().
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type Tx, withTenant } from '../../db/index.js';
import type { CopyHandoverMethod, InformationDecision } from '../../db/schema-information-requests.js';
import { localDate } from '../../platform/calendar/index.js';
import { actorRef, type TenantContext } from '../../platform/context.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import { FILE_TYPES, findFile, type FileStore, type FileState, openCleanFile, type ReceivedFile, recordFiles } from '../../platform/files/index.js';
import { type AnswerFileRow, insertAnswerFile, insertAnswerLink, markAnswerFilesDelivered, type RequestRow, selectAnswerFiles, selectAnswerLinkByToken, selectRequest, updateRequest } from './store.js';
import './strings.js';

/** What an answer file may be: the documents holding the information (scans, PDFs, spreadsheets, office documents). */
export const ANSWER_FILE_RULES = {
  accept: [FILE_TYPES.pdf, FILE_TYPES.jpeg, FILE_TYPES.png, FILE_TYPES.webp, FILE_TYPES.docx, FILE_TYPES.xlsx, FILE_TYPES.odt, FILE_TYPES.ods],
  maxBytes: 20 * 1024 * 1024,
  field: '/file',
} as const;
/** At most this many files per request (a larger answer is an archive or a copy on a medium). */
export const MAX_ANSWER_FILES = 10;
/** How long an answer link works: long enough to read the e-mail after a holiday, short enough that a forwarded mail goes stale. */
export const ANSWER_LINK_DAYS = 30;
/** Decisions that give information, and so may carry files; a refusal carries its written answer only. */
export const GRANTS: readonly InformationDecision[] = ['granted_full', 'granted_part'];
export const COPY_METHODS: readonly CopyHandoverMethod[] = ['in_person', 'post', 'courier'];

const TOKEN = /^[A-Za-z0-9_-]{22}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = 86_400_000;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const notFound = () => new DomainError('information.not_found', 404, 'ppid.error.not_found');
const invalid = (errors: PendingFieldError[]) => new DomainError('information.invalid', 400, 'ppid.error.invalid', {}, errors);

/** The answer link's page: …/t/<tenant>/informasi-publik/jawaban/<token>. */
export const answerLinkPath = (token: string) => `/informasi-publik/jawaban/${token}`;

export interface AnswerFileView {
  id: string;
  name: string;
  mime: string;
  size: number;
  uploadedAt: string;
  /** Named by the decision: the requester may download it. */
  delivered: boolean;
  /** The malware scan's state (officers' view; delivered files are always clean). */
  state: FileState;
}

/** The answer files of a request as its reader may see them: the requester only the delivered ones; officers all, with their scan state. */
export async function readAnswerFiles(trx: Tx, ctx: TenantContext, requestId: string): Promise<AnswerFileView[]> {
  const officer = ctx.actor.kind === 'officer';
  const rows = await selectAnswerFiles(trx, ctx.tenant.id, requestId, !officer);
  const views: AnswerFileView[] = [];
  for (const row of rows) {
    // Only an undelivered file can still be waiting for its scan (a decision delivers clean files only).
    const state: FileState = row.delivered_at ? 'clean' : ((await findFile(trx, ctx.tenant.id, row.file_id))?.state ?? 'pending');
    views.push({ id: row.file_id, name: row.name, mime: row.mime, size: Number(row.size), uploadedAt: row.uploaded_at.toISOString(), delivered: row.delivered_at !== null, state });
  }
  return views;
}

/**
 * The PPID's upload of an answer file for an undecided request, received into quarantine (its scan
 * queued in the same transaction); the decision then names it by id. The caller discards the bytes if
 * this fails.
 */
export async function recordAnswerFile(ctx: TenantContext, input: { id: string; file: ReceivedFile }): Promise<AnswerFileView> {
  if (ctx.actor.kind !== 'officer' || !UUID.test(input.id)) throw notFound();
  const now = ctx.now();
  const file = input.file;
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await selectRequest(trx, ctx.tenant.id, input.id, true);
    if (!row) throw notFound();
    if (row.decision) throw new DomainError('information.already_decided', 409, 'ppid.error.already_decided');
    const existing = await selectAnswerFiles(trx, ctx.tenant.id, row.id, false);
    if (existing.length >= MAX_ANSWER_FILES) throw new DomainError('information.too_many_answer_files', 409, 'ppid.error.too_many_answer_files', { max: MAX_ANSWER_FILES });
    await recordFiles(trx, [file]);
    await insertAnswerFile(trx, { tenant_id: ctx.tenant.id, request_id: row.id, file_id: file.id, name: file.name, mime: file.mime, size: file.size, uploaded_by: actorRef(ctx.actor), uploaded_at: now, delivered_at: null });
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'information.answer_file_uploaded', subject: `information_request:${row.id}`, data: { file: file.id, sha256: file.sha256, size: file.size, mime: file.mime }, at: now });
  });
  return { id: file.id, name: file.name, mime: file.mime, size: file.size, uploadedAt: now.toISOString(), delivered: false, state: 'pending' };
}

/**
 * Checks the files a decision names (in the decision's transaction) and marks them delivered: each
 * must be one of this request's uploads (400 otherwise: another request's, another tenant's, a
 * citizen's upload or an unknown id), and clean (409 while its scan is pending, or when it was found
 * infected). Only a grant carries files.
 */
export async function deliverAnswerFiles(trx: Tx, ctx: TenantContext, row: RequestRow, decision: InformationDecision, fileIds: readonly string[]): Promise<number> {
  if (fileIds.length === 0) return 0;
  if (!GRANTS.includes(decision)) throw invalid([{ field: '/answerFileIds', code: 'not_a_grant', messageKey: 'ppid.error.answer_files_refusal' }]);
  const uploaded = new Map((await selectAnswerFiles(trx, ctx.tenant.id, row.id, false)).map((f) => [f.file_id, f] as [string, AnswerFileRow]));
  const unknown = fileIds.flatMap((id, i) => (uploaded.has(id) && fileIds.indexOf(id) === i ? [] : [{ field: `/answerFileIds/${i}`, code: 'unknown', messageKey: 'ppid.error.answer_file_unknown' as const }]));
  if (unknown.length > 0) throw invalid(unknown);
  for (const [i, id] of fileIds.entries()) {
    const file = uploaded.get(id)!;
    const state = (await findFile(trx, ctx.tenant.id, id))?.state ?? 'pending';
    if (state === 'pending') throw new DomainError('information.answer_file_pending', 409, 'ppid.error.answer_file_pending', { name: file.name }, [{ field: `/answerFileIds/${i}`, code: 'pending', messageKey: 'ppid.error.answer_file_pending', vars: { name: file.name } }]);
    if (state === 'infected') throw new DomainError('information.answer_file_infected', 409, 'ppid.error.answer_file_infected', { name: file.name }, [{ field: `/answerFileIds/${i}`, code: 'infected', messageKey: 'ppid.error.answer_file_infected', vars: { name: file.name } }]);
  }
  await markAnswerFilesDelivered(trx, ctx.tenant.id, row.id, fileIds, ctx.now());
  return fileIds.length;
}

/** A new answer link for a decided request (in the decision's transaction); the token is returned once and only its hash kept. */
export async function createAnswerLink(trx: Tx, ctx: TenantContext, requestId: string): Promise<{ token: string; expiresAt: Date }> {
  const now = ctx.now();
  const token = randomBytes(16).toString('base64url');
  const expiresAt = new Date(now.getTime() + ANSWER_LINK_DAYS * DAY);
  await insertAnswerLink(trx, { tenant_id: ctx.tenant.id, id: randomUUID(), request_id: requestId, token_sha256: hashOf(token), created_at: now, expires_at: expiresAt });
  return { token, expiresAt };
}

async function auditDownload(trx: Tx, ctx: TenantContext, requestId: string, file: { id: string; sha256: string }, via: 'account' | 'link') {
  await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'information.answer_file_downloaded', subject: `information_request:${requestId}`, data: { file: file.id, sha256: file.sha256, via }, at: ctx.now() });
}

export interface OpenedAnswerFile {
  name: string;
  record: Awaited<ReturnType<typeof openCleanFile>>['record'];
  stream: Readable;
}

/**
 * One answer file for a signed-in reader: the requester (a delivered file of their own request; another
 * citizen's request is a 404) or an officer the route's policy let in (any of the request's files).
 * Audited (`information.answer_file_downloaded`) in the transaction that reads it.
 */
export async function openAnswerFile(ctx: TenantContext, store: FileStore, input: { id: string; fileId: string }): Promise<OpenedAnswerFile> {
  if (!UUID.test(input.id) || !UUID.test(input.fileId)) throw notFound();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await selectRequest(trx, ctx.tenant.id, input.id);
    const officer = ctx.actor.kind === 'officer';
    if (!row || !(officer || (ctx.actor.kind === 'citizen' && row.citizen_id === ctx.actor.id))) throw notFound();
    const file = (await selectAnswerFiles(trx, ctx.tenant.id, row.id, !officer)).find((f) => f.file_id === input.fileId);
    if (!file) throw notFound();
    const opened = await openCleanFile(trx, store, ctx.tenant.id, file.file_id);
    await auditDownload(trx, ctx, row.id, opened.record, 'account');
    return { name: file.name, ...opened };
  });
}

export interface AnswerLinkView {
  number: string;
  decision: InformationDecision;
  answer: string;
  redaction: string | null;
  decidedAt: string;
  expiresAt: string;
  files: AnswerFileView[];
}

async function findLink(trx: Tx, ctx: TenantContext, token: string) {
  if (!TOKEN.test(token)) throw linkNotFound();
  const link = await selectAnswerLinkByToken(trx, ctx.tenant.id, hashOf(token));
  const row = link && (await selectRequest(trx, ctx.tenant.id, link.request_id));
  if (!link || !row?.decision) throw linkNotFound();
  if (link.expires_at.getTime() <= ctx.now().getTime()) throw new DomainError('information.answer_link_expired', 410, 'ppid.link.expired');
  return { link, row };
}

/** What an answer link shows to whoever holds it: the decision's written answer and its delivered files. Unknown: 404; expired: 410. */
export async function openAnswerLink(ctx: TenantContext, input: { token: string }): Promise<AnswerLinkView> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const { link, row } = await findLink(trx, ctx, input.token);
    const files = await selectAnswerFiles(trx, ctx.tenant.id, row.id, true);
    return {
      number: row.number,
      decision: row.decision!,
      answer: row.answer_text ?? '',
      redaction: row.redaction,
      decidedAt: row.decided_at!.toISOString(),
      expiresAt: link.expires_at.toISOString(),
      files: files.map((f) => ({ id: f.file_id, name: f.name, mime: f.mime, size: Number(f.size), uploadedAt: f.uploaded_at.toISOString(), delivered: true, state: 'clean' as const })),
    };
  });
}

/** One delivered answer file through a link, under the same conditions as its page; audited as read through the link. */
export async function openAnswerLinkFile(ctx: TenantContext, store: FileStore, input: { token: string; fileId: string }): Promise<OpenedAnswerFile> {
  if (!UUID.test(input.fileId)) throw linkNotFound();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const { row } = await findLink(trx, ctx, input.token);
    const file = (await selectAnswerFiles(trx, ctx.tenant.id, row.id, true)).find((f) => f.file_id === input.fileId);
    if (!file) throw linkNotFound();
    const opened = await openCleanFile(trx, store, ctx.tenant.id, file.file_id);
    await auditDownload(trx, ctx, row.id, opened.record, 'link');
    return { name: file.name, ...opened };
  });
}

function linkNotFound(): DomainError {
  return new DomainError('information.answer_link_not_found', 404, 'ppid.link.not_found');
}

/**
 * The PPID records that the copy (salinan) was handed over or sent: the day (not in the future, not
 * before the decision) and how. Only after a grant; once (409 again).
 */
export async function recordCopyHandover(ctx: TenantContext, input: { id: string; handedOverOn: string; method: string }): Promise<void> {
  if (!UUID.test(input.id)) throw notFound();
  const errors: PendingFieldError[] = [];
  const today = localDate(ctx.now().getTime(), ctx.tenant.timeZone);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(input.handedOverOn) && !Number.isNaN(Date.parse(`${input.handedOverOn}T00:00:00Z`)) ? input.handedOverOn : undefined;
  if (!day) errors.push({ field: '/handedOverOn', code: 'required', messageKey: 'ppid.error.copy_day' });
  else if (day > today) errors.push({ field: '/handedOverOn', code: 'future', messageKey: 'ppid.error.copy_future' });
  if (!(COPY_METHODS as readonly string[]).includes(input.method)) errors.push({ field: '/method', code: 'enum', messageKey: 'ppid.error.copy_method' });
  if (errors.length > 0) throw invalid(errors);
  const now = ctx.now();
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await selectRequest(trx, ctx.tenant.id, input.id, true);
    if (!row) throw notFound();
    if (!row.decision || !GRANTS.includes(row.decision)) throw new DomainError('information.copy_not_granted', 409, 'ppid.error.copy_not_granted');
    if (row.copy_handed_over_on) throw new DomainError('information.copy_recorded', 409, 'ppid.error.copy_recorded');
    if (row.decided_on && day! < row.decided_on) throw invalid([{ field: '/handedOverOn', code: 'before_decision', messageKey: 'ppid.error.copy_before_decision' }]);
    await updateRequest(trx, ctx.tenant.id, row.id, { copy_handed_over_on: day!, copy_handover_method: input.method as CopyHandoverMethod, copy_recorded_at: now, copy_recorded_by: actorRef(ctx.actor) });
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'information.copy_handed_over', subject: `information_request:${row.id}`, data: { on: day!, method: input.method }, at: now });
  });
}
