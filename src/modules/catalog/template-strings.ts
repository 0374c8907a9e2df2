// The catalogue's words for a service version's output document (document-template.ts and its
// fieldset on the admin edit page), Bahasa Indonesia and English.
import { registerMessages } from '../../platform/i18n/index.js';

const id = {
  'catalog.tpl.legend': 'Dokumen keluaran (ditandatangani dan diterbitkan di akhir permohonan)',
  'catalog.tpl.intro': 'Kosongkan judul bila layanan memakai dokumen bawaan. Templat dibekukan bersama versi yang diterbitkan.',
  'catalog.tpl.kind': 'Jenis dokumen',
  'catalog.tpl.kind.izin': 'Izin',
  'catalog.tpl.kind.sertifikat': 'Sertifikat',
  'catalog.tpl.kind.sertifikat_standar': 'Sertifikat Standar',
  'catalog.tpl.kind.surat_keterangan': 'Surat Keterangan',
  'catalog.tpl.kind.rekomendasi': 'Rekomendasi',
  'catalog.tpl.title_id': 'Judul dokumen (Bahasa Indonesia)',
  'catalog.tpl.title_en': 'Judul dokumen (English)',
  'catalog.tpl.fields': 'Isian formulir yang dicetak',
  'catalog.tpl.fields_hint': 'Satu isian per baris: kode isian | label Bahasa Indonesia | label English (boleh kosong). Contoh: nama_usaha | Nama usaha | Business name',
  'catalog.tpl.validity': 'Masa berlaku (bulan; kosong = tanpa batas)',
  'catalog.tpl.signer_position': 'Jabatan penanda tangan',
  'catalog.tpl.preview': 'Pratinjau dokumen (PDF contoh dari draf tersimpan)',
  'catalog.tpl.error.kind': 'Pilih jenis dokumen dari daftar.',
  'catalog.tpl.error.validity': 'Masa berlaku harus bilangan bulat bulan, 1 sampai 1200, atau kosong.',
  'catalog.tpl.error.too_many': 'Paling banyak {limit} isian dapat dicetak pada satu halaman.',
  'catalog.tpl.error.field_id': 'Kode isian "{field}" tidak valid: huruf kecil, angka dan garis bawah, diawali huruf.',
  'catalog.tpl.error.field_twice': 'Isian "{field}" disebut dua kali.',
  'catalog.tpl.error.label': 'Isian "{field}" perlu label dalam Bahasa Indonesia.',
} as const;

const en: Record<keyof typeof id, string> = {
  'catalog.tpl.legend': 'Output document (signed and issued at the end of an application)',
  'catalog.tpl.intro': 'Leave the title empty for the default document. The template is frozen with the published version.',
  'catalog.tpl.kind': 'Kind of document',
  'catalog.tpl.kind.izin': 'Permit',
  'catalog.tpl.kind.sertifikat': 'Certificate',
  'catalog.tpl.kind.sertifikat_standar': 'Standard certificate',
  'catalog.tpl.kind.surat_keterangan': 'Letter of statement',
  'catalog.tpl.kind.rekomendasi': 'Recommendation',
  'catalog.tpl.title_id': 'Document title (Bahasa Indonesia)',
  'catalog.tpl.title_en': 'Document title (English)',
  'catalog.tpl.fields': 'Form fields printed',
  'catalog.tpl.fields_hint': 'One field per line: field code | Indonesian label | English label (optional). Example: nama_usaha | Nama usaha | Business name',
  'catalog.tpl.validity': 'Validity (months; empty = without end)',
  'catalog.tpl.signer_position': "Signer's position",
  'catalog.tpl.preview': 'Preview the document (a sample PDF of the saved draft)',
  'catalog.tpl.error.kind': 'Choose a kind of document from the list.',
  'catalog.tpl.error.validity': 'The validity must be a whole number of months, 1 to 1200, or empty.',
  'catalog.tpl.error.too_many': 'At most {limit} fields fit on one page.',
  'catalog.tpl.error.field_id': 'The field code "{field}" is not valid: lower-case letters, digits and underscores, starting with a letter.',
  'catalog.tpl.error.field_twice': 'The field "{field}" is named twice.',
  'catalog.tpl.error.label': 'The field "{field}" needs a label in Bahasa Indonesia.',
};

registerMessages({ id, en });

type TemplateWords = Record<keyof typeof id, string>;
declare module '../../platform/i18n/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Messages extends TemplateWords {}
}
