// The public-information list's JSON API: the public list and items (listPublicInformation,
// getPublicInformation, downloadPublicInformationDocument) and the PPID's writes (create, save,
// attach, mark updated, retire, history). Thin: parse, authorise (the route's policy; the item's
// agency through manageOf), one service call.
import multipart from '@fastify/multipart';
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { type FileStore, sendFileDownload } from '../../platform/files/index.js';
import { withIdempotency } from '../../platform/http/idempotency.js';
import { problem } from '../../platform/http/openapi.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { manageOf } from './access.js';
import {
  attachInformationDocuments,
  CLASSES,
  createInformation,
  getInformation,
  getInformationHistory,
  listInformation,
  markInformationUpdated,
  openInformationDocument,
  PAGE_LIMIT,
  retireInformation,
  saveInformation,
  TEXT_LIMITS,
} from './service.js';
import { discardReceivedFiles } from '../../platform/files/index.js';
import { MULTIPART_LIMITS, receiveDocuments } from './uploads.js';

const tags = ['information-list'];
const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Class = Type.Union(CLASSES.map((c) => Type.Literal(c)), { description: 'berkala (periodic, at least every 6 months), serta_merta (immediate), setiap_saat (available at all times), dikecualikan (exempt)' });

const Item = Type.Object({
  id: Uuid,
  agency: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.Union([Type.String(), Type.Null()]) }),
  class: Class,
  title: Type.String(),
  summary: Type.String(),
  official: Type.String({ description: 'The official (position) holding the information' }),
  periodFormat: Type.String({ description: 'When and in what form it is published' }),
  retention: Type.String(),
  legalGround: Type.Union([Type.String(), Type.Null()], { description: 'Exempt items only: the legal ground and consequence test' }),
  lastUpdatedAt: DateTime,
  updateDueDay: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'Berkala: the day the next update is due (6 months after the last, tenant’s zone)' }),
  overdue: Type.Boolean({ description: 'Berkala only: not updated by updateDueDay' }),
  retired: Type.Union([Type.Object({ at: DateTime, reason: Type.String() }), Type.Null()]),
  version: Type.Integer({ description: 'Send as expectedVersion to savePublicInformation' }),
  documents: Type.Array(Type.Object({ fileId: Uuid, name: Type.String(), mime: Type.String(), size: Type.Integer(), attachedAt: DateTime, href: Type.String() })),
  documentsWithheld: Type.Integer({ description: 'Documents of an exempt item not open to the public' }),
});
type ItemView = Awaited<ReturnType<typeof getInformation>>;

const text = (max: number, description?: string) => Type.String({ maxLength: max, ...(description ? { description } : {}) });
const ItemBody = Type.Object(
  {
    agency: Type.String({ minLength: 1, maxLength: 64, description: 'Agency code' }),
    class: Type.String({ maxLength: 32, description: 'berkala, serta_merta, setiap_saat or dikecualikan' }),
    title: text(TEXT_LIMITS.title),
    summary: text(TEXT_LIMITS.summary),
    official: text(TEXT_LIMITS.official),
    periodFormat: text(TEXT_LIMITS.periodFormat),
    retention: text(TEXT_LIMITS.retention),
    legalGround: Type.Optional(Type.Union([text(TEXT_LIMITS.legalGround, 'Required for dikecualikan; ignored otherwise'), Type.Null()])),
  },
  { additionalProperties: false },
);
const SaveBody = Type.Object({ ...ItemBody.properties, expectedVersion: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
const ListQuery = Type.Object(
  {
    class: Type.Optional(Class),
    agency: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Agency code' })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_LIMIT.max, default: PAGE_LIMIT.default })),
  },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Uuid });
const FileParams = Type.Object({ id: Uuid, fileId: Uuid });
const RetireBody = Type.Object({ reason: Type.String({ maxLength: TEXT_LIMITS.reason }) }, { additionalProperties: false });
const History = Type.Object({
  items: Type.Array(Type.Object({ version: Type.Integer(), at: DateTime, actor: Type.String(), action: Type.String(), detail: Type.Object({}, { additionalProperties: true }) })),
});
const Download = { description: 'The document, as an attachment (Content-Disposition: attachment; nosniff)', content: { 'application/octet-stream': { schema: Type.String({ format: 'binary' }) } } };

const manage = { policy: 'information_list.manage' } as const;
const pub = { policy: 'information_list.public' } as const;
const notFound = { 404: problem('Informasi tidak ditemukan / No such item') };
const invalid = { 400: problem('Isian tidak sah / Invalid fields (field errors in `errors`)') };
const changed = { 409: problem('Sudah diubah atau dicabut / Changed by someone else since (current version in `current`) or retired') };

/** The API's view of an item: its documents with their download path. */
const shaped = (basePath: string, item: ItemView) => ({
  ...item,
  documents: item.documents.map((d) => ({ ...d, href: `${basePath}/api/v1/public-information/${item.id}/documents/${d.fileId}` })),
});

export function registerInformationRoutes(app: FastifyInstance, store: FileStore) {
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/public-information',
    {
      config: pub,
      schema: {
        tags,
        operationId: 'listPublicInformation',
        summary: 'Daftar Informasi Publik / The public information list',
        description: 'Items in force, newest update first, by class and/or agency; cursor pagination (`nextCursor`). Periodic items not updated within 6 months carry `overdue: true`.',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(Item), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...invalid, 404: problem('Instansi tidak ditemukan / Unknown agency') },
      },
    },
    async (request) => {
      const page = await listInformation(tenantContextOf(request), request.query);
      return { items: page.items.map((i) => shaped(request.basePath, i)), nextCursor: page.nextCursor };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/public-information/:id',
    {
      config: pub,
      schema: { tags, operationId: 'getPublicInformation', summary: 'Satu informasi dengan dokumennya / One item with its documents', params: IdParams, response: { 200: Item, ...notFound } },
    },
    async (request) => shaped(request.basePath, await getInformation(tenantContextOf(request), { id: request.params.id, manage: manageOf(request) })),
  );

  app.get<{ Params: Static<typeof FileParams> }>(
    '/api/v1/public-information/:id/documents/:fileId',
    {
      config: pub,
      schema: {
        tags,
        operationId: 'downloadPublicInformationDocument',
        summary: 'Unduh dokumen informasi / Download a document of an item',
        description: 'Documents of exempt items are refused (403) to all but the PPID keeping them. A document opens once the malware scan passed it.',
        params: FileParams,
        response: {
          200: Download,
          ...notFound,
          403: problem('Dokumen informasi yang dikecualikan / A document of exempt information'),
          409: problem('Dokumen masih diperiksa / Still being scanned for malware'),
          410: problem('Dokumen terinfeksi dan dihapus / Found infected and removed'),
        },
      },
    },
    async (request, reply) => {
      const opened = await openInformationDocument(tenantContextOf(request), { ...request.params, store, manage: manageOf(request) });
      // Public documents may be cached by the browser, not by shared caches (an item can be retired).
      return sendFileDownload(reply, opened, { cacheControl: 'private, max-age=300' });
    },
  );

  app.post<{ Body: Static<typeof ItemBody> }>(
    '/api/v1/public-information',
    {
      config: manage,
      schema: {
        tags,
        operationId: 'createPublicInformation',
        summary: 'Tambah informasi ke daftar / Add an item to the list',
        description: 'For an agency the PPID keeps (403 otherwise). Accepts `Idempotency-Key`.',
        body: ItemBody,
        response: {
          201: Item,
          ...invalid,
          409: problem('Permintaan dengan Idempotency-Key yang sama masih berjalan / A request with the same Idempotency-Key is still running'),
          422: problem('Idempotency-Key sudah dipakai dengan isi lain / The Idempotency-Key was used with another body'),
        },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      return withIdempotency(request, reply, {
        scope: `information_list.create:${ctx.tenant.id}:${'id' in ctx.actor ? ctx.actor.id : 'anonymous'}`,
        run: (db) => createInformation({ ...ctx, db } as typeof ctx, { ...request.body, manage: manageOf(request) }),
        respond: (item) => ({ status: 201, body: shaped(request.basePath, item) }),
      });
    },
  );

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof SaveBody> }>(
    '/api/v1/public-information/:id',
    {
      config: manage,
      schema: {
        tags,
        operationId: 'savePublicInformation',
        summary: 'Ubah keterangan informasi / Save an item’s description',
        description: 'At `expectedVersion` (409 with `current` otherwise). Does not change `lastUpdatedAt`: use markPublicInformationUpdated or attach a document when the information itself is updated.',
        params: IdParams,
        body: SaveBody,
        response: { 200: Item, ...invalid, ...notFound, ...changed },
      },
    },
    async (request) => shaped(request.basePath, await saveInformation(tenantContextOf(request), { ...request.body, id: request.params.id, manage: manageOf(request) })),
  );

  app.register(async (scope) => {
    await scope.register(multipart, { limits: MULTIPART_LIMITS });
    scope.post<{ Params: Static<typeof IdParams> }>(
      '/api/v1/public-information/:id/documents',
      {
        config: manage,
        schema: {
          tags,
          operationId: 'attachPublicInformationDocument',
          summary: 'Lampirkan dokumen / Attach documents to an item',
          description:
            'multipart/form-data, one to five file parts: PDF, DOCX, XLSX, ODT or ODS (the type is taken from the content: 415 otherwise), at most 20 MB each (413, refused while streaming). Counts as an update of the information (`lastUpdatedAt`). Each file is scanned for malware before it can be downloaded. With a session cookie, send the CSRF token as the `_csrf` query parameter.',
          consumes: ['multipart/form-data'],
          params: IdParams,
          response: {
            201: Item,
            ...invalid,
            ...notFound,
            409: problem('Informasi sudah dicabut / The item is retired'),
            413: problem('Berkas terlalu besar / A file is larger than 20 MB'),
            415: problem('Jenis berkas tidak diterima / Not PDF or an office file, or the body is not multipart'),
          },
        },
      },
      async (request, reply) => {
        const ctx = tenantContextOf(request);
        const { files } = await receiveDocuments(request, store, ctx.tenant.id);
        const item = await attachInformationDocuments(ctx, { id: request.params.id, files, manage: manageOf(request) }).catch(async (error: unknown) => {
          await discardReceivedFiles(store, files);
          throw error;
        });
        return reply.code(201).send(shaped(request.basePath, item));
      },
    );
  });

  app.post<{ Params: Static<typeof IdParams> }>(
    '/api/v1/public-information/:id/mark-updated',
    {
      config: manage,
      schema: {
        tags,
        operationId: 'markPublicInformationUpdated',
        summary: 'Tandai informasi sudah diperbarui / Mark an item as updated',
        description: 'The information was brought up to date: `lastUpdatedAt` becomes now, which clears a periodic item’s overdue flag.',
        params: IdParams,
        response: { 200: Item, ...notFound, 409: problem('Informasi sudah dicabut / The item is retired') },
      },
    },
    async (request) => shaped(request.basePath, await markInformationUpdated(tenantContextOf(request), { id: request.params.id, manage: manageOf(request) })),
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RetireBody> }>(
    '/api/v1/public-information/:id/retirement',
    {
      config: manage,
      schema: {
        tags,
        operationId: 'retirePublicInformation',
        summary: 'Cabut informasi dari daftar / Retire an item from the list',
        description: 'With a reason. The item leaves the public list; it, its documents and its history are kept.',
        params: IdParams,
        body: RetireBody,
        response: { 200: Item, ...invalid, ...notFound, 409: problem('Informasi sudah dicabut / Already retired') },
      },
    },
    async (request) => shaped(request.basePath, await retireInformation(tenantContextOf(request), { id: request.params.id, reason: request.body.reason, manage: manageOf(request) })),
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/public-information/:id/history',
    {
      config: manage,
      schema: { tags, operationId: 'getPublicInformationHistory', summary: 'Riwayat perubahan informasi / An item’s history of changes', params: IdParams, response: { 200: History, ...notFound } },
    },
    async (request) => ({ items: await getInformationHistory(tenantContextOf(request), { id: request.params.id, manage: manageOf(request) }) }),
  );
}
