// The mirror of uploaded files (syncFiles) when two copies run at once — `gerbang backup` or
// `gerbang backup point` while serve's own mirror timer runs, or two timers of a rolling restart:
// each file ends up in the mirror once, whole, and neither run fails.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syncFiles } from './backup.js';
import { sha256File } from './manifest.js';

const temp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-mirror-'));

describe('the uploaded files mirror', () => {
  const filesDir = temp();
  const backupDir = temp();
  afterAll(() => {
    for (const dir of [filesDir, backupDir]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('two runs at once both succeed, and every file is in the mirror once and whole', async () => {
    const names: string[] = [];
    for (let i = 0; i < 40; i++) {
      const rel = path.join(`t${i % 3}`, `${i}.bin`);
      fs.mkdirSync(path.join(filesDir, path.dirname(rel)), { recursive: true });
      fs.writeFileSync(path.join(filesDir, rel), randomBytes(64 * 1024 + i));
      names.push(rel);
    }
    // An upload not yet stored is not mirrored.
    fs.mkdirSync(path.join(filesDir, '.incoming'));
    fs.writeFileSync(path.join(filesDir, '.incoming', 'half'), 'x');

    const [a, b] = await Promise.all([syncFiles(filesDir, backupDir), syncFiles(filesDir, backupDir)]);
    expect(a + b).toBeGreaterThanOrEqual(names.length);

    const mirrored = fs.readdirSync(path.join(backupDir, 'files'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(mirrored.map((e) => path.relative(path.join(backupDir, 'files'), path.join(e.parentPath, e.name))).sort()).toEqual([...names].sort());
    for (const rel of names) expect(await sha256File(path.join(backupDir, 'files', rel))).toBe(await sha256File(path.join(filesDir, rel)));
    // A third run finds nothing new.
    expect(await syncFiles(filesDir, backupDir)).toBe(0);
  });
});
