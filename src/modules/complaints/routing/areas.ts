// Agency service areas as geometry: a report whose point lies inside an area goes to that area's
// agency (a kecamatan office, a UPT responsible for a road section, a regency's territory inside a
// province). An area for the report's category wins over an area for every category; among equals,
// the oldest. The geometry is GeoJSON (Polygon or MultiPolygon, [longitude, latitude]); the test is a
// ray cast, exact enough for boundaries drawn at street scale, with no PostGIS needed. Pure: the
// router (suggester.ts) and the areas' service (service.ts) both use it.
import { type AreaGeometry, containsPoint } from '../../../platform/geo.js';
import type { ServiceAreaRow } from './store.js';

// The geometry itself is the platform's (a tenant's own area uses it too).
export { type AreaBounds, type AreaGeometry, areaSize, boundsOfAreas, containsPoint, isAreaGeometry, toAreaGeometry } from '../../../platform/geo.js';

export interface ServiceArea {
  id: string;
  name: string;
  agencyId: string;
  /** null: every category. */
  categoryCode: string | null;
  area: AreaGeometry;
}

/** The agency whose area holds the point: an area of the category first, then one for every category. */
export function agencyForPlace(areas: readonly ServiceArea[], categoryCode: string, latitude: number, longitude: number): string | undefined {
  const hit = (a: ServiceArea) => containsPoint(a.area, latitude, longitude);
  return (areas.find((a) => a.categoryCode === categoryCode && hit(a)) ?? areas.find((a) => a.categoryCode === null && hit(a)))?.agencyId;
}

export function toServiceArea(row: ServiceAreaRow): ServiceArea {
  return { id: row.id, name: row.name, agencyId: row.agency_id, categoryCode: row.category_code, area: row.area as AreaGeometry };
}
