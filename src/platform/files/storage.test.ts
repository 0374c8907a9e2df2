// The local FileStore: keys never leave the root, a write is all or nothing (a reader never sees half
// a file, a failed write leaves nothing), files are private to the server's user.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { displayFileName } from './names.js';
import { createLocalFileStore, FileMissingError, isStorageKey, type LocalFileStore, storageKey } from './storage.js';

const TENANT = '0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3';
let root: string;
let store: LocalFileStore;

/** Every file under the root, temporary ones included, as paths relative to it. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(dir, p)).isFile()).sort();
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-files-'));
  store = createLocalFileStore(path.join(root, 'files'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('storage keys', () => {
  it('are generated: tenant, two fan-out levels, a random id', () => {
    const key = storageKey(TENANT, '3fa85f64-5717-4562-b3fc-2c963f66afa6');
    expect(key).toBe(`${TENANT}/3f/a8/3fa85f64-5717-4562-b3fc-2c963f66afa6`);
    expect(storageKey(TENANT)).not.toBe(storageKey(TENANT));
    expect(store.pathOf(key)).toBe(path.join(root, 'files', TENANT, '3f', 'a8', '3fa85f64-5717-4562-b3fc-2c963f66afa6'));
  });

  it('never name anything outside the root, a hidden file or a path of the uploader', async () => {
    for (const key of ['../etc/passwd', '/etc/passwd', 'a/../../b', 'a//b', '.incoming/x', 'a/.b', 'A/b', 'a\\b', 'a/b/', '', 'laporan.pdf', 'x'.repeat(65)]) {
      expect(isStorageKey(key), key).toBe(false);
      await expect(store.put(key, Readable.from(['x'])), key).rejects.toThrow(TypeError);
      await expect(store.get(key), key).rejects.toThrow(TypeError);
    }
    expect(filesUnder(root)).toEqual([]);
  });
});

describe('the local store', () => {
  it('puts, reads, tells and deletes; files are readable by the server user only', async () => {
    const key = storageKey(TENANT);
    expect(await store.put(key, Readable.from([Buffer.from('halo '), Buffer.from('dunia')]))).toEqual({ size: 10 });
    expect(await store.exists(key)).toBe(true);
    expect(await text(await store.get(key))).toBe('halo dunia');
    expect(fs.statSync(store.pathOf(key)).mode & 0o777).toBe(0o600);
    await store.delete(key);
    expect(await store.exists(key)).toBe(false);
    await expect(store.get(key)).rejects.toBeInstanceOf(FileMissingError);
    await store.delete(key); // deleting twice is fine
  });

  it('writes atomically: nothing under the key until the whole file is on disk, then all of it', async () => {
    const key = storageKey(TENANT);
    const body = new PassThrough();
    const put = store.put(key, body);
    body.write(Buffer.alloc(100_000, 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Half written: the bytes are in a temporary file, the key does not exist yet.
    expect(await store.exists(key)).toBe(false);
    expect(filesUnder(store.root)).toEqual([expect.stringMatching(/^\.incoming\/[0-9a-f-]+\.part$/)]);
    body.end(Buffer.alloc(50_000, 2));
    expect(await put).toEqual({ size: 150_000 });
    expect(fs.statSync(store.pathOf(key)).size).toBe(150_000);
    expect(filesUnder(store.root)).toEqual([key]);
  });

  it('keeps nothing of a write whose stream fails, and leaves an earlier file under the key as it was', async () => {
    const key = storageKey(TENANT);
    await store.put(key, Readable.from(['versi pertama']));
    const body = new PassThrough();
    const put = store.put(key, body);
    body.write(Buffer.alloc(10_000));
    setTimeout(() => body.destroy(new Error('the client went away')), 20);
    await expect(put).rejects.toThrow('the client went away');
    expect(filesUnder(store.root)).toEqual([key]);
    expect(await text(await store.get(key))).toBe('versi pertama');
  });

  it('sweeps temporary files a killed process left behind, and only old ones', async () => {
    fs.mkdirSync(path.join(store.root, '.incoming'), { recursive: true });
    const old = path.join(store.root, '.incoming', 'old.part');
    const fresh = path.join(store.root, '.incoming', 'fresh.part');
    fs.writeFileSync(old, 'x');
    fs.writeFileSync(fresh, 'y');
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000);
    fs.utimesSync(old, twoDaysAgo, twoDaysAgo);
    expect(await store.sweepIncoming(24 * 3600_000)).toBe(1);
    expect(filesUnder(store.root)).toEqual(['.incoming/fresh.part']);
  });
});

describe('display names', () => {
  it.each([
    ['surat pengantar.pdf', 'pdf', 'surat pengantar.pdf'],
    ['SCAN.PDF', 'pdf', 'SCAN.pdf'],
    ['foto ktp.jpeg', 'jpg', 'foto ktp.jpg'],
    // the typed extension never survives: the real type's replaces it
    ['laporan.exe', 'pdf', 'laporan.pdf'],
    ['arsip.tar.gz', 'pdf', 'arsip.tar.pdf'],
    // paths of either kind
    ['C:\\Users\\budi\\Documents\\akta.pdf', 'pdf', 'akta.pdf'],
    ['../../etc/passwd', 'pdf', 'passwd.pdf'],
    // a right-to-left override would show "ktpexe.pdf" for this .exe; direction marks and isolates too
    ['ktp\u202Efdp.exe', 'png', 'ktpfdp.png'],
    ['\u2067nama\u2069\u200F.pdf', 'pdf', 'nama.pdf'],
    // control characters, zero-width characters, characters Windows refuses, a lone surrogate
    ['sur\u0000at\u0007\u001b[31m.pdf', 'pdf', 'surat[31m.pdf'],
    ['a\u200Bb\uFEFFc.pdf', 'pdf', 'abc.pdf'],
    ['what?*<>|":.pdf', 'pdf', 'what.pdf'],
    ['bad\uD800.pdf', 'pdf', 'bad\uFFFD.pdf'],
    // hidden files and names with nothing visible
    ['.bashrc', 'pdf', 'bashrc.pdf'],
    ['...', 'pdf', 'berkas.pdf'],
    ['\u202E\u200B', 'pdf', 'berkas.pdf'],
    ['', 'pdf', 'berkas.pdf'],
    [undefined, 'jpg', 'berkas.jpg'],
    // composed form, and a stem of at most 100 characters
    ['Jawa Tenggara\u0301.pdf', 'pdf', 'Jawa Tenggará.pdf'],
    [`${'é'.repeat(150)}.pdf`, 'pdf', `${'é'.repeat(100)}.pdf`],
  ])('%j as a %s → %j', (original, extension, expected) => {
    expect(displayFileName(original, extension)).toBe(expected);
  });
});
