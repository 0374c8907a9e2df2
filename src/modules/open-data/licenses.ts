// The two licences open data is published under: CC BY 4.0 by default; ODbL 1.0 for tables derived
// from the Kemendagri region list (its data is ODbL: DOMAIN.md §5, keep attribution).
import type { OpenDataLicense } from '../../db/schema-open-data.js';
import { REGION_ATTRIBUTION } from '../../platform/regions/index.js';

export const LICENSE_INFO: Record<OpenDataLicense, { title: string; url: string; attribution: string | null; shareAlike: boolean }> = {
  'CC-BY-4.0': { title: 'Creative Commons Attribution 4.0', url: 'https://creativecommons.org/licenses/by/4.0/', attribution: null, shareAlike: false },
  'ODbL-1.0': { title: 'Open Data Commons Open Database License (ODbL) 1.0', url: 'https://opendatacommons.org/licenses/odbl/1-0/', attribution: REGION_ATTRIBUTION, shareAlike: true },
};
