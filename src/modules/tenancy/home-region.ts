// Where the person on a request lives (a region code), for the chooser of governments and the tenant
// home's link to it. Identity registers the source (the signed-in citizen's profile); tenancy knows
// no citizens. Without one, a well-formed `?wilayah=` carries it (links from a tenant's pages).
import type { FastifyRequest } from 'fastify';

/**
 * `contextTenantId`: the request's tenant, or at the portal root (no tenant) one of the installation's,
 * for the source to read the installation-wide session through.
 */
type HomeRegionSource = (request: FastifyRequest, contextTenantId: string | undefined) => Promise<string | undefined>;
let homeRegionSource: HomeRegionSource | undefined;

/** Identity's source of the signed-in person's home region (one; a second registration replaces it). */
export function registerHomeRegionSource(source: HomeRegionSource): void {
  homeRegionSource = source;
}

const REGION_CODE = /^\d{2}(\.\d{2}){0,2}(\.\d{4})?$/;

/** The home region of the request: the signed-in citizen's, else a well-formed `wilayah` in the query. */
export async function homeRegionOf(request: FastifyRequest, contextTenantId = request.tenant?.id): Promise<string | undefined> {
  const own = homeRegionSource ? await homeRegionSource(request, contextTenantId) : undefined;
  if (own) return own;
  const asked = (request.query as { wilayah?: unknown } | undefined)?.wilayah;
  return typeof asked === 'string' && REGION_CODE.test(asked) ? asked : undefined;
}

