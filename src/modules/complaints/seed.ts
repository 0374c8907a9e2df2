// Demo complaint categories (they are also the tenant's Open311 services), a development Open311
// api_key and a few demo complaints. Idempotent; goes through the services.
import type { Db } from '../../db/index.js';
import type { ServiceContext } from '../../platform/context.js';
import { listTenants } from '../tenancy/index.js';
import { type CategoryInput, listCategories, saveCategory } from './categories.js';
import { verifyComplaint } from './handling/service.js';
import { createOpen311Key } from './intake/open311.js';
import { type IntakeDeps, submitComplaint } from './intake/service.js';
import { listPublicComplaints } from './public/service.js';
import { ROUTING_CATEGORIES } from './routing/classifier/categories.js';

/** Who verifies the demo reports: the seed acting as a tenant-wide coordinator (timeline: "Petugas"). */
const DEMO_COORDINATOR = { officerId: 'demo-seed', coordinator: true, agencies: 'all' } as const;

/** Development only (the demo seed never runs in production): a predictable key to print at start. */
export const DEMO_OPEN311_KEY = (slug: string) => `demo-open311-${slug}`;

// Keywords for the keyword fallback (routing/suggester.ts) while the classifier trains, per classifier category.
const KEYWORDS: Record<string, string[]> = {
  jalan_rusak: ['jalan', 'berlubang', 'jembatan', 'aspal', 'retak'],
  drainase_banjir: ['banjir', 'drainase', 'selokan', 'got', 'genangan'],
  lampu_jalan: ['lampu', 'penerangan', 'lampu merah', 'pju'],
  sampah_lingkungan: ['sampah', 'limbah', 'bau', 'tps', 'pencemaran'],
  administrasi_kependudukan: ['ktp', 'e-ktp', 'ktp-el', 'kk', 'kartu keluarga', 'akta', 'kelahiran', 'nik', 'blanko', 'dukcapil'],
  layanan_kesehatan: ['puskesmas', 'rumah sakit', 'rsud', 'bpjs', 'dokter', 'obat', 'pasien', 'bidan'],
  pendidikan: ['sekolah', 'ppdb', 'guru', 'siswa', 'zonasi', 'ijazah', 'seragam'],
  bantuan_sosial: ['bansos', 'bantuan', 'dtks', 'pkh', 'bpnt', 'sembako', 'lansia'],
  transportasi_parkir: ['parkir', 'angkot', 'terminal', 'trayek', 'macet', 'rambu', 'lalu lintas'],
  perizinan: ['izin', 'perizinan', 'nib', 'oss', 'pbg', 'imb', 'usaha', 'pungli', 'calo'],
  pajak_daerah: ['pajak', 'pbb', 'retribusi', 'bapenda'],
  layanan_digital: ['website', 'aplikasi', 'internet', 'wifi', 'situs'],
};

/** The classifier's categories (routing/classifier/categories.ts), so that its suggestions are the tenant's services. */
export const DEMO_CATEGORIES: CategoryInput[] = ROUTING_CATEGORIES.map((c) => ({
  code: c.code,
  name: c.name,
  nameEn: c.nameEn,
  agencyCode: c.agencyCode,
  requiresLocation: c.requiresLocation,
  keywords: KEYWORDS[c.code] ?? [],
}));

const DEMO_COMPLAINTS = [
  {
    kind: 'pengaduan' as const,
    title: 'Jalan berlubang di depan pasar',
    description: 'Jalan berlubang cukup dalam di depan pasar, sudah dua minggu belum diperbaiki dan membahayakan pengendara motor.',
    categoryCode: 'jalan_rusak',
    privacy: 'public' as const,
  },
  {
    kind: 'pengaduan' as const,
    title: 'Blanko KTP-el kosong',
    description: 'Sudah tiga kali ke kantor kecamatan, blanko KTP-el selalu kosong. Mohon kepastian kapan tersedia.',
    categoryCode: 'administrasi_kependudukan',
    privacy: 'public' as const,
  },
  {
    kind: 'aspirasi' as const,
    title: 'Usul jam layanan puskesmas sore',
    description: 'Mohon puskesmas membuka layanan sore hari untuk pekerja yang tidak bisa datang pagi.',
    categoryCode: 'layanan_kesehatan',
    privacy: 'rahasia' as const,
  },
];

/** Categories for every demo tenant; an Open311 key per tenant that has none (returned to print once). Submits as intake does, verifies as a coordinator does. */
export async function seedDemoComplaints(ctx: ServiceContext & IntakeDeps, db: Db = ctx.db) {
  const keys: { tenant: string; key: string }[] = [];
  for (const tenant of await listTenants(db)) {
    const tctx = { ...ctx, tenant };
    const agencies = await ctx.agencies.list(ctx, tenant.id);
    // A demo tenant without agencies (Sulawesi Selatan, seeded to show the province of Makassar) has
    // nobody to answer reports: no demo categories or reports there.
    if (agencies.length === 0) continue;
    if ((await listCategories(tctx)).length > 0) continue;
    for (const category of DEMO_CATEGORIES) {
      const known = !category.agencyCode || agencies.some((a) => a.code === category.agencyCode);
      await saveCategory(tctx, known ? category : { ...category, agencyCode: undefined });
    }
    const key = DEMO_OPEN311_KEY(tenant.slug);
    await createOpen311Key(tctx, { label: 'demo', key });
    keys.push({ tenant: tenant.slug, key });
    if ((await listPublicComplaints(tctx, { limit: 1 })).items.length === 0) {
      for (const [i, complaint] of DEMO_COMPLAINTS.entries()) {
        const submitted = await submitComplaint(tctx, {
          ...complaint,
          ...(complaint.categoryCode === 'jalan_rusak'
            ? tenant.slug === 'makassar'
              ? { latitude: -5.1477 + i * 0.001, longitude: 119.4327, address: 'Jl. Sombaopu, Makassar' }
              : { latitude: -6.9932, longitude: 110.4203 + i * 0.001, address: 'Jl. Pemuda, Semarang' }
            : {}),
        });
        // The public sees a report once a coordinator verified it (publication.ts): the demo's public
        // reports are verified so that the public pages show them; the confidential one waits in the queue.
        if (complaint.privacy !== 'rahasia') await verifyComplaint(tctx, { access: DEMO_COORDINATOR, ref: submitted.id, tier: 'simple' });
      }
    }
  }
  return { keys };
}
