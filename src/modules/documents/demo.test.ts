// The demo documents on a real database: the demo citizen of each demo tenant with agencies holds a
// valid document and a revoked one, signed with the development key, whose verification URLs the
// start banner prints; a second run (every restart) issues and revokes nothing more.
import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { documentTestDeps, type IssueDeps } from '../../../test/documents.js';
import { systemContext } from '../../platform/context.js';
import { seedDemoIdentity } from '../identity/index.js';
import { seedDemoDocuments } from './index.js';

let t: TestApp;
let dir: string;
let deps: IssueDeps;
beforeAll(async () => {
  ({ dir, deps } = documentTestDeps());
  t = await createTestApp({ FILES_DIR: dir });
  await seedDemoIdentity({ ...systemContext(t.db.owner, t.audit, 'seed'), audit: t.audit });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('issues the demo citizen a valid and a revoked document, through the services, once', { timeout: 120_000 }, async () => {
  const run = () => seedDemoDocuments({ ...systemContext(t.db.app, t.audit, 'seed'), publicBaseUrl: 'http://localhost:3000' }, deps);
  const first = await run();
  const makassar = first.filter((d) => d.tenant === 'makassar');
  expect(makassar.map((d) => d.state)).toEqual(['valid', 'revoked']);
  for (const d of makassar) {
    expect(d.url).toMatch(/^http:\/\/localhost:3000\/t\/makassar\/verify\/[a-z2-7]{26}$/);
    const code = d.url.split('/').pop()!;
    const res = await t.app.inject({ url: `/api/v1/documents/verify/${code}?tenant=makassar` });
    expect(res.json()).toMatchObject({ number: d.number, status: d.state });
    if (d.state === 'revoked') expect(res.json().revoked.reason).toContain('Contoh demo');
  }
  // A province without agencies issues nothing.
  expect(first.some((d) => d.tenant === 'sulsel')).toBe(false);

  const audited = async () => (await t.db.owner.selectFrom('audit_pending').select(['action']).where('action', 'in', ['documents.issued', 'documents.revoked']).execute()).length;
  const before = await audited();
  const again = await run();
  expect(again).toEqual(first);
  expect(await audited()).toBe(before);
});
