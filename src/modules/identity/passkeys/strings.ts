// The words of passkeys (identity's part): the security pages, the sign-in buttons, and the refusals
// of a ceremony. Bahasa Indonesia first; English type-checked to have the same keys.
import { registerMessages } from '../../../platform/i18n/index.js';

const id = {
  'identity.passkey.title': 'Keamanan akun',
  'identity.passkey.link': 'Keamanan akun: passkey',
  'identity.passkey.lead': 'Passkey membuat Anda masuk dengan sidik jari, wajah, atau PIN perangkat, tanpa kata sandi. Kunci rahasianya tidak pernah meninggalkan perangkat Anda.',
  'identity.passkey.officer_lead': 'Passkey dapat menggantikan kode autentikator sebagai faktor kedua saat Anda masuk. Kata sandi tetap diminta lebih dulu; kode pemulihan tetap berlaku.',
  'identity.passkey.list_title': 'Passkey Anda',
  'identity.passkey.none': 'Belum ada passkey.',
  'identity.passkey.created': 'Ditambahkan {date}',
  'identity.passkey.last_used': 'terakhir dipakai {date}',
  'identity.passkey.never_used': 'belum pernah dipakai',
  'identity.passkey.remove': 'Hapus passkey {name}',
  'identity.passkey.removed': 'Passkey dihapus.',
  'identity.passkey.added': 'Passkey ditambahkan.',
  'identity.passkey.add_title': 'Tambah passkey',
  'identity.passkey.add': 'Tambah passkey',
  'identity.passkey.name': 'Nama passkey',
  'identity.passkey.name_hint': 'Nama yang membantu Anda mengenalinya, misalnya "HP Android".',
  'identity.passkey.needs_js': 'Menambah passkey memerlukan peramban dengan JavaScript yang mendukung passkey.',
  'identity.passkey.reauth': 'Demi keamanan, menambah atau menghapus passkey hanya bisa dalam {minutes} menit setelah masuk. Keluar lalu masuk lagi untuk melanjutkan.',
  'identity.passkey.sign_in': 'Masuk dengan passkey',
  'identity.passkey.second_factor': 'Gunakan passkey',
  'identity.passkey.or': 'atau',
  'identity.passkey.cancelled': 'Passkey tidak dipakai: permintaan dibatalkan atau waktunya habis. Coba lagi.',
  'identity.passkey.failed': 'Passkey tidak dapat dipakai. Coba lagi atau gunakan cara lain.',
  'error.identity.passkey_address': 'Passkey hanya dapat dipakai di alamat resmi layanan ini.',
  'error.identity.passkey_challenge': 'Permintaan passkey sudah kedaluwarsa atau sudah dipakai. Coba lagi.',
  'error.identity.passkey_invalid': 'Passkey tidak dikenali atau tidak sah untuk layanan ini.',
  'error.identity.passkey_name': 'Beri nama passkey (1–60 karakter).',
  'error.identity.passkey_taken': 'Passkey ini sudah terdaftar.',
  'error.identity.passkey_none': 'Anda belum punya passkey untuk alamat ini. Gunakan kode autentikator.',
  'error.identity.passkey_reauth': 'Masuk lagi dulu: menambah atau menghapus passkey hanya bisa segera setelah masuk.',
} as const;

const en: Record<keyof typeof id, string> = {
  'identity.passkey.title': 'Account security',
  'identity.passkey.link': 'Account security: passkeys',
  'identity.passkey.lead': 'A passkey lets you sign in with your fingerprint, face or device PIN instead of a password. Its secret key never leaves your device.',
  'identity.passkey.officer_lead': 'A passkey can replace the authenticator code as the second factor when you sign in. The password is still asked first; recovery codes keep working.',
  'identity.passkey.list_title': 'Your passkeys',
  'identity.passkey.none': 'No passkeys yet.',
  'identity.passkey.created': 'Added {date}',
  'identity.passkey.last_used': 'last used {date}',
  'identity.passkey.never_used': 'never used',
  'identity.passkey.remove': 'Remove passkey {name}',
  'identity.passkey.removed': 'Passkey removed.',
  'identity.passkey.added': 'Passkey added.',
  'identity.passkey.add_title': 'Add a passkey',
  'identity.passkey.add': 'Add passkey',
  'identity.passkey.name': 'Passkey name',
  'identity.passkey.name_hint': 'A name that helps you recognise it, for example "Android phone".',
  'identity.passkey.needs_js': 'Adding a passkey needs a browser with JavaScript that supports passkeys.',
  'identity.passkey.reauth': 'For your security, passkeys can only be added or removed within {minutes} minutes of signing in. Sign out and in again to continue.',
  'identity.passkey.sign_in': 'Sign in with a passkey',
  'identity.passkey.second_factor': 'Use a passkey',
  'identity.passkey.or': 'or',
  'identity.passkey.cancelled': 'The passkey was not used: the request was cancelled or timed out. Please try again.',
  'identity.passkey.failed': 'The passkey could not be used. Try again or use another way.',
  'error.identity.passkey_address': 'Passkeys only work at this service\'s official address.',
  'error.identity.passkey_challenge': 'The passkey request has expired or was already used. Please try again.',
  'error.identity.passkey_invalid': 'The passkey is not recognised or not valid for this service.',
  'error.identity.passkey_name': 'Give the passkey a name (1–60 characters).',
  'error.identity.passkey_taken': 'This passkey is already registered.',
  'error.identity.passkey_none': 'You have no passkey for this address yet. Use your authenticator code.',
  'error.identity.passkey_reauth': 'Sign in again first: passkeys can only be added or removed shortly after signing in.',
};

registerMessages({ id, en });

type PasskeyWords = Record<keyof typeof id, string>;
declare module '../../../platform/i18n/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Messages extends PasskeyWords {}
}
