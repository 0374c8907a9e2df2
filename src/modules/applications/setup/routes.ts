// Administration of a service's online application: its draft form and workflow (get, save, check
// against the draft standard), the presets to start from (a form from the standard's requirements, the
// workflow presets), and the tenant's draft settings. Publishing the service (the catalogue) freezes
// them. Policy 'applications.setup': the agency's administrator for its services, the tenant's for all.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ModuleRuntime } from '../../../platform/module.js';
import { applicationContext, officerOf } from '../context.js';
import { invalid, notFound, refusals, tags } from '../schemas.js';
import { listWorkflowPresets } from './presets.js';
import { checkServiceSetup, getApplicationSettings, getServiceSetup, saveApplicationSettings, saveServiceForm, saveServiceWorkflow, suggestServiceForm } from './service.js';

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const AnyObject = Type.Object({}, { additionalProperties: true });
const Setup = Type.Object({
  serviceId: Type.String({ format: 'uuid' }),
  agencyId: Type.String({ format: 'uuid' }),
  form: Type.Union([AnyObject, Type.Null()]),
  workflow: Type.Union([AnyObject, Type.Null()]),
  pending: Type.Boolean({ description: 'Changed since the last publication; publishing the service freezes it' }),
  updatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const Check = Type.Object({ ok: Type.Boolean(), errors: Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() })) });
const Settings = Type.Object(
  {
    draftTtlDays: Type.Integer({ minimum: 1, maximum: 365, description: 'Days a citizen’s draft is kept after its last save' }),
    draftReminderDays: Type.Integer({ minimum: 0, maximum: 60, description: 'Days before deletion the citizen is reminded (0: no reminder)' }),
  },
  { additionalProperties: false },
);
const PresetQuery = Type.Object({
  deemedApproval: Type.Optional(Type.Boolean({ description: 'Fiktif positif on the deciding step (PP 28/2025)' })),
  agencies: Type.Optional(Type.String({ maxLength: 300, pattern: '^[a-z0-9-]+(,[a-z0-9-]+)*$', description: 'Recommending agencies (codes, comma-separated) for Menengah Tinggi' })),
});

const setup = { policy: 'applications.setup' } as const;
type IdP = { Params: Static<typeof IdParams> };

export function registerSetupRoutes(app: FastifyInstance, rt: ModuleRuntime) {
  app.get<IdP>(
    '/api/v1/admin/services/:id/application-setup',
    {
      config: setup,
      schema: {
        tags,
        operationId: 'getApplicationSetup',
        summary: 'Formulir dan alur layanan (draf) / A service’s draft form and workflow',
        params: IdParams,
        response: { 200: Setup, ...invalid, ...refusals, ...notFound('No such service') },
      },
    },
    async (request) => getServiceSetup(applicationContext(request, rt), { serviceId: request.params.id, officer: officerOf(request) }),
  );

  app.put<IdP & { Body: unknown }>(
    '/api/v1/admin/services/:id/application-form',
    {
      config: setup,
      schema: {
        tags,
        operationId: 'saveApplicationForm',
        summary: 'Simpan formulir (draf) / Save the service’s draft form',
        description: 'Refused (400) with a field error per problem: unknown field types, duplicate ids, conditions naming unknown fields, mappings to unknown fields. Publishing the service checks that every requirement of the standard is mapped.',
        params: IdParams,
        body: Type.Object({}, { additionalProperties: true, description: 'An ApplicationFormDefinition: { groups: [{ id, title, fields: [{ id, type, label, required, … }] }], requirements: [{ requirement, fields }] }' }),
        response: { 200: Setup, ...invalid, ...refusals, ...notFound('No such service') },
      },
    },
    async (request) => saveServiceForm(applicationContext(request, rt), { serviceId: request.params.id, officer: officerOf(request), form: request.body }),
  );

  app.put<IdP & { Body: unknown }>(
    '/api/v1/admin/services/:id/application-workflow',
    {
      config: setup,
      schema: {
        tags,
        operationId: 'saveApplicationWorkflow',
        summary: 'Simpan alur kerja (draf) / Save the service’s draft workflow',
        description: 'Refused (400) unless it validates: every step reachable, no dead end, joins, fiktif positif only where enabled, known agencies. Messages name the step.',
        params: IdParams,
        body: Type.Object({}, { additionalProperties: true, description: 'An ApplicationWorkflowDefinition (docs/applications-workflow.md): { version, serviceDays, revisionPolicy, deemedApproval, start, steps }' }),
        response: { 200: Setup, ...invalid, ...refusals, ...notFound('No such service') },
      },
    },
    async (request) => saveServiceWorkflow(applicationContext(request, rt), { serviceId: request.params.id, officer: officerOf(request), workflow: request.body }),
  );

  app.post<IdP>(
    '/api/v1/admin/services/:id/application-setup/check',
    {
      config: setup,
      schema: {
        tags,
        operationId: 'checkApplicationSetup',
        summary: 'Periksa sebelum terbit / What publishing would say about the form and workflow',
        params: IdParams,
        response: { 200: Check, ...invalid, ...refusals, ...notFound('No such service') },
      },
    },
    async (request) => checkServiceSetup(applicationContext(request, rt), { serviceId: request.params.id, officer: officerOf(request) }),
  );

  app.get<IdP>(
    '/api/v1/admin/services/:id/application-form/suggested',
    {
      config: setup,
      schema: {
        tags,
        operationId: 'suggestApplicationForm',
        summary: 'Formulir dari persyaratan / A form generated from the draft standard’s requirements',
        params: IdParams,
        response: { 200: AnyObject, ...invalid, ...refusals, ...notFound('No such service') },
      },
    },
    async (request) => suggestServiceForm(applicationContext(request, rt), { serviceId: request.params.id, officer: officerOf(request) }),
  );

  app.get<{ Querystring: Static<typeof PresetQuery> }>(
    '/api/v1/admin/application-presets',
    {
      config: setup,
      schema: {
        tags,
        operationId: 'listWorkflowPresets',
        summary: 'Alur siap pakai / Workflow presets (verify → approve → issue; PP 28/2025 risk levels)',
        querystring: PresetQuery,
        response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), name: Type.Object({ id: Type.String(), en: Type.String() }), definition: AnyObject })) }), ...invalid, ...refusals },
      },
    },
    async (request) => ({
      items: listWorkflowPresets({ deemedApproval: request.query.deemedApproval, ...(request.query.agencies ? { recommendingAgencies: request.query.agencies.split(',') } : {}) }),
    }),
  );

  app.get(
    '/api/v1/admin/application-settings',
    {
      config: { policy: 'applications.settings' },
      schema: { tags, operationId: 'getApplicationSettings', summary: 'Pengaturan permohonan / The tenant’s draft settings', response: { 200: Settings, ...refusals } },
    },
    async (request) => getApplicationSettings(applicationContext(request, rt)),
  );

  app.put<{ Body: Static<typeof Settings> }>(
    '/api/v1/admin/application-settings',
    {
      config: { policy: 'applications.settings' },
      schema: {
        tags,
        operationId: 'saveApplicationSettings',
        summary: 'Simpan pengaturan / Save how long drafts are kept and when citizens are reminded',
        body: Settings,
        response: { 200: Settings, ...invalid, ...refusals },
      },
    },
    async (request) => saveApplicationSettings(applicationContext(request, rt), request.body),
  );
}
