// Daily reconciliation (issue 19): the gateway's settlement report for a business day (Asia/Jakarta)
// against the ledger's credit and held entries of that day, keyed by the gateway event id. Each run is
// kept (a re-run adds one; the newest of a day is current) with what it found: money the gateway
// settled that the ledger never booked (`missing_in_ledger` — a notification that never arrived), an
// entry the gateway does not know (`missing_in_report`) and different amounts (`amount_differs`). The
// comparison is one SQL statement (store.ts) so a day of 100,000 payments takes seconds, not minutes.
import { randomUUID } from 'node:crypto';
import { type Tx, withTenant } from '../../../db/index.js';
import { DomainError } from '../../../platform/errors.js';
import { actorRef, type TenantContext } from '../../../platform/context.js';
import type { TenantInfo } from '../../../platform/http/tenant.js';
import type { PaymentGateway } from '../gateway.js';
import {
  insertFailedReconciliation,
  insertReconciliation,
  type MismatchRow,
  type RunSummary,
  selectGatewaysToReconcile,
  selectLatestRuns,
  selectMismatches,
  selectRun,
  updateMismatchResolved,
} from './store.js';
import './strings.js';

/** Finds the tenant's gateway by its name ('sandbox', 'bisnap') — the payments core's factory (gateway-of.ts). */
export type GatewayOf = (trx: Tx, tenant: TenantInfo, gateway: string) => Promise<PaymentGateway>;

const DAY_MS = 86_400_000;
const BUSINESS_ZONE = 'Asia/Jakarta';

/** The business day (Asia/Jakarta, the ledger's `business_date`) of an instant, YYYY-MM-DD. */
export function businessDayOf(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: BUSINESS_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** The day before a YYYY-MM-DD day. */
export function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

/** A failure reason short enough to show and store (an adapter's error may quote a whole response). */
function failureOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim().slice(0, 300) || 'unknown error';
}

/**
 * Reconciles one gateway's day: asks the gateway for its report (outside any lock: it is a network
 * call), then records the run and its items in one statement. A gateway that does not answer gives a
 * `failed` run with the reason; the caller decides whether to retry.
 */
export async function reconcileDay(ctx: TenantContext, input: { day: string; gateway: PaymentGateway }): Promise<RunSummary> {
  const ranAt = ctx.now();
  const id = randomUUID();
  const name = input.gateway.name;
  let report: Awaited<ReturnType<PaymentGateway['settlementReport']>> | undefined;
  let failure: string | undefined;
  try {
    report = await input.gateway.settlementReport(input.day);
  } catch (error) {
    failure = failureOf(error);
  }
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const run = report
      ? await insertReconciliation(trx, ctx.tenant.id, {
          id,
          gateway: name,
          day: input.day,
          ranAt,
          report: report.map((l) => ({ eventId: l.eventId, amount: l.amount, invoiceNumber: l.invoiceNumber })),
        })
      : await insertFailedReconciliation(trx, ctx.tenant.id, { id, gateway: name, day: input.day, ranAt, failure: failure! });
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: 'payment.reconciled',
      subject: `payment_reconciliation:${id}`,
      data: { gateway: name, day: input.day, status: run.status, items: run.items, ledgerCount: run.ledgerCount, reportCount: run.reportCount },
      at: ranAt,
    });
    return run;
  });
}

/** Every gateway the tenant used that day (and its configured one), reconciled. */
export async function reconcileTenantDay(ctx: TenantContext, input: { day: string; gatewayOf: GatewayOf; only?: string }): Promise<RunSummary[]> {
  const names = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectGatewaysToReconcile(trx, ctx.tenant.id, input.day));
  const runs: RunSummary[] = [];
  for (const name of names.length > 0 ? names : ['sandbox']) {
    if (input.only && name !== input.only) continue;
    let gateway: PaymentGateway;
    try {
      gateway = await withTenant(ctx.db, ctx.tenant.id, (trx) => input.gatewayOf(trx, ctx.tenant, name));
    } catch (error) {
      // A gateway that cannot even be built (no credentials yet) is a failed run the treasurer sees.
      gateway = unreachable(name, failureOf(error));
    }
    runs.push(await reconcileDay(ctx, { day: input.day, gateway }));
  }
  return runs;
}

function unreachable(name: string, reason: string): PaymentGateway {
  const fail = () => Promise.reject(new Error(reason));
  return { name, channels: [], createBill: fail, cancelBill: fail, queryStatus: fail, settlementReport: fail, verifyNotification: () => ({ ok: false, reason: 'malformed' }), answer: () => ({ status: 500, body: {} }) };
}

const dateError = (field: string, key: 'pay.treasury.error.bad_date' | 'pay.treasury.error.future_day') =>
  new DomainError('payments.treasury.bad_day', 400, key, {}, [{ field, code: key === 'pay.treasury.error.bad_date' ? 'format' : 'future', messageKey: key }]);

/** A treasurer re-runs a past day (the job runs yesterday by itself); today is not over yet. */
export async function rerunReconciliation(ctx: TenantContext, input: { day: string; gatewayOf: GatewayOf; field?: string }): Promise<RunSummary[]> {
  const field = input.field ?? '/day';
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(input.day) ? new Date(`${input.day}T00:00:00Z`) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== input.day) throw dateError(field, 'pay.treasury.error.bad_date');
  if (input.day >= businessDayOf(ctx.now())) throw dateError(field, 'pay.treasury.error.future_day');
  return reconcileTenantDay(ctx, { day: input.day, gatewayOf: input.gatewayOf });
}

export function listReconciliations(ctx: TenantContext, range: { from: string; to: string }): Promise<RunSummary[]> {
  return withTenant(ctx.db, ctx.tenant.id, (trx) => selectLatestRuns(trx, ctx.tenant.id, range));
}

const runNotFound = () => new DomainError('payments.treasury.run_not_found', 404, 'pay.treasury.error.run_not_found');

export async function getReconciliation(ctx: TenantContext, id: string): Promise<{ run: RunSummary; items: MismatchRow[] }> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw runNotFound();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const run = await selectRun(trx, ctx.tenant.id, id);
    if (!run) throw runNotFound();
    return { run, items: await selectMismatches(trx, ctx.tenant.id, id) };
  });
}

/** A treasurer resolves one difference with a note (audited); a resolved one stays as it was. */
export async function resolveMismatch(ctx: TenantContext, input: { runId: string; seq: number; note: string }): Promise<void> {
  const note = input.note.trim();
  if (!note) throw new DomainError('payments.treasury.note_required', 400, 'pay.treasury.error.note_required', {}, [{ field: '/note', code: 'required', messageKey: 'pay.treasury.error.note_required' }]);
  if (ctx.actor.kind !== 'officer') throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
  const officerId = ctx.actor.id;
  await getReconciliation(ctx, input.runId);
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const at = ctx.now();
    const done = await updateMismatchResolved(trx, ctx.tenant.id, input.runId, input.seq, { at, by: officerId, note: note.slice(0, 2000) });
    if (!done) throw new DomainError('payments.treasury.item_not_found', 409, 'pay.treasury.error.item_not_found');
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: 'payment.reconciliation_resolved',
      subject: `payment_reconciliation:${input.runId}`,
      data: { seq: input.seq },
      at,
    });
  });
}
