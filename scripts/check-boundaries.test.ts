import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findViolations } from './check-boundaries.js';

let root: string;
function write(file: string, content: string) {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
}
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

describe('module boundary check', () => {
  it('passes on the real source tree', () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'boundaries-'));
    expect(findViolations()).toEqual([]);
  });

  it('flags platform importing a module, deep imports across modules and SQL outside store.ts', () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'boundaries-'));
    write('platform/x.ts', "import { a } from '../modules/foo/service.js';\n");
    write(
      'modules/foo/service.ts',
      "import { b } from '../bar/store.js';\nimport { c } from '../bar/index.js';\n",
    );
    write('modules/bar/service.ts', "export const q = (db) => db.selectFrom('bars').selectAll();\n");
    write('modules/bar/store.ts', "export const q = (db) => db.selectFrom('bars').selectAll();\n");
    const violations = findViolations(root);
    expect(violations).toHaveLength(3);
    expect(violations.join('\n')).toMatch(/platform\/x\.ts: platform\/ must not import a module/);
    expect(violations.join('\n')).toMatch(
      /modules\/foo\/service\.ts: imports module "bar" other than through its index/,
    );
    expect(violations.join('\n')).toMatch(/modules\/bar\/service\.ts: SQL on tables belongs/);
  });
});
