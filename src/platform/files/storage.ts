// Where uploaded files' bytes live, behind one small interface: local disk by default (DATA_DIR/files),
// an S3-compatible object store later (docs/files.md, "Object storage"). Keys are made by the platform
// (storageKey: tenant, two fan-out levels, a random id) — never the uploader's file name — and checked
// again here, so no key can name a path outside the root. A write is atomic: the bytes go to a
// temporary file, are flushed to disk (fsync), and only then renamed to the key, so a reader sees the
// whole file or nothing, and a failed or aborted write leaves nothing behind.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The bytes of files, by key. Everything else about a file (name, type, scan state) is in PostgreSQL. */
export interface FileStore {
  /** A short description for logs, e.g. `local /var/lib/gerbang/files`. */
  readonly description: string;
  /**
   * Writes the stream under `key` (replacing what was there) and resolves when it is durably stored.
   * When the stream errors or is destroyed, rejects with that error and stores nothing.
   */
  put(key: string, body: Readable): Promise<{ size: number }>;
  /** The bytes under `key`; rejects with FileMissingError when there are none. */
  get(key: string): Promise<Readable>;
  /** Removes `key`; nothing happens when it does not exist. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

export class FileMissingError extends Error {
  override name = 'FileMissingError';
  constructor(readonly key: string) {
    super(`no stored file under the key ${key}`);
  }
}

// Lower-case letters, digits and "-" in segments separated by "/": no "..", no absolute paths, no
// hidden files, nothing a file system or an object store treats specially.
const KEY = /^[a-z0-9][a-z0-9-]{0,63}(\/[a-z0-9][a-z0-9-]{0,63}){0,7}$/;

export function isStorageKey(key: string): boolean {
  return KEY.test(key);
}

function checkKey(key: string): string {
  if (!isStorageKey(key)) throw new TypeError(`not a storage key: ${JSON.stringify(key)}`);
  return key;
}

/**
 * A new key for a tenant's file: `<tenant id>/<2 hex>/<2 hex>/<random uuid>`. The fan-out keeps
 * directories small (65,536 of them per tenant, a few hundred files each at ten million files), and
 * the tenant prefix lets one tenant's files be listed, copied or removed together.
 */
export function storageKey(tenantId: string, id: string = randomUUID()): string {
  const hex = id.replace(/-/g, '');
  return checkKey(`${tenantId.toLowerCase()}/${hex.slice(0, 2)}/${hex.slice(2, 4)}/${id.toLowerCase()}`);
}

/** Temporary files are written here, inside the root so that rename never crosses a file system. */
const TEMP_DIR = '.incoming';

/**
 * Files on the local disk under `root` (created with mode 0700 when missing). Files are 0600. Writes go
 * to `root/.incoming/` and are renamed into place after fsync; the directory is fsynced after the
 * rename so the new name survives a power cut too.
 */
export function createLocalFileStore(root: string): FileStore & { root: string; pathOf(key: string): string; sweepIncoming(olderThanMs: number): Promise<number> } {
  const resolved = path.resolve(root);
  const pathOf = (key: string) => path.join(resolved, ...checkKey(key).split('/'));
  // Made on every write (one system call when it exists), so a directory removed under a running server comes back.
  const prepare = () => mkdir(path.join(resolved, TEMP_DIR), { recursive: true, mode: 0o700 });

  async function syncDirectory(dir: string) {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  return {
    root: resolved,
    description: `local ${resolved}`,
    pathOf,

    async put(key, body) {
      const target = pathOf(key);
      await prepare();
      const temp = path.join(resolved, TEMP_DIR, `${randomUUID()}.part`);
      // `flush`: fsync before close, so the rename below never publishes a name whose bytes are not on disk.
      const out = createWriteStream(temp, { flags: 'wx', mode: 0o600, flush: true });
      try {
        await pipeline(body, out);
        await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
        await rename(temp, target);
      } catch (error) {
        body.destroy();
        out.destroy();
        await unlink(temp).catch(() => undefined);
        throw error;
      }
      await syncDirectory(path.dirname(target));
      return { size: out.bytesWritten };
    },

    async get(key) {
      try {
        const handle = await open(pathOf(key), 'r');
        return handle.createReadStream();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new FileMissingError(key);
        throw error;
      }
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    async exists(key) {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    },

    /**
     * Removes temporary files older than `olderThanMs` — left by a process killed in the middle of a
     * write (an orderly failure removes its own at once). Returns how many it removed.
     */
    async sweepIncoming(olderThanMs) {
      const dir = path.join(resolved, TEMP_DIR);
      let removed = 0;
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return 0;
      }
      const cutoff = Date.now() - olderThanMs;
      for (const name of names) {
        const file = path.join(dir, name);
        const info = await stat(file).catch(() => undefined);
        if (info && info.mtimeMs < cutoff) {
          await unlink(file).catch(() => undefined);
          removed++;
        }
      }
      return removed;
    },
  };
}

export type LocalFileStore = ReturnType<typeof createLocalFileStore>;
