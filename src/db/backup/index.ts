// Backups of the embedded PostgreSQL with its uploaded files and keys (docs/decisions/0097-embedded-backup.md,
// docs/operations.md "Backups"): continuous WAL archiving into BACKUP_DIR, base backups through
// PostgreSQL's low-level API, named restore points, and a restore that checks every byte first.
// An external PostgreSQL (DATABASE_URL) is backed up with pgBackRest instead (deploy/pgbackrest/).
export { takeBaseBackup, createRestorePoint, syncFiles, type BackupSources } from './backup.js';
export { BackupError, listBaseBackups, readPoints } from './manifest.js';
export { describeBackups, restoreEmbedded, type RestoreTarget } from './restore.js';
export { applyRetention, type RetentionResult } from './retention.js';
