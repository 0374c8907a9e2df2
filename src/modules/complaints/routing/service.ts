// Agency service areas: a report whose point lies inside an area goes to that area's agency (a
// kecamatan office, a UPT responsible for a road section, a regency's territory inside a province).
// An area for the report's category wins over an area for every category; among equals, the oldest.
// The geometry is GeoJSON (Polygon or MultiPolygon, [longitude, latitude]); the test is a ray cast,
// exact enough for boundaries drawn at street scale, with no PostGIS needed.
import { randomUUID } from 'node:crypto';
import { withTenant } from '../../db/index.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import { actorRef, type ServiceContext } from '../../platform/context.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { listAgencies } from '../tenancy/index.js';
import type { RoutingSuggester } from './routing.js';
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
  /** A GeoJSON Polygon or MultiPolygon, a Feature holding one, or a FeatureCollection of them (geojson.io); an object or its JSON text. */
  area: unknown;
}

/** Who saves or deletes an area; with the router, its cached areas are dropped at once (else within its refresh). */
export type ServiceAreaContext = ServiceContext & { deps?: { routing?: Pick<RoutingSuggester, 'forget'> } };

const MAX_NAME = 200;

function fieldError(field: string, messageKey: MessageKey, vars?: Record<string, string | number>): PendingFieldError {
  return { field, code: 'invalid', messageKey, vars };
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

function parseArea(value: unknown): { area?: AreaGeometry; error?: PendingFieldError } {
  let parsed = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return { error: fieldError('/area', 'field.required') };
    try {
      parsed = JSON.parse(value);
    } catch {
      return { error: fieldError('/area', 'error.complaint.area_json') };
    }
  }
  const area = toAreaGeometry(parsed);
  return area ? { area } : { error: fieldError('/area', 'error.complaint.area_geometry') };
}

/** Adds an agency service area (tenant administration; tests use it too). Every refused field at once. */
export async function saveServiceArea(ctx: ServiceAreaContext, tenant: { id: string }, input: ServiceAreaInput): Promise<string> {
  return writeServiceArea(ctx, tenant, input, undefined);
}

/**
 * Replaces an area's name, agency, category and boundary (audited, `complaint.service_area_updated`);
 * it keeps its id and its place in the order the router tries areas. The same checks as adding one;
 * 404 when the tenant has no such area.
 */
export async function updateServiceArea(ctx: ServiceAreaContext, tenant: { id: string }, id: string, input: ServiceAreaInput): Promise<void> {
  if (!UUID.test(id)) throw areaNotFound();
  await writeServiceArea(ctx, tenant, input, id);
}

function areaNotFound(): DomainError {
  return new DomainError('complaint.service_area_not_found', 404, 'error.complaint.service_area_not_found');
}

async function writeServiceArea(ctx: ServiceAreaContext, tenant: { id: string }, input: ServiceAreaInput, existingId: string | undefined): Promise<string> {
  const errors: PendingFieldError[] = [];
  const name = (input.name ?? '').trim();
  if (!name) errors.push(fieldError('/name', 'field.required'));
  else if (name.length > MAX_NAME) errors.push(fieldError('/name', 'field.maxLength', { limit: MAX_NAME }));
  const agency = input.agencyCode ? (await listAgencies(ctx.db, tenant)).find((a) => a.code === input.agencyCode || a.id === input.agencyCode) : undefined;
  if (!input.agencyCode) errors.push(fieldError('/agencyCode', 'field.required'));
  else if (!agency) errors.push(fieldError('/agencyCode', 'error.complaint.agency_unknown'));
  const { area, error } = parseArea(input.area);
  if (error) errors.push(error);
  const categoryCode = input.categoryCode || null;
  const id = existingId ?? randomUUID();
  await withTenant(ctx.db, tenant.id, async (trx) => {
    if (categoryCode && !(await store.selectCategories(trx, tenant.id)).some((c) => c.code === categoryCode)) {
      errors.push(fieldError('/categoryCode', 'error.complaint.category_unknown'));
    }
    if (existingId && !(await store.selectServiceArea(trx, tenant.id, existingId, true))) throw areaNotFound();
    if (errors.length > 0) throw new DomainError('validation', 400, 'error.validation', {}, errors);
    const fields = { name, agency_id: agency!.id, category_code: categoryCode, area: JSON.stringify(area) };
    if (existingId) await store.updateServiceArea(trx, tenant.id, existingId, fields);
    else await store.insertServiceArea(trx, { tenant_id: tenant.id, id, ...fields });
    await ctx.audit.append(trx, {
      tenantId: tenant.id,
      actor: actorRef(ctx.actor),
      action: existingId ? 'complaint.service_area_updated' : 'complaint.service_area_saved',
      subject: `complaint_service_area:${id}`,
      data: { name, agency: agency!.code, category: categoryCode, ...areaSize(area!) },
    });
  });
  ctx.deps?.routing?.forget?.(tenant.id);
  return id;
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

/**
 * Where the tenant works, as far as the platform knows: the box around its agencies' service areas.
 * Tenants have no configured centre, so the complaint form's map opens here, or on all of Indonesia
 * when the tenant has drawn no area. Only the box leaves the server, never the areas. From the
 * router's cache of the areas when it keeps one (the form is a citizen page: no query per view, and
 * saving an area drops the cache at once); else read here.
 */
export async function getServiceAreaBounds(
  ctx: ServiceContext & { deps: { routing: Pick<RoutingSuggester, 'areaBounds'> } },
  tenant: { id: string },
): Promise<AreaBounds | undefined> {
  if (ctx.deps.routing.areaBounds) return ctx.deps.routing.areaBounds(tenant.id);
  const rows = await withTenant(ctx.db, tenant.id, (trx) => store.selectServiceAreas(trx, tenant.id));
  return boundsOfAreas(rows.map((row) => row.area as AreaGeometry));
}

export interface ServiceAreaListItem {
  id: string;
  name: string;
  agency: { id: string; code: string; name: string } | null;
  /** null: every category. */
  categoryCode: string | null;
  categoryName: string | null;
  polygons: number;
  vertices: number;
  createdAt: string;
  area: AreaGeometry;
}

/** The tenant's service areas in the order the router tries them (oldest first). */
export async function listServiceAreas(ctx: ServiceContext, tenant: { id: string }): Promise<ServiceAreaListItem[]> {
  const agencies = await listAgencies(ctx.db, tenant);
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const [rows, categories] = await Promise.all([store.selectServiceAreas(trx, tenant.id), store.selectCategories(trx, tenant.id)]);
    return rows.map((row) => {
      const a = agencies.find((x) => x.id === row.agency_id);
      const area = row.area as AreaGeometry;
      return {
        id: row.id,
        name: row.name,
        agency: a ? { id: a.id, code: a.code, name: a.name } : null,
        categoryCode: row.category_code,
        categoryName: categories.find((c) => c.code === row.category_code)?.name ?? null,
        ...areaSize(area),
        createdAt: row.created_at.toISOString(),
        area,
      };
    });
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Deletes one of the tenant's service areas (audited); 404 when the tenant has no such area. */
export async function deleteServiceArea(ctx: ServiceAreaContext, tenant: { id: string }, id: string): Promise<void> {
  const notFound = areaNotFound;
  if (!UUID.test(id)) throw notFound();
  await withTenant(ctx.db, tenant.id, async (trx) => {
    const row = await store.deleteServiceArea(trx, tenant.id, id);
    if (!row) throw notFound();
    await ctx.audit.append(trx, {
      tenantId: tenant.id,
      actor: actorRef(ctx.actor),
      action: 'complaint.service_area_deleted',
      subject: `complaint_service_area:${id}`,
      data: { name: row.name, category: row.category_code },
    });
  });
  ctx.deps?.routing?.forget?.(tenant.id);
}
