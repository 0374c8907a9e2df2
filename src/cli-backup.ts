// `gerbang backup [point NAME | list]` and `gerbang restore` (docs/operations.md, "Backups").
import { say, UsageError } from './cli.js';
import type { Config } from './config.js';
import { applyRetention, createRestorePoint, describeBackups, restoreEmbedded, type RestoreTarget, takeBaseBackup } from './db/backup/index.js';
import { withRuntime } from './runtime.js';

function backupDirOf(config: Config): string {
  if (config.databaseUrl) {
    throw new UsageError('DATABASE_URL is set: back that PostgreSQL up with pgBackRest (docs/operations.md, "External PostgreSQL"); gerbang backup and restore are for the embedded one');
  }
  if (!config.backupDir) throw new UsageError('BACKUP_DIR=off: WAL is not archived, so there is nothing to back up to; set BACKUP_DIR and restart Gerbang');
  return config.backupDir;
}

const clock = () => new Date();

export async function runBackupCommand(config: Config, sub: string | undefined, arg: string | undefined): Promise<number> {
  const backupDir = backupDirOf(config);
  if (sub === 'list') {
    for (const line of describeBackups(backupDir)) say(line);
    return 0;
  }
  if (sub !== undefined && sub !== 'point') throw new UsageError(`unknown backup command "${sub}"`);
  if (sub === 'point' && !arg) throw new UsageError('usage: gerbang backup point NAME');
  return withRuntime(
    config,
    async (rt) => {
      const sources = { connectionString: rt.db.embedded!.connectionString('postgres'), dataDir: config.dataDir, filesDir: config.filesDir, backupDir };
      if (sub === 'point') {
        const point = await createRestorePoint(sources, arg!, clock);
        say(`Restore point "${point.name}" at ${point.at} (WAL ${point.lsn}) is archived in ${backupDir}; ${point.copiedFiles} new uploaded file(s) copied.`);
        return 0;
      }
      const base = await takeBaseBackup(sources, clock);
      say(`Base backup ${base.id} written to ${backupDir}/base/${base.id} (${Object.keys(base.files).length} files of the database, keys and checkpoints; ${base.copiedFiles} new uploaded file(s) copied).`);
      const removed = applyRetention(backupDir, config.backupKeep);
      if (removed.bases.length > 0) {
        say(
          `Kept the newest ${config.backupKeep} base backup(s) (BACKUP_KEEP); removed ${removed.bases.join(', ')}, ` +
            `${removed.walFiles} WAL archive file(s) only they needed and ${removed.points.length} named point(s) before them.`,
        );
      }
      return 0;
    },
    { prepare: false },
  );
}

export async function runRestoreCommand(config: Config, values: { point?: string; time?: string }): Promise<number> {
  const backupDir = backupDirOf(config);
  if (values.point && values.time) throw new UsageError('restore: give --point or --time, not both');
  let target: RestoreTarget = { latest: true };
  if (values.point) target = { point: values.point };
  if (values.time) {
    const time = new Date(values.time);
    if (Number.isNaN(time.getTime()) || !/[zZ]|[+-]\d\d:?\d\d$/.test(values.time)) {
      throw new UsageError(`restore: --time must be a date and time with its zone, e.g. 2026-12-06T07:30:00+07:00 (got "${values.time}")`);
    }
    target = { time };
  }
  const result = await restoreEmbedded({
    dataDir: config.dataDir,
    filesDir: config.filesDir,
    backupDir,
    target,
    port: 0,
    archiveTimeoutSeconds: config.backupArchiveTimeoutSeconds,
    log: (line) => say(`  ${line}`),
  });
  say(
    `Restored from base backup ${result.base} and ${result.walChecked} checked WAL archive file(s)` +
      `${result.restoredTo ? `; the last transaction replayed committed at ${result.restoredTo}` : ''}; ` +
      `${result.filesChecked} stored file(s) match their SHA-256. Check the audit chain: gerbang audit verify`,
  );
  return 0;
}


