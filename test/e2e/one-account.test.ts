// One account for the installation, in real Chromium at 360 px with axe-core: the demo citizen of
// Makassar signs in once, files a complaint with the city, then starts an application with the
// province (Jawa Tengah) without signing in again — her profile, entered once, fills the form there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetVerifyApproveIssue } from '../../src/modules/applications/workflow/index.js';
import { DEMO_PASSWORD, demoCitizenEmail } from '../../src/modules/identity/index.js';
import { testForm } from '../application-pages.js';
import { publishWithSetup } from '../applications.js';
import { tenantIdOf } from '../auth.js';
import { seedTestComplaints } from '../complaints.js';
import { chromiumMissing } from './browser.js';
import { type Journey, startJourney } from './identity-journey.js';

describe.skipIf(chromiumMissing)('one account for every government on the installation', { timeout: 300_000 }, () => {
  let j: Journey;

  beforeAll(async () => {
    j = await startJourney();
    await j.seedDemoAccounts();
    await seedTestComplaints(j.t);
    await publishWithSetup(j.t, { slug: 'jateng', agency: 'dpmptsp', code: 'nib', workflow: presetVerifyApproveIssue(), form: testForm });
  });
  afterAll(() => j?.close());

  it('signs in once in Makassar, files a complaint there, and starts an application with the province', async () => {
    const context = await j.browser.newContext({ viewport: { width: 360, height: 780 } });
    const page = await context.newPage();
    const noOverflow = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await page.goto(`${j.base}/t/makassar/masuk`);
    await j.axeClean(page);
    await page.fill('#f-identifier', demoCitizenEmail('makassar'));
    await page.fill('#f-password', DEMO_PASSWORD);
    await page.click('main button[type=submit]');
    await page.waitForURL((url) => !url.pathname.endsWith('/masuk'));

    // The city: a complaint, as the signed-in citizen (no proof of work asked of her).
    await page.goto(`${j.base}/t/makassar/pengaduan/baru`);
    await j.axeClean(page);
    await noOverflow();
    expect(await page.locator('altcha-widget').count()).toBe(0);
    await page.fill('#f-title', 'Antrean puskesmas terlalu lama');
    await page.selectOption('#f-categoryCode', 'layanan_kesehatan');
    await page.fill('#f-description', 'Sudah tiga kali saya menunggu lebih dari empat jam di puskesmas.');
    await page.click('main button[type=submit]');
    await page.waitForURL((url) => !url.pathname.endsWith('/pengaduan/baru'));
    await j.axeClean(page);
    const makassar = await tenantIdOf(j.t, 'makassar');
    const jateng = await tenantIdOf(j.t, 'jateng');
    const complaint = await j.t.db.owner.selectFrom('complaints').select(['tenant_id', 'reporter_citizen_id']).where('title', '=', 'Antrean puskesmas terlalu lama').executeTakeFirstOrThrow();
    expect(complaint.tenant_id).toBe(makassar);

    // The province, same browser, no second sign-in: the header greets her as signed in.
    await page.goto(`${j.base}/t/jateng/layanan/dpmptsp/nib`);
    await j.axeClean(page);
    await noOverflow();
    expect(await page.locator('header').innerText()).toContain('Keluar');
    await page.click('.channels a.button');
    await page.waitForURL(/\/t\/jateng\/permohonan\/ajukan\/[0-9a-f-]{36}$/);
    await j.axeClean(page);
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/t\/jateng\/.*\/isian\/pemohon$/);
    await j.axeClean(page);
    await noOverflow();
    // Her profile, entered once at the city, fills the province's form.
    expect(await page.inputValue('#f-nik')).toBe('7371014101900001');
    const draft = await j.t.db.owner.selectFrom('application_drafts').select(['tenant_id', 'citizen_id']).where('tenant_id', '=', jateng).executeTakeFirstOrThrow();
    expect(draft.citizen_id).toBe(complaint.reporter_citizen_id);
    const links = await j.t.db.owner.selectFrom('citizen_tenants').select('tenant_id').where('citizen_id', '=', draft.citizen_id).execute();
    expect(links.map((l) => l.tenant_id).sort()).toEqual([makassar, jateng].sort());
    await context.close();
  });
});
