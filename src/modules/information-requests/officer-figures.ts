// What the oversight module (issue 22, internal performance) reads about public information requests:
// per PPID officer, the requests they decided in a period, how many by the deadline (10 working days,
// or as extended), and how long after the receipt; and how many open requests are past their deadline
// now (the PPID's desk holds them, not one officer). Read-only aggregates: no requester or answer
// leaves the module this way.
import { withTenant } from '../../db/index.js';
import type { TenantContext } from '../../platform/context.js';
import { countOverdueOpen, selectDecisionFiguresByOfficer } from './store.js';

export interface InformationOfficerFigures {
  officerId: string;
  /** Requests the officer decided in the period. */
  decided: number;
  /** … of which by their deadline. */
  onTime: number;
  /** Mean time from the receipt to the decision, ms. */
  averageHandlingMs: number | null;
}

/** Per officer, the requests they decided in [from, to). One statement. */
export async function informationFiguresByOfficer(ctx: TenantContext, input: { from: Date; to: Date }): Promise<InformationOfficerFigures[]> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const rows = await selectDecisionFiguresByOfficer(trx, ctx.tenant.id, input.from, input.to);
    return rows.map((r) => ({ officerId: r.officer_id, decided: r.decided, onTime: r.on_time, averageHandlingMs: r.average_ms }));
  });
}

/** Open requests past their deadline at ctx.now(). One statement. */
export async function countOverdueInformationRequests(ctx: TenantContext): Promise<number> {
  return withTenant(ctx.db, ctx.tenant.id, (trx) => countOverdueOpen(trx, ctx.tenant.id, ctx.now()));
}
