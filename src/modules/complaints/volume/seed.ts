// `gerbang seed volume --complaints N`: complaints in bulk for the dashboard's benchmark (see
// volume/store.ts). Development data only: the CLI refuses in production.
import { withTenant } from '../../../db/index.js';
import type { TenantContext } from '../../../platform/context.js';
import { listAgencies } from '../../tenancy/index.js';
import { listCategories } from '../categories.js';
import { insertVolumeComplaints } from './store.js';

const BATCH = 50_000;

/** Adds `count` complaints over the tenant's categories and agencies (batches of 50,000, one transaction each). */
export async function seedVolumeComplaints(ctx: TenantContext, input: { count: number; /** Eight hex digits, new for each run. */ run: string; days?: number; onProgress?: (done: number) => void }): Promise<number> {
  const categoryCodes = (await listCategories(ctx)).map((c) => c.code);
  const agencyIds = (await listAgencies(ctx.db, ctx.tenant)).map((a) => a.id);
  if (categoryCodes.length === 0 || agencyIds.length === 0) throw new Error(`${ctx.tenant.slug} has no complaint categories or no agencies to spread complaints over`);
  let done = 0;
  for (let first = 1; first <= input.count; first += BATCH) {
    const count = Math.min(BATCH, input.count - first + 1);
    done += await withTenant(ctx.db, ctx.tenant.id, (trx) =>
      insertVolumeComplaints(trx, ctx.tenant.id, { run: input.run, first, count, total: input.count, now: ctx.now(), days: input.days ?? 365, agencyIds, categoryCodes }),
    );
    input.onProgress?.(done);
  }
  return done;
}
