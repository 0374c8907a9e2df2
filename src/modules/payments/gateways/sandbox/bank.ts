// The sandbox's simulated bank: a tester pays a bill by its virtual account number or its QRIS text
// (in full, too little, twice, after it expired — a bank takes what it is given), the bank records the
// payment in its own books and a job sends Gerbang the signed notification over real HTTP, retrying
// until Gerbang answers 2xx — so notifications arrive late, twice or out of order, as real ones do.
import { type Tx, withTenant } from '../../../../db/index.js';
import type { TenantContext } from '../../../../platform/context.js';
import { DomainError } from '../../../../platform/errors.js';
import { enqueueJob, type Job } from '../../../../platform/jobs/index.js';
import { listTenants } from '../../../tenancy/index.js';
import { businessDay } from '../../invoices/money.js';
import '../../invoices/strings.js';
import { newSandboxEventId, sandboxSigningKey, type SandboxNotificationBody, signSandboxNotification } from './gateway.js';
import { insertNotificationAttempt, insertSandboxPayment, selectSandboxBill, selectSandboxPayments, updateSandboxBillState } from './store.js';

export const SANDBOX_NOTIFY_JOB = 'payments.sandbox_notify';

export interface SandboxPaid {
  eventId: string;
  invoiceNumber: string;
  amount: number;
  gatewayRef: string;
}

const unknownCode = () => new DomainError('validation', 422, 'error.validation', {}, [{ field: '/code', code: 'unknown', messageKey: 'pay.error.bank_unknown_code' }]);

/** Pays a bill at the simulated bank: by VA number, QRIS text or bill reference (the e-wallet page). */
export async function payAtSandboxBank(ctx: TenantContext, input: { code: string; amount?: number }): Promise<SandboxPaid> {
  const code = input.code.trim();
  if (code === '' || code.length > 512) throw unknownCode();
  if (input.amount !== undefined && (!Number.isSafeInteger(input.amount) || input.amount <= 0)) {
    throw new DomainError('validation', 422, 'error.validation', {}, [{ field: '/amount', code: 'minimum', messageKey: 'pay.error.amount' }]);
  }
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const digits = code.replace(/[\s-]/g, '');
    const by = /^\d{10,20}$/.test(digits) ? { vaNumber: digits } : code.startsWith('SBX-') ? { gatewayRef: code } : { qrisPayload: code };
    const bill = await selectSandboxBill(trx, ctx.tenant.id, by, true);
    if (!bill) throw unknownCode();
    const paid: SandboxPaid = { eventId: newSandboxEventId(), invoiceNumber: bill.invoiceNumber, amount: input.amount ?? bill.amount, gatewayRef: bill.gatewayRef };
    const at = ctx.now();
    await insertSandboxPayment(trx, ctx.tenant.id, { eventId: paid.eventId, gatewayRef: bill.gatewayRef, amount: paid.amount, paidAt: at, businessDate: businessDay(at) });
    await updateSandboxBillState(trx, ctx.tenant.id, bill.gatewayRef, 'paid');
    await queueSandboxNotification(trx, ctx.tenant.id, paid.eventId);
    return paid;
  });
}

/** Sends a payment's notification (again): the bank's "resend" — Gerbang must change nothing the second time. */
export async function resendSandboxNotification(ctx: TenantContext, eventId: string): Promise<boolean> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    if ((await selectSandboxPayments(trx, ctx.tenant.id, { eventId })).length === 0) return false;
    await queueSandboxNotification(trx, ctx.tenant.id, eventId);
    return true;
  });
}

function queueSandboxNotification(trx: Tx, tenantId: string, eventId: string) {
  return enqueueJob(trx, { kind: SANDBOX_NOTIFY_JOB, tenantId, payload: { eventId }, wake: true, maxAttempts: 12 });
}

/** A recorded payment's notification as the sandbox sends it: the raw body and its signed headers, at `now`. */
export async function sandboxNotification(trx: Tx, appSecret: Buffer, tenantId: string, eventId: string, now: Date): Promise<{ body: string; headers: Record<string, string> } | undefined> {
  const [p] = await selectSandboxPayments(trx, tenantId, { eventId });
  if (!p) return undefined;
  const message: SandboxNotificationBody = { eventId: p.eventId, gatewayRef: p.gatewayRef, invoiceNumber: p.invoiceNumber, amount: p.amount, channel: p.channel, paidAt: p.paidAt.toISOString() };
  const body = JSON.stringify(message);
  const timestamp = now.toISOString();
  return {
    body,
    headers: { 'content-type': 'application/json', 'x-timestamp': timestamp, 'x-signature': signSandboxNotification(sandboxSigningKey(appSecret, tenantId), timestamp, body), 'x-event-id': eventId },
  };
}

export interface SandboxNotifyDeps {
  appSecret: Buffer;
  /** Where Gerbang listens (PUBLIC_BASE_URL, or the listening address). */
  baseUrl: () => string;
  now: () => Date;
}

/**
 * The job: POST the notification to the tenant's endpoint and record the attempt; anything but a 2xx
 * throws, and the runner retries later (backing off) — the delivery a real gateway makes. Holding the
 * job's transaction across the request is safe here: it locks only the job's row, and Gerbang's
 * endpoint works in its own transactions.
 */
export function sandboxNotifyHandler(deps: SandboxNotifyDeps) {
  return async (job: Job, trx: Tx): Promise<void> => {
    const tenant = (await listTenants(trx)).find((t) => t.id === job.tenantId);
    const eventId = typeof job.payload?.eventId === 'string' ? job.payload.eventId : '';
    if (!tenant) return;
    const now = deps.now();
    const message = await sandboxNotification(trx, deps.appSecret, tenant.id, eventId, now);
    if (!message) return;
    const url = `${deps.baseUrl().replace(/\/$/, '')}/t/${tenant.slug}/api/v1/payments/notifications/sandbox`;
    const response = await fetch(url, { method: 'POST', headers: message.headers, body: message.body, signal: AbortSignal.timeout(10_000) });
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`sandbox notification ${eventId}: Gerbang answered ${response.status}`);
    await insertNotificationAttempt(trx, tenant.id, { eventId, sentAt: now, status: response.status, error: null });
  };
}
