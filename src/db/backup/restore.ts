// `gerbang restore` for the embedded PostgreSQL (docs/decisions/0097-embedded-backup.md): checks the
// chosen base backup and the WAL archive against their SHA-256 sums, lays the base backup down into an
// EMPTY data directory, lets PostgreSQL replay the archive (restore_command) up to the named point,
// the time, or the end, and promote; then checks that every stored file the restored database lists is
// back with its SHA-256. Nothing is written before every check that can be made in advance has passed.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type EmbeddedServer, runAsIds, startEmbeddedPostgres } from '../embedded.js';
import { RECOVERY_CONF, restoreCommand, writeClusterFile } from './archive.js';
import { BackupError, type BaseBackupManifest, checkManifest, listBaseBackups, lsnValue, PART, readPoints, sha256File, walkFiles } from './manifest.js';
import { checkWalArchive } from './wal.js';

export type RestoreTarget = { point: string } | { time: Date } | { latest: true };

export interface RestoreOptions {
  dataDir: string;
  filesDir: string;
  backupDir: string;
  target: RestoreTarget;
  /** The port to start the restored server on (0: any free one). */
  port: number;
  archiveTimeoutSeconds: number;
  log: (line: string) => void;
}

export interface RestoreResult {
  base: string;
  walChecked: number;
  filesChecked: number;
  /** The last transaction replayed (from the restored database). */
  restoredTo: string | null;
}

function chooseBase(backupDir: string, target: RestoreTarget): { base: BaseBackupManifest; settings: string[] } {
  const bases = listBaseBackups(backupDir);
  if (bases.length === 0) throw new BackupError(`no base backup in ${path.join(backupDir, 'base')}: make one with \`gerbang backup\`; nothing was restored`);
  if ('point' in target) {
    const point = readPoints(backupDir).find((p) => p.name === target.point);
    if (!point) {
      const known = readPoints(backupDir).map((p) => p.name);
      throw new BackupError(`no restore point named "${target.point}" in ${backupDir}${known.length ? ` (there are: ${known.slice(-5).join(', ')})` : ''}; nothing was restored`);
    }
    const base = bases.filter((b) => lsnValue(b.stopLsn) <= lsnValue(point.lsn)).at(-1);
    if (!base) throw new BackupError(`restore point "${point.name}" is older than every base backup; nothing was restored`);
    return { base, settings: [`recovery_target_name = '${point.name}'`, `recovery_target_action = 'promote'`] };
  }
  if ('time' in target) {
    const base = bases.filter((b) => new Date(b.stoppedAt) <= target.time).at(-1);
    if (!base) throw new BackupError(`${target.time.toISOString()} is older than every base backup; nothing was restored`);
    return { base, settings: [`recovery_target_time = '${target.time.toISOString()}'`, `recovery_target_action = 'promote'`] };
  }
  return { base: bases.at(-1)!, settings: [] };
}

/** Refuses a data directory that holds anything a restore would write: nothing already there is overwritten. */
function checkEmpty(options: RestoreOptions) {
  const used = (dir: string) => fs.existsSync(dir) && fs.readdirSync(dir).some((n) => n !== '.incoming');
  for (const dir of [path.join(options.dataDir, 'pg'), options.filesDir, path.join(options.dataDir, 'keys')]) {
    if (used(dir)) throw new BackupError(`${dir} is not empty: gerbang restore writes only into an empty data directory; move it away first (nothing was changed)`);
  }
  const creds = path.join(options.dataDir, 'pg-credentials.json');
  if (fs.existsSync(creds)) throw new BackupError(`${creds} exists: gerbang restore writes only into an empty data directory; move it away first (nothing was changed)`);
}

function copyTree(from: string, to: string, skip: (file: string) => boolean = () => false) {
  if (fs.existsSync(from)) fs.cpSync(from, to, { recursive: true, preserveTimestamps: true, filter: (file) => !skip(file) });
}

/** A copy into the mirror that a crash cut short (syncFiles): not a stored file. */
const partial = (file: string) => file.endsWith(PART);

function chownTree(dir: string, uid: number, gid: number) {
  fs.chownSync(dir, uid, gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(child, uid, gid);
    else fs.chownSync(child, uid, gid);
  }
}

/** Every file the restored database lists (but infected ones, whose bytes were removed) must be back, unchanged. */
async function checkFiles(server: EmbeddedServer, filesDir: string): Promise<number> {
  const client = new pg.Client({ connectionString: server.connectionString('gerbang') });
  await client.connect();
  try {
    const exists = (await client.query(`select 1 from pg_tables where schemaname = 'public' and tablename = 'files'`)).rowCount;
    if (!exists) return 0;
    const rows = (await client.query<{ storage_key: string; sha256: string }>(`select storage_key, sha256 from files where state <> 'infected'`)).rows;
    const bad: string[] = [];
    for (const row of rows) {
      const file = path.join(filesDir, ...row.storage_key.split('/'));
      if (!fs.existsSync(file) || (await sha256File(file)) !== row.sha256) bad.push(row.storage_key);
    }
    if (bad.length > 0) {
      throw new BackupError(
        `the database is restored but ${bad.length} of its ${rows.length} stored file(s) are missing or altered (first: ${bad[0]}): the restore FAILED; keep this directory for inspection and restore to an earlier point or from another backup`,
      );
    }
    return rows.length;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitForPromotion(server: EmbeddedServer, logFile: string) {
  const client = new pg.Client({ connectionString: server.connectionString('postgres') });
  await client.connect();
  try {
    for (;;) {
      if (!(await client.query<{ r: boolean }>('select pg_is_in_recovery() as r')).rows[0]!.r) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } catch (error) {
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
    throw new BackupError(`PostgreSQL stopped while replaying the archive: ${tail || (error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function restoreEmbedded(options: RestoreOptions): Promise<RestoreResult> {
  const { backupDir, dataDir, filesDir } = options;
  if (!fs.existsSync(backupDir)) throw new BackupError(`the backup directory ${backupDir} does not exist (BACKUP_DIR); nothing was restored`);
  checkEmpty(options);
  const { base, settings } = chooseBase(backupDir, options.target);
  const baseDir = path.join(backupDir, 'base', base.id);
  options.log(`checking base backup ${base.id} (${Object.keys(base.files).length} files) and the WAL archive`);
  await checkManifest(baseDir, base);
  const walChecked = await checkWalArchive(backupDir, base.startWalFile);
  const mirror = path.join(backupDir, 'files');

  options.log(`laying down base backup ${base.id} in ${dataDir}`);
  const pgDir = path.join(dataDir, 'pg');
  fs.mkdirSync(dataDir, { recursive: true });
  copyTree(path.join(baseDir, 'data'), pgDir);
  fs.chmodSync(pgDir, 0o700);
  copyTree(path.join(baseDir, 'keys'), path.join(dataDir, 'keys'));
  copyTree(path.join(baseDir, 'audit'), path.join(dataDir, 'audit'));
  fs.copyFileSync(path.join(baseDir, 'pg-credentials.json'), path.join(dataDir, 'pg-credentials.json'));
  copyTree(mirror, filesDir, partial);
  const ids = runAsIds(path.join(dataDir, 'pg'));
  if (ids.uid !== undefined) chownTree(pgDir, ids.uid, ids.gid);
  writeClusterFile(pgDir, RECOVERY_CONF, [`restore_command = '${restoreCommand(backupDir).replaceAll("'", "''")}'`, ...settings, ''].join('\n'), ids);
  writeClusterFile(pgDir, 'recovery.signal', '', ids);

  options.log('replaying the WAL archive');
  let server: EmbeddedServer;
  try {
    server = await startEmbeddedPostgres({ dataDir, port: options.port, role: 'command', archive: { backupDir, timeoutSeconds: options.archiveTimeoutSeconds } });
  } catch (error) {
    throw new BackupError(`PostgreSQL could not replay the archive: ${(error as Error).message}`);
  }
  try {
    await waitForPromotion(server, path.join(dataDir, 'postgresql.log'));
    fs.rmSync(path.join(pgDir, RECOVERY_CONF), { force: true });
    const client = new pg.Client({ connectionString: server.connectionString('postgres') });
    await client.connect();
    const restoredTo = (await client.query<{ t: Date | null }>('select pg_last_xact_replay_timestamp() as t')).rows[0]!.t;
    await client.end();
    const filesChecked = await checkFiles(server, filesDir);
    return { base: base.id, walChecked, filesChecked, restoredTo: restoredTo?.toISOString() ?? null };
  } finally {
    await server.stop();
  }
}

/** Lists what a backup directory holds, for `gerbang backup list`. */
export function describeBackups(backupDir: string): string[] {
  const lines = listBaseBackups(backupDir).map((b) => `base ${b.id}  ${b.startedAt} → ${b.stoppedAt}  ${Object.keys(b.files).length} files`);
  for (const p of readPoints(backupDir)) lines.push(`point ${p.name}  ${p.at}  (${p.lsn})`);
  const wal = path.join(backupDir, 'wal');
  if (fs.existsSync(wal)) lines.push(`WAL archive: ${fs.readdirSync(wal).filter((n) => /^[0-9A-F]{24}$/.test(n)).length} segment(s)`);
  lines.push(`files: ${walkFiles(path.join(backupDir, 'files'), partial).length} stored file(s)`);
  return lines;
}
