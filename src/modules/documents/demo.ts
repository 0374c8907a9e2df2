// Development demo documents, through the real services (idempotent; never in production — the caller
// seeds only when SEED_DEMO is on outside production): at every demo tenant with agencies, the demo
// citizen holds a valid permit and a revoked letter, signed with the tenant's development key
// ("DEV — TIDAK SAH"), so a newcomer sees the wallet, the verification page in both states and a
// share link without closing an application first. `npm start` prints their verification URLs.
import type { TenantContext } from '../../platform/context.js';
import { demoCitizenEmail, findCitizenId, getCitizenContact } from '../identity/index.js';
import { listAgencies, listTenants } from '../tenancy/index.js';
import { type IssueDeps, issueDocument, listMyDocuments, revokeDocument, verificationUrl } from './service.js';

export interface DemoDocument {
  tenant: string;
  state: 'valid' | 'revoked';
  number: string;
  url: string;
}

/** The demo documents, told apart from those the citizen's applications brought by their titles. */
const DEMO = [
  { state: 'valid', type: 'izin', title: 'Izin Usaha Mikro Kecil (contoh demo)', service: 'Izin Usaha Mikro Kecil', field: { label: 'Nama usaha', value: 'Warung Coto Daeng (contoh)' } },
  { state: 'revoked', type: 'surat_keterangan', title: 'Surat Keterangan Usaha (contoh demo)', service: 'Surat Keterangan Usaha', field: { label: 'Alamat usaha', value: 'Jl. Contoh No. 1 (contoh)' } },
] as const;

const REVOKE_REASON = 'Contoh demo: usaha telah berhenti beroperasi';

export async function seedDemoDocuments(ctx: Omit<TenantContext, 'tenant'> & { publicBaseUrl: string }, deps: IssueDeps): Promise<DemoDocument[]> {
  const out: DemoDocument[] = [];
  for (const tenant of await listTenants(ctx.db)) {
    const tctx = { ...ctx, tenant };
    const agency = (await listAgencies(ctx.db, tenant))[0];
    const citizenId = agency && (await findCitizenId(tctx, { identifier: demoCitizenEmail(tenant.slug) }));
    if (!agency || !citizenId) continue;
    // The wallet's own view: what the demo citizen already holds.
    const held = await listMyDocuments({ ...tctx, actor: { kind: 'citizen', id: citizenId } });
    for (const demo of DEMO) {
      let doc = held.find((d) => d.title === demo.title);
      if (!doc) {
        const holder = await getCitizenContact(tctx, tenant.id, citizenId, 'documents.demo');
        const issued = await issueDocument(tctx, deps, {
          type: demo.type,
          title: demo.title,
          applicationId: null,
          trackingNumber: null,
          serviceId: null,
          serviceName: demo.service,
          agencyId: agency.id,
          agencyName: agency.name,
          holderCitizenId: citizenId,
          holderName: holder.name,
          fields: [demo.field],
          validityDays: 5 * 365,
        });
        doc = { code: issued.code, number: issued.number, status: 'valid' } as (typeof held)[number];
      }
      if (demo.state === 'revoked' && doc.status !== 'revoked') await revokeDocument(tctx, { code: doc.code, reason: REVOKE_REASON });
      out.push({ tenant: tenant.slug, state: demo.state, number: doc.number, url: verificationUrl(ctx.publicBaseUrl, tenant.slug, doc.code) });
    }
  }
  return out;
}
