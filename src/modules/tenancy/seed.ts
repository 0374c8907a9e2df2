// Demo tenants for a zero-configuration start: a province (Jawa Tengah, WIB) and a city (Makassar,
// WITA) with their real Kemendagri region codes. Idempotent, and it goes through the services.
import type { ServiceContext } from '../../platform/context.js';
import type { AreaGeometry } from '../../platform/geo.js';
import {
  createAgency,
  createTenant,
  getTenantArea,
  listTenants,
  type NewAgency,
  type NewTenant,
  setTenantArea,
  setTenantParent,
  type Tenant,
} from './service.js';

interface DemoTenant extends NewTenant {
  agencies: NewAgency[];
  /** The demo province it belongs to (its slug): the portal groups it there. */
  parent?: string;
  /** The real territory's approximate box (the complaint form's map opens on it). */
  area: AreaGeometry;
}

/** A box as a GeoJSON Polygon ([longitude, latitude], closed). */
function box(south: number, west: number, north: number, east: number): AreaGeometry {
  return { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] };
}

const commonAgencies = (level: 'provinsi' | 'kota'): NewAgency[] => [
  {
    code: 'dpmptsp',
    name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
    nameEn: 'One-Stop Investment and Integrated Services Office',
    description: 'Perizinan berusaha dan non-berusaha dalam satu pintu.',
    descriptionEn: 'Business and non-business licensing through one door.',
  },
  {
    code: 'dinkes',
    name: 'Dinas Kesehatan',
    nameEn: 'Health Office',
    description: 'Izin fasilitas dan tenaga kesehatan, surat keterangan sehat.',
    descriptionEn: 'Health facility and practitioner permits, health certificates.',
  },
  {
    code: 'disdik',
    name: level === 'provinsi' ? 'Dinas Pendidikan dan Kebudayaan' : 'Dinas Pendidikan',
    nameEn: level === 'provinsi' ? 'Education and Culture Office' : 'Education Office',
    description:
      level === 'provinsi'
        ? 'SMA, SMK dan SLB: PPDB dan legalisir ijazah.'
        : 'PAUD, SD dan SMP: PPDB dan legalisir ijazah.',
    descriptionEn: 'School admissions (PPDB) and certified copies of diplomas.',
  },
  {
    code: 'dinsos',
    name: 'Dinas Sosial',
    nameEn: 'Social Affairs Office',
    description: 'Pendaftaran DTKS dan bantuan sosial.',
    descriptionEn: 'Social welfare registry (DTKS) and social assistance.',
  },
  {
    code: 'dishub',
    name: 'Dinas Perhubungan',
    nameEn: 'Transportation Office',
    description: 'Uji KIR, izin trayek dan angkutan.',
    descriptionEn: 'Vehicle roadworthiness tests, route and transport permits.',
  },
  {
    code: 'diskominfo',
    name: 'Dinas Komunikasi dan Informatika',
    nameEn: 'Communication and Informatics Office',
    kind: 'dinas',
    description: 'PPID utama dan pengelolaan pengaduan SP4N-LAPOR!.',
    descriptionEn: 'Main information officer (PPID) and SP4N-LAPOR! complaints.',
  },
];

export const DEMO_TENANTS: DemoTenant[] = [
  {
    slug: 'jateng',
    name: 'Pemerintah Provinsi Jawa Tengah',
    nameEn: 'Central Java Provincial Government',
    kind: 'province',
    regionCode: '33',
    timeZone: 'Asia/Jakarta',
    hosts: ['jateng.localhost'],
    brandColor: '#8a1c1c',
    // Cilacap to Rembang and Blora, Karimunjawa included.
    area: box(-8.25, 108.55, -5.7, 111.72),
    agencies: [
      {
        code: 'bapenda',
        name: 'Badan Pendapatan Daerah',
        nameEn: 'Regional Revenue Agency',
        kind: 'badan',
        description: 'Pajak kendaraan bermotor dan retribusi daerah.',
        descriptionEn: 'Motor vehicle tax and regional fees (retribusi).',
      },
      ...commonAgencies('provinsi'),
    ],
  },
  {
    slug: 'makassar',
    parent: 'sulsel',
    name: 'Pemerintah Kota Makassar',
    nameEn: 'Makassar City Government',
    kind: 'city',
    regionCode: '73.71',
    timeZone: 'Asia/Makassar',
    hosts: ['makassar.localhost'],
    brandColor: '#0b5394',
    // The city on the mainland and its nearer islands (Kecamatan Kepulauan Sangkarrang).
    area: box(-5.25, 119.32, -5.02, 119.56),
    agencies: [
      {
        code: 'disdukcapil',
        name: 'Dinas Kependudukan dan Pencatatan Sipil',
        nameEn: 'Population and Civil Registration Office',
        description: 'KTP-el, kartu keluarga, akta kelahiran dan kematian, surat pindah.',
        descriptionEn: 'Identity cards, family cards, birth and death certificates, change of address.',
      },
      ...commonAgencies('kota'),
    ],
  },
  {
    // Makassar's province, so the portal shows a province with its city (issue 17). Jawa Tengah
    // cannot be its parent: Makassar lies in Sulawesi Selatan, and a province names only its own
    // regencies and cities. No agencies yet: it demonstrates the hierarchy, not services.
    slug: 'sulsel',
    name: 'Pemerintah Provinsi Sulawesi Selatan',
    nameEn: 'South Sulawesi Provincial Government',
    kind: 'province',
    regionCode: '73',
    timeZone: 'Asia/Makassar',
    hosts: ['sulsel.localhost'],
    brandColor: '#7a4b00',
    // Selayar to Luwu Timur.
    area: box(-7.8, 117.0, -1.9, 121.9),
    agencies: [],
  },
];

/** Seeds the demo tenants; returns what was created (empty on a second run). */
export async function seedDemoTenants(ctx: ServiceContext): Promise<{ tenants: Tenant[]; agencies: number }> {
  const existing = new Map((await listTenants(ctx.db)).map((t) => [t.slug, t]));
  const tenants: Tenant[] = [];
  let agencies = 0;
  for (const demo of DEMO_TENANTS) {
    const { agencies: demoAgencies, area: _area, parent: _parent, ...input } = demo;
    let tenant = existing.get(demo.slug);
    if (!tenant) {
      tenant = await createTenant(ctx, input);
      tenants.push(tenant);
    }
    for (const agency of demoAgencies) if (await createAgency({ ...ctx, tenant }, agency)) agencies++;
  }
  // After all exist (a parent may come later in the list); an operator's later choice is kept.
  const now = new Map((await listTenants(ctx.db)).map((t) => [t.slug, t]));
  for (const demo of DEMO_TENANTS) {
    if (demo.parent && !now.get(demo.slug)?.parentId) await setTenantParent(ctx, { child: demo.slug, parent: demo.parent });
  }
  return { tenants, agencies };
}

/**
 * The demo tenants' areas, where none is set yet (the demo seed's; test apps leave them unset so
 * that maps there open on the service areas, as a tenant without an area does). Idempotent.
 */
export async function seedDemoTenantAreas(ctx: ServiceContext): Promise<number> {
  const tenants = new Map((await listTenants(ctx.db)).map((t) => [t.slug, t]));
  let set = 0;
  for (const demo of DEMO_TENANTS) {
    const tenant = tenants.get(demo.slug);
    if (!tenant || (await getTenantArea({ db: ctx.db, tenant }))) continue;
    await setTenantArea({ ...ctx, tenant }, { area: demo.area });
    set++;
  }
  return set;
}
