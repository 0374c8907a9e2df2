// The tenancy module's words, Bahasa Indonesia and English: the kinds of government and the tenant's
// area. Registered when the module loads; files that use them import './strings.js'.
import { registerMessages } from '../../platform/i18n/index.js';

const id = {
  'tenant.kind.province': 'Provinsi',
  'tenant.kind.regency': 'Kabupaten',
  'tenant.kind.city': 'Kota',
  'tenant.kind.ministry': 'Kementerian/Lembaga',
  'tenant.area.invalid': 'Wilayah harus berupa GeoJSON Polygon atau MultiPolygon (koordinat [bujur, lintang]).',
} as const;

const en: Record<keyof typeof id, string> = {
  'tenant.kind.province': 'Province',
  'tenant.kind.regency': 'Regency',
  'tenant.kind.city': 'City',
  'tenant.kind.ministry': 'Ministry/Agency',
  'tenant.area.invalid': 'The area must be a GeoJSON Polygon or MultiPolygon ([longitude, latitude] coordinates).',
};

registerMessages({ id, en });

type TenancyWords = Record<keyof typeof id, string>;
declare module '../../platform/i18n/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Messages extends TenancyWords {}
}
