import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { registerInputGuard, restrictDateFormats, unstorableFields } from './input-guard.js';

describe('unstorableFields', () => {
  it('names every key and value holding NUL or a lone surrogate, as JSON pointers', () => {
    const body = {
      fine: 'tab\tnewline\n\u0001 emoji 😀 café',
      title: 'a\u0000b',
      nested: { list: ['ok', '\ud800', 'x\udfff'], 'k/e~y\u0000': 1 },
      pair: '\ud83d\ude00',
    };
    expect(unstorableFields(body, 'body').sort()).toEqual(['body/nested/k~1e~0y\uFFFD', 'body/nested/list/1', 'body/nested/list/2', 'body/title']);
    expect(unstorableFields('\u0000', 'body')).toEqual(['body']);
    expect(unstorableFields(undefined, 'body')).toEqual([]);
  });

  it('walks a body nested deeper than the call stack', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(unstorableFields(deep, 'body')).toHaveLength(1);
  });
});

describe('registerInputGuard', () => {
  async function appWith() {
    const app = Fastify({ ajv: { customOptions: { coerceTypes: 'array' }, onCreate: restrictDateFormats } });
    app.decorateRequest('lang', 'id');
    registerInputGuard(app);
    app.setErrorHandler((error, _request, reply) =>
      error instanceof DomainError ? reply.code(error.status).send({ fields: error.fieldErrors.map((e) => e.field) }) : reply.code(500).send(),
    );
    const schema = { querystring: { type: 'object', properties: { year: { type: 'integer', minimum: 1970, maximum: 2100 }, q: { type: 'string' } } } };
    app.get('/things/:id', { schema }, async () => ({ ok: true }));
    app.post('/things', async () => ({ ok: true }));
    return app;
  }

  it('refuses unstorable text in the path, query and body with 400 field errors', async () => {
    const app = await appWith();
    expect((await app.inject('/things/1?q=caf%C3%A9')).statusCode).toBe(200);
    const path = await app.inject('/things/a%00b?q=x%00');
    expect(path.statusCode).toBe(400);
    expect(path.json().fields).toEqual(['params/id', 'querystring/q']);
    const body = await app.inject({ method: 'POST', url: '/things', payload: { a: ['\udc00'] } });
    expect(body.json()).toEqual({ fields: ['body/a/0'] });
  });

  it('refuses an integer query parameter that Ajv coerced to Infinity (it skips the bounds then)', async () => {
    const app = await appWith();
    expect((await app.inject('/things/1?year=2026')).statusCode).toBe(200);
    for (const year of ['1e309', '-1e309']) {
      const res = await app.inject(`/things/1?year=${year}`);
      expect(res.statusCode, year).toBe(400);
      expect(res.json().fields).toEqual(['querystring/year']);
    }
  });
});

describe('restrictDateFormats', () => {
  // CommonJS packages: their default export is the module object under NodeNext resolution.
  const ajv = new AjvModule.default();
  addFormatsModule.default(ajv);
  restrictDateFormats(ajv);
  const date = ajv.compile({ type: 'string', format: 'date' });
  const dateTime = ajv.compile({ type: 'string', format: 'date-time' });

  it.each([
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['2024-02-29', true],
    ['0000-01-01', false],
    ['2025-02-29', false],
    ['2025-13-01', false],
    ['10000-01-01', false],
    ['+002026-01-01', false],
  ])('date %s → %s', (value, ok) => {
    expect(date(value)).toBe(ok);
  });

  it.each([
    ['2026-03-16T10:00:00+08:00', true],
    ['2026-03-16t10:00:00.123z', true],
    ['0001-01-01T00:00:00Z', true],
    ['9999-12-31T23:59:59.999Z', true],
    ['0000-06-01T00:00:00Z', false],
    ['0001-01-01T00:00:00+05:00', false],
    ['2026-02-30T10:00:00Z', false],
    ['2016-12-31T23:59:60Z', false],
    ['2026-03-16T25:00:00Z', false],
    ['2026-03-16', false],
  ])('date-time %s → %s', (value, ok) => {
    expect(dateTime(value)).toBe(ok);
  });
});
