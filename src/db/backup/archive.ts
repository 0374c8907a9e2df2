// Continuous WAL archiving of the embedded PostgreSQL (docs/decisions/0097-embedded-backup.md): every
// start writes `gerbang-archive.conf` into the data directory, which postgresql.conf includes. With
// archive_mode=on PostgreSQL hands each finished WAL segment to archive_command, which copies it into
// BACKUP_DIR/wal atomically (a `.part` file renamed into place after fsync) beside its SHA-256, and
// never overwrites a different segment of the same name. archive_timeout switches to a new segment
// when the server is idle, so what a lost machine loses is bounded by it.
import fs from 'node:fs';
import path from 'node:path';

export const ARCHIVE_CONF = 'gerbang-archive.conf';
/** Written by `gerbang restore` while PostgreSQL replays the archive; removed when it is done. */
export const RECOVERY_CONF = 'gerbang-recovery.conf';

export interface RunAsIds {
  uid?: number;
  gid?: number;
}

export function walDir(backupDir: string): string {
  return path.join(backupDir, 'wal');
}

/** A value of postgresql.conf, single-quoted (a quote inside is doubled). */
function confString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * The shell command PostgreSQL runs for each segment (%p: its path under pg_wal, %f: its name). The
 * copy is gzip-compressed under the segment's own name (its `.sha256` is of the stored bytes): a
 * segment switched by `archive_timeout` is 16 MB of mostly zeros, so an idle install that archives one a
 * minute stores kilobytes, not 22 GiB a day. An identical copy already there (the server crashed after
 * archiving, before noting it) is success; a different one is refused, as PostgreSQL's documentation asks.
 * Compressing and hashing run at a lower CPU priority (`nice -n 10`): a busy segment's gzip took 130–140
 * ms of a core within 0.2 s, and on a nearly full machine the requests queued behind it (a 150-ms
 * spike in the paced submission bench every 5–7 s); at nice 10 it uses the cores' idle moments.
 */
export function archiveCommand(backupDir: string): string {
  const dir = walDir(backupDir);
  const target = `'${dir}/%f'`;
  return (
    `if [ -f ${target} ]; then gzip -dcf ${target} | cmp -s %p -; ` +
    `else nice -n 10 gzip -1 -c %p > ${target}.part && sync ${target}.part && ` +
    `nice -n 10 sha256sum ${target}.part | cut -d' ' -f1 > ${target}.sha256.part && sync ${target}.sha256.part && ` +
    `mv ${target}.sha256.part ${target}.sha256 && mv ${target}.part ${target} && sync '${dir}'; fi`
  );
}

/**
 * What PostgreSQL runs to read a segment back: decompressed (`-f` passes a segment archived
 * uncompressed, before compression was introduced, through unchanged); a missing one fails without
 * leaving an empty file behind.
 */
export function restoreCommand(backupDir: string): string {
  const source = `'${walDir(backupDir)}/%f'`;
  return `[ -f ${source} ] && gzip -dcf ${source} > %p`;
}

/** Makes postgresql.conf include our files (once), so that no setting has to pass through pg_ctl's shell. */
function includeOurFiles(pgDir: string) {
  const conf = path.join(pgDir, 'postgresql.conf');
  const text = fs.readFileSync(conf, 'utf8');
  const wanted = [ARCHIVE_CONF, RECOVERY_CONF].map((f) => `include_if_exists = '${f}'`).filter((line) => !text.includes(line));
  if (wanted.length > 0) fs.appendFileSync(conf, `\n# Gerbang: WAL archiving and restore (docs/operations.md, "Backups")\n${wanted.join('\n')}\n`);
}

/** Writes a file into the cluster's directory, owned by the user PostgreSQL runs as. */
export function writeClusterFile(pgDir: string, name: string, text: string, ids: RunAsIds) {
  const file = path.join(pgDir, name);
  fs.writeFileSync(file, text, { mode: 0o600 });
  if (ids.uid !== undefined) fs.chownSync(file, ids.uid, ids.gid!);
}

/**
 * Prepares BACKUP_DIR/wal (writable by the server's user) and the archive settings, before the
 * server starts: archive_mode takes effect only at a start. Without a backup directory, archiving is off.
 */
export function writeArchiveSettings(pgDir: string, archive: { backupDir: string; timeoutSeconds: number } | undefined, ids: RunAsIds) {
  includeOurFiles(pgDir);
  if (!archive) {
    writeClusterFile(pgDir, ARCHIVE_CONF, '# BACKUP_DIR=off: no WAL archiving\narchive_mode = off\n', ids);
    return;
  }
  const dir = walDir(archive.backupDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) {
    // The server (user postgres) writes the segments; Gerbang (root) reads them and writes the rest.
    fs.chownSync(dir, ids.uid, ids.gid!);
    const top = fs.statSync(archive.backupDir);
    if (top.gid !== ids.gid || (top.mode & 0o010) === 0) {
      fs.chownSync(archive.backupDir, top.uid, ids.gid!);
      fs.chmodSync(archive.backupDir, (top.mode & 0o7777) | 0o010);
    }
  }
  writeClusterFile(
    pgDir,
    ARCHIVE_CONF,
    [
      '# Written by Gerbang at every start from BACKUP_DIR and BACKUP_ARCHIVE_TIMEOUT: edits are lost.',
      'wal_level = replica',
      'archive_mode = on',
      `archive_command = ${confString(archiveCommand(archive.backupDir))}`,
      `archive_timeout = ${archive.timeoutSeconds}`,
      '',
    ].join('\n'),
    ids,
  );
}
