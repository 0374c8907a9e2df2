import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { registerCsrf } from './csrf.js';

async function appWith() {
  const app = Fastify();
  await app.register(cookie);
  await app.register(formbody);
  registerCsrf(app, {
    key: Buffer.alloc(32, 1),
    sessionIdOf: (request) => (request.headers['x-session'] as string | undefined) ?? undefined,
    secureCookies: false,
  });
  app.setErrorHandler((error, _request, reply) =>
    reply.code(error instanceof DomainError ? error.status : 500).send({ code: (error as DomainError).code }),
  );
  // Multipart bodies are streamed to the handler (as @fastify/multipart does): nothing parsed here.
  app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null, undefined));
  app.get('/form', async (request) => ({ token: request.csrfToken(), again: request.csrfToken() }));
  app.post('/form', async () => ({ ok: true }));
  app.post('/machine', { config: { csrf: false } }, async () => ({ ok: true }));
  return app;
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('csrf', () => {
  it('binds a token to an anonymous cookie before sign-in and refuses a missing, wrong or foreign one', async () => {
    const app = await appWith();
    const page = await app.inject('/form');
    const { token, again } = page.json();
    expect(again).toBe(token);
    const set = page.cookies.find((c) => c.name === 'csrf');
    expect(set).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const jar = `csrf=${set!.value}`;
    const post = (body: string, cookieHeader = jar) =>
      app.inject({ method: 'POST', url: '/form', headers: { ...form, cookie: cookieHeader }, payload: body });
    expect((await post(`_csrf=${token}&a=1`)).json()).toEqual({ ok: true });
    expect((await post('a=1')).json()).toEqual({ code: 'csrf.invalid' });
    expect((await post(`_csrf=${token}x`)).statusCode).toBe(403);
    // Someone else's token (another browser's cookie) does not fit this browser.
    const other = (await app.inject('/form')).json().token;
    expect((await post(`_csrf=${other}`)).statusCode).toBe(403);
    expect((await post(`_csrf=${token}`, '')).statusCode).toBe(403);
  });

  it('binds the token to the session once signed in, so the pre-sign-in token stops working', async () => {
    const app = await appWith();
    const anon = await app.inject('/form');
    const jar = `csrf=${anon.cookies.find((c) => c.name === 'csrf')!.value}`;
    const signed = (await app.inject({ url: '/form', headers: { cookie: jar, 'x-session': 's1' } })).json().token;
    const post = (token: string) =>
      app.inject({ method: 'POST', url: '/form', headers: { ...form, cookie: jar, 'x-session': 's1' }, payload: `_csrf=${token}` });
    expect((await post(signed)).statusCode).toBe(200);
    expect((await post(anon.json().token)).statusCode).toBe(403);
  });

  it('checks multipart forms by the query parameter, leaves JSON and opted-out machine routes alone', async () => {
    const app = await appWith();
    expect((await app.inject({ method: 'POST', url: '/form', payload: { a: 1 } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/machine', headers: form, payload: 'a=1' })).statusCode).toBe(200);
    const page = await app.inject('/form');
    const jar = `csrf=${page.cookies.find((c) => c.name === 'csrf')!.value}`;
    const multipart = (query: string) =>
      app.inject({
        method: 'POST',
        url: `/form${query}`,
        headers: { 'content-type': 'multipart/form-data; boundary=x', cookie: jar },
        payload: '--x--',
      });
    expect((await multipart('')).statusCode).toBe(403);
    expect((await multipart(`?_csrf=${page.json().token}`)).statusCode).toBe(200);
  });
});
