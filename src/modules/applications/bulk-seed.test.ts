// The bulk seed (`gerbang seed applications`) on a real database: the applications it writes are
// ones the officers' queue lists (by deadline, overdue among them) and an officer can open, through
// the API and the page; a second run with the same count adds nothing, a larger count only the rest.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applicationTestContext, publishWithSetup } from '../../../test/applications.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { signInAs } from '../../../test/auth.js';
import { seedBulkApplications } from './index.js';
import { presetVerifyApproveIssue } from './workflow/index.js';

let t: TestApp;
let verifier: string;
const M = '/t/makassar';

beforeAll(async () => {
  t = await createTestApp();
  await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyApproveIssue() });
  verifier = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'disdukcapil' }] })).cookie;
});
afterAll(async () => {
  await t?.close();
});

it('seeds open applications the queue lists and an officer opens; counts what is there on the next run', { timeout: 120_000 }, async () => {
  const ctx = await applicationTestContext(t, 'makassar', { kind: 'system', id: 'seed' });
  const first = await seedBulkApplications(ctx, { count: 40 });
  expect(first).toMatchObject({ existing: 0, added: 40, services: 1 });

  const queue = await t.app.inject({ url: `${M}/api/v1/work-queue?scope=agency&limit=100`, headers: { cookie: verifier } });
  expect(queue.statusCode, queue.body).toBe(200);
  const items = queue.json().items as { applicationId: string; dueAt: string; stepId: string; status: string }[];
  expect(items).toHaveLength(40);
  expect(items.every((i) => i.stepId === 'verify' && i.status === 'in_progress' && i.dueAt)).toBe(true);
  const dues = items.map((i) => Date.parse(i.dueAt));
  expect(dues).toEqual([...dues].sort((a, b) => a - b));
  // Submitted over the last 20 days: the oldest are past their verification's deadline.
  const overdue = await t.app.inject({ url: `${M}/api/v1/work-queue?scope=agency&due=overdue&limit=100`, headers: { cookie: verifier } });
  expect(overdue.json().items.length).toBeGreaterThan(0);
  expect(overdue.json().items.length).toBeLessThan(40);
  // Exactly the steps past their deadline (the filter bounds the queue's sort expression).
  const now = Date.now();
  expect(overdue.json().items.map((i: { applicationId: string }) => i.applicationId).sort()).toEqual(items.filter((i) => Date.parse(i.dueAt) <= now).map((i) => i.applicationId).sort());

  const id = items[0]!.applicationId;
  const opened = await t.app.inject({ url: `${M}/api/v1/applications/${id}`, headers: { cookie: verifier } });
  expect(opened.statusCode, opened.body).toBe(200);
  expect(opened.json()).toMatchObject({ id, trackingNumber: expect.stringMatching(/^PMH-/) });
  const page = await t.app.inject({ url: `${M}/petugas/permohonan/${id}`, headers: { cookie: verifier, accept: 'text/html' } });
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain(opened.json().trackingNumber);

  expect(await seedBulkApplications(ctx, { count: 40 })).toMatchObject({ existing: 40, added: 0 });
  expect(await seedBulkApplications(ctx, { count: 45 })).toMatchObject({ existing: 40, added: 5 });
});
