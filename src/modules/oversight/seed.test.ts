// The oversight demo seed on a real database, after the identity and applications seeds, all on one
// clock (a Wednesday, 12:00 in Makassar, so the cases' deadline is the end of that working day): the
// scan at its end raises a flag of every kind the demo seeds — the demo verifier's own applications,
// the night burst, the case far faster than its peers, the reassignments before the deadline — each
// with its evidence in the audit chain; a second run adds nothing. A rule that stops firing on the
// demo's cases fails here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { tenantContextOf } from '../../../test/auth.js';
import { systemContext } from '../../platform/context.js';
import { createLocalFileStore } from '../../platform/files/index.js';
import { seedDemoApplications } from '../applications/index.js';
import { demoCitizenEmail, findCitizenId, seedDemoIdentity } from '../identity/index.js';
import { localMidnight, seedDemoOversight } from './seed.js';
import { getIrregularityFlag, listIrregularityFlags } from './service.js';

const NOW = new Date('2026-03-04T04:00:00Z'); // Wednesday 4 March 2026, 12:00 WITA
const now = () => NOW;
let t: TestApp;
let dir: string;
const seedCtx = () => ({ ...systemContext(t.db.app, t.audit, 'seed'), audit: t.audit, publicBaseUrl: 'http://localhost', now });
const runSeed = () => seedDemoOversight(seedCtx(), { files: createLocalFileStore(dir), flush: () => t.audit.flush(t.db.app) });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-ovs-seed-'));
  t = await createTestApp({}, {}, { now });
  await seedDemoIdentity({ ...systemContext(t.db.owner, t.audit, 'seed'), audit: t.audit, now });
  await seedDemoApplications(seedCtx(), { files: createLocalFileStore(dir) });
}, 240_000);
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('local midnight of an instant in a zone', () => {
  expect(localMidnight(NOW, 'Asia/Makassar').toISOString()).toBe('2026-03-03T16:00:00.000Z');
  expect(localMidnight(new Date('2026-03-03T16:00:00Z'), 'Asia/Makassar').toISOString()).toBe('2026-03-03T16:00:00.000Z');
  expect(localMidnight(new Date('2026-03-03T15:59:59Z'), 'Asia/Jakarta').toISOString()).toBe('2026-03-02T17:00:00.000Z');
});

it('raises a flag of every seeded kind, each with its audit evidence; a second run adds nothing', { timeout: 240_000 }, async () => {
  const first = await runSeed();
  expect(first).toMatchObject({ kinshipKeys: 1, applications: 10 });
  const ctx = { ...(await tenantContextOf(t, 'makassar')), now };
  const flags = (await listIrregularityFlags(ctx, { limit: 100 })).flags;
  const kinds = (kind: string) => flags.filter((f) => f.kind === kind);
  expect(first.flags).toBe(flags.length);

  // The demo citizen's Disdukcapil applications the demo verifier decided: the revision request, the
  // two birth-certificate approvals and the family-card rejection.
  expect(kinds('own_or_relative')).toHaveLength(4);
  expect(kinds('own_or_relative').every((f) => f.detail.relation === 'self')).toBe(true);

  // The ninth application, rejected thirty seconds after it came in; its eight peers took 12 to 19 minutes.
  const outliers = kinds('peer_outlier');
  expect(outliers).toHaveLength(1);
  expect(outliers[0]!.detail).toMatchObject({ which: 'fast', durationMs: 30_000, peers: 8 });

  // The eight peers' rejections and the fast one, between 00:17 and 00:32 WITA, by one officer.
  const bursts = kinds('after_hours_burst');
  expect(bursts).toHaveLength(1);
  expect(bursts[0]!.evidenceSeqs).toHaveLength(9);
  expect(bursts[0]!.officer?.id).toBe(outliers[0]!.officer?.id);

  const moved = kinds('reassigned_near_deadline');
  expect(moved).toHaveLength(1);
  expect(moved[0]!.evidenceSeqs).toHaveLength(2);

  // Not seeded: a payment of a different amount needs the gateway's notification to a running server.
  expect(kinds('payment_amount')).toEqual([]);

  // The cases are the Jawa Tengah demo citizen's; Makassar's keeps the applications the applications seed gave them.
  const caseCitizen = await findCitizenId(ctx, { identifier: demoCitizenEmail('jateng') });
  for (const f of [...outliers, ...moved]) expect((await getIrregularityFlag(ctx, f.id)).evidence.some((e) => e.actorKind === 'officer')).toBe(true);

  // Every flag's evidence is there in the tenant's audit chain, entry for entry.
  for (const f of flags) {
    const detail = await getIrregularityFlag(ctx, f.id);
    expect(detail.evidence.map((e) => e.seq)).toEqual(f.evidenceSeqs);
    expect(detail.evidence.every((e) => /^[0-9a-f]{64}$/.test(e.chainHash))).toBe(true);
  }
  const submitted = await t.db.owner.selectFrom('audit_log').select('seq').where('action', '=', 'application.submitted').where('actor', '=', `citizen:${caseCitizen}`).execute();
  expect(submitted).toHaveLength(10);

  const second = await runSeed();
  expect(second).toEqual({ kinshipKeys: 0, applications: 0, flags: 0 });
  expect((await listIrregularityFlags(ctx, { limit: 100 })).flags).toHaveLength(flags.length);
});
