// The words of the signing step (signing-step/*), Bahasa Indonesia first. Registered with the
// platform's i18n when this file is imported.
import { registerMessages } from '../../../platform/i18n/index.js';

const id = {
  'doc.sign.action': 'Tanda tangani dokumen',
  'doc.sign.view': 'Lihat dokumen yang akan ditandatangani',
  'doc.sign.title': 'Tanda tangani dokumen',
  'doc.sign.lead': 'Periksa isi dokumen di bawah. Dengan menandatangani, dokumen diterbitkan dengan sertifikat elektronik pemerintah ini atas nama Anda, dan permohonan berlanjut.',
  'doc.sign.back': 'Kembali ke permohonan',
  'doc.sign.application': 'Permohonan',
  'doc.sign.printed': 'Yang akan dicetak',
  'doc.sign.signer': 'Penandatangan',
  'doc.sign.position': 'Pejabat Penandatangan',
  'doc.sign.code': 'Kode autentikator',
  'doc.sign.code_hint': 'Enam angka dari aplikasi autentikator Anda. Boleh dikosongkan bila Anda masuk dengan faktor kedua kurang dari {minutes} menit yang lalu.',
  'doc.sign.submit': 'Tanda tangani dan terbitkan',
  'doc.sign.read_only': 'Hanya petugas dengan peran penandatangan di instansi ini yang dapat menandatangani dokumen ini.',
  'doc.sign.not_waiting': 'Permohonan ini tidak sedang menunggu tanda tangan.',
  'doc.sign.signed': 'Dokumen {number} sudah ditandatangani dan diterbitkan.',
  'doc.sign.verify_link': 'Buka halaman verifikasi',
  'doc.sign.error.not_awaited': 'Permohonan ini tidak sedang menunggu tanda tangan dokumen.',
  'doc.sign.error.already_signed': 'Dokumen permohonan ini sudah ditandatangani.',
  'doc.sign.error.not_signer': 'Hanya petugas dengan peran penandatangan di instansi ini yang dapat menandatangani dokumen ini.',
} as const;

const en: Record<keyof typeof id, string> = {
  'doc.sign.action': 'Sign the document',
  'doc.sign.view': 'View the document to be signed',
  'doc.sign.title': 'Sign the document',
  'doc.sign.lead': 'Check the document below. Signing issues it with this government’s electronic certificate in your name, and the application moves on.',
  'doc.sign.back': 'Back to the application',
  'doc.sign.application': 'Application',
  'doc.sign.printed': 'What will be printed',
  'doc.sign.signer': 'Signer',
  'doc.sign.position': 'Signing Official',
  'doc.sign.code': 'Authenticator code',
  'doc.sign.code_hint': 'Six digits from your authenticator app. You may leave it empty if you signed in with the second factor less than {minutes} minutes ago.',
  'doc.sign.submit': 'Sign and issue',
  'doc.sign.read_only': 'Only an officer with the signer role at this agency can sign this document.',
  'doc.sign.not_waiting': 'This application is not waiting for a signature.',
  'doc.sign.signed': 'Document {number} has been signed and issued.',
  'doc.sign.verify_link': 'Open the verification page',
  'doc.sign.error.not_awaited': 'This application is not waiting for its document to be signed.',
  'doc.sign.error.already_signed': 'The document of this application has already been signed.',
  'doc.sign.error.not_signer': 'Only an officer with the signer role at this agency can sign this document.',
};

registerMessages({ id, en });

type SigningWords = Record<keyof typeof id, string>;
declare module '../../../platform/i18n/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Messages extends SigningWords {}
}
