// JSON API for API keys (tenant administrators).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import type { ApiKeyRow } from './store.js';
import { createApiKey, listApiKeys, revokeApiKey } from './service.js';

const ApiKey = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  prefix: Type.String(),
  agencyId: Type.Union([Type.String(), Type.Null()]),
  scopes: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const CreateBody = Type.Object(
  { name: Type.String({ maxLength: 200 }), agency: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])), scopes: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 20 }) },
  { additionalProperties: false },
);
const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const json = (k: ApiKeyRow) => ({ ...k, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, revokedAt: k.revokedAt?.toISOString() ?? null });

export function registerApiKeyRoutes(app: FastifyInstance): void {
  app.post<{ Body: Static<typeof CreateBody> }>(
    '/api/v1/api-keys',
    {
      config: { policy: 'tenant.admin' },
      schema: {
        operationId: 'createApiKey',
        tags: ['identity'],
        summary: 'Buat kunci API untuk sistem instansi (ditampilkan sekali) / Create an API key (shown once)',
        body: CreateBody,
        response: { 201: Type.Object({ key: Type.String(), apiKey: ApiKey }) },
      },
    },
    async (request, reply) => {
      const { key, apiKey } = await createApiKey(tenantContextOf(request), request.body);
      return reply.code(201).header('cache-control', 'no-store').send({ key, apiKey: json(apiKey) });
    },
  );
  app.get(
    '/api/v1/api-keys',
    {
      config: { policy: 'tenant.admin' },
      schema: { operationId: 'listApiKeys', tags: ['identity'], summary: 'Daftar kunci API / List API keys', response: { 200: Type.Object({ items: Type.Array(ApiKey) }) } },
    },
    async (request) => ({ items: (await listApiKeys(tenantContextOf(request))).map(json) }),
  );
  app.delete<{ Params: Static<typeof IdParams> }>(
    '/api/v1/api-keys/:id',
    {
      config: { policy: 'tenant.admin' },
      schema: { operationId: 'revokeApiKey', tags: ['identity'], summary: 'Cabut kunci API / Revoke an API key', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await revokeApiKey(tenantContextOf(request), { id: request.params.id });
      return reply.code(204).send();
    },
  );
}
