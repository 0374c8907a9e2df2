// The signing step (issue 20): a workflow wait step with the event "signed". When an application
// reaches it, its document is prepared in the transition's transaction — a pending row with its number,
// verification code and what will be printed; an officer with the signer role at the step's agency,
// with a fresh second factor, signs it: the PDF is drawn and signed with the tenant's key (before any
// transaction), then one transaction makes the document issued, audits `documents.signed` with the
// officer and tells the application "signed" so it moves on. A workflow with the step issues its
// document there and not again when the application closes (closedApplicationDocument).
import { type Tx, withTenant } from '../../../db/index.js';
import type { PrintedField } from '../../../db/schema-documents.js';
import { actorRef } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { t } from '../../../platform/i18n/index.js';
import { type ApplicationContext, applicationAwaiting, getApplication, type OfficerRef, recordApplicationEvent } from '../../applications/index.js';
import { confirmFreshSecondFactor, officerNames, type StepUpMethod } from '../../identity/index.js';
import {
  applicationDocumentInput,
  DEFAULT_VALIDITY_DAYS,
  type DocumentIdentity,
  documentRow,
  drawAndSignDocument,
  type IssueDeps,
  type IssueInput,
  issueApplicationDocument,
  newDocumentIdentity,
  verificationUrl,
} from '../service.js';
import { type DocumentRow, insertDocument, markDocumentSigned, selectDocumentByApplication } from '../store.js';
import './strings.js';

/** The event the signing step waits for (applications' wait step `event`). */
export const SIGNED_EVENT = 'signed';

/**
 * Prepares the document of an application that reached a signing step (the onAwait hook, in the
 * transition's transaction `ctx.db`): a pending row, not yet visible to anyone outside the agency.
 * Nothing when the application already has one (a step reached again after a revision).
 */
export async function prepareApplicationDocument(ctx: ApplicationContext, input: { applicationId: string; applicantId: string; outcome: string | null }): Promise<void> {
  const tenantId = ctx.tenant.id;
  await withTenant(ctx.db, tenantId, async (trx) => {
    if (await selectDocumentByApplication(trx, tenantId, input.applicationId)) return;
    const inner = { ...ctx, db: trx };
    const doc = { ...(await applicationDocumentInput(inner, { ...input, outcome: input.outcome ?? 'issued' })), ...newDocumentIdentity() };
    await insertDocument(trx, documentRow(tenantId, doc, ctx.now()));
    await ctx.audit.append(trx, {
      tenantId,
      actor: actorRef(ctx.actor),
      action: 'documents.prepared',
      subject: `document:${doc.id}`,
      data: { number: doc.number, type: doc.type, applicationId: input.applicationId },
    });
  });
}

/** A prepared document's printed content, from its row. */
function issueInputOf(row: DocumentRow): IssueInput & DocumentIdentity {
  return {
    id: row.id,
    code: row.code,
    number: row.number,
    type: row.type,
    title: row.title,
    applicationId: row.application_id,
    trackingNumber: row.tracking_number,
    serviceId: row.service_id,
    serviceName: row.service_name,
    agencyId: row.agency_id,
    agencyName: row.agency_name,
    holderCitizenId: row.holder_citizen_id,
    holderName: row.holder_name,
    fields: row.fields,
    validityDays: DEFAULT_VALIDITY_DAYS,
  };
}

/** The template's validity and signer's position of the application's service version, when it has a template. */
async function templateTermsOf(ctx: ApplicationContext, row: DocumentRow): Promise<Pick<IssueInput, 'validityMonths' | 'signerPosition'>> {
  if (!row.application_id || !row.holder_citizen_id) return {};
  const input = await applicationDocumentInput(ctx, { applicationId: row.application_id, applicantId: row.holder_citizen_id, outcome: row.type === 'surat_keterangan' ? 'approved' : 'issued' });
  return {
    ...(input.validityMonths !== undefined ? { validityMonths: input.validityMonths } : {}),
    ...(input.signerPosition ? { signerPosition: input.signerPosition } : {}),
  };
}

const alreadySigned = () => new DomainError('documents.already_signed', 409, 'doc.sign.error.already_signed');
const notAwaited = () => new DomainError('documents.not_awaited', 409, 'doc.sign.error.not_awaited');

/**
 * Signs a prepared document and records `then` in the same transaction as its new status; 409 when
 * it was signed meanwhile (a second officer's click: the first one's file stands).
 */
async function completePendingDocument(
  ctx: ApplicationContext,
  deps: IssueDeps,
  row: DocumentRow,
  options: { signer?: { name: string; position: string }; action: 'documents.signed' | 'documents.issued'; audit?: Record<string, unknown>; then?: (trx: Tx) => Promise<void> },
): Promise<DocumentRow> {
  const tenantId = ctx.tenant.id;
  // The service version's template terms (validity, the signer's position) are read again at signing:
  // the prepared row keeps what is printed, not how long it will be valid.
  const terms = await templateTermsOf(ctx, row);
  const signer = options.signer && { ...options.signer, position: terms.signerPosition || options.signer.position };
  const signed = await drawAndSignDocument(ctx, deps, { ...issueInputOf(row), ...terms, ...(signer ? { signer } : {}) });
  return withTenant(ctx.db, tenantId, async (trx) => {
    const { development, ...columns } = signed;
    if (!(await markDocumentSigned(trx, tenantId, row.id, columns))) throw alreadySigned();
    await ctx.audit.append(trx, {
      tenantId,
      actor: actorRef(ctx.actor),
      action: options.action,
      subject: `document:${row.id}`,
      data: { number: row.number, type: row.type, applicationId: row.application_id, sha256: signed.sha256, signingKey: signed.signing_key_id, development, ...options.audit },
    });
    await options.then?.(trx);
    return { ...row, ...columns, status: 'valid' as const };
  });
}

/**
 * The document of an application that closed as issued/approved (the issuing job): a workflow with a
 * signing step signed it there (nothing to do); one whose signing step was answered otherwise (a
 * signature on paper recorded by an officer) has it prepared, issued now with the tenant's key as
 * before the step existed; a workflow without the step has none, issued now.
 */
export async function closedApplicationDocument(ctx: ApplicationContext, deps: IssueDeps, input: { applicationId: string; applicantId: string; outcome: string }): Promise<DocumentRow> {
  const tenantId = ctx.tenant.id;
  const existing = await withTenant(ctx.db, tenantId, (trx) => selectDocumentByApplication(trx, tenantId, input.applicationId));
  if (!existing) return issueApplicationDocument(ctx, deps, input);
  if (existing.status !== 'pending') return existing;
  return completePendingDocument(ctx, deps, existing, { action: 'documents.issued' });
}

/** Whether the officer holds the signer role at the agency (or tenant-wide). */
const isSignerAt = (officer: OfficerRef, agencyId: string) => officer.grants.some((g) => g.role === 'signer' && (g.agencyId === null || g.agencyId === agencyId));

export interface SigningView {
  applicationId: string;
  trackingNumber: string;
  serviceName: string;
  /** The document as it will be printed (null: the application is not at a signing step and has none). */
  document: { number: string; title: string; holderName: string; agencyName: string; serviceName: string; fields: PrintedField[]; status: DocumentRow['status']; verifyPath: string } | null;
  /** The application waits for the signature now. */
  awaiting: boolean;
  /** The officer may sign it (the signer role at the step's agency). */
  canSign: boolean;
}

async function stateOf(ctx: ApplicationContext, officer: OfficerRef, applicationId: string) {
  // The officer must see the application (their agency's, or tenant-wide): otherwise a 404, as for any.
  const detail = await getApplication(ctx, { viewer: { kind: 'officer', officer }, applicationId });
  const awaiting = await applicationAwaiting(ctx, applicationId, SIGNED_EVENT);
  const tenantId = ctx.tenant.id;
  let row = await withTenant(ctx.db, tenantId, (trx) => selectDocumentByApplication(trx, tenantId, applicationId));
  if (awaiting && !row) {
    // Reached the step before the documents module prepared documents (or in a process without it).
    await prepareApplicationDocument(ctx, { applicationId, applicantId: detail.applicantId, outcome: null });
    row = await withTenant(ctx.db, tenantId, (trx) => selectDocumentByApplication(trx, tenantId, applicationId));
  }
  return { detail, awaiting: awaiting || null, row };
}

/** What the signing page shows the officer: the prepared document, and whether they may sign it. */
export async function getSigningView(ctx: ApplicationContext, input: { officer: OfficerRef; applicationId: string }): Promise<SigningView> {
  const { detail, awaiting, row } = await stateOf(ctx, input.officer, input.applicationId);
  return {
    applicationId: detail.id,
    trackingNumber: detail.trackingNumber,
    serviceName: detail.service.name[ctx.lang] ?? detail.service.name.id,
    document: row
      ? { number: row.number, title: row.title, holderName: row.holder_name, agencyName: row.agency_name, serviceName: row.service_name, fields: row.fields, status: row.status, verifyPath: `/verify/${row.code}` }
      : null,
    awaiting: awaiting !== null && row?.status === 'pending',
    canSign: awaiting !== null && isSignerAt(input.officer, awaiting.agencyId),
  };
}

export interface SignedDocument {
  number: string;
  code: string;
  verifyUrl: string;
  secondFactor: StepUpMethod;
  application: { status: string; outcome: string | null; version: number };
}

/**
 * The signing act: the officer must hold the signer role at the step's agency (403) and confirm a
 * fresh second factor (a TOTP code typed now, or a sign-in with it within FRESH_SIGN_IN_MINUTES; 400 /
 * 403 / 429, nothing changed). 404 for an application the officer does not see; 409 when it is not
 * waiting for the signature or its document is already signed.
 */
export async function signApplicationDocument(
  ctx: ApplicationContext,
  deps: IssueDeps,
  input: { officer: OfficerRef; sessionId: string; address: string; applicationId: string; code?: string },
): Promise<SignedDocument> {
  const { awaiting, row } = await stateOf(ctx, input.officer, input.applicationId);
  if (row && row.status !== 'pending') throw alreadySigned();
  if (!awaiting || !row) throw notAwaited();
  if (!isSignerAt(input.officer, awaiting.agencyId)) throw new DomainError('documents.not_signer', 403, 'doc.sign.error.not_signer');
  const method = await confirmFreshSecondFactor(ctx, { sessionId: input.sessionId, address: input.address, ...(input.code !== undefined ? { code: input.code } : {}) });
  const name = (await officerNames(ctx, [input.officer.id])).get(input.officer.id) ?? '';
  let current: { status: string; outcome: string | null; version: number } | undefined;
  await completePendingDocument(ctx, deps, row, {
    signer: { name, position: `${t('id', 'doc.sign.position')}, ${row.agency_name}` },
    action: 'documents.signed',
    audit: { officer: input.officer.id, secondFactor: method, stepId: awaiting.stepId },
    then: async (trx) => {
      const result = await recordApplicationEvent({ ...ctx, db: trx }, input.applicationId, { name: SIGNED_EVENT, stepId: awaiting.stepId });
      // The step moved on between the look and the signature (another officer recorded it): undo all.
      if (!result.recorded) throw notAwaited();
      current = { status: result.current.status, outcome: result.current.outcome, version: result.current.version };
    },
  });
  return { number: row.number, code: row.code, verifyUrl: verificationUrl(ctx.publicBaseUrl, ctx.tenant.slug, row.code), secondFactor: method, application: current! };
}
