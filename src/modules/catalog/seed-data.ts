// Demo service standards for the two demo tenants, written for this project (plausible, not copied
// from any government's published standard). Regulations named in "dasar hukum" are real; decree
// (SK) numbers are invented for the demo.
import type { Bilingual, Category, Channel, LifeEvent, ServiceDefinition } from './model.js';

type Pair = [string, string];

interface DemoService {
  code: string;
  name: Pair;
  summary: Pair;
  category: Category;
  lifeEvents?: [LifeEvent, number][];
  keywords?: string[];
  fee: number;
  days: number;
  channel: Channel;
  assurance?: ServiceDefinition['minAssurance'];
  requirements: Pair[];
  procedure: Pair[];
  product: Pair;
  legal: string[];
  feeNote?: Pair;
}

interface AgencyProfile {
  hall: { name: string; address: string; hours: string };
  staff: Pair;
  facilities: Pair;
  competence: Pair;
  complaints: Pair;
}

const bi = ([id, en]: Pair): Bilingual => ({ id, en });
const list = (pairs: Pair[]): Bilingual => ({ id: pairs.map((p) => p[0]).join('\n'), en: pairs.map((p) => p[1]).join('\n') });

const KTP: Pair = ['Fotokopi KTP-el pemohon', 'Copy of the applicant’s KTP-el'];
const KK: Pair = ['Fotokopi Kartu Keluarga (KK)', 'Copy of the family card (KK)'];
const NIB: Pair = ['Nomor Induk Berusaha (NIB) dari OSS', 'Business identification number (NIB) from OSS'];
const FORM: Pair = ['Formulir permohonan yang telah diisi', 'Completed application form'];

// The first step of every demo procedure: where to apply. Not "through Gerbang": Gerbang takes no
// applications yet (the applications module is a later issue).
const APPLY: Record<Channel, Pair> = {
  counter: ['Pemohon datang ke loket pelayanan membawa persyaratan', 'The applicant comes to the service counter with the requirements'],
  both: ['Pemohon mengajukan permohonan di loket pelayanan atau melalui layanan daring instansi', 'The applicant applies at the service counter or through the agency’s online service'],
  online: ['Pemohon mengajukan permohonan melalui layanan daring instansi', 'The applicant applies through the agency’s online service'],
};

function standard(profile: AgencyProfile, s: DemoService, sk: { number: string; date: string }, reviewDate: string): ServiceDefinition {
  return {
    code: s.code,
    name: bi(s.name),
    summary: bi(s.summary),
    category: s.category,
    lifeEvents: (s.lifeEvents ?? []).map(([event, step]) => ({ event, step })),
    keywords: s.keywords ?? [],
    fee: s.fee,
    completionDays: s.days,
    channel: s.channel,
    hall: s.channel === 'online' ? null : profile.hall,
    minAssurance: s.assurance ?? 'registry',
    components: {
      persyaratan: list(s.requirements),
      prosedur: list([APPLY[s.channel], ...s.procedure]),
      jangka_waktu: {
        id: `Paling lama ${s.days} hari kerja sejak berkas dinyatakan lengkap dan benar.`,
        en: `At most ${s.days} working ${s.days === 1 ? 'day' : 'days'} after the file is found complete and correct.`,
      },
      biaya: s.feeNote
        ? bi(s.feeNote)
        : s.fee === 0
          ? { id: 'Tidak dipungut biaya (gratis).', en: 'No fee is charged (free).' }
          : { id: `Rp${s.fee.toLocaleString('id-ID')} sesuai peraturan daerah tentang retribusi.`, en: `IDR ${s.fee.toLocaleString('en-US')} under the regional fee regulation.` },
      produk: bi(s.product),
      pengaduan: bi(profile.complaints),
      dasar_hukum: { id: s.legal.join('\n'), en: s.legal.join('\n') },
      sarana: bi(profile.facilities),
      kompetensi: bi(profile.competence),
      pengawasan: {
        id: 'Pengawasan melekat oleh atasan langsung dan pemeriksaan berkala oleh Inspektorat.',
        en: 'Continuous supervision by the line manager and periodic audits by the Inspectorate.',
      },
      jumlah_pelaksana: bi(profile.staff),
      jaminan_pelayanan: {
        id: 'Layanan diberikan sesuai standar ini sebagaimana tertuang dalam maklumat pelayanan.',
        en: 'The service is delivered to this standard, as pledged in the service declaration (maklumat).',
      },
      jaminan_keamanan: {
        id: 'Data pemohon dijaga kerahasiaannya; dokumen disimpan dan dikirim secara elektronik dengan aman.',
        en: 'Applicants’ data are kept confidential; documents are stored and sent electronically and securely.',
      },
      evaluasi_kinerja: {
        id: 'Survei kepuasan masyarakat setiap semester dan evaluasi kinerja pelaksana setiap tahun.',
        en: 'A public satisfaction survey every semester and a yearly staff performance evaluation.',
      },
    },
    sk,
    reviewDate,
    formRef: null,
    workflowRef: null,
  };
}

const profile = (
  hall: AgencyProfile['hall'],
  staff: number,
  unit: Pair,
): AgencyProfile => ({
  hall,
  staff: [`${staff} orang petugas loket dan verifikator`, `${staff} counter staff and verifiers`],
  facilities: [
    `Ruang tunggu ber-AC, nomor antrean, loket prioritas bagi lansia, ibu hamil dan penyandang disabilitas, toilet, ${unit[0]}`,
    `Air-conditioned waiting room, queue numbers, a priority counter for the elderly, pregnant women and people with disabilities, toilets, ${unit[1]}`,
  ],
  competence: [
    'Memahami peraturan layanan, mampu mengoperasikan aplikasi, ramah dan komunikatif',
    'Knows the service rules, can operate the applications, courteous and communicative',
  ],
  complaints: [
    'SP4N-LAPOR! (lapor.go.id), kotak saran di ruang layanan, atau menu Pengaduan di Gerbang; dijawab paling lama 5 hari kerja',
    'SP4N-LAPOR! (lapor.go.id), the suggestion box in the hall, or Complaints in Gerbang; answered within 5 working days',
  ],
});

// ---------------------------------------------------------------------------------------------------
// Makassar (city)

const MPP_MAKASSAR = {
  name: 'Mal Pelayanan Publik Kota Makassar',
  address: 'Jl. Ahmad Yani No. 2, Kel. Baru, Kec. Ujung Pandang, Makassar',
  hours: 'Senin–Kamis 08.00–15.00, Jumat 08.00–11.30 WITA',
};

const disdukcapil: DemoService[] = [
  {
    code: 'ktp-el',
    name: ['Penerbitan KTP-el baru', 'New electronic identity card (KTP-el)'],
    summary: ['Perekaman dan pencetakan KTP-el bagi penduduk yang berusia 17 tahun atau sudah menikah.', 'Recording and printing of the KTP-el for residents aged 17 or married.'],
    category: 'kependudukan',
    lifeEvents: [['pindah_domisili', 3]],
    keywords: ['e-ktp', 'rekam ktp', 'ktp baru', 'ktp pertama', 'umur 17'],
    fee: 0,
    days: 1,
    channel: 'both',
    assurance: 'in_person',
    requirements: [
      ['Telah berusia 17 tahun, sudah kawin atau pernah kawin', 'Aged 17, married or previously married'],
      KK,
      ['Surat pengantar RT/RW tidak diperlukan', 'No letter from the neighbourhood head is needed'],
    ],
    procedure: [
      ['Petugas memeriksa data pada basis data kependudukan', 'Staff check the data in the population database'],
      ['Perekaman foto, sidik jari, iris mata dan tanda tangan', 'Photo, fingerprints, iris and signature are recorded'],
      ['KTP-el dicetak dan diserahkan kepada pemohon', 'The KTP-el is printed and handed over'],
    ],
    product: ['Kartu Tanda Penduduk Elektronik (KTP-el)', 'Electronic identity card (KTP-el)'],
    legal: ['UU 24/2013 tentang Perubahan atas UU 23/2006 tentang Administrasi Kependudukan', 'Perpres 96/2018 tentang Persyaratan dan Tata Cara Pendaftaran Penduduk dan Pencatatan Sipil', 'Permendagri 108/2019'],
  },
  {
    code: 'ktp-el-penggantian',
    name: ['Penggantian KTP-el hilang atau rusak', 'Replacement of a lost or damaged KTP-el'],
    summary: ['Cetak ulang KTP-el yang hilang, rusak, atau berubah datanya.', 'Reprint of a KTP-el that was lost, damaged or whose data changed.'],
    category: 'kependudukan',
    lifeEvents: [['kehilangan_dokumen', 1]],
    keywords: ['ktp hilang', 'ktp rusak', 'cetak ulang ktp', 'lost id card'],
    fee: 0,
    days: 1,
    channel: 'both',
    assurance: 'registry',
    requirements: [KK, ['Surat keterangan kehilangan dari kepolisian (bila hilang)', 'Police loss report (when lost)'], ['KTP-el yang rusak (bila rusak)', 'The damaged KTP-el (when damaged)']],
    procedure: [
      ['Petugas memverifikasi data dan biometrik', 'Staff verify the data and biometrics'],
      ['KTP-el dicetak ulang dan diserahkan', 'The KTP-el is reprinted and handed over'],
    ],
    product: ['KTP-el pengganti', 'Replacement KTP-el'],
    legal: ['UU 24/2013 tentang Administrasi Kependudukan', 'Perpres 96/2018'],
  },
  {
    code: 'kartu-keluarga',
    name: ['Penerbitan Kartu Keluarga (KK)', 'Family card (KK)'],
    summary: ['KK baru, perubahan anggota keluarga, atau penggantian KK yang hilang/rusak.', 'A new family card, a change of members, or a replacement for a lost or damaged card.'],
    category: 'kependudukan',
    lifeEvents: [['menikah', 2], ['kelahiran', 2], ['kematian', 2], ['pindah_domisili', 2]],
    keywords: ['kk baru', 'tambah anggota kk', 'pecah kk', 'ubah kk'],
    fee: 0,
    days: 1,
    channel: 'both',
    requirements: [
      ['KK lama (untuk perubahan) atau buku nikah/akta perkawinan (untuk KK baru)', 'The old KK (for a change) or the marriage book/certificate (for a new KK)'],
      ['Surat keterangan pindah bagi pendatang', 'Certificate of moving for newcomers'],
      FORM,
    ],
    procedure: [
      ['Petugas memverifikasi dokumen', 'Staff verify the documents'],
      ['KK diterbitkan dengan tanda tangan elektronik dan dapat dicetak sendiri', 'The KK is issued with an electronic signature and can be printed at home'],
    ],
    product: ['Kartu Keluarga bertanda tangan elektronik', 'Electronically signed family card'],
    legal: ['UU 24/2013 tentang Administrasi Kependudukan', 'Permendagri 104/2019 tentang Pendokumentasian Administrasi Kependudukan'],
  },
  {
    code: 'akta-kelahiran',
    name: ['Penerbitan Akta Kelahiran', 'Birth certificate'],
    summary: ['Pencatatan kelahiran dan penerbitan kutipan akta kelahiran.', 'Registration of a birth and issue of the birth certificate.'],
    category: 'kependudukan',
    lifeEvents: [['kelahiran', 1]],
    keywords: ['akte lahir', 'akta anak', 'lahir', 'bayi'],
    fee: 0,
    days: 1,
    channel: 'both',
    assurance: 'registry',
    requirements: [
      ['Surat keterangan lahir dari rumah sakit, puskesmas, bidan atau kelurahan', 'Birth notice from the hospital, health centre, midwife or village office'],
      KK,
      ['Buku nikah/akta perkawinan orang tua, atau SPTJM', 'The parents’ marriage book/certificate, or a statement of responsibility (SPTJM)'],
      ['KTP-el dua orang saksi', 'KTP-el of two witnesses'],
    ],
    procedure: [
      ['Petugas memverifikasi dan mencatat kelahiran', 'Staff verify and register the birth'],
      ['Akta kelahiran diterbitkan dengan tanda tangan elektronik bersama KK baru', 'The birth certificate is issued, electronically signed, with the updated KK'],
    ],
    product: ['Kutipan Akta Kelahiran dan KK yang diperbarui', 'Birth certificate and the updated family card'],
    legal: ['UU 24/2013 tentang Administrasi Kependudukan', 'Perpres 96/2018', 'Permendagri 9/2016 tentang Percepatan Peningkatan Cakupan Kepemilikan Akta Kelahiran'],
  },
  {
    code: 'akta-kematian',
    name: ['Penerbitan Akta Kematian', 'Death certificate'],
    summary: ['Pencatatan kematian penduduk dan penerbitan akta kematian.', 'Registration of a death and issue of the death certificate.'],
    category: 'kependudukan',
    lifeEvents: [['kematian', 1]],
    keywords: ['meninggal', 'wafat', 'surat kematian'],
    fee: 0,
    days: 1,
    channel: 'both',
    requirements: [
      ['Surat keterangan kematian dari rumah sakit, puskesmas atau kelurahan', 'Death notice from the hospital, health centre or village office'],
      KK,
      ['KTP-el almarhum/almarhumah', 'The deceased’s KTP-el'],
      ['KTP-el pelapor', 'The informant’s KTP-el'],
    ],
    procedure: [
      ['Petugas mencatat kematian dan memperbarui KK', 'Staff register the death and update the KK'],
      ['Akta kematian diterbitkan dengan tanda tangan elektronik', 'The death certificate is issued with an electronic signature'],
    ],
    product: ['Kutipan Akta Kematian dan KK yang diperbarui', 'Death certificate and the updated family card'],
    legal: ['UU 24/2013 tentang Administrasi Kependudukan', 'Perpres 96/2018'],
  },
  {
    code: 'surat-pindah',
    name: ['Surat Keterangan Pindah (SKPWNI)', 'Certificate of moving out (SKPWNI)'],
    summary: ['Surat pindah bagi penduduk yang pindah ke luar kota.', 'Moving-out certificate for residents moving to another city.'],
    category: 'kependudukan',
    lifeEvents: [['pindah_domisili', 1]],
    keywords: ['pindah keluar', 'mutasi penduduk'],
    fee: 0,
    days: 1,
    channel: 'both',
    requirements: [KK, FORM],
    procedure: [
      ['Petugas memverifikasi data dan alamat tujuan', 'Staff verify the data and the destination address'],
      ['SKPWNI diterbitkan dan dikirim ke daerah tujuan secara elektronik', 'The SKPWNI is issued and sent electronically to the destination'],
    ],
    product: ['Surat Keterangan Pindah Warga Negara Indonesia (SKPWNI)', 'Certificate of moving (SKPWNI)'],
    legal: ['UU 24/2013 tentang Administrasi Kependudukan', 'Permendagri 108/2019'],
  },
  {
    code: 'pindah-datang',
    name: ['Pencatatan pindah datang', 'Registration of newcomers'],
    summary: ['Pencatatan penduduk yang datang dari daerah lain, dengan KK dan KTP-el baru.', 'Registration of residents arriving from another region, with a new KK and KTP-el.'],
    category: 'kependudukan',
    lifeEvents: [['pindah_domisili', 2]],
    keywords: ['pendatang', 'pindah masuk', 'domisili baru'],
    fee: 0,
    days: 1,
    channel: 'both',
    requirements: [['SKPWNI dari daerah asal', 'SKPWNI from the region of origin'], FORM],
    procedure: [
      ['Petugas menerima SKPWNI dan mencatat kedatangan', 'Staff receive the SKPWNI and register the arrival'],
      ['KK baru diterbitkan; KTP-el dicetak dengan alamat baru', 'A new KK is issued; the KTP-el is printed with the new address'],
    ],
    product: ['KK dan KTP-el dengan alamat baru', 'KK and KTP-el with the new address'],
    legal: ['UU 24/2013 tentang Administrasi Kependudukan', 'Permendagri 108/2019'],
  },
  {
    code: 'kia',
    name: ['Kartu Identitas Anak (KIA)', 'Child identity card (KIA)'],
    summary: ['Kartu identitas bagi anak di bawah 17 tahun.', 'Identity card for children under 17.'],
    category: 'kependudukan',
    lifeEvents: [['kelahiran', 3], ['sekolah', 1]],
    keywords: ['kartu anak', 'identitas anak'],
    fee: 0,
    days: 1,
    channel: 'both',
    requirements: [KK, ['Akta kelahiran anak', 'The child’s birth certificate'], ['Pas foto anak berwarna 2x3 (untuk usia 5 tahun ke atas)', 'Colour photo 2x3 (children aged 5 and over)']],
    procedure: [['KIA dicetak dan diserahkan kepada orang tua', 'The KIA is printed and handed to the parent']],
    product: ['Kartu Identitas Anak', 'Child identity card'],
    legal: ['Permendagri 2/2016 tentang Kartu Identitas Anak'],
  },
  {
    code: 'akta-perkawinan',
    name: ['Pencatatan perkawinan (non-Muslim)', 'Marriage registration (non-Muslim)'],
    summary: ['Pencatatan perkawinan bagi pasangan non-Muslim dan penerbitan akta perkawinan.', 'Registration of the marriage of non-Muslim couples and issue of the marriage certificate.'],
    category: 'kependudukan',
    lifeEvents: [['menikah', 1]],
    keywords: ['nikah', 'pernikahan', 'kawin', 'gereja', 'pura', 'vihara'],
    fee: 0,
    days: 1,
    channel: 'counter',
    requirements: [
      ['Surat perkawinan dari pemuka agama', 'Marriage letter from the religious leader'],
      ['KTP-el dan KK kedua mempelai', 'KTP-el and KK of both spouses'],
      ['Pas foto berdampingan 4x6', 'Joint photo 4x6'],
      ['KTP-el dua orang saksi', 'KTP-el of two witnesses'],
    ],
    procedure: [
      ['Petugas memverifikasi dokumen', 'Staff verify the documents'],
      ['Perkawinan dicatat dan akta perkawinan diterbitkan', 'The marriage is registered and the certificate issued'],
    ],
    product: ['Kutipan Akta Perkawinan', 'Marriage certificate'],
    legal: ['UU 1/1974 tentang Perkawinan', 'UU 24/2013 tentang Administrasi Kependudukan'],
  },
];

const dpmptspKota: DemoService[] = [
  {
    code: 'nib',
    name: ['Pendampingan NIB dan perizinan berusaha (OSS)', 'Business identification number (NIB) and licensing assistance (OSS)'],
    summary: ['Bantuan mendaftar NIB di OSS berbasis risiko untuk usaha mikro dan kecil.', 'Help registering an NIB in the risk-based OSS for micro and small businesses.'],
    category: 'perizinan_usaha',
    lifeEvents: [['memulai_usaha', 1]],
    keywords: ['izin usaha', 'daftar usaha', 'umkm', 'oss rba', 'buka usaha'],
    fee: 0,
    days: 1,
    channel: 'both',
    requirements: [KTP, ['Alamat e-mail dan nomor telepon aktif', 'An active e-mail address and phone number'], ['Data kegiatan usaha (KBLI, lokasi, modal)', 'Business data (KBLI code, location, capital)']],
    procedure: [
      ['Petugas membantu membuat akun dan mengisi data usaha di OSS', 'Staff help create the account and enter the business data in OSS'],
      ['NIB terbit dari OSS; untuk risiko menengah/tinggi dilanjutkan ke sertifikat standar atau izin', 'OSS issues the NIB; medium/high-risk activities continue to a standard certificate or permit'],
    ],
    product: ['Nomor Induk Berusaha (NIB)', 'Business identification number (NIB)'],
    legal: ['UU 6/2023 tentang Cipta Kerja', 'PP 28/2025 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko'],
  },
  {
    code: 'pbg',
    name: ['Persetujuan Bangunan Gedung (PBG)', 'Building approval (PBG, formerly IMB)'],
    summary: ['Persetujuan untuk membangun baru, mengubah atau merawat bangunan gedung (pengganti IMB).', 'Approval to build, alter or maintain a building (replaces the IMB).'],
    category: 'bangunan',
    lifeEvents: [['membangun_rumah', 1]],
    keywords: ['imb', 'izin bangun rumah', 'simbg', 'renovasi'],
    fee: 0,
    feeNote: ['Retribusi PBG dihitung menurut luas, indeks dan fungsi bangunan sesuai Perda Kota Makassar tentang Pajak Daerah dan Retribusi Daerah; tagihan diterbitkan setelah penilaian teknis.', 'The PBG fee is computed from the floor area, index and use of the building under the Makassar regional tax and fee regulation; the invoice is issued after the technical assessment.'],
    days: 28,
    channel: 'both',
    requirements: [KTP, ['Bukti kepemilikan tanah (sertifikat)', 'Proof of land ownership (title certificate)'], ['Gambar rencana arsitektur, struktur dan utilitas', 'Architectural, structural and utility drawings'], ['Keterangan Rencana Kota (KRK)', 'City plan statement (KRK)']],
    procedure: [
      ['Permohonan didaftarkan di SIMBG', 'The application is registered in SIMBG'],
      ['Konsultasi dan penilaian teknis oleh Tim Profesi Ahli', 'Technical consultation and assessment by the expert panel'],
      ['Pembayaran retribusi', 'The fee is paid'],
      ['PBG diterbitkan', 'The PBG is issued'],
    ],
    product: ['Persetujuan Bangunan Gedung (PBG)', 'Building approval (PBG)'],
    legal: ['UU 28/2002 tentang Bangunan Gedung', 'PP 16/2021 tentang Peraturan Pelaksanaan UU 28/2002'],
  },
  {
    code: 'slf',
    name: ['Sertifikat Laik Fungsi (SLF)', 'Certificate of occupancy (SLF)'],
    summary: ['Sertifikat bahwa bangunan gedung laik dipakai sesuai fungsinya.', 'Certificate that a building is fit for its intended use.'],
    category: 'bangunan',
    lifeEvents: [['membangun_rumah', 2]],
    keywords: ['laik fungsi', 'sertifikat bangunan'],
    fee: 0,
    days: 14,
    channel: 'both',
    requirements: [['PBG bangunan', 'The building’s PBG'], ['Surat pernyataan kelaikan fungsi dari pengkaji teknis', 'Fitness statement from a technical assessor'], ['Gambar terbangun (as built drawing)', 'As-built drawings']],
    procedure: [
      ['Pemeriksaan dokumen dan lapangan', 'Document and site inspection'],
      ['SLF diterbitkan melalui SIMBG', 'The SLF is issued through SIMBG'],
    ],
    product: ['Sertifikat Laik Fungsi', 'Certificate of occupancy'],
    legal: ['PP 16/2021 tentang Peraturan Pelaksanaan UU 28/2002 tentang Bangunan Gedung'],
  },
  {
    code: 'izin-reklame',
    name: ['Izin penyelenggaraan reklame', 'Advertising (billboard) permit'],
    summary: ['Izin memasang reklame tetap atau insidental seperti papan nama, baliho dan spanduk.', 'Permit for permanent or temporary advertising such as signs, billboards and banners.'],
    category: 'perizinan_usaha',
    lifeEvents: [['memulai_usaha', 3]],
    keywords: ['spanduk', 'papan nama', 'neon box', 'pajak reklame'],
    fee: 0,
    feeNote: ['Izin tidak dipungut biaya; pajak reklame dihitung menurut ukuran, lokasi dan masa tayang.', 'The permit is free; advertising tax depends on size, location and duration.'],
    days: 5,
    channel: 'both',
    requirements: [KTP, NIB, ['Desain dan ukuran reklame', 'Design and size of the advertisement'], ['Foto lokasi dan titik koordinat', 'Photo of the site and its coordinates'], ['Izin pemilik lahan/bangunan', 'Consent of the land/building owner']],
    procedure: [
      ['Verifikasi berkas dan survei lokasi', 'File check and site survey'],
      ['Penetapan pajak reklame oleh Bapenda', 'The advertising tax is assessed by the revenue agency'],
      ['Izin diterbitkan setelah pajak dibayar', 'The permit is issued once the tax is paid'],
    ],
    product: ['Izin Penyelenggaraan Reklame', 'Advertising permit'],
    legal: ['UU 1/2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan Daerah'],
  },
  {
    code: 'izin-usaha-mikro',
    name: ['Izin Usaha Mikro dan Kecil (IUMK) dan sertifikat standar', 'Micro and small business permit and standard certificate'],
    summary: ['Sertifikat standar untuk usaha mikro dan kecil berisiko menengah rendah (pernyataan mandiri).', 'Standard certificate for micro and small businesses of medium-low risk (self-declaration).'],
    category: 'perizinan_usaha',
    lifeEvents: [['memulai_usaha', 2]],
    keywords: ['iumk', 'umkm', 'warung', 'usaha rumahan', 'sertifikat standar'],
    fee: 0,
    days: 3,
    channel: 'online',
    requirements: [NIB, ['Pernyataan mandiri pemenuhan standar usaha', 'Self-declaration of meeting the business standard']],
    procedure: [
      ['Pemohon mengisi pernyataan mandiri di OSS', 'The applicant fills in the self-declaration in OSS'],
      ['Sertifikat standar terbit otomatis', 'The standard certificate is issued automatically'],
    ],
    product: ['Sertifikat Standar', 'Standard certificate'],
    legal: ['PP 28/2025 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko', 'PP 7/2021 tentang Kemudahan, Pelindungan, dan Pemberdayaan Koperasi dan UMKM'],
  },
];

const dinkesKota: DemoService[] = [
  {
    code: 'surat-keterangan-sehat',
    name: ['Surat keterangan sehat', 'Health certificate'],
    summary: ['Pemeriksaan kesehatan umum dan surat keterangan sehat untuk melamar kerja, sekolah atau keperluan lain.', 'General health check and a health certificate for a job, school or other purposes.'],
    category: 'kesehatan',
    lifeEvents: [['sekolah', 3]],
    keywords: ['surat dokter', 'cek kesehatan', 'melamar kerja', 'puskesmas'],
    fee: 25000,
    days: 1,
    channel: 'counter',
    assurance: 'unverified',
    requirements: [KTP, ['Pas foto 3x4 (2 lembar)', 'Two photos 3x4']],
    procedure: [
      ['Pemeriksaan tanda vital, tinggi dan berat badan, dan visus oleh dokter', 'The doctor checks vital signs, height, weight and eyesight'],
      ['Surat keterangan sehat diterbitkan hari itu juga', 'The certificate is issued the same day'],
    ],
    product: ['Surat Keterangan Sehat', 'Health certificate'],
    legal: ['UU 17/2023 tentang Kesehatan', 'Perda Kota Makassar tentang Pajak Daerah dan Retribusi Daerah'],
  },
  {
    code: 'izin-praktik',
    name: ['Surat Izin Praktik (SIP) tenaga medis dan tenaga kesehatan', 'Practice licence (SIP) for doctors and health workers'],
    summary: ['SIP dokter, dokter gigi, bidan, perawat, apoteker dan tenaga kesehatan lain.', 'Practice licence for doctors, dentists, midwives, nurses, pharmacists and other health workers.'],
    category: 'kesehatan',
    keywords: ['sip dokter', 'sip bidan', 'sip perawat', 'str', 'izin praktek dokter'],
    fee: 0,
    days: 5,
    channel: 'online',
    requirements: [KTP, ['Surat Tanda Registrasi (STR) yang berlaku', 'A valid registration certificate (STR)'], ['Surat keterangan dari fasilitas pelayanan kesehatan tempat praktik', 'A letter from the health facility where the applicant will practise'], ['Pas foto 4x6', 'Photo 4x6']],
    procedure: [
      ['Verifikasi dokumen dan kunjungan tempat praktik bila perlu', 'Document check and a visit to the practice if needed'],
      ['SIP diterbitkan dengan tanda tangan elektronik', 'The SIP is issued with an electronic signature'],
    ],
    product: ['Surat Izin Praktik (SIP)', 'Practice licence (SIP)'],
    legal: ['UU 17/2023 tentang Kesehatan', 'PP 28/2024 tentang Peraturan Pelaksanaan UU 17/2023'],
  },
  {
    code: 'laik-higiene',
    name: ['Sertifikat Laik Higiene Sanitasi (SLHS)', 'Food hygiene and sanitation certificate (SLHS)'],
    summary: ['Sertifikat higiene sanitasi bagi rumah makan, jasa boga dan depot air minum.', 'Hygiene certificate for restaurants, caterers and drinking-water depots.'],
    category: 'kesehatan',
    lifeEvents: [['memulai_usaha', 4]],
    keywords: ['slhs', 'rumah makan', 'katering', 'depot air', 'higiene'],
    fee: 150000,
    days: 10,
    channel: 'both',
    requirements: [NIB, ['Sertifikat kursus penjamah makanan', 'Food-handler course certificate'], ['Hasil uji laboratorium sampel makanan/air', 'Laboratory results for food/water samples']],
    procedure: [
      ['Inspeksi kesehatan lingkungan oleh sanitarian', 'Environmental health inspection by a sanitarian'],
      ['Pengambilan dan uji sampel', 'Samples are taken and tested'],
      ['SLHS diterbitkan', 'The SLHS is issued'],
    ],
    product: ['Sertifikat Laik Higiene Sanitasi', 'Hygiene and sanitation certificate'],
    legal: ['Permenkes 14/2021 tentang Standar Kegiatan Usaha dan Produk pada Penyelenggaraan Perizinan Berusaha Berbasis Risiko Sektor Kesehatan'],
  },
  {
    code: 'jkn-pbi',
    name: ['Pendaftaran BPJS Kesehatan PBI (iuran dibayar pemerintah daerah)', 'BPJS health insurance paid by the city (PBI)'],
    summary: ['Pendaftaran warga kurang mampu sebagai peserta JKN yang iurannya dibayar Pemerintah Kota.', 'Enrolment of low-income residents in JKN with contributions paid by the city.'],
    category: 'kesehatan',
    lifeEvents: [['sakit', 1], ['kesulitan_ekonomi', 2]],
    keywords: ['bpjs gratis', 'kis', 'jkn', 'asuransi kesehatan', 'berobat gratis'],
    fee: 0,
    days: 14,
    channel: 'both',
    requirements: [KTP, KK, ['Terdaftar di DTKS atau surat rekomendasi Dinas Sosial', 'Listed in DTKS or a recommendation from the social affairs office']],
    procedure: [
      ['Verifikasi kelayakan terhadap DTKS', 'Eligibility is checked against DTKS'],
      ['Data diusulkan ke BPJS Kesehatan', 'The data are proposed to BPJS Kesehatan'],
      ['Kartu peserta aktif dan dapat dilihat di aplikasi Mobile JKN', 'Membership becomes active and visible in the Mobile JKN app'],
    ],
    product: ['Kepesertaan JKN-KIS segmen PBI APBD', 'JKN-KIS membership (city-paid segment)'],
    legal: ['Perpres 82/2018 tentang Jaminan Kesehatan', 'UU 40/2004 tentang Sistem Jaminan Sosial Nasional'],
  },
];

const disdikKota: DemoService[] = [
  {
    code: 'ppdb',
    name: ['Penerimaan murid baru SD dan SMP (PPDB/SPMB)', 'Primary and junior secondary school admissions (PPDB)'],
    summary: ['Pendaftaran siswa baru SD dan SMP negeri melalui jalur domisili, afirmasi, mutasi dan prestasi.', 'Admission to public primary and junior secondary schools by address, affirmative, transfer and merit tracks.'],
    category: 'pendidikan',
    lifeEvents: [['sekolah', 2]],
    keywords: ['daftar sd', 'daftar smp', 'zonasi', 'sekolah negeri', 'jalur domisili'],
    fee: 0,
    days: 20,
    channel: 'online',
    assurance: 'registry',
    requirements: [KK, ['Akta kelahiran calon murid', 'The pupil’s birth certificate'], ['Rapor atau ijazah terakhir (untuk SMP)', 'Latest report or diploma (for junior secondary)'], ['Bukti keikutsertaan program bantuan (jalur afirmasi)', 'Proof of a social assistance programme (affirmative track)']],
    procedure: [
      ['Pendaftaran dan verifikasi data secara daring', 'Online registration and data verification'],
      ['Seleksi sesuai jalur dan pengumuman', 'Selection by track and announcement'],
      ['Daftar ulang di sekolah', 'Re-registration at the school'],
    ],
    product: ['Keputusan penerimaan sebagai murid baru', 'Admission decision'],
    legal: ['Permendikdasmen 3/2025 tentang Sistem Penerimaan Murid Baru'],
  },
  {
    code: 'legalisir-ijazah',
    name: ['Legalisir ijazah SD dan SMP', 'Certified copy of primary and junior secondary diplomas'],
    summary: ['Pengesahan fotokopi ijazah atau surat keterangan pengganti ijazah SD/SMP.', 'Certification of copies of primary/junior secondary diplomas.'],
    category: 'pendidikan',
    keywords: ['legalisasi', 'cap ijazah', 'sttb'],
    fee: 0,
    days: 1,
    channel: 'both',
    assurance: 'unverified',
    requirements: [['Ijazah asli', 'The original diploma'], ['Fotokopi ijazah yang akan dilegalisir', 'The copies to be certified']],
    procedure: [
      ['Petugas mencocokkan fotokopi dengan ijazah asli', 'Staff compare the copies with the original'],
      ['Fotokopi dicap dan ditandatangani', 'The copies are stamped and signed'],
    ],
    product: ['Fotokopi ijazah yang dilegalisir', 'Certified copies of the diploma'],
    legal: ['Permendikbudristek 50/2022 tentang Penetapan Keaslian Ijazah'],
  },
  {
    code: 'mutasi-siswa',
    name: ['Surat rekomendasi pindah sekolah (mutasi siswa)', 'Recommendation for a school transfer'],
    summary: ['Rekomendasi pindah sekolah SD/SMP antar-kota atau antar-sekolah.', 'Recommendation for moving a pupil between primary/junior secondary schools.'],
    category: 'pendidikan',
    lifeEvents: [['pindah_domisili', 4]],
    keywords: ['pindah sekolah', 'transfer sekolah'],
    fee: 0,
    days: 3,
    channel: 'both',
    requirements: [['Surat keterangan pindah dari sekolah asal', 'Transfer letter from the current school'], ['Surat keterangan diterima dari sekolah tujuan', 'Acceptance letter from the new school'], KK],
    procedure: [['Verifikasi berkas dan penerbitan rekomendasi', 'File check and issue of the recommendation']],
    product: ['Surat rekomendasi mutasi siswa', 'School transfer recommendation'],
    legal: ['UU 20/2003 tentang Sistem Pendidikan Nasional'],
  },
];

const dinsosKota: DemoService[] = [
  {
    code: 'dtks',
    name: ['Pendaftaran DTKS (data penerima bantuan sosial)', 'Registration in the social welfare registry (DTKS)'],
    summary: ['Usulan masuk Data Terpadu Kesejahteraan Sosial agar dapat menerima bansos dan PBI JKN.', 'Proposal to enter the integrated social welfare data so as to receive social assistance and PBI JKN.'],
    category: 'sosial',
    lifeEvents: [['kesulitan_ekonomi', 1]],
    keywords: ['bansos', 'bantuan', 'keluarga miskin', 'dtsen', 'sembako', 'pkh', 'blt'],
    fee: 0,
    days: 30,
    channel: 'both',
    requirements: [KTP, KK, ['Foto rumah tampak depan dan dalam', 'Photos of the front and inside of the house']],
    procedure: [
      ['Musyawarah kelurahan dan verifikasi lapangan', 'Village deliberation and field verification'],
      ['Usulan diunggah ke SIKS-NG dan ditetapkan Kementerian Sosial', 'The proposal is uploaded to SIKS-NG and decided by the Ministry of Social Affairs'],
    ],
    product: ['Status terdaftar di DTKS', 'Registered status in DTKS'],
    legal: ['UU 13/2011 tentang Penanganan Fakir Miskin', 'Permensos 3/2021 tentang Pengelolaan Data Terpadu Kesejahteraan Sosial'],
  },
  {
    code: 'sktm',
    name: ['Surat keterangan tidak mampu (SKTM)', 'Certificate of low income (SKTM)'],
    summary: ['Surat keterangan bagi warga kurang mampu untuk keringanan biaya sekolah atau rumah sakit.', 'Certificate for low-income residents to obtain school or hospital fee relief.'],
    category: 'sosial',
    lifeEvents: [['kesulitan_ekonomi', 3], ['sakit', 2]],
    keywords: ['miskin', 'keringanan biaya', 'tidak mampu'],
    fee: 0,
    days: 2,
    channel: 'both',
    requirements: [KTP, KK, ['Surat pengantar kelurahan', 'Letter from the village office']],
    procedure: [['Verifikasi terhadap DTKS dan penerbitan surat', 'Check against DTKS and issue of the letter']],
    product: ['Surat Keterangan Tidak Mampu', 'Certificate of low income'],
    legal: ['UU 13/2011 tentang Penanganan Fakir Miskin'],
  },
  {
    code: 'bantuan-bencana',
    name: ['Bantuan sosial korban bencana', 'Social assistance for disaster victims'],
    summary: ['Bantuan logistik dan santunan bagi korban kebakaran, banjir dan bencana lain.', 'Supplies and compensation for victims of fire, flood and other disasters.'],
    category: 'sosial',
    keywords: ['kebakaran', 'banjir', 'korban bencana', 'santunan'],
    fee: 0,
    days: 3,
    channel: 'counter',
    assurance: 'unverified',
    requirements: [KK, ['Surat keterangan kejadian dari kelurahan atau pemadam kebakaran', 'Incident statement from the village office or fire brigade']],
    procedure: [['Asesmen lapangan', 'Field assessment'], ['Penyaluran bantuan', 'Assistance is delivered']],
    product: ['Bantuan logistik dan/atau santunan', 'Supplies and/or compensation'],
    legal: ['UU 24/2007 tentang Penanggulangan Bencana', 'Permensos 4/2015'],
  },
];

const dishubKota: DemoService[] = [
  {
    code: 'uji-kir',
    name: ['Pengujian berkala kendaraan bermotor (uji KIR)', 'Periodic roadworthiness test (KIR)'],
    summary: ['Uji berkala mobil barang, angkutan umum dan kendaraan khusus setiap 6 bulan.', 'Six-monthly roadworthiness test for goods vehicles, public transport and special vehicles.'],
    category: 'perhubungan',
    lifeEvents: [['memiliki_kendaraan', 1]],
    keywords: ['kir', 'blue', 'kartu uji', 'uji emisi', 'pick up', 'truk'],
    fee: 87000,
    days: 1,
    channel: 'counter',
    requirements: [['STNK asli dan fotokopi', 'Vehicle registration (STNK), original and copy'], ['Kartu uji/BLUe sebelumnya (uji ulang)', 'Previous test card/BLUe (re-test)'], KTP],
    procedure: [
      ['Pemeriksaan emisi, rem, lampu, kincup roda dan dimensi', 'Emissions, brakes, lights, wheel alignment and dimensions are tested'],
      ['Kartu uji elektronik (BLUe) diterbitkan', 'The electronic test card (BLUe) is issued'],
    ],
    product: ['Kartu uji berkala elektronik (BLUe) dan tanda uji', 'Electronic test card (BLUe) and test mark'],
    legal: ['UU 22/2009 tentang Lalu Lintas dan Angkutan Jalan', 'Permenhub PM 19/2021 tentang Pengujian Berkala Kendaraan Bermotor'],
  },
  {
    code: 'izin-trayek',
    name: ['Izin trayek angkutan kota (pete-pete)', 'City public transport route permit'],
    summary: ['Izin penyelenggaraan angkutan orang dalam trayek di dalam kota.', 'Permit to run public passenger transport on a city route.'],
    category: 'perhubungan',
    lifeEvents: [['memiliki_kendaraan', 2]],
    keywords: ['angkot', 'pete pete', 'angkutan umum', 'trayek'],
    fee: 0,
    days: 10,
    channel: 'both',
    requirements: [NIB, ['STNK dan bukti lulus uji KIR', 'STNK and a passed KIR test'], ['Surat pernyataan kesanggupan memenuhi standar pelayanan minimal angkutan', 'Statement of meeting the minimum transport service standard']],
    procedure: [['Verifikasi berkas dan kuota trayek', 'File and route quota check'], ['Izin dan kartu pengawasan diterbitkan', 'The permit and supervision card are issued']],
    product: ['Izin trayek dan kartu pengawasan', 'Route permit and supervision card'],
    legal: ['UU 22/2009 tentang Lalu Lintas dan Angkutan Jalan', 'Permenhub PM 15/2019 tentang Penyelenggaraan Angkutan Orang dengan Kendaraan Bermotor Umum dalam Trayek'],
  },
  {
    code: 'izin-parkir',
    name: ['Izin penyelenggaraan parkir', 'Parking operation permit'],
    summary: ['Izin bagi usaha yang menyelenggarakan tempat parkir di luar badan jalan.', 'Permit for businesses operating off-street parking.'],
    category: 'perhubungan',
    keywords: ['parkir', 'lahan parkir'],
    fee: 0,
    days: 7,
    channel: 'both',
    requirements: [NIB, ['Denah lokasi parkir', 'Site plan of the parking area'], ['Bukti penguasaan lahan', 'Proof of use of the land']],
    procedure: [['Survei lokasi', 'Site survey'], ['Izin diterbitkan', 'The permit is issued']],
    product: ['Izin penyelenggaraan parkir', 'Parking operation permit'],
    legal: ['UU 22/2009 tentang Lalu Lintas dan Angkutan Jalan'],
  },
];

const ppid = (tenantName: string): DemoService => ({
  code: 'permohonan-informasi',
  name: ['Permohonan informasi publik (PPID)', 'Public information request (PPID)'],
  summary: [`Permohonan salinan informasi publik yang dikuasai ${tenantName}.`, `Request for public information held by ${tenantName}.`],
  category: 'informasi',
  keywords: ['keterbukaan informasi', 'minta data', 'dokumen publik'],
  fee: 0,
  feeNote: ['Informasi gratis; hanya biaya penggandaan atau pengiriman yang dapat dibebankan.', 'Information is free; only copying or delivery costs may be charged.'],
  days: 10,
  channel: 'both',
  assurance: 'unverified',
  requirements: [KTP, ['Rincian informasi yang diminta dan tujuan penggunaannya', 'Details of the information requested and its purpose']],
  procedure: [
    ['PPID mencatat permohonan dan memberi nomor registrasi', 'The PPID records the request and gives a registration number'],
    ['PPID menjawab tertulis; dapat diperpanjang sekali paling lama 7 hari kerja', 'The PPID answers in writing; one extension of at most 7 working days'],
  ],
  product: ['Jawaban tertulis dan salinan informasi', 'Written answer and a copy of the information'],
  legal: ['UU 14/2008 tentang Keterbukaan Informasi Publik', 'Perki 1/2021 tentang Standar Layanan Informasi Publik'],
});

// ---------------------------------------------------------------------------------------------------
// Jawa Tengah (province)

const MPP_JATENG = {
  name: 'Mal Pelayanan Publik Provinsi Jawa Tengah (Gedung DPMPTSP)',
  address: 'Jl. Mgr. Soegijopranoto No. 1, Semarang',
  hours: 'Senin–Kamis 07.30–15.30, Jumat 07.30–11.00 WIB',
};
const SAMSAT = {
  name: 'Kantor Bersama Samsat Semarang I',
  address: 'Jl. Arteri Soekarno-Hatta No. 1, Semarang',
  hours: 'Senin–Jumat 08.00–15.00, Sabtu 08.00–12.00 WIB',
};

const bapenda: DemoService[] = [
  {
    code: 'pkb-tahunan',
    name: ['Pembayaran pajak kendaraan bermotor (PKB) tahunan', 'Annual motor vehicle tax (PKB) payment'],
    summary: ['Pengesahan STNK tahunan dan pembayaran PKB serta SWDKLLJ.', 'Annual STNK endorsement and payment of the vehicle tax and road accident levy.'],
    category: 'pajak_retribusi',
    lifeEvents: [['memiliki_kendaraan', 3]],
    keywords: ['pajak motor', 'pajak mobil', 'stnk', 'samsat online', 'sakpole', 'e samsat'],
    fee: 0,
    feeNote: ['Besaran PKB sesuai nilai jual kendaraan dan tarif Perda Provinsi Jawa Tengah; dibayar lewat bank, QRIS atau gerai Samsat.', 'The tax depends on the vehicle’s sale value and the provincial rate; paid through a bank, QRIS or a Samsat outlet.'],
    days: 1,
    channel: 'both',
    requirements: [['KTP-el sesuai nama di STNK', 'KTP-el matching the STNK name'], ['STNK asli', 'The original STNK']],
    procedure: [
      ['Penetapan pajak dan pembayaran', 'The tax is assessed and paid'],
      ['Pengesahan STNK (daring: e-pengesahan)', 'The STNK is endorsed (online: e-endorsement)'],
    ],
    product: ['STNK yang disahkan dan bukti bayar PKB', 'Endorsed STNK and tax receipt'],
    legal: ['UU 1/2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan Daerah', 'Perpres 5/2015 tentang Penyelenggaraan Sistem Administrasi Manunggal Satu Atap'],
  },
  {
    code: 'bbnkb',
    name: ['Bea balik nama kendaraan bermotor (BBNKB)', 'Vehicle transfer of ownership duty (BBNKB)'],
    summary: ['Balik nama kendaraan bekas dan mutasi kendaraan dari luar provinsi.', 'Transfer of a used vehicle to a new owner and vehicles moved in from another province.'],
    category: 'pajak_retribusi',
    lifeEvents: [['memiliki_kendaraan', 4]],
    keywords: ['balik nama motor', 'mutasi kendaraan', 'beli motor bekas'],
    fee: 0,
    feeNote: ['BBNKB kedua dan seterusnya dibebaskan sesuai kebijakan Pemerintah Provinsi; biaya penerbitan STNK dan TNKB menurut PP PNBP Polri.', 'Second and later transfer duty is waived by provincial policy; STNK and plate fees follow the national police fee regulation.'],
    days: 3,
    channel: 'counter',
    assurance: 'in_person',
    requirements: [['KTP-el pemilik baru', 'New owner’s KTP-el'], ['BPKB dan STNK asli', 'Original ownership book (BPKB) and STNK'], ['Kuitansi jual beli', 'Sale receipt'], ['Hasil cek fisik kendaraan', 'Vehicle physical check result']],
    procedure: [['Cek fisik kendaraan', 'Physical vehicle check'], ['Penetapan dan pembayaran', 'Assessment and payment'], ['STNK dan TNKB baru diterbitkan', 'New STNK and plates are issued']],
    product: ['STNK atas nama pemilik baru', 'STNK in the new owner’s name'],
    legal: ['UU 1/2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan Daerah'],
  },
  {
    code: 'keringanan-pajak',
    name: ['Keringanan dan penghapusan sanksi pajak daerah', 'Relief from regional tax penalties'],
    summary: ['Permohonan pengurangan atau penghapusan denda pajak kendaraan.', 'Request to reduce or waive vehicle tax penalties.'],
    category: 'pajak_retribusi',
    keywords: ['denda pajak', 'pemutihan', 'keringanan'],
    fee: 0,
    days: 10,
    channel: 'both',
    requirements: [KTP, ['STNK', 'STNK'], ['Surat permohonan dengan alasan', 'Request letter stating the reason']],
    procedure: [['Penelitian permohonan', 'The request is examined'], ['Keputusan keringanan diterbitkan', 'The relief decision is issued']],
    product: ['Surat keputusan keringanan sanksi', 'Penalty relief decision'],
    legal: ['UU 1/2022 tentang Hubungan Keuangan antara Pemerintah Pusat dan Pemerintahan Daerah'],
  },
];

const dpmptspProv: DemoService[] = [
  {
    code: 'nib',
    name: ['Pendampingan NIB dan perizinan berusaha (OSS)', 'Business identification number (NIB) and licensing assistance (OSS)'],
    summary: ['Layanan bantuan OSS untuk kegiatan usaha kewenangan provinsi.', 'OSS help desk for business activities under provincial authority.'],
    category: 'perizinan_usaha',
    lifeEvents: [['memulai_usaha', 1]],
    keywords: ['izin usaha', 'oss rba', 'investasi', 'penanaman modal'],
    fee: 0,
    days: 1,
    channel: 'both',
    requirements: [KTP, ['Akta pendirian dan SK pengesahan badan usaha (bagi badan usaha)', 'Deed of establishment and its approval (for companies)'], ['Data kegiatan usaha (KBLI, lokasi, modal)', 'Business data (KBLI, location, capital)']],
    procedure: [['Konsultasi dan pengisian data di OSS', 'Consultation and data entry in OSS'], ['NIB terbit dari OSS', 'OSS issues the NIB']],
    product: ['Nomor Induk Berusaha (NIB)', 'Business identification number (NIB)'],
    legal: ['UU 6/2023 tentang Cipta Kerja', 'PP 28/2025 tentang Penyelenggaraan Perizinan Berusaha Berbasis Risiko'],
  },
  {
    code: 'izin-reklame-provinsi',
    name: ['Rekomendasi reklame di jalan provinsi', 'Advertising permit recommendation on provincial roads'],
    summary: ['Rekomendasi pemasangan reklame di ruang milik jalan provinsi.', 'Recommendation to place advertising within provincial road reserves.'],
    category: 'perizinan_usaha',
    keywords: ['baliho', 'billboard', 'spanduk jalan'],
    fee: 0,
    days: 7,
    channel: 'both',
    requirements: [NIB, ['Gambar konstruksi dan ukuran reklame', 'Construction drawing and size'], ['Titik koordinat lokasi', 'Site coordinates']],
    procedure: [['Survei lokasi bersama Dinas Pekerjaan Umum', 'Site survey with the public works office'], ['Rekomendasi diterbitkan', 'The recommendation is issued']],
    product: ['Rekomendasi pemanfaatan ruang milik jalan untuk reklame', 'Road-reserve use recommendation for advertising'],
    legal: ['PP 34/2006 tentang Jalan'],
  },
  {
    code: 'izin-lingkungan',
    name: ['Persetujuan lingkungan (UKL-UPL) kewenangan provinsi', 'Environmental approval (UKL-UPL) under provincial authority'],
    summary: ['Pemeriksaan UKL-UPL dan penerbitan persetujuan lingkungan untuk usaha lintas kabupaten/kota.', 'Review of the environmental management plan and approval for businesses across regencies/cities.'],
    category: 'perizinan_usaha',
    lifeEvents: [['memulai_usaha', 3]],
    keywords: ['amdal', 'ukl upl', 'amdalnet', 'lingkungan hidup'],
    fee: 0,
    days: 20,
    channel: 'online',
    requirements: [NIB, ['Dokumen UKL-UPL melalui Amdalnet', 'UKL-UPL documents through Amdalnet'], ['Kesesuaian Kegiatan Pemanfaatan Ruang (KKPR)', 'Spatial use conformity (KKPR)']],
    procedure: [['Pemeriksaan formulir UKL-UPL', 'The UKL-UPL form is reviewed'], ['Persetujuan lingkungan diterbitkan', 'The environmental approval is issued']],
    product: ['Persetujuan Pernyataan Kesanggupan Pengelolaan Lingkungan Hidup (PKPLH)', 'Environmental management approval (PKPLH)'],
    legal: ['PP 22/2021 tentang Penyelenggaraan Perlindungan dan Pengelolaan Lingkungan Hidup'],
  },
];

const dinkesProv: DemoService[] = [
  {
    code: 'izin-rumah-sakit',
    name: ['Izin operasional rumah sakit kelas B', 'Operating licence for class B hospitals'],
    summary: ['Izin operasional dan perpanjangan bagi rumah sakit umum kelas B.', 'Operating licence and renewal for class B general hospitals.'],
    category: 'kesehatan',
    keywords: ['rumah sakit', 'rs', 'izin operasional'],
    fee: 0,
    days: 30,
    channel: 'online',
    requirements: [NIB, ['Profil rumah sakit dan self-assessment', 'Hospital profile and self-assessment'], ['Bukti akreditasi (perpanjangan)', 'Accreditation evidence (renewal)']],
    procedure: [['Visitasi tim penilai', 'Visit by the assessment team'], ['Izin diterbitkan melalui OSS', 'The licence is issued through OSS']],
    product: ['Izin operasional rumah sakit', 'Hospital operating licence'],
    legal: ['UU 17/2023 tentang Kesehatan', 'PP 28/2024'],
  },
  {
    code: 'rujukan-jamkesda',
    name: ['Jaminan kesehatan daerah untuk rujukan ke RSUD provinsi', 'Regional health cover for referrals to provincial hospitals'],
    summary: ['Penjaminan biaya rawat bagi warga miskin yang belum terdaftar BPJS.', 'Cover of treatment costs for poor residents not yet enrolled in BPJS.'],
    category: 'kesehatan',
    lifeEvents: [['sakit', 1]],
    keywords: ['jamkesda', 'berobat gratis', 'rawat inap', 'bpjs'],
    fee: 0,
    days: 2,
    channel: 'counter',
    requirements: [KTP, KK, ['Surat rujukan dari fasilitas kesehatan', 'Referral letter from a health facility'], ['SKTM atau bukti terdaftar DTKS', 'SKTM or proof of DTKS registration']],
    procedure: [['Verifikasi kelayakan', 'Eligibility check'], ['Surat jaminan diterbitkan untuk rumah sakit', 'A guarantee letter is issued to the hospital']],
    product: ['Surat jaminan pembiayaan kesehatan', 'Health cost guarantee letter'],
    legal: ['UU 17/2023 tentang Kesehatan'],
  },
];

const disdikProv: DemoService[] = [
  {
    code: 'ppdb',
    name: ['Penerimaan murid baru SMA, SMK dan SLB (PPDB/SPMB)', 'Senior secondary, vocational and special school admissions (PPDB)'],
    summary: ['Pendaftaran siswa baru SMA, SMK dan SLB negeri di Jawa Tengah.', 'Admission to public senior secondary, vocational and special schools in Central Java.'],
    category: 'pendidikan',
    lifeEvents: [['sekolah', 2]],
    keywords: ['daftar sma', 'daftar smk', 'zonasi', 'sekolah negeri'],
    fee: 0,
    days: 20,
    channel: 'online',
    requirements: [KK, ['Ijazah/SKL SMP', 'Junior secondary diploma or statement'], ['Rapor semester 1–5', 'Reports for semesters 1–5'], ['Sertifikat prestasi (jalur prestasi)', 'Achievement certificates (merit track)']],
    procedure: [['Verifikasi data oleh sekolah', 'Data verification by the school'], ['Seleksi dan pengumuman', 'Selection and announcement'], ['Daftar ulang', 'Re-registration']],
    product: ['Keputusan penerimaan', 'Admission decision'],
    legal: ['Permendikdasmen 3/2025 tentang Sistem Penerimaan Murid Baru'],
  },
  {
    code: 'legalisir-ijazah',
    name: ['Legalisir ijazah SMA/SMK dari sekolah yang sudah tutup', 'Certified copy of senior secondary diplomas from closed schools'],
    summary: ['Legalisir ijazah SMA/SMK bila sekolah asal telah ditutup atau bergabung.', 'Certification of diploma copies when the school has closed or merged.'],
    category: 'pendidikan',
    keywords: ['legalisasi', 'ijazah sma', 'ijazah smk', 'sekolah tutup'],
    fee: 0,
    days: 2,
    channel: 'both',
    assurance: 'unverified',
    requirements: [['Ijazah asli', 'The original diploma'], ['Fotokopi ijazah', 'Copies of the diploma'], KTP],
    procedure: [['Pencocokan dengan arsip', 'Comparison with the archive'], ['Legalisir ditandatangani Kepala Cabang Dinas', 'Certified by the head of the branch office']],
    product: ['Fotokopi ijazah yang dilegalisir', 'Certified diploma copies'],
    legal: ['Permendikbudristek 50/2022 tentang Penetapan Keaslian Ijazah'],
  },
  {
    code: 'beasiswa',
    name: ['Bantuan biaya pendidikan siswa miskin SMA/SMK', 'Education grant for poor senior secondary pupils'],
    summary: ['Bantuan biaya pendidikan dari APBD provinsi bagi siswa keluarga miskin.', 'Provincial education grant for pupils from poor families.'],
    category: 'pendidikan',
    lifeEvents: [['kesulitan_ekonomi', 4]],
    keywords: ['beasiswa', 'bantuan sekolah', 'kip', 'siswa miskin'],
    fee: 0,
    days: 30,
    channel: 'online',
    requirements: [KK, ['Kartu pelajar', 'Student card'], ['Bukti terdaftar DTKS', 'Proof of DTKS registration']],
    procedure: [['Usulan sekolah', 'The school proposes'], ['Verifikasi dan penetapan penerima', 'Verification and decision on recipients'], ['Penyaluran ke rekening siswa', 'Payment to the pupil’s account']],
    product: ['Bantuan biaya pendidikan', 'Education grant'],
    legal: ['UU 20/2003 tentang Sistem Pendidikan Nasional'],
  },
];

const dinsosProv: DemoService[] = [
  {
    code: 'rehabilitasi-sosial',
    name: ['Layanan rehabilitasi sosial di balai provinsi', 'Social rehabilitation in provincial centres'],
    summary: ['Rehabilitasi sosial bagi lansia terlantar, anak, dan penyandang disabilitas di balai milik provinsi.', 'Social rehabilitation for neglected elderly people, children and people with disabilities in provincial centres.'],
    category: 'sosial',
    lifeEvents: [['kesulitan_ekonomi', 5]],
    keywords: ['panti', 'panti jompo', 'lansia', 'disabilitas', 'balai'],
    fee: 0,
    days: 14,
    channel: 'counter',
    requirements: [KTP, KK, ['Surat rujukan dinas sosial kabupaten/kota', 'Referral from the regency/city social office']],
    procedure: [['Asesmen oleh pekerja sosial', 'Assessment by a social worker'], ['Penempatan di balai', 'Placement in a centre']],
    product: ['Layanan rehabilitasi sosial', 'Social rehabilitation'],
    legal: ['UU 11/2009 tentang Kesejahteraan Sosial'],
  },
  {
    code: 'pengangkatan-anak',
    name: ['Rekomendasi pengangkatan anak', 'Adoption recommendation'],
    summary: ['Pertimbangan dan rekomendasi pengangkatan anak antar-WNI.', 'Review and recommendation for adoptions between Indonesian citizens.'],
    category: 'sosial',
    keywords: ['adopsi', 'angkat anak'],
    fee: 0,
    days: 30,
    channel: 'counter',
    assurance: 'in_person',
    requirements: [['KTP-el dan KK calon orang tua angkat', 'KTP-el and KK of the prospective parents'], ['Surat keterangan sehat dan SKCK', 'Health certificate and police certificate'], ['Laporan sosial dari pekerja sosial', 'Social report by a social worker']],
    procedure: [['Kunjungan rumah', 'Home visit'], ['Sidang tim pertimbangan', 'Review panel meeting'], ['Rekomendasi diterbitkan untuk pengadilan', 'A recommendation is issued for the court']],
    product: ['Surat rekomendasi pengangkatan anak', 'Adoption recommendation'],
    legal: ['PP 54/2007 tentang Pelaksanaan Pengangkatan Anak', 'Permensos 110/HUK/2009'],
  },
];

const dishubProv: DemoService[] = [
  {
    code: 'izin-trayek-akdp',
    name: ['Izin trayek angkutan antarkota dalam provinsi (AKDP)', 'Intercity route permit within the province (AKDP)'],
    summary: ['Izin penyelenggaraan angkutan bus antarkota dalam Provinsi Jawa Tengah.', 'Permit to run intercity bus services within Central Java.'],
    category: 'perhubungan',
    lifeEvents: [['memiliki_kendaraan', 2]],
    keywords: ['bus', 'akdp', 'po bus', 'angkutan antarkota'],
    fee: 0,
    days: 14,
    channel: 'online',
    requirements: [NIB, ['Bukti lulus uji KIR seluruh armada', 'Passed KIR tests for the whole fleet'], ['Kartu pengawasan lama (perpanjangan)', 'Previous supervision cards (renewal)']],
    procedure: [['Evaluasi kebutuhan trayek', 'Route demand evaluation'], ['Izin dan kartu pengawasan diterbitkan', 'Permit and supervision cards are issued']],
    product: ['Izin trayek AKDP', 'AKDP route permit'],
    legal: ['UU 22/2009 tentang Lalu Lintas dan Angkutan Jalan', 'Permenhub PM 15/2019'],
  },
  {
    code: 'dispensasi-jalan',
    name: ['Dispensasi penggunaan jalan provinsi', 'Dispensation to use provincial roads'],
    summary: ['Izin penggunaan jalan provinsi untuk kegiatan atau kendaraan dengan muatan khusus.', 'Permission to use provincial roads for events or abnormal loads.'],
    category: 'perhubungan',
    keywords: ['tutup jalan', 'muatan khusus', 'alat berat'],
    fee: 0,
    days: 5,
    channel: 'both',
    requirements: [KTP, ['Rencana kegiatan atau spesifikasi kendaraan', 'Event plan or vehicle specification'], ['Rekomendasi kepolisian', 'Police recommendation']],
    procedure: [['Kajian rekayasa lalu lintas', 'Traffic engineering review'], ['Dispensasi diterbitkan', 'The dispensation is issued']],
    product: ['Surat dispensasi penggunaan jalan', 'Road use dispensation'],
    legal: ['UU 22/2009 tentang Lalu Lintas dan Angkutan Jalan'],
  },
];

export interface DemoCatalogEntry {
  agencyCode: string;
  definition: ServiceDefinition;
}

function entries(
  agencyCode: string,
  prof: AgencyProfile,
  services: DemoService[],
  skPrefix: string,
  year: number,
): DemoCatalogEntry[] {
  return services.map((s, i) => ({
    agencyCode,
    definition: standard(
      prof,
      s,
      { number: `${skPrefix}/${String(i + 1).padStart(3, '0')}/${year}`, date: `${year}-01-${String(10 + i).padStart(2, '0')}` },
      // One demo standard per agency is overdue for review, so the admin flag has something to show.
      i === 0 ? `${year + 1}-01-15` : `${year + 3}-01-15`,
    ),
  }));
}

const mkProfile = (hall: AgencyProfile['hall'], staff: number) =>
  profile(hall, staff, ['area bermain anak, dan akses kursi roda', 'a children’s corner and wheelchair access']);

export const DEMO_CATALOG: Record<string, DemoCatalogEntry[]> = {
  makassar: [
    ...entries('disdukcapil', mkProfile(MPP_MAKASSAR, 24), disdukcapil, '470/KEP/DISDUKCAPIL', 2025),
    ...entries('dpmptsp', mkProfile(MPP_MAKASSAR, 12), dpmptspKota, '503/KEP/DPMPTSP', 2025),
    ...entries('dinkes', mkProfile({ ...MPP_MAKASSAR, name: 'Dinas Kesehatan Kota Makassar' , address: 'Jl. Teduh Bersinar No. 1, Makassar' }, 8), dinkesKota, '440/KEP/DINKES', 2025),
    ...entries('disdik', mkProfile({ ...MPP_MAKASSAR, name: 'Dinas Pendidikan Kota Makassar', address: 'Jl. Anggrek Raya No. 1, Makassar' }, 6), disdikKota, '421/KEP/DISDIK', 2025),
    ...entries('dinsos', mkProfile({ ...MPP_MAKASSAR, name: 'Dinas Sosial Kota Makassar', address: 'Jl. Arief Rate No. 5, Makassar' }, 6), dinsosKota, '460/KEP/DINSOS', 2025),
    ...entries('dishub', mkProfile({ ...MPP_MAKASSAR, name: 'UPT Pengujian Kendaraan Bermotor Tamalanrea', address: 'Jl. Perintis Kemerdekaan Km. 17, Makassar' }, 10), dishubKota, '551/KEP/DISHUB', 2025),
    ...entries('diskominfo', mkProfile(MPP_MAKASSAR, 4), [ppid('Pemerintah Kota Makassar')], '555/KEP/DISKOMINFO', 2025),
  ],
  jateng: [
    ...entries('bapenda', mkProfile(SAMSAT, 30), bapenda, '973/KEP/BAPENDA', 2025),
    ...entries('dpmptsp', mkProfile(MPP_JATENG, 14), dpmptspProv, '503/KEP/DPMPTSP', 2025),
    ...entries('dinkes', mkProfile({ ...MPP_JATENG, name: 'Dinas Kesehatan Provinsi Jawa Tengah', address: 'Jl. Piere Tendean No. 24, Semarang' }, 6), dinkesProv, '440/KEP/DINKES', 2025),
    ...entries('disdik', mkProfile({ ...MPP_JATENG, name: 'Dinas Pendidikan dan Kebudayaan Provinsi Jawa Tengah', address: 'Jl. Pemuda No. 134, Semarang' }, 8), disdikProv, '421/KEP/DISDIKBUD', 2025),
    ...entries('dinsos', mkProfile({ ...MPP_JATENG, name: 'Dinas Sosial Provinsi Jawa Tengah', address: 'Jl. Pahlawan No. 12, Semarang' }, 6), dinsosProv, '460/KEP/DINSOS', 2025),
    ...entries('dishub', mkProfile({ ...MPP_JATENG, name: 'Dinas Perhubungan Provinsi Jawa Tengah', address: 'Jl. Siliwangi No. 355, Semarang' }, 6), dishubProv, '551/KEP/DISHUB', 2025),
    ...entries('diskominfo', mkProfile(MPP_JATENG, 4), [ppid('Pemerintah Provinsi Jawa Tengah')], '555/KEP/DISKOMINFO', 2025),
  ],
};
