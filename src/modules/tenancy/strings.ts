// The tenancy module's words, Bahasa Indonesia and English: the kinds of government. Registered when
// the module loads; files that use them import './strings.js'.
import { registerMessages } from '../../platform/i18n/index.js';

const id = {
  'tenant.kind.province': 'Provinsi',
  'tenant.kind.regency': 'Kabupaten',
  'tenant.kind.city': 'Kota',
  'tenant.kind.ministry': 'Kementerian/Lembaga',
} as const;

const en: Record<keyof typeof id, string> = {
  'tenant.kind.province': 'Province',
  'tenant.kind.regency': 'Regency',
  'tenant.kind.city': 'City',
  'tenant.kind.ministry': 'Ministry/Agency',
};

registerMessages({ id, en });

type TenancyWords = Record<keyof typeof id, string>;
declare module '../../platform/i18n/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Messages extends TenancyWords {}
}
