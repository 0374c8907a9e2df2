// The embedded PostgreSQL's backups while Gerbang serves (docs/operations.md, "Backups"): a base backup
// every night at 01:30 WIB, and one shortly after the first start when there is none, through the job
// runner (one job per date across all processes), each followed by retention (BACKUP_KEEP); and the
// uploaded files mirrored into BACKUP_DIR/files every BACKUP_ARCHIVE_TIMEOUT by a timer of the process
// that owns the server — a timer, not a job: a job a minute would write to the database every minute
// and so force a 16-MB WAL segment into the archive every minute on an idle install.
import type { Config } from './config.js';
import { applyRetention, type BackupSources, listBaseBackups, syncFiles, takeBaseBackup } from './db/backup/index.js';
import type { DatabaseHandle } from './db/index.js';
import { enqueueJob, type JobHandler } from './platform/jobs/index.js';

export const BASE_BACKUP_JOB = 'platform.base-backup';

/** 01:30 WIB (UTC+7) is 18:30 UTC of the day before. */
const NIGHTLY_UTC_HOUR = 18;
const NIGHTLY_UTC_MINUTE = 30;
/** The first base backup waits this long after a start, so that start-up work (migrations, the seed) is in it. */
const FIRST_DELAY_MS = 2 * 60_000;

/** The sources of the embedded server's backups, when this process owns it and archives; otherwise undefined. */
export function backupSourcesOf(config: Pick<Config, 'databaseUrl' | 'backupDir' | 'dataDir' | 'filesDir'>, db: Pick<DatabaseHandle, 'embedded'>): BackupSources | undefined {
  const embedded = db.embedded;
  if (config.databaseUrl || !config.backupDir || !embedded || embedded.ownership === 'shared') return undefined;
  return { connectionString: embedded.connectionString('postgres'), dataDir: config.dataDir, filesDir: config.filesDir, backupDir: config.backupDir };
}

/** The next 01:30 WIB at or after `now`, and its WIB date (the job's dedupe key). */
export function nextNightlyBackup(now: Date): { at: Date; date: string } {
  const at = new Date(now);
  at.setUTCHours(NIGHTLY_UTC_HOUR, NIGHTLY_UTC_MINUTE, 0, 0);
  if (at < now) at.setUTCDate(at.getUTCDate() + 1);
  return { at, date: new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10) };
}

/**
 * Enqueues the next nightly base backup (one per WIB date, whichever process asks first), and a first
 * one a little after `now` when the backup directory holds none yet.
 */
export async function scheduleBaseBackups(db: DatabaseHandle['app'], backupDir: string, now: Date): Promise<void> {
  const nightly = nextNightlyBackup(now);
  await enqueueJob(db, { kind: BASE_BACKUP_JOB, runAt: nightly.at, dedupeKey: nightly.date, maxAttempts: 5 });
  if (listBaseBackups(backupDir).length === 0) {
    const date = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
    await enqueueJob(db, { kind: BASE_BACKUP_JOB, runAt: new Date(now.getTime() + FIRST_DELAY_MS), dedupeKey: `first:${date}`, payload: { first: true }, maxAttempts: 5 });
  }
}

/** The job: a base backup, then retention. A failure is retried by the runner (and logged by it). */
export function baseBackupJobHandlers(deps: {
  sources: BackupSources;
  keep: number;
  now: () => Date;
  log: (line: string) => void;
}): Record<string, JobHandler> {
  return {
    [BASE_BACKUP_JOB]: async (job) => {
      // The first one is moot when someone ran `gerbang backup` meanwhile.
      if ((job.payload as { first?: boolean }).first && listBaseBackups(deps.sources.backupDir).length > 0) return;
      const base = await takeBaseBackup(deps.sources, deps.now);
      const removed = applyRetention(deps.sources.backupDir, deps.keep);
      deps.log(
        `base backup ${base.id} written (${base.copiedFiles} new uploaded file(s) copied)` +
          (removed.bases.length > 0 ? `; removed ${removed.bases.join(', ')} and ${removed.walFiles} WAL archive file(s) beyond BACKUP_KEEP=${deps.keep}` : ''),
      );
    },
  };
}

/**
 * Copies newly uploaded files into the mirror every `everySeconds` (BACKUP_ARCHIVE_TIMEOUT), so that
 * what a lost machine loses of its files is bounded like its WAL. One run at a time; returns a stop.
 */
export function startFileMirror(sources: Pick<BackupSources, 'filesDir' | 'backupDir'>, everySeconds: number, log: (line: string) => void): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let failing = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = syncFiles(sources.filesDir, sources.backupDir)
      .then(() => {
        if (failing) log(`uploaded files are mirrored into ${sources.backupDir}/files again`);
        failing = false;
      })
      .catch((error: unknown) => {
        // Said once per outage (a full disk, a lost mount), not every minute.
        if (!failing) log(`cannot mirror uploaded files into ${sources.backupDir}/files: ${(error as Error).message}`);
        failing = true;
      })
      .finally(() => {
        busy = false;
      });
  }, everySeconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
