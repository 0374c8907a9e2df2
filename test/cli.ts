// The `gerbang` command as a child process, for the tests that drive it as an operator would
// (test/cli.test.ts, test/embedded-outage.test.ts): temporary data directories, output captured,
// everything left running killed at the end.
import { type ChildProcess, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serverBundleIsStale } from '../scripts/build.mjs';
import { deriveKey } from '../src/platform/secrets.js';
import { altchaProof } from './altcha.js';
import { type HeldSocket, spawnNode } from './socket-activation.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const children: ChildProcess[] = [];
const dirs: string[] = [];

/** A temporary DATA_DIR, private (mode 0700) as mkdtemp makes it; removed by cleanUpCli. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-cli-'));
  dirs.push(dir);
  return dir;
}

/**
 * Bundles dist/main.js, the entry `npm start` runs, when a source is newer. Only then: the files that
 * use it run in parallel, and a build rewrites the chunks under a CLI process another file started
 * (seen once: a restore's chunk read half-written, a multi-line error instead of the refusal's line).
 */
export function buildBundle() {
  if (serverBundleIsStale()) execFileSync(process.execPath, ['scripts/build.mjs', '--server'], { cwd: ROOT, stdio: 'pipe' });
}

/**
 * `built`: the bundle `npm start` runs (dist/main.js); `'bin'`: bin/gerbang.mjs, what `npm run gerbang`
 * runs (the bundle, rebuilt when a source is newer); otherwise the sources through tsx.
 */
export function gerbang(args: string[], env: Record<string, string>, built: boolean | 'bin' = false, o: { socket?: HeldSocket } = {}) {
  const entry = built === 'bin' ? ['bin/gerbang.mjs'] : built ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'];
  // On a socket held as systemd holds a socket unit's (test/socket-activation.ts), or on PORT.
  const child = spawnNode([...entry, ...args], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', DATABASE_URL: '', ...env }, socket: o.socket });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return {
    child,
    exited,
    out: () => stdout,
    err: () => stderr,
    async waitFor(pattern: RegExp, timeoutMs = 150_000, stream: 'out' | 'err' = 'out') {
      const start = Date.now();
      while (!pattern.test(stream === 'out' ? stdout : stderr)) {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${stdout}\n${stderr}`);
        if (Date.now() - start > timeoutMs)
          throw new Error(`timeout waiting for ${pattern}: ${stdout}\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** The postmaster's pid of an embedded server, from its postmaster.pid (undefined when there is none). */
export function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

/** True when `pid` runs (a zombie, killed but not collected, does not). */
export function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Kills what the tests left running and removes their data directories (afterAll). */
export async function cleanUpCli() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs) {
    const pid = postmasterPid(dir);
    if (pid && running(pid)) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {}
      await new Promise((r) => setTimeout(r, 500));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The live child processes of `pid` (the HTTP processes of HTTP_PROCESSES). */
export function childrenOf(pid: number): number[] {
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

export async function until<T>(probe: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function oneLine(text: string) {
  return text.trim().split('\n').filter(Boolean);
}

/**
 * Submits an anonymous complaint to a server on `port` whose APP_SECRET is `secret` (the proof of
 * work is signed with a key derived from it): its status, tracking number (201) and Retry-After (503).
 */
export async function submitComplaint(port: string, secret: string): Promise<{ status: number; trackingNumber?: string; retryAfter: string | null }> {
  const res = await fetch(`http://127.0.0.1:${port}/t/makassar/api/v1/complaints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      kind: 'pengaduan',
      privacy: 'anonim',
      title: 'Lampu jalan mati',
      description: 'Lampu jalan di depan pasar mati sejak seminggu.',
      address: 'Jl. Pasar Sentral, Makassar',
      altcha: await altchaProof({ key: deriveKey(Buffer.from(secret, 'utf8'), 'altcha').toString('base64url') }),
    }),
  }).catch(() => undefined);
  if (!res) return { status: 0, retryAfter: null };
  const body = (await res.json()) as { trackingNumber?: string };
  return { status: res.status, trackingNumber: body.trackingNumber, retryAfter: res.headers.get('retry-after') };
}
