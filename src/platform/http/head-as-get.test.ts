// HEAD through the GET routes: the headers of GET (Content-Length included) and no content, over a real
// socket (Fastify's inject does not go through a server factory); without the factory, the same app
// has no HEAD routes at all.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { headAsGetServer } from './head-as-get.js';

const BODY = '<p>Layanan publik</p>'.repeat(50);
let app: FastifyInstance | undefined;

async function start(withFactory: boolean) {
  app = Fastify({ exposeHeadRoutes: false, ...(withFactory ? { serverFactory: headAsGetServer, keepAliveTimeout: 61_000 } : {}) });
  app.get('/page', async (_request, reply) => reply.type('text/html; charset=utf-8').header('x-kind', 'page').send(BODY));
  app.post('/form', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}
afterEach(() => app?.close());

function send(port: number, method: string, path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HEAD answered by the GET route', () => {
  it('gives the headers of GET and no content; a path with no GET is still not found', async () => {
    const port = await start(true);
    const get = await send(port, 'GET', '/page');
    const head = await send(port, 'HEAD', '/page');
    expect([get.status, get.bytes]).toEqual([200, Buffer.byteLength(BODY)]);
    expect([head.status, head.bytes]).toEqual([200, 0]);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(BODY)));
    expect(head.headers['x-kind']).toBe('page');
    expect(head.headers['content-type']).toBe(get.headers['content-type']);
    expect((await send(port, 'HEAD', '/form')).status).toBe(404);
    // Fastify's own server settings are kept on the server the factory makes.
    expect(app!.server.keepAliveTimeout).toBe(61_000);
  });

  it('is what answers HEAD: without it, the same routes have none', async () => {
    const port = await start(false);
    expect((await send(port, 'HEAD', '/page')).status).toBe(404);
  });
});
