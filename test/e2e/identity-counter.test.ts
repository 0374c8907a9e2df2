// Assisted digital in real Chromium, axe-core clean on every page: a demo verifier signs in (password +
// TOTP), registers a citizen at the counter (a mistake first), confirms with the code the citizen got
// and the documents checked, then acts on her behalf with recorded consent under the "Anda bertindak
// atas nama …" banner and ends it; later the citizen, signed in herself, sees all of it.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOfficerEmail } from '../../src/modules/identity/seed.js';
import { chromiumMissing } from './browser.js';
import { type Journey, startJourney } from './identity-journey.js';

describe.skipIf(chromiumMissing)('counter (assisted digital) journey in real Chromium', () => {
  let j: Journey;
  beforeAll(async () => {
    j = await startJourney();
    await j.seedDemoAccounts();
  });
  afterAll(() => j?.close());

  const fillPerson = async (page: Page, birthDate: string) => {
    await page.fill('#f-nik', '7371 0163 0798 0004');
    await page.fill('#f-name', 'Dewi Lestari');
    await page.fill('#f-birthDate', birthDate);
    await page.selectOption('#f-sex', 'P');
    await page.fill('#f-phone', '0813 9999 0000');
    await page.fill('#f-email', 'dewi.e2e@example.id');
    await page.fill('#f-regionCode', '73.71.01.1001');
    await page.fill('#f-password', 'layang layang di tanjung bayang');
  };

  it('registers at the counter, acts on her behalf with consent, ends; she sees it in her account', async () => {
    const context = await j.browser.newContext({ viewport: { width: 1024, height: 900 } });
    const page = await context.newPage();
    await j.signInDemoOfficer(page, 'makassar', demoOfficerEmail('makassar', 'verifier'));
    await j.axeClean(page);
    expect(await page.locator('a[href$="/petugas/admin"]').count()).toBe(0);
    await page.click('text=Layanan loket');
    await page.waitForURL(/\/petugas\/loket$/);
    await j.axeClean(page);

    await page.click('text=Daftarkan warga baru');
    await page.waitForURL(/\/petugas\/loket\/daftar$/);
    await j.axeClean(page);
    await fillPerson(page, '1998-07-24');
    await page.click('main form button[type=submit]');
    expect(await page.locator('#e-birthDate').innerText()).toContain('tidak sesuai dengan NIK');
    expect(await page.inputValue('#f-name')).toBe('Dewi Lestari');
    await j.axeClean(page);
    await page.fill('#f-birthDate', '1998-07-23');
    await page.fill('#f-password', 'layang layang di tanjung bayang');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/petugas\/loket\/daftar\/[0-9a-f-]{36}$/);
    await j.axeClean(page);
    const confirmUrl = page.url();

    const code = await j.fromMailbox(page, 'dewi.e2e@example.id', /\b(\d{6})\b/);
    await page.goto(confirmUrl);
    await page.fill('#f-code', code);
    await page.click('main form button[type=submit]');
    expect(await page.locator('#e-evidence').isVisible()).toBe(true);
    await j.axeClean(page);
    await page.fill('#f-code', code);
    await page.fill('#f-evidence', 'KTP-el asli diperiksa dan cocok dengan wajah warga.');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/petugas\/loket\?registered=1$/);
    expect(await page.locator('.notice').innerText()).toContain('terverifikasi tatap muka');
    await j.axeClean(page);

    await page.fill('#f-nik', '7371016307980004');
    await page.fill('#f-purpose', 'Mengisi permohonan izin usaha');
    await page.click('main form button[type=submit]');
    expect(await page.locator('#counter-citizen').innerText()).toContain('Dewi Lestari');
    await j.axeClean(page);
    const consent = await page.inputValue('#f-consent');
    expect(consent.length).toBeGreaterThan(10);
    await page.click('text=Mulai bertindak atas nama warga');
    await page.waitForURL(/\/akun$/);
    expect(await page.locator('#assist-banner').innerText()).toContain('Anda bertindak atas nama Dewi Lestari.');
    expect(await page.locator('dl').innerText()).toContain('Terverifikasi tatap muka');
    await j.axeClean(page);
    await page.goto(`${j.base}/t/makassar/akun/privasi`);
    expect(await page.locator('#assist-banner').isVisible()).toBe(true);
    await j.axeClean(page);

    await page.click('text=Akhiri bantuan');
    await page.waitForURL(/\/petugas\/masuk$/);
    await context.close();

    // Later, at home: she signs in herself and sees who registered her and who acted for her.
    const own = await j.browser.newContext({ viewport: { width: 390, height: 844 } });
    const home = await own.newPage();
    await home.goto(`${j.base}/t/makassar/masuk`);
    await home.fill('#f-identifier', 'dewi.e2e@example.id');
    await home.fill('#f-password', 'layang layang di tanjung bayang');
    await home.click('main form button[type=submit]');
    await home.waitForURL(/\/akun$/);
    expect(await home.locator('#assist-banner').count()).toBe(0);
    await home.goto(`${j.base}/t/makassar/akun/privasi`);
    const log = await home.locator('#assistance-log').innerText();
    expect(log).toContain('Petugas bertindak atas nama Anda');
    expect(log).toContain('Mengisi permohonan izin usaha');
    expect(log).toContain(consent);
    expect(log).toContain('Petugas mendaftarkan akun Anda');
    expect(await home.locator('table').first().innerText()).toContain('Mengisi permohonan izin usaha');
    await j.axeClean(home);
    await own.close();
  }, 120_000); // one long journey (two browser contexts, axe on each page)
});
