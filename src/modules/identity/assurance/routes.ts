// The citizen's level of assurance over the API: the level with its history, and the online registry
// check (the data already on the account; a match raises it to 'registry').
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { problem } from '../../../platform/http/openapi.js';
import { tenantContextOf } from '../../../platform/http/request-context.js';
import { checkMyRegistry, getMyAssurance } from './service.js';

const Level = Type.Union([Type.Literal('unverified'), Type.Literal('registry'), Type.Literal('in_person')]);
const Raise = Type.Object({
  level: Type.Union([Type.Literal('registry'), Type.Literal('in_person')]),
  method: Type.Union([Type.Literal('registry'), Type.Literal('counter')]),
  tenant: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  raisedAt: Type.String({ format: 'date-time' }),
});
const tags = ['identity'];

export function registerAssuranceRoutes(app: FastifyInstance): void {
  app.get(
    '/api/v1/me/assurance',
    {
      config: { policy: 'identity.citizen_self' },
      schema: {
        operationId: 'getMyAssurance',
        tags,
        summary: 'Tingkat verifikasi saya / My level of assurance',
        description: 'The level is the person’s, whichever government raised it; each raise names the government and the time. `registryOnline`: this government offers the online registry check.',
        response: { 200: Type.Object({ level: Level, registryOnline: Type.Boolean(), raises: Type.Array(Raise) }), 404: problem('No such account') },
      },
    },
    async (request) => {
      const mine = await getMyAssurance(tenantContextOf(request));
      const name = (n: { id: string; en: string | null }) => (request.lang === 'en' && n.en ? n.en : n.id);
      return {
        level: mine.level,
        registryOnline: mine.registryOnline,
        raises: mine.raises.map((r) => ({ level: r.level, method: r.method, tenant: { id: r.tenantId, name: name(r.tenantName) }, raisedAt: r.raisedAt.toISOString() })),
      };
    },
  );

  app.post(
    '/api/v1/me/assurance/registry-check',
    {
      config: { policy: 'identity.citizen_self' },
      schema: {
        operationId: 'checkMyRegistry',
        tags,
        summary: 'Periksa ke data kependudukan / Check my account against the population registry',
        description:
          'Matches the NIK, name and birth date already on the account with this government’s population registry. `match` raises an unverified account to `registry`; `mismatch`, `not_found` and `unavailable` change nothing; `already`: the level is `registry` or higher.',
        response: {
          200: Type.Object({ result: Type.Union([Type.Literal('match'), Type.Literal('mismatch'), Type.Literal('not_found'), Type.Literal('unavailable'), Type.Literal('already')]), level: Level }),
          404: problem('No such account'),
          409: problem('This government checks no population registry online: get verified at a counter'),
        },
      },
    },
    async (request) => checkMyRegistry(tenantContextOf(request)),
  );
}
