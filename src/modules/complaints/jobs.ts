// Background work of complaints: the overdue escalation, run every 15 minutes (main.ts schedules it)
// for every tenant inside the job's transaction.
import type { Db, Tx } from '../../db/index.js';
import type { AuditAppender } from '../../platform/context.js';
import type { Job } from '../../platform/jobs/index.js';
import { listTenants } from '../tenancy/index.js';
import { AgencyCache, type ComplaintContext, ESCALATE_JOB, escalateOverdueComplaints } from './service.js';
import { keywordRouting } from './routing.js';
import { minimalPhotoSanitizer } from './photo-sanitizer.js';

export function complaintJobHandlers(deps: { db: Db; audit: AuditAppender & { pseudonymize(tenantId: string, value: string): string }; now?: () => Date }) {
  return {
    [ESCALATE_JOB]: async (_job: Job, trx: Tx) => {
      const ctx: ComplaintContext = {
        db: deps.db,
        audit: deps.audit,
        actor: { kind: 'system', id: 'complaints.escalate' },
        lang: 'id',
        now: deps.now ?? (() => new Date()),
        deps: { routing: keywordRouting, photos: minimalPhotoSanitizer, publicBaseUrl: '', agencies: new AgencyCache() },
      };
      for (const tenant of await listTenants(trx)) await escalateOverdueComplaints(ctx, tenant, trx);
    },
  };
}
