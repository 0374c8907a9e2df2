// A PostgreSQL primary and a streaming standby of its own for a test (the read replica and the
// failover tests): the system's PostgreSQL (Debian's `postgresql` package, newest of
// /usr/lib/postgresql/*/bin, or PG_BINDIR) in temporary directories on free ports. PostgreSQL refuses
// to run as root, so as root (CI, containers) every server command runs as the system user `postgres`,
// as the embedded server does (docs/operations.md, "Running as root").
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The directory of the system PostgreSQL's server programs, or undefined when none is installed. */
export function findPostgresBinDir(): string | undefined {
  if (process.env.PG_BINDIR) return process.env.PG_BINDIR;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl'))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest ? path.join(root, newest, 'bin') : undefined;
}

function postgresBinDir(): string {
  const dir = findPostgresBinDir();
  if (!dir) throw new Error('no PostgreSQL server programs in /usr/lib/postgresql/*/bin: apt-get install postgresql (README, "Test"), or set PG_BINDIR');
  return dir;
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program as the user that may run the server. */
async function pgRun(program: string, args: string[]) {
  const file = path.join(postgresBinDir(), program);
  try {
    return asRoot ? await run('runuser', ['-u', 'postgres', '--', file, ...args]) : await run(file, args);
  } catch (error) {
    const e = error as Error & { stderr?: string };
    throw new Error(`${program} ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface PgServer {
  dataDir: string;
  port: number;
  /** Superuser address of `database` (trust authentication on 127.0.0.1: a throw-away server). */
  url(database: string): string;
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`. */
  stop(): Promise<void>;
  /** SIGKILL to the postmaster (a crash); `start()` afterwards recovers from the WAL. */
  kill(): Promise<void>;
  /** Ends recovery: the standby becomes a primary. */
  promote(): Promise<void>;
}

function server(dataDir: string, port: number, socketDir: string): PgServer {
  const self: PgServer = {
    dataDir,
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async start() {
      await clearKilledPostmaster(dataDir);
      const log = path.join(socketDir, `${port}.log`);
      await pgRun('pg_ctl', ['-D', dataDir, '-l', log, '-w', '-t', '60', 'start']).catch((error: Error) => {
        throw new Error(`${error.message}\n${fs.readFileSync(log, 'utf8').split('\n').slice(-8).join('\n')}`);
      });
    },
    async stop() {
      await pgRun('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    },
    async kill() {
      const pid = postmasterPid(dataDir);
      if (pid) process.kill(pid, 'SIGKILL');
    },
    async promote() {
      await pgRun('pg_ctl', ['-D', dataDir, '-w', 'promote']);
    },
  };
  return self;
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process is gone or a zombie nobody reaped (a container's PID 1 may not). */
function processGone(pid: number): boolean {
  try {
    return /^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Processes still attached to the shared memory segment named in postmaster.pid (line 7: key and id). */
function attachedToSharedMemory(dataDir: string): number {
  const key = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[6]?.trim().split(/\s+/)[0];
  if (!key) return 0;
  const rows = fs.readFileSync('/proc/sysvipc/shm', 'utf8').split('\n').slice(1);
  const row = rows.map((r) => r.trim().split(/\s+/)).find((cols) => cols[0] === key);
  return row ? Number(row[6]) : 0;
}

/**
 * After a SIGKILL: waits until the postmaster is gone and its backends have left the shared memory
 * (they exit when they notice the postmaster died), then removes a postmaster.pid naming an unreaped
 * zombie, which PostgreSQL would take for a live server. The test's timeout is the backstop.
 */
async function clearKilledPostmaster(dataDir: string) {
  const pid = postmasterPid(dataDir);
  // No postmaster.pid, or a live postmaster (pg_ctl says so).
  if (!pid || !processGone(pid)) return;
  while (attachedToSharedMemory(dataDir) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  if (fs.existsSync(`/proc/${pid}`)) fs.rmSync(path.join(dataDir, 'postmaster.pid'), { force: true });
}

export interface PgCluster {
  primary: PgServer;
  standby: PgServer;
  /** Turns fsync on again on both servers (they start with it off, to prepare the database quickly). */
  durableAgain(): Promise<void>;
  /** Stops both servers and removes their directories. */
  destroy(): Promise<void>;
}

/** Settings of both servers: small, quiet, and replication on. */
const SETTINGS = (port: number) => `
port = ${port}
listen_addresses = '127.0.0.1'
# TCP only: a Unix socket's lock file would name a killed, unreaped postmaster and stop its restart.
unix_socket_directories = ''
wal_level = replica
max_wal_senders = 4
hot_standby = on
shared_buffers = 32MB
max_connections = 60
# Off while the test prepares the database (migrations, demo data: hundreds of commits), on again for
# the tests themselves (durableAgain), whose kill -9 must find every acknowledged commit.
fsync = off
`;

/** A primary and a streaming standby made from it with `pg_basebackup -R` (docs/operations.md, "Read replica"). */
export async function createPgCluster(): Promise<PgCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-pgcluster-'));
  if (asRoot) await run('chown', ['postgres:postgres', root]);
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const primaryDir = path.join(root, 'primary');
  const standbyDir = path.join(root, 'standby');
  await pgRun('initdb', ['-D', primaryDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '--no-instructions', '-E', 'UTF8', '--locale', 'C.UTF-8']);
  fs.appendFileSync(path.join(primaryDir, 'postgresql.conf'), SETTINGS(primaryPort));
  const primary = server(primaryDir, primaryPort, root);
  await primary.start();
  await pgRun('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standbyDir, '-R', '-X', 'stream', '-c', 'fast']);
  // The copy carries the primary's settings; the standby's own port comes last, so it wins.
  fs.appendFileSync(path.join(standbyDir, 'postgresql.conf'), `port = ${standbyPort}\n`);
  const standby = server(standbyDir, standbyPort, root);
  await standby.start();
  return {
    primary,
    standby,
    async durableAgain() {
      for (const s of [primary, standby]) {
        fs.appendFileSync(path.join(s.dataDir, 'postgresql.conf'), 'fsync = on\n');
        await pgRun('pg_ctl', ['-D', s.dataDir, 'reload']);
      }
    },
    async destroy() {
      for (const s of [standby, primary]) await s.stop().catch(() => undefined);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
