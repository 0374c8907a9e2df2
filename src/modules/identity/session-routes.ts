// Who am I: the signed-in principal as the API sees it (kind, tenant, roles, assurance).
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requirePrincipal } from '../../platform/auth/index.js';

const Me = Type.Object({
  kind: Type.Union([Type.Literal('citizen'), Type.Literal('officer'), Type.Literal('api_key')]),
  id: Type.String({ format: 'uuid' }),
  assurance: Type.Optional(Type.String()),
  assistedBy: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  grants: Type.Optional(Type.Array(Type.Object({ role: Type.String(), agencyId: Type.Union([Type.String(), Type.Null()]) }))),
  scopes: Type.Optional(Type.Array(Type.String())),
});

export function registerSessionRoutes(app: FastifyInstance): void {
  app.get(
    '/api/v1/me',
    {
      config: { policy: 'session.self' },
      schema: {
        operationId: 'getCurrentPrincipal',
        tags: ['identity'],
        summary: 'Siapa yang sedang masuk / Who is signed in',
        response: { 200: Me },
      },
    },
    async (request) => {
      const p = requirePrincipal(request, 'citizen', 'officer', 'api_key');
      switch (p.kind) {
        case 'citizen':
          return { kind: p.kind, id: p.id, assurance: p.assurance, assistedBy: p.assistedBy };
        case 'officer':
          return { kind: p.kind, id: p.id, grants: p.grants };
        case 'api_key':
          return { kind: p.kind, id: p.id, scopes: p.scopes };
      }
    },
  );
}
