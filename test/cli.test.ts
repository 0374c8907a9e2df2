// The `gerbang` command as a newcomer meets it: start, reuse data, stop cleanly, and one clear line
// (never a bare stack trace) for bad configuration, an unreachable database, a busy port or a damaged
// data directory.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../src/db/embedded.js';
import { deriveKey } from '../src/platform/secrets.js';
import { altchaProof } from './altcha.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-cli-'));
  fs.chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

/** `built`: the bundle `npm start` runs (dist/main.js); otherwise the sources through tsx (`npm run gerbang`). */
function gerbang(args: string[], env: Record<string, string>, built = false) {
  const entry = built ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  const child = spawn(process.execPath, [...entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return {
    child,
    exited,
    out: () => stdout,
    err: () => stderr,
    async waitFor(pattern: RegExp, timeoutMs = 45_000) {
      const start = Date.now();
      while (!pattern.test(stdout)) {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stdout}\n${stderr}`);
        if (Date.now() - start > timeoutMs)
          throw new Error(`timeout waiting for ${pattern}: ${stdout}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) {
    const pg = path.join(dir, 'pg');
    if (fs.existsSync(path.join(pg, 'postmaster.pid'))) {
      const pid = Number(fs.readFileSync(path.join(pg, 'postmaster.pid'), 'utf8').split('\n')[0]);
      try {
        process.kill(pid, 'SIGINT');
      } catch {}
      await new Promise((r) => setTimeout(r, 500));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** The live child processes of `pid` (the HTTP processes of HTTP_PROCESSES). */
function childrenOf(pid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z') pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

async function until<T>(probe: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function oneLine(text: string) {
  return text.trim().split('\n').filter(Boolean);
}

describe('gerbang CLI', () => {
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

    // A CLI command uses the running embedded PostgreSQL instead of starting another.
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
    expect(second.out()).not.toContain('seeded');
    const agencies = await fetch(`http://127.0.0.1:${port}/api/v1/tenants/makassar/agencies`);
    expect((await agencies.json()).items.length).toBeGreaterThanOrEqual(6);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 120_000);

  it('HTTP_PROCESSES=2: two HTTP processes share the port, their audit events are sequenced, one that dies is replaced, all stop', async () => {
    const dataDir = tempDir();
    const port = String(await freePort());
    const secret = `cli-test-${'s'.repeat(40)}`;
    const env = { DATA_DIR: dataDir, PORT: port, EMBEDDED_PG_PORT: String(await freePort()), HTTP_PROCESSES: '2', APP_SECRET: secret };
    const server = gerbang(['serve'], env, true);
    await server.waitFor(/2 HTTP processes \(HTTP_PROCESSES\)/);
    expect(server.out()).toContain(`Gerbang is ready at http://localhost:${port}`);
    const primary = server.child.pid!;
    const first = childrenOf(primary);
    expect(first).toHaveLength(2);

    const statuses = await Promise.all(Array.from({ length: 20 }, () => fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);

    // A report through an HTTP process; the primary's sequencer puts its audit event in the chain.
    const key = deriveKey(Buffer.from(secret, 'utf8'), 'altcha').toString('base64url');
    const submitted = await fetch(`http://127.0.0.1:${port}/t/makassar/api/v1/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'pengaduan',
        privacy: 'anonim',
        title: 'Lampu jalan mati',
        description: 'Lampu jalan di depan pasar mati sejak seminggu.',
        address: 'Jl. Pasar Sentral, Makassar',
        altcha: await altchaProof({ key }),
      }),
    });
    expect(submitted.status, await submitted.clone().text()).toBe(201);
    const { trackingNumber } = (await submitted.json()) as { trackingNumber: string };
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
  }, 120_000);
});
