import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.js';
import { withIdempotency } from './platform/http/idempotency.js';

let t: TestApp;
let created = 0;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '5', BODY_LIMIT_BYTES: '2048' });
  // A creating POST, only in this test, to exercise the shared helpers (body parsing, limits,
  // Idempotency-Key, rate limits) the way module routes will use them.
  t.app.post('/api/v1/test-things', { schema: { hide: true }, config: { policy: 'public' } }, async (request, reply) =>
    withIdempotency(request, reply, {
      scope: 'test-things',
      run: async () => ({ id: ++created, echo: request.body }),
      respond: (body) => ({ status: 201, body }),
    }),
  );
  t.app.post(
    '/api/v1/test-unlimited',
    { schema: { hide: true }, config: { policy: 'public', rateLimit: false } },
    async (request) => ({ ok: request.body }),
  );
});
afterAll(() => t.close());

describe('health and operations', () => {
  it('answers /healthz, /readyz and /metrics', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
    const metrics = await t.app.inject('/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('gerbang_http_request_duration_seconds');
  });

  it('sends a request id and security headers', async () => {
    const res = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers['x-request-id']).toBe('trace-123');
    const generated = await t.app.inject('/healthz');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const page = await t.app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});

describe('errors as problem+json in the user language', () => {
  it('is Indonesian by default and English on request', async () => {
    const id = await t.app.inject('/api/v1/nothing-here');
    expect(id.statusCode).toBe(404);
    expect(id.headers['content-type']).toContain('application/problem+json');
    expect(id.json()).toMatchObject({
      type: 'urn:gerbang:problem:not_found',
      status: 404,
      title: 'Halaman atau sumber daya tidak ditemukan.',
    });
    const en = await t.app.inject({
      url: '/api/v1/nothing-here',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.json().title).toBe('Page or resource not found.');
    const query = await t.app.inject('/api/v1/nothing-here?lang=en');
    expect(query.json().title).toBe('Page or resource not found.');
  });

  it('refuses malformed JSON, wrong content types and oversized bodies with 4xx', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/test-unlimited',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('malformed_json');

    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/api/v1/test-unlimited',
      headers: { 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.headers['content-type']).toContain('application/problem+json');
    expect(wrongType.json().title).toContain('application/xml');

    // text/plain too (Fastify parses it by default, and a JSON route answered 400 "must be object").
    const text = await t.app.inject({ method: 'POST', url: '/api/v1/test-unlimited', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'unsupported_media_type', status: 415 });

    const big = await t.app.inject({
      method: 'POST',
      url: '/api/v1/test-unlimited?lang=en',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'x'.repeat(5000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'body_too_large', title: expect.stringContaining('2048') });
  });

  it('answers a path the router refuses (malformed percent-encoding, a parameter too long) as problem+json', async () => {
    const malformed = await t.app.inject({ url: '/api/v1/tenants/%ZZ/agencies', headers: { 'accept-language': 'en' } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    expect(malformed.json()).toMatchObject({ type: 'urn:gerbang:problem:bad_url', status: 400, title: 'The address (URL) is not valid.' });
    const long = await t.app.inject({ url: `/api/v1/tenants/${'x'.repeat(101)}/agencies` });
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({ type: 'urn:gerbang:problem:url_too_long', status: 414, title: 'Bagian alamat (URL) terlalu panjang.' });
  });

  it('reports schema validation per field', async () => {
    const res = await t.app.inject('/api/v1/calendar/working-days?from=kemarin&days=-1');
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation');
    expect(body.title).toBe('Data yang dikirim tidak valid.');
    const fields = body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['querystring/days', 'querystring/from']);
  });
});

describe('Idempotency-Key and rate limits on writes', () => {
  it('returns the first result for a repeated key and refuses a different body with 422', async () => {
    const send = (body: unknown, key: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/test-things',
        headers: { 'idempotency-key': key, 'x-forwarded-for': key },
        payload: body as object,
      });
    const first = await send({ name: 'a' }, 'key-1-0123456789abcdef');
    expect(first.statusCode).toBe(201);
    const again = await send({ name: 'a' }, 'key-1-0123456789abcdef');
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    const different = await send({ name: 'b' }, 'key-1-0123456789abcdef');
    expect(different.statusCode).toBe(422);
    expect(different.json().code).toBe('idempotency.conflict');
    expect(created).toBe(1);
  });

  it('limits writes per client and answers 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/test-things',
        remoteAddress: '10.9.9.9',
        payload: { i },
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(res.headers['retry-after']).toBeDefined();
        expect(res.json().code).toBe('rate_limited');
      }
    }
    expect(statuses.filter((s) => s === 201).length).toBe(5);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Reads are not limited.
    for (let i = 0; i < 8; i++)
      expect((await t.app.inject({ url: '/healthz', remoteAddress: '10.9.9.9' })).statusCode).toBe(200);
  });
});

describe('tenancy', () => {
  it('resolves the tenant from /t/<slug>, from the host name, and refuses unknown ones', async () => {
    const byPath = await t.app.inject({ url: '/t/makassar/', headers: { accept: 'text/html' } });
    expect(byPath.statusCode).toBe(200);
    expect(byPath.body).toContain('Pemerintah Kota Makassar');
    expect(byPath.body).toContain('Dinas Kependudukan dan Pencatatan Sipil');
    expect(byPath.body).toContain('href="/t/makassar/theme.css"');
    const byHost = await t.app.inject({
      url: '/',
      headers: { host: 'jateng.localhost:3000', accept: 'text/html' },
    });
    expect(byHost.body).toContain('Pemerintah Provinsi Jawa Tengah');
    expect(byHost.body).toContain('Badan Pendapatan Daerah');
    expect(byHost.body).not.toContain('Pencatatan Sipil');
    const unknown = await t.app.inject({ url: '/t/atlantis/', headers: { accept: 'text/html' } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('text/html');
  });

  it('lists agencies as JSON, each tenant only its own', async () => {
    const res = await t.app.inject('/api/v1/tenants/jateng/agencies');
    expect(res.statusCode).toBe(200);
    const codes = res.json().items.map((a: { code: string }) => a.code);
    expect(codes.length).toBeGreaterThanOrEqual(6);
    expect(codes).toContain('bapenda');
    expect(codes).not.toContain('disdukcapil');
    const tenants = await t.app.inject('/api/v1/tenants');
    expect(
      tenants
        .json()
        .items.map((x: { slug: string }) => x.slug)
        .sort(),
    ).toEqual(['jateng', 'makassar', 'sulsel']);
    expect((await t.app.inject('/api/v1/tenants/atlantis/agencies')).statusCode).toBe(404);
  });

  it('shows the tenant chooser without a tenant and switches language with a link', async () => {
    const home = await t.app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(home.body).toContain('<html lang="id">');
    expect(home.body).toContain('href="/t/makassar/"');
    const en = await t.app.inject({ url: '/t/makassar/?lang=en', headers: { accept: 'text/html' } });
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Makassar City Government');
    expect(en.body).toContain('href="/t/makassar/?lang=id"');
    expect(en.headers['set-cookie']).toContain('lang=en');
  });
});

describe('working-day calendar endpoint (addWorkingDays)', () => {
  it('computes deadlines across Lebaran, in the tenant time zone', async () => {
    const wib = await t.app.inject('/api/v1/calendar/working-days?from=2025-03-27&days=1');
    expect(wib.statusCode).toBe(200);
    expect(wib.json()).toMatchObject({ dueDate: '2025-04-08', timeZone: 'Asia/Jakarta', confirmed: true });
    const wita = await t.app.inject('/api/v1/calendar/working-days?from=2026-03-17&days=1&tenant=makassar');
    expect(wita.json()).toMatchObject({
      dueDate: '2026-03-25',
      timeZone: 'Asia/Makassar',
      tenant: 'makassar',
    });
    expect(wita.json().dueAt).toMatch(/^2026-03-25T23:59:59(\.999)?\+08:00$/);
  });

  it('refuses an impossible date with a clear message', async () => {
    const res = await t.app.inject('/api/v1/calendar/working-days?from=2025-02-30&days=3&lang=en');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'calendar.invalid_date',
      title: expect.stringContaining('2025-02-30'),
    });
  });
});

describe('listHolidays', () => {
  it.each(['1e309', '-1e309', '1e3', '2026.5', 'dua ribu'])('refuses year=%s with a 400 field error', async (year) => {
    const res = await t.app.inject(`/api/v1/calendar/holidays?year=${year}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['querystring/year']);
  });
});

describe('API documentation', () => {
  it('serves a valid OpenAPI 3.1 document (Redocly lint, recommended rules) and the browsable docs', async () => {
    const res = await t.app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const operationIds = Object.values(
      doc.paths as Record<string, Record<string, { operationId?: string }>>,
    ).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(operationIds).toEqual(expect.arrayContaining(['addWorkingDays', 'listAgencies', 'listTenants']));
    const config = await createConfig({ extends: ['recommended'], rules: { 'info-contact': 'off' } });
    const problems = await lintFromString({ source: res.body, absoluteRef: 'openapi.json', config });
    const errors = problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => `${p.ruleId}: ${p.message} @ ${p.location[0]?.pointer}`)).toEqual([]);
    const docs = await t.app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger-ui');
  });

  it('publishes audit checkpoints with the public key', async () => {
    const res = await t.app.inject('/.well-known/audit-checkpoints');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.publicKeys[0].publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(Array.isArray(body.checkpoints)).toBe(true);
  });
});
