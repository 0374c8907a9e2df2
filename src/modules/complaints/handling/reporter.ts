// The reporter's actions once a report is answered (docs/domain.md §3): rate the answer (1–5, a
// comment) and say whether it resolved the problem — closed as resolved or not, shown honestly — or
// reopen it once with a reason. The reporter is the citizen whose account filed it, or whoever holds
// its secret code (which acts only on its own report).
import { type Tx, withTenant } from '../../../db/index.js';
import { meaningfulText } from '../../../platform/text.js';
import type { ViewContext } from '../context.js';
import { complaintNotFound, fieldError, invalid, invalidTransition, reopenLimit, trackingCodeInvalid } from '../errors.js';
import * as sharedStore from '../store.js';
import type { ComplaintRow } from '../store.js';
import { hashSecretCode } from '../tracking.js';
import { findComplaint, type PublicComplaint, readPublicView } from '../views.js';
import { isAllowed, MAX_REOPENS, nextStatus, REOPEN_DAYS } from '../workflow.js';
import { deadline, requireText } from './service.js';

export type ReporterRef = { citizenId: string } | { secretCode: string };

/**
 * `reopen` answers the offer a "not resolved" gets while a reopen is left: true reopens the report
 * (the comment is the reason), false declines and closes it as not resolved.
 */
export type ReporterActionInput = { action: 'confirm'; rating: number; comment?: string; resolved: boolean; reopen?: boolean } | { action: 'reopen'; reason: string };

/** Who acts and on which report: `ref` names it (the API's path); with a secret code it may be null (the code alone names it). */
export interface ReporterTarget {
  who: ReporterRef;
  ref: string | null;
}

const MAX_COMMENT = 2000;

/** The report the reporter may act on, locked; 404 for anyone else's (a wrong code says nothing about either report). */
async function reportOf(ctx: ViewContext, trx: Tx, target: ReporterTarget): Promise<ComplaintRow> {
  const tenantId = ctx.tenant.id;
  const { who, ref } = target;
  if ('secretCode' in who) {
    const found = await sharedStore.selectComplaintBySecret(trx, tenantId, hashSecretCode(tenantId, who.secretCode));
    // A code acts only on its own report: the code of another report than the one named is as
    // unknown as a wrong code (and says nothing about either report).
    const named = found && ref !== null ? await findComplaint(trx, tenantId, ref) : found;
    if (!found || named?.id !== found.id) throw trackingCodeInvalid();
    return (await sharedStore.selectComplaint(trx, tenantId, found.id, true))!;
  }
  const row = ref ? await findComplaint(trx, tenantId, ref, true) : undefined;
  if (!row || row.reporter_citizen_id !== who.citizenId) throw complaintNotFound();
  return row;
}

interface ReporterChange {
  patch: Parameters<typeof sharedStore.updateComplaint>[3];
  reason: string | null;
  /** The timeline entry's action. */
  event: string;
  audit?: Record<string, unknown>;
}

/** The frame of both actions: the reporter's report, the workflow's table, then the change, its timeline entry and audit entry. */
async function reporterAct(
  ctx: ViewContext,
  action: ReporterActionInput['action'],
  target: ReporterTarget,
  verb: (moment: { trx: Tx; row: ComplaintRow; now: Date }) => Promise<ReporterChange> | ReporterChange,
): Promise<PublicComplaint> {
  const { tenant } = ctx;
  const now = ctx.now();
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const row = await reportOf(ctx, trx, target);
    if (!isAllowed(action, row.status)) throw invalidTransition(action, row.status);
    const actor = 'secretCode' in target.who ? (row.privacy === 'anonim' ? 'anonymous' : 'reporter:code') : `citizen:${target.who.citizenId}`;
    const to = nextStatus(action, row.status);
    const change = await verb({ trx, row, now });
    await sharedStore.updateComplaint(trx, tenant.id, row.id, { ...change.patch, status: to });
    await sharedStore.insertEvent(trx, { tenant_id: tenant.id, complaint_id: row.id, at: now, actor, action: change.event, from_status: row.status, to_status: to, reason: change.reason });
    await ctx.audit.append(trx, { tenantId: tenant.id, actor, action: `complaint.${action}`, subject: `complaint:${row.id}`, data: { from: row.status, to, ...change.audit } });
    return readPublicView(ctx, trx, (await sharedStore.selectComplaint(trx, tenant.id, row.id))!, { mask: false });
  });
}

/**
 * The reporter rates the answer and says whether it resolved the problem. Resolved closes it; "not
 * resolved" while a reopen is left is an offer to reopen: it closes as not resolved only when the
 * reporter declines (`reopen: false`), reopens with the comment as the reason (`reopen: true`), and
 * without an answer asks for one — a report closed at once would lose the reopen the reporter has.
 */
export function confirmComplaint(ctx: ViewContext, input: ReporterTarget & { rating: number; comment?: string; resolved: boolean; reopen?: boolean }) {
  if (!input.resolved && input.reopen === true) {
    if (!meaningfulText(input.comment)) throw invalid([fieldError('/comment', 'required', 'error.complaint.reopen_reason_required')]);
    return reopenComplaint(ctx, { who: input.who, ref: input.ref, reason: input.comment ?? '' });
  }
  return reporterAct(ctx, 'confirm', input, ({ row, now }) => {
    if (!input.resolved && input.reopen === undefined && row.reopen_count < MAX_REOPENS) throw invalid([fieldError('/reopen', 'required', 'error.complaint.reopen_offered')]);
    if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw invalid([fieldError('/rating', 'range', 'error.complaint.rating_invalid')]);
    const comment = meaningfulText(input.comment);
    if (comment && comment.length > MAX_COMMENT) throw invalid([fieldError('/comment', 'maxLength', 'field.maxLength', { limit: MAX_COMMENT })]);
    return {
      patch: { rating: input.rating, rating_comment: comment ?? null, outcome: input.resolved ? 'resolved' : 'unresolved', closed_at: now },
      reason: comment ?? null,
      event: input.resolved ? 'confirmed_resolved' : 'confirmed_unresolved',
      audit: { rating: input.rating, resolved: input.resolved },
    };
  });
}

/** The reporter reopens the answered report, once, with a reason: the agency gets the follow-up period again. */
export function reopenComplaint(ctx: ViewContext, input: ReporterTarget & { reason: string }) {
  return reporterAct(ctx, 'reopen', input, async ({ trx, row, now }) => {
    if (row.reopen_count >= MAX_REOPENS) throw reopenLimit();
    const reason = requireText(input.reason, '/reason');
    return {
      patch: { reopen_count: row.reopen_count + 1, responded_at: null, due_at: await deadline(trx, ctx.tenant, now, REOPEN_DAYS), escalated_at: null },
      reason,
      event: 'reopened',
    };
  });
}

/** The reporter's action as the API and the tracking page send it. */
export function actAsReporter(ctx: ViewContext, input: ReporterTarget & ReporterActionInput): Promise<PublicComplaint> {
  return input.action === 'confirm' ? confirmComplaint(ctx, input) : reopenComplaint(ctx, input);
}
