// Retention of BACKUP_DIR on a real embedded PostgreSQL archiving its WAL (no app start: the functions are
// driven directly). Three base backups with BACKUP_KEEP=2: the oldest and what only it needs go; the
// oldest kept one still restores to a point after it; a point before it is refused as unknown.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedServer } from '../embedded.js';
import { createRestorePoint, takeBaseBackup, type BackupSources } from './backup.js';
import { listBaseBackups, readPoints } from './manifest.js';
import { restoreEmbedded } from './restore.js';
import { applyRetention } from './retention.js';
import { checkWalArchive } from './wal.js';

const temp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-retention-'));
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

    // The oldest kept backup restores to the point after it, through the archive that is left.
    const restoredDir = temp();
    const restored = await restoreEmbedded({
      dataDir: restoredDir,
      filesDir: path.join(restoredDir, 'files'),
      backupDir,
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
      fs.rmSync(restoredDir, { recursive: true, force: true });
    }
  }, 300_000);
});
