// Refunds (issue 19): money going back to the payer, recorded as a negative `refund` entry that names
// the entry it returns — held money (wrong amount, paid twice, paid late) or a credit (with a reason,
// e.g. the service was cancelled). Once per entry: the unique index payment_ledger_one_refund decides
// even between two treasurers pressing the button at once. Audited, and written into the invoice's
// history, in the same transaction.
import { randomUUID } from 'node:crypto';
import { withTenant } from '../../../db/index.js';
import { actorRef, type TenantContext } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { businessDayOf } from './reconcile.js';
import { type AgencyScope, insertRefund, selectLedgerEntry } from './store.js';
import './strings.js';

export interface RefundInput {
  /** The ledger entry to refund, or the number of a paid invoice (its credit, else its held money). */
  entryId?: string | undefined;
  invoiceNumber?: string | undefined;
  reason?: string | undefined;
  scope: AgencyScope;
}

export interface RecordedRefund {
  id: string;
  refundOf: string;
  invoiceNumber: string;
  /** Negative integer rupiah. */
  amount: number;
  reason: string;
  businessDate: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function recordRefund(ctx: TenantContext, input: RefundInput): Promise<RecordedRefund> {
  if (ctx.actor.kind !== 'officer') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  const officerId = ctx.actor.id;
  const entryId = input.entryId?.trim();
  const invoiceNumber = input.invoiceNumber?.trim().toUpperCase();
  const field = entryId ? '/entryId' : '/invoiceNumber';
  if (!entryId && !invoiceNumber) {
    throw new DomainError('payments.treasury.entry_required', 400, 'pay.treasury.error.entry_required', {}, [{ field: '/invoiceNumber', code: 'required', messageKey: 'pay.treasury.error.entry_required' }]);
  }
  const notFound = () => new DomainError('payments.treasury.entry_not_found', 404, 'pay.treasury.error.entry_not_found', {}, [{ field, code: 'not_found', messageKey: 'pay.treasury.error.entry_not_found' }]);
  if (entryId && !UUID.test(entryId)) throw notFound();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const entry = await selectLedgerEntry(trx, ctx.tenant.id, entryId ? { id: entryId } : { invoiceNumber: invoiceNumber! });
    // Another agency's money is not this treasurer's to find.
    if (!entry || (input.scope !== null && !input.scope.includes(entry.agencyId))) throw notFound();
    if (entry.kind === 'refund') throw new DomainError('payments.treasury.not_refundable', 409, 'pay.treasury.error.not_refundable');
    if (entry.refunded) throw new DomainError('payments.treasury.already_refunded', 409, 'pay.treasury.error.already_refunded');
    const typed = input.reason?.trim().slice(0, 500) ?? '';
    if (entry.kind === 'credit' && !typed) {
      throw new DomainError('payments.treasury.reason_required', 400, 'pay.treasury.error.reason_required', {}, [{ field: '/reason', code: 'required', messageKey: 'pay.treasury.error.reason_required' }]);
    }
    const reason = typed || entry.reason || 'refund';
    const at = ctx.now();
    const id = randomUUID();
    const businessDate = businessDayOf(at);
    if (!(await insertRefund(trx, ctx.tenant.id, { id, refundOf: entry, reason, at, businessDate, bookedBy: officerId }))) {
      throw new DomainError('payments.treasury.already_refunded', 409, 'pay.treasury.error.already_refunded');
    }
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: 'payment.refunded',
      subject: `payment_invoice:${entry.invoiceId}`,
      data: { entryId: id, refundOf: entry.id, kind: entry.kind, amount: -entry.amount },
      at,
    });
    return { id, refundOf: entry.id, invoiceNumber: entry.invoiceNumber, amount: -entry.amount, reason, businessDate };
  });
}
