// The complaint categories the routing data set is labelled with, and the agency that handles each
// by default. Agency codes follow the demo tenants (src/modules/tenancy/seed.ts); dpupr (public works)
// and dlh (environment) are the usual Indonesian codes for the two the seed does not have yet.
// A tenant may route a category elsewhere: coordinator corrections teach the classifier that.

export interface RoutingCategory {
  code: string;
  name: string;
  nameEn: string;
  /** Agency that handles the category when a tenant has not said otherwise. */
  agencyCode: string;
  /** A report in this category is about a place, so it needs a location. */
  requiresLocation: boolean;
}

export const ROUTING_CATEGORIES: readonly RoutingCategory[] = [
  { code: 'jalan_rusak', name: 'Jalan dan jembatan rusak', nameEn: 'Damaged roads and bridges', agencyCode: 'dpupr', requiresLocation: true },
  { code: 'drainase_banjir', name: 'Drainase dan banjir', nameEn: 'Drainage and flooding', agencyCode: 'dpupr', requiresLocation: true },
  { code: 'lampu_jalan', name: 'Lampu jalan dan lampu lalu lintas', nameEn: 'Street lights and traffic lights', agencyCode: 'dishub', requiresLocation: true },
  { code: 'sampah_lingkungan', name: 'Sampah dan lingkungan hidup', nameEn: 'Waste and environment', agencyCode: 'dlh', requiresLocation: true },
  { code: 'administrasi_kependudukan', name: 'KTP, KK, akta dan kependudukan', nameEn: 'ID cards, family cards, certificates', agencyCode: 'disdukcapil', requiresLocation: false },
  { code: 'layanan_kesehatan', name: 'Puskesmas, rumah sakit dan kesehatan', nameEn: 'Health centres, hospitals and health', agencyCode: 'dinkes', requiresLocation: false },
  { code: 'pendidikan', name: 'Sekolah dan PPDB', nameEn: 'Schools and admissions (PPDB)', agencyCode: 'disdik', requiresLocation: false },
  { code: 'bantuan_sosial', name: 'Bantuan sosial dan DTKS', nameEn: 'Social assistance and welfare registry', agencyCode: 'dinsos', requiresLocation: false },
  { code: 'transportasi_parkir', name: 'Angkutan umum, parkir dan lalu lintas', nameEn: 'Public transport, parking and traffic', agencyCode: 'dishub', requiresLocation: false },
  { code: 'perizinan', name: 'Perizinan dan pungutan liar', nameEn: 'Permits and illegal levies', agencyCode: 'dpmptsp', requiresLocation: false },
  { code: 'pajak_daerah', name: 'Pajak dan retribusi daerah', nameEn: 'Regional taxes and fees', agencyCode: 'bapenda', requiresLocation: false },
  { code: 'layanan_digital', name: 'Internet, website dan aplikasi pemda', nameEn: 'Internet, government websites and apps', agencyCode: 'diskominfo', requiresLocation: false },
];

export function findRoutingCategory(code: string): RoutingCategory | undefined {
  return ROUTING_CATEGORIES.find((c) => c.code === code);
}
