// The refusals every API operation can give, declared once for the OpenAPI document. A route declares
// what is its own (409 with the current state, 401 for wrong credentials, its validation details);
// the answers the platform gives around every route are added here from what the route is: its access
// policy (401/403), its method (bodies: 413/415, CSRF 403 for form bodies, rate limit 429), its path
// parameters (404, 414 for a segment too long), its tenant (404) and input (400). Tenant-scoped
// operations also declare how the tenant is given; test/openapi.test.ts checks that an operation
// answering "tenant required" declares the tenant, test/fuzz.test.ts that no operation answers a
// status it does not declare.
import type { FastifySchema, RouteOptions } from 'fastify';
import { policyRule } from '../auth/policy.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * 'none': the operation needs no tenant (the list of tenants, the region list, the national
     * calendar); its OpenAPI entry gets no `tenant` parameter but the one it may declare itself.
     */
    tenant?: 'none';
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** The description of the `tenant` query parameter of tenant-scoped operations. */
export const TENANT_PARAMETER_DESCRIPTION =
  'Pemerintah (slug), bila tidak dari nama host atau awalan /t/<slug> / The government (its slug), when neither the host name nor a /t/<slug> path prefix names it';

/** An answer `application/problem+json` with this description, for a route's own refusals. */
export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { type: 'object', additionalProperties: true } } },
});

/** Open311 GeoReport v2 answers its errors as the standard's error list (decision 0025). */
const open311Errors = (description: string) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'array',
        items: { type: 'object', properties: { code: { type: 'integer' }, description: { type: 'string' } }, required: ['code', 'description'] },
      },
    },
    'text/xml': { schema: { type: 'string' } },
  },
});

type Responses = Record<string, unknown>;

function isAnonymous(route: RouteOptions): boolean {
  const key = route.config?.policy;
  return key !== undefined && policyRule(key).anonymous === true;
}

/** The platform's own refusals for one route, by status. */
export function platformRefusals(route: RouteOptions, url: string, tenantScoped: boolean): Responses {
  const methods = (Array.isArray(route.method) ? route.method : [route.method]).map(String);
  const writes = methods.some((m) => WRITE_METHODS.has(m));
  const body = methods.some((m) => BODY_METHODS.has(m));
  const hasPathParams = /[:{]/.test(url);
  if (url.startsWith('/open311/')) {
    return {
      400: open311Errors('Masukan tidak sah atau yurisdiksi tidak disebut / Invalid input, or no jurisdiction given'),
      404: open311Errors('Tidak ditemukan / Not found (an unknown jurisdiction, service or request)'),
      ...(writes ? { 403: open311Errors('Kunci API tidak sah / Invalid api_key') } : {}),
      ...(body ? { 413: open311Errors('Isi terlalu besar / Body too large'), 415: open311Errors('Jenis isi tidak didukung / Unsupported content type') } : {}),
      ...(writes ? { 429: open311Errors('Terlalu banyak permintaan / Too many requests') } : {}),
    };
  }
  const signedIn = !isAnonymous(route);
  return {
    400: problem(tenantScoped ? 'Masukan tidak sah, atau pemerintah tidak disebut / Invalid input, or no government given' : 'Masukan tidak sah / Invalid input'),
    ...(signedIn ? { 401: problem('Belum masuk / Not signed in') } : {}),
    ...(signedIn || writes
      ? { 403: problem(writes ? 'Tanpa hak, atau token CSRF tidak sah untuk isi formulir / Not allowed, or a form body without a valid CSRF token' : 'Tanpa hak / Signed in without the right to do this') }
      : {}),
    ...(hasPathParams || tenantScoped ? { 404: problem('Tidak ditemukan / Not found') } : {}),
    ...(hasPathParams ? { 414: problem('Bagian alamat terlalu panjang / A path segment too long') } : {}),
    ...(body ? { 413: problem('Isi terlalu besar / Body too large'), 415: problem('Jenis isi tidak didukung / Unsupported content type') } : {}),
    ...(writes ? { 429: problem('Terlalu banyak permintaan / Too many requests (Retry-After says when to try again)') } : {}),
  };
}

function withTenantParameter(querystring: unknown): unknown {
  const q = (querystring ?? { type: 'object', properties: {} }) as { properties?: Record<string, unknown> };
  if (q.properties?.tenant) return querystring;
  return { ...q, properties: { ...(q.properties ?? {}), tenant: { type: 'string', description: TENANT_PARAMETER_DESCRIPTION } } };
}

/**
 * @fastify/swagger's `transform`: the route's schema as documented (the route itself validates with
 * its own schema, unchanged). A declared answer of the route wins over the platform's wording.
 */
export function documentPlatformAnswers({ schema, url, route }: { schema: FastifySchema; url: string; route: RouteOptions }): { schema: FastifySchema; url: string } {
  if (!schema || (schema as { hide?: boolean }).hide) return { schema, url };
  const isApi = url.startsWith('/api/v1/');
  const tenantScoped = isApi && route.config?.tenant !== 'none' && !/\{tenant\}|:tenant\b/.test(url);
  const own = (schema.response ?? {}) as Responses;
  return {
    url,
    schema: {
      ...schema,
      ...(tenantScoped ? { querystring: withTenantParameter(schema.querystring) } : {}),
      response: { ...platformRefusals(route, url, tenantScoped), ...own },
    },
  };
}
