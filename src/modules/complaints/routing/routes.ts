// Routing's JSON API, for the coordinator and the tenant administrator (policy complaints.routing): the
// routing model with its retraining runs and "retrain now", and the agency service areas.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import '../policies.js';
import { deleteServiceArea, getServiceArea, listServiceAreas, saveServiceArea, updateServiceArea } from './service.js';
import type { RoutingSuggester } from './suggester.js';
import { getRoutingModelStatus, requestRetraining, type RetrainSettings } from './training.js';

export interface RoutingDeps {
  /** The router of this process: a saved area drops its cached areas at once. */
  routing: Pick<RoutingSuggester, 'forget'>;
  retrain: RetrainSettings;
}

const Geometry = Type.Object(
  { type: Type.String({ maxLength: 40 }) },
  {
    additionalProperties: true,
    description: 'GeoJSON Polygon or MultiPolygon ([longitude, latitude]), or a Feature / FeatureCollection of them (as geojson.io saves it)',
  },
);
const AreaItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  agency: Type.Union([Type.Object({ id: Type.String(), code: Type.String(), name: Type.String() }), Type.Null()]),
  categoryCode: Type.Union([Type.String(), Type.Null()], { description: 'null: every category' }),
  categoryName: Type.Union([Type.String(), Type.Null()]),
  polygons: Type.Integer(),
  vertices: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  area: Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Unknown()) }),
});
const AreaBody = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    agency: Type.String({ maxLength: 64, description: 'Agency code or id' }),
    categoryCode: Type.Optional(Type.String({ maxLength: 63, description: 'Omit for every category' })),
    area: Geometry,
  },
  { additionalProperties: false },
);
type AreaBodyT = Static<typeof AreaBody>;
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const toInput = (b: AreaBodyT) => ({ name: b.name, agencyCode: b.agency, categoryCode: b.categoryCode, area: b.area });

export function registerRoutingRoutes(app: FastifyInstance, deps: RoutingDeps) {
  const tags = ['complaints'];
  const config = { policy: 'complaints.routing' } as const;

  app.get(
    '/api/v1/complaints/routing-model',
    { config, schema: { tags, operationId: 'getComplaintRoutingModel', summary: 'Model rute dan riwayat pelatihan ulang / Routing model and retraining runs' } },
    async (request) => getRoutingModelStatus(tenantContextOf(request), deps.retrain),
  );

  app.post(
    '/api/v1/complaints/routing-model/retrain',
    {
      config,
      schema: {
        tags,
        operationId: 'retrainComplaintRoutingModel',
        summary: 'Latih ulang sekarang / Queue a retraining of the tenant’s routing model',
        description:
          'Queues a background retraining (trigger `manual`: it runs even when no correction is new); the run appears in getComplaintRoutingModel when done. `queued` is false when a retraining was already waiting or running: none is added. Audited.',
        response: { 202: Type.Object({ queued: Type.Boolean() }) },
      },
    },
    async (request, reply) => reply.code(202).send(await requestRetraining(tenantContextOf(request))),
  );

  app.get(
    '/api/v1/complaints/service-areas',
    {
      config,
      schema: {
        tags,
        operationId: 'listServiceAreas',
        summary: 'Wilayah layanan instansi / Agency service areas (in the order routing tries them)',
        response: { 200: Type.Object({ items: Type.Array(AreaItem) }) },
      },
    },
    async (request) => ({ items: await listServiceAreas(tenantContextOf(request)) }),
  );

  app.post<{ Body: AreaBodyT }>(
    '/api/v1/complaints/service-areas',
    {
      config,
      schema: {
        tags,
        operationId: 'createServiceArea',
        summary: 'Tambah wilayah layanan / Add an agency service area',
        description: 'A report whose point lies inside goes to the agency (for the category, or for every category). Audited.',
        body: AreaBody,
        response: { 201: AreaItem },
      },
    },
    async (request, reply) => {
      const ctx = { ...tenantContextOf(request), routing: deps.routing };
      const id = await saveServiceArea(ctx, toInput(request.body));
      return reply.code(201).send(await getServiceArea(ctx, { id }));
    },
  );

  app.put<{ Params: Static<typeof IdParams>; Body: AreaBodyT }>(
    '/api/v1/complaints/service-areas/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'updateServiceArea',
        summary: 'Ubah wilayah layanan / Replace an agency service area (name, agency, category, boundary)',
        description: 'Keeps the id and the place in the order routing tries areas. Audited; the same checks as adding one.',
        params: IdParams,
        body: AreaBody,
        response: { 200: AreaItem },
      },
    },
    async (request) => {
      const ctx = { ...tenantContextOf(request), routing: deps.routing };
      await updateServiceArea(ctx, { id: request.params.id, ...toInput(request.body) });
      return getServiceArea(ctx, { id: request.params.id });
    },
  );

  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/complaints/service-areas/:id',
    {
      config,
      schema: {
        tags,
        operationId: 'deleteServiceArea',
        summary: 'Hapus wilayah layanan / Delete an agency service area (audited)',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteServiceArea({ ...tenantContextOf(request), routing: deps.routing }, { id: request.params.id });
      return reply.code(204).send();
    },
  );
}
