// The `files` table (migration 0049): one row per stored file and its quarantine state. A record is
// written `pending` together with its scan job, in the caller's transaction — so a file the caller
// committed is always scanned, and a scan never runs for a record that was rolled back. Only the scan
// (scan.ts) moves a file on, once: to `clean`, or to `infected` with its bytes removed.
import { type DbOrTx, sql, type Tx, withTenant } from '../../db/index.js';
import { enqueueJobs } from '../jobs/index.js';
import type { ReceivedFile } from './intake.js';

export const SCAN_JOB = 'files.scan';
/** Removes a file's bytes: an infected one's (the record stays, as evidence), or a discarded one's with its record. */
export const REMOVE_JOB = 'files.remove';
/**
 * Attempts of a scan before its job is marked failed (the file stays `pending`, unopenable, until an
 * operator retries it). With the runner's backoff (2^n s, at most 1 h) 16 attempts wait out a clamd
 * that is down for about five hours.
 */
export const SCAN_ATTEMPTS = 16;

export type FileState = 'pending' | 'clean' | 'infected';

export interface FileRecord {
  id: string;
  tenantId: string;
  key: string;
  name: string;
  mime: string;
  size: number;
  sha256: string;
  state: FileState;
  /** What scanned it ("clamd ClamAV 1.4.6/…", "development", "off"); null while pending. */
  scanner: string | null;
  scannedAt: Date | null;
  /** What the scanner found, for an infected file. */
  threat: string | null;
  createdAt: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Writes the records of received files as `pending` and queues one scan job for each, in `db`'s
 * transaction (opened here when `db` is not one), so the caller's own rows referring to the files, the
 * records and the scans commit together or not at all.
 */
export async function recordFiles(db: DbOrTx, files: readonly ReceivedFile[]): Promise<void> {
  const tenants = [...new Set(files.map((file) => file.tenantId))];
  for (const tenantId of tenants) {
    const mine = files.filter((file) => file.tenantId === tenantId);
    await withTenant(db, tenantId, async (trx) => {
      await trx
        .insertInto('files')
        .values(mine.map((file) => ({ tenant_id: tenantId, id: file.id, storage_key: file.key, name: file.name, mime: file.mime, size: file.size, sha256: file.sha256 })))
        .execute();
      await enqueueJobs(
        trx,
        mine.map((file) => ({ kind: SCAN_JOB, tenantId, payload: { fileId: file.id }, maxAttempts: SCAN_ATTEMPTS })),
      );
    });
  }
}

/**
 * Files the owner may no longer keep (a person's erasure; the caller has dropped its own rows that
 * referred to them): a job per file removes the bytes and then the record, queued in the caller's
 * transaction. The record stays until the bytes are gone, so a failed removal is retried with the key.
 */
export async function discardFiles(trx: Tx, tenantId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await enqueueJobs(
    trx,
    ids.map((fileId) => ({ kind: REMOVE_JOB, tenantId, payload: { fileId, discard: true } })),
  );
}

/** The record of a discarded file whose bytes are gone. */
export async function deleteFileRecord(trx: Tx, tenantId: string, id: string): Promise<void> {
  await trx.deleteFrom('files').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** A tenant's file record, or undefined (also for an id that is not a UUID). */
export async function findFile(db: DbOrTx, tenantId: string, id: string): Promise<FileRecord | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await withTenant(db, tenantId, (trx) =>
    trx.selectFrom('files').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst(),
  );
  return row && {
    id: row.id,
    tenantId: row.tenant_id,
    key: row.storage_key,
    name: row.name,
    mime: row.mime,
    size: row.size,
    sha256: row.sha256,
    state: row.state,
    scanner: row.scanner,
    scannedAt: row.scanned_at,
    threat: row.threat,
    createdAt: row.created_at,
  };
}

/** Moves a pending file to its verdict; false when it was not pending (already decided). */
export async function settleFile(
  trx: Tx,
  tenantId: string,
  id: string,
  verdict: { state: 'clean'; scanner: string } | { state: 'infected'; scanner: string; threat: string },
): Promise<boolean> {
  const result = await withTenant(trx, tenantId, (tx) =>
    tx
      .updateTable('files')
      .set({ state: verdict.state, scanner: verdict.scanner, threat: verdict.state === 'infected' ? verdict.threat : null, scanned_at: sql<Date>`now()` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows) === 1;
}
