// An app on a fresh test database with the demo tenants seeded, for HTTP tests (app.inject) and
// browser tests (listen on a free port).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type App, buildApp } from '../src/app.js';
import type { RegisteredRoute } from '../src/platform/auth/index.js';
import type { Pressure } from '../src/platform/http/load-shedding.js';
import { loadConfig } from '../src/config.js';
import type { DatabaseHandle } from '../src/db/index.js';
import { type AuditLog, createAuditLog, loadAuditSigner, publishedCheckpoints } from '../src/platform/audit/index.js';
import { createTestDatabase, type TestDatabaseOptions } from './db.js';
import { TEST_PSEUDONYM_KEY } from './pseudonym-key.js';

export interface TestApp {
  app: App;
  db: DatabaseHandle;
  audit: AuditLog;
  /** Every registered route with its access policy (for the access-matrix test). */
  routes: RegisteredRoute[];
  /** The app's clock (sessions are judged by it: helpers open them at its time). */
  now: () => Date;
  close(): Promise<void>;
}

/** The app secret of every test app (tests derive the ALTCHA key from it: test/altcha.ts). */
export const TEST_APP_SECRET = Buffer.alloc(32, 9);

export interface TestAppOptions {
  /** The clock of every request's service context (a test moves it to cross deadlines); default the system clock. */
  now?: () => Date;
  /** The load-shedding signal (src/platform/http/load-shedding.ts) a test sets; default sampled from the process. */
  pressure?: () => Pressure;
}

export async function createTestApp(env: Record<string, string> = {}, database: TestDatabaseOptions = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-app-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const db = await createTestDatabase({ ...database, seeded: true });
  const signer = loadAuditSigner({ dataDir, env: 'test' });
  const audit = createAuditLog({ signer, pseudonymKey: TEST_PSEUDONYM_KEY });
  const appSecret = TEST_APP_SECRET;
  const app = await buildApp({
    config,
    db: db.app,
    ownerDb: db.owner,
    audit,
    appSecret,
    auditCheckpoints: () => publishedCheckpoints(db.app, signer),
    ...(options.now ? { now: options.now } : {}),
    ...(options.pressure ? { pressure: options.pressure } : {}),
  });
  return {
    app,
    db,
    audit,
    routes: app.gerbangRoutes,
    now: options.now ?? (() => new Date()),
    async close() {
      await app.close();
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
