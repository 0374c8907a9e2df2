// The officers' actions on a report (docs/domain.md §3), one verb function each: verify, reject,
// dispatch, transfer, start, answer, close, note, merge, hide, unhide — and revealing who filed a
// confidential report. Each checks who may act (the
// report's agency: 404 for another agency's, the action's role: 403) and the workflow's table (409),
// then writes the change, its timeline entry, its files, the reporter's notice and the audit entry in
// one transaction (`act`). The API's one actions endpoint maps its body onto `OfficerActionInput` and
// `actOnComplaint` hands each variant to its verb.
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import type { Updateable } from 'kysely';
import { type Tx, withTenant } from '../../../db/index.js';
import type { ComplaintStatus, ComplaintTable, ComplaintTier } from '../../../db/schema.js';
import type { TenantContext } from '../../../platform/context.js';
import type { TenantLookup } from '../../../platform/http/tenant.js';
import { meaningfulText } from '../../../platform/text.js';
import { computeDeadline } from '../../calendar/index.js';
import { mayHandle, type OfficerAccess, officerRef, roleOf } from '../access.js';
import type { AgencyCache, ComplaintAudit } from '../context.js';
import {
  agencyUnknown,
  categoryUnknown,
  complaintForbidden,
  complaintNotFound,
  fieldError,
  invalid,
  invalidTransition,
  notConfidential,
  nothingToReveal,
  transferImpossible,
} from '../errors.js';
import { LIMITS } from '../intake/contract.js';
import type { PhotoSanitizer } from '../intake/photo-sanitizer.js';
import { notifyOfficers, notifyReporter } from '../notify.js';
import { PUBLISHED_PRIVACY } from '../publication.js';
import { recordTrainingExample, type RetrainSettings } from '../routing/training.js';
import * as sharedStore from '../store.js';
import type { ComplaintRow } from '../store.js';
import { newTrackingNumber } from '../tracking.js';
import { findComplaint, type OfficerComplaint, readOfficerView } from '../views.js';
import {
  type CloseOutcome,
  FIRST_FOLLOW_UP_DAYS,
  isAllowed,
  mayTake,
  nextStatus,
  type OfficerAction,
  type RejectGround,
  VERIFY_AND_FORWARD_DAYS,
} from '../workflow.js';
import { type AttachmentUpload, type CheckedAttachment, checkAttachments } from './attachments.js';
import * as store from './store.js';

/** What the officers' actions need besides the request's context. */
export interface HandlingDeps {
  audit: ComplaintAudit;
  /** Address citizens use, for the links in the reporter's notices. */
  publicBaseUrl: string;
  agencies: AgencyCache;
  /** Pictures attached to an answer are re-encoded as report photos are. */
  photos: PhotoSanitizer;
  /** Other tenants, for "no wrong door" transfers. */
  tenants?: TenantLookup;
  /** When coordinator corrections retrain the tenant's routing model (default: DEFAULT_RETRAIN). */
  retrain?: RetrainSettings;
}
export type HandlingContext = TenantContext & HandlingDeps;

/** The report an officer acts on, and what the officer may do. */
export interface OfficerTarget {
  access: OfficerAccess;
  /** The report's id or tracking number. */
  ref: string;
}

export type OfficerActionInput =
  | { action: 'verify'; tier: ComplaintTier; categoryCode?: string; reason?: string; publishedTitle?: string; publishedDescription?: string }
  | { action: 'reject'; reason: string; ground: RejectGround }
  | { action: 'dispatch'; agencyId: string; reason?: string }
  | { action: 'transfer'; tenantSlug: string; reason: string }
  | { action: 'start'; reason?: string }
  | { action: 'answer'; text: string; templateId?: string; attachments?: AttachmentUpload[] }
  | { action: 'close'; outcome: CloseOutcome; reason: string }
  | { action: 'note'; text: string }
  | { action: 'merge'; into: string; reason?: string }
  | { action: 'hide'; reason: string }
  | { action: 'unhide'; reason?: string };

/** One variant's fields (its `action` aside) with the report and the officer. */
type VerbInput<A extends OfficerAction> = OfficerTarget & Omit<Extract<OfficerActionInput, { action: A }>, 'action'>;

/** What a verb changes: the report's columns, the words of its timeline entry, the audit entry's data. */
interface Change {
  patch: Updateable<ComplaintTable>;
  reason?: string | null;
  body?: string | null;
  /** Officers only (notes, moderation). */
  internal?: boolean;
  /** The agency the timeline entry belongs to (a dispatch: the new one). Default: the report's. */
  agencyId?: string | null;
  audit?: Record<string, unknown>;
  files?: CheckedAttachment[];
  /** An internal timeline entry written after the action's own (a redaction at verification). */
  followUp?: { action: string };
}

interface ActionMoment {
  trx: Tx;
  row: ComplaintRow;
  now: Date;
  /** The officer's reference in timeline, dispositions and audit. */
  actor: string;
}

/** Longest reason or text an action takes. */
const MAX_TEXT = 4000;

export function requireText(value: string | undefined, field: string): string {
  const v = meaningfulText(value);
  if (!v) throw invalid([fieldError(field, 'required', 'error.complaint.reason_required')]);
  if (v.length > MAX_TEXT) throw invalid([fieldError(field, 'maxLength', 'field.maxLength', { limit: MAX_TEXT })]);
  return v;
}

/** Working-day deadline in the tenant's zone, read in the caller's transaction (no second connection). */
export async function deadline(trx: Tx, tenant: Pick<TenantContext['tenant'], 'id' | 'timeZone'>, from: Date, days: number): Promise<Date> {
  return new Date((await computeDeadline(trx, tenant, from.toISOString(), days)).dueAt);
}

/** Officer actions the reporter hears about (complaint.updated), besides the answer (complaint.answered). */
const NOTIFIED_ACTIONS: ReadonlySet<OfficerAction> = new Set(['verify', 'reject', 'dispatch', 'start', 'close', 'merge', 'transfer']);

async function notifyReporterOfAction(ctx: HandlingContext, trx: Tx, row: ComplaintRow, action: OfficerAction, to: ComplaintStatus, outcome: string | null) {
  if (action === 'answer') {
    const agencies = await ctx.agencies.list(ctx, ctx.tenant.id);
    await notifyReporter(ctx, trx, row, 'complaint.answered', { agencyName: agencies.find((a) => a.id === row.agency_id)?.name ?? ctx.tenant.name });
  } else if (NOTIFIED_ACTIONS.has(action)) {
    await notifyReporter(ctx, trx, row, 'complaint.updated', { status: outcome && (to === 'closed' || outcome === 'duplicate') ? `closed.${outcome}` : to });
  }
}

/**
 * The frame of every officer action. 404 when the officer may not see the report at all (another
 * agency's), 403 when they may see it but not take this action, 409 when its state does not allow it;
 * then the verb's change is written with its timeline entry, files, notice and audit entry.
 */
async function act(ctx: HandlingContext, action: OfficerAction, target: OfficerTarget, verb: (moment: ActionMoment) => Promise<Change> | Change): Promise<OfficerComplaint> {
  const { tenant } = ctx;
  const now = ctx.now();
  const actor = officerRef(target.access);
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const row = await findComplaint(trx, tenant.id, target.ref, true);
    if (!row || !mayHandle(target.access, row.agency_id)) throw complaintNotFound();
    if (!mayTake(action, roleOf(target.access))) throw complaintForbidden();
    if (!isAllowed(action, row.status)) throw invalidTransition(action, row.status);
    const to = nextStatus(action, row.status);
    const change = await verb({ trx, row, now, actor });
    const patch = { ...change.patch, ...(to !== row.status ? { status: to } : {}) };
    await sharedStore.updateComplaint(trx, tenant.id, row.id, patch);
    const eventId = await sharedStore.insertEvent(trx, {
      tenant_id: tenant.id,
      complaint_id: row.id,
      at: now,
      actor,
      action,
      from_status: row.status,
      to_status: to,
      reason: change.reason ?? null,
      body: change.body ?? null,
      internal: change.internal ?? false,
      agency_id: change.agencyId === undefined ? row.agency_id : change.agencyId,
    });
    if (change.followUp) {
      await sharedStore.insertEvent(trx, { tenant_id: tenant.id, complaint_id: row.id, at: now, actor, action: change.followUp.action, internal: true, agency_id: row.agency_id });
    }
    const auditData: Record<string, unknown> = { from: row.status, to, ...change.audit };
    const files = change.files ?? [];
    if (files.length > 0) {
      const rows = files.map((f, idx) => ({ tenant_id: tenant.id, id: randomUUID(), complaint_id: row.id, event_id: eventId, idx, ...f }));
      await store.insertAttachments(trx, rows);
      // What was attached, provably (ids, types, sizes, digests), never the content or the file name.
      auditData.attachmentFiles = rows.map((r) => ({ id: r.id, type: r.mime, bytes: r.size, sha256: r.sha256 }));
    }
    await notifyReporterOfAction(ctx, trx, row, action, to, patch.outcome ?? row.outcome);
    await ctx.audit.append(trx, { tenantId: tenant.id, actor, action: `complaint.${action}`, subject: `complaint:${row.id}`, data: auditData });
    return readOfficerView(ctx, trx, (await sharedStore.selectComplaint(trx, tenant.id, row.id))!);
  });
}

/**
 * The text the public will read of a report being verified: the reporter's, or the coordinator's
 * edit of it (a name, a home address taken out). A blank edit keeps the reporter's text. A
 * confidential report is never published, so an edit of one is refused rather than dropped.
 */
function publicationOf(row: ComplaintRow, input: VerbInput<'verify'>) {
  const edits = { title: meaningfulText(input.publishedTitle), description: meaningfulText(input.publishedDescription) };
  if (!(PUBLISHED_PRIVACY as readonly string[]).includes(row.privacy)) {
    const field = edits.title ? '/publishedTitle' : '/publishedDescription';
    if (edits.title || edits.description) throw invalid([fieldError(field, 'not_published', 'error.complaint.never_published')]);
    return { patch: {}, redacted: [] };
  }
  if (edits.title && edits.title.length > LIMITS.title) throw invalid([fieldError('/publishedTitle', 'maxLength', 'field.maxLength', { limit: LIMITS.title })]);
  if (edits.description && edits.description.length > LIMITS.description) {
    throw invalid([fieldError('/publishedDescription', 'maxLength', 'field.maxLength', { limit: LIMITS.description })]);
  }
  const title = edits.title ?? row.title;
  const description = edits.description ?? row.description;
  // Which texts differ from the reporter's: recorded (never the texts themselves) in the audit entry.
  const redacted = [...(title !== row.title ? ['title'] : []), ...(description !== row.description ? ['description'] : [])];
  return { patch: { published_title: title, published_description: description }, redacted };
}

/**
 * The coordinator checks a new report: its complexity tier, maybe another category (a correction the
 * classifier learns from), and — a public or anonymous report — publishes it (publication.ts) with the
 * text the public will read, redacted if the coordinator edited it.
 */
export function verifyComplaint(ctx: HandlingContext, input: VerbInput<'verify'>) {
  return act(ctx, 'verify', input, async ({ trx, row, now }) => {
    const publication = publicationOf(row, input);
    const published = 'published_title' in publication.patch;
    const patch: Updateable<ComplaintTable> = { tier: input.tier, verified_at: now, ...publication.patch, ...(published ? { published_at: now } : {}) };
    if (input.categoryCode && input.categoryCode !== row.category_code) {
      const category = (await sharedStore.selectCategories(trx, ctx.tenant.id)).find((c) => c.code === input.categoryCode && c.active);
      if (!category) throw categoryUnknown();
      patch.category_code = category.code;
      if (category.agency_id && !row.forwarded_at) patch.agency_id = category.agency_id;
    }
    // A correction of the routing suggestion is training data for the classifier.
    const finalCategory = patch.category_code ?? row.category_code;
    const suggestionCorrected = row.suggested_category !== null && row.suggested_category !== finalCategory;
    return {
      patch,
      reason: meaningfulText(input.reason) ?? null,
      audit: { tier: input.tier, category: finalCategory, suggestionCorrected, published, ...(publication.redacted.length > 0 ? { redacted: publication.redacted } : {}) },
      ...(publication.redacted.length > 0 ? { followUp: { action: 'redacted' } } : {}),
    };
  });
}

/** The coordinator refuses a report (unclear, a duplicate, not the government's), with a reason. */
export function rejectComplaint(ctx: HandlingContext, input: VerbInput<'reject'>) {
  return act(ctx, 'reject', input, ({ now }) => {
    const reason = requireText(input.reason, '/reason');
    return { patch: { closed_at: now, due_at: null }, reason, body: input.ground, audit: { ground: input.ground } };
  });
}

/**
 * The coordinator sends a report to an agency (again: another agency): the first follow-up deadline
 * starts, the resolution deadline of its tier on the first dispatch. What the coordinator settled on
 * becomes a training example for the tenant's routing model.
 */
export function dispatchComplaint(ctx: HandlingContext, input: VerbInput<'dispatch'>) {
  const { tenant } = ctx;
  return act(ctx, 'dispatch', input, async ({ trx, row, now, actor }) => {
    const target = (await ctx.agencies.list(ctx, tenant.id)).find((a) => a.id === input.agencyId || a.code === input.agencyId);
    if (!target) throw agencyUnknown();
    const reason = meaningfulText(input.reason) ?? null;
    const firstForward = row.forwarded_at === null;
    const followUp = await deadline(trx, tenant, now, FIRST_FOLLOW_UP_DAYS);
    const patch: Updateable<ComplaintTable> = {
      agency_id: target.id,
      forwarded_at: firstForward ? now : row.forwarded_at,
      follow_up_due_at: followUp,
      due_at: followUp,
      first_follow_up_at: null,
      escalated_at: null,
    };
    if (firstForward) patch.resolution_due_at = await deadline(trx, tenant, now, (await sharedStore.selectTierDays(trx, tenant.id))[row.tier ?? 'simple']);
    await store.insertDisposition(trx, { tenantId: tenant.id, complaintId: row.id, actor, from: row.agency_id, to: target.id, reason });
    await recordTrainingExample(trx, tenant.id, row, target.code, actor, ctx.retrain);
    // The agency's handlers hear of it at once (inbox, digest), not when they next open the queue.
    await notifyOfficers(ctx, trx, { ...row, agency_id: target.id }, 'complaint.dispatched', { agencyName: target.name });
    return { patch, reason, agencyId: target.id, audit: { from: row.agency_id, to: target.id } };
  });
}

/**
 * "No wrong door": the report is copied to the tenant with authority (a new tracking number there,
 * the same reporter contact) and closed here as transferred. One transaction, switching the
 * row-level-security tenant.
 */
export function transferComplaint(ctx: HandlingContext, input: VerbInput<'transfer'>) {
  const { tenant } = ctx;
  return act(ctx, 'transfer', input, async ({ trx, row, now, actor }) => {
    const reason = requireText(input.reason, '/reason');
    const target = await ctx.tenants?.bySlugOrUndefined(input.tenantSlug);
    if (!target || target.id === tenant.id) throw invalid([fieldError('/tenantSlug', 'unknown', 'error.complaint.tenant_unknown')]);
    const newId = randomUUID();
    const number = newTrackingNumber();
    const verifyDue = await deadline(trx, target, now, VERIFY_AND_FORWARD_DAYS);
    await withTenant(trx, target.id, async () => {
      const categories = await sharedStore.selectCategories(trx, target.id);
      const category = categories.find((c) => c.active && c.code === row.category_code) ?? categories.find((c) => c.active);
      if (!category) throw transferImpossible();
      await store.insertComplaint(trx, {
        tenant_id: target.id,
        id: newId,
        tracking_number: number,
        kind: row.kind,
        title: row.title,
        description: row.description,
        category_code: category.code,
        agency_id: category.agency_id,
        privacy: row.privacy,
        reporter_name: row.reporter_name,
        reporter_email: row.reporter_email,
        reporter_phone: row.reporter_phone,
        // The code is salted with the tenant id, so the reporter follows up here with its tracking number.
        secret_code_hash: row.secret_code_hash ? createHash('sha256').update(randomBytes(32)).digest('hex') : null,
        service_received_on: row.service_received_on,
        late_filing: row.late_filing,
        without_proof: row.without_proof,
        latitude: row.latitude,
        longitude: row.longitude,
        address: row.address,
        due_at: verifyDue,
        verify_due_at: verifyDue,
        submitted_at: now,
      });
      await sharedStore.insertEvent(trx, {
        tenant_id: target.id,
        complaint_id: newId,
        at: now,
        actor: `tenant:${tenant.slug}`,
        action: 'transferred_in',
        to_status: 'submitted',
        reason,
        body: row.tracking_number,
      });
      await ctx.audit.append(trx, { tenantId: target.id, actor, action: 'complaint.transferred_in', subject: `complaint:${newId}`, data: { fromTenant: tenant.slug, trackingNumber: number } });
    });
    await withTenant(trx, tenant.id, async () => {
      await store.insertDisposition(trx, { tenantId: tenant.id, complaintId: row.id, actor, from: row.agency_id, to: null, toTenant: target.slug, reason });
    });
    const transferredTo = `${target.slug}:${number}`;
    return { patch: { outcome: 'transferred', transferred_to: transferredTo, closed_at: now, due_at: null }, reason, audit: { toTenant: input.tenantSlug, trackingNumber: transferredTo } };
  });
}

/** The agency starts following up: the report's deadline becomes its resolution deadline. */
export function startComplaint(ctx: HandlingContext, input: VerbInput<'start'>) {
  return act(ctx, 'start', input, ({ row, now }) => ({
    patch: { first_follow_up_at: now, due_at: row.resolution_due_at },
    reason: meaningfulText(input.reason) ?? null,
  }));
}

/** The agency answers: its text or a response template, with up to three files (a letter, pictures). */
export function answerComplaint(ctx: HandlingContext, input: VerbInput<'answer'>) {
  return act(ctx, 'answer', input, async ({ trx, row, now }) => {
    const fromTemplate = Boolean(input.templateId) && !meaningfulText(input.text);
    let body: string;
    if (fromTemplate) {
      // A response template of the report's agency (or tenant-wide) as the answer.
      const template = (await store.selectTemplates(trx, ctx.tenant.id, row.agency_id)).find((x) => x.id === input.templateId);
      if (!template) throw invalid([fieldError('/templateId', 'unknown', 'field.invalid')]);
      body = template.body;
    } else body = requireText(input.text, '/text');
    // Checked after who-may-act and the state: another agency's officer learns nothing from a file.
    const files = await checkAttachments(ctx.photos, input.attachments ?? []);
    return {
      patch: { responded_at: now, due_at: null, ...(row.first_follow_up_at ? {} : { first_follow_up_at: now }) },
      body,
      files,
      audit: { ...(fromTemplate ? { template: input.templateId } : {}), attachments: files.length },
    };
  });
}

/** The coordinator closes an answered report as resolved or not. */
export function closeComplaint(ctx: HandlingContext, input: VerbInput<'close'>) {
  return act(ctx, 'close', input, ({ now }) => {
    const reason = requireText(input.reason, '/reason');
    const outcome = input.outcome === 'resolved' ? 'resolved' : 'unresolved';
    return { patch: { outcome, closed_at: now }, reason, audit: { outcome } };
  });
}

/** An internal note: officers only, in any state. */
export function noteComplaint(ctx: HandlingContext, input: VerbInput<'note'>) {
  return act(ctx, 'note', input, () => ({ patch: {}, body: requireText(input.text, '/text'), internal: true }));
}

/** The coordinator closes a duplicate into another report (which records where it came from). */
export function mergeComplaints(ctx: HandlingContext, input: VerbInput<'merge'>) {
  return act(ctx, 'merge', input, async ({ trx, row, now, actor }) => {
    const target = await findComplaint(trx, ctx.tenant.id, input.into, true);
    if (!target || target.id === row.id) throw invalid([fieldError('/into', 'unknown', 'error.complaint.merge_target')]);
    if (target.merged_into) throw invalid([fieldError('/into', 'merged', 'error.complaint.merge_target')]);
    const reason = meaningfulText(input.reason) ?? null;
    await sharedStore.insertEvent(trx, { tenant_id: ctx.tenant.id, complaint_id: target.id, at: now, actor, action: 'merged_from', body: row.tracking_number, reason });
    return {
      patch: { merged_into: target.id, outcome: 'duplicate', closed_at: now, due_at: null },
      reason,
      body: target.tracking_number,
      audit: { into: `complaint:${target.id}` },
    };
  });
}

/** The coordinator takes a report out of every public view (the list, the map, Open311), with a reason. */
export function hideComplaint(ctx: HandlingContext, input: VerbInput<'hide'>) {
  return act(ctx, 'hide', input, () => ({ patch: { hidden: true }, reason: requireText(input.reason, '/reason'), internal: true }));
}

/** …and shows it again. */
export function unhideComplaint(ctx: HandlingContext, input: VerbInput<'unhide'>) {
  return act(ctx, 'unhide', input, () => ({ patch: { hidden: false }, reason: meaningfulText(input.reason) ?? null, internal: true }));
}

const VERBS: { [A in OfficerAction]: (ctx: HandlingContext, input: VerbInput<A>) => Promise<OfficerComplaint> } = {
  verify: verifyComplaint,
  reject: rejectComplaint,
  dispatch: dispatchComplaint,
  transfer: transferComplaint,
  start: startComplaint,
  answer: answerComplaint,
  close: closeComplaint,
  note: noteComplaint,
  merge: mergeComplaints,
  hide: hideComplaint,
  unhide: unhideComplaint,
};

/** An officer's action as the API and the report page send it: each variant to its verb. */
export function actOnComplaint(ctx: HandlingContext, input: OfficerTarget & OfficerActionInput): Promise<OfficerComplaint> {
  const verb = VERBS[input.action] as (ctx: HandlingContext, input: OfficerTarget & OfficerActionInput) => Promise<OfficerComplaint>;
  return verb(ctx, input);
}

/**
 * Reveals who filed a *rahasia* report: coordinator only, with a reason, audited. An anonymous
 * report has nothing to reveal (409); a public one shows its reporter already.
 */
export async function revealIdentity(ctx: HandlingContext, input: OfficerTarget & { reason: string }) {
  const { tenant } = ctx;
  if (!input.access.coordinator) throw complaintForbidden();
  const reason = requireText(input.reason, '/reason');
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const row = await findComplaint(trx, tenant.id, input.ref);
    if (!row) throw complaintNotFound();
    if (row.privacy === 'anonim') throw nothingToReveal();
    if (row.privacy !== 'rahasia') throw notConfidential();
    const actor = officerRef(input.access);
    await sharedStore.insertEvent(trx, { tenant_id: tenant.id, complaint_id: row.id, at: ctx.now(), actor, action: 'identity_revealed', reason, internal: true });
    await ctx.audit.append(trx, {
      tenantId: tenant.id,
      actor,
      action: 'complaint.identity_revealed',
      subject: `complaint:${row.id}`,
      data: { reasonLength: reason.length, citizen: row.reporter_citizen_id ? ctx.audit.pseudonymize(tenant.id, row.reporter_citizen_id) : null },
    });
    return { name: row.reporter_name, email: row.reporter_email, phone: row.reporter_phone, citizenId: row.reporter_citizen_id };
  });
}
