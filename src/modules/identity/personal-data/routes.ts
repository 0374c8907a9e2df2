// JSON API for personal data: the citizen's download, access log and requests; an officer's
// access-logged read of a citizen (masked NIK and phone).
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { t } from '../../../platform/i18n/index.js';
import { maskNik } from '../nik.js';
import {
  exportMyData,
  fileDataRequest,
  listMyDataAccess,
  listMyDataRequests,
  readCitizenPersonalData,
  serializeAccess,
  serializeRequest,
} from './service.js';
import '../strings.js';

const AccessEntry = Type.Object({
  at: Type.String({ format: 'date-time' }),
  /** The government (tenant) whose officer, system or application read the data. */
  tenant: Type.Optional(Type.String()),
  accessorKind: Type.String(),
  accessor: Type.String(),
  purpose: Type.String(),
  fields: Type.Array(Type.String()),
});

const DataRequest = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.String(),
  details: Type.String(),
  status: Type.String(),
  dueAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  resolution: Type.Union([Type.String(), Type.Null()], { description: 'the reason given when resolved' }),
  correctionField: Type.Union([Type.Literal('name'), Type.Literal('email'), Type.Literal('phone'), Type.Null()], { description: 'what a correction corrects' }),
  carriedOutAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'when every module holding the data had carried the request out' }),
});

const DataRequestBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('correction'), Type.Literal('erasure'), Type.Literal('consent_withdrawal')]),
    details: Type.String({ maxLength: 4000 }),
    correctionField: Type.Optional(Type.Union([Type.Literal('name'), Type.Literal('email'), Type.Literal('phone')], { description: 'a correction the system carries out once approved' })),
    correctionValue: Type.Optional(Type.String({ maxLength: 200, description: 'the correct value of correctionField' })),
  },
  { additionalProperties: false },
);

const CitizenParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const PurposeQuery = Type.Object({ purpose: Type.String({ minLength: 3, maxLength: 500 }) });

/** An Indonesian mobile number shown to someone other than its owner: +62 812 ****7890. */
export function maskPhone(phone: string): string {
  return phone.length < 8 ? '****' : `${phone.slice(0, 6)}${'*'.repeat(Math.max(0, phone.length - 10))}****${phone.slice(-2)}`.replace(/\*{5,}/, '****');
}

export function registerPersonalDataRoutes(app: FastifyInstance): void {
  app.get(
    '/api/v1/me/data',
    {
      config: { policy: 'identity.citizen_self' },
      schema: {
        operationId: 'getMyData',
        tags: ['identity'],
        summary: 'Unduh semua data saya (JSON) / Download all my data (JSON)',
        response: { 200: Type.Object({ format: Type.String() }, { additionalProperties: true }) },
      },
    },
    async (request, reply) => {
      reply.header('content-disposition', 'attachment; filename="data-saya.json"').header('cache-control', 'no-store');
      return exportMyData(tenantContextOf(request));
    },
  );

  app.get(
    '/api/v1/me/data-access-log',
    {
      config: { policy: 'identity.citizen_self' },
      schema: {
        operationId: 'getMyDataAccessLog',
        tags: ['identity'],
        summary: 'Siapa yang mengakses data saya / Who accessed my data',
        response: { 200: Type.Object({ items: Type.Array(AccessEntry) }) },
      },
    },
    async (request) => {
      return { items: (await listMyDataAccess(tenantContextOf(request))).map(serializeAccess) };
    },
  );

  app.get(
    '/api/v1/me/data-requests',
    {
      config: { policy: 'identity.citizen_self' },
      schema: {
        operationId: 'listMyDataRequests',
        tags: ['identity'],
        summary: 'Permintaan data pribadi saya / My personal-data requests',
        response: { 200: Type.Object({ items: Type.Array(DataRequest) }) },
      },
    },
    async (request) => {
      return { items: (await listMyDataRequests(tenantContextOf(request))).map(serializeRequest) };
    },
  );

  app.post<{ Body: Static<typeof DataRequestBody> }>(
    '/api/v1/me/data-requests',
    {
      config: { policy: 'identity.citizen_self' },
      schema: {
        operationId: 'createDataRequest',
        tags: ['identity'],
        summary: 'Ajukan koreksi, penghapusan, atau penarikan persetujuan / Request correction, erasure or consent withdrawal',
        body: DataRequestBody,
        response: { 201: DataRequest },
      },
    },
    async (request, reply) => {
      const created = await fileDataRequest(tenantContextOf(request), request.body);
      return reply.code(201).send(serializeRequest(created));
    },
  );

  app.get<{ Params: Static<typeof CitizenParams>; Querystring: Static<typeof PurposeQuery> }>(
    '/api/v1/citizens/:id',
    {
      config: { policy: 'identity.citizen_personal_data' },
      schema: {
        operationId: 'readCitizen',
        tags: ['identity'],
        summary: 'Data warga untuk petugas (tercatat) / A citizen’s data for an officer (recorded)',
        description: 'The access, with its purpose, is recorded and shown to the citizen. NIK and phone are masked.',
        params: CitizenParams,
        querystring: PurposeQuery,
        response: {
          200: Type.Object({
            id: Type.String(),
            name: Type.String(),
            nikMasked: Type.String(),
            phoneMasked: Type.String(),
            email: Type.String(),
            regionCode: Type.String(),
            assuranceNotice: Type.String(),
          }),
        },
      },
    },
    async (request) => {
      const data = await readCitizenPersonalData(tenantContextOf(request), {
        citizenId: request.params.id,
        purpose: request.query.purpose,
        fields: ['name', 'nik', 'phone', 'email', 'regionCode'],
      });
      return {
        id: data.id,
        name: data.name!,
        nikMasked: maskNik(data.nik!),
        phoneMasked: maskPhone(data.phone!),
        email: data.email!,
        regionCode: data.regionCode!,
        assuranceNotice: t(request.lang, 'identity.access_recorded_notice'),
      };
    },
  );
}
