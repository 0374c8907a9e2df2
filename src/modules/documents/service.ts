// The documents module's business rules: issuing a signed document for an application, verifying it
// by code or by file, revoking it, and the holder's own list and downloads. Services take (ctx, input);
// the time is ctx.now().
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { withTenant } from '../../db/index.js';
import type { DocumentRow } from './store.js';
import type { DocumentType, PrintedField } from '../../db/schema-documents.js';
import type { TenantContext } from '../../platform/context.js';
import { actorRef } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import type { FileStore } from '../../platform/files/index.js';
import { storageKey } from '../../platform/files/index.js';
import { t } from '../../platform/i18n/index.js';
import { newTrackingNumber } from '../../platform/tracking-number.js';
import { type ApplicationContext, frozenVersion, getApplication } from '../applications/index.js';
import { documentValidUntil, getServiceVersion } from '../catalog/index.js';
import { getCitizenContact } from '../identity/index.js';
import type { KeyDeps } from './keys.js';
import { printedFields } from './template.js';

/**
 * The drawing and signing stack (pdf-lib, pkijs, asn1js, @signpdf), loaded when the first document is
 * issued, not at every start (issue 16's cold start and idle memory): few processes ever sign.
 */
const signingStack = () => Promise.all([import('./keys.js'), import('./signing/pool.js')]);
import {
  insertDocument,
  revokeDocumentRow,
  selectDocument,
  selectDocumentByApplication,
  selectDocumentByCode,
  selectDocumentByCodeOnce,
  selectDocumentBySha256,
  selectDocumentsOfHolder,
  selectIssuedDocuments,
} from './store.js';
import { cursorInvalid, decodeCursor, pageOf } from '../../platform/cursor.js';
import './strings.js';

/** The module-level default template: what every service issues until per-service templates exist. */
export const DEFAULT_VALIDITY_DAYS = 5 * 365;

export interface IssueDeps {
  keys: KeyDeps;
  files: FileStore;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
/** 128 random bits in RFC 4648 base32, lower case, no padding: 26 characters, URL-safe. */
export function newVerificationCode(): string {
  const bytes = randomBytes(16);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

const CODE = /^[a-z2-7]{26}$/;

/** The canonical code from what was typed or scanned (case and surrounding spaces forgiven), or a 400. */
export function parseVerificationCode(input: string): string {
  const code = input.trim().toLowerCase();
  if (!CODE.test(code)) throw new DomainError('documents.bad_code', 400, 'doc.error.bad_code');
  return code;
}

export function verificationUrl(publicBaseUrl: string, tenantSlug: string, code: string): string {
  return `${publicBaseUrl.replace(/\/$/, '')}/t/${tenantSlug}/verify/${code}`;
}

/**
 * Issues and signs the document of a closed application (outcome issued/approved), signed with the
 * tenant's key — the path of workflows without a signing step (signing-step.ts has the other).
 * Idempotent: a second call for the same application returns the document already there.
 */
export async function issueApplicationDocument(ctx: ApplicationContext, deps: IssueDeps, input: { applicationId: string; applicantId: string; outcome: string }): Promise<DocumentRow> {
  const tenantId = ctx.tenant.id;
  const existing = await withTenant(ctx.db, tenantId, (trx) => selectDocumentByApplication(trx, tenantId, input.applicationId));
  if (existing) return existing;
  return issueDocument(ctx, deps, await applicationDocumentInput(ctx, input));
}

/** What the document of an application prints: its type by the outcome, the service, agency, holder and application number. */
export async function applicationDocumentInput(ctx: ApplicationContext, input: { applicationId: string; applicantId: string; outcome: string }): Promise<IssueInput> {
  const tenantId = ctx.tenant.id;
  const detail = await getApplication(ctx, { viewer: { kind: 'applicant', applicant: { citizenId: input.applicantId, assurance: 'unverified', assisted: null } }, applicationId: input.applicationId });
  const holder = await getCitizenContact({ ...ctx, actor: { kind: 'system', id: 'documents' } }, tenantId, input.applicantId, 'documents.issue');
  // The version's own template when it has one (frozen with it), else the module's default.
  const template = (await getServiceVersion(ctx, detail.service.versionId)).content.documentTemplate ?? null;
  const type: DocumentType = template?.kind ?? (input.outcome === 'approved' ? 'surat_keterangan' : 'izin');
  const fields: PrintedField[] = [{ label: ctx.lang === 'en' ? 'Application number' : 'Nomor permohonan', value: detail.trackingNumber }];
  if (template) fields.push(...printedFields(template, detail.answers, (await frozenVersion(ctx, detail.service.versionId))?.form ?? null));
  return {
    type,
    title: template?.title.id || `${t(ctx.lang, `doc.type.${type}`)} ${detail.service.name.id}`,
    applicationId: detail.id,
    trackingNumber: detail.trackingNumber,
    serviceId: detail.service.id,
    serviceName: detail.service.name.id,
    agencyId: detail.service.agency.id,
    agencyName: detail.service.agency.name,
    holderCitizenId: input.applicantId,
    holderName: holder.name,
    fields,
    validityDays: DEFAULT_VALIDITY_DAYS,
    ...(template ? { validityMonths: template.validityMonths, signerPosition: template.signerPosition } : {}),
  };
}

export interface IssueInput {
  type: DocumentType;
  title: string;
  applicationId: string | null;
  trackingNumber: string | null;
  serviceId: string | null;
  serviceName: string;
  agencyId: string;
  agencyName: string;
  holderCitizenId: string;
  holderName: string;
  fields: PrintedField[];
  /** null: valid without end. */
  validityDays: number | null;
  /** A template's validity in calendar months (null: without end); when given, it replaces validityDays. */
  validityMonths?: number | null;
  /** The signer's position as printed (default: the agency's name). */
  signerPosition?: string;
}

/** A document's identity, fixed before it is drawn (a prepared document has it before its signature). */
export interface DocumentIdentity {
  id: string;
  code: string;
  number: string;
}

export function newDocumentIdentity(): DocumentIdentity {
  return { id: randomUUID(), code: newVerificationCode(), number: newTrackingNumber('DOK') };
}

/** The columns a signature fills in, from the issue time on. */
export interface SignedColumns {
  issued_at: Date;
  valid_until: Date | null;
  signing_key_id: string;
  signer_name: string;
  signer_position: string;
  storage_key: string;
  sha256: string;
  development: boolean;
}

/**
 * Draws the document, signs it with the tenant's current key and stores the PDF; writes no row, so the
 * slow part runs before the caller's transaction. The printed signer is `signer` (the officer who signs
 * at a signing step) or, by default, the certificate's holder.
 */
export async function drawAndSignDocument(
  ctx: TenantContext & { publicBaseUrl: string },
  deps: IssueDeps,
  input: IssueInput & DocumentIdentity & { signer?: { name: string; position: string } },
): Promise<SignedColumns> {
  const tenant = ctx.tenant;
  const [{ currentSigner }, { prepareDocument }] = await signingStack();
  const now = ctx.now();
  const { keyId, signer } = await withTenant(ctx.db, tenant.id, (trx) => currentSigner(trx, tenant, deps.keys, now));
  const validUntil =
    input.validityMonths !== undefined
      ? documentValidUntil({ validityMonths: input.validityMonths }, now)
      : input.validityDays === null
        ? null
        : new Date(now.getTime() + input.validityDays * 86_400_000);
  const signerName = input.signer?.name ?? signer.certificate.commonName;
  // The officer signing at a step prints their position; else the template's, else the agency.
  const signerPosition = input.signer?.position ?? (input.signerPosition || input.agencyName);
  // Drawn and signed on a document thread (signing/pool.ts), not on this event loop.
  const layout = {
    lang: 'id',
    tenantName: tenant.name,
    agencyName: input.agencyName,
    title: input.title,
    number: input.number,
    holderName: input.holderName,
    serviceName: input.serviceName,
    fields: input.fields,
    issuedAt: now.toISOString(),
    validUntil: validUntil?.toISOString() ?? null,
    signerName,
    signerPosition,
    verifyUrl: verificationUrl(ctx.publicBaseUrl, tenant.slug, input.code),
  } as const;
  const prepared = await prepareDocument(layout, { name: signer.certificate.commonName, reason: t('id', 'doc.pdf.reason'), location: tenant.name, signingTime: now });
  const signed = Buffer.from(await signer.sign(prepared));
  const sha256 = createHash('sha256').update(signed).digest('hex');
  const key = storageKey(tenant.id, input.id);
  // Written before the row: a rollback leaves an unreferenced file (harmless), never a row without one.
  await deps.files.put(key, Readable.from([signed]));
  return { issued_at: now, valid_until: validUntil, signing_key_id: keyId, signer_name: signerName, signer_position: signerPosition, storage_key: key, sha256, development: signer.certificate.development };
}

/** The row of a document as `input` describes it, pending (no signature yet) unless `signed` is given. */
export function documentRow(tenantId: string, input: IssueInput & DocumentIdentity, now: Date, signed?: SignedColumns) {
  return {
    tenant_id: tenantId,
    id: input.id,
    code: input.code,
    number: input.number,
    type: input.type,
    title: input.title,
    application_id: input.applicationId,
    tracking_number: input.trackingNumber,
    service_id: input.serviceId,
    service_name: input.serviceName,
    agency_id: input.agencyId,
    agency_name: input.agencyName,
    holder_citizen_id: input.holderCitizenId,
    holder_name: input.holderName,
    fields: JSON.stringify(input.fields),
    status: signed ? ('valid' as const) : ('pending' as const),
    issued_at: signed?.issued_at ?? null,
    valid_until: signed?.valid_until ?? null,
    signing_key_id: signed?.signing_key_id ?? null,
    signer_name: signed?.signer_name ?? null,
    signer_position: signed?.signer_position ?? null,
    storage_key: signed?.storage_key ?? null,
    sha256: signed?.sha256 ?? null,
    created_at: now,
  };
}

/** Draws, signs with the tenant's current key, stores the PDF and records the document (audited). */
export async function issueDocument(ctx: TenantContext & { publicBaseUrl: string }, deps: IssueDeps, input: IssueInput): Promise<DocumentRow> {
  const tenant = ctx.tenant;
  const doc = { ...input, ...newDocumentIdentity() };
  const signed = await drawAndSignDocument(ctx, deps, doc);
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const row = documentRow(tenant.id, doc, signed.issued_at, signed);
    await insertDocument(trx, row);
    await ctx.audit.append(trx, {
      tenantId: tenant.id,
      actor: actorRef(ctx.actor),
      action: 'documents.issued',
      subject: `document:${doc.id}`,
      data: { number: doc.number, type: input.type, applicationId: input.applicationId, sha256: signed.sha256, signingKey: signed.signing_key_id, development: signed.development },
    });
    return { ...row, fields: input.fields, revoked_at: null, revoked_reason: null, revoked_by: null };
  });
}

/** A name as the public sees it: each word's first letter, the rest hidden ("Siti Aminah" → "S*** A*****"). */
export function maskName(name: string): string {
  return name
    .trim()
    .split(/\s+/)
    .map((word) => (word.length <= 1 ? word : `${[...word][0]}${'*'.repeat(Math.min([...word].length - 1, 6))}`))
    .join(' ');
}

export type PublicStatus = 'valid' | 'revoked' | 'expired';

/** What anyone with the code may know of a document. */
export interface DocumentVerification {
  code: string;
  number: string;
  type: DocumentType;
  title: string;
  holder: string;
  issuer: { tenant: string; agency: string };
  signer: { name: string; position: string };
  issuedAt: string;
  validUntil: string | null;
  status: PublicStatus;
  revoked: { at: string; reason: string } | null;
  /** SHA-256 of the signed PDF, so another system can compare a file itself. */
  sha256: string;
}

function statusOf(row: DocumentRow, now: Date): PublicStatus {
  if (row.status === 'revoked') return 'revoked';
  if (row.valid_until && row.valid_until.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

export function verificationOf(ctx: TenantContext, row: DocumentRow): DocumentVerification {
  return {
    code: row.code,
    number: row.number,
    type: row.type,
    title: row.title,
    holder: maskName(row.holder_name),
    issuer: { tenant: ctx.tenant.name, agency: row.agency_name },
    signer: { name: row.signer_name ?? '', position: row.signer_position ?? '' },
    issuedAt: row.issued_at!.toISOString(),
    validUntil: row.valid_until?.toISOString() ?? null,
    status: statusOf(row, ctx.now()),
    revoked: row.revoked_at ? { at: row.revoked_at.toISOString(), reason: row.revoked_reason ?? '' } : null,
    sha256: row.sha256!,
  };
}

async function issuedByCode(ctx: TenantContext, codeInput: string): Promise<DocumentRow> {
  const code = parseVerificationCode(codeInput);
  const row = await selectDocumentByCodeOnce(ctx.db, ctx.tenant.id, code);
  // A document still waiting for its signature is not a document yet: the same answer as none.
  if (!row || row.status === 'pending') throw new DomainError('documents.not_found', 404, 'doc.error.not_found');
  return row;
}

/** The public status of the tenant's document with this code (another tenant's code is unknown here). */
export async function verifyDocument(ctx: TenantContext, input: { code: string }): Promise<DocumentVerification> {
  return verificationOf(ctx, await issuedByCode(ctx, input.code));
}

/**
 * Whether `pdf` is byte for byte the document issued under the code. A different file — tampered,
 * another document, another tenant's — is `matches: false` beside the document's real status.
 */
export async function checkDocumentFile(ctx: TenantContext, input: { code: string; pdf: Buffer }): Promise<DocumentVerification & { matches: boolean }> {
  const row = await issuedByCode(ctx, input.code);
  if (input.pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new DomainError('documents.not_pdf', 400, 'doc.error.not_pdf');
  const sha256 = createHash('sha256').update(input.pdf).digest('hex');
  return { ...verificationOf(ctx, row), matches: sha256 === row.sha256 };
}

/** What the verification page says of an uploaded file: the document itself, another one of this tenant's, or neither. */
export type FileComparison = { result: 'match' } | { result: 'other'; number: string } | { result: 'mismatch' };

/**
 * The verification page's file check: like checkDocumentFile, and when the file is not this document,
 * whether it is another document this tenant issued (the person uploaded the wrong one) or no issued
 * document at all (changed, or never issued) — the two call for different next steps.
 */
export async function compareDocumentFile(ctx: TenantContext, input: { code: string; pdf: Buffer }): Promise<FileComparison> {
  const checked = await checkDocumentFile(ctx, input);
  if (checked.matches) return { result: 'match' };
  const sha256 = createHash('sha256').update(input.pdf).digest('hex');
  const other = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectDocumentBySha256(trx, ctx.tenant.id, sha256));
  return other ? { result: 'other', number: other.number } : { result: 'mismatch' };
}

/** Revokes at once, with the reason the public will see (audited). */
export async function revokeDocument(ctx: TenantContext, input: { code: string; reason: string }): Promise<DocumentVerification> {
  const reason = input.reason.trim();
  if (!reason) {
    throw new DomainError('documents.reason_required', 400, 'doc.error.reason_required', {}, [{ field: '/reason', code: 'required', messageKey: 'doc.error.reason_required' }]);
  }
  const code = parseVerificationCode(input.code);
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const found = await selectDocumentByCode(trx, ctx.tenant.id, code);
    const row = found && (await selectDocument(trx, ctx.tenant.id, found.id, true));
    if (!row || row.status === 'pending') throw new DomainError('documents.not_found', 404, 'doc.error.not_found');
    if (row.status === 'revoked') throw new DomainError('documents.already_revoked', 409, 'doc.error.already_revoked');
    const at = ctx.now();
    const by = actorRef(ctx.actor);
    await revokeDocumentRow(trx, ctx.tenant.id, row.id, { at, reason, by });
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: by, action: 'documents.revoked', subject: `document:${row.id}`, data: { number: row.number, reason } });
    return verificationOf(ctx, { ...row, status: 'revoked', revoked_at: at, revoked_reason: reason, revoked_by: by });
  });
}

/** An issued document as the tenant's officers see it: the holder named in full. */
export interface IssuedDocument extends DocumentVerification {
  id: string;
  holderName: string;
}

/** Number search: what an officer types of a number (case and spaces forgiven), letters, digits and dashes. */
const NUMBER_PREFIX = /^[A-Z0-9-]{1,40}$/;

/**
 * The tenant's issued documents for its officers, newest first, in keyset pages; `number` narrows to
 * the numbers that begin with it. A bad cursor or search is a 400 on its field.
 */
export async function listIssuedDocuments(ctx: TenantContext, input: { number?: string; cursor?: string; limit?: number }): Promise<{ items: IssuedDocument[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(input.limit ?? 25, 1), 100);
  const numberPrefix = input.number?.trim().toUpperCase() || undefined;
  if (numberPrefix !== undefined && !NUMBER_PREFIX.test(numberPrefix)) {
    throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/number', code: 'pattern', messageKey: 'doc.error.number_search' }]);
  }
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  // The id is compared with a uuid column: anything else would reach PostgreSQL as a cast error.
  if (after && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(after.id)) throw cursorInvalid();
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectIssuedDocuments(trx, ctx.tenant.id, { numberPrefix, after, limit: limit + 1 }));
  const page = pageOf(rows, limit, (row) => ({ at: row.created_at, id: row.id }));
  return { items: page.items.map((row) => ({ ...verificationOf(ctx, row), id: row.id, holderName: row.holder_name })), nextCursor: page.nextCursor };
}

/** One of the tenant's issued documents by its code, as its officers see it (the holder named in full). */
export async function getIssuedDocument(ctx: TenantContext, input: { code: string }): Promise<IssuedDocument> {
  const row = await issuedByCode(ctx, input.code);
  return { ...verificationOf(ctx, row), id: row.id, holderName: row.holder_name };
}

export interface MyDocument extends DocumentVerification {
  id: string;
  /** The holder's own view shows their name in full. */
  holderName: string;
  verifyPath: string;
  downloadPath: string;
}

function citizenOf(ctx: TenantContext): string {
  if (ctx.actor.kind !== 'citizen') throw new DomainError('documents.not_found', 404, 'doc.error.not_found');
  return ctx.actor.id;
}

/** Every document issued to the signed-in citizen by this tenant, newest first. */
export async function listMyDocuments(ctx: TenantContext): Promise<MyDocument[]> {
  const citizenId = citizenOf(ctx);
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectDocumentsOfHolder(trx, ctx.tenant.id, citizenId));
  return rows.map((row) => ({
    ...verificationOf(ctx, row),
    id: row.id,
    holderName: row.holder_name,
    verifyPath: `/verify/${row.code}`,
    downloadPath: `/dokumen/${row.id}/unduh`,
  }));
}

/** The signed PDF of one of the citizen's documents (another person's is a 404). */
export async function openMyDocument(ctx: TenantContext, files: FileStore, input: { documentId: string }): Promise<{ name: string; stream: Readable }> {
  const citizenId = citizenOf(ctx);
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectDocument(trx, ctx.tenant.id, input.documentId));
  if (!row || row.holder_citizen_id !== citizenId || !row.storage_key) throw new DomainError('documents.not_found', 404, 'doc.error.not_found');
  return { name: `${row.number}.pdf`, stream: await files.get(row.storage_key) };
}
