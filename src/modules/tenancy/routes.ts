// Public JSON API of tenants and agencies.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../platform/errors.js';
import { contextOf } from '../../platform/http/request-context.js';
import type { TenantLookup } from '../../platform/http/tenant.js';
import { listAgencies } from './service.js';

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
}
