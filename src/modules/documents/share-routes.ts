// The holder's share links in the JSON API: create one for a document, list them, revoke one. The
// holder only (policy documents.mine; the service checks the document is theirs). The link itself is a
// page (share-pages.tsx), opened by whoever holds it.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problem } from '../../platform/http/openapi.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { createDocumentShareLink, listDocumentShareLinks, revokeDocumentShareLink, SHARE_DAYS } from './share-links.js';

const tags = ['documents'];

const ShareLink = Type.Object({
  id: Type.String({ format: 'uuid' }),
  documentId: Type.String({ format: 'uuid' }),
  number: Type.String({ description: 'The document’s number' }),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  state: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
});

const CreatedLink = Type.Intersect([
  ShareLink,
  Type.Object({
    token: Type.String({ description: 'The link’s secret: shown in this answer only (only its hash is kept)' }),
    path: Type.String({ description: 'The link under the tenant’s address: /dokumen/bagikan/{token}' }),
  }),
]);

const DocumentParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const LinkParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const CreateBody = Type.Object(
  { days: Type.Union(SHARE_DAYS.map((d) => Type.Literal(d)), { description: 'How long the link works, in days' }) },
  { additionalProperties: false },
);

const notFound = { 404: problem('Tidak ada dokumen atau tautan Anda dengan id ini / None of your documents or links has this id') };

export function registerShareLinkRoutes(app: FastifyInstance) {
  app.post<{ Params: Static<typeof DocumentParams>; Body: Static<typeof CreateBody> }>(
    '/api/v1/me/documents/:id/share-links',
    {
      config: { policy: 'documents.mine' },
      schema: {
        tags,
        operationId: 'createDocumentShareLink',
        summary: 'Buat tautan berbagi dokumen / Create a share link to one of my documents',
        description: 'A link that shows the document’s verification facts and offers its download until it expires (1, 7 or 30 days) or is revoked. Audited.',
        params: DocumentParams,
        body: CreateBody,
        response: { 201: CreatedLink, ...notFound, 409: problem('Dokumen tidak sah lagi (dicabut atau kedaluwarsa) / The document is no longer valid (revoked or expired)') },
      },
    },
    async (request, reply) => reply.code(201).send(await createDocumentShareLink(tenantContextOf(request), { documentId: request.params.id, days: request.body.days })),
  );

  app.get(
    '/api/v1/me/document-share-links',
    {
      config: { policy: 'documents.mine' },
      schema: {
        tags,
        operationId: 'listDocumentShareLinks',
        summary: 'Tautan berbagi saya / My share links',
        description: 'Newest first, with their state; the tokens are never shown again.',
        response: { 200: Type.Object({ items: Type.Array(ShareLink) }) },
      },
    },
    async (request) => ({ items: await listDocumentShareLinks(tenantContextOf(request)) }),
  );

  app.post<{ Params: Static<typeof LinkParams> }>(
    '/api/v1/me/document-share-links/:id/revoke',
    {
      config: { policy: 'documents.mine' },
      schema: {
        tags,
        operationId: 'revokeDocumentShareLink',
        summary: 'Cabut tautan berbagi / Revoke a share link',
        description: 'The link stops working at once. Revoking a revoked link changes nothing. Audited.',
        params: LinkParams,
        response: { 200: ShareLink, ...notFound },
      },
    },
    async (request) => revokeDocumentShareLink(tenantContextOf(request), { id: request.params.id }),
  );
}
