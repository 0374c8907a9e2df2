// `npm run bench`: starts the real app as a user does on a temporary DATA_DIR — by default as
// `npm start` does (bundle built by scripts/build.mjs, then `node dist/main.js
// serve`), with BENCH_APP=tsx through the loader (`node --import tsx src/main.ts serve`) — and measures
// cold start with existing data, memory (RSS) idle and under load, and throughput/latency with
// autocannon against the app and against a raw node:http + pg baseline (bench/baseline.ts). Then
// complaint submission (issue 16): the app started once more with bench:complaints' settings, 32
// connections POSTing reports with the e-mail receipt and anonymously, each interleaved with the raw
// single-INSERT baseline (bench/complaints-baseline.ts: baseline, receipt, baseline, anonymous,
// baseline; each ratio against the mean of the baseline runs around it), then p99 paced (open loop) at
// 200/s for both kinds and for the public complaint list, each after VACUUM (ANALYZE). Then search server time with 5,000 services
// (bench/search.ts, its own database), citizen sign-in at 50/s (bench/signin.ts, its own database), the
// OpenID Provider's token endpoint against a raw ID-token signer (bench/oidc-token.ts) and applications;
// the daily payments reconciliation of 100,000 ledger entries (bench/payments-reconcile.ts) and the
// payment notification endpoint against a raw HMAC + INSERT baseline (bench/payment-notifications.ts);
// signed documents: signing p95 and verification by code against a raw baseline (bench/documents.ts).
// Throughput targets are ratios to a baseline of the same run; absolute req/s are information (this
// machine's speed varies two- to threefold between days).
// Writes bench/results/latest.{md,json}. See docs/performance.md.
// Exit code: 0 when the measurement ran (even if a target is missed), 1 when something failed to run.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAppSecret } from '../src/platform/secrets.js';
import {
  analyzeDatabase,
  Child,
  ChildFailedError,
  complaintSubmissions,
  CpuProbe,
  embeddedDatabaseUrl,
  fmt,
  freePort,
  httpStatus,
  type LoadOptions,
  type LoadResult,
  machineBusyCores,
  markdownTable,
  median,
  paced,
  type PacedResult,
  postmaster,
  RssSampler,
  readRssMiB,
  runLoad,
  sleep,
  stopLeftoverPostgres,
  waitFor200,
  waitForBanner,
} from './lib.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

function envSeconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 1 || value > 600) {
    process.stderr.write(`bench: ${name} must be a number of seconds between 1 and 600, got "${raw}"\n`);
    process.exit(1);
  }
  return Math.round(value);
}

const SETTINGS = {
  connections: 50,
  durationS: envSeconds('BENCH_DURATION', 10),
  warmupS: 2,
  coldRuns: 3,
  rssIntervalMs: 200,
  /** Settle time between readiness and the idle RSS reading. */
  idleSettleMs: 2000,
};

const TARGETS = {
  coldStartMs: 1500,
  idleRssMiB: 150,
  peakRssMiB: 400,
  agenciesRatio: 0.6,
  // Issue 16: submission ÷ the raw single-INSERT baseline, and p99 paced at COMPLAINTS.pacedRate.
  receiptRatio: 0.6,
  anonymousRatio: 0.8,
  submissionP99Ms: 50,
};

/** Complaint submission, as bench:complaints measures it (bench/complaints.ts). */
const COMPLAINTS = {
  connections: 32,
  /** Requests per second of the paced (open-loop) runs. */
  pacedRate: 200,
  submitPath: '/t/makassar/api/v1/complaints',
  listPath: '/t/makassar/api/v1/complaints?limit=20',
  /**
   * The app of this phase: one address sends everything (the per-address write limit is not what is
   * measured) and the receipts are queued, not delivered (delivery is separate work; docs/performance.md).
   */
  appEnv: {
    RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
    JOB_WORKERS: '0',
    NOTIFY_WORKERS: process.env.BENCH_NOTIFY_WORKERS ?? '0',
  },
} as const;

/**
 * Proofs of work solved before the submission loads (each is usable once): enough for 1,500 receipts
 * and 2,500 anonymous reports a second — above the fastest seen on the 2-core machine — plus the paced
 * runs. BENCH_PROOFS sets the number; when they run out, the rest of the requests are refused and the
 * report says so.
 */
function proofsToSolve(): number {
  if (process.env.BENCH_PROOFS) return Number(process.env.BENCH_PROOFS);
  const { durationS, warmupS } = SETTINGS;
  return 1_500 * (2 * warmupS + durationS) + 2_500 * (warmupS + durationS) + 2 * COMPLAINTS.pacedRate * durationS;
}

const ENDPOINTS = {
  healthz: '/healthz',
  home: '/t/makassar/',
  agencies: '/api/v1/tenants/makassar/agencies',
} as const;

const externalDatabase = process.env.DATABASE_URL || undefined;
/** BENCH_ONLY=start: only the first start, the cold starts and the idle RSS after each. */
const startOnly = process.env.BENCH_ONLY === 'start';
/** BENCH_ONLY=complaints: the first start, then complaint submission against its baseline and the paced p99s. */
const complaintsOnly = process.env.BENCH_ONLY === 'complaints';

/** How the app is started: as `npm start` does (the bundle, decision 0003) or through tsx. */
const APP_MODES = {
  bundle: { build: true, args: ['dist/main.js', 'serve'] },
  tsx: { build: false, args: ['--import', 'tsx', 'src/main.ts', 'serve'] },
} as const;
type AppMode = keyof typeof APP_MODES;
const appMode = (process.env.BENCH_APP || 'bundle') as AppMode;
if (!(appMode in APP_MODES)) {
  process.stderr.write(`bench: BENCH_APP must be one of ${Object.keys(APP_MODES).join(', ')}, got "${appMode}"\n`);
  process.exit(1);
}
const appCommand = `node ${APP_MODES[appMode].args.join(' ')}`;

// ---------------------------------------------------------------------------------------------------
// State that cleanup() must undo, whatever happens.

let dataDir: string | undefined;
let app: Child | undefined;
let baseline: Child | undefined;
let cleaning: Promise<void> | undefined;

function progress(line: string) {
  process.stderr.write(`bench: ${line}\n`);
}

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    if (baseline && !baseline.exited) await baseline.stop('SIGTERM', 10_000);
    if (app && !app.exited) await app.stop('SIGINT', 30_000);
    if (dataDir) {
      if (!externalDatabase && (await stopLeftoverPostgres(dataDir))) {
        progress('stopped a PostgreSQL the app had left running');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping the children and removing the data directory…`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------------
// The app

interface Started {
  child: Child;
  /** Wall time from spawn to the first 200 from /readyz. */
  readyMs: number;
  /** The "(NNN ms)" the app prints itself on its ready line. */
  reportedMs?: number;
}

interface Stopped {
  ms: number;
  clean: boolean;
  detail: string;
  /** The app's last output lines, kept when the stop was not clean. */
  output?: string[];
}

function appEnv(port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...extra,
    DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  };
  if (externalDatabase) env.DATABASE_URL = externalDatabase;
  else delete env.DATABASE_URL;
  return env;
}

async function startApp(port: number, timeoutMs: number, extraEnv: Record<string, string> = {}): Promise<Started> {
  const spawnedAt = performance.now();
  const child = new Child('app', process.execPath, [...APP_MODES[appMode].args], {
    cwd: ROOT,
    env: appEnv(port, extraEnv),
    echo: process.env.BENCH_VERBOSE === '1',
  });
  app = child;
  const readyMs = await waitFor200(`http://127.0.0.1:${port}/readyz`, child, spawnedAt, timeoutMs);
  // The ready line is printed right after listen(); give it a moment to arrive.
  // The ready line comes with the banner, once the demo seeds that run after listening are done; the
  // loads measured next must not compete with them.
  await waitForBanner(child, timeoutMs);
  const READY = /Gerbang is ready at \S+\s+\((\d+) ms\)/;
  const reported = child.matchedLine(READY);
  return { child, readyMs, reportedMs: reported ? Number(reported[1]) : undefined };
}

async function stopApp(child: Child): Promise<Stopped> {
  const t0 = performance.now();
  const onSignal = await child.stop('SIGINT', 30_000);
  const ms = performance.now() - t0;
  const printed = child.matchedLine(/Stopped cleanly\./) !== undefined;
  const leftover = !externalDatabase && dataDir ? await stopLeftoverPostgres(dataDir) : false;
  const problems: string[] = [];
  if (!onSignal) problems.push('did not exit within 30 s of SIGINT (killed)');
  else if (child.exitCode !== 0) problems.push(`exit code ${child.exitCode ?? child.exitSignal}`);
  if (!printed) problems.push('no "Stopped cleanly." line');
  if (leftover) problems.push('its embedded PostgreSQL was still running after it exited');
  if (problems.length === 0) return { ms, clean: true, detail: 'clean' };
  // What the app printed from the start of its shutdown (an error's first lines matter most).
  let from = -1;
  child.lines.forEach((line, i) => {
    if (/stopping/.test(line)) from = i;
  });
  const output = child.lines.slice(from >= 0 ? from : -60);
  const shown = output.length > 25 ? [...output.slice(0, 20), '…', ...output.slice(-3)] : output;
  const indented = shown.map((l) => `    ${l}`).join('\n');
  progress(`the app did not stop cleanly: ${problems.join('; ')}; its output:\n${indented}`);
  return { ms, clean: false, detail: problems.join('; '), output };
}

// ---------------------------------------------------------------------------------------------------
// Report

interface TargetRow {
  metric: string;
  value: string;
  target: string;
  result: 'PASS' | 'MISS' | 'info';
}

interface Report {
  date: string;
  app: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryGiB: number;
    node: string;
    platform: string;
    /** Cores the machine kept busy just before the run: other work there skews the figures. */
    busyCoresBefore: number;
    /** 1-minute load average at the start and at the end of the run. */
    loadAverage: { start: number; end: number };
  };
  settings: typeof SETTINGS;
  database: 'embedded' | 'external (DATABASE_URL)';
  firstStartMs: number;
  coldStart: { runsMs: number[]; medianMs: number; appReportedMs: (number | null)[] };
  memory: {
    idleRssMiB: number[];
    idleMedianMiB: number;
    peakUnderLoadMiB: number;
    afterLoadMiB: number | null;
  };
  preflight: Record<string, number>;
  load: { app: LoadResult[]; baseline: LoadResult[] };
  ratios: { agencies: number; healthz: number };
  /** Complaint submission against its raw baseline, and paced p99s (issue 16). */
  complaints: ComplaintsResult;
  stops: Stopped[];
  /** bench/search.ts: search server time with 5,000 services. */
  search: SearchResult;
  /** bench/signin.ts: citizen sign-in at a fixed rate. */
  signin: SigninResult;
  /** bench/oidc-token.ts: the OpenID Provider's token endpoint against a raw ID-token signer (issue 17). */
  oidcToken: { ratio: number; baselineMean: number; statementsPerRequest: number; connections: number; runs: LoadResult[]; loadAverage1m: number };
  /** bench/application-submissions.ts: application submission against its raw baseline, paced p99. */
  applicationSubmissions: { ratio: number; baselineMean: number; loads: LoadResult[]; paced: PacedResult; baselinePaced: PacedResult; machine: { loadAverage1m: number } };
  /** bench/applications.ts: the officers' queue with 100,000 open applications. */
  applicationQueue: { applications: number; seed: { ms: number }; worstP95Ms: number; targetP95Ms: number; loads: { name: string; p50Ms: number; p95Ms: number; p99Ms: number }[]; machine: { loadAverage1m: number } };
  /** bench/payments-reconcile.ts: a day of 100,000 ledger entries reconciled against the gateway's report. */
  paymentsReconcile: { rows: number; planted: number; items: number; seedS: number; medianS: number; baselineS: number; ratio: number; targetS: number };
  /** bench/payment-notifications.ts: the notification endpoint against a raw HMAC + INSERT baseline, then the inbox's drain. */
  paymentNotifications: {
    connections: number;
    notifications: number;
    credited: number;
    ratio: number;
    baselineMean: number;
    target: number;
    runs: { app: { reqPerSec: number; p99Ms: number; non2xx: number } };
    drain: { workers: number; settled: number; seconds: number; perSec: number };
    machine: { loadAverage1m: number };
  };
  /** bench/documents.ts: signing a one-page document (p95, event-loop delay) and verification by code against a raw baseline. */
  documents: { loadAverage1m: number; signing: Record<'thread' | 'eventLoop', { p95Ms: number; loopDelayP99Ms: number }>; signingTargetP95Ms: number; verification: { connections: number; ratio: number; target: number; baselineMean: number; runs: LoadResult[] } };
  targets: TargetRow[];
}

interface ComplaintsResult {
  connections: number;
  notifyWorkers: string;
  proofs: { solved: number; solveS: number; missing: number };
  /** Closed-loop runs in the order they ran: baseline, receipt, baseline, anonymous, baseline. */
  loads: LoadResult[];
  receipt: { app: LoadResult; baselineMean: number; ratio: number };
  anonymous: { app: LoadResult; baselineMean: number; ratio: number };
  paced: { receipt: PacedResult; anonymous: PacedResult; publicList: PacedResult };
  /** RSS peak of this phase's app process during its loads. */
  rssPeakMiB: number;
}

interface SearchResult {
  services: number;
  requests: number;
  indexBuildMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  targetP95Ms: number;
}

interface SigninResult {
  rate: number;
  durationS: number;
  requests: number;
  non2xx: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  targetP99Ms: number;
  loadAverage1m: number;
}

/** Runs bench/<name>.ts (its own process and temporary database) and returns the JSON it wrote. */
function runChildBench<T>(name: 'search' | 'signin' | 'oidc-token' | 'applications' | 'application-submissions' | 'payments-reconcile' | 'payment-notifications' | 'documents', what: string): T {
  const file = path.join(RESULTS_DIR, `${name}.json`);
  fs.rmSync(file, { force: true });
  try {
    execFileSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: process.env,
    });
  } catch {
    throw new ChildFailedError(`the ${what} benchmark (bench/${name}.ts) failed; its output is above`);
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

function cpuText(l: LoadResult): string {
  if (!l.cpuCores) return '—';
  const { server, postgres, loadGenerator, other } = l.cpuCores;
  return [server, postgres ?? undefined, loadGenerator, other].map((v) => fmt(v, 2)).join(' / ');
}

/** Loads during which other work on the machine took a noticeable share of the CPU. */
const BUSY_OTHER_CORES = 0.25;
function skewWarning(r: Report): string[] {
  const runs = [
    ...r.load.app.map((l) => ['app', l] as const),
    ...r.load.baseline.map((l) => ['baseline', l] as const),
    ...r.complaints.loads.map((l) => [l.name, l] as const),
  ];
  const busy = runs
    .filter(([, l]) => (l.cpuCores?.other ?? 0) >= BUSY_OTHER_CORES)
    .map(([who, l]) => `${who} ${l.method} ${new URL(l.url).pathname} (${fmt(l.cpuCores?.other, 2)})`);
  if (busy.length === 0) return [];
  return [
    `**Skewed run:** other work on the machine used ≥ ${BUSY_OTHER_CORES} cores during ${busy.join(', ')}. ` +
      'Throughput, ratios and start times are unreliable; re-run on a quiet machine.',
    '',
  ];
}

const verdict = (pass: boolean): 'PASS' | 'MISS' => (pass ? 'PASS' : 'MISS');

const percent = (ratio: number) => `${fmt(ratio * 100)} %`;

function pacedText(p: PacedResult): string {
  return (
    `${fmt(p.p99Ms, 1)} ms (p50 ${fmt(p.p50Ms, 1)}, max ${fmt(p.maxMs, 1)}; ${p.requests} of ${p.sent} answered, ` +
    `${p.non2xx} non-2xx, ${p.errors} errors)`
  );
}

const pacedMet = (p: PacedResult, targetMs: number) =>
  p.non2xx === 0 && p.errors === 0 && p.requests === p.sent && p.p99Ms <= targetMs;

/** The rows of issue 16's submission targets: ratios and paced p99s are targets, req/s information. */
function complaintTargets(c: ComplaintsResult): TargetRow[] {
  const ratioRow = (kind: string, k: ComplaintsResult['receipt'], target: number): TargetRow => ({
    metric: `\`POST ${COMPLAINTS.submitPath}\` ${kind}, ${c.connections} connections: req/s app ÷ raw single-INSERT baseline (mean of the baseline runs right before and after)`,
    value: `${percent(k.ratio)} (${fmt(k.app.reqPerSec)} ÷ ${fmt(k.baselineMean)} req/s)`,
    target: `≥ ${target * 100} %`,
    result: verdict(k.ratio >= target),
  });
  const pacedRow = (what: string, p: PacedResult, target: number | undefined): TargetRow => ({
    metric: `${what}: p99 paced at ${p.rate}/s for ${p.seconds} s (open loop, latency from the scheduled time)`,
    value: pacedText(p),
    target: target === undefined ? '—' : `≤ ${target} ms, all 2xx`,
    result: target === undefined ? 'info' : verdict(pacedMet(p, target)),
  });
  return [
    ratioRow('with the e-mail receipt', c.receipt, TARGETS.receiptRatio),
    ratioRow('anonymous', c.anonymous, TARGETS.anonymousRatio),
    pacedRow('complaint submission with the e-mail receipt', c.paced.receipt, TARGETS.submissionP99Ms),
    pacedRow('complaint submission, anonymous', c.paced.anonymous, TARGETS.submissionP99Ms),
    pacedRow(`public complaint list \`GET ${COMPLAINTS.listPath}\``, c.paced.publicList, undefined),
    {
      metric: `complaint submission req/s, ${c.connections} connections (information: this machine's speed varies two- to threefold between days)`,
      value:
        `receipt ${fmt(c.receipt.app.reqPerSec)}/s, anonymous ${fmt(c.anonymous.app.reqPerSec)}/s; raw baseline ` +
        c.loads
          .filter((l) => l.name === 'baseline')
          .map((l) => `${fmt(l.reqPerSec)}`)
          .join(', ') +
        '/s',
      target: '—',
      result: 'info',
    },
  ];
}

function buildTargets(r: Omit<Report, 'targets'>): TargetRow[] {
  const all = [...r.load.app, ...r.load.baseline, ...r.complaints.loads];
  const bad = all.filter((l) => l.non2xx + l.errors > 0);
  const preflightBad = Object.entries(r.preflight).filter(([, status]) => status !== 200);
  const uncleanStops = r.stops.filter((s) => !s.clean);
  return [
    {
      metric: `cold start with existing data, spawn → /readyz 200 (median of ${r.coldStart.runsMs.length})`,
      value: `${fmt(r.coldStart.medianMs)} ms`,
      target: `≤ ${TARGETS.coldStartMs} ms`,
      result: verdict(r.coldStart.medianMs <= TARGETS.coldStartMs),
    },
    {
      metric: 'app RSS idle after start (median)',
      value: `${fmt(r.memory.idleMedianMiB, 1)} MiB`,
      target: `≤ ${TARGETS.idleRssMiB} MiB`,
      result: verdict(r.memory.idleMedianMiB <= TARGETS.idleRssMiB),
    },
    {
      metric: `app RSS peak under load (sampled every ${SETTINGS.rssIntervalMs} ms)`,
      value: `${fmt(r.memory.peakUnderLoadMiB, 1)} MiB`,
      target: `≤ ${TARGETS.peakRssMiB} MiB`,
      result: verdict(r.memory.peakUnderLoadMiB <= TARGETS.peakRssMiB),
    },
    {
      metric: `${ENDPOINTS.agencies} req/s, app / baseline`,
      value: `${fmt(r.ratios.agencies * 100)} %`,
      target: `≥ ${TARGETS.agenciesRatio * 100} %`,
      result: verdict(r.ratios.agencies >= TARGETS.agenciesRatio),
    },
    {
      metric: `${ENDPOINTS.healthz} req/s, app / baseline`,
      value: `${fmt(r.ratios.healthz * 100)} %`,
      target: '—',
      result: 'info',
    },
    ...complaintTargets(r.complaints),
    {
      metric: 'every endpoint answers 200 before load; no non-2xx or errors under load',
      value:
        [
          ...preflightBad.map(([url, status]) => `${url} → ${status || 'no answer'}`),
          ...bad.map((l) => `${l.name} ${l.method} ${new URL(l.url).pathname}: ${l.non2xx} non-2xx, ${l.errors} errors`),
          ...(r.complaints.proofs.missing > 0
            ? [`${r.complaints.proofs.missing} submissions without a proof of work (they ran out: raise BENCH_PROOFS)`]
            : []),
        ].join('; ') || 'all 2xx',
      target: '0 failures',
      result: verdict(bad.length === 0 && preflightBad.length === 0),
    },
    {
      metric: `search server time p95, ${r.search.services} services (${r.search.requests} searches, one at a time)`,
      value: `${fmt(r.search.p95Ms, 1)} ms (p50 ${fmt(r.search.p50Ms, 1)}, p99 ${fmt(r.search.p99Ms, 1)}; index build ${fmt(r.search.indexBuildMs)} ms)`,
      target: `≤ ${r.search.targetP95Ms} ms`,
      result: verdict(r.search.p95Ms <= r.search.targetP95Ms),
    },
    {
      metric: `citizen sign-in p99 at ${r.signin.rate}/s for ${r.signin.durationS} s (argon2id, throttle, audit, session)`,
      value: `${fmt(r.signin.p99Ms)} ms (p50 ${fmt(r.signin.p50Ms)}, max ${fmt(r.signin.maxMs)}; ${r.signin.requests} answered, ${r.signin.non2xx} non-2xx; load average ${fmt(r.signin.loadAverage1m, 1)})`,
      target: `≤ ${r.signin.targetP99Ms} ms, all 2xx`,
      result: verdict(r.signin.non2xx === 0 && r.signin.p99Ms <= r.signin.targetP99Ms),
    },
    {
      metric: `OpenID Provider token endpoint (refresh_token grant), ${r.oidcToken.connections} connections: app ÷ raw baseline signing the same ID token (bench/oidc-token.ts)`,
      value: `${fmt(r.oidcToken.ratio * 100)} % (${fmt(r.oidcToken.runs[1]?.reqPerSec)} ÷ ${fmt(r.oidcToken.baselineMean)}/s; ${fmt(r.oidcToken.statementsPerRequest, 1)} SQL statements per request; load average ${fmt(r.oidcToken.loadAverage1m, 1)})`,
      target: 'reported (the issue sets no ratio)',
      result: 'info',
    },
    {
      metric: `application submission, ${COMPLAINTS.connections} connections, app ÷ raw INSERT baseline (bench/application-submissions.ts)`,
      value: `${fmt(r.applicationSubmissions.ratio * 100)} % (${fmt(r.applicationSubmissions.loads[1]?.reqPerSec)} ÷ ${fmt(r.applicationSubmissions.baselineMean)}/s; load average ${fmt(r.applicationSubmissions.machine.loadAverage1m, 1)})`,
      target: '≥ 50 %',
      result: verdict(r.applicationSubmissions.ratio >= 0.5),
    },
    {
      metric: `application submission paced at ${r.applicationSubmissions.paced.rate}/s`,
      value: `${fmt(r.applicationSubmissions.paced.p99Ms, 1)} ms (p50 ${fmt(r.applicationSubmissions.paced.p50Ms, 1)}; ${r.applicationSubmissions.paced.non2xx} non-2xx; the raw baseline paced: p99 ${fmt(r.applicationSubmissions.baselinePaced.p99Ms, 1)} ms)`,
      target: '≤ 100 ms, all 2xx',
      result: verdict(r.applicationSubmissions.paced.non2xx === 0 && r.applicationSubmissions.paced.p99Ms <= 100),
    },
    {
      metric: `officers' queue server time p95, worst of ${r.applicationQueue.loads.length} filters, ${r.applicationQueue.applications} open applications (bench/applications.ts)`,
      value: `${fmt(r.applicationQueue.worstP95Ms, 1)} ms (seeded in ${fmt(r.applicationQueue.seed.ms / 1000, 1)} s; load average ${fmt(r.applicationQueue.machine.loadAverage1m, 1)})`,
      target: `≤ ${r.applicationQueue.targetP95Ms} ms`,
      result: verdict(r.applicationQueue.worstP95Ms <= r.applicationQueue.targetP95Ms),
    },
    {
      metric: `daily reconciliation of ${r.paymentsReconcile.rows} ledger entries against the gateway's report (bench/payments-reconcile.ts)`,
      value: `${fmt(r.paymentsReconcile.medianS, 2)} s (raw FULL JOIN ${fmt(r.paymentsReconcile.baselineS, 2)} s, ratio ${fmt(r.paymentsReconcile.ratio, 1)}×; ${r.paymentsReconcile.items} of ${r.paymentsReconcile.planted} planted differences found)`,
      target: `≤ ${r.paymentsReconcile.targetS} s`,
      result: verdict(r.paymentsReconcile.items === r.paymentsReconcile.planted && r.paymentsReconcile.medianS <= r.paymentsReconcile.targetS),
    },
    {
      metric: `payment notification endpoint, ${r.paymentNotifications.connections} connections, ${r.paymentNotifications.notifications} distinct notifications: app ÷ raw HMAC + INSERT baseline (bench/payment-notifications.ts)`,
      value: `${fmt(r.paymentNotifications.ratio * 100)} % (${fmt(r.paymentNotifications.runs.app.reqPerSec)} ÷ ${fmt(r.paymentNotifications.baselineMean)}/s; p99 ${fmt(r.paymentNotifications.runs.app.p99Ms)} ms; ${r.paymentNotifications.credited} credited by the job runner in ${fmt(r.paymentNotifications.drain.seconds, 1)} s, ${fmt(r.paymentNotifications.drain.perSec)}/s with ${r.paymentNotifications.drain.workers} workers; load average ${fmt(r.paymentNotifications.machine.loadAverage1m, 1)})`,
      target: `≥ ${fmt(r.paymentNotifications.target * 100)} %, every one credited once`,
      result: verdict(r.paymentNotifications.ratio >= r.paymentNotifications.target && r.paymentNotifications.credited === r.paymentNotifications.notifications && r.paymentNotifications.runs.app.non2xx === 0),
    },
    {
      metric: `documents: signing a one-page permit on the document thread, p95, with the event loop's delay p99 meanwhile (bench/documents.ts)`,
      value: `${fmt(r.documents.signing.thread.p95Ms)} ms; event-loop delay p99 ${fmt(r.documents.signing.thread.loopDelayP99Ms)} ms (on the event loop: ${fmt(r.documents.signing.eventLoop.p95Ms)} ms, delay p99 ${fmt(r.documents.signing.eventLoop.loopDelayP99Ms)} ms; load average ${fmt(r.documents.loadAverage1m, 1)})`,
      target: `≤ ${r.documents.signingTargetP95Ms} ms`,
      result: verdict(r.documents.signing.thread.p95Ms <= r.documents.signingTargetP95Ms),
    },
    {
      metric: `documents: verification by code (verifyDocument), ${r.documents.verification.connections} connections: app ÷ raw node:http + pg baseline (bench/documents.ts)`,
      value: `${fmt(r.documents.verification.ratio * 100)} % (${fmt(r.documents.verification.runs[1]!.reqPerSec)} ÷ ${fmt(r.documents.verification.baselineMean)}/s)`,
      target: `≥ ${fmt(r.documents.verification.target * 100)} %`,
      result: verdict(r.documents.verification.ratio >= r.documents.verification.target),
    },
    {
      metric: `SIGINT stops the app and its PostgreSQL cleanly (${r.stops.length} stops)`,
      value: uncleanStops.map((s) => s.detail).join('; ') || 'all clean',
      target: 'all clean',
      result: verdict(uncleanStops.length === 0),
    },
  ];
}

function renderComplaints(r: Report): string[] {
  const c = r.complaints;
  const kinds: Record<string, string> = { baseline: 'raw baseline (one INSERT)', receipt: 'app, e-mail receipt', anonymous: 'app, anonymous' };
  const pacedRow = (what: string, p: PacedResult) => [
    what,
    `${p.rate}/s × ${p.seconds} s`,
    `${p.requests} / ${p.sent}`,
    fmt(p.p50Ms, 1),
    fmt(p.p99Ms, 1),
    fmt(p.maxMs, 1),
    String(p.non2xx),
    String(p.errors),
  ];
  return [
    '## Complaint submission',
    '',
    `The app started once more with ${Object.entries(COMPLAINTS.appEnv)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')} (receipts queued, not delivered), ` +
      `the raw baseline (\`bench/complaints-baseline.ts\`: node:http + pg, one INSERT per transaction) beside it. ` +
      `${c.connections} connections, ${r.settings.warmupS} s warm-up + ${r.settings.durationS} s each, in this order; ` +
      'each app run is divided by the mean of the baseline runs right before and after it. ' +
      `${c.proofs.solved} proofs of work solved beforehand in ${fmt(c.proofs.solveS, 1)} s` +
      (c.proofs.missing > 0 ? `; **${c.proofs.missing} submissions found none left** (raise BENCH_PROOFS).` : '.'),
    '',
    markdownTable(
      ['run', 'req/s (mean)', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'requests', 'CPU cores: server / PostgreSQL / autocannon / other'],
      c.loads.map((l) => [kinds[l.name] ?? l.name, fmt(l.reqPerSec), fmt(l.p50Ms), fmt(l.p99Ms), String(l.non2xx), String(l.errors), String(l.total), cpuText(l)]),
    ),
    '',
    `Ratios: with the receipt ${percent(c.receipt.ratio)}, anonymous ${percent(c.anonymous.ratio)}.`,
    '',
    'Paced (open loop: one request every 1/rate s whatever the answers, latency from the scheduled time):',
    '',
    markdownTable(
      ['load', 'rate', 'answered / sent', 'p50 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors'],
      [
        pacedRow(`\`POST ${COMPLAINTS.submitPath}\`, e-mail receipt`, c.paced.receipt),
        pacedRow(`\`POST ${COMPLAINTS.submitPath}\`, anonymous`, c.paced.anonymous),
        pacedRow(`\`GET ${COMPLAINTS.listPath}\``, c.paced.publicList),
      ],
    ),
    '',
  ];
}

function renderMarkdown(r: Report): string {
  const loadRows = (who: string, list: LoadResult[]) =>
    list.map((l) => [
      who,
      `\`${l.method} ${new URL(l.url).pathname}\``,
      fmt(l.reqPerSec),
      fmt(l.p50Ms),
      fmt(l.p99Ms),
      String(l.non2xx),
      String(l.errors),
      String(l.total),
      cpuText(l),
    ]);
  return [
    `# Gerbang benchmark — ${r.date}`,
    '',
    `Machine: ${r.machine.cpus} cores (${r.machine.cpuModel}), ${r.machine.memoryGiB} GiB, ` +
      `Node ${r.machine.node}, ${r.machine.platform}; ${r.machine.busyCoresBefore} cores busy just before the run; ` +
      `load average (1 min) ${fmt(r.machine.loadAverage.start, 2)} at the start, ${fmt(r.machine.loadAverage.end, 2)} at the end.`,
    '',
    `App: \`${r.app}\`, database: ${r.database}. Load: autocannon, ${r.settings.connections} connections, ` +
      `${r.settings.durationS} s per endpoint after a ${r.settings.warmupS} s warm-up, all on 127.0.0.1 — ` +
      'load generator, app and PostgreSQL share the same cores.',
    '',
    '## Targets',
    '',
    'Throughput targets are **ratios** to a raw baseline measured in the same run (this machine\'s speed ' +
      'varies two- to threefold between days); absolute req/s are information. Latency targets are p99s ' +
      'at a fixed paced rate.',
    '',
    markdownTable(
      ['metric', 'value', 'target', 'result'],
      r.targets.map((t) => [t.metric, t.value, t.target, `**${t.result}**`]),
    ),
    '',
    '## Load',
    '',
    markdownTable(
      [
        'server',
        'endpoint',
        'req/s (mean)',
        'p50 ms',
        'p99 ms',
        'non-2xx',
        'errors',
        'requests',
        'CPU cores: server / PostgreSQL / autocannon / other',
      ],
      [...loadRows('app', r.load.app), ...loadRows('baseline', r.load.baseline)],
    ),
    '',
    `CPU cores: CPU seconds each process used during the measured ${r.settings.durationS} s, divided by it ` +
      `(${r.machine.cpus}.00 = all cores). "server" is the app or the baseline; PostgreSQL counts all its ` +
      'processes; "other" is the rest of the machine (other work, kernel) — well above 0.1 means a skewed run.',
    '',
    ...skewWarning(r),
    ...renderComplaints(r),
    '## Start and memory',
    '',
    markdownTable(
      ['measure', 'value'],
      [
        ['first start (initdb, migrations, demo seed), spawn → /readyz 200', `${fmt(r.firstStartMs)} ms`],
        [
          'cold starts with existing data, spawn → /readyz 200',
          r.coldStart.runsMs.map((v) => `${fmt(v)} ms`).join(', '),
        ],
        [
          'same starts as reported by the app ("ready … (NNN ms)", excludes Node boot and module loading)',
          r.coldStart.appReportedMs.map((v) => (v === null ? '—' : `${v} ms`)).join(', '),
        ],
        [
          `app RSS idle, ${SETTINGS.idleSettleMs / 1000} s after each cold start`,
          r.memory.idleRssMiB.map((v) => `${fmt(v, 1)} MiB`).join(', '),
        ],
        ['app RSS peak during the app loads (incl. warm-ups)', `${fmt(r.memory.peakUnderLoadMiB, 1)} MiB`],
        ['app RSS after the loads', `${fmt(r.memory.afterLoadMiB ?? undefined, 1)} MiB`],
        ['app RSS peak during the complaint loads (the app started once more)', `${fmt(r.complaints.rssPeakMiB, 1)} MiB`],
        ['stops (SIGINT → exit)', r.stops.map((s) => `${fmt(s.ms)} ms`).join(', ')],
      ],
    ),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------

async function loadAll(
  base: string,
  names: (keyof typeof ENDPOINTS)[],
  who: string,
  serverPid: number,
): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  const cpu = new CpuProbe(serverPid, dataDir && !externalDatabase ? postmaster(dataDir)?.pid : undefined);
  for (const name of names) {
    const url = `${base}${ENDPOINTS[name]}`;
    progress(`${who} GET ${ENDPOINTS[name]}: ${SETTINGS.warmupS} s warm-up + ${SETTINGS.durationS} s…`);
    const result = await runLoad(name, url, { ...SETTINGS, cpu });
    progress(loadText(result));
    results.push(result);
  }
  return results;
}

/**
 * Starts a raw baseline (`script`, a node:http + pg server) on the same database as the app, as
 * `baseline` (which cleanup() stops); resolves with its base URL once its /healthz answers.
 */
async function startBaseline(label: string, script: string): Promise<{ child: Child; base: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, BASELINE_PORT: String(port) };
  if (!externalDatabase) delete env.DATABASE_URL;
  const spawnedAt = performance.now();
  const child = new Child(label, process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env,
    echo: process.env.BENCH_VERBOSE === '1',
  });
  baseline = child;
  const base = `http://127.0.0.1:${port}`;
  await waitFor200(`${base}/healthz`, child, spawnedAt, 30_000);
  return { child, base };
}

const loadText = (l: LoadResult) =>
  `  ${fmt(l.reqPerSec)} req/s, p50 ${l.p50Ms} ms, p99 ${l.p99Ms} ms, ` +
  `${l.non2xx} non-2xx, ${l.errors} errors; CPU cores: ${cpuText(l)}`;

/**
 * Complaint submission (issue 16) on the app started once more with COMPLAINTS.appEnv, so that the
 * start and memory figures above keep the app's default settings. Closed loop at 32 connections,
 * interleaved with the raw baseline so that drift of the machine affects both alike; then paced.
 */
async function measureComplaints(port: number, stops: Stopped[]): Promise<ComplaintsResult> {
  if (!dataDir) throw new Error('no data directory');
  const base = `http://127.0.0.1:${port}`;
  // The app's secret: APP_SECRET if set (appEnv passes it on), else the one development keeps in DATA_DIR.
  const submissions = complaintSubmissions(
    loadAppSecret({ appSecret: process.env.APP_SECRET?.trim() || undefined, dataDir, env: 'development' }),
  );
  const proofs = proofsToSolve();
  progress(
    `complaints: the app once more with ${Object.entries(COMPLAINTS.appEnv)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}; solving ${proofs} proofs of work meanwhile…`,
  );
  const solvingAt = performance.now();
  const solving = submissions.solve(proofs).then(() => (performance.now() - solvingAt) / 1000);
  const started = await startApp(port, 60_000, COMPLAINTS.appEnv);
  const solveS = await solving;
  progress(`  ${proofs} proofs solved in ${fmt(solveS, 1)} s`);

  const { child: rawBaseline, base: baselineBase } = await startBaseline('complaints-baseline', 'bench/complaints-baseline.ts');

  const postgresPid = externalDatabase ? undefined : postmaster(dataDir)?.pid;
  const submitUrl = `${base}${COMPLAINTS.submitPath}`;
  const baselineUrl = `${baselineBase}/complaints`;
  const json = { 'content-type': 'application/json' };
  const post: LoadOptions = { ...SETTINGS, connections: COMPLAINTS.connections, method: 'POST', headers: json };
  const appCpu = new CpuProbe(started.child.pid, postgresPid);
  const baselineCpu = new CpuProbe(rawBaseline.pid, postgresPid);
  const measure = async (name: string, url: string, options: LoadOptions) => {
    progress(`complaints: ${name}, ${SETTINGS.warmupS} s warm-up + ${SETTINGS.durationS} s…`);
    const result = await runLoad(name, url, options);
    progress(loadText(result));
    return result;
  };
  const sampler = new RssSampler(started.child.pid, SETTINGS.rssIntervalMs);
  sampler.start();
  let loads: LoadResult[];
  let pacedRuns: ComplaintsResult['paced'];
  try {
    // A first warm-up of the app, then ANALYZE after the baseline's warm-up: both kinds of rows are
    // in the tables before the statistics are taken (analyzeDatabase says why).
    await runLoad('warm-up', submitUrl, { ...post, durationS: SETTINGS.warmupS, warmupS: 0, body: submissions.receipt });
    const analyze = async (options: { vacuum?: boolean } = {}) => {
      try {
        await analyzeDatabase(externalDatabase ?? embeddedDatabaseUrl(dataDir!), options);
      } catch (error) {
        progress(`  ${options.vacuum ? 'VACUUM (ANALYZE)' : 'ANALYZE'} failed (${(error as Error).message}); the run goes on without it`);
      }
    };
    const baselineRun = (afterWarmup?: () => Promise<void>) =>
      measure('baseline', baselineUrl, { ...post, cpu: baselineCpu, body: submissions.baseline, ...(afterWarmup ? { afterWarmup } : {}) });
    loads = [
      await baselineRun(analyze),
      await measure('receipt', submitUrl, { ...post, cpu: appCpu, body: submissions.receipt }),
      await baselineRun(),
      await measure('anonymous', submitUrl, { ...post, cpu: appCpu, body: submissions.anonymous }),
      await baselineRun(),
    ];
    const pace = async (what: string, request: Parameters<typeof paced>[0]) => {
      // The pass autovacuum makes over the rows the loads before left, made now rather than in the
      // paced run's first seconds (analyzeDatabase).
      await analyze({ vacuum: true });
      await sleep(1000);
      progress(`complaints: ${what} paced at ${COMPLAINTS.pacedRate}/s for ${SETTINGS.durationS} s…`);
      const result = await paced(request, COMPLAINTS.pacedRate, SETTINGS.durationS);
      progress(`  p99 ${pacedText(result)}`);
      return result;
    };
    pacedRuns = {
      receipt: await pace('receipts', { url: submitUrl, method: 'POST', headers: json, body: submissions.receipt }),
      anonymous: await pace('anonymous reports', { url: submitUrl, method: 'POST', headers: json, body: submissions.anonymous }),
      publicList: await pace('public list', { url: `${base}${COMPLAINTS.listPath}` }),
    };
  } finally {
    sampler.stop();
  }
  if (started.child.exited) throw new ChildFailedError(`the app exited during the complaint loads:\n${started.child.tail()}`);
  await rawBaseline.stop('SIGTERM', 10_000);
  stops.push(await stopApp(started.child));
  if (submissions.missing > 0) {
    progress(`the proofs of work ran out: ${submissions.missing} submissions were sent without one (raise BENCH_PROOFS)`);
  }
  const [b1, receipt, b2, anonymous, b3] = loads as [LoadResult, LoadResult, LoadResult, LoadResult, LoadResult];
  const against = (app: LoadResult, before: LoadResult, after: LoadResult) => {
    const baselineMean = (before.reqPerSec + after.reqPerSec) / 2;
    return { app, baselineMean, ratio: app.reqPerSec / baselineMean };
  };
  return {
    connections: COMPLAINTS.connections,
    notifyWorkers: COMPLAINTS.appEnv.NOTIFY_WORKERS,
    proofs: { solved: proofs, solveS, missing: submissions.missing },
    loads,
    receipt: against(receipt, b1, b2),
    anonymous: against(anonymous, b2, b3),
    paced: pacedRuns,
    rssPeakMiB: sampler.peakMiB,
  };
}

async function main(): Promise<void> {
  const loadAverageStart = os.loadavg()[0] ?? 0;
  const busyCoresBefore = await machineBusyCores(2000);
  if (APP_MODES[appMode].build) {
    progress('building the bundle as `npm start` does (node scripts/build.mjs)…');
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-bench-'));
  // As root the app runs PostgreSQL as the `postgres` user, which must be able to reach DATA_DIR/pg.
  if (process.getuid?.() === 0) fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  progress(`app: ${appCommand}, port ${port}, DATA_DIR ${dataDir}`);
  progress(`database: ${externalDatabase ? 'DATABASE_URL' : 'embedded PostgreSQL'}`);
  const stops: Stopped[] = [];

  // 1. First start: embedded PostgreSQL initdb, migrations, demo seed.
  progress('first start (initdb, migrations, demo seed)…');
  const first = await startApp(port, 180_000);
  progress(`  ready after ${fmt(first.readyMs)} ms`);
  const preflight: Record<string, number> = {};
  for (const endpoint of Object.values(ENDPOINTS))
    preflight[endpoint] = await httpStatus(`${base}${endpoint}`, 10_000);
  progress(
    `  preflight: ${Object.entries(preflight)
      .map(([u, s]) => `${u} ${s || 'no answer'}`)
      .join(', ')}`,
  );
  stops.push(await stopApp(first.child));
  if (complaintsOnly) {
    const c = await measureComplaints(port, stops);
    const row = (what: string, r: { ratio: number; app: LoadResult; baselineMean: number }, target: number) =>
      `${what}: ${fmt(r.ratio * 100)} % (${fmt(r.app.reqPerSec)} ÷ ${fmt(r.baselineMean)}/s; target ≥ ${fmt(target * 100)} %)`;
    process.stdout.write(
      `\n${row('receipt', c.receipt, TARGETS.receiptRatio)}\n${row('anonymous', c.anonymous, TARGETS.anonymousRatio)}\n` +
        `paced receipt ${pacedText(c.paced.receipt)}; anonymous ${pacedText(c.paced.anonymous)} (target p99 ≤ ${TARGETS.submissionP99Ms} ms)\n` +
        `load average ${fmt(loadAverageStart, 2)} at the start, ${fmt(os.loadavg()[0] ?? 0, 2)} at the end; ${appCommand}\n`,
    );
    return;
  }

  // 2. Cold starts with existing data; 3. idle RSS after each.
  const cold: Started[] = [];
  const idleRss: number[] = [];
  for (let i = 1; i <= SETTINGS.coldRuns; i++) {
    const started = await startApp(port, 60_000);
    cold.push(started);
    await sleep(SETTINGS.idleSettleMs);
    const rss = readRssMiB(started.child.pid);
    if (rss !== undefined) idleRss.push(rss);
    progress(
      `cold start ${i}/${SETTINGS.coldRuns}: ${fmt(started.readyMs)} ms to /readyz 200 ` +
        `(app says ${started.reportedMs ?? '?'} ms), idle RSS ${fmt(rss, 1)} MiB`,
    );
    if (i < SETTINGS.coldRuns) stops.push(await stopApp(started.child));
  }
  const running = cold.at(-1)!.child;
  if (startOnly) {
    // BENCH_ONLY=start: the start and memory figures alone (a minute instead of the whole run).
    const loadAverageEnd = os.loadavg()[0] ?? 0;
    process.stdout.write(
      `\nfirst start ${fmt(first.readyMs)} ms; cold starts ${cold.map((c) => `${fmt(c.readyMs)} ms (app says ${c.reportedMs ?? '?'})`).join(', ')}; ` +
        `median ${fmt(median(cold.map((c) => c.readyMs)))} ms (target ≤ ${TARGETS.coldStartMs})\n` +
        `idle RSS ${idleRss.map((v) => `${fmt(v, 1)} MiB`).join(', ')}; median ${fmt(median(idleRss), 1)} MiB (target ≤ ${TARGETS.idleRssMiB})\n` +
        `load average ${fmt(loadAverageStart, 2)} at the start, ${fmt(loadAverageEnd, 2)} at the end; ${appCommand}\n`,
    );
    stops.push(await stopApp(running));
    return;
  }

  // 4. Load against the app, RSS sampled throughout.
  const sampler = new RssSampler(running.pid, SETTINGS.rssIntervalMs);
  sampler.start();
  let appLoad: LoadResult[];
  try {
    appLoad = await loadAll(base, ['healthz', 'home', 'agencies'], 'app', running.pid);
  } finally {
    sampler.stop();
  }
  if (running.exited) throw new ChildFailedError(`the app exited during the load:\n${running.tail()}`);
  const afterLoad = readRssMiB(running.pid);
  progress(`app RSS peak under load ${fmt(sampler.peakMiB, 1)} MiB (${sampler.samples} samples)`);

  // 5. Baseline against the same database, the app idle; JSON first, right after the app's JSON run,
  // so that drift of the shared machine between the two affects the ratio least.
  if (!externalDatabase && !postmaster(dataDir)) throw new Error('the embedded PostgreSQL is not running');
  const { child: rawBaseline, base: baselineBase } = await startBaseline('baseline', 'bench/baseline.ts');
  const baselineStatus = await httpStatus(`${baselineBase}${ENDPOINTS.agencies}`, 10_000);
  if (baselineStatus !== 200) {
    throw new ChildFailedError(
      `baseline ${ENDPOINTS.agencies} answered ${baselineStatus}:\n${rawBaseline.tail()}`,
    );
  }
  const baselineLoad = await loadAll(baselineBase, ['agencies', 'healthz'], 'baseline', rawBaseline.pid);
  await rawBaseline.stop('SIGTERM', 10_000);

  // Final stop of the app.
  stops.push(await stopApp(running));

  // 6. Complaint submission against its raw baseline, and paced p99s: the app started once more.
  const complaints = await measureComplaints(port, stops);

  // 7. Search with 5,000 services: bench/search.ts, in its own process and database.
  progress('search: 5,000 services, server time per search (bench/search.ts)…');
  const search = runChildBench<SearchResult>('search', 'search');

  // 8. Citizen sign-in at 50/s: bench/signin.ts, in its own process and database.
  progress('sign-in: 50 citizen sign-ins per second (bench/signin.ts)…');
  const signin = runChildBench<SigninResult>('signin', 'sign-in');
  progress('OpenID Provider: the token endpoint against a raw ID-token signer (bench/oidc-token.ts)…');
  const oidcToken = runChildBench<Report['oidcToken']>('oidc-token', 'token endpoint');

  // 9. Applications (issue 18): submission against its raw baseline, and the queue with 100,000 open
  // applications — each in its own process and database.
  progress('applications: submission against its raw baseline (bench/application-submissions.ts)…');
  const applicationSubmissions = runChildBench<Report['applicationSubmissions']>('application-submissions', 'application submission');
  progress('applications: the queue with 100,000 open applications (bench/applications.ts)…');
  const applicationQueue = runChildBench<Report['applicationQueue']>('applications', 'application queue');
  progress('payments: a day of 100,000 ledger entries reconciled (bench/payments-reconcile.ts)…');
  const paymentsReconcile = runChildBench<Report['paymentsReconcile']>('payments-reconcile', 'reconciliation');
  progress('payments: the notification endpoint against a raw HMAC + INSERT baseline (bench/payment-notifications.ts)…');
  const paymentNotifications = runChildBench<Report['paymentNotifications']>('payment-notifications', 'payment notification');
  progress('documents: signing a one-page permit, and verification by code against a raw baseline (bench/documents.ts)…');
  const documents = runChildBench<Report['documents']>('documents', 'documents');

  // 10. Report.
  const byName = (list: LoadResult[], name: string) =>
    list.find((l) => l.name === name)?.reqPerSec ?? Number.NaN;
  const withoutTargets: Omit<Report, 'targets'> = {
    date: new Date().toISOString(),
    app: appCommand,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      busyCoresBefore,
      loadAverage: { start: loadAverageStart, end: os.loadavg()[0] ?? 0 },
    },
    settings: SETTINGS,
    database: externalDatabase ? 'external (DATABASE_URL)' : 'embedded',
    firstStartMs: first.readyMs,
    coldStart: {
      runsMs: cold.map((c) => c.readyMs),
      medianMs: median(cold.map((c) => c.readyMs)),
      appReportedMs: cold.map((c) => c.reportedMs ?? null),
    },
    memory: {
      idleRssMiB: idleRss,
      idleMedianMiB: median(idleRss),
      peakUnderLoadMiB: sampler.peakMiB,
      afterLoadMiB: afterLoad ?? null,
    },
    preflight,
    load: { app: appLoad, baseline: baselineLoad },
    ratios: {
      agencies: byName(appLoad, 'agencies') / byName(baselineLoad, 'agencies'),
      healthz: byName(appLoad, 'healthz') / byName(baselineLoad, 'healthz'),
    },
    complaints,
    stops,
    search,
    signin,
    oidcToken,
    applicationSubmissions,
    applicationQueue,
    paymentsReconcile,
    paymentNotifications,
    documents,
  };
  const report: Report = { ...withoutTargets, targets: buildTargets(withoutTargets) };
  const markdown = renderMarkdown(report);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.md'), markdown);
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\n${markdown}\n`);
  for (const t of report.targets)
    process.stdout.write(`${t.result.padEnd(4)}  ${t.metric}: ${t.value} (${t.target})\n`);
  process.stdout.write(`\nWrote ${path.relative(ROOT, RESULTS_DIR)}/latest.md and latest.json\n`);
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  exitCode = 1;
  process.stderr.write(`bench: failed: ${error instanceof Error ? error.message : String(error)}\n`);
  if (!(error instanceof ChildFailedError) && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
} finally {
  await cleanup();
}
process.exit(exitCode);
