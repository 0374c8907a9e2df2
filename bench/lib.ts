// Helpers of the benchmarks (bench/run.ts, complaints.ts, signin.ts): child processes, readiness
// polling, RSS and CPU sampling, closed-loop loads (autocannon) and open-loop paced loads, complaint
// bodies with proofs of work, and the report. Everything here talks to 127.0.0.1 only.
import type { Config } from '../src/config.js';
import type { connectDatabase } from '../src/db/index.js';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { solveChallenge } from 'altcha-lib';
import { deriveKey as derivePbkdf2Key } from 'altcha-lib/algorithms/pbkdf2';
// @ts-expect-error autocannon ships no type declarations; the slice we use is typed below.
import autocannonUntyped from 'autocannon';
import pg from 'pg';
import { createAltchaChallenge } from '../src/platform/http/altcha.js';
import { createConfirmedCitizen } from '../src/modules/identity/citizens/service.js';
import { findCitizenId } from '../src/modules/identity/index.js';
import { deriveKey } from '../src/platform/secrets.js';

// ---------------------------------------------------------------------------------------------------
// autocannon (programmatic API)

interface AutocannonHist {
  average: number;
  mean: number;
  min: number;
  max: number;
  total?: number;
  p50: number;
  p99: number;
  sent?: number;
}

interface AutocannonResult {
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  latency: AutocannonHist;
  requests: AutocannonHist;
  duration: number;
}

interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  method?: string;
  headers?: Record<string, string>;
  requests?: { setupRequest: (request: Record<string, unknown>) => Record<string, unknown> }[];
}

const autocannon = autocannonUntyped as (options: AutocannonOptions) => Promise<AutocannonResult>;

export interface LoadResult {
  name: string;
  url: string;
  method: string;
  connections: number;
  /** CPU used during the measured run (not the warm-up), in cores (CPU seconds / wall seconds). */
  cpuCores?: CpuShare;
  /** Mean of the per-second request counts (autocannon's requests.average). */
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export interface LoadOptions {
  connections: number;
  durationS: number;
  warmupS: number;
  cpu?: CpuProbe;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Called for every request: each one can carry its own e-mail address or proof of work. */
  body?: () => string;
  /** Headers of each request on top of `headers` (e.g. a fresh Idempotency-Key). */
  headersFor?: () => Record<string, string>;
  /** Runs between the warm-up and the measured run (e.g. ANALYZE). */
  afterWarmup?: () => Promise<void>;
}

/** Closed loop: `connections` connections each send the next request as soon as the last answered. */
export async function runLoad(name: string, url: string, options: LoadOptions): Promise<LoadResult> {
  const { body, headersFor } = options;
  const setup = (req: Record<string, unknown>) => ({
    ...req,
    ...(body ? { body: body() } : {}),
    ...(headersFor ? { headers: { ...(req.headers as Record<string, string> | undefined), ...headersFor() } } : {}),
  });
  const request: Omit<AutocannonOptions, 'duration'> = {
    url,
    connections: options.connections,
    ...(options.method ? { method: options.method } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    ...(body || headersFor ? { requests: [{ setupRequest: setup }] } : {}),
  };
  if (options.warmupS > 0) await autocannon({ ...request, duration: options.warmupS });
  if (options.afterWarmup) await options.afterWarmup();
  const before = options.cpu?.snapshot();
  const r = await autocannon({ ...request, duration: options.durationS });
  const cpuCores = before && options.cpu ? options.cpu.since(before) : undefined;
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(r.statusCodeStats ?? {})) statusCodes[code] = stat.count;
  return {
    name,
    url,
    method: options.method ?? 'GET',
    connections: options.connections,
    cpuCores,
    reqPerSec: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    meanMs: r.latency.mean,
    total: r.requests.total ?? 0,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
  };
}

export interface PacedRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Called for every request: each one can carry its own e-mail address or proof of work. */
  body?: () => string;
  /** Headers of each request on top of `headers` (e.g. a fresh Idempotency-Key). */
  headersFor?: () => Record<string, string>;
}

export interface PacedResult {
  rate: number;
  seconds: number;
  /** Requests scheduled (rate × seconds). */
  sent: number;
  /** Requests answered (latencies counted); sent − answered failed to connect or were cut off. */
  requests: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** BENCH_PACED_TRACE=1: each paced run prints its start and its latencies per quarter second (docs/performance.md). */
const TRACE = process.env.BENCH_PACED_TRACE === '1';

/** Per quarter second of the run (by when each request was due): how many, the slowest and the median. */
function quarterSeconds(trace: ReadonlyArray<{ at: number; ms: number }>): string {
  const buckets = new Map<number, number[]>();
  for (const { at, ms } of trace) {
    const q = Math.floor(at / 250);
    let list = buckets.get(q);
    if (!list) buckets.set(q, (list = []));
    list.push(ms);
  }
  return [...buckets]
    .sort(([a], [b]) => a - b)
    .map(([q, ms]) => {
      ms.sort((a, b) => a - b);
      return `${(q / 4).toFixed(2)} s: n=${ms.length} max=${ms.at(-1)!.toFixed(0)} p50=${ms[ms.length >> 1]!.toFixed(0)} ms`;
    })
    .join('\n');
}

/**
 * Open-loop load: one request every 1000/rate ms on its own schedule, whether or not earlier ones
 * have answered (keep-alive sockets, as many as needed). Each latency counts from the request's
 * scheduled time, so a slow server cannot hide queueing (no coordinated omission). autocannon's
 * `overallRate` is different: each connection sends its share of a second back to back at the
 * start of every second, i.e. bursts of `connections` concurrent requests (httpClient.js).
 */
export async function paced(request: PacedRequest, rate: number, seconds: number): Promise<PacedResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(request.url);
  const latencies: number[] = [];
  /** Each answer: when it was due (ms after the start) and how long it took. */
  const trace: { at: number; ms: number }[] = [];
  let non2xx = 0;
  let errors = 0;
  const one = (scheduled: number) =>
    new Promise<void>((resolve) => {
      const body = request.body?.();
      const base = { ...request.headers, ...request.headersFor?.() };
      const headers = body === undefined ? base : { ...base, 'content-length': String(Buffer.byteLength(body)) };
      const req = http.request(
        { agent, host: target.hostname, port: target.port, path: target.pathname + target.search, method: request.method ?? 'GET', headers },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - scheduled);
            trace.push({ at: scheduled - start, ms: performance.now() - scheduled });
            if ((res.statusCode ?? 0) >= 300) non2xx++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const interval = 1000 / rate;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  if (TRACE) console.log(`paced start at ${(Date.now() / 1000).toFixed(1)} (Unix time)`);
  const pending: Promise<void>[] = [];
  // With the trace, the load generator's own lateness too (its timer's delay beyond 5 ms, the most per
  // quarter second): a stall of the generator would show as the server's latency.
  const lag: number[] = [];
  let tickAt = start;
  const lagTimer = TRACE
    ? setInterval(() => {
        const now = performance.now();
        const q = Math.floor((now - start) / 250);
        lag[q] = Math.max(lag[q] ?? 0, now - tickAt - 5);
        tickAt = now;
      }, 5)
    : undefined;
  for (let i = 0; i < total; i++) {
    const scheduled = start + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(one(scheduled));
  }
  await Promise.all(pending);
  clearInterval(lagTimer);
  agent.destroy();
  if (TRACE) console.log(`${quarterSeconds(trace)}\nthe load generator's lateness per quarter second (ms): ${Array.from(lag, (ms) => Math.round(ms ?? 0)).join(' ')}`);
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies.length === 0 ? Number.NaN : Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10;
  return { rate, seconds, sent: total, requests: latencies.length, non2xx, errors, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}

// ---------------------------------------------------------------------------------------------------
// Complaint submissions (bench/complaints.ts and bench/run.ts)

/**
 * Bodies for `POST /t/<tenant>/api/v1/complaints`. Reporters without an account send a proof of
 * work, each usable once (decision 0015). A phone spends its own CPU solving a real challenge; here
 * the bench signs cheap challenges with the app's ALTCHA key (derived from its APP_SECRET) and
 * solves them before the runs (`solve`), so the server's side — signature check, expiry (20 min),
 * replay insert — is measured and the client's solving is not. A body asked for after the proofs
 * ran out carries "exhausted" and is refused (a non-2xx answer; `missing` counts them).
 */
export function complaintSubmissions(appSecret: Buffer) {
  const altchaKey = deriveKey(appSecret, 'altcha').toString('base64url');
  const proofs: string[] = [];
  let counter = 0;
  let missing = 0;
  const proof = () => {
    const next = proofs.pop();
    if (next === undefined) missing++;
    return next ?? 'exhausted';
  };
  const title = 'Blanko KTP-el kosong di kecamatan';
  const description = 'Sudah tiga kali datang ke kantor kecamatan, blanko KTP-el selalu kosong. Mohon kepastian.';
  const withReceipt = (altcha: string) =>
    JSON.stringify({
      kind: 'pengaduan',
      privacy: 'public',
      title,
      description,
      reporter: { name: 'Warga Bench', email: `bench${process.pid}.${counter++}@example.com` },
      altcha,
    });
  return {
    /** Signs and solves `n` more proofs of work (≈ 0.5–1 ms each on the 2-core machine). */
    async solve(n: number): Promise<void> {
      for (let i = 0; i < n; i++) {
        const challenge = await createAltchaChallenge(altchaKey, new Date(), { cost: 1, minCounter: 1, maxCounter: 4 });
        const solution = await solveChallenge({ challenge, deriveKey: derivePbkdf2Key });
        if (!solution) throw new Error('no solution');
        proofs.push(Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString('base64'));
      }
    },
    /** A public report with a distinct e-mail address each time: the receipt is queued. */
    receipt: () => withReceipt(proof()),
    /** No contact: no notification, no job, one audit entry. */
    anonymous: () => JSON.stringify({ kind: 'pengaduan', privacy: 'anonim', title, description, altcha: proof() }),
    /** The receipt's body for the raw baseline: the same size, without using up a proof. */
    baseline: () => withReceipt(proofs[0] ?? 'exhausted'),
    /** Bodies sent without a proof because none was left. */
    get missing() {
      return missing;
    },
  };
}

/**
 * ANALYZE as PostgreSQL's superuser, what autovacuum does on a live database within its first minute
 * (50 changed rows, then 10 %). Run after a warm-up: without it a run measures a never-analysed
 * database, whose foreign-key checks scan every complaint of the tenant (docs/performance.md, "Statistics").
 * With `vacuum`, VACUUM (ANALYZE): before a paced run, the pass autovacuum makes over the rows the
 * closed-loop loads left (thousands a second) is made before the run, not during its first seconds.
 */
export async function analyzeDatabase(connectionString: string, options: { vacuum?: boolean } = {}): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(options.vacuum ? 'VACUUM (ANALYZE)' : 'ANALYZE');
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------------
// Small utilities

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export { freePort } from '../src/db/embedded.js';
import { freePort as freePortOf } from '../src/db/embedded.js';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resident set size of a process in MiB, from /proc/<pid>/status (VmRSS), or undefined if gone. */
export function readRssMiB(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples the RSS of one process every `intervalMs` and keeps the peak. */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  peakMiB = 0;
  samples = 0;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  private sample(): void {
    const rss = readRssMiB(this.pid);
    if (rss === undefined) return;
    this.samples++;
    if (rss > this.peakMiB) this.peakMiB = rss;
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return this.peakMiB;
  }
}

// ---------------------------------------------------------------------------------------------------
// CPU accounting from /proc: which process used the cores during a load run

let clockTicks: number | undefined;
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, …]; undefined if the process is gone. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime (+ cutime + cstime of reaped children when `withReaped`) in seconds. */
function cpuSecondsOf(pid: number | string, withReaped = false): number {
  const f = statFields(pid);
  if (!f) return 0;
  // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
  const ticks = Number(f[11]) + Number(f[12]) + (withReaped ? Number(f[13]) + Number(f[14]) : 0);
  return ticks / ticksPerSecond();
}

/**
 * CPU seconds of a process, its reaped children and its live ones: a PostgreSQL server (postmaster
 * and backends) or the app with HTTP_PROCESSES (primary and HTTP processes).
 */
function treeCpuSeconds(pid: number): number {
  let total = cpuSecondsOf(pid, true);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const f = statFields(entry);
    if (f && Number(f[1]) === pid) total += cpuSecondsOf(entry);
  }
  return total;
}

/** CPU seconds the whole machine spent busy (everything but idle and iowait), from /proc/stat. */
function machineBusySeconds(): number {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    // cpu user nice system idle iowait irq softirq steal …
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = v.slice(0, 8).reduce((a, b) => a + b, 0) - (v[3] ?? 0) - (v[4] ?? 0);
    return busy / ticksPerSecond();
  } catch {
    return Number.NaN;
  }
}

/** Cores the whole machine kept busy over the next `ms` milliseconds (0 … number of cores). */
export async function machineBusyCores(ms = 2000): Promise<number> {
  const before = machineBusySeconds();
  const t0 = performance.now();
  await sleep(ms);
  const cores = (machineBusySeconds() - before) / ((performance.now() - t0) / 1000);
  return Math.round(cores * 100) / 100;
}

export interface CpuShare {
  server: number;
  postgres: number | null;
  loadGenerator: number;
  /** Everything else on the machine (other users' work, the kernel): high values mean a skewed run. */
  other: number;
}

interface CpuSnapshot {
  at: number;
  server: number;
  postgres: number | null;
  self: number;
  machine: number;
}

/** Snapshots of CPU seconds of the server under test, its PostgreSQL and this process (autocannon). */
export class CpuProbe {
  constructor(
    private readonly serverPid: number,
    private readonly postmasterPid: number | undefined,
  ) {}

  snapshot(): CpuSnapshot {
    const usage = process.cpuUsage();
    return {
      at: performance.now(),
      server: treeCpuSeconds(this.serverPid),
      postgres: this.postmasterPid ? treeCpuSeconds(this.postmasterPid) : null,
      self: (usage.user + usage.system) / 1e6,
      machine: machineBusySeconds(),
    };
  }

  since(before: CpuSnapshot): CpuShare {
    const now = this.snapshot();
    const wall = (now.at - before.at) / 1000;
    const share = (a: number, b: number) => Math.round(((a - b) / wall) * 100) / 100;
    const server = share(now.server, before.server);
    const postgres =
      now.postgres === null || before.postgres === null ? null : share(now.postgres, before.postgres);
    const loadGenerator = share(now.self, before.self);
    const machine = share(now.machine, before.machine);
    const other = Math.max(0, Math.round((machine - server - (postgres ?? 0) - loadGenerator) * 100) / 100);
    return { server, postgres, loadGenerator, other };
  }
}

/** One GET without keep-alive; resolves with the status code (0 when the connection fails). */
export function httpStatus(url: string, timeoutMs = 2000): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
  });
}

// ---------------------------------------------------------------------------------------------------
// Child processes

export class ChildFailedError extends Error {
  override name = 'ChildFailedError';
}

/** A child process whose output is kept (last lines) for diagnostics and matched line by line. */
export class Child {
  readonly process: ChildProcess;
  readonly lines: string[] = [];
  exited = false;
  exitCode: number | null = null;
  exitSignal: NodeJS.Signals | null = null;
  private readonly exitPromise: Promise<void>;

  constructor(
    readonly label: string,
    command: string,
    args: string[],
    options: { cwd: string; env: NodeJS.ProcessEnv; echo?: boolean },
  ) {
    this.process = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.exitPromise = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => {
        this.exited = true;
        this.exitCode = code;
        this.exitSignal = signal;
        resolve();
      });
      this.process.once('error', (error) => {
        this.lines.push(`[spawn error] ${error.message}`);
        this.exited = true;
        resolve();
      });
    });
    for (const stream of [this.process.stdout, this.process.stderr]) {
      let buffer = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        buffer += chunk;
        let nl = buffer.indexOf('\n');
        while (nl >= 0) {
          this.onLine(buffer.slice(0, nl), options.echo);
          buffer = buffer.slice(nl + 1);
          nl = buffer.indexOf('\n');
        }
      });
    }
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  private onLine(line: string, echo?: boolean) {
    if (echo) process.stderr.write(`  [${this.label}] ${line}\n`);
    this.lines.push(line);
    if (this.lines.length > 2000) this.lines.shift();
  }

  /** The first kept output line matching `re`, or undefined. */
  matchedLine(re: RegExp): RegExpExecArray | undefined {
    for (const line of this.lines) {
      const match = re.exec(line);
      if (match) return match;
    }
    return undefined;
  }

  /** Waits until an output line matches `re` (true), the child exits or `timeoutMs` passes (false). */
  async waitForLine(re: RegExp, timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!this.matchedLine(re)) {
      if (this.exited || performance.now() > deadline) return false;
      await sleep(25);
    }
    return true;
  }

  tail(n = 25): string {
    return this.lines
      .slice(-n)
      .map((l) => `    ${l}`)
      .join('\n');
  }

  /** Waits for exit up to `timeoutMs`; true when it exited. */
  async waitExit(timeoutMs: number): Promise<boolean> {
    if (this.exited) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const result = await Promise.race([this.exitPromise.then(() => true as const), timedOut]);
    clearTimeout(timer);
    return result;
  }

  /** Sends `signal`, waits up to `timeoutMs`, then SIGKILLs. Returns true when it exited on `signal`. */
  async stop(signal: NodeJS.Signals, timeoutMs: number): Promise<boolean> {
    if (this.exited) return true;
    this.process.kill(signal);
    if (await this.waitExit(timeoutMs)) return true;
    this.lines.push(`[bench] no exit ${timeoutMs} ms after ${signal}: SIGKILL`);
    this.process.kill('SIGKILL');
    await this.waitExit(5000);
    return false;
  }
}

/**
 * Polls `url` until it answers 200. Returns the milliseconds since `since` (performance.now()).
 * Throws when `child` exits first or after `timeoutMs`.
 */
/**
 * Waits for `serve`'s banner, whose last line it prints once the demo seeds are done: on a restart
 * they run after the server listens (and answers /readyz), and a load measured while they run would
 * measure them too.
 */
export async function waitForBanner(child: Child, timeoutMs = 180_000): Promise<void> {
  if (!(await child.waitForLine(/Ctrl-C stops/, timeoutMs))) {
    throw new ChildFailedError(`${child.label} printed no banner (the demo seeds did not finish) within ${timeoutMs} ms:\n${child.tail()}`);
  }
}

export async function waitFor200(
  url: string,
  child: Child,
  since: number,
  timeoutMs: number,
  pollMs = 25,
): Promise<number> {
  const deadline = since + timeoutMs;
  for (;;) {
    if (child.exited) {
      throw new ChildFailedError(
        `${child.label} exited (code ${child.exitCode}, signal ${child.exitSignal}) before ${url} answered 200:\n${child.tail()}`,
      );
    }
    const status = await httpStatus(url, 1000);
    if (status === 200) return performance.now() - since;
    if (performance.now() > deadline) {
      throw new ChildFailedError(
        `${url} did not answer 200 within ${timeoutMs} ms (last status ${status || 'no connection'}):\n${child.tail()}`,
      );
    }
    await sleep(pollMs);
  }
}

// ---------------------------------------------------------------------------------------------------
// Embedded PostgreSQL of a data directory

/** pid (line 1) and port (line 4) of the live postmaster of `<dataDir>/pg`, or undefined. */
/**
 * The connection string of the embedded PostgreSQL of `dataDir` as its superuser (credentials file,
 * port from postmaster.pid), for the `gerbang` database unless told otherwise.
 */
export function embeddedDatabaseUrl(dataDir: string, database = 'gerbang'): string {
  const { user, password } = JSON.parse(fs.readFileSync(path.join(dataDir, 'pg-credentials.json'), 'utf8')) as { user: string; password: string };
  const port = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
  if (!port) throw new Error(`no PostgreSQL port in ${path.join(dataDir, 'pg', 'postmaster.pid')}`);
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

export function postmaster(dataDir: string): { pid: number; port: number } | undefined {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!fs.existsSync(file)) return undefined;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !isAlive(pid)) return undefined;
  return { pid, port };
}

/**
 * Last-resort stop of an embedded PostgreSQL left running (the app did not stop it): fast shutdown
 * (SIGINT to the postmaster), then immediate shutdown (SIGQUIT). Returns true if one had to be stopped.
 */
export async function stopLeftoverPostgres(dataDir: string): Promise<boolean> {
  const pm = postmaster(dataDir);
  if (!pm) return false;
  for (const [signal, waitMs] of [
    ['SIGINT', 15_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 2_000],
  ] as const) {
    try {
      process.kill(pm.pid, signal);
    } catch {
      return true;
    }
    const until = Date.now() + waitMs;
    while (isAlive(pm.pid) && Date.now() < until) await sleep(100);
    if (!isAlive(pm.pid)) return true;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Formatting

export const fmt = (value: number | undefined, digits = 0): string =>
  value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * The HTTP side of a raw baseline (bench/*-baseline.ts): GET /healthz, and POST `route` parsed as
 * JSON and handed to `insert` (201 with the id it returns, 500 with its error); BASELINE_PORT, stops
 * on SIGTERM/SIGINT after closing `pool`.
 */
export function serveRawBaseline(route: string, pool: pg.Pool, insert: (body: never) => Promise<string>): void {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end('{"status":"ok"}');
    }
    if (req.method !== 'POST' || req.url !== route) {
      res.writeHead(404);
      return res.end();
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      insert(JSON.parse(Buffer.concat(chunks).toString('utf8')) as never).then(
        (id) => {
          const body = JSON.stringify({ id });
          res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          res.end(body);
        },
        (error: Error) => {
          res.writeHead(500);
          res.end(error.message);
        },
      );
    });
  });
  server.listen(Number(process.env.BASELINE_PORT), '127.0.0.1');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.close();
      void pool.end().finally(() => process.exit(0));
    });
  }
}

/**
 * The set-up of a bench that runs the app in its own process: a fresh data directory (readable by the
 * embedded server's user when run as root), the development configuration on a free port, and the
 * directory's removal first in the cleanups.
 */
export async function inProcessBench(name: string, env: Record<string, string | undefined> = {}) {
  const { loadConfig } = await import('../src/config.js');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `gerbang-${name}-bench-`));
  if (process.getuid?.() === 0) fs.chmodSync(dataDir, 0o755);
  const config = loadConfig({
    NODE_ENV: 'development',
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(await freePortOf()),
    LOG_LEVEL: 'silent',
    DATABASE_URL: process.env.DATABASE_URL,
    ...env,
  });
  const cleanups: (() => Promise<unknown>)[] = [async () => fs.rmSync(dataDir, { recursive: true, force: true })];
  return { dataDir, config, cleanups };
}

/**
 * `count` confirmed citizens with a profile (a birth date, so tracking keys are made as for anyone),
 * created through identity as the demo citizen is; a few at a time (argon2 runs on the thread pool).
 */
export async function seedBenchCitizens(ctx: Parameters<typeof createConfirmedCitizen>[0], count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let from = 0; from < count; from += 8) {
    const batch = Array.from({ length: Math.min(8, count - from) }, (_, i) => from + i);
    ids.push(
      ...(await Promise.all(
        batch.map(async (n) => {
          const serial = String(n + 1).padStart(4, '0');
          const email = `warga-bench-${serial}@contoh.id`;
          // Synthetic NIK: Makassar's Mariso district, born 15 May 1992, a serial per citizen.
          await createConfirmedCitizen(ctx, {
            nik: `737101150592${serial}`,
            name: `Warga Bench ${serial}`,
            birthDate: '1992-05-15',
            sex: 'L',
            phone: `081300${serial.padStart(6, '0')}`,
            regionCode: '73.71.01.1001',
            email,
            password: 'kata sandi bench 2026',
            assurance: 'registry',
          });
          return (await findCitizenId(ctx, { identifier: email }))!;
        }),
      )),
    );
  }
  return ids;
}

let statementsSent = 0;
let counting = false;

/**
 * Counts every statement any pg client of this process sends (the app's pools, the owner's, a
 * baseline's) from the first call on, and returns the running count: per request, a figure that does
 * not depend on how busy the machine is.
 */
export function countStatements(): () => number {
  if (!counting) {
    counting = true;
    const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      statementsSent++;
      return query.apply(this, args);
    } as typeof pg.Client.prototype.query;
  }
  return () => statementsSent;
}

/**
 * Runs a bench's `main` and exits with its code (0 when it returns nothing), or 1 with the error's
 * stack after "`label`: failed:" — a bench is a script, and its pools and servers must not keep it alive.
 */
export async function runBench(label: string, main: () => Promise<number | void>): Promise<never> {
  let exitCode = 0;
  try {
    exitCode = (await main()) ?? 0;
  } catch (error) {
    exitCode = 1;
    process.stderr.write(`${label}: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(exitCode);
}

/**
 * The demo installation in this process, as the in-process benches measure it: migrations, the default
 * templates, the demo tenants and identities (seeded as the owner), and the app built on the app's
 * pool — not yet listening. The audit log's pseudonym key is a fixed bench key.
 */
export async function seededDemoApp(
  dataDir: string,
  config: Config,
  db: Awaited<ReturnType<typeof connectDatabase>>,
  appSecret: Buffer,
) {
  const [{ buildApp }, { migrateToLatest }, { seedDemoIdentity }, { seedDefaultTemplates }, { seedDemoTenants }, audits, { systemContext }] = await Promise.all([
    import('../src/app.js'),
    import('../src/db/index.js'),
    import('../src/modules/identity/index.js'),
    import('../src/modules/notifications/index.js'),
    import('../src/modules/tenancy/index.js'),
    import('../src/platform/audit/index.js'),
    import('../src/platform/context.js'),
  ]);
  await migrateToLatest(db.owner);
  const signer = audits.loadAuditSigner({ dataDir, env: 'development' });
  const audit = audits.createAuditLog({ signer, pseudonymKey: Buffer.alloc(32, 3) });
  const system = systemContext(db.owner, audit, 'seed');
  await seedDefaultTemplates(system);
  await seedDemoTenants(system);
  await seedDemoIdentity({ ...system, audit });
  const app = await buildApp({ config, db: db.app, ownerDb: db.owner, audit, appSecret, auditCheckpoints: () => audits.publishedCheckpoints(db.app, signer) });
  return { app, audit, signer };
}

/** The value at percentile `p` (nearest rank) of ascending `sorted`. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Server time of `requests` sequential calls of `send` (e.g. `app.inject`), each required to answer 200:
 * p50/p95/p99/max in ms, rounded to 0.01.
 */
export async function timeSequential(name: string, requests: number, send: () => Promise<{ statusCode: number }>) {
  const times: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    const res = await send();
    times.push(performance.now() - t0);
    if (res.statusCode !== 200) throw new Error(`${name} answered ${res.statusCode}`);
  }
  times.sort((a, b) => a - b);
  return { p50Ms: round2(percentile(times, 50)), p95Ms: round2(percentile(times, 95)), p99Ms: round2(percentile(times, 99)), maxMs: round2(times.at(-1)!) };
}
