// A personal-data correction in real Chromium at 360 px, axe-core clean on every page: the citizen
// asks on /akun/privasi for their name to be corrected (a bad e-mail first, refused beside its field), the PPID approves it on /petugas/permintaan-data, the job carries it out,
// and the citizen sees it carried out and their corrected name. The forms are plain POSTs (no script).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/modules/identity/index.js';
import { citizenWithProfile } from '../applications.js';
import { signInAs } from '../auth.js';
import { runDataRequestJobs } from '../data-requests.js';
import { chromiumMissing } from './browser.js';
import { type Journey, startJourney } from './identity-journey.js';

describe.skipIf(chromiumMissing)('personal-data rights in real Chromium', () => {
  let j: Journey;
  beforeAll(async () => {
    j = await startJourney();
  });
  afterAll(() => j?.close());

  const pageAs = async (cookie: string) => {
    const context = await j.browser.newContext({ viewport: { width: 360, height: 800 } });
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie.split('=')[1]!, url: j.base }]);
    const page = await context.newPage();
    // A step that cannot happen says which, well within the test's budget.
    page.setDefaultTimeout(20_000);
    return page;
  };

  it('a correction requested, approved and carried out, seen by the citizen', async () => {
    const citizen = await citizenWithProfile(j.t, 'makassar');
    const ppid = await signInAs(j.t, 'makassar', { kind: 'officer', grants: [{ role: 'ppid' }] });
    const page = await pageAs(citizen.cookie);
    await page.goto(`${j.base}/t/makassar/akun/privasi`);
    await j.axeClean(page);
    await page.selectOption('#f-kind', 'correction');
    await page.fill('#f-details', 'Nama saya salah ketik saat mendaftar.');
    await page.selectOption('#f-correctionField', 'email');
    await page.fill('#f-correctionValue', 'bukan-email');
    await page.click('form[action$="/akun/privasi/permintaan"] button[type=submit]');
    expect(await page.locator('#e-correctionValue').innerText()).toContain('e-mail');
    await j.axeClean(page);
    await page.selectOption('#f-correctionField', 'name');
    await page.fill('#f-correctionValue', 'Siti Rahmawati Benar');
    await page.click('form[action$="/akun/privasi/permintaan"] button[type=submit]');
    await page.waitForURL(/\/akun\/privasi$/);
    expect(await page.locator('table[aria-labelledby=requests]').innerText()).toContain('Diterima');

    const officer = await pageAs(ppid.cookie);
    await officer.goto(`${j.base}/t/makassar/petugas/permintaan-data`);
    expect(await officer.locator('#data-requests').innerText()).toContain('Siti Rahmawati Benar');
    await j.axeClean(officer);
    await officer.click('#data-requests > li:first-child button[value=done]');
    await officer.waitForURL(/\/petugas\/permintaan-data$/);
    expect(await runDataRequestJobs(j.t)).toBe(1);
    await officer.reload();
    expect(await officer.locator('#data-requests > li:first-child').innerText()).toContain('Dilaksanakan');
    await j.axeClean(officer);

    await page.reload();
    expect(await page.locator('table[aria-labelledby=requests]').innerText()).toContain('Dilaksanakan');
    await j.axeClean(page);
    await page.goto(`${j.base}/t/makassar/akun`);
    expect(await page.locator('main').innerText()).toContain('Siti Rahmawati Benar');
  });
});
