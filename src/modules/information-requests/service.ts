// The PPID's business rules (DOMAIN.md §4): a request and its receipt, the deadline of 10 working
// days from receipt (the tenant's calendar), one extension of up to 7 working days with a reason, the
// decision of one of five kinds (an exemption only with a consequence-test record), the objection to
// the atasan PPID on a ground of Pasal 35(1) within 30 working days, its answer within 30, and the
// 14 working days to the Komisi Informasi. Services take (ctx, input); the time is ctx.now().
import { randomUUID } from 'node:crypto';
import { type Db, withTenant } from '../../db/index.js';
import type { CopyHandoverMethod, InformationDecision, InformationDelivery, ObjectionGround } from '../../db/schema-information-requests.js';
import { localDate } from '../../platform/calendar/index.js';
import { actorRef, type TenantContext } from '../../platform/context.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import { FILE_TYPES, type ReceivedFile, recordFiles } from '../../platform/files/index.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { meaningfulText } from '../../platform/text.js';
import { normalizeTrackingNumber, newTrackingNumber } from '../../platform/tracking-number.js';
import { computeDeadline, tenantCalendar } from '../calendar/index.js';
import { getCitizenContact } from '../identity/index.js';
import { type AnswerFileView, answerLinkPath, createAnswerLink, deliverAnswerFiles, readAnswerFiles } from './answers.js';
import { type InformationContext, notifyRequester, requesterEmail } from './notify.js';
import {
  ANSWER_DAYS,
  COMMISSION_DAYS,
  DECISIONS,
  endOfDay,
  EXEMPTION_GROUNDS,
  groundApplies,
  MAX_EXTENSION_DAYS,
  OBJECTION_ANSWER_DAYS,
  OBJECTION_DAYS,
  OBJECTION_GROUNDS,
  objectionStart,
  workingDaysBetween,
} from './rules.js';
import {
  type ConsequenceTestRow,
  insertConsequenceTest,
  insertObjection,
  insertRequest,
  insertUpload,
  type ObjectionRow,
  type RequestRow,
  selectConsequenceTest,
  selectConsequenceTests,
  selectObjection,
  selectObjections,
  selectQueue,
  selectRequest,
  selectRequestsOf,
  selectYearFigures,
  updateObjection,
  updateRequest,
  uploadedBy,
  type YearFigures,
} from './store.js';
import './strings.js';

/** The registration number's prefix: PPI-XXXX-XXXX with a check character (platform/tracking-number). */
export const NUMBER_PREFIX = 'PPI';

const notFound = () => new DomainError('information.not_found', 404, 'ppid.error.not_found');
const field = (path: string, code: string, messageKey: MessageKey, vars?: Record<string, string | number>): PendingFieldError => ({ field: path, code, messageKey, ...(vars ? { vars } : {}) });
const invalid = (errors: PendingFieldError[]) => new DomainError('information.invalid', 400, 'ppid.error.invalid', {}, errors);

export interface ConsequenceTestView {
  id: string;
  document: string;
  exemptPart: string;
  legalGround: string;
  reasoning: string;
  createdAt: string;
}

export interface InformationRequestView {
  id: string;
  number: string;
  channel: 'online' | 'paper';
  requesterKind: 'person' | 'legal_entity';
  requesterName: string;
  entityName: string | null;
  hasEntityDocument: boolean;
  information: string;
  purpose: string;
  delivery: InformationDelivery;
  receivedAt: string;
  receivedOn: string;
  dueOn: string;
  dueAt: string;
  overdue: boolean;
  calendarConfirmed: boolean;
  extension: { days: number; reason: string; at: string } | null;
  decision: {
    kind: InformationDecision;
    answer: string;
    redaction: string | null;
    holder: string | null;
    consequenceTest: ConsequenceTestView | null;
    decidedAt: string;
    workingDays: number;
  } | null;
  objection: {
    ground: ObjectionGround;
    reason: string;
    filedAt: string;
    dueOn: string;
    dueAt: string;
    overdue: boolean;
    answer: { text: string; upheld: boolean; at: string } | null;
    /** The last day to take the dispute to the Komisi Informasi (14 HK after the answer, or after its missed deadline). */
    commissionBy: string;
  } | null;
  /** While an objection may still be filed: the grounds that fit now and the last day. */
  objectionWindow: { grounds: ObjectionGround[]; until: string } | null;
  /** The answer files: the requester sees those the decision delivered; officers every upload with its scan state. */
  answerFiles: AnswerFileView[];
  /** The copy (salinan) handed over or sent, as the PPID recorded it. */
  copy: { handedOverOn: string; method: CopyHandoverMethod; recordedAt: string } | null;
}

const consequenceView = (row: ConsequenceTestRow): ConsequenceTestView => ({ id: row.id, document: row.document, exemptPart: row.exempt_part, legalGround: row.legal_ground, reasoning: row.reasoning, createdAt: row.created_at.toISOString() });

const stateOf = (row: RequestRow) => ({ decision: row.decision, decidedAt: row.decided_at, dueAt: row.due_at, receivedAt: row.received_at });

async function viewOf(ctx: TenantContext, row: RequestRow, objection: ObjectionRow | undefined, test: ConsequenceTestRow | undefined, answerFiles: AnswerFileView[]): Promise<InformationRequestView> {
  const now = ctx.now();
  let objectionView: InformationRequestView['objection'] = null;
  let window: InformationRequestView['objectionWindow'] = null;
  if (objection) {
    const from = objection.answered_at ? objection.answered_at.toISOString() : objection.due_on;
    const commission = await computeDeadline(ctx.db, ctx.tenant, from, COMMISSION_DAYS);
    objectionView = {
      ground: objection.ground,
      reason: objection.reason,
      filedAt: objection.filed_at.toISOString(),
      dueOn: objection.due_on,
      dueAt: endOfDay(objection.due_on, ctx.tenant.timeZone),
      overdue: !objection.answered_at && now > objection.due_at,
      answer: objection.answered_at ? { text: objection.answer!, upheld: objection.upheld!, at: objection.answered_at.toISOString() } : null,
      commissionBy: commission.dueDate,
    };
  } else {
    const until = await computeDeadline(ctx.db, ctx.tenant, objectionStart(stateOf(row), now).toISOString(), OBJECTION_DAYS);
    const grounds = OBJECTION_GROUNDS.filter((g) => groundApplies(g, stateOf(row), now));
    if (now <= new Date(until.dueAt)) window = { grounds, until: until.dueDate };
  }
  return {
    id: row.id,
    number: row.number,
    channel: row.channel,
    requesterKind: row.requester_kind,
    requesterName: row.requester_name,
    entityName: row.entity_name,
    hasEntityDocument: row.entity_document_file_id !== null,
    information: row.information,
    purpose: row.purpose,
    delivery: row.delivery,
    receivedAt: row.received_at.toISOString(),
    receivedOn: row.received_on,
    dueOn: row.due_on,
    dueAt: endOfDay(row.due_on, ctx.tenant.timeZone),
    overdue: row.decided_at ? row.decided_at > row.due_at : now > row.due_at,
    calendarConfirmed: row.calendar_confirmed,
    extension: row.extension_days ? { days: row.extension_days, reason: row.extension_reason!, at: row.extended_at!.toISOString() } : null,
    decision: row.decision
      ? { kind: row.decision, answer: row.answer_text ?? '', redaction: row.redaction, holder: row.holder, consequenceTest: test ? consequenceView(test) : null, decidedAt: row.decided_at!.toISOString(), workingDays: row.decided_working_days ?? 0 }
      : null,
    objection: objectionView,
    objectionWindow: window,
    answerFiles,
    copy: row.copy_handed_over_on ? { handedOverOn: row.copy_handed_over_on, method: row.copy_handover_method!, recordedAt: row.copy_recorded_at!.toISOString() } : null,
  };
}

const isOfficer = (ctx: TenantContext) => ctx.actor.kind === 'officer';

/** Reads a request the actor may see (its citizen, or an officer the route's policy let in); 404 otherwise. */
async function readRequest(ctx: TenantContext, id: string): Promise<InformationRequestView> {
  const view = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await selectRequest(trx, ctx.tenant.id, id);
    if (!row || (!isOfficer(ctx) && !(ctx.actor.kind === 'citizen' && row.citizen_id === ctx.actor.id))) throw notFound();
    const [objection, test, files] = await Promise.all([selectObjection(trx, ctx.tenant.id, id), row.consequence_test_id ? selectConsequenceTest(trx, ctx.tenant.id, row.consequence_test_id) : undefined, readAnswerFiles(trx, ctx, id)]);
    return { row, objection, test, files };
  });
  return viewOf(ctx, view.row, view.objection, view.test, view.files);
}

export const getInformationRequest = (ctx: TenantContext, input: { id: string }) => readRequest(ctx, input.id);

/** A request by its registration number (typed by the requester or an officer; the check character is verified first). */
export async function findInformationRequestId(ctx: TenantContext, number: string): Promise<string | undefined> {
  const canonical = normalizeTrackingNumber(NUMBER_PREFIX, number);
  if (!canonical) return undefined;
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => trx.selectFrom('information_requests').select(['id', 'citizen_id']).where('tenant_id', '=', ctx.tenant.id).where('number', '=', canonical).executeTakeFirst());
  if (!row || (!isOfficer(ctx) && !(ctx.actor.kind === 'citizen' && row.citizen_id === ctx.actor.id))) return undefined;
  return row.id;
}

export interface CreateRequestInput {
  requesterKind: 'person' | 'legal_entity';
  entity?: { name: string; documentFileId?: string } | undefined;
  information: string;
  purpose: string;
  delivery: InformationDelivery;
  /** Paper requests (officers): the requester as written on the form, and when it arrived. */
  requesterName?: string | undefined;
  requesterContact?: string | undefined;
  receivedAt?: string | undefined;
}

function checkRequest(ctx: TenantContext, input: CreateRequestInput): PendingFieldError[] {
  const errors: PendingFieldError[] = [];
  if (!meaningfulText(input.information)) errors.push(field('/information', 'required', 'ppid.error.information'));
  if (!meaningfulText(input.purpose)) errors.push(field('/purpose', 'required', 'ppid.error.purpose'));
  if (input.requesterKind === 'legal_entity') {
    if (!meaningfulText(input.entity?.name)) errors.push(field('/entity/name', 'required', 'ppid.error.entity_name'));
    if (!isOfficer(ctx) && !input.entity?.documentFileId) errors.push(field('/entity/documentFileId', 'required', 'ppid.error.entity_document'));
  }
  if (isOfficer(ctx)) {
    if (!meaningfulText(input.requesterName)) errors.push(field('/requesterName', 'required', 'ppid.error.requester_name'));
    const at = input.receivedAt ? new Date(input.receivedAt) : undefined;
    if (!at || Number.isNaN(at.getTime())) errors.push(field('/receivedAt', 'required', 'ppid.error.received_at'));
    else if (at > ctx.now()) errors.push(field('/receivedAt', 'future', 'ppid.error.received_future'));
  }
  return errors;
}

/**
 * A citizen's request online (for themselves or a legal entity whose identity document they
 * uploaded), or an officer's record of a request received on paper with its `receivedAt`. The
 * deadline is 10 working days from the day the receipt counts on (the tenant's calendar).
 */
export async function createInformationRequest(ctx: TenantContext, input: CreateRequestInput): Promise<InformationRequestView> {
  if (ctx.actor.kind !== 'citizen' && ctx.actor.kind !== 'officer') throw notFound();
  const errors = checkRequest(ctx, input);
  if (errors.length > 0) throw invalid(errors);
  const now = ctx.now();
  const receivedAt = isOfficer(ctx) ? new Date(input.receivedAt!) : now;
  const deadline = await computeDeadline(ctx.db, ctx.tenant, receivedAt.toISOString(), ANSWER_DAYS);
  const citizenId = ctx.actor.kind === 'citizen' ? ctx.actor.id : null;
  const id = randomUUID();
  const row = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const documentId = input.requesterKind === 'legal_entity' ? (input.entity?.documentFileId ?? null) : null;
    if (citizenId && documentId && !(await uploadedBy(trx, ctx.tenant.id, documentId, citizenId))) throw invalid([field('/entity/documentFileId', 'unknown', 'ppid.error.entity_document')]);
    // The requester's name as their account has it (a recorded read, in this transaction: the register names who asked).
    const name = citizenId ? (await getCitizenContact({ ...ctx, db: trx as unknown as Db }, ctx.tenant.id, citizenId, 'Registrasi permohonan informasi publik / registering an information request')).name : input.requesterName!.trim();
    const values: RequestRow = {
      tenant_id: ctx.tenant.id,
      id,
      number: newTrackingNumber(NUMBER_PREFIX),
      channel: citizenId ? 'online' : 'paper',
      citizen_id: citizenId,
      requester_name: name || '—',
      requester_contact: meaningfulText(input.requesterContact) ?? null,
      requester_kind: input.requesterKind,
      entity_name: input.requesterKind === 'legal_entity' ? input.entity!.name.trim() : null,
      entity_document_file_id: documentId,
      information: input.information.trim(),
      purpose: input.purpose.trim(),
      delivery: input.delivery,
      received_at: receivedAt,
      received_on: deadline.receivedOn,
      due_on: deadline.dueDate,
      due_at: new Date(deadline.dueAt),
      calendar_confirmed: deadline.confirmed,
      extension_days: null,
      extension_reason: null,
      extended_at: null,
      decision: null,
      redaction: null,
      holder: null,
      consequence_test_id: null,
      answer_text: null,
      decided_at: null,
      decided_on: null,
      decided_working_days: null,
      decided_by: null,
      recorded_by: actorRef(ctx.actor),
      created_at: now,
      copy_handed_over_on: null,
      copy_handover_method: null,
      copy_recorded_at: null,
      copy_recorded_by: null,
    };
    await insertRequest(trx, values);
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'information.request_created', subject: `information_request:${id}`, data: { channel: values.channel, dueOn: values.due_on }, at: now });
    return values;
  });
  return viewOf(ctx, row, undefined, undefined, []);
}

/** What a legal entity's identity document may be (a scan or a PDF of the deed or NIB). */
export const ENTITY_DOCUMENT_RULES = { accept: [FILE_TYPES.pdf, FILE_TYPES.jpeg, FILE_TYPES.png], maxBytes: 5 * 1024 * 1024, field: '/entity/documentFileId' } as const;

/**
 * Records a legal entity's identity document, received into quarantine, as the citizen's upload (its
 * scan queued in the same transaction); the request then names it by id. The caller discards the
 * bytes if this fails.
 */
export async function recordEntityDocument(ctx: TenantContext, file: ReceivedFile): Promise<{ fileId: string; name: string }> {
  if (ctx.actor.kind !== 'citizen') throw notFound();
  const citizenId = ctx.actor.id;
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await recordFiles(trx, [file]);
    await insertUpload(trx, { tenant_id: ctx.tenant.id, file_id: file.id, citizen_id: citizenId, created_at: ctx.now() });
  });
  return { fileId: file.id, name: file.name };
}

export interface QueueItem {
  id: string;
  number: string;
  requesterName: string;
  information: string;
  receivedOn: string;
  dueOn: string;
  overdue: boolean;
  extended: boolean;
  decision: InformationDecision | null;
}

/** The PPID's queue: open requests by deadline (overdue first), then the latest decided. */
export async function listInformationRequests(ctx: TenantContext): Promise<{ open: QueueItem[]; decided: QueueItem[] }> {
  const now = ctx.now();
  const { open, decided } = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectQueue(trx, ctx.tenant.id, 200));
  const item = (row: RequestRow): QueueItem => ({
    id: row.id,
    number: row.number,
    requesterName: row.requester_name,
    information: row.information,
    receivedOn: row.received_on,
    dueOn: row.due_on,
    overdue: row.decided_at ? row.decided_at > row.due_at : now > row.due_at,
    extended: row.extension_days !== null,
    decision: row.decision,
  });
  return { open: open.map(item), decided: decided.map(item) };
}

/** The citizen's own requests, newest first. */
export async function listMyInformationRequests(ctx: TenantContext): Promise<{ id: string; number: string; information: string; receivedOn: string; dueOn: string; decision: InformationDecision | null }[]> {
  if (ctx.actor.kind !== 'citizen') return [];
  const citizenId = ctx.actor.id;
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectRequestsOf(trx, ctx.tenant.id, citizenId));
  return rows.map((r) => ({ id: r.id, number: r.number, information: r.information, receivedOn: r.received_on, dueOn: r.due_on, decision: r.decision }));
}

/** Locks an undecided request for a change by the PPID (404 unknown; 409 decided already). */
async function lockOpen(trx: Parameters<Parameters<typeof withTenant>[2]>[0], ctx: TenantContext, id: string): Promise<RequestRow> {
  const row = await selectRequest(trx, ctx.tenant.id, id, true);
  if (!row) throw notFound();
  if (row.decision) throw new DomainError('information.already_decided', 409, 'ppid.error.already_decided');
  return row;
}

/**
 * The one extension (Pasal 22(8)): 1–7 working days after the current deadline, with a written
 * reason, before that deadline has passed. A second one, or one without reason, is refused.
 */
export async function extendInformationRequest(ctx: InformationContext, input: { id: string; days: number; reason: string }): Promise<InformationRequestView> {
  const errors: PendingFieldError[] = [];
  if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_EXTENSION_DAYS) errors.push(field('/days', 'range', 'ppid.error.extension_days', { max: MAX_EXTENSION_DAYS }));
  if (!meaningfulText(input.reason)) errors.push(field('/reason', 'required', 'ppid.error.extension_reason'));
  if (errors.length > 0) throw invalid(errors);
  const now = ctx.now();
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await lockOpen(trx, ctx, input.id);
    if (row.extension_days !== null) throw new DomainError('information.already_extended', 409, 'ppid.error.already_extended', { dueOn: row.due_on });
    if (now > row.due_at) throw new DomainError('information.extension_too_late', 409, 'ppid.error.extension_too_late', { dueOn: row.due_on });
    const deadline = await computeDeadline(ctx.db, ctx.tenant, row.due_on, input.days);
    await updateRequest(trx, ctx.tenant.id, row.id, { extension_days: input.days, extension_reason: input.reason.trim(), extended_at: now, due_on: deadline.dueDate, due_at: deadline.dueAt, calendar_confirmed: row.calendar_confirmed && deadline.confirmed });
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'information.request_extended', subject: `information_request:${row.id}`, data: { days: input.days, dueOn: deadline.dueDate }, at: now });
    await notifyRequester(ctx, trx, row, 'information.extended', { dueOn: deadline.dueDate });
  });
  return readRequest(ctx, input.id);
}

export interface DecideInput {
  id: string;
  decision: InformationDecision;
  /** The written answer the requester receives (the information itself, or where and how to get it). */
  answer: string;
  redaction?: string | undefined;
  holder?: string | undefined;
  consequenceTestId?: string | undefined;
  /** Answer files this request's PPID uploaded (answers.ts, recordAnswerFile), clean; a grant only. */
  answerFileIds?: readonly string[] | undefined;
}

/**
 * The decision, delivered to the requester with the answer; each kind carries what the law asks of it.
 * A grant may deliver answer files. A requester who chose e-mail (online, or on paper with an e-mail
 * address written as contact) gets a link to the answer that works without signing in (answers.ts).
 */
export async function decideInformationRequest(ctx: InformationContext, input: DecideInput): Promise<InformationRequestView> {
  const errors: PendingFieldError[] = [];
  if (!(DECISIONS as readonly string[]).includes(input.decision)) errors.push(field('/decision', 'enum', 'ppid.error.decision'));
  if (!meaningfulText(input.answer)) errors.push(field('/answer', 'required', 'ppid.error.answer'));
  if (input.decision === 'granted_part' && !meaningfulText(input.redaction)) errors.push(field('/redaction', 'required', 'ppid.error.redaction'));
  if (input.decision === 'not_held' && !meaningfulText(input.holder)) errors.push(field('/holder', 'required', 'ppid.error.holder'));
  if (input.decision === 'refused_exempt' && !input.consequenceTestId) errors.push(field('/consequenceTestId', 'required', 'ppid.error.consequence_test'));
  if (errors.length > 0) throw invalid(errors);
  const now = ctx.now();
  const calendar = await tenantCalendar(ctx.db, ctx.tenant);
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await lockOpen(trx, ctx, input.id);
    const exempt = input.decision === 'refused_exempt';
    if (exempt && !(await selectConsequenceTest(trx, ctx.tenant.id, input.consequenceTestId!))) throw invalid([field('/consequenceTestId', 'unknown', 'ppid.error.consequence_test')]);
    const decidedOn = localDate(now.getTime(), ctx.tenant.timeZone);
    const workingDays = workingDaysBetween(calendar, row.received_on, decidedOn);
    await updateRequest(trx, ctx.tenant.id, row.id, {
      decision: input.decision,
      answer_text: input.answer.trim(),
      redaction: input.decision === 'granted_part' ? input.redaction!.trim() : null,
      holder: input.decision === 'not_held' ? input.holder!.trim() : null,
      consequence_test_id: exempt ? input.consequenceTestId! : null,
      decided_at: now,
      decided_on: decidedOn,
      decided_working_days: workingDays,
      decided_by: actorRef(ctx.actor),
    });
    const files = await deliverAnswerFiles(trx, ctx, row, input.decision, input.answerFileIds ?? []);
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'information.request_decided', subject: `information_request:${row.id}`, data: { decision: input.decision, workingDays, files }, at: now });
    // E-mail delivery: the message's link opens the answer (and its files) without signing in.
    const link = row.delivery === 'email' && (row.citizen_id || requesterEmail(row)) ? await createAnswerLink(trx, ctx, row.id) : undefined;
    await notifyRequester(ctx, trx, row, 'information.decided', {}, link ? answerLinkPath(link.token) : undefined);
  });
  return readRequest(ctx, input.id);
}

export interface ConsequenceTestInput {
  document: string;
  exemptPart: string;
  legalGround: string;
  reasoning: string;
}

/** The PPID's written consequence test (uji konsekuensi): the record an exemption must reference. */
export async function createConsequenceTest(ctx: TenantContext, input: ConsequenceTestInput): Promise<ConsequenceTestView> {
  const errors: PendingFieldError[] = [];
  if (!meaningfulText(input.document)) errors.push(field('/document', 'required', 'ppid.error.ct_document'));
  if (!meaningfulText(input.exemptPart)) errors.push(field('/exemptPart', 'required', 'ppid.error.ct_exempt_part'));
  if (!(EXEMPTION_GROUNDS as readonly string[]).includes(input.legalGround)) errors.push(field('/legalGround', 'enum', 'ppid.error.ct_legal_ground'));
  if (!meaningfulText(input.reasoning)) errors.push(field('/reasoning', 'required', 'ppid.error.ct_reasoning'));
  if (errors.length > 0) throw invalid(errors);
  const now = ctx.now();
  const row: ConsequenceTestRow = { tenant_id: ctx.tenant.id, id: randomUUID(), document: input.document.trim(), exempt_part: input.exemptPart.trim(), legal_ground: input.legalGround, reasoning: input.reasoning.trim(), created_by: actorRef(ctx.actor), created_at: now };
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    await insertConsequenceTest(trx, row);
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'information.consequence_test_created', subject: `consequence_test:${row.id}`, data: { legalGround: row.legal_ground }, at: now });
  });
  return consequenceView(row);
}

export async function listConsequenceTests(ctx: TenantContext): Promise<ConsequenceTestView[]> {
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectConsequenceTests(trx, ctx.tenant.id, 200));
  return rows.map(consequenceView);
}

/**
 * The objection (Pasal 35–36): by the requester (or recorded by the PPID for a paper request), on a
 * ground that fits the request as it stands, within 30 working days of the decision (or of the missed
 * deadline). The superior's deadline is 30 working days from the objection.
 */
export async function fileObjection(ctx: TenantContext, input: { id: string; ground: ObjectionGround; reason: string }): Promise<InformationRequestView> {
  const errors: PendingFieldError[] = [];
  if (!(OBJECTION_GROUNDS as readonly string[]).includes(input.ground)) errors.push(field('/ground', 'enum', 'ppid.error.ground'));
  if (!meaningfulText(input.reason)) errors.push(field('/reason', 'required', 'ppid.error.objection_reason'));
  if (errors.length > 0) throw invalid(errors);
  const now = ctx.now();
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await selectRequest(trx, ctx.tenant.id, input.id, true);
    const own = ctx.actor.kind === 'citizen' && row?.citizen_id === ctx.actor.id;
    // An officer records an objection only for a request received on paper; a citizen only their own.
    if (!row || !(own || (isOfficer(ctx) && row.channel === 'paper'))) throw notFound();
    if (!groundApplies(input.ground, stateOf(row), now)) throw invalid([field('/ground', 'not_applicable', 'ppid.error.ground_not_applicable', { ground: input.ground })]);
    const until = await computeDeadline(ctx.db, ctx.tenant, objectionStart(stateOf(row), now).toISOString(), OBJECTION_DAYS);
    if (now > new Date(until.dueAt)) throw new DomainError('information.objection_too_late', 409, 'ppid.error.objection_too_late', { until: until.dueDate });
    const due = await computeDeadline(ctx.db, ctx.tenant, now.toISOString(), OBJECTION_ANSWER_DAYS);
    const inserted = await insertObjection(trx, { tenant_id: ctx.tenant.id, request_id: row.id, ground: input.ground, reason: input.reason.trim(), filed_at: now, filed_by: actorRef(ctx.actor), due_on: due.dueDate, due_at: due.dueAt });
    if (!inserted) throw new DomainError('information.objection_exists', 409, 'ppid.error.objection_exists');
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'information.objection_filed', subject: `information_request:${row.id}`, data: { ground: input.ground, dueOn: due.dueDate }, at: now });
  });
  return readRequest(ctx, input.id);
}

/** The atasan PPID's written answer to an objection; the requester is told of the Komisi Informasi route. */
export async function answerObjection(ctx: InformationContext, input: { id: string; upheld: boolean; answer: string }): Promise<InformationRequestView> {
  if (!meaningfulText(input.answer)) throw invalid([field('/answer', 'required', 'ppid.error.objection_answer')]);
  const now = ctx.now();
  const commission = await computeDeadline(ctx.db, ctx.tenant, now.toISOString(), COMMISSION_DAYS);
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const objection = await selectObjection(trx, ctx.tenant.id, input.id, true);
    if (!objection) throw notFound();
    if (objection.answered_at) throw new DomainError('information.objection_answered', 409, 'ppid.error.objection_answered');
    await updateObjection(trx, ctx.tenant.id, input.id, { answer: input.answer.trim(), upheld: input.upheld, answered_at: now, answered_by: actorRef(ctx.actor) });
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'information.objection_answered', subject: `information_request:${input.id}`, data: { upheld: input.upheld }, at: now });
    const row = (await selectRequest(trx, ctx.tenant.id, input.id))!;
    await notifyRequester(ctx, trx, row, 'information.objection_answered', { commissionBy: commission.dueDate });
  });
  return readRequest(ctx, input.id);
}

export interface ObjectionQueueItem {
  requestId: string;
  number: string;
  ground: ObjectionGround;
  filedAt: string;
  dueOn: string;
  overdue: boolean;
  answered: boolean;
}

/** The superior's queue: unanswered objections by deadline, then the answered ones. */
export async function listObjections(ctx: TenantContext): Promise<ObjectionQueueItem[]> {
  const now = ctx.now();
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectObjections(trx, ctx.tenant.id, 200));
  return rows.map((o) => ({ requestId: o.request_id, number: o.number, ground: o.ground, filedAt: o.filed_at.toISOString(), dueOn: o.due_on, overdue: !o.answered_at && now > o.due_at, answered: o.answered_at !== null }));
}

export type InformationStatistics = YearFigures & { year: number };

/** The annual report's figures (Perki 1/2021 Pasal 36): requests received in the year and what came of them. */
export async function getInformationRequestStatistics(ctx: TenantContext, input: { year: number }): Promise<InformationStatistics> {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw invalid([field('/year', 'range', 'ppid.error.year')]);
  const figures = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectYearFigures(trx, ctx.tenant.id, `${input.year}-01-01`, `${input.year}-12-31`));
  return { year: input.year, ...figures };
}
