// A fresh database per test file, copied from the migrated template made in test/global-setup.ts.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { APP_ROLE, createKysely, type DatabaseHandle } from '../src/db/index.js';
import { withDatabase } from './global-setup.js';

export interface TestDatabaseOptions {
  /** The address the pools connect to instead of the server's (e.g. a proxy that can cut them off). */
  route?: (url: string) => string | Promise<string>;
  /** How long the pools wait for a new connection (default 10 s, as the app's). */
  connectTimeoutMs?: number;
  /** A copy of the template with the demo data every test app starts with (test/global-setup.ts). */
  seeded?: boolean;
}

export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<DatabaseHandle> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject(options.seeded ? 'pgSeededTemplate' : 'pgTemplate');
  const name = `${inject('pgTemplate').replace('template', 'test')}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const poolUrl = options.route ? await options.route(url) : url;
  const owner = createKysely(poolUrl, { max: 4, connectTimeoutMs: options.connectTimeoutMs });
  const app = createKysely(poolUrl, { max: 6, role: APP_ROLE, connectTimeoutMs: options.connectTimeoutMs });
  return {
    owner,
    app,
    url,
    async close() {
      await app.destroy();
      await owner.destroy();
      const drop = new pg.Client({ connectionString: adminUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => drop.end());
    },
  };
}
