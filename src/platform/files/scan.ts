// The malware scan of each uploaded file, as a background job (docs/jobs.md): queued with the file's
// record (records.ts), run by `serve`'s job runner. The scanner reads the stored bytes; a verdict moves
// the file from `pending` to `clean` or `infected` and is written to the audit chain in the job's
// transaction. When the scanner cannot decide (clamd down, timed out) the job fails and the runner
// tries again with backoff — the file stays pending, so nobody can open it meanwhile. An infected file's
// bytes are removed by a follow-up job, which exists only once the verdict has committed.
import type { AuditAppender } from '../context.js';
import type { JobHandler } from '../jobs/index.js';
import { enqueueJob } from '../jobs/index.js';
import { createClamdScanner } from './clamd.js';
import { deleteFileRecord, findFile, REMOVE_JOB, SCAN_JOB, settleFile } from './records.js';
import { developmentScanner, type FileScanner, noScanner } from './scanner.js';
import type { FileStore } from './storage.js';

export { REMOVE_JOB };

export interface ScanSettings {
  env: 'development' | 'test' | 'production';
  clamdUrl?: string;
  fileScan: 'on' | 'off';
}

/**
 * The scanner the settings name, and one line saying what it is for the start-up log. (config.ts has
 * already refused production without CLAMD_URL unless FILE_SCAN=off.)
 */
export function scannerFromConfig(config: ScanSettings): { scanner: FileScanner; summary: string } {
  if (config.fileScan === 'off') return { scanner: noScanner, summary: 'NOT scanned for malware (FILE_SCAN=off)' };
  if (config.clamdUrl) return { scanner: createClamdScanner({ url: config.clamdUrl }), summary: `scanned for malware by clamd at ${config.clamdUrl}` };
  if (config.env === 'production') throw new Error('no malware scanner with NODE_ENV=production: set CLAMD_URL, or FILE_SCAN=off');
  return {
    scanner: developmentScanner,
    summary: 'NOT scanned for malware: the development scanner passes every file (set CLAMD_URL to scan them with ClamAV)',
  };
}

export interface FileJobDeps {
  store: FileStore;
  scanner: FileScanner;
  audit: AuditAppender;
}

/** The job handlers of file handling, for `serve`'s runner: the scan, and the removal of infected bytes. */
export function fileJobHandlers(deps: FileJobDeps): Record<string, JobHandler> {
  return {
    [SCAN_JOB]: async (job, trx) => {
      const tenantId = job.tenantId!;
      const { fileId } = job.payload as { fileId: string };
      const file = await findFile(trx, tenantId, fileId);
      // Gone, or decided by an earlier run whose commit we are repeating: nothing to do.
      if (!file || file.state !== 'pending') return;
      const result = await deps.scanner.scan(await deps.store.get(file.key));
      if (result.verdict === 'error') throw new Error(result.message);
      const scanner = await deps.scanner.describe();
      const verdict = result.verdict === 'clean' ? { state: 'clean' as const, scanner } : { state: 'infected' as const, scanner, threat: result.threat };
      if (!(await settleFile(trx, tenantId, file.id, verdict))) return;
      // The file's name may hold a person's name: the audit entry has its digest, not its name.
      await deps.audit.append(trx, {
        tenantId,
        actor: 'system:files.scan',
        action: verdict.state === 'clean' ? 'file.scanned_clean' : 'file.infected',
        subject: `file:${file.id}`,
        data: { sha256: file.sha256, size: file.size, mime: file.mime, scanner, ...(verdict.state === 'infected' ? { threat: verdict.threat } : {}) },
      });
      if (verdict.state === 'infected') await enqueueJob(trx, { kind: REMOVE_JOB, tenantId, payload: { fileId: file.id } });
    },
    [REMOVE_JOB]: async (job, trx) => {
      const { fileId, discard } = job.payload as { fileId: string; discard?: boolean };
      const file = await findFile(trx, job.tenantId!, fileId);
      if (!file) return;
      if (file.state === 'infected' || discard) await deps.store.delete(file.key);
      if (discard) await deleteFileRecord(trx, file.tenantId, file.id);
    },
  };
}
