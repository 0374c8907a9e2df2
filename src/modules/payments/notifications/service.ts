// A gateway's notification that money arrived, and what Gerbang books for it. The order of trust:
// the adapter authenticates it (signature over the raw body, fresh timestamp), the gateway confirms it
// (its status query lists the payment: a genuine callback replayed at the wrong endpoint, or forged
// with a leaked key, is not enough), then ONE transaction records the gateway event — its key makes a
// replay change nothing and get the first answer — and books the money by the invoice's state:
//   right amount, invoice open                → credit, invoice paid, the application moves on
//   wrong amount (whatever the state)         → held: amount_mismatch, the invoice stays as it was
//   right amount, invoice already paid        → held: duplicate_payment
//   right amount, invoice expired/cancelled   → the tenant's rule: 'accept' credits and moves on,
//                                               'refund' holds (late_refund)
// Each rule depends on the event and the invoice's own facts, not on which other events came first, so
// any order of delivery ends in the same books (which of two full payments is the credit aside).
import { randomUUID } from 'node:crypto';
import { type Tx, withTenant } from '../../../db/index.js';
import { actorRef } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { recordApplicationEvent } from '../../applications/index.js';
import type { GatewayAnswer, NotificationOutcome, PaymentNotice } from '../gateway.js';
import type { PaymentContext } from '../invoices/context.js';
import { businessDay } from '../invoices/money.js';
import { type InvoiceRow, insertInvoiceEvent, selectInvoice, selectInvoicesOfApplication, updateInvoice } from '../invoices/store.js';
import '../invoices/strings.js';
import { keptPaymentSettings, loadPaymentSettings, type PaymentSettings } from '../settings.js';
import { insertBooking, selectGatewayEventOutcome } from './store.js';

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

const HELD_REASON: Partial<Record<NotificationOutcome, string>> = {
  amount_mismatch: 'amount_mismatch',
  duplicate_payment_held_for_refund: 'duplicate_payment',
  late_held_for_refund: 'late_refund',
};

export async function receivePaymentNotification(ctx: PaymentContext, input: NotificationInput): Promise<GatewayAnswer> {
  const tenantId = ctx.tenant.id;
  // Kept by the process a few seconds (settings.ts); the rule for late payments, the one setting a
  // booking reads, is read afresh in the booking's transaction when it matters.
  const settings = await keptPaymentSettings(ctx.db, tenantId, input.gateway);
  if (input.gateway !== settings.gateway) throw new DomainError('payment.gateway_unknown', 404, 'pay.error.gateway_unknown');
  const gateway = ctx.gateway(settings);
  const check = gateway.verifyNotification(input.headers, input.rawBody, ctx.now());
  if (!check.ok) {
    if (check.reason === 'malformed') throw new DomainError('payment.notification_malformed', 400, 'pay.error.notification_malformed');
    throw new DomainError('payment.notification_unauthenticated', 401, 'pay.error.notification_unauthenticated', {}, [], { reason: check.reason });
  }
  const notice = check.notice;
  // Confirmed by the gateway itself, outside any transaction (a real gateway is a network call), before
  // anything is written. An unknown invoice is a 404 rather than the gateway's refusal: it is looked up
  // when the gateway does not confirm, and otherwise found (or not) under its lock in the booking.
  const invoiceKnown = () => withTenant(ctx.db, tenantId, async (trx) => (await selectInvoice(trx, tenantId, { number: notice.invoiceNumber })) !== undefined);
  let status: Awaited<ReturnType<typeof gateway.queryStatus>>;
  try {
    status = await gateway.queryStatus(notice.gatewayRef, notice.channel);
  } catch (error) {
    if (!(await invoiceKnown())) throw unknownInvoice();
    throw error;
  }
  const confirmed = status.invoiceNumber === notice.invoiceNumber && status.payments.some((p) => p.eventId === notice.eventId && p.amount === notice.amount);
  if (!confirmed) throw (await invoiceKnown()) ? new DomainError('payment.not_confirmed', 422, 'pay.error.not_confirmed') : unknownInvoice();

  // Booked as the payments module, whoever called: the gateway is no person.
  const system: PaymentContext = { ...ctx, actor: { kind: 'system', id: 'payments' } };
  const outcome = await withTenant(ctx.db, tenantId, (trx) => bookNotice({ ...system, db: trx }, trx, notice, gateway.name, settings));
  return gateway.answer(outcome, notice);
}

/** The one transaction: the gateway event (once), and what it books. Returns the outcome (the first one, for a replay). */
async function bookNotice(ctx: PaymentContext, trx: Tx, notice: PaymentNotice, gatewayName: string, settings: PaymentSettings): Promise<NotificationOutcome> {
  const tenantId = ctx.tenant.id;
  // The invoice's row lock orders every notice about it: the state each one reads is final.
  const invoice = await selectInvoice(trx, tenantId, { number: notice.invoiceNumber }, true);
  if (!invoice) throw unknownInvoice();
  // Only a payment after the invoice closed depends on the tenant's rule: read it now, not as kept.
  const latePayment = invoice.status === 'expired' || invoice.status === 'cancelled' ? (await loadPaymentSettings(trx, tenantId)).latePayment : settings.latePayment;
  const outcome = outcomeOf(invoice, notice.amount, latePayment);
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
