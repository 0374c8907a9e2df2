// The tenancy module's own words, Bahasa Indonesia first and English (registered when the module
// loads; docs/architecture.md "The kit every module uses"). The tenant kinds and the home page's
// words are the portal shell's (platform i18n).
import { registerMessages } from '../../platform/i18n/index.js';

const id = {
  'tenant.area.invalid': 'Wilayah harus berupa GeoJSON Polygon atau MultiPolygon (koordinat [bujur, lintang]).',
};

const en: Record<keyof typeof id, string> = {
  'tenant.area.invalid': 'The area must be a GeoJSON Polygon or MultiPolygon ([longitude, latitude] coordinates).',
};

registerMessages({ id, en });

type TenancyWords = Record<keyof typeof id, string>;
declare module '../../platform/i18n/index.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Messages extends TenancyWords {}
}
