// What a base backup holds and how it is checked: every file it copied with its SHA-256, so that a
// restore finds a damaged or missing file before it writes anything. WAL segments carry their own
// `.sha256` beside them (written by the archive command), checked the same way.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface BaseBackupManifest {
  format: 1;
  id: string;
  /** PostgreSQL's major version: a restore needs the same. */
  pgVersion: string;
  startedAt: string;
  stoppedAt: string;
  /** The first WAL segment the restore needs (from backup_label). */
  startWalFile: string;
  startLsn: string;
  stopLsn: string;
  /** Relative path (under the backup's directory, `/`-separated) → SHA-256. */
  files: Record<string, string>;
}

export interface RestorePoint {
  name: string;
  at: string;
  lsn: string;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

export const MANIFEST = 'manifest.json';
export const POINTS = 'points.jsonl';
/** The suffix of a file being copied into the mirror of uploaded files; a crash may leave one, which restore and listings skip. */
export const PART = '.part';

/** Copies `from` to `to` (created with `mode`), fsynced, and returns the SHA-256 of the bytes copied. */
export async function copyHashed(from: string, to: string, mode = 0o600): Promise<string> {
  const hash = createHash('sha256');
  const input = fs.createReadStream(from);
  input.on('data', (chunk) => hash.update(chunk));
  await pipeline(input, fs.createWriteStream(to, { mode, flush: true }));
  return hash.digest('hex');
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/** Compares every file the manifest lists with its sum; the first difference is thrown as one line. */
export async function checkManifest(dir: string, manifest: BaseBackupManifest): Promise<number> {
  let checked = 0;
  for (const [rel, sum] of Object.entries(manifest.files)) {
    const file = path.join(dir, ...rel.split('/'));
    if (!fs.existsSync(file)) throw new BackupError(`base backup ${manifest.id} is incomplete: ${rel} is missing; nothing was restored`);
    if ((await sha256File(file)) !== sum) {
      throw new BackupError(`base backup ${manifest.id} is damaged: ${rel} does not match its SHA-256; nothing was restored`);
    }
    checked++;
  }
  return checked;
}

export function readManifest(baseDir: string): BaseBackupManifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(baseDir, MANIFEST), 'utf8')) as BaseBackupManifest;
  } catch {
    return undefined;
  }
}

/** The complete base backups of a backup directory, oldest first (a `.partial` one never finished). */
export function listBaseBackups(backupDir: string): BaseBackupManifest[] {
  const dir = path.join(backupDir, 'base');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => !name.endsWith('.partial'))
    .sort()
    .flatMap((name) => readManifest(path.join(dir, name)) ?? []);
}

export function readPoints(backupDir: string): RestorePoint[] {
  const file = path.join(backupDir, POINTS);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RestorePoint);
}

/** An LSN (`16/B374D848`) as a number that orders correctly (fits: 2^53 bytes of WAL is 9 PB). */
export function lsnValue(lsn: string): number {
  const [hi, lo] = lsn.split('/');
  return Number.parseInt(hi!, 16) * 2 ** 32 + Number.parseInt(lo!, 16);
}

/** Lists a directory tree's files, relative and `/`-separated. */
export function walkFiles(root: string, skip: (rel: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const visit = (dir: string, rel: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // removed while we walk
      throw error;
    }
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (skip(childRel)) continue;
      if (entry.isDirectory()) visit(path.join(dir, entry.name), childRel);
      else if (entry.isFile()) out.push(childRel);
    }
  };
  visit(root, '');
  return out;
}
