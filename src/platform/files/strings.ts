// The words of file handling, in Bahasa Indonesia and English (registered when this folder is loaded).
import { registerMessages } from '../i18n/index.js';

const id = {
  'error.file.too_large': 'Berkas "{name}" terlalu besar: maksimal {limit}.',
  'error.file.type_not_accepted': 'Berkas "{name}" tidak diterima: jenis yang diterima {types}. Jenisnya diperiksa dari isi berkas, bukan dari namanya.',
  'error.file.empty': 'Berkas "{name}" kosong.',
  'error.file.pending': 'Berkas ini masih diperiksa dari virus. Coba lagi dalam satu menit.',
  'error.file.infected': 'Berkas ini mengandung virus atau program berbahaya, dan sudah dihapus.',
} as const;

const en: Record<keyof typeof id, string> = {
  'error.file.too_large': 'The file "{name}" is too large: at most {limit}.',
  'error.file.type_not_accepted': 'The file "{name}" is not accepted: the accepted types are {types}. The type is checked from the content of the file, not from its name.',
  'error.file.empty': 'The file "{name}" is empty.',
  'error.file.pending': 'This file is still being checked for viruses. Try again in a minute.',
  'error.file.infected': 'This file contained a virus or a malicious program, and has been removed.',
};

registerMessages({ id, en });

type FileWords = Record<keyof typeof id, string>;
declare module '../i18n/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Messages extends FileWords {}
}
