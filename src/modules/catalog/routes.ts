// Public JSON API of the catalogue: list, search, get, versions, and the catalogue as open data.
import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyContextConfig, FastifyInstance, FastifyRequest } from 'fastify';
import { readFromReplica, tenantContextOf } from '../../platform/http/request-context.js';
import {
  catalogCsv,
  getService,
  getServiceVersion,
  listServices,
  listServiceVersions,
  type PublicService,
  searchServices,
} from './service.js';
import { IdParams, ListQuery, PublicService as PublicServiceSchema, RankedSummary, SearchQuery, ServiceSummary, TenantQuery, Version } from './schemas.js';

export function servicePath(s: Pick<PublicService, 'code' | 'agency'>): string {
  return `/layanan/${s.agency.code}/${s.code}`;
}

function summary(request: FastifyRequest, s: PublicService): Static<typeof ServiceSummary> {
  return {
    id: s.id,
    code: s.code,
    name: s.name.id,
    nameEn: s.name.en ?? null,
    summary: request.lang === 'en' && s.summary.en ? s.summary.en : s.summary.id,
    agency: s.agency,
    category: s.category,
    fee: s.fee ?? 0,
    completionDays: s.completionDays ?? 0,
    channel: s.channel,
    versionId: s.versionId,
    url: `${request.basePath}${servicePath(s)}`,
  };
}

const tags = ['catalog'];
const publicPolicy: FastifyContextConfig = { policy: 'public' };

export function registerCatalogRoutes(app: FastifyInstance) {
  app.get<{ Querystring: Static<typeof SearchQuery> }>(
    '/api/v1/services/search',
    {
      config: publicPolicy,
      schema: {
        security: [],
        operationId: 'searchServices',
        tags,
        summary: 'Cari layanan / Search services',
        description: 'Ranked by relevance; tolerant of typos, missing spaces, abbreviations and synonyms (id/en).',
        querystring: SearchQuery,
        response: { 200: Type.Object({ q: Type.String(), items: Type.Array(RankedSummary) }) },
      },
    },
    async (request) => {
      const hits = await readFromReplica(request, tenantContextOf(request), (ctx) => searchServices(ctx, request.query.q, request.query.limit ?? 20));
      return { q: request.query.q, items: hits.map((h) => ({ ...summary(request, h.service), score: h.score })) };
    },
  );

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/services',
    {
      config: publicPolicy,
      schema: {
        security: [],
        operationId: 'listServices',
        tags,
        summary: 'Daftar layanan / List published services',
        description: 'Filter by agency code, category or life event (a life event lists its services in order).',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(ServiceSummary) }) },
      },
    },
    async (request) => {
      const { agency, category, lifeEvent } = request.query;
      const items = await readFromReplica(request, tenantContextOf(request), (ctx) => listServices(ctx, { agencyCode: agency, category, lifeEvent }));
      return { items: items.map((s) => summary(request, s)) };
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof TenantQuery> }>(
    '/api/v1/services/:id',
    {
      config: publicPolicy,
      schema: {
        security: [],
        operationId: 'getService',
        tags,
        summary: 'Standar pelayanan yang berlaku / A service and its standard in effect',
        params: IdParams,
        querystring: TenantQuery,
        response: { 200: PublicServiceSchema },
      },
    },
    async (request) => readFromReplica(request, tenantContextOf(request), (ctx) => getService(ctx, request.params.id)),
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof TenantQuery> }>(
    '/api/v1/services/:id/versions',
    {
      config: publicPolicy,
      schema: {
        security: [],
        operationId: 'listServiceVersions',
        tags,
        summary: 'Riwayat versi standar / Published versions of a service, newest first',
        params: IdParams,
        querystring: TenantQuery,
        response: { 200: Type.Object({ items: Type.Array(Version) }) },
      },
    },
    async (request) => {
      const versions = await listServiceVersions(tenantContextOf(request), request.params.id);
      return { items: versions.map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString() })) };
    },
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof TenantQuery> }>(
    '/api/v1/service-versions/:id',
    {
      config: publicPolicy,
      schema: {
        security: [],
        operationId: 'getServiceVersion',
        tags,
        summary: 'Satu versi standar / One published version (what an application references)',
        params: IdParams,
        querystring: TenantQuery,
        response: { 200: Version },
      },
    },
    async (request) => {
      const v = await getServiceVersion(tenantContextOf(request), request.params.id);
      return { ...v, publishedAt: v.publishedAt.toISOString() };
    },
  );

  app.get<{ Querystring: Static<typeof TenantQuery> }>(
    '/api/v1/open-data/services.json',
    {
      config: publicPolicy,
      schema: {
        security: [],
        operationId: 'getServiceCatalogueDataset',
        tags,
        summary: 'Data terbuka katalog layanan (JSON) / The catalogue as open data (JSON)',
        querystring: TenantQuery,
        response: {
          200: Type.Object({
            tenant: Type.String(),
            generatedAt: Type.String({ format: 'date-time' }),
            license: Type.String(),
            items: Type.Array(PublicServiceSchema),
          }),
        },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const items = await readFromReplica(request, ctx, listServices);
      reply.header('cache-control', 'public, max-age=300');
      return { tenant: ctx.tenant.slug, generatedAt: ctx.now().toISOString(), license: 'CC-BY-4.0', items };
    },
  );

  app.get<{ Querystring: Static<typeof TenantQuery> }>(
    '/api/v1/open-data/services.csv',
    {
      config: publicPolicy,
      schema: {
        security: [],
        operationId: 'getServiceCatalogueCsv',
        tags,
        summary: 'Data terbuka katalog layanan (CSV) / The catalogue as open data (CSV)',
        querystring: TenantQuery,
        produces: ['text/csv'],
        response: { 200: { content: { 'text/csv': { schema: Type.String() } } } },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const items = await readFromReplica(request, ctx, listServices);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="layanan-${ctx.tenant.slug}.csv"`)
        .header('cache-control', 'public, max-age=300')
        .send(catalogCsv(items));
    },
  );
}
