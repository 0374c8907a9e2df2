// Statements of the public list's reads (docs/information-list.md, "Cost"): every statement the app's
// pg clients send for the overview page and an API page, counted by wrapping pg.Client.prototype.query.
// The overview reads all four classes in one statement; a change that goes back to a query per class
// (or per item) fails here and says which statements it sent.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { systemContext } from '../../platform/context.js';
import { createLocalFileStore } from '../../platform/files/index.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedDemoInformationList } from './seed.js';

let t: TestApp;
const sent: string[] = [];
let counting = false;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoInformationList(systemContext(t.db.app, t.audit, 'seed'), { files: createLocalFileStore(fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-dip-rt-'))) });
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (counting) {
      const first = args[0] as string | { text?: string };
      const text = (typeof first === 'string' ? first : (first?.text ?? '?')).replace(/\s+/g, ' ');
      if (!/rate_limits/.test(text)) sent.push(text);
    }
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
});
afterAll(async () => {
  pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
  await t?.close();
});

async function statementsOf(url: string): Promise<string[]> {
  // Once before counting: the tenant lookup and the session are cached per process.
  await t.app.inject({ url });
  sent.length = 0;
  counting = true;
  const res = await t.app.inject({ url });
  counting = false;
  expect(res.statusCode).toBe(200);
  return [...sent];
}

describe('statements per request', () => {
  it('the overview page reads the items of all classes in one statement', async () => {
    const statements = await statementsOf('/t/makassar/dip');
    expect(statements.filter((s) => /from "information_items"/i.test(s)), statements.join('\n')).toHaveLength(1);
    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(6);
  });

  it('an API page reads its items and their documents once each', async () => {
    const statements = await statementsOf('/t/makassar/api/v1/public-information?limit=20');
    expect(statements.filter((s) => /from "information_items"/i.test(s))).toHaveLength(1);
    expect(statements.filter((s) => /from "information_documents"/i.test(s))).toHaveLength(1);
    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(6);
  });
});
