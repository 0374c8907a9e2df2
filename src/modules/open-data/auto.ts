// The automatic datasets: tables the platform publishes about itself, refreshed by a daily job from
// what the other modules export (never their tables): the service catalogue with its standards, the
// satisfaction index (IKM) per agency, complaints per agency and category, and the PPID's yearly
// figures. A refresh writes a new version only when the table changed (same hash: nothing to add), so
// the version list reads as the history of the figures. Small counts are withheld (suppress.ts).
import { randomUUID } from 'node:crypto';
import { type Tx, withTenant } from '../../db/index.js';
import type { DeclaredColumn, OpenDataLicense } from '../../db/schema-open-data.js';
import type { TenantContext } from '../../platform/context.js';
import type { Job, JobHandler } from '../../platform/jobs/index.js';
import { enqueueJob } from '../../platform/jobs/index.js';
import type { Db } from '../../db/index.js';
import { getMonthlyVolumes } from '../applications/index.js';
import { listServices } from '../catalog/index.js';
import { countPublishedComplaints } from '../complaints/index.js';
import { getInformationRequestStatistics } from '../information-requests/index.js';
import { getIkm } from '../surveys/index.js';
import { type Agency, listAgencies, listTenants } from '../tenancy/index.js';
import { writeVersion } from './service.js';
import * as store from './store.js';
import { suppressSmallCounts } from './suppress.js';
import { type TableRecord, tableOf } from './table.js';

export const REFRESH_JOB = 'open_data.refresh';

export interface AutoDeps {
  /** OPEN_DATA_MIN_COUNT: counts below it in a small area are withheld. */
  minCount: number;
}

interface Built {
  records: TableRecord[];
  suppressedCells?: number;
  temporal: { start: string | null; end: string | null };
}

interface AutoDataset {
  kind: string;
  name: string;
  title: string;
  description: string;
  keywords: string[];
  license: OpenDataLicense;
  frequency: string;
  columns: DeclaredColumn[];
  build(ctx: TenantContext, today: string, agencies: readonly Agency[], deps: AutoDeps): Promise<Built>;
}

/** The day in the tenant's zone, YYYY-MM-DD. */
function dayIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const col = (name: string, type: DeclaredColumn['type'] = 'text'): DeclaredColumn => ({ name, type });

export const AUTO_DATASETS: readonly AutoDataset[] = [
  {
    kind: 'services',
    name: 'layanan-publik-dan-standar',
    title: 'Layanan publik dan standar pelayanannya',
    description: 'Setiap layanan yang diterbitkan dalam katalog layanan, dengan instansi penyelenggara, kategori, biaya (rupiah) dan jangka waktu penyelesaian (hari kerja) menurut standar pelayanan yang berlaku (UU 25/2009 Pasal 21).',
    keywords: ['layanan publik', 'standar pelayanan', 'katalog'],
    license: 'CC-BY-4.0',
    frequency: 'DAILY',
    columns: [col('kode_instansi'), col('nama_instansi'), col('kode_layanan'), col('nama_layanan'), col('kategori'), col('biaya_rupiah', 'integer'), col('jangka_waktu_hari_kerja', 'integer'), col('versi_standar', 'integer'), col('berlaku_sejak', 'date')],
    async build(ctx, today) {
      const services = await listServices(ctx);
      const records = services
        .map((s) => ({
          kode_instansi: s.agency.code,
          nama_instansi: s.agency.name,
          kode_layanan: s.code,
          nama_layanan: s.name.id,
          kategori: s.category,
          biaya_rupiah: s.fee,
          jangka_waktu_hari_kerja: s.completionDays,
          versi_standar: s.version,
          berlaku_sejak: s.effectiveFrom,
        }))
        .sort((a, b) => `${a.kode_instansi}/${a.kode_layanan}`.localeCompare(`${b.kode_instansi}/${b.kode_layanan}`));
      return { records, temporal: { start: null, end: today } };
    },
  },
  {
    kind: 'applications',
    name: 'permohonan-layanan-per-bulan',
    title: 'Permohonan layanan per layanan dan bulan, 12 bulan terakhir',
    description:
      'Jumlah permohonan layanan yang diterima per layanan dan bulan pengajuan selama 12 bulan terakhir, berapa yang sudah selesai (terbit, ditolak, dicabut atau dianggap disetujui), dan rata-rata lama penyelesaiannya (hari kalender sejak diajukan). Jumlah kurang dari ambang batas ditampilkan "<N" (dengan rata-ratanya); bila dalam satu layanan hanya satu sel yang disamarkan, sel terkecil berikutnya ikut disamarkan.',
    keywords: ['permohonan', 'layanan publik', 'waktu penyelesaian'],
    license: 'CC-BY-4.0',
    frequency: 'DAILY',
    columns: [col('kode_instansi'), col('nama_instansi'), col('kode_layanan'), col('nama_layanan'), col('bulan'), col('diterima', 'integer'), col('selesai', 'integer'), col('rata_rata_hari_selesai', 'number')],
    async build(ctx, today, agencies, deps) {
      const since = new Date(Date.parse(`${today.slice(0, 7)}-01T00:00:00Z`) - 334 * 86_400_000);
      const start = `${since.toISOString().slice(0, 7)}-01`;
      const [volumes, services] = await Promise.all([getMonthlyVolumes(ctx, { since: new Date(Date.parse(`${start}T00:00:00Z`) - 14 * 3600_000) }), listServices(ctx)]);
      const byId = new Map(services.map((s) => [s.id, s]));
      const rows = volumes
        .filter((v) => v.month >= start.slice(0, 7))
        .map((v) => {
          const agency = agencies.find((a) => a.id === v.agencyId);
          const service = byId.get(v.serviceId);
          return {
            kode_instansi: agency?.code ?? '',
            nama_instansi: agency?.name ?? '',
            kode_layanan: service?.code ?? '',
            nama_layanan: service?.name.id ?? '',
            bulan: v.month,
            diterima: v.received,
            selesai: v.closed,
            rata_rata_hari_selesai: v.averageDaysToClose,
          };
        })
        .sort((a, b) => `${a.kode_instansi}/${a.kode_layanan}/${a.bulan}`.localeCompare(`${b.kode_instansi}/${b.kode_layanan}/${b.bulan}`));
      // Two counts per row: each withheld below the threshold within the service's months, the mean with the closed count.
      const group = rows.map((r) => ({ ...r, layanan: `${r.kode_instansi}/${r.kode_layanan}` }));
      const first = suppressSmallCounts(group, { threshold: deps.minCount, count: 'diterima', groupBy: 'layanan' });
      const second = suppressSmallCounts(first.records, { threshold: deps.minCount, count: 'selesai', derived: ['rata_rata_hari_selesai'], groupBy: 'layanan' });
      const records = second.records.map(({ layanan: _layanan, ...r }) => r);
      return { records, suppressedCells: first.suppressedCells + second.suppressedCells, temporal: { start, end: today } };
    },
  },
  {
    kind: 'ikm',
    name: 'indeks-kepuasan-masyarakat',
    title: 'Indeks Kepuasan Masyarakat (IKM) per instansi, tahun berjalan',
    description:
      'Indeks kepuasan masyarakat (PermenPANRB 14/2017) setiap instansi sejak 1 Januari tahun berjalan, dengan jumlah responden. Instansi dengan responden kurang dari ambang batas ditampilkan "<N" tanpa nilai indeks, agar penilaian seseorang tidak dapat dikenali.',
    keywords: ['ikm', 'skm', 'kepuasan masyarakat'],
    license: 'CC-BY-4.0',
    frequency: 'DAILY',
    columns: [col('kode_instansi'), col('nama_instansi'), col('responden', 'integer'), col('ikm', 'number'), col('mutu')],
    async build(ctx, today, agencies, deps) {
      const from = `${today.slice(0, 4)}-01-01`;
      const rows: TableRecord[] = [];
      for (const agency of agencies) {
        const report = await getIkm(ctx, { agency: agency.code, from, to: today }).catch(() => null);
        if (!report || report.respondents === 0) continue;
        rows.push({ kode_instansi: agency.code, nama_instansi: agency.name, responden: report.respondents, ikm: report.ikm, mutu: report.grade });
      }
      // Each agency is its own group: an IKM over a handful of people is withheld, nothing to recover by subtraction.
      const { records, suppressedCells } = suppressSmallCounts(rows, { threshold: deps.minCount, count: 'responden', derived: ['ikm', 'mutu'], groupBy: 'kode_instansi' });
      return { records, suppressedCells, temporal: { start: from, end: today } };
    },
  },
  {
    kind: 'complaints',
    name: 'pengaduan-per-kategori',
    title: 'Pengaduan per instansi dan kategori, 12 bulan terakhir',
    description:
      'Jumlah pengaduan yang dipublikasikan per instansi tujuan dan kategori selama 365 hari terakhir. Jumlah kurang dari ambang batas ditampilkan "<N"; bila dalam satu instansi hanya satu sel yang disamarkan, sel terkecil berikutnya ikut disamarkan agar tidak dapat dihitung dari totalnya.',
    keywords: ['pengaduan', 'sp4n lapor'],
    license: 'CC-BY-4.0',
    frequency: 'DAILY',
    columns: [col('kode_instansi'), col('nama_instansi'), col('kategori'), col('jumlah_pengaduan', 'integer')],
    async build(ctx, today, agencies, deps) {
      const since = new Date(Date.parse(`${today}T00:00:00Z`) - 365 * 86_400_000);
      const counts = await countPublishedComplaints(ctx, { since });
      const rows = counts
        .map((c) => {
          const agency = agencies.find((a) => a.id === c.agencyId);
          return { kode_instansi: agency?.code ?? '', nama_instansi: agency?.name ?? '', kategori: c.categoryCode, jumlah_pengaduan: c.count };
        })
        .sort((a, b) => `${a.kode_instansi}/${a.kategori}`.localeCompare(`${b.kode_instansi}/${b.kategori}`));
      const { records, suppressedCells } = suppressSmallCounts(rows, { threshold: deps.minCount, count: 'jumlah_pengaduan', groupBy: 'kode_instansi' });
      return { records, suppressedCells, temporal: { start: since.toISOString().slice(0, 10), end: today } };
    },
  },
  {
    kind: 'ppid',
    name: 'statistik-permohonan-informasi',
    title: 'Statistik permohonan informasi publik (PPID)',
    description: 'Jumlah permohonan informasi publik per tahun, cara pengajuan, keputusan, rata-rata waktu penyelesaian (hari kerja) dan keberatan, sebagaimana laporan tahunan PPID (Perki 1/2021). Angka seluruh pemerintah daerah, bukan per wilayah kecil.',
    keywords: ['ppid', 'keterbukaan informasi', 'permohonan informasi'],
    license: 'CC-BY-4.0',
    frequency: 'DAILY',
    columns: [col('tahun', 'integer'), col('permohonan', 'integer'), col('lewat_kertas', 'integer'), col('badan_hukum', 'integer'), col('diperpanjang', 'integer'), col('belum_diputus', 'integer'), col('rata_rata_hari_kerja', 'number'), col('keberatan', 'integer'), col('keberatan_dijawab', 'integer'), col('keberatan_dikabulkan', 'integer')],
    async build(ctx, today) {
      const year = Number(today.slice(0, 4));
      const records: TableRecord[] = [];
      for (const y of [year - 1, year]) {
        const s = await getInformationRequestStatistics(ctx, { year: y });
        if (s.requests === 0 && s.objections === 0) continue;
        records.push({
          tahun: y,
          permohonan: s.requests,
          lewat_kertas: s.paper,
          badan_hukum: s.legalEntities,
          diperpanjang: s.extended,
          belum_diputus: s.open,
          rata_rata_hari_kerja: s.averageWorkingDays,
          keberatan: s.objections,
          keberatan_dijawab: s.objectionsAnswered,
          keberatan_dikabulkan: s.objectionsUpheld,
        });
      }
      return { records, temporal: { start: `${year - 1}-01-01`, end: today } };
    },
  },
];

/** The automatic dataset's row, created on its first refresh. */
async function ensureAutoDataset(ctx: TenantContext, trx: Tx, def: AutoDataset, at: Date): Promise<store.DatasetRow> {
  const existing = await store.selectAutoDataset(trx, ctx.tenant.id, def.kind);
  if (existing) return existing;
  await store.insertDataset(trx, {
    tenant_id: ctx.tenant.id,
    id: randomUUID(),
    agency_id: null,
    name: def.name,
    title: def.title,
    description: def.description,
    license_id: def.license,
    frequency: def.frequency,
    spatial_code: ctx.tenant.regionCode,
    keywords: def.keywords,
    source: 'auto',
    auto_kind: def.kind,
    columns: JSON.stringify(def.columns),
    csv_resource_id: randomUUID(),
    json_resource_id: randomUUID(),
    created_at: at,
    modified_at: at,
  });
  return (await store.selectAutoDataset(trx, ctx.tenant.id, def.kind))!;
}

/**
 * Refreshes every automatic dataset of the context's tenant in the caller's transaction (the job's,
 * under the tenant's row-level security): a new version of each whose table changed. Returns the
 * names of the datasets that got one.
 */
export async function refreshAutomaticDatasets(ctx: TenantContext, trx: Tx, deps: AutoDeps): Promise<string[]> {
  const at = ctx.now();
  const today = dayIn(ctx.tenant.timeZone, at);
  const agencies = await listAgencies(trx as never, ctx.tenant);
  const jobCtx = { ...ctx, db: trx as unknown as Db };
  const refreshed: string[] = [];
  for (const def of AUTO_DATASETS) {
    const built = await def.build(jobCtx, today, agencies, deps);
    const row = await ensureAutoDataset(ctx, trx, def, at);
    await store.updateDataset(trx, ctx.tenant.id, row.id, { temporal_start: built.temporal.start, temporal_end: built.temporal.end });
    const table = tableOf(def.columns, built.records, built.suppressedCells ?? 0);
    const latest = await store.selectLatestHash(trx, ctx.tenant.id, row.id);
    if (latest?.csv_sha256 === table.sha256) continue;
    await writeVersion(ctx, trx, row, table, at);
    refreshed.push(def.name);
  }
  return refreshed;
}

export interface OpenDataJobDeps extends AutoDeps {
  audit: TenantContext['audit'];
  now: () => Date;
}

/** The daily refresh: every tenant's automatic datasets, each under its row-level security. */
export function openDataJobHandlers(deps: OpenDataJobDeps): Record<string, JobHandler> {
  return {
    [REFRESH_JOB]: async (_job: Job, trx: Tx) => {
      for (const tenant of await listTenants(trx)) {
        const ctx: TenantContext = { db: trx as unknown as Db, audit: deps.audit, actor: { kind: 'system', id: REFRESH_JOB }, lang: 'id', now: deps.now, tenant };
        await withTenant(trx, tenant.id, () => refreshAutomaticDatasets(ctx, trx, deps));
      }
    },
  };
}

/** Queues today's refresh (one per UTC day across all processes: the dedupe key names the day). */
export async function scheduleDailyRefresh(db: Db, now: Date): Promise<void> {
  await enqueueJob(db, { kind: REFRESH_JOB, dedupeKey: now.toISOString().slice(0, 10) });
}
