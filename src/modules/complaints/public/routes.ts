// The public's and the reporter's JSON API: published reports (list, GeoJSON, statistics — cached
// briefly, public-cache.ts), categories, one report as the viewer may see it, its photos and answer
// files, a citizen's own reports, and tracking by the secret code. The secret code travels in POST
// bodies only, never in a URL (URLs end up in logs and browser history).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { parseApiDate } from '../../../platform/dates.js';
import { readFromReplica, tenantContextOf } from '../../../platform/http/request-context.js';
import { viewerOf } from '../access.js';
import { listCategories } from '../categories.js';
import type { AgencyCache } from '../context.js';
import '../policies.js';
import { STATUSES } from '../workflow.js';
import { type PublicResponseCache, sendPublic } from './public-cache.js';
import {
  type AttachmentFile,
  complaintStatistics,
  getAnswerAttachment,
  getComplaint,
  getComplaintPhoto,
  getTrackedAttachment,
  listMyComplaints,
  listPublicComplaints,
  publicComplaintsGeoJson,
  trackComplaint,
} from './service.js';

export interface PublicDeps {
  agencies: AgencyCache;
  /** Public responses, cached for a few seconds and cleared by any write this process handles. */
  cache: PublicResponseCache;
}

const Ref = Type.Object({ ref: Type.String({ maxLength: 64, description: 'Complaint id or tracking number' }) });
const AnyObject = Type.Object({}, { additionalProperties: true });
const Code = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }, { additionalProperties: false });
const ListQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  category: Type.Optional(Type.String({ maxLength: 63 })),
  status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))),
});

/** RFC 5987 ext-value characters: encodeURIComponent leaves ' ( ) * as they are. */
const rfc5987 = (name: string) => encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Headers of a downloaded attachment: its checked type, never sniffed; a PDF is always a download. */
export function sendAttachment(reply: FastifyReply, file: AttachmentFile, cacheControl: string) {
  const disposition = file.mime === 'application/pdf' ? 'attachment' : 'inline';
  const ascii = file.name.replace(/[^\x20-\x7e]/g, '_');
  return reply
    .type(file.mime)
    .header('content-disposition', `${disposition}; filename="${ascii}"; filename*=UTF-8''${rfc5987(file.name)}`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', cacheControl)
    .send(file.data);
}

export function registerPublicRoutes(app: FastifyInstance, deps: PublicDeps) {
  const tags = ['complaints'];
  const viewContext = (request: Parameters<typeof tenantContextOf>[0]) => ({ ...tenantContextOf(request), agencies: deps.agencies });

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/complaints',
    {
      config: { policy: 'complaints.view' },
      schema: { tags, operationId: 'listPublicComplaints', summary: 'Laporan publik / Public reports (masked)', querystring: ListQuery },
    },
    async (request, reply) => {
      const ctx = viewContext(request);
      const q = request.query;
      return sendPublic(request, reply, deps.cache, ctx.tenant.id, async () => ({
        type: 'application/json; charset=utf-8',
        body: JSON.stringify(
          await readFromReplica(request, ctx, (replica) =>
            listPublicComplaints(replica, { limit: q.limit, cursor: q.cursor, categoryCode: q.category, status: q.status }),
          ),
        ),
      }));
    },
  );

  app.get(
    '/api/v1/complaints/geojson',
    {
      config: { policy: 'complaints.view' },
      schema: {
        tags,
        operationId: 'listPublicComplaintsGeoJson',
        summary: 'Peta laporan publik (GeoJSON) / Public reports with a place, as GeoJSON (masked, no reporter data)',
      },
    },
    async (request, reply) => {
      const ctx = viewContext(request);
      reply.type('application/geo+json; charset=utf-8');
      return readFromReplica(request, ctx, publicComplaintsGeoJson);
    },
  );

  app.get(
    '/api/v1/complaints/categories',
    { config: { policy: 'complaints.view' }, schema: { tags, operationId: 'listComplaintCategories', summary: 'Kategori / Categories' } },
    async (request) => listCategories(tenantContextOf(request)),
  );

  app.get<{ Querystring: { since?: string } }>(
    '/api/v1/complaints/statistics',
    {
      config: { policy: 'complaints.view' },
      schema: {
        tags,
        operationId: 'getComplaintStatistics',
        summary: 'Statistik per instansi / Per-agency statistics',
        querystring: Type.Object({ since: Type.Optional(Type.String({ format: 'date' })) }),
      },
    },
    // The schema's `date` format has checked `since` (years 0001–9999).
    async (request) => readFromReplica(request, viewContext(request), (ctx) => complaintStatistics(ctx, { since: parseApiDate(request.query.since) })),
  );

  app.get(
    '/api/v1/complaints/mine',
    { config: { policy: 'complaints.mine' }, schema: { tags, operationId: 'listMyComplaints', summary: 'Laporan saya / My reports' } },
    async (request) => listMyComplaints(viewContext(request)),
  );

  app.post<{ Body: Static<typeof Code> }>(
    '/api/v1/complaints/track',
    {
      config: { policy: 'complaints.view' },
      schema: { tags, operationId: 'trackComplaint', summary: 'Lacak dengan kode rahasia / Track by the secret code', body: Code, response: { 200: AnyObject } },
    },
    async (request) => trackComplaint(viewContext(request), { code: request.body.code }),
  );

  app.get<{ Params: Static<typeof Ref> }>(
    '/api/v1/complaints/:ref',
    {
      config: { policy: 'complaints.view' },
      schema: { tags, operationId: 'getComplaint', summary: 'Satu laporan / One report', params: Ref, response: { 200: AnyObject } },
    },
    async (request) => {
      const result = await getComplaint(viewContext(request), { viewer: viewerOf(request.principal), ref: request.params.ref });
      return { view: result.view, ...result.complaint };
    },
  );

  app.get<{ Params: { ref: string; idx: number } }>(
    '/api/v1/complaints/:ref/photos/:idx',
    {
      config: { policy: 'complaints.view' },
      schema: {
        tags,
        operationId: 'getComplaintPhoto',
        summary: 'Foto laporan / A photo of a report',
        params: Type.Object({ ref: Type.String({ maxLength: 64 }), idx: Type.Integer({ minimum: 0, maximum: 4 }) }),
      },
    },
    async (request, reply) => {
      const photo = await getComplaintPhoto(viewContext(request), { viewer: viewerOf(request.principal), ref: request.params.ref, idx: request.params.idx });
      return reply.type(photo.mime).header('cache-control', 'private, max-age=300').header('x-content-type-options', 'nosniff').send(photo.data);
    },
  );

  app.get<{ Params: { ref: string; id: string } }>(
    '/api/v1/complaints/:ref/attachments/:id',
    {
      config: { policy: 'complaints.view' },
      schema: {
        tags,
        operationId: 'getComplaintAnswerAttachment',
        summary: 'Lampiran jawaban / A file attached to an answer',
        description:
          'Same visibility as the answer: officers who may handle the report, the reporter (session), the public for a published report. ' +
          'PDFs as `Content-Disposition: attachment`, pictures inline; always `X-Content-Type-Options: nosniff`. A reporter with a secret code uses trackComplaintAttachment.',
        params: Type.Object({ ref: Type.String({ maxLength: 64 }), id: Type.String({ format: 'uuid' }) }),
      },
    },
    async (request, reply) => {
      const file = await getAnswerAttachment(viewContext(request), { viewer: viewerOf(request.principal), ref: request.params.ref, attachmentId: request.params.id });
      return sendAttachment(reply, file, 'private, max-age=300');
    },
  );

  app.post<{ Params: { id: string }; Body: Static<typeof Code> }>(
    '/api/v1/complaints/track/attachments/:id',
    {
      config: { policy: 'complaints.view' },
      schema: {
        tags,
        operationId: 'trackComplaintAttachment',
        summary: 'Lampiran jawaban dengan kode rahasia / A file of an answer, by the secret code',
        description: 'The secret code travels in the POST body only. Headers as getComplaintAnswerAttachment; `Cache-Control: no-store`.',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Code,
      },
    },
    async (request, reply) => {
      const file = await getTrackedAttachment(viewContext(request), { code: request.body.code, attachmentId: request.params.id });
      return sendAttachment(reply, file, 'no-store');
    },
  );
}
