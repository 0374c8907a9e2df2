// Agency admin JSON API of the catalogue: drafts, publishing, revisions, public comments, import and
// export. Policy 'catalog.manage' (agency_admin for their agency, tenant_admin for all): the guard
// refuses people without the role; each handler checks the agency of the service it loaded.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize, can } from '../../platform/auth/index.js';
import type { TenantContext } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { listAgencies } from '../tenancy/index.js';
import type { ServiceDefinition as Definition } from './model.js';
import { IdParams, ServiceDefinition, ServiceExport, Version } from './schemas.js';
import {
  createService,
  exportService,
  getServiceDraft,
  importService,
  listAgencyServices,
  listComments,
  publishService,
  type ServiceRow,
  setCommentsOpen,
  updateDraft,
} from './service.js';
import './strings.js';

const manage: FastifyContextConfig = { policy: 'catalog.manage' };
const tags = ['catalog'];

/** Loads a service and checks the officer may manage its agency (404 for another tenant's id). */
export async function loadManaged(request: FastifyRequest, id: string): Promise<ServiceRow> {
  const row = await getServiceDraft(tenantContextOf(request), id);
  authorize(request, 'catalog.manage', { agencyId: row.agencyId });
  return row;
}

/** The agency (by code) an officer acts for, checked against their grants. */
export async function managedAgency(request: FastifyRequest, code: string) {
  const ctx = tenantContextOf(request);
  const agency = (await listAgencies(ctx.db, ctx.tenant)).find((a) => a.code === code);
  if (!agency) {
    throw new DomainError('catalog.invalid_service', 400, 'error.catalog.invalid_service', {}, [
      { field: '/agency', code: 'unknown', messageKey: 'field.enum' },
    ]);
  }
  authorize(request, 'catalog.manage', { agencyId: agency.id });
  return agency;
}

/**
 * Creates a draft service (new or imported) in the agency named in the body, answering 201. With an
 * Idempotency-Key, a retried POST returns the first result instead of a duplicate-code error.
 */
async function createDraftOnce(
  request: FastifyRequest<{ Body: { agency: string } }>,
  reply: FastifyReply,
  scope: 'catalog.create' | 'catalog.import',
  create: (ctx: TenantContext, agencyId: string) => Promise<ServiceRow>,
): Promise<ServiceRow> {
  const agency = await managedAgency(request, request.body.agency);
  const ctx = tenantContextOf(request);
  return withIdempotency(request, reply, {
    // The officer's id, as the key's scope has always named it (the policy admits officers only).
    scope: `${scope}:${ctx.tenant.id}:${'id' in ctx.actor ? ctx.actor.id : 'anonymous'}`,
    run: (db) => create({ ...ctx, db }, agency.id),
    respond: (body) => ({ status: 201, body }),
  });
}

const AdminService = Type.Object({
  id: Type.String({ format: 'uuid' }),
  agencyId: Type.String({ format: 'uuid' }),
  code: Type.String(),
  draft: ServiceDefinition,
  draftPending: Type.Boolean({ description: 'The draft has changes not yet published' }),
  commentsOpen: Type.Boolean(),
  latestVersion: Type.Integer({ description: '0 = never published' }),
  reviewOverdue: Type.Optional(Type.Boolean()),
});

const Comment = Type.Object({
  id: Type.String({ format: 'uuid' }),
  authorName: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

const CreateBody = Type.Object({ agency: Type.String({ maxLength: 41 }), definition: ServiceDefinition }, { additionalProperties: false });
const ImportBody = Type.Object({ agency: Type.String({ maxLength: 41 }), file: ServiceExport }, { additionalProperties: false });
const PublishBody = Type.Object(
  { effectiveFrom: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })) },
  { additionalProperties: false },
);
const CommentsBody = Type.Object({ open: Type.Boolean() }, { additionalProperties: false });
type IdP = { Params: Static<typeof IdParams> };

export function registerCatalogAdminRoutes(app: FastifyInstance) {
  app.get<{ Querystring: { agency?: string } }>(
    '/api/v1/admin/services',
    {
      config: manage,
      schema: {
        operationId: 'listManagedServices',
        tags,
        summary: 'Layanan yang dikelola (termasuk draf) / Services I manage, drafts included',
        querystring: Type.Object({ agency: Type.Optional(Type.String({ maxLength: 41 })) }),
        response: { 200: Type.Object({ items: Type.Array(AdminService) }) },
      },
    },
    async (request) => {
      const agencyId = request.query.agency ? (await managedAgency(request, request.query.agency)).id : null;
      const rows = await listAgencyServices(tenantContextOf(request), agencyId);
      return { items: rows.filter((r) => can(request.principal, 'catalog.manage', { agencyId: r.agencyId })) };
    },
  );

  app.post<{ Body: Static<typeof CreateBody> }>(
    '/api/v1/admin/services',
    {
      config: manage,
      schema: {
        operationId: 'createService',
        tags,
        summary: 'Buat draf layanan / Create a draft service',
        body: CreateBody,
        response: { 201: AdminService },
      },
    },
    async (request, reply) =>
      createDraftOnce(request, reply, 'catalog.create', (ctx, agencyId) =>
        createService(ctx, agencyId, request.body.definition as Definition),
      ),
  );

  app.get<IdP>(
    '/api/v1/admin/services/:id',
    {
      config: manage,
      schema: { operationId: 'getManagedService', tags, summary: 'Draf dan status / Draft and state', params: IdParams, response: { 200: AdminService } },
    },
    async (request) => loadManaged(request, request.params.id),
  );

  app.put<IdP & { Body: Static<typeof ServiceDefinition> }>(
    '/api/v1/admin/services/:id/draft',
    {
      config: manage,
      schema: {
        operationId: 'updateServiceDraft',
        tags,
        summary: 'Simpan draf / Save the draft (a published service keeps its version until the draft is published)',
        params: IdParams,
        body: ServiceDefinition,
        response: { 200: AdminService },
      },
    },
    async (request) => {
      await loadManaged(request, request.params.id);
      return updateDraft(tenantContextOf(request), request.params.id, request.body as Definition);
    },
  );

  app.post<IdP & { Body: Static<typeof PublishBody> }>(
    '/api/v1/admin/services/:id/publish',
    {
      config: manage,
      schema: {
        operationId: 'publishService',
        tags,
        summary: 'Terbitkan draf sebagai versi baru / Publish the draft as a new version',
        description: 'Refused (422) with a field error per missing component unless all 14 components are present.',
        params: IdParams,
        body: PublishBody,
        response: { 201: Version },
      },
    },
    async (request, reply) => {
      await loadManaged(request, request.params.id);
      const v = await publishService(tenantContextOf(request), request.params.id, request.body ?? {});
      return reply.code(201).send({ ...v, publishedAt: v.publishedAt.toISOString() });
    },
  );

  app.put<IdP & { Body: Static<typeof CommentsBody> }>(
    '/api/v1/admin/services/:id/comments-open',
    {
      config: manage,
      schema: {
        operationId: 'setServiceCommentsOpen',
        tags,
        summary: 'Buka/tutup draf untuk tanggapan publik / Open or close a draft for public comment',
        params: IdParams,
        body: CommentsBody,
        response: { 200: Type.Object({ open: Type.Boolean() }) },
      },
    },
    async (request) => {
      await loadManaged(request, request.params.id);
      await setCommentsOpen(tenantContextOf(request), request.params.id, request.body.open);
      return { open: request.body.open };
    },
  );

  app.get<IdP>(
    '/api/v1/admin/services/:id/comments',
    {
      config: manage,
      schema: {
        operationId: 'listServiceComments',
        tags,
        summary: 'Tanggapan publik atas draf / Public comments on the draft',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(Comment) }) },
      },
    },
    async (request) => {
      await loadManaged(request, request.params.id);
      const items = await listComments(tenantContextOf(request), request.params.id);
      return { items: items.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })) };
    },
  );

  app.get<IdP>(
    '/api/v1/admin/services/:id/export',
    {
      config: manage,
      schema: {
        operationId: 'exportService',
        tags,
        summary: 'Ekspor definisi layanan (JSON) / Export the service definition (JSON)',
        params: IdParams,
        response: { 200: ServiceExport },
      },
    },
    async (request, reply) => {
      const row = await loadManaged(request, request.params.id);
      reply.header('content-disposition', `attachment; filename="layanan-${row.code}.json"`);
      return exportService(tenantContextOf(request), row.id);
    },
  );

  app.post<{ Body: Static<typeof ImportBody> }>(
    '/api/v1/admin/services/import',
    {
      config: manage,
      schema: {
        operationId: 'importService',
        tags,
        summary: 'Impor definisi layanan sebagai draf / Import a service definition as a draft',
        description: 'The SK and review date of the source are cleared: the receiving agency sets its own.',
        body: ImportBody,
        response: { 201: AdminService },
      },
    },
    async (request, reply) =>
      createDraftOnce(request, reply, 'catalog.import', (ctx, agencyId) =>
        importService(ctx, agencyId, request.body.file as never),
      ),
  );
}
