// Malware scanning of uploaded files, behind one interface so the engine can change (docs/files.md).
// Production scans with ClamAV's clamd (clamd.ts). Without CLAMD_URL outside production a development
// scanner passes every file and says so; FILE_SCAN=off (the only way to run production without a
// scanner) passes every file too, and each file records which of them let it through.
import type { Readable } from 'node:stream';

export type ScanResult =
  | { verdict: 'clean' }
  | { verdict: 'infected'; threat: string }
  /** The scanner could not decide (down, timed out, over its size limit): try again later. */
  | { verdict: 'error'; message: string };

export interface FileScanner {
  /** What decided, recorded with each file, e.g. "clamd ClamAV 1.4.6/27480/…"; "development"; "off". */
  describe(): Promise<string>;
  /** Reads the whole stream (or destroys it) and gives the verdict. Never rejects. */
  scan(stream: Readable): Promise<ScanResult>;
  /** Whether the engine answers now (a scanner of its own process has no such method). */
  ping?(): Promise<boolean>;
}

/** Marks everything clean without looking: development and tests only, never with NODE_ENV=production. */
export const developmentScanner: FileScanner = {
  describe: async () => 'development',
  async scan(stream) {
    stream.destroy();
    return { verdict: 'clean' };
  },
};

/** FILE_SCAN=off: files are not scanned, knowingly (docs/files.md, "Running without a scanner"). */
export const noScanner: FileScanner = {
  describe: async () => 'off',
  async scan(stream) {
    stream.destroy();
    return { verdict: 'clean' };
  },
};
