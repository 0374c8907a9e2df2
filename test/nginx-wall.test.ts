// The surge's outer wall in the shipped deploy/nginx/gerbang.conf (issue 23, "Surges"; docs/waiting-room.md,
// "Behind nginx"): page views of one service's application journey beyond the configured rate are
// answered by nginx itself with 429, Retry-After and its own page (Bahasa Indonesia first) or
// problem+json, and never reach an app process; citizens the room has queued (the gerbang_queue
// cookie) have a bucket of their own that newcomers cannot empty; every other request passes
// untouched — another service's journey, a form post to the same journey, the catalogue, and the
// app's own 429, which keeps its answer. nginx is the real one (Debian's), with the shipped file; behind it are three
// plain HTTP servers that count what reaches them, so the test measures nginx alone.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, NGINX, type Nginx, request, startNginx } from './nginx-cluster.js';

const available = fs.existsSync(NGINX) || process.env.CI !== undefined;
if (!available) console.log('nginx-wall.test.ts: skipped — no nginx (Debian: apt-get install nginx)');

const SERVICE = '3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b';
const OTHER_SERVICE = '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d';
const journey = (service: string) => `/t/makassar/permohonan/ajukan/${service}`;

let nginx: Nginx;
const upstreams: http.Server[] = [];
/** What reached the app processes, by method and path. */
const reached = new Map<string, number>();
/** Which of the three processes (0, 1, 2: ports 3001..3003 in the shipped file) each request reached. */
const reachedBy = new Map<string, Set<number>>();

beforeAll(async () => {
  if (!available) return;
  for (let i = 0; i < 3; i++) {
    const server = http.createServer((req, res) => {
      const key = `${req.method} ${req.url}`;
      reached.set(key, (reached.get(key) ?? 0) + 1);
      reachedBy.set(key, (reachedBy.get(key) ?? new Set()).add(i));
      req.resume();
      req.on('end', () => {
        if (req.url === '/t/makassar/app-refuses') {
          res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '3' });
          res.end('{"code":"waiting_room.full"}');
          return;
        }
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<p>app</p>');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    upstreams.push(server);
  }
  nginx = await startNginx(upstreams.map((s) => (s.address() as AddressInfo).port));
}, 60_000);

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(upstreams.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe.runIf(available)('the shipped nginx configuration in a surge', () => {
  it('answers page views of one journey beyond its rate itself, with 429 and Retry-After, and lets everything else through', async () => {
    const html = { accept: 'text/html' };
    const answers: Answer[] = [];
    const others: Answer[] = [];
    const queued: Answer[] = [];
    // Rounds of 200 concurrent page views (more than the burst nginx lets through at once), with the
    // other requests alongside, until nginx has refused some.
    for (let round = 0; round < 25 && answers.filter((a) => a.status === 429).length < 50; round++) {
      const views = Array.from({ length: 200 }, () => request(`${nginx.url}${journey(SERVICE)}`, { headers: html }));
      const alongside = [
        request(`${nginx.url}${journey(OTHER_SERVICE)}`, { headers: html }),
        request(`${nginx.url}${journey(SERVICE)}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' }),
        request(`${nginx.url}/t/makassar/layanan`, { headers: html }),
        request(`${nginx.url}/t/makassar/app-refuses`, { headers: { accept: 'application/json' } }),
      ];
      const polls = Array.from({ length: 5 }, () => request(`${nginx.url}${journey(SERVICE)}`, { headers: { ...html, cookie: 'gerbang_session=x; gerbang_queue=1' } }));
      answers.push(...(await Promise.all(views)));
      others.push(...(await Promise.all(alongside)));
      queued.push(...(await Promise.all(polls)));
    }
    const passed = answers.filter((a) => a.status === 200).length;
    const refused = answers.filter((a) => a.status === 429);
    expect(refused.length).toBeGreaterThanOrEqual(50);
    expect(passed + refused.length).toBe(answers.length);
    // The burst (200) passed before any refusal; what was refused never reached a process.
    expect(passed).toBeGreaterThanOrEqual(200);
    expect(reached.get(`GET ${journey(SERVICE)}`)).toBe(passed + queued.length);
    // The queued citizens' reloads all passed, beside newcomers refused.
    expect(queued.map((a) => a.status)).toEqual(queued.map(() => 200));
    // A browser gets nginx's page: Bahasa Indonesia first, a refresh of its own, Retry-After.
    const page = refused[0]!;
    expect(page.headers['retry-after']).toBe('10');
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<html lang="id">');
    expect(page.body).toContain('Sedang banyak pemohon');
    expect(page.body).toContain('<meta http-equiv="refresh" content="10">');

    // Everything else went on: another service's journey, a form post, the catalogue, and the app's
    // own 429 with its own answer.
    const rounds = others.length / 4;
    expect(others.filter((a, i) => i % 4 < 3).every((a) => a.status === 200)).toBe(true);
    expect(others.filter((a, i) => i % 4 === 3).map((a) => [a.status, a.headers['retry-after'], a.body])).toEqual(
      Array.from({ length: rounds }, () => [429, '3', '{"code":"waiting_room.full"}']),
    );
  }, 120_000);

  it('answers an API client beyond the rate with problem+json in both languages', async () => {
    let refused: Answer | undefined;
    for (let round = 0; round < 25 && !refused; round++) {
      const answers = await Promise.all(Array.from({ length: 300 }, () => request(`${nginx.url}${journey(SERVICE)}/periksa`, { headers: { accept: 'application/json' } })));
      refused = answers.find((a) => a.status === 429);
    }
    expect(refused).toBeDefined();
    expect(refused!.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused!.headers['retry-after']).toBe('10');
    const problem = JSON.parse(refused!.body) as { code: string; status: number; title: string };
    expect(problem).toMatchObject({ code: 'proxy_busy', status: 429 });
    expect(problem.title).toMatch(/^Sedang banyak pemohon.* \/ Many people are applying/);
  }, 120_000);
  it('sends citizens applying to two processes and everything else to the third, each group falling back on the other', async () => {
    const service = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
    const applying = [
      ['GET', journey(service)],
      ['POST', journey(service)],
      ['GET', `${journey(service)}/periksa`],
      ['POST', '/t/makassar/api/v1/applications'],
    ] as const;
    const others = [
      ['GET', '/t/makassar/layanan'],
      ['GET', '/t/makassar/api/v1/work-queue'],
      ['POST', '/t/makassar/api/v1/complaints'],
      ['GET', '/t/makassar/api/v1/applications'],
      ['GET', '/t/makassar/kinerja'],
    ] as const;
    const send = ([method, url]: readonly [string, string]) =>
      request(`${nginx.url}${url}`, { method, headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, ...(method === 'POST' ? { body: 'a=1' } : {}) });
    for (let round = 0; round < 6; round++) {
      for (const answer of await Promise.all([...applying, ...others].map(send))) expect(answer.status).toBe(200);
    }
    const processes = ([method, url]: readonly [string, string]) => [...(reachedBy.get(`${method} ${url}`) ?? [])].sort();
    // Round robin over the two: each request reached one or both of them, and together both.
    for (const r of applying) expect(processes(r).every((p) => p === 0 || p === 1), r.join(' ')).toBe(true);
    expect(new Set(applying.flatMap(processes))).toEqual(new Set([0, 1]));
    for (const r of others) expect(processes(r), r.join(' ')).toEqual([2]);

    // The third process gone: its routes go to the other two.
    await new Promise((resolve) => {
      upstreams[2]!.close(resolve);
      upstreams[2]!.closeAllConnections();
    });
    reachedBy.clear();
    for (let round = 0; round < 4; round++) {
      for (const answer of await Promise.all(others.map(send))) expect(answer.status).toBe(200);
    }
    for (const r of others) expect(processes(r).every((p) => p === 0 || p === 1), r.join(' ')).toBe(true);
  }, 60_000);
});
