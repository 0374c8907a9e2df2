// JSON API for the tenant's population registry (tenant administrators): which adapter, and CSV import.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../platform/errors.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { configureRegistry, getRegistrySettings, importResidentsCsv } from './registry.js';

const Settings = Type.Object({
  registry: Type.Union([Type.Literal('none'), Type.Literal('builtin'), Type.Literal('http')]),
  registryUrl: Type.Union([Type.String({ format: 'uri' }), Type.Null()]),
  hasKey: Type.Boolean(),
});
const SettingsBody = Type.Object(
  {
    registry: Type.Union([Type.Literal('none'), Type.Literal('builtin'), Type.Literal('http')]),
    registryUrl: Type.Optional(Type.Union([Type.String({ format: 'uri', maxLength: 500 }), Type.Null()])),
    registryKey: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
  },
  { additionalProperties: false },
);
const ImportBody = Type.Object({ csv: Type.String({ maxLength: 900_000, description: 'nik,nama,tanggal_lahir (YYYY-MM-DD)' }) }, { additionalProperties: false });

export function registerRegistryRoutes(app: FastifyInstance): void {
  app.get(
    '/api/v1/identity/registry',
    {
      config: { policy: 'identity.registry_admin' },
      schema: { operationId: 'getRegistrySettings', tags: ['identity'], summary: 'Pengaturan data kependudukan / Population registry settings', response: { 200: Settings } },
    },
    async (request) => {
      const ctx = tenantContextOf(request);
      return getRegistrySettings(ctx.db, ctx.tenant.id);
    },
  );
  app.put<{ Body: Static<typeof SettingsBody> }>(
    '/api/v1/identity/registry',
    {
      config: { policy: 'identity.registry_admin' },
      schema: {
        operationId: 'setRegistrySettings',
        tags: ['identity'],
        summary: 'Pilih sumber verifikasi NIK / Choose the NIK verification source',
        body: SettingsBody,
        response: { 200: Settings },
      },
    },
    async (request) => {
      const ctx = tenantContextOf(request);
      const b = request.body;
      if (b.registry === 'http' && !b.registryUrl) {
        throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/registryUrl', code: 'required', messageKey: 'field.required' }]);
      }
      await configureRegistry(ctx, { registry: b.registry, registryUrl: b.registryUrl ?? null, registryKey: b.registryKey ?? null });
      return getRegistrySettings(ctx.db, ctx.tenant.id);
    },
  );
  app.post<{ Body: Static<typeof ImportBody> }>(
    '/api/v1/identity/registry/residents',
    {
      config: { policy: 'identity.registry_admin' },
      schema: {
        operationId: 'importResidents',
        tags: ['identity'],
        summary: 'Impor penduduk dari CSV / Import residents from CSV',
        body: ImportBody,
        response: { 200: Type.Object({ imported: Type.Integer(), errors: Type.Array(Type.Object({ line: Type.Integer(), code: Type.String() })) }) },
      },
    },
    async (request) => importResidentsCsv(tenantContextOf(request), { csv: request.body.csv }),
  );
}
