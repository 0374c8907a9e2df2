// The tenant's agency service areas as its coordinator and administrator manage them: add, replace,
// delete (each audited), list in the order the router tries them, and the box the complaint form's
// map opens on. The geometry is areas.ts; the router reads the areas through its own cache
// (suggester.ts), which a change here drops at once in this process.
import { randomUUID } from 'node:crypto';
import { withTenant } from '../../../db/index.js';
import { actorRef, type TenantContext } from '../../../platform/context.js';
import type { PendingFieldError } from '../../../platform/errors.js';
import type { MessageKey } from '../../../platform/i18n/index.js';
import { listAgencies } from '../../tenancy/index.js';
import { fieldError, invalid, serviceAreaNotFound } from '../errors.js';
import * as sharedStore from '../store.js';
import { UUID } from '../views.js';
import { type AreaBounds, type AreaGeometry, areaSize, boundsOfAreas, toAreaGeometry } from './areas.js';
import type { RoutingSuggester } from './suggester.js';
import * as store from './store.js';

export interface ServiceAreaInput {
  name: string;
  agencyCode: string;
  categoryCode?: string;
  /** A GeoJSON Polygon or MultiPolygon, a Feature holding one, or a FeatureCollection of them (geojson.io); an object or its JSON text. */
  area: unknown;
}

/** Who saves or deletes an area; with the router, its cached areas are dropped at once (else within its refresh). */
export type ServiceAreaContext = TenantContext & { routing?: Pick<RoutingSuggester, 'forget'> };

const MAX_NAME = 200;

const areaError = (field: string, messageKey: MessageKey, vars?: Record<string, string | number>) => fieldError(field, 'invalid', messageKey, vars);

function parseArea(value: unknown): { area?: AreaGeometry; error?: PendingFieldError } {
  let parsed = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return { error: areaError('/area', 'field.required') };
    try {
      parsed = JSON.parse(value);
    } catch {
      return { error: areaError('/area', 'error.complaint.area_json') };
    }
  }
  const area = toAreaGeometry(parsed);
  return area ? { area } : { error: areaError('/area', 'error.complaint.area_geometry') };
}

/** Adds an agency service area (tenant administration; tests use it too). Every refused field at once. */
export async function saveServiceArea(ctx: ServiceAreaContext, input: ServiceAreaInput): Promise<string> {
  return writeServiceArea(ctx, input, undefined);
}

/**
 * Replaces an area's name, agency, category and boundary (audited, `complaint.service_area_updated`);
 * it keeps its id and its place in the order the router tries areas. The same checks as adding one;
 * 404 when the tenant has no such area.
 */
export async function updateServiceArea(ctx: ServiceAreaContext, input: ServiceAreaInput & { id: string }): Promise<void> {
  if (!UUID.test(input.id)) throw serviceAreaNotFound();
  await writeServiceArea(ctx, input, input.id);
}

async function writeServiceArea(ctx: ServiceAreaContext, input: ServiceAreaInput, existingId: string | undefined): Promise<string> {
  const { tenant } = ctx;
  const errors: PendingFieldError[] = [];
  const name = (input.name ?? '').trim();
  if (!name) errors.push(areaError('/name', 'field.required'));
  else if (name.length > MAX_NAME) errors.push(areaError('/name', 'field.maxLength', { limit: MAX_NAME }));
  const agency = input.agencyCode ? (await listAgencies(ctx.db, tenant)).find((a) => a.code === input.agencyCode || a.id === input.agencyCode) : undefined;
  if (!input.agencyCode) errors.push(areaError('/agencyCode', 'field.required'));
  else if (!agency) errors.push(areaError('/agencyCode', 'error.complaint.agency_unknown'));
  const { area, error } = parseArea(input.area);
  if (error) errors.push(error);
  const categoryCode = input.categoryCode || null;
  const id = existingId ?? randomUUID();
  await withTenant(ctx.db, tenant.id, async (trx) => {
    if (categoryCode && !(await sharedStore.selectCategories(trx, tenant.id)).some((c) => c.code === categoryCode)) {
      errors.push(areaError('/categoryCode', 'error.complaint.category_unknown'));
    }
    if (existingId && !(await store.selectServiceArea(trx, tenant.id, existingId, true))) throw serviceAreaNotFound();
    if (errors.length > 0) throw invalid(errors);
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
  ctx.routing?.forget?.(tenant.id);
  return id;
}

/**
 * Where the tenant works, as far as the platform knows: the box around its agencies' service areas.
 * Tenants have no configured centre, so the complaint form's map opens here, or on all of Indonesia
 * when the tenant has drawn no area. Only the box leaves the server, never the areas. From the
 * router's cache of the areas when it keeps one (the form is a citizen page: no query per view, and
 * saving an area drops the cache at once); else read here.
 */
export async function getServiceAreaBounds(ctx: TenantContext & { routing: Pick<RoutingSuggester, 'areaBounds'> }): Promise<AreaBounds | undefined> {
  if (ctx.routing.areaBounds) return ctx.routing.areaBounds(ctx.tenant.id);
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => store.selectServiceAreas(trx, ctx.tenant.id));
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
export async function listServiceAreas(ctx: TenantContext): Promise<ServiceAreaListItem[]> {
  const { tenant } = ctx;
  const agencies = await listAgencies(ctx.db, tenant);
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const [rows, categories] = await Promise.all([store.selectServiceAreas(trx, tenant.id), sharedStore.selectCategories(trx, tenant.id)]);
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

/** One of the tenant's service areas; 404 when it has no such area. */
export async function getServiceArea(ctx: TenantContext, input: { id: string }): Promise<ServiceAreaListItem> {
  const area = (await listServiceAreas(ctx)).find((a) => a.id === input.id);
  if (!area) throw serviceAreaNotFound();
  return area;
}

/** Deletes one of the tenant's service areas (audited); 404 when the tenant has no such area. */
export async function deleteServiceArea(ctx: ServiceAreaContext, input: { id: string }): Promise<void> {
  const { tenant } = ctx;
  if (!UUID.test(input.id)) throw serviceAreaNotFound();
  await withTenant(ctx.db, tenant.id, async (trx) => {
    const row = await store.deleteServiceArea(trx, tenant.id, input.id);
    if (!row) throw serviceAreaNotFound();
    await ctx.audit.append(trx, {
      tenantId: tenant.id,
      actor: actorRef(ctx.actor),
      action: 'complaint.service_area_deleted',
      subject: `complaint_service_area:${input.id}`,
      data: { name: row.name, category: row.category_code },
    });
  });
  ctx.routing?.forget?.(tenant.id);
}
