// Which tenant a request is for: the /t/<slug> path prefix, else the host name, else a `tenant`
// query parameter (API clients). Pages build their links with request.basePath.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';

export const TENANT_PATH_PREFIX = '__gerbangTenantSlug';

export interface TenantInfo {
  id: string;
  slug: string;
  name: string;
  nameEn: string | null;
  kind: 'province' | 'regency' | 'city' | 'ministry';
  regionCode: string | null;
  timeZone: string;
  brandColor: string;
  /** The province tenant a regency or city belongs to, on this installation (tenancy's hierarchy). */
  parentId?: string | null;
}

export interface TenantLookup {
  bySlugOrUndefined(slug: string): Promise<TenantInfo | undefined>;
  byHostName(host: string | undefined): Promise<TenantInfo | undefined>;
  /** Every tenant of the installation. */
  all(): Promise<TenantInfo[]>;
}

declare module 'fastify' {
  interface FastifyRequest {
    tenant: TenantInfo | undefined;
    /** '' or '/t/<slug>': prefix for links so that path-addressed tenants stay addressed. */
    basePath: string;
  }
}

export function registerTenantResolution(app: FastifyInstance, tenants: TenantLookup): void {
  app.decorateRequest('tenant', undefined);
  app.decorateRequest('basePath', '');
  app.addHook('onRequest', async (request) => {
    const pathSlug = (request.raw as unknown as Record<string, string | undefined>)[TENANT_PATH_PREFIX];
    if (pathSlug) {
      request.tenant = await tenants.bySlugOrUndefined(pathSlug);
      if (!request.tenant)
        throw new DomainError('tenant.not_found', 404, 'error.tenant_not_found', { tenant: pathSlug });
      request.basePath = `/t/${pathSlug}`;
      return;
    }
    request.tenant = await tenants.byHostName(request.hostname);
    const query = request.query as Record<string, unknown> | undefined;
    if (!request.tenant && typeof query?.tenant === 'string' && query.tenant !== '') {
      request.tenant = await tenants.bySlugOrUndefined(query.tenant);
      if (!request.tenant) {
        throw new DomainError('tenant.not_found', 404, 'error.tenant_not_found', { tenant: query.tenant });
      }
    }
  });
}

export function requireTenant(request: FastifyRequest): TenantInfo {
  if (!request.tenant) throw new DomainError('tenant.required', 400, 'error.tenant_required');
  return request.tenant;
}
