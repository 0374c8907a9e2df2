// Who owns the embedded PostgreSQL of a data directory: the process that must stop it, and the one
// that starts it again when it dies. `DATA_DIR/pg-owner.json` names that process (pid, and its start
// time where /proc tells it, so a pid reused after a crash is not taken for the owner). A `serve`
// that finds the server running without a live owner — left by a process that crashed — adopts it;
// a one-shot command beside a live `serve` uses the server and leaves it alone.
import fs from 'node:fs';
import path from 'node:path';

interface OwnerRecord {
  pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot); absent where there is no /proc. */
  startedAt?: string;
}

function ownerFile(dataDir: string) {
  return path.join(dataDir, 'pg-owner.json');
}

/** The state letter of /proc/<pid>/stat ('Z' for a zombie), or undefined without /proc. */
function procStat(pid: number): { state: string; startedAt: string } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', startedAt: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

/**
 * True when process `pid` runs. A zombie does not: a postmaster killed with SIGKILL whose parent
 * (an init that does not reap, e.g. in a container) never collects it stays one.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return procStat(pid)?.state !== 'Z';
}

/** True when `pid` is a zombie (dead, not yet collected by its parent). */
export function processIsZombie(pid: number): boolean {
  return procStat(pid)?.state === 'Z';
}

function readOwner(dataDir: string): OwnerRecord | undefined {
  try {
    const record = JSON.parse(fs.readFileSync(ownerFile(dataDir), 'utf8')) as OwnerRecord;
    return Number.isInteger(record.pid) && record.pid > 0 ? record : undefined;
  } catch {
    return undefined;
  }
}

function ownerAlive(record: OwnerRecord): boolean {
  if (!processAlive(record.pid)) return false;
  const startedAt = procStat(record.pid)?.startedAt;
  return record.startedAt === undefined || startedAt === undefined || record.startedAt === startedAt;
}

/** The pid of the live owner of the server, other than this process; undefined when none. */
export function liveOwner(dataDir: string): number | undefined {
  const record = readOwner(dataDir);
  return record && record.pid !== process.pid && ownerAlive(record) ? record.pid : undefined;
}

/**
 * Makes this process the owner unless another live process is. Returns false when one is. The file
 * is created exclusively, so of two processes claiming at once only one wins.
 */
export function claimOwnership(dataDir: string): boolean {
  const record: OwnerRecord = { pid: process.pid, startedAt: procStat(process.pid)?.startedAt };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(ownerFile(dataDir), JSON.stringify(record), { flag: 'wx', mode: 0o644 });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = readOwner(dataDir);
    if (current?.pid === process.pid) return true;
    if (current && ownerAlive(current)) return false;
    fs.rmSync(ownerFile(dataDir), { force: true }); // left by a process that ended
  }
  return false;
}

/** Gives up ownership (after stopping the server). */
export function releaseOwnership(dataDir: string): void {
  if (readOwner(dataDir)?.pid === process.pid) fs.rmSync(ownerFile(dataDir), { force: true });
}
