// The graceful drain of an HTTP server at SIGTERM (docs/operations.md, "Graceful drain"): while it
// drains, /readyz says 503 so a proxy or orchestrator moves away, requests are still answered but each
// closes its connection; then the server refuses new connections (a proxy's next connect goes to
// another process, safe even for a POST).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/app.js';
import { drainAndClose } from './serve.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(() => t?.close());

describe('graceful drain', () => {
  it('answers /readyz 503 and closes each connection after its answer, still serving; then refuses connections', async () => {
    const before = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(before.statusCode).toBe(200);
    expect(before.headers.connection).not.toBe('close');

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    t.app.beginDrain();
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    expect(await ready.json()).toMatchObject({ code: 'not_ready', draining: true });
    const page = await fetch(`${base}/healthz`);
    expect(page.status).toBe(200);
    expect(page.headers.get('connection')).toBe('close');

    await drainAndClose(t.app, { shutdownDrainSeconds: 0, shutdownTimeoutSeconds: 10 });
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
