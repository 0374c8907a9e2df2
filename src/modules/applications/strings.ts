// The applications module's words, Bahasa Indonesia and English (registered at start-up; the two
// must have the same keys and placeholders). Files of the module that use a word import this file.
import { registerMessages } from '../../platform/i18n/index.js';

const id = {
  // Form definitions
  'app.form.invalid': 'Definisi formulir tidak sah: {detail}.',
  'app.form.duplicate_id': 'Id "{id}" sudah dipakai isian atau kelompok lain.',
  'app.form.condition_field': 'Syarat tampil menyebut isian "{id}" yang tidak ada sebelum isian ini.',
  'app.form.condition_repeat': 'Syarat tampil tidak boleh menyebut isian "{id}" di dalam kelompok berulang lain.',
  'app.form.condition_value': 'Syarat tampil ini membutuhkan nilai (daftar nilai untuk "in").',
  'app.form.setting': 'Pengaturan ini tidak berlaku untuk isian jenis {type}.',
  'app.form.range': 'Batas bawah lebih besar daripada batas atas.',
  'app.form.rupiah_bound': 'Batas rupiah harus bilangan bulat.',
  'app.form.options_missing': 'Isian pilihan membutuhkan daftar pilihan.',
  'app.form.duplicate_option': 'Dua pilihan memakai nilai yang sama.',
  'app.form.duplicate_requirement': 'Persyaratan ini sudah dipetakan.',
  'app.form.unknown_field': 'Persyaratan dipetakan ke isian "{id}" yang tidak ada.',
  'app.form.requirement_unmapped': 'Persyaratan "{requirement}" belum dipetakan ke isian atau unggahan formulir.',
  'app.form.requirement_stale': 'Formulir memetakan persyaratan "{requirement}" yang tidak ada di standar pelayanan.',
  // Answers
  'app.answer.object': 'Jawaban harus berupa objek isian.',
  'app.answer.items': 'Jumlah isian berulang harus {min} sampai {max}.',
  'app.answer.must_check': 'Centang pernyataan ini untuk melanjutkan.',
  'app.answer.text': 'Isi dengan teks.',
  'app.answer.number': 'Isi dengan angka.',
  'app.answer.integer': 'Isi dengan bilangan bulat.',
  'app.answer.rupiah': 'Isi dengan jumlah rupiah tanpa sen, misalnya 1.500.000.',
  'app.answer.date': 'Isi dengan tanggal yang ada (TTTT-BB-HH).',
  'app.answer.date_min': 'Tanggal tidak boleh sebelum {date}.',
  'app.answer.date_max': 'Tanggal tidak boleh setelah {date}.',
  'app.answer.choices': 'Pilih paling banyak {limit}.',
  'app.answer.checkbox': 'Jawaban centang tidak sah.',
  'app.answer.region': 'Pilih wilayah dari daftar wilayah.',
  'app.answer.address': 'Isi alamat: jalan dan kelurahan/desa.',
  'app.answer.address_street': 'Isi nama jalan, nomor, RT/RW.',
  'app.answer.postal_code': 'Kode pos terdiri dari 5 angka.',
  'app.answer.phone': 'Isi nomor ponsel Indonesia, misalnya 0812-3456-7890.',
  'app.answer.email': 'Isi alamat e-mail yang sah.',
  'app.answer.point': 'Pilih titik pada peta (lintang dan bujur).',
  'app.answer.file': 'Berkas tidak dikenal; unggah ulang.',
  'app.answer.files_count': 'Unggah paling banyak {limit} berkas.',
  'app.answer.file_type': 'Jenis berkas harus salah satu dari: {types}.',
  'app.answer.file_size': 'Ukuran berkas paling besar {limit} KB.',
} as const;

const en: Record<keyof typeof id, string> = {
  'app.form.invalid': 'The form definition is invalid: {detail}.',
  'app.form.duplicate_id': 'The id "{id}" is already used by another field or group.',
  'app.form.condition_field': 'The condition names field "{id}", which does not come before this one.',
  'app.form.condition_repeat': 'The condition must not name field "{id}" inside another repeating group.',
  'app.form.condition_value': 'This condition needs a value (a list of values for "in").',
  'app.form.setting': 'This setting does not apply to a {type} field.',
  'app.form.range': 'The lower bound is greater than the upper bound.',
  'app.form.rupiah_bound': 'Rupiah bounds must be whole numbers.',
  'app.form.options_missing': 'A choice field needs a list of options.',
  'app.form.duplicate_option': 'Two options have the same value.',
  'app.form.duplicate_requirement': 'This requirement is already mapped.',
  'app.form.unknown_field': 'The requirement is mapped to field "{id}", which does not exist.',
  'app.form.requirement_unmapped': 'The requirement "{requirement}" is not mapped to a field or upload of the form.',
  'app.form.requirement_stale': 'The form maps the requirement "{requirement}", which is not in the service standard.',
  'app.answer.object': 'The answers must be an object of fields.',
  'app.answer.items': 'Give between {min} and {max} items.',
  'app.answer.must_check': 'Tick this statement to continue.',
  'app.answer.text': 'Enter text.',
  'app.answer.number': 'Enter a number.',
  'app.answer.integer': 'Enter a whole number.',
  'app.answer.rupiah': 'Enter an amount in whole rupiah, e.g. 1.500.000.',
  'app.answer.date': 'Enter a date that exists (YYYY-MM-DD).',
  'app.answer.date_min': 'The date must not be before {date}.',
  'app.answer.date_max': 'The date must not be after {date}.',
  'app.answer.choices': 'Choose at most {limit}.',
  'app.answer.checkbox': 'The tick answer is not valid.',
  'app.answer.region': 'Choose a region from the list.',
  'app.answer.address': 'Enter the address: street and village.',
  'app.answer.address_street': 'Enter the street, number and RT/RW.',
  'app.answer.postal_code': 'A postal code is 5 digits.',
  'app.answer.phone': 'Enter an Indonesian mobile number, e.g. 0812-3456-7890.',
  'app.answer.email': 'Enter a valid e-mail address.',
  'app.answer.point': 'Choose a point on the map (latitude and longitude).',
  'app.answer.file': 'Unknown file; upload it again.',
  'app.answer.files_count': 'Upload at most {limit} files.',
  'app.answer.file_type': 'The file type must be one of: {types}.',
  'app.answer.file_size': 'The file must be at most {limit} KB.',
};

registerMessages({ id, en });

type ApplicationWords = Record<keyof typeof id, string>;
declare module '../../platform/i18n/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Messages extends ApplicationWords {}
}
