// Demo list of information (development only), so a newcomer sees the public list filled: for every
// demo tenant with agencies, five items of the four classes — one berkala report eight months old, so
// the overdue flag shows — mostly of the agency the demo PPID keeps (dpmptsp), and a PDF attached to
// the financial report. Through the services, with the clock set back for the older items; idempotent
// (a tenant with any item is left alone).
import { Readable } from 'node:stream';
import { withTenant } from '../../db/index.js';
import type { ServiceContext } from '../../platform/context.js';
import { type FileStore, receiveFile } from '../../platform/files/index.js';
import { listAgencies, listTenants } from '../tenancy/index.js';
import { attachInformationDocuments, createInformation, type ItemInput } from './service.js';
import { hasItems } from './store.js';
import { DOCUMENT_RULES } from './uploads.js';

const DAY = 86_400_000;

interface DemoItem extends Omit<ItemInput, 'agency'> {
  /** Preferred agency codes, first found wins. */
  agencies: string[];
  /** How long ago it was last updated. */
  daysAgo: number;
  pdf?: string;
}

const ITEMS: DemoItem[] = [
  {
    agencies: ['dpmptsp'],
    class: 'berkala',
    title: 'Laporan realisasi anggaran semester I tahun 2026',
    summary: 'Realisasi pendapatan dan belanja dinas per program dan kegiatan sampai dengan 30 Juni 2026.',
    official: 'Kepala Subbagian Keuangan',
    periodFormat: 'Setiap semester; PDF',
    retention: '10 tahun',
    daysAgo: 40,
    pdf: 'Laporan realisasi anggaran semester I 2026',
  },
  {
    agencies: ['dpmptsp'],
    class: 'berkala',
    title: 'Laporan kinerja instansi pemerintah (LKjIP) tahun 2025',
    summary: 'Capaian indikator kinerja utama, analisis capaian dan rencana tindak lanjut.',
    official: 'Kepala Subbagian Perencanaan',
    periodFormat: 'Setiap tahun, dengan pemutakhiran semesteran; PDF',
    retention: '10 tahun',
    daysAgo: 245,
  },
  {
    agencies: ['dpmptsp'],
    class: 'setiap_saat',
    title: 'Standar pelayanan perizinan berusaha',
    summary: 'Persyaratan, prosedur, jangka waktu, biaya dan pengaduan setiap layanan perizinan yang diselenggarakan dinas.',
    official: 'Kepala Bidang Pelayanan Perizinan',
    periodFormat: 'Tersedia setiap saat; laman dan cetak di loket',
    retention: 'Selama berlaku',
    daysAgo: 90,
  },
  {
    agencies: ['bpbd', 'dinsos', 'diskominfo'],
    class: 'serta_merta',
    title: 'Peringatan dini cuaca ekstrem dan jalur evakuasi',
    summary: 'Peringatan dini yang diteruskan dari BMKG dan peta jalur serta titik kumpul evakuasi.',
    official: 'Kepala Bidang Informasi dan Komunikasi Publik',
    periodFormat: 'Segera saat terjadi; laman, media sosial dan pengeras suara',
    retention: '1 tahun',
    daysAgo: 12,
  },
  {
    agencies: ['dpmptsp'],
    class: 'dikecualikan',
    title: 'Dokumen penawaran penyedia dalam pengadaan barang/jasa',
    summary: 'Dokumen penawaran yang memuat rahasia dagang dan data keuangan penyedia.',
    official: 'Pejabat Pembuat Komitmen',
    periodFormat: 'Tidak diumumkan',
    retention: '5 tahun',
    legalGround: 'UU 14/2008 Pasal 17 huruf b (melindungi persaingan usaha tidak sehat); uji konsekuensi PPID Nomor 01/UK-PPID/2026.',
    daysAgo: 150,
  },
];

async function demoPdf(title: string, tenantName: string): Promise<Buffer> {
  // Loaded here, not at start: the demo seed of an existing installation finds its items and draws nothing.
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText(tenantName, { x: 56, y: 770, size: 12, font });
  page.drawText(title, { x: 56, y: 740, size: 14, font });
  page.drawText('Dokumen contoh (demo) - bukan dokumen resmi.', { x: 56, y: 710, size: 11, font });
  return Buffer.from(await doc.save());
}

/** Seeds every demo tenant's list once; returns how many items were added. */
export async function seedDemoInformationList(system: ServiceContext, deps: { files: FileStore }): Promise<number> {
  let added = 0;
  const today = system.now().getTime();
  for (const tenant of await listTenants(system.db)) {
    const agencies = await listAgencies(system.db, tenant);
    if (agencies.length === 0 || (await withTenant(system.db, tenant.id, (trx) => hasItems(trx, tenant.id)))) continue;
    for (const demo of ITEMS) {
      const agency = agencies.find((a) => demo.agencies.includes(a.code)) ?? agencies[0]!;
      const ctx = { ...system, tenant, now: () => new Date(today - demo.daysAgo * DAY) };
      const { agencies: _preferred, daysAgo: _ago, pdf, ...fields } = demo;
      const item = await createInformation(ctx, { ...fields, agency: agency.code, manage: () => true });
      added++;
      if (pdf) {
        const bytes = await demoPdf(pdf, tenant.name);
        const received = await receiveFile(deps.files, tenant.id, { stream: Readable.from([bytes]), filename: `${pdf}.pdf` }, DOCUMENT_RULES);
        if (received) await attachInformationDocuments(ctx, { id: item.id, files: [received], manage: () => true });
      }
    }
  }
  return added;
}
