// Demo open data (development only), so a newcomer finds the portal filled: for every demo tenant, the
// automatic datasets refreshed once from the demo's services, surveys, complaints and PPID requests,
// and — where the licensing agency (dpmptsp) exists — one agency dataset, business licences issued
// per district (a region-coded table, hence ODbL), published from a CSV through the same checks an
// upload goes through. Idempotent: an existing demo dataset is left alone, and a refresh with nothing
// changed adds no version.
import { withTenant } from '../../db/index.js';
import type { ServiceContext, TenantContext } from '../../platform/context.js';
import { listChildRegions } from '../../platform/regions/index.js';
import { listAgencies, listTenants } from '../tenancy/index.js';
import { refreshAutomaticDatasets } from './auto.js';
import { createDataset, getDataset, publishUpload } from './service.js';

const DEMO_NAME = 'izin-usaha-terbit-per-kecamatan';
const everything = () => true;

export async function seedDemoOpenData(base: ServiceContext, options: { minCount: number }): Promise<number> {
  let published = 0;
  for (const tenant of await listTenants(base.db)) {
    const ctx: TenantContext = { ...base, tenant };
    published += (await withTenant(base.db, tenant.id, (trx) => refreshAutomaticDatasets({ ...ctx, db: trx as never }, trx, options))).length;
    const agencies = await listAgencies(base.db, tenant);
    const districts = tenant.regionCode ? listChildRegions(tenant.regionCode).flatMap((r) => (r.code.split('.').length === 3 ? [r] : listChildRegions(r.code))).slice(0, 8) : [];
    if (!agencies.some((a) => a.code === 'dpmptsp') || districts.length === 0) continue;
    const exists = await getDataset(ctx, { idOrName: DEMO_NAME, manage: everything }).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    const dataset = await createDataset(ctx, {
      agency: 'dpmptsp',
      name: DEMO_NAME,
      title: 'Izin usaha yang terbit per kecamatan, 2025',
      description: 'Jumlah Nomor Induk Berusaha (NIB) dan izin usaha yang terbit melalui DPMPTSP per kecamatan tempat usaha, tahun 2025.',
      licenseId: 'CC-BY-4.0',
      frequency: 'ANNUAL',
      temporalStart: '2025-01-01',
      temporalEnd: '2025-12-31',
      keywords: 'perizinan, umkm, nib',
      columns: 'kecamatan:region, nama_kecamatan:text, nib_terbit:integer, izin_usaha_terbit:integer',
      manage: everything,
    });
    const csv = ['kecamatan,nama_kecamatan,nib_terbit,izin_usaha_terbit', ...districts.map((d, i) => `${d.code},"${d.name}",${120 + ((i * 37) % 90)},${40 + ((i * 13) % 30)}`)].join('\n');
    await publishUpload(ctx, { id: dataset.id, data: Buffer.from(`${csv}\n`), manage: everything });
    published++;
  }
  return published;
}
