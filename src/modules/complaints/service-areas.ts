// Agency service areas: a report whose point lies inside an area goes to that area's agency (a
// kecamatan office, a UPT responsible for a road section, a regency's territory inside a province).
// An area for the report's category wins over an area for every category; among equals, the oldest.
// The geometry is GeoJSON (Polygon or MultiPolygon, [longitude, latitude]); the test is a ray cast,
// exact enough for boundaries drawn at street scale, with no PostGIS needed.
import { randomUUID } from 'node:crypto';
import { withTenant } from '../../db/index.js';
import { DomainError } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/context.js';
import { listAgencies } from '../tenancy/index.js';
import * as store from './store.js';

type Position = [longitude: number, latitude: number];
export type AreaGeometry = { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };

export interface ServiceArea {
  id: string;
  name: string;
  agencyId: string;
  /** null: every category. */
  categoryCode: string | null;
  area: AreaGeometry;
}

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

/** The agency whose area holds the point: an area of the category first, then one for every category. */
export function agencyForPlace(areas: readonly ServiceArea[], categoryCode: string, latitude: number, longitude: number): string | undefined {
  const hit = (a: ServiceArea) => containsPoint(a.area, latitude, longitude);
  return (areas.find((a) => a.categoryCode === categoryCode && hit(a)) ?? areas.find((a) => a.categoryCode === null && hit(a)))?.agencyId;
}

export function toServiceArea(row: store.ServiceAreaRow): ServiceArea {
  return { id: row.id, name: row.name, agencyId: row.agency_id, categoryCode: row.category_code, area: row.area as AreaGeometry };
}

export interface ServiceAreaInput {
  name: string;
  agencyCode: string;
  categoryCode?: string;
  area: unknown;
}

/** Adds an agency service area (tenant administration; the seed and tests use it too). */
export async function saveServiceArea(ctx: ServiceContext, tenant: { id: string }, input: ServiceAreaInput): Promise<string> {
  const agency = (await listAgencies(ctx.db, tenant)).find((a) => a.code === input.agencyCode);
  const invalid = (field: string) => new DomainError('validation', 400, 'error.validation', {}, [{ field, code: 'invalid', messageKey: 'field.invalid' }]);
  if (!agency) throw invalid('/agencyCode');
  if (!isAreaGeometry(input.area)) throw invalid('/area');
  const name = input.name.trim();
  if (!name || name.length > 200) throw invalid('/name');
  const id = randomUUID();
  await withTenant(ctx.db, tenant.id, async (trx) => {
    if (input.categoryCode && !(await store.selectCategories(trx, tenant.id)).some((c) => c.code === input.categoryCode)) throw invalid('/categoryCode');
    await store.insertServiceArea(trx, {
      tenant_id: tenant.id,
      id,
      name,
      agency_id: agency.id,
      category_code: input.categoryCode ?? null,
      area: JSON.stringify(input.area),
    });
    await ctx.audit.append(trx, {
      tenantId: tenant.id,
      actor: ctx.actor.kind === 'anonymous' ? 'anonymous' : `${ctx.actor.kind}:${ctx.actor.id}`,
      action: 'complaint.service_area_saved',
      subject: `complaint_service_area:${id}`,
      data: { name, agency: agency.code, category: input.categoryCode ?? null },
    });
  });
  return id;
}
