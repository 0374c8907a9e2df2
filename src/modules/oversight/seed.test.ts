// The oversight demo seed on a real database, after the identity and applications seeds: the demo
// verifier's kinship keys make the demo citizen's applications they approved raise `own_or_relative`
// flags once the audit entries are sequenced and the scan runs; a second run adds no keys and no flags.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { tenantContextOf } from '../../../test/auth.js';
import { systemContext } from '../../platform/context.js';
import { createLocalFileStore } from '../../platform/files/index.js';
import { seedDemoApplications } from '../applications/index.js';
import { seedDemoIdentity } from '../identity/index.js';
import { seedDemoOversight } from './seed.js';
import { listIrregularityFlags } from './service.js';

let t: TestApp;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-ovs-seed-'));
  t = await createTestApp();
  await seedDemoIdentity({ ...systemContext(t.db.owner, t.audit, 'seed'), audit: t.audit });
  await seedDemoApplications({ ...systemContext(t.db.app, t.audit, 'seed'), audit: t.audit, publicBaseUrl: 'http://localhost' }, { files: createLocalFileStore(dir) });
}, 240_000);
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('raises the own-application flags on the demo tenant after the seed and the scan; a second run adds nothing', { timeout: 240_000 }, async () => {
  const first = await seedDemoOversight(systemContext(t.db.app, t.audit, 'seed'));
  expect(first.kinshipKeys).toBe(1);
  // The seed's own scan runs before the sequencer placed the entries; the serve process sequences them.
  await t.audit.flush(t.db.app);
  const second = await seedDemoOversight(systemContext(t.db.app, t.audit, 'seed'));
  expect(second.kinshipKeys).toBe(0);
  const flags = (await listIrregularityFlags(await tenantContextOf(t, 'makassar'), { limit: 100 })).flags;
  const own = flags.filter((f) => f.kind === 'own_or_relative');
  // The demo citizen's Disdukcapil applications the demo verifier decided: the revision request, the two
  // birth-certificate approvals and the family-card rejection.
  expect(own).toHaveLength(4);
  expect(own.every((f) => f.detail.relation === 'self')).toBe(true);
  expect(second.flags).toBe(4);
  const third = await seedDemoOversight(systemContext(t.db.app, t.audit, 'seed'));
  expect(third).toEqual({ kinshipKeys: 0, flags: 0 });
});
