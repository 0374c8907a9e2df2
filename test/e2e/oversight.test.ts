// Oversight in real Chromium at 360 px with JavaScript off, axe-core clean on every page, on the demo
// data `gerbang seed` gives (identity, applications, then oversight's cases and its scan, on one
// clock): the demo auditor signs in with password and TOTP, finds the irregularity flags from the
// officers' home page, opens the flag of the application decided far faster than its peers and reads
// its evidence in the audit chain, then the officers' figures; the demo tenant administrator opens
// the officers' kinship keys; another role gets the 403 page on each.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoApplications } from '../../src/modules/applications/index.js';
import { DEMO_PASSWORD, demoOfficerEmail, demoTotpCodes, seedDemoIdentity } from '../../src/modules/identity/index.js';
import { seedDemoOversight } from '../../src/modules/oversight/index.js';
import { systemContext } from '../../src/platform/context.js';
import { createLocalFileStore } from '../../src/platform/files/index.js';
import { signInAs } from '../auth.js';
import { chromiumMissing } from './browser.js';
import { phoneContexts } from './browser-contexts.js';
import { type Journey, startJourney } from './identity-journey.js';

// The next Wednesday after today, 12:00 in Makassar (04:00 UTC): the demo catalogue (seeded today) is in
// force, and the seed's cases (from 00:05 that day) are behind the clock. Fixed for the whole test.
const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
const NOW = new Date(today + ((3 - new Date(today).getUTCDay() + 7) % 7 || 7) * 86_400_000 + 4 * 3600_000);
const now = () => NOW;
const M = '/t/makassar';

describe.skipIf(chromiumMissing)('oversight in real Chromium', { timeout: 300_000 }, () => {
  let j: Journey;
  let phone: ReturnType<typeof phoneContexts>;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-ovs-e2e-'));
    j = await startJourney({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' }, { now });
    phone = phoneContexts(j);
    const seed = { ...systemContext(j.t.db.app, j.t.audit, 'seed'), audit: j.t.audit, publicBaseUrl: j.base, now };
    await seedDemoIdentity({ ...systemContext(j.t.db.owner, j.t.audit, 'seed'), audit: j.t.audit, now });
    await seedDemoApplications(seed, { files: createLocalFileStore(dir) });
    await seedDemoOversight(seed, { files: createLocalFileStore(dir), flush: () => j.t.audit.flush(j.t.db.app) });
  }, 240_000);
  afterAll(async () => {
    await j?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function check(page: Page) {
    await phone.axeClean(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }

  /** The demo officer signs in through the officers' sign-in page with the demo password and the TOTP code. */
  async function signInDemo(page: Page, email: string) {
    await page.goto(`${j.base}${M}/petugas/masuk`);
    await page.fill('#f-email', email);
    await page.fill('#f-password', DEMO_PASSWORD);
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/petugas\/kode/);
    const codes = await demoTotpCodes(j.t.db.owner, email, NOW);
    await page.fill('#f-code', codes.find((c) => c.tenant === 'makassar')!.code);
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/petugas$/);
  }

  it('the demo auditor reads the flags, a flag’s evidence and the officers’ figures; the kinship keys are the administrator’s', async () => {
    const context = await phone.contextFor(undefined, false);
    const page = await context.newPage();
    await signInDemo(page, demoOfficerEmail('makassar', 'auditor'));
    await page.click('a:has-text("Tanda ketidakwajaran")');
    await page.waitForURL(/\/kelola\/pengawasan$/);
    await check(page);
    const kinds = await page.locator('main table tbody a').allInnerTexts();
    for (const kind of ['Jauh lebih cepat atau lambat dari permohonan sejenis', 'Petugas memutus permohonan sendiri atau keluarganya', 'Keputusan beruntun di luar jam kerja', 'Berulang kali dialihkan menjelang tenggat']) {
      expect(kinds).toContain(kind);
    }

    await page.click('a:has-text("Jauh lebih cepat atau lambat dari permohonan sejenis")');
    await page.waitForURL(/\/kelola\/pengawasan\/[0-9a-f-]{36}$/);
    await check(page);
    expect(await page.locator('h1').innerText()).toBe('Tanda: Jauh lebih cepat atau lambat dari permohonan sejenis');
    // The evidence: the submission and the decision, each with its place and hashes in the chain.
    const evidence = page.locator('#ovs-evidence tbody tr');
    expect(await evidence.count()).toBe(2);
    expect(await evidence.allInnerTexts()).toEqual([expect.stringContaining('application.submitted'), expect.stringContaining('application.rejected_step')]);
    expect(await page.locator('#ovs-evidence').innerText()).toMatch(/[0-9a-f]{64}/);
    await page.click('.breadcrumb a');
    await page.waitForURL(/\/kelola\/pengawasan$/);

    await page.goto(`${j.base}${M}/kelola/kinerja`);
    await check(page);
    // This month's figures include the demo verifier who rejected the night's applications.
    expect(await page.locator('main table').first().innerText()).toContain('Demo verifier disdukcapil');
    // The kinship keys are the tenant administrator's: the auditor gets the 403 page.
    const refused = await page.goto(`${j.base}${M}/kelola/pengawasan/petugas`);
    expect(refused?.status()).toBe(403);
    await check(page);
    await context.close();

    const adminContext = await phone.contextFor(undefined, false);
    const admin = await adminContext.newPage();
    await signInDemo(admin, demoOfficerEmail('makassar', 'tenant_admin'));
    await admin.click('a:has-text("Data kekerabatan petugas")');
    await admin.waitForURL(/\/kelola\/pengawasan\/petugas$/);
    await check(admin);
    await adminContext.close();
  });

  it('another role gets the 403 page on the flags and the figures', async () => {
    const verifier = await signInAs(j.t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'disdukcapil' }] });
    const context = await phone.contextFor(verifier.cookie, false);
    const page = await context.newPage();
    for (const url of [`${M}/kelola/pengawasan`, `${M}/kelola/kinerja`]) {
      const res = await page.goto(`${j.base}${url}`);
      expect(res?.status()).toBe(403);
      expect(await page.locator('h1').innerText()).not.toBe('Tanda ketidakwajaran');
    }
    await check(page);
    await context.close();
  });
});
