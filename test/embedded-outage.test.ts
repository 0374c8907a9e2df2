// `gerbang serve` when its embedded PostgreSQL dies (issue 15), driven as an operator would meet it:
// the postmaster killed with SIGKILL under the running app, a server left running by a serve that was
// killed itself (adopted by the next one, which stops it), and HTTP_PROCESSES=2 (only the primary
// starts the server again). The app processes live on, /readyz says not ready and then ready by
// itself, and the writes acknowledged before and after are in the database.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/db/embedded.js';
import { buildBundle, childrenOf, cleanUpCli, gerbang, postmasterPid, running, submitComplaint, tempDir, until } from './cli.js';

beforeAll(buildBundle);
afterAll(cleanUpCli);

const SECRET = `outage-test-${'s'.repeat(40)}`;

// One data directory for the file: each test leaves its server stopped, and the next starts on the
// migrated, seeded data (a first start's initdb, migrations and demo seeding are test/cli.test.ts's).
let sharedDataDir: string | undefined;

async function serveEnv(extra: Record<string, string> = {}) {
  const dataDir = (sharedDataDir ??= tempDir());
  const port = String(await freePort());
  return { dataDir, port, env: { DATA_DIR: dataDir, PORT: port, EMBEDDED_PG_PORT: String(await freePort()), APP_SECRET: SECRET, ...extra } };
}

const readyz = (port: string) => () => fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status, () => 0);

const submit = (port: string) => submitComplaint(port, SECRET);

/** A write, retried through the 503s of a database that is coming back. */
async function submitUntilStored(port: string): Promise<string> {
  const answer = await until(() => submit(port), (r) => r.status !== 503 && r.status !== 0);
  expect(answer.status).toBe(201);
  return answer.trackingNumber!;
}

/** The tracking numbers stored, read straight from the embedded server. */
async function storedTrackingNumbers(dataDir: string): Promise<string[]> {
  const creds = JSON.parse(fs.readFileSync(path.join(dataDir, 'pg-credentials.json'), 'utf8')) as { user: string; password: string };
  const port = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
  const client = new pg.Client({ host: '127.0.0.1', port, user: creds.user, password: creds.password, database: 'gerbang' });
  await client.connect();
  try {
    return (await client.query<{ tracking_number: string }>('select tracking_number from complaints')).rows.map((r) => r.tracking_number);
  } finally {
    await client.end();
  }
}

describe('the embedded PostgreSQL dies under serve', () => {
  it('kill -9 of the postmaster: the app lives on, /readyz 503 then 200 by itself, writes before and after kept', async () => {
    const { dataDir, port, env } = await serveEnv();
    const server = gerbang(['serve'], env, true);
    await server.waitFor(/Gerbang is ready/);
    const before = await submitUntilStored(port);

    const killed = postmasterPid(dataDir)!;
    process.kill(killed, 'SIGKILL');
    expect(await until(readyz(port), (status) => status === 503)).toBe(503);
    const during = await submit(port);
    expect([201, 503]).toContain(during.status);
    if (during.status === 503) expect(during.retryAfter).toBe('5');
    await until(readyz(port), (status) => status === 200);
    expect(postmasterPid(dataDir)).not.toBe(killed);
    const after = await submitUntilStored(port);

    expect(await storedTrackingNumbers(dataDir)).toEqual(expect.arrayContaining([before, after]));
    expect(server.child.exitCode).toBeNull();
    expect(server.err()).toMatch(/the embedded PostgreSQL in .* has stopped; starting it again/);
    expect(server.err()).toMatch(/embedded PostgreSQL started again after [\d.]+ s/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.out()).toContain('Stopped cleanly.');
    expect(postmasterPid(dataDir)).toBeUndefined();
  }, 300_000);

  it('a server left by a killed serve is adopted: kept up, used by migrate without stopping it, stopped on SIGTERM', async () => {
    const { dataDir, port, env } = await serveEnv();
    const first = gerbang(['serve'], env, true);
    await first.waitFor(/Gerbang is ready/);
    first.child.kill('SIGKILL');
    await first.exited;
    const orphan = postmasterPid(dataDir)!;
    expect(running(orphan)).toBe(true);

    const second = gerbang(['serve'], env, true);
    await second.waitFor(/Gerbang is ready/);
    expect(second.out()).toMatch(new RegExp(`adopted the embedded PostgreSQL already running in .* \\(pid ${orphan};`));
    expect(postmasterPid(dataDir)).toBe(orphan);

    // A one-shot command beside a live serve uses its server and leaves it running.
    const migrate = gerbang(['migrate'], env, true);
    expect(await migrate.exited).toBe(0);
    expect(running(orphan)).toBe(true);
    expect(await readyz(port)()).toBe(200);

    // Adopted, it is kept up like one started here.
    process.kill(orphan, 'SIGKILL');
    await until(readyz(port), (status) => status === 200 && postmasterPid(dataDir) !== orphan);
    const restarted = postmasterPid(dataDir)!;
    expect(running(restarted)).toBe(true);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.out()).toContain('Stopped cleanly.');
    expect(postmasterPid(dataDir)).toBeUndefined();
    expect(running(restarted)).toBe(false);
  }, 300_000);

  it('HTTP_PROCESSES=2: the primary alone starts the killed server again; the HTTP processes live on', async () => {
    const { dataDir, port, env } = await serveEnv({ HTTP_PROCESSES: '2' });
    const server = gerbang(['serve'], env, true);
    await server.waitFor(/2 HTTP processes \(HTTP_PROCESSES\)/);
    const httpProcesses = childrenOf(server.child.pid!);
    expect(httpProcesses).toHaveLength(2);
    const before = await submitUntilStored(port);

    process.kill(postmasterPid(dataDir)!, 'SIGKILL');
    await until(readyz(port), (status) => status === 503);
    await until(readyz(port), (status) => status === 200);
    expect(await Promise.all(Array.from({ length: 10 }, readyz(port)))).toEqual(Array(10).fill(200));
    const after = await submitUntilStored(port);

    expect(await storedTrackingNumbers(dataDir)).toEqual(expect.arrayContaining([before, after]));
    expect(childrenOf(server.child.pid!).sort()).toEqual([...httpProcesses].sort());
    expect(server.err()).not.toContain('an HTTP process exited');
    expect(server.err().match(/started again after/g)).toHaveLength(1);
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    expect(postmasterPid(dataDir)).toBeUndefined();
  }, 300_000);
});
