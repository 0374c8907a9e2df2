import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findViolations, KNOWN_VIOLATIONS, MAX_LINES, newViolations } from './check-boundaries.js';

let root: string;
function write(file: string, content: string) {
  const full = path.join(root, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
}
afterEach(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});
const tree = () => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'boundaries-')));

describe('module boundary check', () => {
  it('passes on the real source tree, where the known violations only shrink', () => {
    const { fresh, gone } = newViolations(findViolations());
    expect(fresh).toEqual([]);
    expect(gone).toEqual([]);
  });

  it('flags platform or web importing a module, deep imports across modules, and a table outside its store', () => {
    tree();
    write('platform/x.ts', "import { a } from '../modules/foo/service.js';\n");
    write('web/y.tsx', "import { a } from '../modules/foo/index.js';\n");
    write('modules/foo/service.ts', "import { b } from '../bar/store.js';\nimport { c } from '../bar/index.js';\n");
    write('modules/bar/store.ts', "export const TABLES = ['bars'] as const;\nexport const q = (db) => db.selectFrom('bars').selectAll();\n");
    write('modules/bar/service.ts', "export const q = (db) => db.selectFrom('bars').selectAll();\n");
    // A join and raw SQL reach another module's table just as well as selectFrom does.
    write('modules/foo/store.ts', "export const TABLES = ['foos'] as const;\nexport const j = (db) => db.selectFrom('foos').innerJoin('bars', 'bars.id', 'foos.bar');\nexport const r = sql`SELECT * FROM bars`;\n");
    write('db/schema.ts', 'export interface Database {\n  jobs: JobTable;\n}\n');
    write('modules/foo/jobs.ts', "export const p = sql`DELETE FROM jobs WHERE id = 1`;\n");
    const violations = findViolations(root).join('\n');
    expect(violations).toMatch(/platform\/x\.ts: platform\/ must not import a module/);
    expect(violations).toMatch(/web\/y\.tsx: web\/ must not import a module/);
    expect(violations).toMatch(/modules\/foo\/service\.ts: imports module "bar" other than through its index/);
    expect(violations).toMatch(/modules\/bar\/service\.ts: touches table bars, which only the bar module's stores may/);
    expect(violations).toMatch(/modules\/foo\/store\.ts: touches table bars/);
    expect(violations).toMatch(/modules\/foo\/jobs\.ts: touches table jobs, which only platform\/ and db\/ may/);
    expect(violations).not.toMatch(/modules\/bar\/store\.ts/);
  });

  it('flags a module cycle, a file cycle (type imports too), a page importing a store, a long file, and a clock read', () => {
    tree();
    write('modules/a/index.ts', "import { b } from '../b/index.js';\n");
    write('modules/b/index.ts', "import { a } from '../a/index.js';\n");
    write('modules/c/routing.ts', "import type { Area } from './areas.js';\n");
    write('modules/c/areas.ts', "import { route } from './routing.js';\n");
    write('modules/c/pages.tsx', "import { list } from './store.js';\n");
    write('modules/c/service.ts', `${'export const x = 1;\n'.repeat(MAX_LINES + 1)}`);
    write('modules/c/seed-data.ts', `${'export const y = 1;\n'.repeat(MAX_LINES + 1)}`);
    write('modules/c/deadline.ts', 'export const due = () => new Date();\nexport const at = new Date(0);\n');
    const violations = findViolations(root).join('\n');
    expect(violations).toMatch(/module cycle: a → b → a/);
    expect(violations).toMatch(/import cycle: modules\/c\/areas\.ts → modules\/c\/routing\.ts → modules\/c\/areas\.ts/);
    expect(violations).toMatch(/modules\/c\/pages\.tsx: routes and pages call services, never a store/);
    expect(violations).toMatch(/modules\/c\/service\.ts: over 800 lines/);
    expect(violations).not.toMatch(/seed-data/);
    expect(violations).toMatch(/modules\/c\/deadline\.ts: reads the clock 1×/);
  });

  it('fails on a new violation and on a fixed one still listed', () => {
    expect(newViolations(['a', 'b'], ['a'])).toEqual({ fresh: ['b'], gone: [] });
    expect(newViolations(['a'], ['a', 'c'])).toEqual({ fresh: [], gone: ['c'] });
    expect(KNOWN_VIOLATIONS.length).toBeLessThanOrEqual(23);
  });
});
