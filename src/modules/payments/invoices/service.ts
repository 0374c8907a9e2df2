// Invoices (tagihan): issued when an application reaches a payment step (the applications hook, in the
// transition's transaction), or by an officer or another system for a step or as a re-issue; the ways to
// pay them (bills) asked of the gateway after the commit; cancelled with a reason; expired by a job.
// Every change is an invoice event and an audit entry, written with the change.
import { randomUUID } from 'node:crypto';
import { type Tx, withTenant } from '../../../db/index.js';
import { can, type Principal } from '../../../platform/auth/index.js';
import { actorRef } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { enqueueJob } from '../../../platform/jobs/index.js';
import { meaningfulText } from '../../../platform/text.js';
import { newTrackingNumber, normalizeTrackingNumber } from '../../../platform/tracking-number.js';
import { applicationAnswers, applicationAwaiting, applicationTrackingNumber, type AwaitInfo } from '../../applications/index.js';
import { computeFee, getServiceVersion } from '../../catalog/index.js';
import type { IssuedBill, PaymentChannel } from '../gateway.js';
import { loadPaymentSettings } from '../settings.js';
import { countNoticesReceived, selectCredit } from '../notifications/store.js';
import type { PaymentContext } from './context.js';
import {
  type BillRow,
  type InvoiceEventRow,
  type InvoiceRow,
  insertBill,
  insertInvoice,
  insertInvoiceEvent,
  selectBills,
  selectExpiredOpenIds,
  selectInvoice,
  selectInvoiceEvents,
  selectInvoicesOfApplication,
  updateInvoice,
} from './store.js';
import './strings.js';

export const BILLS_JOB = 'payments.issue_bills';
export const WAIVE_JOB = 'payments.waive_fee';
export const EXPIRE_JOB = 'payments.expire_invoices';

const HOUR_MS = 3_600_000;

export const invoiceNotFound = () => new DomainError('payment.invoice_not_found', 404, 'pay.error.invoice_not_found');

/** The step an invoice is issued for: an application's payment step (from the hook, or found for an officer). */
type StepRef = Pick<AwaitInfo, 'applicationId' | 'trackingNumber' | 'serviceVersionId' | 'applicantId' | 'stepId'>;

/**
 * Issues the invoice of an application's payment step in `trx`: the amount and its basis from the fee
 * rule of the version the application was made under (or `amount` an officer gave), valid for the
 * tenant's hours. A fee of 0 issues nothing: a job records the step as paid with a `waived` note.
 * That job — not a call from here — because this runs inside the transition that began the step:
 * recording "paid" now would re-enter the engine mid-transition, on a row it has not finished saving.
 * Returns the invoice, or null when the fee was waived.
 */
export async function issueStepInvoice(ctx: PaymentContext, trx: Tx, step: StepRef, options: { amount?: number; replaces?: InvoiceRow; issuedBy?: string | null } = {}): Promise<InvoiceRow | null> {
  const tenantId = ctx.tenant.id;
  const version = await getServiceVersion({ ...ctx, db: trx }, step.serviceVersionId);
  let amount = options.amount;
  let feeBasis: Record<string, unknown> = options.amount !== undefined ? { rule: 'set_by_officer', fee: options.amount } : {};
  if (amount === undefined) {
    const fee = computeFee(version.content, await applicationAnswers(trx, tenantId, step.applicationId));
    if (!fee.ok) throw new DomainError('payment.fee_unknown', 422, 'pay.error.fee_unknown', {}, [{ field: '/amount', code: 'required', messageKey: 'pay.error.fee_unknown' }]);
    amount = fee.amount;
    feeBasis = fee.basis;
  }
  if (amount === 0) {
    await enqueueJob(trx, { kind: WAIVE_JOB, tenantId, payload: { applicationId: step.applicationId, stepId: step.stepId }, dedupeKey: `waive:${step.applicationId}:${step.stepId}:${ctx.now().toISOString()}` });
    return null;
  }
  const settings = await loadPaymentSettings(trx, tenantId);
  const now = ctx.now();
  const name = version.content.name;
  const invoice: InvoiceRow = {
    id: randomUUID(),
    number: newTrackingNumber('TGH'),
    applicationId: step.applicationId,
    stepId: step.stepId,
    agencyId: version.agencyId,
    serviceId: version.serviceId,
    serviceVersionId: version.id,
    payerId: step.applicantId,
    description: { id: `${name.id} — ${step.trackingNumber}`, en: `${name.en || name.id} — ${step.trackingNumber}` },
    feeBasis,
    amount,
    status: 'open',
    issuedAt: now,
    expiresAt: new Date(now.getTime() + settings.invoiceValidHours * HOUR_MS),
    paidAt: null,
    closedAt: null,
    cancelReason: null,
    replacesId: options.replaces?.id ?? null,
    issuedBy: options.issuedBy ?? null,
    version: 1,
  };
  await insertInvoice(trx, tenantId, invoice);
  await insertInvoiceEvent(trx, tenantId, invoice.id, { type: 'issued', at: now, actorId: options.issuedBy ?? null, detail: { amount, ...(options.replaces ? { replaces: options.replaces.number } : {}) } });
  if (options.replaces) await insertInvoiceEvent(trx, tenantId, options.replaces.id, { type: 'reissued', at: now, actorId: options.issuedBy ?? null, detail: { by: invoice.number } });
  await ctx.audit.append(trx, {
    tenantId,
    actor: actorRef(ctx.actor),
    action: 'payment.invoice_issued',
    subject: `invoice:${invoice.id}`,
    at: now,
    data: { number: invoice.number, amount, applicationId: step.applicationId, stepId: step.stepId, ...(options.replaces ? { replaces: options.replaces.number } : {}) },
  });
  // The gateway is asked after the commit (a real one is a network call: never inside a transaction);
  // the invoice page asks too if it is viewed first (ensureBills is idempotent).
  await enqueueJob(trx, { kind: BILLS_JOB, tenantId, payload: { invoiceId: invoice.id }, dedupeKey: `bills:${invoice.id}`, wake: true });
  return invoice;
}

/** The applications hook: a wait step for "paid" began. */
export async function onPaymentStep(ctx: PaymentContext, trx: Tx, info: AwaitInfo): Promise<void> {
  if (info.event !== 'paid') return;
  try {
    await issueStepInvoice(ctx, trx, info);
  } catch (err) {
    // A fee the rule cannot compute (an optional field left empty) must not stop the officer's action:
    // the step waits, and an officer issues the invoice with the amount (createInvoice).
    if (err instanceof DomainError && err.code === 'payment.fee_unknown') return;
    throw err;
  }
}

const issueRefused = () => new DomainError('auth.forbidden', 403, 'error.auth_forbidden');

export interface CreateInvoiceInput {
  principal: Principal;
  /** An application waiting at a payment step… */
  applicationId?: string;
  /** …or the number of a cancelled or expired invoice to issue again. */
  replaces?: string;
  /** Integer rupiah; default: the fee rule's amount (or the replaced invoice's). */
  amount?: number;
}

/** An officer or agency system issues an invoice for an application's payment step, or again for one cancelled or expired. */
export async function createInvoice(ctx: PaymentContext, input: CreateInvoiceInput): Promise<InvoiceView> {
  if (input.amount !== undefined && (!Number.isSafeInteger(input.amount) || input.amount <= 0)) {
    throw new DomainError('validation', 422, 'error.validation', {}, [{ field: '/amount', code: 'minimum', messageKey: 'pay.error.amount' }]);
  }
  if ((input.applicationId === undefined) === (input.replaces === undefined)) {
    throw new DomainError('validation', 422, 'error.validation', {}, [{ field: '/applicationId', code: 'required', messageKey: 'pay.error.application_or_replaces' }]);
  }
  const issuedBy = input.principal.kind === 'officer' ? input.principal.id : null;
  const number = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const inner = { ...ctx, db: trx };
    let step: StepRef;
    let replaced: InvoiceRow | undefined;
    if (input.replaces !== undefined) {
      const canonical = normalizeTrackingNumber('TGH', input.replaces);
      replaced = canonical ? await selectInvoice(trx, ctx.tenant.id, { number: canonical }, true) : undefined;
      if (!replaced) throw invoiceNotFound();
      if (!can(input.principal, 'payments.issue', { agencyId: replaced.agencyId })) throw issueRefused();
      if (replaced.status !== 'cancelled' && replaced.status !== 'expired') throw new DomainError('payment.not_replaceable', 409, 'pay.error.not_replaceable');
      if (!replaced.applicationId || !replaced.stepId || !replaced.serviceVersionId) throw new DomainError('payment.not_replaceable', 409, 'pay.error.not_replaceable');
      const awaiting = await applicationAwaiting(inner, replaced.applicationId, 'paid');
      if (!awaiting || awaiting.stepId !== replaced.stepId) throw new DomainError('payment.not_awaited', 409, 'pay.error.not_awaited');
      step = awaiting;
    } else {
      const awaiting = await applicationAwaiting(inner, input.applicationId!, 'paid');
      if (awaiting === null) throw new DomainError('application.not_found', 404, 'app.error.not_found');
      if (!awaiting) throw new DomainError('payment.not_awaited', 409, 'pay.error.not_awaited');
      if (!can(input.principal, 'payments.issue', { agencyId: awaiting.agencyId })) throw issueRefused();
      step = awaiting;
    }
    const open = (await selectInvoicesOfApplication(trx, ctx.tenant.id, step.applicationId)).find((i) => i.status === 'open' && i.stepId === step.stepId);
    if (open) throw new DomainError('payment.invoice_open', 409, 'pay.error.invoice_open', {}, [], { number: open.number });
    const amount = input.amount ?? replaced?.amount;
    const invoice = await issueStepInvoice(inner, trx, step, { ...(amount !== undefined ? { amount } : {}), ...(replaced ? { replaces: replaced } : {}), issuedBy });
    if (!invoice) throw new DomainError('payment.fee_waived', 409, 'pay.error.fee_waived');
    return invoice.number;
  });
  return getInvoice(ctx, { principal: input.principal, number });
}

/** Cancels an open invoice with a reason (an officer who may issue at its agency); the gateway's bills are cancelled after the commit. */
export async function cancelInvoice(ctx: PaymentContext, input: { principal: Principal; number: string; reason: string }): Promise<InvoiceView> {
  const reason = input.reason.trim();
  if (!meaningfulText(reason) || reason.length > 1000) {
    throw new DomainError('validation', 422, 'error.validation', {}, [{ field: '/reason', code: 'required', messageKey: 'pay.error.reason' }]);
  }
  const { invoice, bills } = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const invoice = await lockedInvoice(trx, ctx.tenant.id, input.number);
    if (!can(input.principal, 'payments.issue', { agencyId: invoice.agencyId })) throw issueRefused();
    if (invoice.status !== 'open') throw new DomainError('payment.not_open', 409, 'pay.error.not_open');
    const now = ctx.now();
    await updateInvoice(trx, ctx.tenant.id, invoice.id, { status: 'cancelled', closedAt: now, cancelReason: reason });
    await insertInvoiceEvent(trx, ctx.tenant.id, invoice.id, { type: 'cancelled', at: now, actorId: input.principal.kind === 'officer' ? input.principal.id : null, detail: {} });
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'payment.invoice_cancelled', subject: `invoice:${invoice.id}`, at: now, data: { number: invoice.number } });
    return { invoice, bills: await selectBills(trx, ctx.tenant.id, invoice.id) };
  });
  const gateway = ctx.gateway(await withTenant(ctx.db, ctx.tenant.id, (trx) => loadPaymentSettings(trx, ctx.tenant.id)));
  // Best effort: a bill the gateway still takes is a late payment, which the late-payment rule handles.
  await Promise.allSettled(bills.map((b) => gateway.cancelBill(b.gatewayRef, b.channel)));
  return getInvoice(ctx, { principal: input.principal, number: invoice.number });
}

async function lockedInvoice(trx: Tx, tenantId: string, number: string): Promise<InvoiceRow> {
  const canonical = normalizeTrackingNumber('TGH', number);
  const invoice = canonical ? await selectInvoice(trx, tenantId, { number: canonical }, true) : undefined;
  if (!invoice) throw invoiceNotFound();
  return invoice;
}

/**
 * Asks the gateway for a bill on every channel the tenant offers that the open invoice lacks, outside
 * any transaction, then stores them. Idempotent: the gateway returns the bill it already issued, and
 * a bill already stored is kept. Run by the bills job after the invoice commits, and by the invoice page.
 */
export async function ensureBills(ctx: PaymentContext, invoiceId: string): Promise<void> {
  const tenantId = ctx.tenant.id;
  const { invoice, bills, settings } = await withTenant(ctx.db, tenantId, async (trx) => ({
    invoice: await selectInvoice(trx, tenantId, { id: invoiceId }),
    bills: await selectBills(trx, tenantId, invoiceId),
    settings: await loadPaymentSettings(trx, tenantId),
  }));
  if (!invoice || invoice.status !== 'open') return;
  const gateway = ctx.gateway(settings);
  const missing = settings.channels.filter((c) => gateway.channels.includes(c) && !bills.some((b) => b.channel === c));
  if (missing.length === 0) return;
  const description = invoice.description.id.slice(0, 60);
  const issued: IssuedBill[] = [];
  for (const channel of missing) {
    issued.push(await gateway.createBill({ invoiceNumber: invoice.number, amount: invoice.amount, channel, expiresAt: invoice.expiresAt, description, payerName: '' }));
  }
  await withTenant(ctx.db, tenantId, async (trx) => {
    const locked = await selectInvoice(trx, tenantId, { id: invoiceId }, true);
    if (!locked) return;
    const now = ctx.now();
    for (const b of issued) {
      const row: BillRow = {
        channel: b.channel,
        gateway: gateway.name,
        gatewayRef: b.gatewayRef,
        bankName: b.bankName ?? null,
        vaNumber: b.vaNumber ?? null,
        qrisPayload: b.qrisPayload ?? null,
        checkoutUrl: b.checkoutUrl ?? null,
        issuedAt: now,
        expiresAt: b.expiresAt,
      };
      if (await insertBill(trx, tenantId, invoiceId, row)) {
        await insertInvoiceEvent(trx, tenantId, invoiceId, { type: 'bill_issued', at: now, actorId: null, detail: { channel: b.channel, gateway: gateway.name, gatewayRef: b.gatewayRef } });
      }
    }
  });
}

/** Marks the tenant's open invoices whose time ran out as expired (the expiry job), in `trx`; how many. */
export async function expireInvoices(ctx: PaymentContext, trx: Tx): Promise<number> {
  const now = ctx.now();
  let expired = 0;
  for (const id of await selectExpiredOpenIds(trx, ctx.tenant.id, now, 500)) {
    const invoice = await selectInvoice(trx, ctx.tenant.id, { id }, true);
    if (!invoice || invoice.status !== 'open' || invoice.expiresAt.getTime() > now.getTime()) continue;
    await updateInvoice(trx, ctx.tenant.id, id, { status: 'expired', closedAt: now });
    await insertInvoiceEvent(trx, ctx.tenant.id, id, { type: 'expired', at: now, actorId: null, detail: {} });
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'payment.invoice_expired', subject: `invoice:${id}`, at: now, data: { number: invoice.number } });
    expired++;
  }
  return expired;
}

export interface InvoiceView {
  number: string;
  status: InvoiceRow['status'];
  amount: number;
  description: InvoiceRow['description'];
  /** The service paid for, in both languages, as its version was published (the receipt names it). */
  serviceName: { id: string; en: string } | null;
  /** The tracking number of the application paid for (the receipt names it). */
  trackingNumber: string | null;
  feeBasis: Record<string, unknown>;
  applicationId: string | null;
  agencyId: string;
  serviceId: string | null;
  issuedAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  cancelReason: string | null;
  replaces: string | null;
  bills: { channel: PaymentChannel; bankName: string | null; vaNumber: string | null; qrisPayload: string | null; checkoutUrl: string | null; expiresAt: Date }[];
  /** The payment that settled it (the receipt), once paid. */
  payment: { channel: PaymentChannel; gatewayRef: string; paidAt: Date } | null;
  /** Payments the gateway announced that are stored but not yet confirmed and booked (decision 0082). */
  paymentsBeingRecorded: number;
  /** Who pays it (the receipt names them; the API does not return it). */
  payerId: string;
  history: Omit<InvoiceEventRow, 'actorId' | 'seq'>[];
}

/** Who may see an invoice: its payer, or an officer or agency system of its agency who handles or audits money. */
function mayView(principal: Principal, invoice: InvoiceRow): boolean {
  if (principal.kind === 'citizen') return principal.id === invoice.payerId;
  return (principal.kind === 'officer' || principal.kind === 'api_key') && (can(principal, 'payments.view', { agencyId: invoice.agencyId }) || can(principal, 'payments.issue', { agencyId: invoice.agencyId }));
}

/**
 * One invoice as its payer or an officer sees it, with the ways to pay it. An open invoice whose bills
 * the job has not issued yet gets them now (the payer should not wait for the queue). Another's
 * invoice is a 404, like one that does not exist.
 */
export async function getInvoice(ctx: PaymentContext, input: { principal: Principal; number: string }): Promise<InvoiceView> {
  const read = () =>
    withTenant(ctx.db, ctx.tenant.id, async (trx) => {
      const canonical = normalizeTrackingNumber('TGH', input.number);
      const invoice = canonical ? await selectInvoice(trx, ctx.tenant.id, { number: canonical }) : undefined;
      if (!invoice || !mayView(input.principal, invoice)) throw invoiceNotFound();
      const [bills, history, credit, replaced, trackingNumber, version, received] = await Promise.all([
        selectBills(trx, ctx.tenant.id, invoice.id),
        selectInvoiceEvents(trx, ctx.tenant.id, invoice.id),
        selectCredit(trx, ctx.tenant.id, invoice.id),
        invoice.replacesId ? selectInvoice(trx, ctx.tenant.id, { id: invoice.replacesId }) : Promise.resolve(undefined),
        invoice.applicationId ? applicationTrackingNumber(trx, ctx.tenant.id, invoice.applicationId) : Promise.resolve(undefined),
        invoice.serviceVersionId ? getServiceVersion({ ...ctx, db: trx }, invoice.serviceVersionId) : Promise.resolve(undefined),
        invoice.status === 'open' ? countNoticesReceived(trx, ctx.tenant.id, invoice.id) : Promise.resolve(0),
      ]);
      return { invoice, bills, history, credit, replaced, trackingNumber, version, received };
    });
  let found = await read();
  if (found.invoice.status === 'open' && found.bills.length === 0) {
    await ensureBills(ctx, found.invoice.id);
    found = await read();
  }
  const { invoice, bills, history, credit, replaced, trackingNumber, version, received } = found;
  const name = version?.content.name;
  return {
    number: invoice.number,
    status: invoice.status,
    amount: invoice.amount,
    description: invoice.description,
    serviceName: name ? { id: name.id, en: name.en || name.id } : null,
    trackingNumber: trackingNumber ?? null,
    feeBasis: invoice.feeBasis,
    applicationId: invoice.applicationId,
    agencyId: invoice.agencyId,
    serviceId: invoice.serviceId,
    issuedAt: invoice.issuedAt,
    expiresAt: invoice.expiresAt,
    paidAt: invoice.paidAt,
    cancelReason: invoice.cancelReason,
    replaces: replaced?.number ?? null,
    bills: bills.map((b) => ({ channel: b.channel, bankName: b.bankName, vaNumber: b.vaNumber, qrisPayload: b.qrisPayload, checkoutUrl: b.checkoutUrl, expiresAt: b.expiresAt })),
    payment: credit ? { channel: credit.channel, gatewayRef: credit.gatewayRef, paidAt: credit.paidAt } : null,
    paymentsBeingRecorded: received,
    payerId: invoice.payerId,
    history: history.map(({ type, at, detail }) => ({ type, at, detail })),
  };
}

/** The newest invoice of an application the person may see (the link from the application's page), or undefined. */
export async function latestApplicationInvoice(ctx: PaymentContext, input: { principal: Principal; applicationId: string }): Promise<string | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(input.applicationId)) return undefined;
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const invoices = await selectInvoicesOfApplication(trx, ctx.tenant.id, input.applicationId);
    return invoices.find((i) => mayView(input.principal, i))?.number;
  });
}
