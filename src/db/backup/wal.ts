// Checks the WAL archive before a restore: every segment the restore may read matches the SHA-256 the
// archive command wrote beside it, and no segment is missing between the base backup's first and the
// archive's last on each timeline. PostgreSQL would otherwise stop replaying at the first bad or missing
// segment and open the database there — silently earlier than asked.
import fs from 'node:fs';
import path from 'node:path';
import { walDir } from './archive.js';
import { BackupError, sha256File } from './manifest.js';

const SEGMENT = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})$/;
/** Segments per "log id" with the default 16-MB segments (initdb's default, which Gerbang keeps). */
const SEGMENTS_PER_ID = 0x100;

function segmentNumber(name: string): { timeline: number; number: number } {
  const m = SEGMENT.exec(name)!;
  return { timeline: Number.parseInt(m[1]!, 16), number: Number.parseInt(m[2]!, 16) * SEGMENTS_PER_ID + Number.parseInt(m[3]!, 16) };
}

/** Returns how many archive files were checked; throws one line for the first problem. */
export async function checkWalArchive(backupDir: string, startWalFile: string): Promise<number> {
  const dir = walDir(backupDir);
  if (!fs.existsSync(dir)) throw new BackupError(`no WAL archive in ${dir}: nothing was restored`);
  const names = fs.readdirSync(dir).filter((n) => SEGMENT.test(n) || /^[0-9A-F]{8}\.history$/.test(n));
  const start = segmentNumber(startWalFile);
  const byTimeline = new Map<number, number[]>();
  let checked = 0;
  for (const name of names.sort()) {
    const isSegment = SEGMENT.test(name);
    if (isSegment) {
      const seg = segmentNumber(name);
      if (seg.timeline < start.timeline || (seg.timeline === start.timeline && seg.number < start.number)) continue;
      byTimeline.set(seg.timeline, [...(byTimeline.get(seg.timeline) ?? []), seg.number]);
    }
    const sumFile = path.join(dir, `${name}.sha256`);
    if (!fs.existsSync(sumFile)) throw new BackupError(`WAL archive file ${name} has no SHA-256 beside it: the archive is damaged; nothing was restored`);
    if ((await sha256File(path.join(dir, name))) !== fs.readFileSync(sumFile, 'utf8').trim()) {
      throw new BackupError(`WAL archive file ${name} does not match its SHA-256: the archive is damaged; nothing was restored`);
    }
    checked++;
  }
  const first = byTimeline.get(start.timeline)?.[0];
  if (first !== start.number) throw new BackupError(`WAL segment ${startWalFile}, the first the base backup needs, is missing from ${dir}; nothing was restored`);
  for (const [timeline, numbers] of byTimeline) {
    for (let i = 1; i < numbers.length; i++) {
      if (numbers[i] !== numbers[i - 1]! + 1) {
        const missing = numbers[i - 1]! + 1;
        const name = [timeline, Math.floor(missing / SEGMENTS_PER_ID), missing % SEGMENTS_PER_ID].map((n) => n.toString(16).toUpperCase().padStart(8, '0')).join('');
        throw new BackupError(`WAL segment ${name} is missing from ${dir}: the archive has a gap; nothing was restored`);
      }
    }
  }
  return checked;
}
