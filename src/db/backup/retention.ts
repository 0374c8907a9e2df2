// Automatic retention of BACKUP_DIR (docs/decisions/0097-embedded-backup.md, "Consequences"): after a
// successful base backup, the newest BACKUP_KEEP base backups are kept and everything only older ones
// need is removed — their directories, the WAL segments (with their .sha256 and backup history files)
// before the oldest kept backup's first segment, and the named points before its end. The WAL rule is
// pg_archivecleanup's: segments ordered by name, removed below the first segment still needed; timeline
// history files are always kept (a restore on a later timeline reads them all).
import fs from 'node:fs';
import path from 'node:path';
import { walDir } from './archive.js';
import { listBaseBackups, lsnValue, POINTS, readPoints } from './manifest.js';

/** A WAL segment (`TTTTTTTTXXXXXXXXYYYYYYYY`) or a backup history file (`<segment>.<offset>.backup`), with or without its `.sha256`. */
const ARCHIVED = /^([0-9A-F]{8})([0-9A-F]{16})(\.[0-9A-F]{8}\.backup)?(\.sha256)?$/;

export interface RetentionResult {
  /** The base backups removed (ids). */
  bases: string[];
  /** How many WAL archive files were removed (segments, backup history files and their sums). */
  walFiles: number;
  /** The named points removed (names). */
  points: string[];
}

/**
 * Keeps the newest `keep` base backups (at least one) and removes what only older ones need. Order
 * matters for a crash half-way: points first (a listed point must always be restorable), then base
 * backups, then WAL — never anything the oldest kept backup needs.
 */
export function applyRetention(backupDir: string, keep: number): RetentionResult {
  const result: RetentionResult = { bases: [], walFiles: 0, points: [] };
  const bases = listBaseBackups(backupDir);
  if (keep < 1 || bases.length <= keep) return result;
  const oldest = bases[bases.length - keep]!;

  // A point is restorable only from a base backup that stopped before it (restore.ts, chooseBase).
  const points = readPoints(backupDir);
  const kept = points.filter((p) => lsnValue(p.lsn) >= lsnValue(oldest.stopLsn));
  if (kept.length < points.length) {
    const file = path.join(backupDir, POINTS);
    fs.writeFileSync(`${file}.part`, kept.map((p) => `${JSON.stringify(p)}\n`).join(''), { mode: 0o600, flush: true });
    fs.renameSync(`${file}.part`, file);
    result.points = points.filter((p) => !kept.includes(p)).map((p) => p.name);
  }

  for (const base of bases.slice(0, bases.length - keep)) {
    fs.rmSync(path.join(backupDir, 'base', base.id), { recursive: true, force: true });
    result.bases.push(base.id);
  }

  const wal = walDir(backupDir);
  const startTimeline = oldest.startWalFile.slice(0, 8);
  const startPosition = oldest.startWalFile.slice(8);
  for (const name of fs.existsSync(wal) ? fs.readdirSync(wal) : []) {
    const m = ARCHIVED.exec(name);
    // Same or earlier timeline, and before the first segment needed (a later timeline starts after it).
    if (!m || m[1]! > startTimeline || m[2]! >= startPosition) continue;
    fs.rmSync(path.join(wal, name), { force: true });
    result.walFiles++;
  }
  return result;
}
