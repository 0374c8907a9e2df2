// JSON API of tenants and agencies (public), and the tenant's own area (its administrator).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../platform/errors.js';
import { areaSize, boundsOfAreas, type AreaGeometry } from '../../platform/geo.js';
import { contextOf, tenantContextOf } from '../../platform/http/request-context.js';
import type { TenantLookup } from '../../platform/http/tenant.js';
import { getTenantArea, listAgencies, setTenantArea } from './service.js';

const Tenant = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  kind: Type.Union([
    Type.Literal('province'),
    Type.Literal('regency'),
    Type.Literal('city'),
    Type.Literal('ministry'),
  ]),
  regionCode: Type.Union([Type.String(), Type.Null()], { description: 'Kemendagri region code, e.g. 73.71' }),
  timeZone: Type.String(),
});

const Agency = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  descriptionEn: Type.Union([Type.String(), Type.Null()]),
});

const TenantArea = Type.Object({
  area: Type.Union([Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Unknown()) }), Type.Null()], {
    description: 'GeoJSON Polygon or MultiPolygon ([longitude, latitude]); null: no area set',
  }),
  bounds: Type.Union([Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }), Type.Null()], { description: '[south, west, north, east]: where the complaint form’s map opens' }),
  polygons: Type.Integer(),
  vertices: Type.Integer(),
});
const TenantAreaBody = Type.Object(
  {
    area: Type.Union([Type.Object({ type: Type.String({ maxLength: 40 }) }, { additionalProperties: true }), Type.Null()], {
      description: 'GeoJSON Polygon or MultiPolygon ([longitude, latitude]), or a Feature / FeatureCollection of them (as geojson.io saves it); null clears the area',
    }),
  },
  { additionalProperties: false },
);

const areaReply = (area: AreaGeometry | null) => ({ area, bounds: area ? boundsOfAreas([area])! : null, ...(area ? areaSize(area) : { polygons: 0, vertices: 0 }) });

const SlugParams = Type.Object({ tenant: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' }) });

export function registerTenancyRoutes(app: FastifyInstance, deps: { tenants: TenantLookup }) {
  app.get(
    '/api/v1/tenants',
    {
      config: { policy: 'public', tenant: 'none' },
      schema: {
        security: [],
        operationId: 'listTenants',
        tags: ['tenancy'],
        summary: 'Daftar pemerintah daerah / List governments',
        response: { 200: Type.Object({ items: Type.Array(Tenant) }) },
      },
    },
    async () => ({ items: await deps.tenants.all() }),
  );

  app.get<{ Params: Static<typeof SlugParams> }>(
    '/api/v1/tenants/:tenant/agencies',
    {
      config: { policy: 'public' },
      schema: {
        security: [],
        operationId: 'listAgencies',
        tags: ['tenancy'],
        summary: 'Daftar instansi sebuah pemerintah daerah / List the agencies of a government',
        params: SlugParams,
        response: { 200: Type.Object({ tenant: Type.String(), items: Type.Array(Agency) }) },
      },
    },
    async (request) => {
      const tenant = await deps.tenants.bySlugOrUndefined(request.params.tenant);
      if (!tenant) {
        throw new DomainError('tenant.not_found', 404, 'error.tenant_not_found', {
          tenant: request.params.tenant,
        });
      }
      return { tenant: tenant.slug, items: await listAgencies(contextOf(request).db, tenant) };
    },
  );

  const admin = { policy: 'tenant.admin' } as const;
  app.get(
    '/api/v1/admin/tenant-area',
    {
      config: admin,
      schema: {
        operationId: 'getTenantArea',
        tags: ['tenancy'],
        summary: 'Wilayah pemerintah daerah / The government’s own area',
        description: 'The complaint form’s map opens on it; a report placed outside it is marked for the coordinator.',
        response: { 200: TenantArea },
      },
    },
    async (request) => areaReply(await getTenantArea(tenantContextOf(request))),
  );

  app.put<{ Body: Static<typeof TenantAreaBody> }>(
    '/api/v1/admin/tenant-area',
    {
      config: admin,
      schema: {
        operationId: 'setTenantArea',
        tags: ['tenancy'],
        summary: 'Tetapkan wilayah pemerintah daerah / Set (or clear) the government’s own area',
        description: 'Audited (tenant.area_set, tenant.area_cleared). 400 with a field error on /area for anything but a polygon.',
        body: TenantAreaBody,
        response: { 200: TenantArea },
      },
    },
    async (request) => areaReply(await setTenantArea(tenantContextOf(request), { area: request.body.area })),
  );
}
