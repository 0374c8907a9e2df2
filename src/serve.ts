// `gerbang serve`: the portal. One process, or with HTTP_PROCESSES > 1 a primary that owns the
// database's preparation and the background work (jobs, the audit chain, schedules) and forks the HTTP
// processes. Loaded only by `serve` (main.ts), so one-shot commands start without the app's code.
import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import type { FastifyListenOptions } from 'fastify';
import { buildApp } from './app.js';
import { backupSourcesOf, baseBackupJobHandlers, scheduleBaseBackups, startFileMirror } from './backup-schedule.js';
import { say, UsageError } from './cli.js';
import type { Config } from './config.js';
import { type DatabaseHandle, redact } from './db/index.js';
import {
  createChannels,
  type DevMailbox,
  digestJobHandlers,
  notificationJobHandlers,
  scheduleDailyDigest,
  startDevMailbox,
} from './modules/notifications/index.js';
import { DATA_REQUEST_SWEEP_JOB, dataRequestJobHandlers, DEMO_PASSWORD, type DemoAccount } from './modules/identity/index.js';
import { applicationJobHandlers, DRAFTS_JOB, SWEEP_JOB } from './modules/applications/index.js';
import { type DemoDocument, documentJobHandlers, signingKeyDeps } from './modules/documents/index.js';
import { surveyJobHandlers } from './modules/surveys/index.js';
import { scheduleTransparencyJobs, transparencyJobHandlers } from './modules/transparency/index.js';
import { openDataJobHandlers, scheduleDailyRefresh } from './modules/open-data/index.js';
import { OVERSIGHT_JOB, oversightJobHandlers } from './modules/oversight/index.js';
import { DEV_CLIENT_PATH, OIDC_SWEEP_JOB, oidcJobHandlers } from './modules/oidc/index.js';
import { EXPIRE_INVOICES_JOB, paymentJobHandlers } from './modules/payments/index.js';
import { complaintJobHandlers, DEMO_OPEN311_KEY, ESCALATE_JOB, RETRAIN_NIGHTLY_JOB } from './modules/complaints/index.js';
import { DEMO_TENANTS, listTenants } from './modules/tenancy/index.js';
import { scheduleDailyReconciliation, treasuryGatewayOf, treasuryJobHandlers } from './modules/payments/index.js';
import { publishedCheckpoints, startCheckpointer } from './platform/audit/index.js';
import { fileJobHandlers, fileStoreFromConfig, scannerFromConfig } from './platform/files/index.js';
import { pruneIdempotencyKeys } from './platform/http/idempotency.js';
import { pruneAltchaReplays } from './platform/http/altcha-store.js';
import { pruneRateLimits } from './platform/http/rate-limit-store.js';
import { createJobRunner, enqueueJob, type JobLog } from './platform/jobs/index.js';
import { collectProcessMetrics, jobDuration } from './platform/metrics.js';
import { connectServeDatabase, openRuntime, type Runtime } from './runtime.js';
import { seedApplicationDemo, seedComplaintDemo, seedDemoAccounts, seedDocumentDemo, seedIfEmpty, seedInformationListDemo, seedInformationRequestsDemo } from './seed.js';

/** A named step of the shutdown; each runs even if an earlier one failed. */
type ShutdownStep = [name: string, run: () => Promise<unknown>];

/**
 * The work beside HTTP: the audit sequencer and checkpointer, the development mailbox, the job
 * runners and the schedules. One process runs it — the only one, or the primary of HTTP_PROCESSES.
 * Returns its shutdown steps in order (jobs first, the audit chain last).
 */
type Background = { steps: ShutdownStep[]; devMailbox?: DevMailbox; files: string };

async function startBackground(rt: Runtime, config: Config, log?: JobLog): Promise<Background> {
  // Moves committed audit events into the signed chain (decision 0014); flushed at shutdown. It
  // polls audit_pending, so it sequences the events of every process on the database.
  const sequencer = rt.audit.startSequencer(rt.db.app, {
    log: (message) => process.stderr.write(`gerbang: ${message}\n`),
  });
  const checkpointer = startCheckpointer(rt.db.app, rt.signer, {
    everySeconds: config.auditCheckpointSeconds,
    everyEvents: config.auditCheckpointEvents,
    file: rt.checkpointsFile,
    log: (message) => process.stderr.write(`gerbang: ${message}\n`),
  });

  // Outside production, with no SMTP server configured, e-mail goes to the development mailbox.
  let devMailbox: DevMailbox | undefined;
  if (config.env !== 'production' && !config.smtpUrl) {
    devMailbox = await startDevMailbox({ db: rt.db.app, ...(log ? { log } : {}) });
  }
  const channels = createChannels(config, { db: rt.db.app, devSmtp: devMailbox });

  // Uploaded files are scanned by a job each (platform/files); the banner says by which scanner.
  const files = fileStoreFromConfig(config);
  const { scanner, summary: scanning } = scannerFromConfig(config);
  void scanner.ping?.().then((answers) => {
    if (!answers) process.stderr.write('gerbang: clamd does not answer (CLAMD_URL): uploaded files stay pending, unopenable, until it does\n');
  });

  const notificationHandlers = notificationJobHandlers({ channels, audit: rt.audit });
  // The embedded server's nightly base backups and file mirror, in the process that owns it (backup-schedule.ts).
  const backup = backupSourcesOf(config, rt.db);
  const say = (line: string) => process.stderr.write(`gerbang: ${line}\n`);
  const runner = createJobRunner(
    rt.db.app,
    {
      ...notificationHandlers,
      ...digestJobHandlers({
        audit: rt.audit,
        // The digest links to the officer's inbox on the tenant's own address.
        inboxUrl: async (tenantId) => {
          const tenant = (await listTenants(rt.db.app)).find((x) => x.id === tenantId);
          const base = config.publicBaseUrl.replace(/\/$/, '');
          return tenant ? `${base}/t/${tenant.slug}/notifikasi` : `${base}/notifikasi`;
        },
      }),
      ...complaintJobHandlers({
        db: rt.db.app,
        audit: rt.audit,
        now: () => new Date(),
        publicBaseUrl: config.publicBaseUrl,
        retrain: { minCorrections: config.complaintRetrainMinCorrections, tolerance: config.complaintRetrainTolerancePercent / 100 },
      }),
      ...fileJobHandlers({ store: files, scanner, audit: rt.audit }),
      ...applicationJobHandlers({ audit: rt.audit, publicBaseUrl: config.publicBaseUrl, now: () => new Date() }),
      // Signed documents of applications closed as issued or approved.
      ...documentJobHandlers({ audit: rt.audit, keys: signingKeyDeps(config, rt.secret), files, publicBaseUrl: config.publicBaseUrl, now: () => new Date() }),
      ...surveyJobHandlers({ audit: rt.audit, publicBaseUrl: config.publicBaseUrl, now: () => new Date() }),
      // Open data's automatic datasets, refreshed daily from the modules' aggregates.
      ...openDataJobHandlers({ audit: rt.audit, now: () => new Date(), minCount: config.openDataMinCount }),
      // Officers' figures and irregularity flags, read from the audit chain's increment (docs/oversight.md).
      ...oversightJobHandlers({ audit: rt.audit, now: () => new Date() }),
      // Citizens' approved personal-data requests carried out across every module, and their deadlines watched.
      ...dataRequestJobHandlers({ audit: rt.audit, now: () => new Date() }),
      // The treasury's daily reconciliation of every tenant that takes payments (and its retries).
      ...treasuryJobHandlers({ audit: rt.audit, now: () => new Date(), gatewayOf: treasuryGatewayOf({ config, appSecret: rt.secret, db: rt.db.app, now: () => new Date() }) }),
      ...oidcJobHandlers({ db: rt.db.app, appSecret: rt.secret, now: () => new Date(), keyRotationDays: config.oidcKeyRotationDays }),
      // Invoices' bills and expiry, fees of 0 passed, the sandbox bank's notifications (docs/payments.md).
      ...paymentJobHandlers({ config, db: rt.db.app, audit: rt.audit, appSecret: rt.secret, now: () => new Date() }),
      ...(backup ? baseBackupJobHandlers({ sources: backup, keep: config.backupKeep, now: () => new Date(), log: say }) : {}),
      // The public dashboard's aggregates (every 30 s per tenant) and the minute's health check.
      ...transparencyJobHandlers({ db: rt.db.app, now: () => new Date() }),
      'platform.housekeeping': async (_job, trx) => {
        await pruneRateLimits(trx);
        await pruneIdempotencyKeys(trx);
        await pruneAltchaReplays(trx);
        // Partial uploads of a process killed mid-write (an orderly failure removes its own at once).
        await files.sweepIncoming(24 * 3600_000);
      },
    },
    {
      concurrency: config.jobWorkers,
      listenUrl: rt.db.url,
      ...(log ? { log } : {}),
      onJobFinished: (kind, outcome, ms) => jobDuration.observe({ kind, outcome }, ms / 1000),
    },
  );
  if (config.jobWorkers > 0) runner.start();
  // A lane of its own for notification delivery, so a burst (and one-time codes) never waits behind
  // other jobs and enough hand-overs run at once to keep the pooled SMTP connections busy.
  const notifyRunner = createJobRunner(rt.db.app, notificationHandlers, {
    concurrency: config.notifyWorkers,
    kinds: Object.keys(notificationHandlers),
    listenUrl: rt.db.url,
    ...(log ? { log } : {}),
    onJobFinished: (kind, outcome, ms) => jobDuration.observe({ kind, outcome }, ms / 1000),
  });
  if (config.notifyWorkers > 0) notifyRunner.start();
  // One housekeeping job per hour across all processes (the dedupe key names the hour).
  const scheduleHousekeeping = () =>
    Promise.all([
      enqueueJob(rt.db.app, { kind: 'platform.housekeeping', dedupeKey: new Date().toISOString().slice(0, 13) }),
      // The OpenID Provider's expired state, and its signing key's rotation when due.
      enqueueJob(rt.db.app, { kind: OIDC_SWEEP_JOB, dedupeKey: new Date().toISOString().slice(0, 13) }),
      // Personal-data requests near their 72-hour deadline flagged, stalled carry-outs retried.
      enqueueJob(rt.db.app, { kind: DATA_REQUEST_SWEEP_JOB, dedupeKey: new Date().toISOString().slice(0, 13) }),
    ]).catch(() => undefined);
  // The oversight job reads each tenant's new audit entries every quarter of an hour (one job per quarter).
  const scheduleOversight = () =>
    enqueueJob(rt.db.app, { kind: OVERSIGHT_JOB, dedupeKey: `${new Date().toISOString().slice(0, 13)}:${Math.floor(new Date().getUTCMinutes() / 15)}` }).catch(() => undefined);
  await scheduleOversight();
  // Overdue complaints escalate within a quarter of an hour of their deadline (one job per quarter).
  const scheduleEscalation = () =>
    enqueueJob(rt.db.app, {
      kind: ESCALATE_JOB,
      dedupeKey: `${new Date().toISOString().slice(0, 13)}:${Math.floor(new Date().getUTCMinutes() / 15)}`,
    }).catch(() => undefined);
  await scheduleHousekeeping();
  // Application deadlines lapse (escalation, fiktif positif) within five minutes of their instant —
  // the lapse itself is dated at the due instant, whenever the sweeper comes — and drafts are swept
  // hourly (reminders, expiry). One job per period across all processes.
  const scheduleApplicationSweeps = () => {
    const now = new Date();
    return Promise.all([
      enqueueJob(rt.db.app, { kind: SWEEP_JOB, dedupeKey: `${now.toISOString().slice(0, 13)}:${Math.floor(now.getUTCMinutes() / 5)}` }),
      enqueueJob(rt.db.app, { kind: DRAFTS_JOB, dedupeKey: now.toISOString().slice(0, 13) }),
      // Open invoices past their time expire within five minutes.
      enqueueJob(rt.db.app, { kind: EXPIRE_INVOICES_JOB, dedupeKey: `${now.toISOString().slice(0, 13)}:${Math.floor(now.getUTCMinutes() / 5)}` }),
    ]).catch(() => undefined);
  };
  await scheduleApplicationSweeps();
  const applicationTimer = setInterval(scheduleApplicationSweeps, 5 * 60_000);
  applicationTimer.unref();
  // The officers' daily digest (07:00 WIB); one job per date across all processes.
  const scheduleDigest = () => scheduleDailyDigest(rt.db.app, new Date()).catch(() => undefined);
  await scheduleDigest();
  const digestTimer = setInterval(scheduleDigest, 15 * 60_000);
  digestTimer.unref();
  await scheduleEscalation();
  // Routing models retrain nightly (02:00 WIB = 19:00 UTC) besides the correction threshold; one job per date.
  const scheduleRetraining = () => {
    const at = new Date();
    at.setUTCHours(19, 0, 0, 0);
    return enqueueJob(rt.db.app, { kind: RETRAIN_NIGHTLY_JOB, runAt: at, dedupeKey: at.toISOString().slice(0, 10) }).catch(() => undefined);
  };
  await scheduleRetraining();
  // Yesterday's payments reconciled at 01:00 WIB; one sweep per business day across all processes.
  const scheduleReconciliation = () => scheduleDailyReconciliation(rt.db.app, new Date()).catch(() => undefined);
  await scheduleReconciliation();
  const scheduleBackups = () => (backup ? scheduleBaseBackups(rt.db.app, backup.backupDir, new Date()).catch(() => undefined) : Promise.resolve());
  await scheduleBackups();
  const stopFileMirror = backup ? startFileMirror(backup, config.backupArchiveTimeoutSeconds, say) : async () => undefined;
  // Open data's automatic datasets refreshed once a day (UTC date) across all processes.
  const scheduleOpenData = () => scheduleDailyRefresh(rt.db.app, new Date()).catch(() => undefined);
  await scheduleOpenData();
  const housekeeping = setInterval(() => {
    void scheduleBackups();
    void scheduleReconciliation();
    void scheduleOpenData();
    void scheduleHousekeeping();
    void scheduleEscalation();
    void scheduleOversight();
    void scheduleRetraining();
  }, 15 * 60_000);
  housekeeping.unref();
  // The dashboard shows a change within 60 s: each tenant's refresh is queued every 30-s slot (and
  // the health check every minute); a tick every 10 s queues each slot's one job across all processes.
  const scheduleTransparency = () => scheduleTransparencyJobs(rt.db.app, new Date()).catch(() => undefined);
  await scheduleTransparency();
  const transparencyTimer = setInterval(scheduleTransparency, 10_000);
  transparencyTimer.unref();

  return {
    ...(devMailbox ? { devMailbox } : {}),
    files: `${files.root}; ${scanning}`,
    steps: [
      [
        'the job runner',
        () => {
          clearInterval(housekeeping);
          clearInterval(digestTimer);
          clearInterval(applicationTimer);
          clearInterval(transparencyTimer);
          return Promise.all([runner.stop(), notifyRunner.stop(), stopFileMirror()]);
        },
      ],
      ['the notification channels', () => channels.close()],
      ['the development mailbox', async () => devMailbox?.stop()],
      ['the audit sequencer', () => sequencer.stop()],
      ['the audit checkpointer', () => checkpointer.stop()],
    ],
  };
}

/** Runs the steps on the first SIGINT or SIGTERM, then exits (1 when a step failed). */
function stopOnSignal(steps: ShutdownStep[], announce?: string) {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    if (announce) say(`\n${signal}: ${announce}`);
    const failed = await runSteps(steps);
    if (announce) say(failed ? 'Stopped, with the errors above.' : 'Stopped cleanly.');
    process.exit(failed ? 1 : 0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

/**
 * The background work (jobs, the audit sequencer, schedules, the development mailbox) starts once the
 * port answers: none of it is needed to answer a request (jobs wait in their table), and its dozen
 * scheduling round trips would hold /readyz back. Its stop steps go in before the database's; if it
 * cannot start, everything started stops and the error is thrown.
 */
async function startBackgroundAfter(steps: ShutdownStep[], start: () => Promise<Background>): Promise<Background> {
  let background: Background;
  try {
    background = await start();
  } catch (error) {
    await runSteps(steps);
    throw error;
  }
  steps.splice(steps.length - 1, 0, ...background.steps);
  return background;
}

/** Runs every step even if an earlier one failed (so PostgreSQL is always stopped); true when one failed. */
async function runSteps(steps: ShutdownStep[]): Promise<boolean> {
  let failed = false;
  for (const [name, step] of steps) {
    try {
      await step();
    } catch (error) {
      failed = true;
      process.stderr.write(`gerbang: stopping ${name} failed: ${(error as Error).message}\n`);
    }
  }
  return failed;
}

/**
 * The graceful end of an HTTP server: drain (/readyz 503, `Connection: close` on every answer) for
 * SHUTDOWN_DRAIN_SECONDS while still serving, then stop accepting connections — a proxy's next connect
 * is refused and goes to another process, safe even for a POST — and finish the requests in flight,
 * for at most SHUTDOWN_TIMEOUT_SECONDS (docs/operations.md, "Rolling restart").
 */
export async function drainAndClose(app: { beginDrain(): void; close(): Promise<unknown> }, config: Pick<Config, 'shutdownDrainSeconds' | 'shutdownTimeoutSeconds'>): Promise<void> {
  app.beginDrain();
  if (config.shutdownDrainSeconds > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainSeconds * 1000));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      process.stderr.write(`gerbang: requests still running after ${config.shutdownTimeoutSeconds} s (SHUTDOWN_TIMEOUT_SECONDS); stopping anyway\n`);
      resolve();
    }, config.shutdownTimeoutSeconds * 1000);
  });
  await Promise.race([app.close(), late]).finally(() => clearTimeout(timer));
}

/**
 * Where the HTTP server listens: the socket systemd passed (socket activation, config.listenFd), or
 * PORT on HOST. In an HTTP process of HTTP_PROCESSES, node:cluster's primary listens for it either way.
 */
function listenOptions(config: Config): FastifyListenOptions {
  // Fastify hands its options to net.Server#listen, which takes `fd` before anything else; its types
  // leave `fd` out. HOST stays: Fastify would otherwise default to 'localhost' and bind ::1 beside it.
  if (config.listenFd !== undefined) return { fd: config.listenFd, host: config.host } as FastifyListenOptions;
  return { port: config.port, host: config.host };
}

function portInUse(config: Config): UsageError {
  return new UsageError(`port ${config.port} is already in use: stop the other program or set PORT to another port`);
}

async function buildHttpApp(rt: Runtime, config: Config) {
  return buildApp({
    config,
    db: rt.db.app,
    ...(rt.db.replica ? { replica: rt.db.replica } : {}),
    ownerDb: rt.db.owner,
    audit: rt.audit,
    appSecret: rt.secret,
    auditCheckpoints: () => publishedCheckpoints(rt.db.app, rt.signer),
  });
}

/**
 * The runtime of the process that owns the database's preparation (migrations, demo seed), on the
 * database main.ts began connecting while this code loaded (connectServeDatabase).
 *
 * The demo seeds (accounts, complaints, applications) are idempotent: on a first start they run before
 * the server listens, so the demo accounts exist when it says it is ready; on a restart they find
 * their data and change nothing but still take seconds of queries, so they run after it listens
 * (`demo()`), not in the way of a restart.
 */
async function openSeededRuntime(config: Config, database: Promise<DatabaseHandle>) {
  const rt = await openRuntime(config, say, { database, embeddedRole: 'serve' });
  const seeded = await seedIfEmpty(rt);
  let demoDocuments: DemoDocument[] = [];
  const seedDemo = async () => {
    const accounts = await seedDemoAccounts(rt);
    if (config.seedDemo) await seedComplaintDemo(rt, config);
    if (config.seedDemo && config.env !== 'production') await seedApplicationDemo(rt, config);
    // The banner prints the demo documents' verification URLs beside the demo accounts.
    demoDocuments = await seedDocumentDemo(rt, config);
    await seedInformationListDemo(rt, config);
    await seedInformationRequestsDemo(rt, config);
    return accounts;
  };
  const early = seeded ? await seedDemo() : undefined;
  collectProcessMetrics();
  /** The demo accounts, seeded now if they were not before listening. */
  const demo = () => (early ? Promise.resolve(early) : seedDemo());
  return { rt, seeded, demo, demoDocuments: () => demoDocuments };
}

/** The banner once the demo data is in place; a failed demo seed is told, and the server keeps running. */
async function bannerAfterDemo(demo: () => Promise<DemoAccount[]>, banner: (demoAccounts: DemoAccount[]) => void) {
  let demoAccounts: DemoAccount[] = [];
  try {
    demoAccounts = await demo();
  } catch (error) {
    process.stderr.write(`gerbang: seeding the demo data failed: ${(error as Error).message}\n`);
  }
  banner(demoAccounts);
}

/**
 * `serve`: one process, or with HTTP_PROCESSES > 1 a primary and that many HTTP processes
 * (node:cluster). `database`: connectServeDatabase's, begun before this code loaded (not in an HTTP
 * process, which uses the primary's server).
 */
export async function serve(config: Config, database?: Promise<DatabaseHandle>) {
  if (config.httpProcesses > 1 && !cluster.isPrimary) return serveHttpProcess(config);
  database ??= connectServeDatabase(config, say);
  if (config.httpProcesses > 1) return servePrimary(config, database);
  const startedAt = performance.now();
  const { rt, seeded, demo, demoDocuments } = await openSeededRuntime(config, database);

  const app = await buildHttpApp(rt, config);
  const steps: ShutdownStep[] = [['the HTTP server', () => drainAndClose(app, config)], ['the database', () => rt.db.close()]];
  stopOnSignal(steps, 'stopping — HTTP server, then jobs, then the database…');
  try {
    await app.listen(listenOptions(config));
  } catch (error) {
    await runSteps(steps.slice(1));
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw portInUse(config);
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const readyMs = performance.now() - startedAt;
  const background = await startBackgroundAfter(steps, () => startBackground(rt, config, app.log));
  await bannerAfterDemo(demo, (demoAccounts) => printBanner({ config, rt, port, readyMs, seeded, demoAccounts, demoDocuments: demoDocuments(), devMailbox: background.devMailbox, files: background.files }));
}

/** What an HTTP process tells the primary (node:cluster IPC). */
type HttpProcessMessage = { type: 'listening'; port: number } | { type: 'listen-failed'; code: string | undefined; message: string };

/**
 * The primary of HTTP_PROCESSES: starts (or finds) PostgreSQL, migrates, seeds, runs the background
 * work, and forks the HTTP processes, which share the port (node:cluster hands the connections
 * round). An HTTP process that dies is started again; at shutdown they stop first.
 */
async function servePrimary(config: Config, database: Promise<DatabaseHandle>) {
  const startedAt = performance.now();
  const { rt, seeded, demo, demoDocuments } = await openSeededRuntime(config, database);

  let stopping = false;
  const processes = new Set<Worker>();
  const stopHttpProcesses = () =>
    Promise.all(
      [...processes].map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            const kill = setTimeout(() => worker.process.kill('SIGKILL'), (config.shutdownDrainSeconds + config.shutdownTimeoutSeconds + 5) * 1000);
            worker.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            worker.process.kill('SIGTERM');
          }),
      ),
    );
  const steps: ShutdownStep[] = [
    [
      'the HTTP processes',
      () => {
        stopping = true;
        return stopHttpProcesses();
      },
    ],
    ['the database', () => rt.db.close()],
  ];
  stopOnSignal(steps, `stopping — ${config.httpProcesses} HTTP processes, then jobs, then the database…`);

  const fork = () =>
    new Promise<number>((resolve, reject) => {
      const worker = cluster.fork();
      processes.add(worker);
      worker.on('message', (message: HttpProcessMessage) => {
        if (message.type === 'listening') resolve(message.port);
        else reject(message.code === 'EADDRINUSE' ? portInUse(config) : new Error(`an HTTP process could not listen: ${message.message}`));
      });
      worker.once('exit', (code, signal) => {
        processes.delete(worker);
        reject(new Error(`an HTTP process exited while starting (${signal ?? code})`));
        if (stopping) return;
        process.stderr.write(`gerbang: an HTTP process exited (${signal ?? `code ${code}`}); starting another\n`);
        setTimeout(() => {
          if (!stopping) fork().catch((error: Error) => process.stderr.write(`gerbang: ${error.message}\n`));
        }, 1000).unref();
      });
    });
  let port: number;
  try {
    port = (await Promise.all(Array.from({ length: config.httpProcesses }, fork)))[0]!;
  } catch (error) {
    stopping = true;
    await runSteps(steps);
    throw error;
  }
  const readyMs = performance.now() - startedAt;
  const background = await startBackgroundAfter(steps, () => startBackground(rt, config));
  await bannerAfterDemo(demo, (demoAccounts) => printBanner({ config, rt, port, readyMs, seeded, demoAccounts, demoDocuments: demoDocuments(), devMailbox: background.devMailbox, files: background.files }));
  say(`  ${config.httpProcesses} HTTP processes (HTTP_PROCESSES) and this one for jobs and the audit chain`);
}

/** One HTTP process of HTTP_PROCESSES: the app only — the primary migrated and runs the background work. */
async function serveHttpProcess(config: Config) {
  // The primary runs the embedded PostgreSQL (and starts it again if it dies): this one only uses it.
  const rt = await openRuntime(config, () => {}, { poolSize: 20, prepare: false, embeddedRole: 'attach' });
  collectProcessMetrics();
  const app = await buildHttpApp(rt, config);
  const tell = (message: HttpProcessMessage) => process.send?.(message);
  // The primary sends SIGTERM; Ctrl-C reaches every process of the terminal: both stop this one.
  stopOnSignal([
    ['the HTTP server', () => drainAndClose(app, config)],
    ['the database connections', () => rt.db.close()],
  ]);
  try {
    await app.listen(listenOptions(config));
  } catch (error) {
    tell({ type: 'listen-failed', code: (error as NodeJS.ErrnoException).code, message: (error as Error).message });
    await rt.db.close();
    process.exit(1);
  }
  const address = app.server.address();
  tell({ type: 'listening', port: typeof address === 'object' && address ? address.port : config.port });
}

function printBanner(o: { config: Config; rt: Runtime; port: number; readyMs: number; seeded: boolean; demoAccounts: DemoAccount[]; demoDocuments: DemoDocument[]; devMailbox: DevMailbox | undefined; files: string }) {
  const { config, rt, port, seeded, demoAccounts, devMailbox } = o;
  const url = `http://localhost:${port}`;
  say('');
  say(`Gerbang is ready at ${url}  (${Math.round(o.readyMs)} ms)`);
  say(
    `  database: ${rt.db.embedded ? `embedded PostgreSQL in ${path.join(config.dataDir, 'pg')}` : redact(rt.db.url)}`,
  );
  say(`  uploaded files: ${o.files}`);
  if (config.listenFd !== undefined) say(`  listening on the socket systemd passed (socket activation; PORT and HOST are not used)`);
  if (seeded) say('  seeded the demo tenants (first start)');
  if (config.seedDemo) {
    say('  demo tenants:');
    for (const tenant of DEMO_TENANTS) {
      say(`    ${tenant.name.padEnd(34)} ${url}/t/${tenant.slug}/  or  http://${tenant.hosts?.[0]}:${port}/`);
    }
    if (demoAccounts.length > 0) {
      say(`  demo accounts (password "${DEMO_PASSWORD}"; officers' second factor: npm run gerbang -- dev totp <e-mail>):`);
      for (const slug of [...new Set(demoAccounts.map((a) => a.tenant))]) {
        const mine = demoAccounts.filter((a) => a.tenant === slug);
        say(`    ${slug}: citizen ${mine.find((a) => a.kind === 'citizen')?.login ?? '—'}  → ${url}/t/${slug}/masuk`);
        say(`    ${slug}: officers (${url}/t/${slug}/petugas/masuk):`);
        for (const a of mine.filter((x) => x.kind === 'officer')) say(`      ${a.roles.join(',').padEnd(22)} ${a.login}`);
      }
    }
    if (o.demoDocuments.length > 0) {
      say('  demo documents of the demo citizens (signed with the development key, "DEV — TIDAK SAH"):');
      for (const d of o.demoDocuments) say(`    ${d.tenant}: ${d.state.padEnd(8)} ${d.number}  ${d.url}`);
    }
  }
  if (config.seedDemo) {
    say('  Open311 GeoReport v2 (demo api_key per tenant):');
    // A demo tenant without agencies takes no demo reports (complaints' seed), so it has no key.
    for (const tenant of DEMO_TENANTS.filter((x) => x.agencies.length > 0)) {
      say(`    ${`${url}/t/${tenant.slug}/open311/v2/discovery.xml`.padEnd(60)} api_key=${DEMO_OPEN311_KEY(tenant.slug)}`);
    }
  }
  if (devMailbox) say(`  development mailbox: ${url}/dev/mailbox  (SMTP capture on 127.0.0.1:${devMailbox.port})`);
  if (config.seedDemo) say(`  OpenID Connect: ${url}/oidc/.well-known/openid-configuration   example client application: ${url}${DEV_CLIENT_PATH}`);
  say(`  API: ${url}/api/docs   health: ${url}/healthz   Ctrl-C stops`);
}
