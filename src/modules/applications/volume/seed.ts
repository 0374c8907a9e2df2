// `gerbang seed volume --applications N`: applications in bulk for the dashboard's benchmark (see
// volume/store.ts for what a row is and is not). Development data only: the CLI refuses in production.
import { withTenant } from '../../../db/index.js';
import type { TenantContext } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { insertVolumeApplications } from './store.js';

const BATCH = 50_000;

/** Adds `count` applications (in batches of 50,000, one transaction each); needs one application of the tenant per service to copy. */
export async function seedVolumeApplications(ctx: TenantContext, input: { count: number; /** Eight hex digits, new for each run. */ run: string; days?: number; onProgress?: (done: number) => void }): Promise<number> {
  let done = 0;
  for (let first = 1; first <= input.count; first += BATCH) {
    const count = Math.min(BATCH, input.count - first + 1);
    const added = await withTenant(ctx.db, ctx.tenant.id, (trx) => insertVolumeApplications(trx, ctx.tenant.id, { run: input.run, first, count, total: input.count, now: ctx.now(), days: input.days ?? 365 }));
    if (added === 0) throw new DomainError('application.not_online', 409, 'app.error.not_online');
    done += added;
    input.onProgress?.(done);
  }
  return done;
}
