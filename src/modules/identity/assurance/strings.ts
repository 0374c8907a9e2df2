// Words of the assurance pages and API (levels of assurance: history, the online registry check, the
// counter), Bahasa Indonesia first. The levels' own names are identity's (identity.assurance.<level>).
import { registerMessages } from '../../../platform/i18n/index.js';

const id = {
  'identity.assurance.title': 'Tingkat verifikasi',
  'identity.assurance.lead':
    'Tingkat verifikasi menunjukkan seberapa yakin pemerintah bahwa akun ini milik Anda. Tingkat ini milik Anda, bukan milik satu pemerintah daerah: yang dinaikkan di satu pemerintah daerah berlaku di layanan lain. Beberapa layanan memerlukan tingkat tertentu.',
  'identity.assurance.current': 'Tingkat Anda sekarang',
  'identity.assurance.levels': 'Tiga tingkat: belum terverifikasi (kontak dikonfirmasi) → terverifikasi data kependudukan → terverifikasi tatap muka di loket.',
  'identity.assurance.history': 'Riwayat verifikasi',
  'identity.assurance.history.none': 'Belum pernah dinaikkan.',
  'identity.assurance.raised.registry': '{level}: dicocokkan dengan data kependudukan oleh {tenant}, {date}',
  'identity.assurance.raised.counter': '{level}: dokumen diperiksa petugas loket {tenant}, {date}',
  'identity.assurance.more': 'Lihat riwayat atau naikkan tingkat verifikasi',
  'identity.assurance.online.title': 'Cara 1: periksa ke data kependudukan secara daring',
  'identity.assurance.online.lead':
    'Kami mencocokkan NIK, nama dan tanggal lahir yang sudah ada di akun Anda dengan data kependudukan {tenant}. Anda tidak perlu mengisi apa pun. Bila cocok, tingkat Anda naik menjadi «Terverifikasi data kependudukan».',
  'identity.assurance.online.submit': 'Periksa sekarang',
  'identity.assurance.online.none': '{tenant} belum memeriksa data kependudukan secara daring. Gunakan cara di loket.',
  'identity.assurance.counter.title': 'Cara 2: datang ke loket',
  'identity.assurance.counter.lead':
    'Bawa KTP-el (dan Kartu Keluarga) ke loket pelayanan {tenant}. Petugas memeriksa dokumen Anda dan tingkat Anda naik menjadi «Terverifikasi tatap muka», tingkat tertinggi.',
  'identity.assurance.result.match': 'Data Anda cocok dengan data kependudukan. Tingkat verifikasi Anda sekarang «Terverifikasi data kependudukan».',
  'identity.assurance.result.mismatch':
    'Data di akun Anda tidak cocok dengan data kependudukan (nama atau tanggal lahir berbeda). Tingkat Anda tidak berubah. Datanglah ke loket membawa KTP-el.',
  'identity.assurance.result.not_found': 'NIK Anda tidak ditemukan di data kependudukan {tenant}. Tingkat Anda tidak berubah. Datanglah ke loket membawa KTP-el.',
  'identity.assurance.result.unavailable': 'Data kependudukan sedang tidak dapat dihubungi. Tingkat Anda tidak berubah. Coba lagi nanti, atau datang ke loket.',
  'identity.assurance.result.already': 'Akun Anda sudah terverifikasi pada tingkat ini atau lebih tinggi.',
  'identity.assurance.back': 'Kembali dan lanjutkan',
  'identity.assurance.officer.raised': 'dinaikkan oleh {tenant}, {date}',
  'error.assurance.no_registry': 'Pemerintah daerah ini belum memeriksa data kependudukan secara daring. Verifikasi di loket.',
} as const;

const en: Record<keyof typeof id, string> = {
  'identity.assurance.title': 'Verification level',
  'identity.assurance.lead':
    'The verification level says how sure the government is that this account is yours. The level is yours, not one government’s: what one government raised counts for the services of the others. Some services need a given level.',
  'identity.assurance.current': 'Your level now',
  'identity.assurance.levels': 'Three levels: not verified (contact confirmed) → verified against the population registry → verified in person at a counter.',
  'identity.assurance.history': 'How your level was raised',
  'identity.assurance.history.none': 'Never raised yet.',
  'identity.assurance.raised.registry': '{level}: matched with the population registry by {tenant}, {date}',
  'identity.assurance.raised.counter': '{level}: documents checked at a counter of {tenant}, {date}',
  'identity.assurance.more': 'See the history or raise your verification level',
  'identity.assurance.online.title': 'Way 1: check against the population registry online',
  'identity.assurance.online.lead':
    'We match the NIK, name and birth date already on your account with the population registry of {tenant}. You need not type anything. If they match, your level becomes “Verified against the population registry”.',
  'identity.assurance.online.submit': 'Check now',
  'identity.assurance.online.none': '{tenant} does not check the population registry online yet. Use the counter.',
  'identity.assurance.counter.title': 'Way 2: visit a counter',
  'identity.assurance.counter.lead':
    'Bring your KTP-el (and family card) to a service counter of {tenant}. An officer checks your documents and your level becomes “Verified in person”, the highest.',
  'identity.assurance.result.match': 'Your details match the population registry. Your verification level is now “Verified against the population registry”.',
  'identity.assurance.result.mismatch':
    'The details on your account do not match the population registry (the name or birth date differs). Your level has not changed. Visit a counter with your KTP-el.',
  'identity.assurance.result.not_found': 'Your NIK is not in the population registry of {tenant}. Your level has not changed. Visit a counter with your KTP-el.',
  'identity.assurance.result.unavailable': 'The population registry cannot be reached right now. Your level has not changed. Try again later, or visit a counter.',
  'identity.assurance.result.already': 'Your account is already verified at this level or higher.',
  'identity.assurance.back': 'Go back and continue',
  'identity.assurance.officer.raised': 'raised by {tenant}, {date}',
  'error.assurance.no_registry': 'This government does not check the population registry online yet. Get verified at a counter.',
};

registerMessages({ id, en });

type AssuranceWords = Record<keyof typeof id, string>;
declare module '../../../platform/i18n/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Messages extends AssuranceWords {}
}
