// Retention of BACKUP_DIR on a real embedded PostgreSQL archiving its WAL (no app start: the functions are
// driven directly). Three base backups with BACKUP_KEEP=2: the oldest and what only it needs go; the
// oldest kept one still restores to a point after it; a point before it is refused as unknown. Then
// the nightly job (driven, not awaited) and the file mirror's step (under fake timers) on the same server.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BASE_BACKUP_JOB, baseBackupJobHandlers, startFileMirror } from '../../backup-schedule.js';
import type { Job } from '../../platform/jobs/index.js';
import { startEmbeddedPostgres, type EmbeddedServer } from '../embedded.js';
import { createRestorePoint, takeBaseBackup, type BackupSources } from './backup.js';
import { listBaseBackups, readPoints } from './manifest.js';
import { restoreEmbedded } from './restore.js';
import { applyRetention } from './retention.js';
import { checkWalArchive } from './wal.js';

const temp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-retention-'));
/** Copies a tree with its owners and modes (PostgreSQL, as user postgres under root, reads the copy's wal/). */
function copyOwned(from: string, to: string) {
  fs.cpSync(from, to, { recursive: true, preserveTimestamps: true });
  const visit = (a: string, b: string) => {
    const stat = fs.statSync(a);
    fs.chownSync(b, stat.uid, stat.gid);
    fs.chmodSync(b, stat.mode & 0o7777);
    if (stat.isDirectory()) for (const name of fs.readdirSync(a)) visit(path.join(a, name), path.join(b, name));
  };
  visit(from, to);
}
const segments = (backupDir: string) => fs.readdirSync(path.join(backupDir, 'wal')).filter((n) => /^[0-9A-F]{24}$/.test(n)).sort();

describe('backup retention (BACKUP_KEEP)', () => {
  const dataDir = temp();
  const backupDir = temp();
  let server: EmbeddedServer;
  let sources: BackupSources;
  // One hour apart: base backups are named by the second they start.
  let tick = Date.parse('2026-12-06T00:00:00Z');
  const clock = () => new Date((tick += 3_600_000));

  async function write(value: string) {
    const client = new pg.Client({ connectionString: server.connectionString('gerbang') });
    await client.connect();
    try {
      await client.query('create table if not exists notes (value text)');
      await client.query('insert into notes values ($1)', [value]);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    server = await startEmbeddedPostgres({ dataDir, port: 0, archive: { backupDir, timeoutSeconds: 60 } });
    // The restore checks the stored files its `gerbang` database lists (none here: no files table).
    const admin = new pg.Client({ connectionString: server.connectionString('postgres') });
    await admin.connect();
    await admin.query('create database gerbang');
    await admin.end();
    sources = { connectionString: server.connectionString('postgres'), dataDir, filesDir: path.join(dataDir, 'files'), backupDir };
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    for (const dir of [dataDir, backupDir]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the newest N base backups, the WAL and points they need, and nothing older', async () => {
    const bases: string[] = [];
    for (const i of [0, 1, 2]) {
      await write(`before-${i}`);
      await createRestorePoint(sources, `titik-${i}`, clock);
      bases.push((await takeBaseBackup(sources, clock)).id);
      const removed = applyRetention(backupDir, 2);
      if (i < 2) expect(removed).toEqual({ bases: [], walFiles: 0, points: [] });
      else expect(removed).toEqual({ bases: [bases[0]], walFiles: expect.any(Number), points: ['titik-0', 'titik-1'] });
      if (i === 2) expect(removed.walFiles).toBeGreaterThan(0);
    }
    await write('after');
    await createRestorePoint(sources, 'titik-3', clock);

    // The third backup removed the first: titik-0 and titik-1 (before the second stopped) went with it.
    expect(listBaseBackups(backupDir).map((b) => b.id)).toEqual(bases.slice(1));
    expect(fs.existsSync(path.join(backupDir, 'base', bases[0]!))).toBe(false);
    expect(readPoints(backupDir).map((p) => p.name)).toEqual(['titik-2', 'titik-3']);
    const oldestKept = listBaseBackups(backupDir)[0]!;
    const left = segments(backupDir);
    expect(left[0]).toBe(oldestKept.startWalFile);
    for (const name of fs.readdirSync(path.join(backupDir, 'wal'))) expect(name.slice(8, 24) >= oldestKept.startWalFile.slice(8)).toBe(true);
    // Every remaining segment still has its sum, and none is missing from the oldest kept backup on.
    expect(await checkWalArchive(backupDir, oldestKept.startWalFile)).toBeGreaterThan(0);

    // Once more with nothing new: nothing is removed.
    expect(applyRetention(backupDir, 2)).toEqual({ bases: [], walFiles: 0, points: [] });

    // A point before the oldest kept backup is unknown, with one clear line; nothing is written.
    const refusedDir = temp();
    await expect(
      restoreEmbedded({ dataDir: refusedDir, filesDir: path.join(refusedDir, 'files'), backupDir, target: { point: 'titik-0' }, port: 0, archiveTimeoutSeconds: 60, log: () => undefined }),
    ).rejects.toThrow(`no restore point named "titik-0" in ${backupDir} (there are: titik-2, titik-3); nothing was restored`);
    expect(fs.readdirSync(refusedDir)).toEqual([]);

    // The oldest kept backup restores to the point after it, through the archive that is left — from a
    // copy, as the restored server archives its new timeline where it restored from, and this server
    // (unlike a lost machine's) goes on archiving into the original.
    const restoredDir = temp();
    const copy = temp();
    copyOwned(backupDir, copy);
    const restored = await restoreEmbedded({
      dataDir: restoredDir,
      filesDir: path.join(restoredDir, 'files'),
      backupDir: copy,
      target: { point: 'titik-2' },
      port: 0,
      archiveTimeoutSeconds: 60,
      log: () => undefined,
    });
    expect(restored.base).toBe(oldestKept.id);
    const again = await startEmbeddedPostgres({ dataDir: restoredDir, port: 0, archive: null });
    try {
      const client = new pg.Client({ connectionString: again.connectionString('gerbang') });
      await client.connect();
      const values = (await client.query<{ value: string }>('select value from notes order by value')).rows.map((r) => r.value);
      await client.end();
      expect(values).toEqual(['before-0', 'before-1', 'before-2']);
    } finally {
      await again.stop();
      for (const dir of [restoredDir, copy]) fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('the scheduled job backs up and applies retention; the mirror copies a file uploaded after the last backup', async () => {
    const logged: string[] = [];
    const handler = baseBackupJobHandlers({ sources, keep: 2, now: clock, log: (line) => logged.push(line) })[BASE_BACKUP_JOB]!;
    const job = (payload: object): Job => ({ id: 1, kind: BASE_BACKUP_JOB, payload, tenantId: null, attempts: 1 });
    const before = listBaseBackups(backupDir).map((b) => b.id);
    expect(before).toHaveLength(2);

    // The first-start job is moot when a base backup exists already.
    await handler(job({ first: true }), undefined as never);
    expect(listBaseBackups(backupDir).map((b) => b.id)).toEqual(before);

    await handler(job({}), undefined as never);
    const after = listBaseBackups(backupDir).map((b) => b.id);
    expect(after).toHaveLength(2);
    expect(after[0]).toBe(before[1]);
    expect(after[1]! > before[1]!).toBe(true);
    expect(logged).toEqual([expect.stringMatching(new RegExp(`^base backup ${after[1]} written .*; removed ${before[0]} and \\d+ WAL archive file\\(s\\) beyond BACKUP_KEEP=2$`))]);

    // An upload after the last backup: in the mirror after one run of the mirror's step.
    const key = path.join('2026', '12', 'unggahan-baru.pdf');
    fs.mkdirSync(path.dirname(path.join(sources.filesDir, key)), { recursive: true });
    fs.writeFileSync(path.join(sources.filesDir, key), '%PDF-1.7 berkas setelah cadangan\n');
    expect(fs.existsSync(path.join(backupDir, 'files', key))).toBe(false);
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      const stop = startFileMirror(sources, 60, (line) => logged.push(line));
      vi.advanceTimersByTime(60_000);
      await stop();
    } finally {
      vi.useRealTimers();
    }
    expect(fs.readFileSync(path.join(backupDir, 'files', key), 'utf8')).toBe('%PDF-1.7 berkas setelah cadangan\n');
    expect(logged).toHaveLength(1);

    // A restore to the latest moment brings it back beside the database.
    const restoredDir = temp();
    await restoreEmbedded({ dataDir: restoredDir, filesDir: path.join(restoredDir, 'files'), backupDir, target: { latest: true }, port: 0, archiveTimeoutSeconds: 60, log: () => undefined });
    try {
      expect(fs.readFileSync(path.join(restoredDir, 'files', key), 'utf8')).toBe('%PDF-1.7 berkas setelah cadangan\n');
    } finally {
      fs.rmSync(restoredDir, { recursive: true, force: true });
    }
  }, 300_000);
});
