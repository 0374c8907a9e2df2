import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { lazySchemaCompilers } from './lazy-schemas.js';

function appWith(eager: boolean, brokenRoute = false) {
  const app = Fastify({
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    schemaController: { compilersFactory: lazySchemaCompilers({ eager }) },
  });
  app.post(
    '/echo',
    {
      schema: {
        body: { type: 'object', required: ['n'], properties: { n: { type: 'integer', minimum: 1 } } },
        response: { 200: { type: 'object', properties: { n: { type: 'integer' } } } },
      },
    },
    async (request) => ({ ...(request.body as object), secret: 'not in the response schema' }),
  );
  // An unknown type: Ajv refuses to compile it.
  if (brokenRoute) app.post('/broken', { schema: { body: { type: 'nope' } } }, async () => ({}));
  return app;
}

describe('lazy route schemas', () => {
  it('validates (with Ajv’s messages and coercion) and serializes (dropping undeclared fields) as Fastify’s defaults do', async () => {
    const app = appWith(false);
    const bad = await app.inject({ method: 'POST', url: '/echo', payload: { n: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'FST_ERR_VALIDATION', message: 'body/n must be >= 1' });
    const missing = await app.inject({ method: 'POST', url: '/echo', payload: {} });
    expect(missing.json().message).toBe("body must have required property 'n'");
    const good = await app.inject({ method: 'POST', url: '/echo', payload: { n: '3' } });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toEqual({ n: 3 });
    await app.close();
  });

  it('compiles on first use: a broken schema starts lazily and fails its first request; eager refuses to start', async () => {
    const lazy = appWith(false, true);
    await lazy.ready();
    expect((await lazy.inject({ method: 'POST', url: '/broken', payload: {} })).statusCode).toBe(500);
    expect((await lazy.inject({ method: 'POST', url: '/echo', payload: { n: 1 } })).statusCode).toBe(200);
    await lazy.close();
    await expect(appWith(true, true).ready()).rejects.toThrow(/nope|schema/i);
  });
});

describe('the whole app with SCHEMA_COMPILE=eager', () => {
  let t: TestApp | undefined;
  afterAll(async () => t?.close());
  it('compiles every route schema at start-up (a broken schema fails here, not in production)', async () => {
    t = await createTestApp({ SCHEMA_COMPILE: 'eager' });
    await t.app.ready();
    expect(t.routes.length).toBeGreaterThan(100);
  });
});
