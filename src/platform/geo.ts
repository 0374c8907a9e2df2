// Areas as GeoJSON (Polygon or MultiPolygon, [longitude, latitude]): agencies' service areas and a
// tenant's own area. Pure. The point test is a ray cast, exact enough for boundaries drawn at street
// scale, with no PostGIS needed.

type Position = [longitude: number, latitude: number];
export type AreaGeometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

function isPosition(p: unknown): p is Position {
  return Array.isArray(p) && p.length >= 2 && Math.abs(Number(p[0])) <= 180 && Math.abs(Number(p[1])) <= 90 && p.every((x) => typeof x === 'number' && Number.isFinite(x));
}

function isPolygon(rings: unknown): rings is Position[][] {
  return Array.isArray(rings) && rings.length > 0 && rings.every((ring) => Array.isArray(ring) && ring.length >= 4 && ring.every(isPosition));
}

export function isAreaGeometry(value: unknown): value is AreaGeometry {
  const g = value as { type?: unknown; coordinates?: unknown };
  if (g?.type === 'Polygon') return isPolygon(g.coordinates);
  if (g?.type === 'MultiPolygon') return Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every(isPolygon);
  return false;
}

function inRing(ring: Position[], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole, of any of the polygons. */
export function containsPoint(area: AreaGeometry, latitude: number, longitude: number): boolean {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  return polygons.some(([outer, ...holes]) => inRing(outer!, longitude, latitude) && !holes.some((h) => inRing(h, longitude, latitude)));
}

/**
 * The geometry in what was pasted: a Polygon or MultiPolygon as is; a Feature's geometry; the
 * polygons of a FeatureCollection, as one MultiPolygon (one Polygon alone stays a Polygon).
 * undefined when there is no valid polygon (rings of at least 4 [longitude, latitude] positions).
 */
export function toAreaGeometry(value: unknown): AreaGeometry | undefined {
  const v = value as { type?: unknown; geometry?: unknown; features?: unknown };
  if (v?.type === 'Feature') return toAreaGeometry(v.geometry);
  if (v?.type === 'FeatureCollection') {
    if (!Array.isArray(v.features) || v.features.length === 0) return undefined;
    const parts = v.features.map((f) => toAreaGeometry(f));
    if (parts.some((g) => g === undefined)) return undefined;
    if (parts.length === 1) return parts[0];
    return { type: 'MultiPolygon', coordinates: parts.flatMap((g) => (g!.type === 'Polygon' ? [g!.coordinates] : g!.coordinates)) };
  }
  if (!isAreaGeometry(value)) return undefined;
  // Only what the router reads is kept (no foreign members, bbox or crs).
  const g = value as AreaGeometry;
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates } : { type: 'MultiPolygon', coordinates: g.coordinates };
}

/** Polygons and corner points of an area (a ring's closing point is not counted twice). */
export function areaSize(area: AreaGeometry): { polygons: number; vertices: number } {
  const polygons = area.type === 'Polygon' ? [area.coordinates] : area.coordinates;
  let vertices = 0;
  for (const rings of polygons) {
    for (const ring of rings) {
      const [first, last] = [ring[0]!, ring[ring.length - 1]!];
      vertices += ring.length - (first[0] === last[0] && first[1] === last[1] ? 1 : 0);
    }
  }
  return { polygons: polygons.length, vertices };
}

/** A box as [south, west, north, east] in degrees (the order Leaflet's bounds take as two corners). */
export type AreaBounds = [south: number, west: number, north: number, east: number];

/** The box around every corner of the areas; undefined when there are none. */
export function boundsOfAreas(areas: readonly AreaGeometry[]): AreaBounds | undefined {
  let box: AreaBounds | undefined;
  for (const area of areas) {
    for (const rings of area.type === 'Polygon' ? [area.coordinates] : area.coordinates) {
      for (const [lon, lat] of rings.flat()) {
        box = box ? [Math.min(box[0], lat), Math.min(box[1], lon), Math.max(box[2], lat), Math.max(box[3], lon)] : [lat, lon, lat, lon];
      }
    }
  }
  return box;
}
