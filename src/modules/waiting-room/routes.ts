// The waiting room's JSON API for the tenant admin: read and save a service's room (getWaitingRoom,
// saveWaitingRoom). Thin: parse, the service must be the tenant's (the catalogue's 404), one call.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problem } from '../../platform/http/openapi.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { getService } from '../catalog/index.js';
import type { RoomCache } from './room-cache.js';
import { getWaitingRoom, LIMITS, saveWaitingRoom } from './service.js';

const tags = ['applications'];
const ServiceParams = Type.Object({ serviceId: Type.String({ format: 'uuid' }) });
const int = (name: keyof typeof LIMITS, description: string) => Type.Integer({ minimum: LIMITS[name][0], maximum: LIMITS[name][1], description });
const nullable = (name: keyof typeof LIMITS, description: string) => Type.Union([int(name, description), Type.Null()]);
const Settings = Type.Object(
  {
    enabled: Type.Boolean(),
    maxActive: int('maxActive', 'Citizens inside the application journey at once'),
    admitPerMinute: int('admitPerMinute', 'Admissions per minute the app takes for this service'),
    windowMinutes: int('windowMinutes', 'Minutes an admitted citizen has to submit'),
    maxQueue: int('maxQueue', 'Beyond this many waiting, newcomers get 429 with Retry-After'),
    registryDailyQuota: nullable('registryDailyQuota', 'The population registry’s daily quota: admissions per day'),
    paymentPerMinute: nullable('paymentPerMinute', 'The payment gateway’s capacity per minute'),
    signingPerMinute: nullable('signingPerMinute', 'The signing service’s capacity per minute'),
  },
  { additionalProperties: false },
);
const Room = Type.Object({
  serviceId: Type.String({ format: 'uuid' }),
  settings: Settings,
  admission: Type.Object({
    perMinute: Type.Integer({ description: 'The least of admitPerMinute, paymentPerMinute and signingPerMinute' }),
    limitedBy: Type.Union([Type.Literal('app'), Type.Literal('payment'), Type.Literal('signing')]),
    perDay: Type.Union([Type.Integer(), Type.Null()]),
    maxActive: Type.Integer(),
  }),
  counts: Type.Object({ active: Type.Integer(), lastMinute: Type.Integer(), today: Type.Integer(), waiting: Type.Integer() }),
});
const refusals = { 401: problem('Not signed in'), 403: problem('Not the tenant’s administrator'), 404: problem('No service with this id on this tenant') };
const manage = { policy: 'waiting_room.manage' } as const;

export function registerWaitingRoomRoutes(app: FastifyInstance, rooms: RoomCache) {
  app.get<{ Params: Static<typeof ServiceParams> }>(
    '/api/v1/services/:serviceId/waiting-room',
    { config: manage, schema: { tags, operationId: 'getWaitingRoom', summary: 'Ruang tunggu layanan / A service’s waiting room', params: ServiceParams, response: { 200: Room, ...refusals } } },
    async (request) => {
      const ctx = tenantContextOf(request);
      await getService(ctx, request.params.serviceId);
      return getWaitingRoom(ctx, request.params.serviceId);
    },
  );
  app.put<{ Params: Static<typeof ServiceParams>; Body: Static<typeof Settings> }>(
    '/api/v1/services/:serviceId/waiting-room',
    {
      config: manage,
      schema: {
        tags,
        operationId: 'saveWaitingRoom',
        summary: 'Atur ruang tunggu / Turn a service’s waiting room on or off and size it',
        description: 'Admission per minute is the least of the app’s and the dependencies’ capacities; the registry’s daily quota caps admissions per day. Other processes see the change within 3 s.',
        params: ServiceParams,
        body: Settings,
        response: { 200: Room, 400: problem('A value out of range (field errors)'), ...refusals },
      },
    },
    async (request) => {
      const ctx = tenantContextOf(request);
      await getService(ctx, request.params.serviceId);
      const view = await saveWaitingRoom(ctx, { serviceId: request.params.serviceId, officerId: (request.principal as { id: string }).id, settings: request.body });
      rooms.forget(ctx.tenant.id, request.params.serviceId);
      return view;
    },
  );
}
