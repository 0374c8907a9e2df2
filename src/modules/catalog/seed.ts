// Seeds the demo catalogue into the demo tenants through the service functions (create the draft,
// publish it). Idempotent: a service an agency already has (by code) is left as it is.
import type { ServiceContext } from '../../platform/context.js';
import { listAgencies, listTenants } from '../tenancy/index.js';
import { DEMO_CATALOG } from './seed-data.js';
import { createService, listAgencyServices, publishService } from './service.js';

export async function seedDemoCatalog(ctx: ServiceContext): Promise<{ services: number }> {
  let services = 0;
  for (const tenant of await listTenants(ctx.db)) {
    const demo = DEMO_CATALOG[tenant.slug];
    if (!demo) continue;
    const agencies = new Map((await listAgencies(ctx.db, tenant)).map((a) => [a.code, a]));
    const inTenant = { ...ctx, tenant };
    const existing = new Set((await listAgencyServices(inTenant, null)).map((s) => `${s.agencyId}/${s.code}`));
    for (const entry of demo) {
      const agency = agencies.get(entry.agencyCode);
      if (!agency || existing.has(`${agency.id}/${entry.definition.code}`)) continue;
      const created = await createService(inTenant, agency.id, entry.definition);
      await publishService(inTenant, created.id);
      services++;
    }
  }
  return { services };
}
