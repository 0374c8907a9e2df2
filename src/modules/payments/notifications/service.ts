// A gateway's notification that money arrived, and what Gerbang books for it (decision 0082). Two steps:
//  1. the endpoint (receivePaymentNotification): the adapter authenticates the notice (signature over
//     the raw body, fresh timestamp), then ONE statement stores it in the inbox — once per gateway
//     event: a re-delivery stores nothing and gets the same answer — and queues its job. The gateway's
//     200 means "held by Gerbang": it is sent only once the notice and its job are committed.
//  2. the job (processPaymentNotice): the gateway confirms the payment (its status query lists it: a
//     genuine callback replayed at the wrong endpoint, or forged with a leaked key, is not enough) —
//     else the notice is marked not_confirmed and nothing is credited; a gateway that does not answer
//     fails the job, which the runner retries with back-off. Then ONE transaction — the job's — records
//     the gateway event, books the money by the invoice's state and marks the notice processed:
//   right amount, invoice open                → credit, invoice paid, the application moves on
//   wrong amount (whatever the state)         → held: amount_mismatch, the invoice stays as it was
//   right amount, invoice already paid        → held: duplicate_payment
//   right amount, invoice expired/cancelled   → the tenant's rule: 'accept' credits and moves on,
//                                               'refund' holds (late_refund)
// Each rule depends on the event and the invoice's own facts, not on which other events came first, so
// any order of delivery ends in the same books (which of two full payments is the credit aside).
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../../db/index.js';
import { actorRef } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { recordApplicationEvent } from '../../applications/index.js';
import type { BillStatus, GatewayAnswer, NotificationOutcome, PaymentNotice } from '../gateway.js';
import type { PaymentContext } from '../invoices/context.js';
import { businessDay } from '../invoices/money.js';
import { type InvoiceRow, insertInvoiceEvent, selectInvoice, selectInvoicesOfApplication, updateInvoice } from '../invoices/store.js';
import '../invoices/strings.js';
import { keptPaymentSettings, loadPaymentSettings, type PaymentSettings } from '../settings.js';
import { insertBooking, insertNoticeOnce, selectGatewayEventOutcome, selectNotice, updateNoticeSettled } from './store.js';

/** The job that confirms and books one stored notice (payload: { gateway, eventId }). */
export const PROCESS_NOTICE_JOB = 'payments.process_notice';
/**
 * Attempts before the job is failed: the runner waits min(2^n s, 1 h) between them, so a gateway whose
 * status query is away for about seven hours loses nothing; after that the notice stays 'received',
 * listed for the treasurer, and an operator can retry the failed job.
 */
export const PROCESS_NOTICE_ATTEMPTS = 16;

const unknownInvoice = () => new DomainError('payment.invoice_not_found', 404, 'pay.error.invoice_not_found');

export interface NotificationInput {
  /** The gateway named in the URL: it must be the tenant's. */
  gateway: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}

/** What one authenticated, confirmed notice does to an invoice, from the invoice's state and the tenant's rule alone. */
export function outcomeOf(invoice: Pick<InvoiceRow, 'status' | 'amount'>, amount: number, latePayment: PaymentSettings['latePayment']): NotificationOutcome {
  if (amount !== invoice.amount) return 'amount_mismatch';
  if (invoice.status === 'open') return 'credited';
  if (invoice.status === 'paid') return 'duplicate_payment_held_for_refund';
  return latePayment === 'accept' ? 'late_accepted' : 'late_held_for_refund';
}

/**
 * Why the gateway's own view does not confirm a notice, or null when it does: the bill belongs to
 * another invoice, or the gateway knows no such bill or no such payment (this event with this amount).
 */
export function unconfirmedReason(notice: PaymentNotice, status: BillStatus): 'other_invoice' | 'not_listed' | null {
  if (status.invoiceNumber !== notice.invoiceNumber) return status.invoiceNumber === '' ? 'not_listed' : 'other_invoice';
  return status.payments.some((p) => p.eventId === notice.eventId && p.amount === notice.amount) ? null : 'not_listed';
}

const HELD_REASON: Partial<Record<NotificationOutcome, string>> = {
  amount_mismatch: 'amount_mismatch',
  duplicate_payment_held_for_refund: 'duplicate_payment',
  late_held_for_refund: 'late_refund',
};

export async function receivePaymentNotification(ctx: PaymentContext, input: NotificationInput): Promise<GatewayAnswer> {
  const tenantId = ctx.tenant.id;
  // Kept by the process a few seconds (settings.ts): the request reads nothing else before its write.
  const settings = await keptPaymentSettings(ctx.db, tenantId, input.gateway);
  if (input.gateway !== settings.gateway) throw new DomainError('payment.gateway_unknown', 404, 'pay.error.gateway_unknown');
  const gateway = ctx.gateway(settings);
  const check = gateway.verifyNotification(input.headers, input.rawBody, ctx.now());
  if (!check.ok) {
    if (check.reason === 'malformed') throw new DomainError('payment.notification_malformed', 400, 'pay.error.notification_malformed');
    throw new DomainError('payment.notification_unauthenticated', 401, 'pay.error.notification_unauthenticated', {}, [], { reason: check.reason });
  }
  const notice = check.notice;
  // One round trip: the invoice looked up, the notice stored once, its job queued — committed before
  // the answer, so a notice the gateway was told we hold is never lost.
  const stored = await insertNoticeOnce(ctx.db, tenantId, { ...notice, gateway: gateway.name, receivedAt: ctx.now() }, { kind: PROCESS_NOTICE_JOB, maxAttempts: PROCESS_NOTICE_ATTEMPTS });
  if (stored === 'unknown_invoice') throw unknownInvoice();
  // A re-delivery gets the same answer: the notice is held either way.
  return gateway.answer('received', notice);
}

/**
 * The job: confirm one stored notice with the gateway and book it, in the job's transaction `trx`
 * (tenant context set). A notice already settled does nothing (the job ran before and committed).
 * Throws when the gateway's status query fails: the runner rolls back and retries later.
 */
export async function processPaymentNotice(ctx: PaymentContext, trx: Tx, key: { gateway: string; eventId: string }): Promise<void> {
  const tenantId = ctx.tenant.id;
  const row = await selectNotice(trx, tenantId, key.gateway, key.eventId);
  if (!row || row.status !== 'received') return;
  const notice: PaymentNotice = { eventId: row.eventId, gatewayRef: row.gatewayRef, invoiceNumber: row.invoiceNumber, amount: row.amount, channel: row.channel, paidAt: row.paidAt };
  // Booked as the payments module, whoever called: the gateway is no person.
  const system: PaymentContext = { ...ctx, db: trx, actor: { kind: 'system', id: 'payments' } };
  const settings = await loadPaymentSettings(trx, tenantId);
  // The tenant moved to another gateway since: the one that sent the notice can no longer be asked.
  const reason = settings.gateway !== row.gateway ? 'gateway_changed' : unconfirmedReason(notice, await ctx.gateway(settings).queryStatus(notice.gatewayRef, notice.channel));
  if (reason) {
    await updateNoticeSettled(trx, tenantId, row.gateway, row.eventId, { status: 'not_confirmed', outcome: reason, at: ctx.now() });
    await ctx.audit.append(trx, {
      tenantId,
      actor: actorRef(system.actor),
      action: 'payment.not_confirmed',
      subject: `invoice:${row.invoiceId}`,
      at: ctx.now(),
      data: { number: row.invoiceNumber, gateway: row.gateway, eventId: row.eventId, channel: row.channel, amount: row.amount, reason },
    });
    return;
  }
  const outcome = await bookNotice(system, trx, notice, row.gateway, settings);
  // Processed in the credit's transaction, never before it: a crash in between rolls back both.
  await updateNoticeSettled(trx, tenantId, row.gateway, row.eventId, { status: 'processed', outcome, at: ctx.now() });
}

/** The one transaction: the gateway event (once), and what it books. Returns the outcome (the first one, for a replay). */
async function bookNotice(ctx: PaymentContext, trx: Tx, notice: PaymentNotice, gatewayName: string, settings: PaymentSettings): Promise<NotificationOutcome> {
  const tenantId = ctx.tenant.id;
  // The invoice's row lock orders every notice about it: the state each one reads is final.
  const invoice = await selectInvoice(trx, tenantId, { number: notice.invoiceNumber }, true);
  if (!invoice) throw unknownInvoice();
  // The settings were read in this transaction (not as kept): the late-payment rule is the current one.
  const outcome = outcomeOf(invoice, notice.amount, settings.latePayment);
  const now = ctx.now();
  const credit = outcome === 'credited' || outcome === 'late_accepted';
  const detail = { eventId: notice.eventId, channel: notice.channel, amount: notice.amount, outcome };
  const first = await insertBooking(trx, tenantId, {
    event: {
      gateway: gatewayName,
      eventId: notice.eventId,
      gatewayRef: notice.gatewayRef,
      invoiceId: invoice.id,
      amount: notice.amount,
      channel: notice.channel,
      paidAt: notice.paidAt,
      outcome,
      receivedAt: now,
    },
    entry: {
      id: randomUUID(),
      kind: credit ? 'credit' : 'held',
      invoiceId: invoice.id,
      agencyId: invoice.agencyId,
      serviceId: invoice.serviceId,
      channel: notice.channel,
      gateway: gatewayName,
      gatewayEventId: notice.eventId,
      amount: notice.amount,
      reason: credit ? null : HELD_REASON[outcome]!,
      paidAt: notice.paidAt,
      businessDate: businessDay(notice.paidAt),
      bookedAt: now,
    },
    paid: credit ? { paidAt: notice.paidAt, closedAt: now } : null,
    invoiceEvent: credit ? { type: 'paid', at: now, detail } : { type: 'flagged', at: now, detail: { ...detail, reason: HELD_REASON[outcome] } },
  });
  if (!first) return ((await selectGatewayEventOutcome(trx, tenantId, gatewayName, notice.eventId)) ?? 'already_processed') as NotificationOutcome;

  await ctx.audit.append(trx, {
    tenantId,
    actor: actorRef(ctx.actor),
    action: credit ? 'payment.credited' : 'payment.held',
    subject: `invoice:${invoice.id}`,
    at: now,
    data: { number: invoice.number, gateway: gatewayName, ...detail },
  });
  if (!credit || !invoice.applicationId) return outcome;
  // A late payment accepted on an invoice that was re-issued: the re-issue is no longer owed. (An open
  // invoice has no open re-issue: one open invoice per application step.)
  if (outcome === 'late_accepted') {
    for (const other of await selectInvoicesOfApplication(trx, tenantId, invoice.applicationId)) {
      if (other.id === invoice.id || other.status !== 'open' || other.stepId !== invoice.stepId) continue;
      await updateInvoice(trx, tenantId, other.id, { status: 'cancelled', closedAt: now, cancelReason: `paid:${invoice.number}` });
      await insertInvoiceEvent(trx, tenantId, other.id, { type: 'cancelled', at: now, actorId: null, detail: { paidBy: invoice.number } });
    }
  }
  // In this transaction: the credit and the application's next step commit together or not at all.
  await recordApplicationEvent(ctx, invoice.applicationId, { name: 'paid', ...(invoice.stepId ? { stepId: invoice.stepId } : {}) });
  return outcome;
}
