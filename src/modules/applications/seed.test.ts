// The demo seed on a real database: every demo service gets a form and a workflow and is published,
// every demo agency a demo officer for every workflow role, the demo citizen applications in every
// state reachable from today; a second run adds nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { seedDemoIdentity } from '../identity/index.js';
import { systemContext } from '../../platform/context.js';
import { createLocalFileStore } from '../../platform/files/index.js';
import { seedDemoApplications } from './index.js';

let t: TestApp;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-app-seed-'));
  t = await createTestApp();
  await seedDemoIdentity({ ...systemContext(t.db.owner, t.audit, 'seed'), audit: t.audit });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('gives every demo service a form and a workflow, every agency its officers, the demo citizen applications in every state', { timeout: 240_000 }, async () => {
  const run = (db = t.db.app) => seedDemoApplications({ ...systemContext(db, t.audit, 'seed'), audit: t.audit, publicBaseUrl: 'http://localhost' }, { files: createLocalFileStore(dir) });
  const first = await run();
  const services = await sql<{ n: number }>`SELECT count(*)::int AS n FROM catalog_services`.execute(t.db.owner);
  expect(first.services).toBe(services.rows[0]!.n);
  expect(first.officers.map((o) => o.login)).toContain('verifier.disdukcapil@makassar.demo.gerbang.id');
  const states = await sql<{ status: string; outcome: string | null; n: number }>`
    SELECT status, outcome, count(*)::int AS n FROM applications GROUP BY status, outcome ORDER BY status, outcome`.execute(t.db.owner);
  expect(states.rows.map((r) => `${r.status}:${r.outcome ?? '-'}`)).toEqual(
    expect.arrayContaining(['in_progress:-', 'with_applicant:-', 'closed:issued', 'closed:rejected', 'closed:withdrawn']),
  );
  expect(first.applications).toBe(8); // Makassar's citizen (the province has no birth certificate, family card or PBG)
  // Seeded once: a second run (every restart of a development server) finds the demo citizen's
  // applications and reads no officer and no service's set-up of that tenant, yet lists the same officers.
  let queries = 0;
  const counted = t.db.app.withPlugin({
    transformQuery: (args) => (queries++, args.node),
    transformResult: async (args) => args.result,
  });
  const again = await run(counted);
  expect({ services: again.services, applications: again.applications }).toEqual({ services: 0, applications: 0 });
  expect(again.officers).toEqual(first.officers);
  // 453 statements when every run walked every demo officer and service; Makassar's part is now one
  // look-up. Jawa Tengah's demo citizen gets no application (none of its services is one the demo
  // applies to), so its set-up is still walked: 219.
  expect(queries).toBeLessThan(300);
});
