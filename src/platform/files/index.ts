// Uploaded files, for every module that takes them (docs/files.md). What it owns: the bytes (a
// FileStore: DATA_DIR/files by default), the `files` table (name, real type, size, SHA-256, quarantine
// state), the malware scan (a FileScanner: clamd in production), and how a file is sent back. What it
// promises: a file is streamed in with its limits enforced as it arrives and its type taken from its
// content; nothing of a refused upload is kept; no file opens before its scan passed it; a download is
// never rendered as a page. What the module keeps: the reference (the file's id) in its own rows, and
// the decision who may download.
//
// A module's upload route, in order:
//   const received = await receiveFile(store, tenant.id, { stream: part.file, filename: part.filename }, rules);
//   … in the service's transaction: recordFiles(trx, [received]) beside its own rows (this queues the scan);
//   … when the form is refused or the transaction fails: discardReceivedFiles(store, [received]).
// Its download route, after its own authorisation: sendFileDownload(reply, await openCleanFile(db, store, tenant.id, id)).
import type { Config } from '../../config.js';
import { createLocalFileStore } from './storage.js';

export { type ClamdOptions, clamdAddress, createClamdScanner, parseClamdAnswer } from './clamd.js';
export { attachmentDisposition, type OpenedFile, openCleanFile, sendFileDownload } from './download.js';
export {
  discardReceivedFiles,
  FILE_TYPES,
  fileEmpty,
  fileTooLarge,
  fileTypeNotAccepted,
  formatLimit,
  type IncomingFile,
  type ReceivedFile,
  receiveFile,
  SNIFF_BYTES,
  type UploadRules,
} from './intake.js';
export { displayFileName } from './names.js';
export { discardFiles, type FileRecord, type FileState, findFile, recordFiles, SCAN_ATTEMPTS, SCAN_JOB } from './records.js';
export { fileJobHandlers, type FileJobDeps, REMOVE_JOB, scannerFromConfig, type ScanSettings } from './scan.js';
export { developmentScanner, type FileScanner, noScanner, type ScanResult } from './scanner.js';
export { createLocalFileStore, FileMissingError, type FileStore, isStorageKey, type LocalFileStore, storageKey } from './storage.js';

/** The FileStore the settings name: today always the local disk under FILES_DIR (default DATA_DIR/files). */
export function fileStoreFromConfig(config: Pick<Config, 'filesDir'>): ReturnType<typeof createLocalFileStore> {
  return createLocalFileStore(config.filesDir);
}
