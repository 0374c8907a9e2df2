// Business rules for tenants (a pemda or ministry) and their agencies (OPD / units).
import { randomUUID } from 'node:crypto';
import { type Db, type Tx, withTenant } from '../../db/index.js';
import { actorRef, type ServiceContext, type TenantContext } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { type AreaBounds, type AreaGeometry, boundsOfAreas, toAreaGeometry } from '../../platform/geo.js';
import {
  type AgencyRow,
  countTenants,
  insertAgency,
  insertTenant,
  readAgenciesWithNext,
  selectAgencies,
  selectTenantArea,
  selectTenants,
  type TenantRow,
  updateTenantArea,
  updateTenantParent,
} from './store.js';
import './strings.js';

export type Tenant = TenantRow;
export type Agency = AgencyRow;

export interface NewTenant {
  slug: string;
  name: string;
  nameEn?: string;
  kind: Tenant['kind'];
  regionCode?: string;
  timeZone: 'Asia/Jakarta' | 'Asia/Makassar' | 'Asia/Jayapura';
  hosts?: string[];
  brandColor?: string;
}

export interface NewAgency {
  code: string;
  name: string;
  nameEn?: string;
  kind?: string;
  description?: string;
  descriptionEn?: string;
}

export async function createTenant(ctx: ServiceContext, input: NewTenant): Promise<Tenant> {
  const tenant: Tenant = {
    id: randomUUID(),
    slug: input.slug,
    name: input.name,
    nameEn: input.nameEn ?? null,
    kind: input.kind,
    regionCode: input.regionCode ?? null,
    timeZone: input.timeZone,
    hosts: (input.hosts ?? []).map((h) => h.toLowerCase()),
    brandColor: input.brandColor ?? '#0b5394',
    parentId: null,
  };
  return ctx.db.transaction().execute(async (trx) => {
    await insertTenant(trx, tenant);
    await ctx.audit.append(trx, {
      tenantId: tenant.id,
      actor: actorRef(ctx.actor),
      action: 'tenant.created',
      subject: `tenant:${tenant.id}`,
      data: { slug: tenant.slug, kind: tenant.kind, regionCode: tenant.regionCode },
    });
    return tenant;
  });
}

/** Creates an agency of the context's tenant; returns false when it already has one with that code (idempotent seeds). */
export async function createAgency(ctx: TenantContext, input: NewAgency): Promise<boolean> {
  const { tenant } = ctx;
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const agency: Agency = {
      id: randomUUID(),
      code: input.code,
      name: input.name,
      nameEn: input.nameEn ?? null,
      kind: input.kind ?? 'dinas',
      description: input.description ?? null,
      descriptionEn: input.descriptionEn ?? null,
    };
    const created = await insertAgency(trx, tenant.id, agency);
    if (created) {
      await ctx.audit.append(trx, {
        tenantId: tenant.id,
        actor: actorRef(ctx.actor),
        action: 'agency.created',
        subject: `agency:${agency.id}`,
        data: { code: agency.code },
      });
    }
    return created;
  });
}

/** The tenant's own area (its city, regency or province), or null when the tenant admin set none. */
export async function getTenantArea(ctx: Pick<TenantContext, 'db' | 'tenant'>): Promise<AreaGeometry | null> {
  return toAreaGeometry(await selectTenantArea(ctx.db, ctx.tenant.id)) ?? null;
}

/** The box around the tenant's area (where the complaint form's map opens), or undefined. */
export async function getTenantAreaBounds(ctx: Pick<TenantContext, 'db' | 'tenant'>): Promise<AreaBounds | undefined> {
  const area = await getTenantArea(ctx);
  return area ? boundsOfAreas([area]) : undefined;
}

const areaRefused = (code: string, messageKey: MessageKey) => new DomainError('validation', 400, 'error.validation', {}, [{ field: '/area', code, messageKey }]);

/** The area in what was sent: GeoJSON as an object (the API) or as text (the form's textarea). */
function parseArea(value: unknown): AreaGeometry | null {
  if (value === null) return null;
  let parsed = value;
  if (typeof value === 'string') {
    if (value.trim() === '') throw areaRefused('required', 'field.required');
    try {
      parsed = JSON.parse(value);
    } catch {
      throw areaRefused('json', 'tenant.area.json');
    }
  }
  const area = toAreaGeometry(parsed);
  if (!area) throw areaRefused('format', 'tenant.area.invalid');
  return area;
}

/**
 * Sets (or, with null, clears) the tenant's area: GeoJSON Polygon or MultiPolygon, a Feature or a
 * FeatureCollection of them, as the area editor writes it — an object, or its text as the form sends
 * it. 400 with the field error on anything else (nothing saved). Audited with the area's box.
 */
export async function setTenantArea(ctx: TenantContext, input: { area: unknown }): Promise<AreaGeometry | null> {
  const area = parseArea(input.area);
  await ctx.db.transaction().execute(async (trx) => {
    await updateTenantArea(trx, ctx.tenant.id, area);
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: area ? 'tenant.area_set' : 'tenant.area_cleared',
      subject: `tenant:${ctx.tenant.id}`,
      data: area ? { bounds: boundsOfAreas([area]) } : {},
    });
  });
  return area;
}

const parentRefused = (code: string, messageKey: MessageKey, vars: Record<string, string> = {}) =>
  new DomainError('validation', 400, 'error.validation', {}, [{ field: '/parent', code, messageKey, vars }]);

/**
 * Names the province a regency or city belongs to (a platform operator's act: `gerbang tenant parent`),
 * or with `parent: null` clears it. The parent must be a province, the child a regency or city, and
 * where both have region codes the child's must lie in the parent's (a province names only its own
 * regencies and cities). Audited in the child tenant's chain.
 */
export async function setTenantParent(ctx: ServiceContext, input: { child: string; parent: string | null }): Promise<Tenant> {
  const tenants = await selectTenants(ctx.db);
  const child = tenants.find((t) => t.slug === input.child);
  if (!child) throw new DomainError('tenant.not_found', 404, 'error.tenant_not_found', { tenant: input.child });
  const parent = input.parent === null ? null : tenants.find((t) => t.slug === input.parent);
  if (parent === undefined) throw new DomainError('tenant.not_found', 404, 'error.tenant_not_found', { tenant: String(input.parent) });
  if (parent) {
    if (parent.kind !== 'province') throw parentRefused('not_province', 'tenant.parent.not_province', { parent: parent.name });
    if (child.kind !== 'regency' && child.kind !== 'city') throw parentRefused('not_local', 'tenant.parent.not_local', { child: child.name });
    if (child.regionCode && parent.regionCode && !child.regionCode.startsWith(`${parent.regionCode}.`)) {
      throw parentRefused('outside', 'tenant.parent.outside', { child: child.name, parent: parent.name });
    }
  }
  await ctx.db.transaction().execute(async (trx) => {
    await updateTenantParent(trx, child.id, parent?.id ?? null);
    await ctx.audit.append(trx, {
      tenantId: child.id,
      actor: actorRef(ctx.actor),
      action: parent ? 'tenant.parent_set' : 'tenant.parent_cleared',
      subject: `tenant:${child.id}`,
      data: parent ? { parent: `tenant:${parent.id}` } : {},
    });
  });
  return { ...child, parentId: parent?.id ?? null };
}

export function listAgencies(db: Db, tenant: Pick<Tenant, 'id'>): Promise<Agency[]> {
  return selectAgencies(db, tenant.id);
}

/**
 * listAgencies read with the transaction's next statement (readWithNext), in a transaction already in
 * the tenant's scope: the caller makes that statement before it awaits these rows.
 */
export function listAgenciesWithNext(trx: Tx, tenant: Pick<Tenant, 'id'>): Promise<Agency[]> {
  return readAgenciesWithNext(trx, tenant.id);
}

export { countTenants, selectTenants as listTenants };

/**
 * Tenants change rarely and are looked up on every request, so each process keeps them in memory
 * and reloads them every `ttlMs` (a new tenant appears everywhere within that time), by the app's
 * clock (tests move it).
 */
export class TenantDirectory {
  private bySlug = new Map<string, Tenant>();
  private byHost = new Map<string, Tenant>();
  private loadedAt: number | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    private readonly ttlMs = 30_000,
  ) {}

  async refresh(): Promise<void> {
    const tenants = await selectTenants(this.db);
    this.bySlug = new Map(tenants.map((t) => [t.slug, t]));
    this.byHost = new Map(tenants.flatMap((t) => t.hosts.map((h) => [h, t] as const)));
    this.loadedAt = this.now().getTime();
  }

  private async fresh(): Promise<void> {
    // Also when the clock went back (a test, a corrected server clock): never keep a list forever.
    const age = this.loadedAt === undefined ? Infinity : this.now().getTime() - this.loadedAt;
    if (age >= 0 && age < this.ttlMs) return;
    this.loading ??= this.refresh().finally(() => {
      this.loading = undefined;
    });
    await this.loading;
  }

  async all(): Promise<Tenant[]> {
    await this.fresh();
    return [...this.bySlug.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async bySlugOrUndefined(slug: string): Promise<Tenant | undefined> {
    await this.fresh();
    return this.bySlug.get(slug.toLowerCase());
  }

  async byHostName(host: string | undefined): Promise<Tenant | undefined> {
    if (!host) return undefined;
    await this.fresh();
    return this.byHost.get(host.toLowerCase().replace(/:\d+$/, ''));
  }
}
