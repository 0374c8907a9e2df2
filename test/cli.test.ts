// The `gerbang` command as a newcomer meets it: start, reuse data, stop cleanly, and one clear line
// (never a bare stack trace) for bad configuration, an unreachable database, a busy port or a damaged
// data directory.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/db/embedded.js';
import { buildBundle, childrenOf, cleanUpCli, gerbang, oneLine, submitComplaint, tempDir, until } from './cli.js';
import { holdSocket } from './socket-activation.js';

beforeAll(buildBundle);
afterAll(cleanUpCli);

describe('gerbang CLI', () => {
  // The data directory the serving test leaves behind (migrated, seeded, stopped cleanly): the
  // HTTP_PROCESSES test starts on it, as an upgrade to two processes would, instead of seeding anew.
  let servedDataDir: string | undefined;

  it('refuses a malformed setting with one line naming it and exit code 2', async () => {
    const run = gerbang(['serve'], { PORT: 'tiga ribu', DATA_DIR: tempDir() });
    expect(await run.exited).toBe(2);
    expect(oneLine(run.err())).toEqual([
      'gerbang: configuration error: PORT: must be a whole number, got "tiga ribu"',
    ]);
  });

  it('says clearly when the database is unreachable', async () => {
    const port = await freePort();
    const run = gerbang(['migrate'], { DATABASE_URL: `postgres://u:secret@127.0.0.1:${port}/gerbang` });
    expect(await run.exited).toBe(1);
    const lines = oneLine(run.err());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^gerbang: database error: cannot reach PostgreSQL at postgres:\/\/u:\*\*\*@127\.0\.0\.1/,
    );
    expect(run.err()).not.toContain('secret');
  });

  it('says clearly when the data directory is damaged', async () => {
    const dataDir = tempDir();
    fs.mkdirSync(path.join(dataDir, 'pg'));
    fs.writeFileSync(path.join(dataDir, 'pg', 'garbage'), 'not a cluster');
    const run = gerbang(['serve'], { DATA_DIR: dataDir, PORT: String(await freePort()) });
    expect(await run.exited).toBe(1);
    const lines = oneLine(run.err());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gerbang: database error: .*holds no PostgreSQL cluster/);
  });

  // Issue 16: as root the embedded PostgreSQL runs as the user "postgres". A private DATA_DIR (mkdtemp
  // makes every tempDir 0700) is Gerbang's to open to it; a private directory above DATA_DIR is not.
  it.runIf(process.getuid?.() === 0)('as root: works in a private DATA_DIR, and says in one line when a directory above it is private', async () => {
    const dataDir = tempDir();
    const migrate = gerbang(['migrate'], { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()) });
    expect(await migrate.exited, migrate.err()).toBe(0);
    expect(migrate.out()).toContain('Migrations are up to date.');
    const postgresGid = fs.statSync(path.join(dataDir, 'pg')).gid;
    expect(fs.statSync(dataDir)).toMatchObject({ gid: postgresGid, mode: fs.constants.S_IFDIR | 0o710 });

    const inside = path.join(tempDir(), 'gerbang', 'data');
    const refused = gerbang(['migrate'], { DATA_DIR: inside });
    expect(await refused.exited).toBe(1);
    expect(oneLine(refused.err())).toEqual([
      `gerbang: database error: the embedded PostgreSQL runs as the user "postgres" (Gerbang runs as root) and cannot enter ${path.dirname(path.dirname(inside))} (mode 0700): set DATA_DIR to a directory outside it, e.g. /var/lib/gerbang, or run Gerbang as another user`,
    ]);
  }, 300_000);

  it('serves, works beside a second command, refuses a busy port, stops cleanly and reuses the data', async () => {
    const dataDir = tempDir();
    const port = String(await freePort());
    const env = { DATA_DIR: dataDir, PORT: port, EMBEDDED_PG_PORT: String(await freePort()) };

    const first = gerbang(['serve'], env, true);
    await first.waitFor(/Gerbang is ready at http:\/\/localhost:\d+/);
    // The lines after "ready" can arrive in a later chunk of output (seen under load): wait for them.
    await first.waitFor(/seeded the demo tenants/);
    await first.waitFor(/\/t\/makassar\//);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    // The bundle as browsers use it: a page asked for with cookies (a bundling of @fastify/cookie
    // once answered 500 to every request that carried one), and HEAD, answered by the GET route.
    const page = await fetch(`http://127.0.0.1:${port}/t/makassar/`, { headers: { cookie: 'lang=en; x=1', accept: 'text/html' } });
    expect(page.status, await page.clone().text()).toBe(200);
    expect(await page.text()).toContain('<html lang="en"');
    const head = await fetch(`http://127.0.0.1:${port}/t/makassar/`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length') !== null, await head.text()]).toEqual([200, true, '']);

    // A CLI command uses the running embedded PostgreSQL instead of starting another.
    const totp = gerbang(['dev', 'totp', 'tenant-admin@makassar.demo.gerbang.id'], env, 'bin');
    expect(await totp.exited, totp.err()).toBe(0);
    expect(totp.out()).toMatch(/^makassar: \d{6}\n$/);
    const migrate = gerbang(['migrate'], env);
    expect(await migrate.exited).toBe(0);
    expect(migrate.out()).toContain('Migrations are up to date.');
    const verify = gerbang(['audit', 'verify'], env);
    expect(await verify.exited).toBe(0);
    expect(JSON.parse(verify.out())).toMatchObject({ ok: true });

    // An external auditor: the export, checked offline against what the agency publishes.
    const exportFile = path.join(dataDir, 'audit-export.jsonl');
    const exported = gerbang(['audit', 'export', '--out', exportFile], env);
    expect(await exported.exited).toBe(0);
    const publishedFile = path.join(dataDir, 'well-known.json');
    fs.writeFileSync(publishedFile, await (await fetch(`http://127.0.0.1:${port}/.well-known/audit-checkpoints`)).text());
    const offline = gerbang(['audit', 'verify-export', exportFile, '--published', publishedFile], {});
    expect(await offline.exited).toBe(0);
    expect(JSON.parse(offline.out())).toMatchObject({ ok: true });
    expect(JSON.parse(offline.out()).checkedEvents).toBeGreaterThan(10);

    const busy = gerbang(['serve'], env);
    expect(await busy.exited).toBe(1);
    expect(oneLine(busy.err())).toEqual([
      `gerbang: port ${port} is already in use: stop the other program or set PORT to another port`,
    ]);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.out()).toContain('Stopped cleanly.');
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = gerbang(['serve'], env, true);
    await second.waitFor(/Gerbang is ready/);
    // On a restart the idempotent demo seeds run after the server listens; the banner lists the demo
    // accounts once they are done.
    await second.waitFor(/demo accounts/);
    expect(second.out()).not.toContain('seeded');
    const agencies = await fetch(`http://127.0.0.1:${port}/api/v1/tenants/makassar/agencies`);
    expect((await agencies.json()).items.length).toBeGreaterThanOrEqual(6);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    servedDataDir = dataDir;
  }, 300_000);

  it('HTTP_PROCESSES=2: two HTTP processes share the port, their audit events are sequenced, one that dies is replaced, all stop', async () => {
    const dataDir = servedDataDir ?? tempDir();
    const port = String(await freePort());
    const env = { DATA_DIR: dataDir, PORT: port, EMBEDDED_PG_PORT: String(await freePort()), HTTP_PROCESSES: '2' };
    const server = gerbang(['serve'], env, true);
    await server.waitFor(/2 HTTP processes \(HTTP_PROCESSES\)/);
    // Development keeps its generated secret in DATA_DIR (the ALTCHA key of the report below derives from it).
    const secret = fs.readFileSync(path.join(dataDir, 'keys', 'app-secret'), 'utf8').trim();
    expect(server.out()).toContain(`Gerbang is ready at http://localhost:${port}`);
    const primary = server.child.pid!;
    const first = childrenOf(primary);
    expect(first).toHaveLength(2);

    const statuses = await Promise.all(Array.from({ length: 20 }, () => fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);

    // A report through an HTTP process; the primary's sequencer puts its audit event in the chain.
    const submitted = await submitComplaint(port, secret);
    expect(submitted.status, JSON.stringify(submitted)).toBe(201);
    const trackingNumber = submitted.trackingNumber!;
    const exportFile = path.join(dataDir, 'audit-export.jsonl');
    await until(
      async () => {
        const exported = gerbang(['audit', 'export', '--out', exportFile], env);
        await exported.exited;
        if (!fs.existsSync(exportFile)) return false;
        const lines = fs.readFileSync(exportFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; entry?: string });
        // Each entry is the canonical JSON of the event, base64-encoded.
        return lines.some((line) => line.type === 'entry' && Buffer.from(line.entry!, 'base64').toString('utf8').includes(trackingNumber));
      },
      (found) => found,
    );
    const verify = gerbang(['audit', 'verify'], env);
    expect(await verify.exited).toBe(0);
    expect(JSON.parse(verify.out())).toMatchObject({ ok: true });

    // An HTTP process that dies is replaced. (A kept-alive connection to it is reset: clients retry.)
    process.kill(first[0]!, 'SIGKILL');
    await until(() => server.err(), (err) => err.includes('an HTTP process exited (SIGKILL); starting another'));
    const after = await until(() => childrenOf(primary), (pids) => pids.length === 2 && !pids.includes(first[0]!));
    expect(after).toContain(first[1]);
    const ready = () => fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status).catch(() => 0);
    await until(ready, (status) => status === 200);
    expect(await Promise.all(Array.from({ length: 10 }, ready))).toEqual(Array(10).fill(200));

    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    expect(server.out()).toContain('Stopped cleanly.');
    expect(after.filter((pid) => fs.existsSync(`/proc/${pid}`) && !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z '))).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  }, 300_000);

  // deploy/systemd/: systemd holds the socket and passes it (LISTEN_FDS, LISTEN_PID, descriptor 3).
  it('socket activation: the HTTP processes listen on the socket passed, not on PORT; a request made while none runs waits for the next', async () => {
    const dataDir = servedDataDir ?? tempDir();
    const socket = holdSocket();
    const status = (port: number) => fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status).catch(() => 0);
    try {
      const port = await freePort();
      const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(await freePort()), HTTP_PROCESSES: '2' };
      const first = gerbang(['serve'], env, true, { socket });
      await first.waitFor(/2 HTTP processes \(HTTP_PROCESSES\)/);
      expect(first.out()).toContain('listening on the socket systemd passed');
      expect(first.out()).toContain(`Gerbang is ready at http://localhost:${socket.port}`);
      expect(childrenOf(first.child.pid!)).toHaveLength(2);
      expect(await Promise.all(Array.from({ length: 10 }, () => status(socket.port)))).toEqual(Array(10).fill(200));
      expect(await status(port)).toBe(0);
      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);

      // No process now: the socket, still held, keeps the connection until the next process takes it.
      const waiting = status(socket.port);
      const second = gerbang(['serve'], env, true, { socket });
      expect(await waiting).toBe(200);
      // Its HTTP processes answer before the primary has finished starting; stopped once it has.
      await second.waitFor(/2 HTTP processes \(HTTP_PROCESSES\)/);
      second.child.kill('SIGINT');
      expect(await second.exited, second.err()).toBe(0);
    } finally {
      socket.close();
    }
  }, 300_000);
});
