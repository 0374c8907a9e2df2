// One PostgreSQL for the whole run: DATABASE_URL when set (CI also runs against Debian's PostgreSQL 15),
// otherwise an embedded server in a temporary directory. Migrations run once into a template database;
// each test file then gets its own fresh copy (test/db.ts), so files run in parallel without sharing state.
// A second template holds the demo data every test app starts with (test/app.ts): seeded once, not
// in every file (1–3 s a file, about a tenth of the suite's worker time, 2026-12-06). Its audit entries
// are left pending, as a test app's own seeding left them: the app's sequencer signs them with its key.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { createKysely, migrateToLatest } from '../src/db/index.js';
import { buildClient } from '../scripts/build-client.mjs';
import { buildServer, serverBundleIsStale } from '../scripts/build.mjs';


const TEMPLATE = `gerbang_template_${process.pid}`;
const SEEDED_TEMPLATE = `gerbang_template_seeded_${process.pid}`;

export default async function setup(project: TestProject) {
  // The browser islands are served from src/web/static/build/ (not committed).
  await buildClient();
  // The server bundle, when a source is newer, once before any file: the files that run it (the CLI,
  // the drills, nginx) would otherwise rebuild it under each other's running processes.
  if (serverBundleIsStale()) await buildServer({ client: false });
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  let tmp: string | undefined;
  if (!adminUrl) {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-test-'));
    // A test server's data is thrown away at the end: no fsync (each commit still goes through the WAL
    // as usual, and synchronous_commit keeps its meaning for the tests that check it).
    const server = await startEmbeddedPostgres({ dataDir: tmp, port: 0, serverOptions: '-c fsync=off -c full_page_writes=off' });
    adminUrl = server.connectionString('postgres');
    stop = () => server.stop();
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
    const db = createKysely(withDatabase(adminUrl, TEMPLATE), { max: 1 });
    await migrateToLatest(db).finally(() => db.destroy());
    await admin.query(`DROP DATABASE IF EXISTS ${SEEDED_TEMPLATE}`);
    await admin.query(`CREATE DATABASE ${SEEDED_TEMPLATE} TEMPLATE ${TEMPLATE}`);
    await seedTestDemo(withDatabase(adminUrl, SEEDED_TEMPLATE));
  } catch (error) {
    // A failed migration or seed ends the run here: stop the embedded server rather than leave it running.
    await admin.end().catch(() => {});
    await stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', TEMPLATE);
  project.provide('pgSeededTemplate', SEEDED_TEMPLATE);

  return async () => {
    const { rows } = await admin.query(
      `SELECT datname FROM pg_database WHERE datname IN ($1, $2) OR datname LIKE 'gerbang_test_${process.pid}_%'`,
      [TEMPLATE, SEEDED_TEMPLATE],
    );
    for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    await admin.end();
    await stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
}

/**
 * What every test app starts with (test/seed-template.ts), in a process of its own: the app's modules
 * register process-wide metrics and words, and this process runs the global setup of every project.
 */
async function seedTestDemo(url: string) {
  await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'seed-template.ts'), url], { env: { ...process.env, NODE_ENV: 'test' } });
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    pgSeededTemplate: string;
  }
}
