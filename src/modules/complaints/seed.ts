// Demo complaint categories (they are also the tenant's Open311 services), a development Open311
// api_key and a few demo complaints. Idempotent; goes through the services.
import type { Db } from '../../db/index.js';
import { listTenants } from '../tenancy/index.js';
import {
  type CategoryInput,
  type ComplaintContext,
  createOpen311Key,
  listCategories,
  listPublicComplaints,
  saveCategory,
  submitComplaint,
} from './service.js';

/** Development only (the demo seed never runs in production): a predictable key to print at start. */
export const DEMO_OPEN311_KEY = (slug: string) => `demo-open311-${slug}`;

export const DEMO_CATEGORIES: CategoryInput[] = [
  {
    code: 'adminduk',
    name: 'Administrasi kependudukan (KTP-el, KK, akta)',
    nameEn: 'Civil registration (ID card, family card, certificates)',
    agencyCode: 'disdukcapil',
    keywords: ['ktp', 'e-ktp', 'ktp-el', 'kk', 'kartu keluarga', 'akta', 'kelahiran', 'nik', 'blanko', 'dukcapil'],
  },
  {
    code: 'perizinan',
    name: 'Perizinan dan pelayanan terpadu',
    nameEn: 'Permits and one-stop services',
    agencyCode: 'dpmptsp',
    keywords: ['izin', 'perizinan', 'nib', 'oss', 'pbg', 'imb', 'usaha', 'pungli', 'calo'],
  },
  {
    code: 'kesehatan',
    name: 'Layanan kesehatan (puskesmas, rumah sakit)',
    nameEn: 'Health services (clinics, hospitals)',
    agencyCode: 'dinkes',
    keywords: ['puskesmas', 'rumah sakit', 'rsud', 'bpjs', 'dokter', 'obat', 'antrean', 'pasien', 'bidan'],
  },
  {
    code: 'pendidikan',
    name: 'Pendidikan (PPDB, sekolah)',
    nameEn: 'Education (admissions, schools)',
    agencyCode: 'disdik',
    keywords: ['sekolah', 'ppdb', 'guru', 'siswa', 'zonasi', 'ijazah', 'pungutan', 'seragam'],
  },
  {
    code: 'bansos',
    name: 'Bantuan sosial dan DTKS',
    nameEn: 'Social assistance and welfare registry',
    agencyCode: 'dinsos',
    keywords: ['bansos', 'bantuan', 'dtks', 'pkh', 'bpnt', 'sembako', 'lansia', 'disabilitas'],
  },
  {
    code: 'jalan-transportasi',
    name: 'Jalan, lalu lintas dan angkutan umum',
    nameEn: 'Roads, traffic and public transport',
    agencyCode: 'dishub',
    requiresLocation: true,
    keywords: ['jalan', 'berlubang', 'lampu', 'lalu lintas', 'parkir', 'angkot', 'terminal', 'trayek', 'macet', 'rambu'],
  },
  {
    code: 'informasi-publik',
    name: 'Informasi publik dan layanan digital',
    nameEn: 'Public information and digital services',
    agencyCode: 'diskominfo',
    keywords: ['informasi', 'website', 'aplikasi', 'ppid', 'data', 'internet', 'wifi'],
  },
];

const DEMO_COMPLAINTS = [
  {
    kind: 'pengaduan' as const,
    title: 'Jalan berlubang di depan pasar',
    description: 'Jalan berlubang cukup dalam di depan pasar, sudah dua minggu belum diperbaiki dan membahayakan pengendara motor.',
    categoryCode: 'jalan-transportasi',
    privacy: 'public' as const,
  },
  {
    kind: 'pengaduan' as const,
    title: 'Blanko KTP-el kosong',
    description: 'Sudah tiga kali ke kantor kecamatan, blanko KTP-el selalu kosong. Mohon kepastian kapan tersedia.',
    categoryCode: 'adminduk',
    privacy: 'public' as const,
  },
  {
    kind: 'aspirasi' as const,
    title: 'Usul jam layanan puskesmas sore',
    description: 'Mohon puskesmas membuka layanan sore hari untuk pekerja yang tidak bisa datang pagi.',
    categoryCode: 'kesehatan',
    privacy: 'rahasia' as const,
  },
];

/** Categories for every demo tenant; an Open311 key per tenant that has none (returned to print once). */
export async function seedDemoComplaints(ctx: ComplaintContext, db: Db = ctx.db) {
  const keys: { tenant: string; key: string }[] = [];
  for (const tenant of await listTenants(db)) {
    const agencies = await ctx.deps.agencies.list(ctx, tenant.id);
    const existing = await listCategories(ctx, tenant);
    if (existing.length > 0) continue;
    for (const category of DEMO_CATEGORIES) {
      if (category.agencyCode && !agencies.some((a) => a.code === category.agencyCode)) {
        await saveCategory(ctx, tenant, { ...category, agencyCode: undefined });
      } else await saveCategory(ctx, tenant, category);
    }
    const key = DEMO_OPEN311_KEY(tenant.slug);
    await createOpen311Key(ctx, tenant, 'demo', key);
    keys.push({ tenant: tenant.slug, key });
    if ((await listPublicComplaints(ctx, tenant, { limit: 1 })).items.length === 0) {
      for (const [i, complaint] of DEMO_COMPLAINTS.entries()) {
        await submitComplaint(ctx, tenant, {
          ...complaint,
          ...(complaint.categoryCode === 'jalan-transportasi'
            ? tenant.slug === 'makassar'
              ? { latitude: -5.1477 + i * 0.001, longitude: 119.4327, address: 'Jl. Sombaopu, Makassar' }
              : { latitude: -6.9932, longitude: 110.4203 + i * 0.001, address: 'Jl. Pemuda, Semarang' }
            : {}),
        });
      }
    }
  }
  return { keys };
}
