// Development demo data for oversight (idempotent; never in production — the caller seeds only when
// SEED_DEMO is on and not in production). In the demo tenant Makassar, after the applications' seed:
//  - Disdukcapil's demo verifier gets kinship keys carrying the demo citizen's NIK, so the demo
//    citizen's birth-certificate applications that officer approved raise `own_or_relative` flags;
//  - the scan runs once, so the flags are there at first start when the audit entries are sequenced
//    (the serve process's sequencer; otherwise the next scheduled scan raises them).
// Not seeded yet: the other flag kinds' cases (docs/oversight.md, "Not built yet").
import type { ServiceContext } from '../../platform/context.js';
import { demoHandlerEmail } from '../applications/index.js';
import { demoCitizenEmail, findCitizenId, findOfficerId, readCitizenPersonalData } from '../identity/index.js';
import { listTenants } from '../tenancy/index.js';
import { scanTenant } from './job.js';
import { withTenant } from '../../db/index.js';
import { selectOfficerKeys } from './store.js';
import { setOfficerKinshipKeys } from './service.js';

const DEMO_TENANT = 'makassar';

export interface SeededOversight {
  kinshipKeys: number;
  flags: number;
}

export async function seedDemoOversight(ctx: ServiceContext): Promise<SeededOversight> {
  const out: SeededOversight = { kinshipKeys: 0, flags: 0 };
  const tenant = (await listTenants(ctx.db)).find((x) => x.slug === DEMO_TENANT);
  if (!tenant) return out;
  const tctx = { ...ctx, tenant };
  const officerId = await findOfficerId(tctx, { email: demoHandlerEmail(tenant.slug, 'verifier', 'disdukcapil') });
  const citizenId = await findCitizenId(tctx, { identifier: demoCitizenEmail(tenant.slug) });
  if (!officerId || !citizenId) return out;
  const existing = await withTenant(ctx.db, tenant.id, (trx) => selectOfficerKeys(trx, tenant.id, [officerId]));
  if (!existing.has(officerId)) {
    const { nik } = await readCitizenPersonalData({ ...tctx, actor: { kind: 'system', id: 'seed' } }, { citizenId, purpose: 'Data demo pengawasan internal (seed pengembangan)', fields: ['nik'] });
    if (!nik) return out;
    await setOfficerKinshipKeys(tctx, { officerId, nik });
    out.kinshipKeys = 1;
  }
  out.flags = (await scanTenant(tctx)).flags;
  return out;
}
