import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { can, type Principal, registerPolicyGuard } from './index.js';

const T = 'tenant-1';
const X = 'agency-x';
const Y = 'agency-y';
const citizen: Principal = { kind: 'citizen', id: 'c1', tenantId: T, assurance: 'registry', sessionId: 's', assistedBy: null };
const officer = (grants: { role: 'tenant_admin' | 'agency_admin' | 'auditor'; agencyId: string | null }[]): Principal => ({
  kind: 'officer',
  id: 'o1',
  tenantId: T,
  grants,
  sessionId: 's',
});

describe('can', () => {
  const cases: Array<[string, Principal, Parameters<typeof can>[1], { agencyId?: string | null }, boolean]> = [
    ['anonymous on public', { kind: 'anonymous' }, 'public', {}, true],
    ['anonymous on session.self', { kind: 'anonymous' }, 'session.self', {}, false],
    ['citizen on session.self', citizen, 'session.self', {}, true],
    ['officer without grants on session.self', officer([]), 'session.self', {}, true],
    ['citizen on tenant.admin', citizen, 'tenant.admin', {}, false],
    ['officer without grants on tenant.admin', officer([]), 'tenant.admin', {}, false],
    ['agency admin on tenant.admin', officer([{ role: 'agency_admin', agencyId: X }]), 'tenant.admin', {}, false],
    ['tenant admin on tenant.admin', officer([{ role: 'tenant_admin', agencyId: null }]), 'tenant.admin', {}, true],
    ['tenant-wide grant covers an agency', officer([{ role: 'tenant_admin', agencyId: null }]), 'tenant.admin', { agencyId: Y }, true],
    ['agency grant does not cover another agency', officer([{ role: 'tenant_admin', agencyId: X }]), 'tenant.admin', { agencyId: Y }, false],
    ['agency grant covers its own agency', officer([{ role: 'tenant_admin', agencyId: X }]), 'tenant.admin', { agencyId: X }, true],
    ['api key without scopes', { kind: 'api_key', id: 'k', tenantId: T, agencyId: null, scopes: [] }, 'tenant.admin', {}, false],
  ];
  it.each(cases)('%s', (_name, principal, action, target, expected) => {
    expect(can(principal, action, target)).toBe(expected);
  });
});

describe('registerPolicyGuard', () => {
  it('refuses to start when a route names no policy', () => {
    const app = Fastify();
    registerPolicyGuard(app, { publicPluginPrefixes: [] });
    expect(() => app.get('/forgotten', async () => 'x')).toThrow(/GET \/forgotten has no access policy/);
  });

  it('refuses an unknown policy key', () => {
    const app = Fastify();
    registerPolicyGuard(app, { publicPluginPrefixes: [] });
    expect(() => app.get('/typo', { config: { policy: 'tenant.admni' as never } }, async () => 'x')).toThrow(
      /has no access policy/,
    );
  });

  it('lists routes with their policies and answers 401 / 403 / 200 before validation', async () => {
    const app = Fastify();
    const routes = registerPolicyGuard(app, { publicPluginPrefixes: ['/plugin/'] });
    const who = new Map<string, Principal>([
      ['citizen', citizen],
      ['admin', officer([{ role: 'tenant_admin', agencyId: null }])],
    ]);
    app.addHook('onRequest', async (request) => {
      const p = who.get(String(request.headers['x-who']));
      if (p) request.principal = p;
    });
    app.setErrorHandler((error, _request, reply) => {
      if (error instanceof DomainError) return reply.code(error.status).send({ code: error.code });
      if ((error as { validation?: unknown }).validation) return reply.code(400).send({ code: 'validation' });
      return reply.code(500).send({ code: String(error) });
    });
    app.post(
      '/admin',
      {
        config: { policy: 'tenant.admin' },
        schema: { body: { type: 'object', required: ['x'], properties: { x: { type: 'string' } } } },
      },
      async () => ({ ok: true }),
    );
    app.get('/plugin/file', async () => 'file');
    await app.ready();
    expect(routes).toEqual([
      { method: 'POST', url: '/admin', policy: 'tenant.admin', page: false },
      { method: 'GET', url: '/plugin/file', policy: 'public', page: false },
    ]);
    const post = (whoami?: string, body: unknown = {}) =>
      app.inject({ method: 'POST', url: '/admin', payload: body as object, headers: whoami ? { 'x-who': whoami } : {} });
    // An empty (invalid) body: the caller without rights learns about rights, not about the input.
    expect((await post()).json()).toEqual({ code: 'auth.required' });
    expect((await post()).statusCode).toBe(401);
    expect((await post('citizen')).statusCode).toBe(403);
    expect((await post('admin')).statusCode).toBe(400);
    expect((await post('admin', { x: 'y' })).json()).toEqual({ ok: true });
    expect((await app.inject('/plugin/file')).statusCode).toBe(200);
  });
});
