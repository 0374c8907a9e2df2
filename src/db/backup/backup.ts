// `gerbang backup` and `gerbang backup point` for the embedded PostgreSQL (docs/decisions/0097-embedded-backup.md).
// A base backup is PostgreSQL's low-level API ("Making a Base Backup Using the Low Level API"):
// pg_backup_start in a session that stays open while Node copies the data directory, then
// pg_backup_stop, whose backup_label (and tablespace map) go into the copy. The WAL written meanwhile
// is in the archive (pg_backup_stop waits for it), so the copy plus the archive restore to any moment
// after it. Uploaded files and keys are copied beside it.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { walDir } from './archive.js';
import { BackupError, type BaseBackupManifest, copyHashed, MANIFEST, PART, POINTS, readPoints, type RestorePoint, walkFiles } from './manifest.js';

/** What PostgreSQL's documentation says a base backup leaves out (the contents; the directories stay). */
const SKIP_CONTENTS = ['pg_wal', 'pg_replslot', 'pg_dynshmem', 'pg_notify', 'pg_serial', 'pg_snapshots', 'pg_stat_tmp', 'pg_subtrans'];
const SKIP_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label', 'tablespace_map', 'backup_label.old', 'tablespace_map.old', 'gerbang-recovery.conf']);

function skippedInCluster(rel: string): boolean {
  const parts = rel.split('/');
  const last = parts.at(-1)!;
  if (parts.length === 1 && SKIP_FILES.has(last)) return true;
  if (parts.length > 1 && SKIP_CONTENTS.includes(parts[0]!)) return true;
  return last.startsWith('pgsql_tmp') || last === 'pg_internal.init';
}

function walkDirs(root: string, rel = ''): string[] {
  return fs
    .readdirSync(path.join(root, rel), { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('pgsql_tmp'))
    .flatMap((e) => {
      const child = rel ? `${rel}/${e.name}` : e.name;
      return [child, ...walkDirs(root, child)];
    });
}

export interface BackupSources {
  /** The connection string of the embedded server's `postgres` database (a superuser). */
  connectionString: string;
  dataDir: string;
  filesDir: string;
  backupDir: string;
}

/** Refuses to start when WAL is not archived into this backup directory: the copy alone restores nothing. */
async function checkArchiving(client: pg.Client, backupDir: string) {
  const mode = (await client.query<{ archive_mode: string }>('show archive_mode')).rows[0]!.archive_mode;
  const command = (await client.query<{ archive_command: string }>('show archive_command')).rows[0]!.archive_command;
  if (mode === 'off' || !command.includes(`'${walDir(backupDir)}/%f'`)) {
    throw new BackupError(
      `the running PostgreSQL does not archive its WAL into ${walDir(backupDir)} (archive_mode takes effect at a start): restart Gerbang with this BACKUP_DIR, then back up`,
    );
  }
}

/**
 * Copies every file that is not in the mirror yet from FILES_DIR into BACKUP_DIR/files. Stored files are
 * never changed after they are written (new uploads get new names), so a file present is complete.
 * Two runs may copy the same file at once (`gerbang backup` beside serve's mirror timer): each writes a
 * part of its own, and the second rename replaces the first's identical bytes. Returns how many were copied.
 */
export async function syncFiles(filesDir: string, backupDir: string): Promise<number> {
  const mirror = path.join(backupDir, 'files');
  let copied = 0;
  if (!fs.existsSync(filesDir)) return 0;
  for (const rel of walkFiles(filesDir, (r) => r === '.incoming')) {
    const target = path.join(mirror, ...rel.split('/'));
    if (fs.existsSync(target)) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    const part = `${target}.${process.pid}-${randomUUID()}${PART}`;
    try {
      await copyHashed(path.join(filesDir, ...rel.split('/')), part);
      fs.renameSync(part, target);
    } catch (error) {
      fs.rmSync(part, { force: true });
      throw error;
    }
    copied++;
  }
  return copied;
}

/** Copies a file or tree of DATA_DIR (keys, credentials, checkpoints) into the backup, noting sums. */
async function copyAside(from: string, to: string, rel: string, files: Record<string, string>) {
  if (!fs.existsSync(from)) return;
  if (fs.statSync(from).isFile()) {
    fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
    files[rel] = await copyHashed(from, to);
    return;
  }
  for (const sub of walkFiles(from)) {
    fs.mkdirSync(path.dirname(path.join(to, sub)), { recursive: true, mode: 0o700 });
    files[`${rel}/${sub}`] = await copyHashed(path.join(from, sub), path.join(to, sub));
  }
}

export async function takeBaseBackup(sources: BackupSources, now: () => Date): Promise<BaseBackupManifest & { copiedFiles: number }> {
  const { backupDir, dataDir } = sources;
  const pgDir = path.join(dataDir, 'pg');
  const startedAt = now();
  const id = startedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const final = path.join(backupDir, 'base', id);
  if (fs.existsSync(final)) throw new BackupError(`a base backup named ${id} already exists; try again in a second`);
  const partial = `${final}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(path.join(partial, 'data'), { recursive: true, mode: 0o700 });

  const client = new pg.Client({ connectionString: sources.connectionString });
  await client.connect();
  const files: Record<string, string> = {};
  try {
    await checkArchiving(client, backupDir);
    const pgVersion = (await client.query<{ v: string }>(`select current_setting('server_version_num') as v`)).rows[0]!.v.slice(0, -4);
    // Non-exclusive: the backup belongs to this session and ends with it, however it ends.
    const start = (await client.query<{ lsn: string }>(`select pg_backup_start($1, true) as lsn`, [`gerbang ${id}`])).rows[0]!.lsn;
    for (const rel of walkFiles(pgDir, skippedInCluster)) {
      const target = path.join(partial, 'data', ...rel.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      try {
        files[`data/${rel}`] = await copyHashed(path.join(pgDir, ...rel.split('/')), target);
      } catch (error) {
        // A file PostgreSQL removed while we copied (a dropped table, a finished temporary file) is not needed.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        fs.rmSync(target, { force: true });
      }
    }
    // Empty directories too (pg_wal, pg_replslot, …): PostgreSQL expects them at start.
    for (const rel of walkDirs(pgDir)) fs.mkdirSync(path.join(partial, 'data', ...rel.split('/')), { recursive: true, mode: 0o700 });
    const stop = (await client.query<{ lsn: string; labelfile: string; spcmapfile: string }>('select * from pg_backup_stop(true)')).rows[0]!;
    for (const [name, text] of [['backup_label', stop.labelfile], ['tablespace_map', stop.spcmapfile]] as const) {
      if (!text) continue;
      fs.writeFileSync(path.join(partial, 'data', name), text, { mode: 0o600 });
      files[`data/${name}`] = await copyHashed(path.join(partial, 'data', name), path.join(partial, `${name}.copy`));
      fs.rmSync(path.join(partial, `${name}.copy`));
    }
    const startWalFile = /START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)/.exec(stop.labelfile)?.[1];
    if (!startWalFile) throw new BackupError('PostgreSQL returned a backup label without its first WAL file');
    await copyAside(path.join(dataDir, 'keys'), path.join(partial, 'keys'), 'keys', files);
    await copyAside(path.join(dataDir, 'pg-credentials.json'), path.join(partial, 'pg-credentials.json'), 'pg-credentials.json', files);
    await copyAside(path.join(dataDir, 'audit'), path.join(partial, 'audit'), 'audit', files);
    const copiedFiles = await syncFiles(sources.filesDir, backupDir);
    const manifest: BaseBackupManifest = {
      format: 1,
      id,
      pgVersion,
      startedAt: startedAt.toISOString(),
      stoppedAt: now().toISOString(),
      startWalFile,
      startLsn: start,
      stopLsn: stop.lsn,
      files,
    };
    fs.writeFileSync(path.join(partial, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`, { mode: 0o600, flush: true });
    fs.renameSync(partial, final);
    return { ...manifest, copiedFiles };
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const POINT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * A named restore point (pg_create_restore_point): its WAL is switched out and archived before this
 * returns, and the uploaded files written up to it are copied, so `gerbang restore --point NAME`
 * brings back exactly what was committed before it, files included.
 */
export async function createRestorePoint(sources: BackupSources, name: string, now: () => Date): Promise<RestorePoint & { copiedFiles: number }> {
  if (!POINT_NAME.test(name)) throw new BackupError(`a restore point's name is letters, digits, ".", "_" or "-" (at most 63), not "${name}"`);
  if (readPoints(sources.backupDir).some((p) => p.name === name)) throw new BackupError(`a restore point named "${name}" exists already: choose another name`);
  const client = new pg.Client({ connectionString: sources.connectionString });
  await client.connect();
  try {
    await checkArchiving(client, sources.backupDir);
    const lsn = (await client.query<{ lsn: string }>('select pg_create_restore_point($1) as lsn', [name])).rows[0]!.lsn;
    const segment = (await client.query<{ file: string }>('select pg_walfile_name(pg_switch_wal()) as file')).rows[0]!.file;
    await waitForArchived(client, sources.backupDir, segment);
    // After the point: every row it covers has its file on disk already (files are written before their row commits).
    const copiedFiles = await syncFiles(sources.filesDir, sources.backupDir);
    const point: RestorePoint = { name, at: now().toISOString(), lsn };
    fs.appendFileSync(path.join(sources.backupDir, POINTS), `${JSON.stringify(point)}\n`, { mode: 0o600 });
    return { ...point, copiedFiles };
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function waitForArchived(client: pg.Client, backupDir: string, segment: string) {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (fs.existsSync(path.join(walDir(backupDir), segment))) return;
    const failed = (await client.query<{ last_failed_wal: string | null }>('select last_failed_wal from pg_stat_archiver')).rows[0]!.last_failed_wal;
    if (failed === segment && attempt > 20) throw new BackupError(`PostgreSQL cannot archive ${segment} into ${walDir(backupDir)} (see postgresql.log)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new BackupError(`WAL segment ${segment} did not reach ${walDir(backupDir)} within a minute (see postgresql.log)`);
}
