// Deadlines missed: the overdue escalation job (every 15 minutes, for every tenant) marks each report
// past its stage deadline as escalated, once per deadline — an internal timeline entry and an audit
// entry — and tells the officers concerned (the agency's handlers and the coordinators: inbox and
// digest); the queues show it red, the coordinator's first.
import { type Tx, withTenant } from '../../../db/index.js';
import { actorRef, type TenantContext } from '../../../platform/context.js';
import type { ComplaintAudit } from '../context.js';
import { notifyOfficers } from '../notify.js';
import * as sharedStore from '../store.js';
import * as store from './store.js';

export const ESCALATE_JOB = 'complaints.escalate';

/** Escalates the tenant's overdue reports; in `trx` (the job's transaction) when given. Returns how many. */
export async function escalateOverdueComplaints(ctx: TenantContext & { audit: ComplaintAudit; publicBaseUrl?: string }, trx?: Tx): Promise<number> {
  const tenantId = ctx.tenant.id;
  const actor = actorRef(ctx.actor);
  const run = async (t: Tx) => {
    const now = ctx.now();
    const rows = await store.selectOverdue(t, tenantId, now);
    for (const row of rows) {
      await sharedStore.updateComplaint(t, tenantId, row.id, { escalated_at: now });
      await sharedStore.insertEvent(t, {
        tenant_id: tenantId,
        complaint_id: row.id,
        at: now,
        actor,
        action: 'escalated',
        reason: row.due_at?.toISOString() ?? null,
        internal: true,
        agency_id: row.agency_id,
      });
      await ctx.audit.append(t, {
        tenantId,
        actor,
        action: 'complaint.escalated',
        subject: `complaint:${row.id}`,
        data: { status: row.status, dueAt: row.due_at?.toISOString() ?? null },
      });
      await notifyOfficers(ctx, t, row, 'complaint.escalated');
    }
    return rows.length;
  };
  return trx ? withTenant(trx, tenantId, run) : withTenant(ctx.db, tenantId, run);
}
