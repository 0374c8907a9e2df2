// Seeds the demo data every test app starts with into the database at argv[2] (test/global-setup.ts runs
// it once per test run, into the seeded template). The audit entries stay pending, as a test app's own
// seeding left them: the app's sequencer signs them with its key.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// Every module's events, as in a test app: the default templates are seeded for the registered events.
import '../src/app.js';
import { createKysely } from '../src/db/index.js';
import { seedDemoCatalog } from '../src/modules/catalog/index.js';
import { seedDefaultTemplates } from '../src/modules/notifications/index.js';
import { seedDemoTenants } from '../src/modules/tenancy/index.js';
import { createAuditLog, loadAuditSigner } from '../src/platform/audit/index.js';
import { systemContext } from '../src/platform/context.js';
import { TEST_PSEUDONYM_KEY } from './pseudonym-key.js';

const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-seed-'));
const db = createKysely(process.argv[2]!, { max: 2 });
try {
  const audit = createAuditLog({ signer: loadAuditSigner({ dataDir: keyDir, env: 'test' }), pseudonymKey: TEST_PSEUDONYM_KEY });
  const seed = systemContext(db, audit, 'seed');
  await seedDefaultTemplates(seed);
  await seedDemoTenants(seed);
  await seedDemoCatalog(seed);
} finally {
  await db.destroy();
  fs.rmSync(keyDir, { recursive: true, force: true });
}
