// What the oversight module (issue 22, internal performance) reads about complaints: per officer and
// agency, the complaints the officer answered in a period, how many by the resolution deadline, how
// long after the forwarding to the agency, and the reporters' ratings of them; and the complaints an
// officer took into follow-up that are past their deadline now. Read-only aggregates: no report's
// text, reporter or place leaves the module this way.
import { withTenant } from '../../../db/index.js';
import type { TenantContext } from '../../../platform/context.js';
import { selectAnswerFiguresByOfficer, selectOverdueByFollowUpOfficer } from './store.js';

export interface ComplaintOfficerFigures {
  officerId: string;
  /** The agency the complaint was with when the officer answered it (null: the coordinator's). */
  agencyId: string | null;
  /** Distinct complaints the officer answered in the period. */
  answered: number;
  /** … of which answered by the complaint's resolution deadline. */
  onTime: number;
  /** … of which had a resolution deadline (set when it was forwarded). */
  withDeadline: number;
  /** Mean time from the forwarding to the agency (or the submission) to the officer's first answer in the period, ms. */
  averageHandlingMs: number | null;
  /** Ratings the reporters gave these complaints (1–5), and their mean. */
  ratings: number;
  averageRating: number | null;
}

/** Per officer and agency, the complaints they answered in [from, to). One statement. */
export async function complaintFiguresByOfficer(ctx: TenantContext, input: { from: Date; to: Date }): Promise<ComplaintOfficerFigures[]> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const rows = await selectAnswerFiguresByOfficer(trx, ctx.tenant.id, input.from, input.to);
    return rows.map((r) => ({
      officerId: r.officer_id,
      agencyId: r.agency_id,
      answered: r.answered,
      onTime: r.on_time,
      withDeadline: r.with_deadline,
      averageHandlingMs: r.average_ms,
      ratings: r.ratings,
      averageRating: r.average_rating,
    }));
  });
}

/** Per officer and agency, complaints in follow-up past their deadline at ctx.now(), held by the officer who started the follow-up. One statement. */
export async function overdueComplaintsByOfficer(ctx: TenantContext): Promise<{ officerId: string; agencyId: string | null; count: number }[]> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const rows = await selectOverdueByFollowUpOfficer(trx, ctx.tenant.id, ctx.now());
    return rows.map((r) => ({ officerId: r.officer_id, agencyId: r.agency_id, count: r.count }));
  });
}
