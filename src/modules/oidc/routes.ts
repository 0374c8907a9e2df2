// JSON API of the client applications (tenant administrators): register (the secret in the answer,
// once), list, read, disable/enable.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problem } from '../../platform/http/openapi.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { type Client, CLIENT_SCOPES, getClient, listClients, registerClient, setClientStatus } from './clients.js';

const Url = Type.String({ maxLength: 500 });
const Jwks = Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 5 }) });
const ClientSchema = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  logoUrl: Type.Union([Type.String(), Type.Null()]),
  redirectUris: Type.Array(Type.String()),
  postLogoutRedirectUris: Type.Array(Type.String()),
  scopes: Type.Array(Type.String()),
  nikApproved: Type.Boolean({ description: 'Disetujui menerima NIK; klien FAPI 2.0 / Approved for the NIK: a FAPI 2.0 client' }),
  tokenEndpointAuthMethod: Type.Union([Type.Literal('client_secret_basic'), Type.Literal('private_key_jwt')]),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
const CreateBody = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    redirectUris: Type.Array(Url, { minItems: 1, maxItems: 10 }),
    postLogoutRedirectUris: Type.Optional(Type.Array(Url, { maxItems: 10 })),
    scopes: Type.Array(Type.Union(CLIENT_SCOPES.map((s) => Type.Literal(s))), { maxItems: CLIENT_SCOPES.length }),
    logoUrl: Type.Optional(Type.Union([Url, Type.Null()])),
    nikApproved: Type.Optional(Type.Boolean()),
    jwks: Type.Optional(Type.Union([Jwks, Type.Null()])),
  },
  { additionalProperties: false },
);
const StatusBody = Type.Object({ status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]) }, { additionalProperties: false });
const IdParams = Type.Object({ clientId: Type.String({ maxLength: 80 }) });

const json = (c: Client) => ({
  clientId: c.id,
  name: c.name,
  logoUrl: c.logoUrl,
  redirectUris: c.redirectUris,
  postLogoutRedirectUris: c.postLogoutRedirectUris,
  scopes: c.scopes,
  nikApproved: c.nikApproved,
  tokenEndpointAuthMethod: c.nikApproved ? ('private_key_jwt' as const) : ('client_secret_basic' as const),
  status: c.status,
  createdAt: c.createdAt.toISOString(),
  updatedAt: c.updatedAt.toISOString(),
});

const notFound = problem('Aplikasi tidak ditemukan di pemerintah ini / No such application in this government');

export function registerOidcClientRoutes(app: FastifyInstance): void {
  app.post<{ Body: Static<typeof CreateBody> }>(
    '/api/v1/oidc/clients',
    {
      config: { policy: 'oidc.admin' },
      schema: {
        operationId: 'createOidcClient',
        tags: ['identity'],
        summary: 'Daftarkan aplikasi OpenID Connect (rahasia ditampilkan sekali) / Register an OpenID Connect client application (the secret is shown once)',
        body: CreateBody,
        response: { 201: Type.Object({ client: ClientSchema, clientSecret: Type.Union([Type.String(), Type.Null()]) }), 400: problem('Data aplikasi tidak sah / Invalid application data (field errors)') },
      },
    },
    async (request, reply) => {
      const { client, secret } = await registerClient(tenantContextOf(request), request.body);
      return reply.code(201).header('cache-control', 'no-store').send({ client: json(client), clientSecret: secret });
    },
  );
  app.get(
    '/api/v1/oidc/clients',
    {
      config: { policy: 'oidc.admin' },
      schema: { operationId: 'listOidcClients', tags: ['identity'], summary: 'Daftar aplikasi OpenID Connect / List OpenID Connect client applications', response: { 200: Type.Object({ items: Type.Array(ClientSchema) }) } },
    },
    async (request) => ({ items: (await listClients(tenantContextOf(request))).map(json) }),
  );
  app.get<{ Params: Static<typeof IdParams> }>(
    '/api/v1/oidc/clients/:clientId',
    {
      config: { policy: 'oidc.admin' },
      schema: { operationId: 'getOidcClient', tags: ['identity'], summary: 'Satu aplikasi OpenID Connect / One OpenID Connect client application', params: IdParams, response: { 200: ClientSchema, 404: notFound } },
    },
    async (request) => json(await getClient(tenantContextOf(request), { id: request.params.clientId })),
  );
  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof StatusBody> }>(
    '/api/v1/oidc/clients/:clientId',
    {
      config: { policy: 'oidc.admin' },
      schema: {
        operationId: 'setOidcClientStatus',
        tags: ['identity'],
        summary: 'Nonaktifkan atau aktifkan aplikasi / Disable or enable a client application',
        params: IdParams,
        body: StatusBody,
        response: { 200: ClientSchema, 404: notFound },
      },
    },
    async (request) => json(await setClientStatus(tenantContextOf(request), { id: request.params.clientId, status: request.body.status })),
  );
}
