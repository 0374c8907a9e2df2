// When the embedded server's base backups are scheduled, and by which process (the job itself is driven
// in src/db/backup/retention.test.ts on a real archiving server).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/db.js';
import { BASE_BACKUP_JOB, backupSourcesOf, nextNightlyBackup, scheduleBaseBackups } from './backup-schedule.js';
import type { DatabaseHandle } from './db/index.js';
import type { EmbeddedServer } from './db/embedded.js';

describe('scheduled base backups', () => {
  let db: DatabaseHandle;
  const backupDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-schedule-'));
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(backupDir, { recursive: true, force: true });
  });

  const jobs = () =>
    db.owner.selectFrom('jobs').select(['dedupe_key', 'run_at', 'payload']).where('kind', '=', BASE_BACKUP_JOB).orderBy('run_at').execute();

  it('runs nightly at 01:30 WIB, dated by the WIB day', () => {
    expect(nextNightlyBackup(new Date('2026-12-06T18:29:00Z'))).toEqual({ at: new Date('2026-12-06T18:30:00Z'), date: '2026-12-07' });
    expect(nextNightlyBackup(new Date('2026-12-06T18:31:00Z'))).toEqual({ at: new Date('2026-12-07T18:30:00Z'), date: '2026-12-08' });
  });

  it('enqueues one nightly job per date, and a first one soon when there is no base backup', async () => {
    const now = new Date('2026-12-06T03:00:00Z');
    await scheduleBaseBackups(db.app, backupDir, now);
    await scheduleBaseBackups(db.app, backupDir, new Date('2026-12-06T03:15:00Z'));
    expect(await jobs()).toEqual([
      { dedupe_key: 'first:2026-12-06', run_at: new Date('2026-12-06T03:02:00Z'), payload: { first: true } },
      { dedupe_key: '2026-12-07', run_at: new Date('2026-12-06T18:30:00Z'), payload: {} },
    ]);

    // With a base backup there, the next day brings only the nightly one.
    const base = path.join(backupDir, 'base', '20261206T030200Z');
    fs.mkdirSync(base, { recursive: true });
    fs.writeFileSync(path.join(base, 'manifest.json'), JSON.stringify({ format: 1, id: '20261206T030200Z', files: {} }));
    await scheduleBaseBackups(db.app, backupDir, new Date('2026-12-07T03:00:00Z'));
    expect((await jobs()).map((j) => j.dedupe_key)).toEqual(['first:2026-12-06', '2026-12-07', '2026-12-08']);
  });

  it('only in the process that owns the embedded server, with archiving on', () => {
    const server = (ownership: EmbeddedServer['ownership']) => ({ embedded: { ownership, connectionString: (d = 'gerbang') => `postgres://127.0.0.1/${d}` } as EmbeddedServer });
    const config = { databaseUrl: undefined, backupDir, dataDir: '/srv/gerbang', filesDir: '/srv/gerbang/files' };
    expect(backupSourcesOf(config, server('started'))).toEqual({ connectionString: 'postgres://127.0.0.1/postgres', dataDir: '/srv/gerbang', filesDir: '/srv/gerbang/files', backupDir });
    expect(backupSourcesOf(config, server('adopted'))).toBeDefined();
    expect(backupSourcesOf(config, server('shared'))).toBeUndefined();
    expect(backupSourcesOf({ ...config, backupDir: undefined }, server('started'))).toBeUndefined();
    expect(backupSourcesOf({ ...config, databaseUrl: 'postgres://db.example/gerbang' }, server('started'))).toBeUndefined();
    expect(backupSourcesOf(config, {})).toBeUndefined();
  });
});
