// The agency admin's form builder and workflow editor in real Chromium at 360 px, axe-core clean on
// every page: the demo agency administrator (the licensing agency's, signed in with password and TOTP)
// builds the form of "Izin Usaha Mikro dan Kecil" with JavaScript off — a file upload and a tick, each
// mapped to a requirement of the standard — previews it, starts the workflow from a preset, checks and
// publishes the service version from the catalogue; a citizen then applies from the service page's
// "Ajukan permohonan" with that form. With JavaScript on, the builder's island moves a field without
// leaving the page.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOfficerEmail, SESSION_COOKIE } from '../../src/modules/identity/index.js';
import { citizenWithProfile } from '../applications.js';
import { chromiumMissing } from './browser.js';
import { type Journey, startJourney } from './identity-journey.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const NIB = 'Nomor Induk Berusaha (NIB) dari OSS';
const STATEMENT = 'Pernyataan mandiri pemenuhan standar usaha';

describe.skipIf(chromiumMissing)('the form builder and workflow editor in real Chromium', { timeout: 300_000 }, () => {
  let j: Journey;
  let admin: Page;
  let builderUrl = '';

  beforeAll(async () => {
    j = await startJourney();
    await j.seedDemoAccounts();
  });
  afterAll(() => j?.close());

  /** axe-core runs as a script: a page without JavaScript is checked as a copy of its HTML in a page with it. */
  async function axeClean(page: Page, javaScript = false) {
    return javaScript ? j.axeClean(page) : j.axeCleanCopy(page);
  }

  async function contextFor(browser: Browser, javaScriptEnabled: boolean, cookie?: string): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 360, height: 780 }, javaScriptEnabled });
    if (cookie) await context.addCookies([{ name: SESSION_COOKIE, value: cookie.split('=')[1]!, url: j.base }]);
    return context;
  }

  /**
   * The demo agency administrator, signed in through the sign-in pages (password and TOTP) in a page
   * with JavaScript (the sign-in helper checks each page with axe, a script); the session then moves
   * to a context without JavaScript when `javaScript` is false.
   */
  async function signedInAdmin(javaScript: boolean): Promise<Page> {
    const context = await contextFor(j.browser, true);
    const page = await context.newPage();
    await j.signInDemoOfficer(page, 'makassar', demoOfficerEmail('makassar', 'agency_admin'));
    if (javaScript) return page;
    const plain = await contextFor(j.browser, false);
    await plain.addCookies(await context.cookies());
    await context.close();
    const next = await plain.newPage();
    await next.goto(`${j.base}/t/makassar/petugas`);
    return next;
  }

  /** Nothing wider than the 360 px screen. */
  async function fits(page: Page) {
    const wide = await page.evaluate(() =>
      Array.from(document.querySelectorAll('main *'))
        .filter((e) => e.getBoundingClientRect().right > 361)
        .map((e) => `${e.tagName} ${Math.round(e.getBoundingClientRect().left)}-${Math.round(e.getBoundingClientRect().right)} ${e.outerHTML.slice(0, 120)}`)
        .slice(0, 5),
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth), wide.join(' ')).toBeLessThanOrEqual(360);
  }

  it('builds a form with JavaScript off: a file upload and a tick, each mapped to a requirement', async () => {
    admin = await signedInAdmin(false);
    await admin.click('text=Formulir dan alur layanan');
    await admin.waitForURL(/\/kelola\/permohonan$/);
    await axeClean(admin);
    await admin.click('text=Izin Usaha Mikro dan Kecil (IUMK) dan sertifikat standar');
    await admin.waitForURL(/\/kelola\/permohonan\/[0-9a-f-]{36}\/formulir$/);
    builderUrl = admin.url();
    expect(await admin.locator('#requirements').innerText()).toContain('belum ada isian');
    await axeClean(admin);
    await fits(admin);

    // A mistake first: the summary, the message beside the field, and everything typed kept.
    await admin.fill('#f-label_id', 'Dokumen NIB');
    await admin.fill('#f-id', 'NIB');
    await admin.selectOption('#f-type', 'file');
    await admin.selectOption('#f-requirement', NIB);
    await admin.selectOption('#f-group', '__baru');
    await admin.fill('#f-new_group_id', 'dokumen');
    await admin.fill('#f-new_group_title_id', 'Dokumen usaha');
    await admin.click('button[data-builder=add]');
    expect(await admin.locator('.error-summary').innerText()).toContain('Kode hanya boleh huruf kecil');
    expect(await admin.inputValue('#f-label_id')).toBe('Dokumen NIB');
    await axeClean(admin);
    await admin.fill('#f-id', 'nib');
    await admin.click('button[data-builder=add]');
    await admin.waitForURL(/formulir\?ok=saved/);
    expect(await admin.locator('#f-field-nib').innerText()).toContain('Dokumen NIB');

    // The second field on the full page, with every setting.
    await admin.goto(`${builderUrl}/isian/baru`);
    await axeClean(admin);
    await fits(admin);
    await admin.fill('#f-label_id', 'Saya memenuhi standar usaha');
    await admin.fill('#f-label_en', 'I meet the business standard');
    await admin.fill('#f-id', 'pernyataan');
    await admin.selectOption('#f-type', 'checkbox');
    await admin.selectOption('#f-requirement', STATEMENT);
    await admin.selectOption('#f-group', 'dokumen');
    await admin.click('main button[type=submit]');
    await admin.waitForURL(/formulir\?ok=saved/);
    expect(await admin.locator('#requirements').innerText()).not.toContain('belum ada isian');
    await axeClean(admin);

    await admin.click('#f-group-dokumen >> text=Ubah kelompok');
    await admin.waitForURL(/\/kelompok\/dokumen$/);
    await axeClean(admin);
    await fits(admin);
    await admin.click('nav.tabs >> text=Pratinjau');
    expect(await admin.locator('#preview-banner').innerText()).toContain('Pratinjau');
    expect(await admin.locator('input[type=file]').isDisabled()).toBe(true);
    await axeClean(admin);
    await fits(admin);
  });

  it('builds the workflow from a preset and edits a step', async () => {
    await admin.click('nav.tabs >> text=Alur kerja');
    await axeClean(admin);
    await admin.check('#f-preset-verify_approve_issue');
    await admin.click('main button[type=submit]');
    await admin.waitForURL(/\/alur\?ok=workflow/);
    expect(await admin.locator('.workflow-steps').innerText()).toMatch(/Disetujui → /);
    await axeClean(admin);
    await fits(admin);
    await admin.click('#f-step-verify >> text=Ubah langkah');
    await axeClean(admin);
    await admin.fill('#f-name_id', 'Verifikasi dokumen usaha');
    await admin.click('main button[type=submit]');
    await admin.waitForURL(/\/alur\?ok=workflow/);
    expect(await admin.locator('#f-step-verify').innerText()).toContain('Verifikasi dokumen usaha');
  });

  it('checks, then publishes the service version from the catalogue', async () => {
    await admin.click('nav.tabs >> text=Periksa');
    expect(await admin.locator('#check-result').innerText()).toContain('siap terbit');
    await axeClean(admin);
    await admin.click('text=Ke halaman layanan untuk menerbitkan');
    await admin.waitForURL(/\/kelola\/layanan\/[0-9a-f-]{36}$/);
    await admin.click('button[value=publish]');
    await admin.waitForURL(/ok=published/);
    expect(await admin.locator('.notice').innerText()).toMatch(/versi/i);
  });

  it('lets a citizen apply with that form from the service page', async () => {
    const citizen = await citizenWithProfile(j.t, 'makassar', { birthDate: '1988-02-03' });
    const page = await (await contextFor(j.browser, false, citizen.cookie)).newPage();
    await page.goto(`${j.base}/t/makassar/layanan/dpmptsp/izin-usaha-mikro`);
    expect(await page.locator('.channels a.button').getAttribute('href')).toMatch(/\/permohonan\/ajukan\//);
    expect(await page.locator('.channels a.button').innerText()).toContain('Ajukan permohonan');
    await page.click('.channels a.button');
    await page.waitForURL(/\/permohonan\/ajukan\/[0-9a-f-]{36}$/);
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/isian\/dokumen$/);
    expect(await page.locator('main').innerText()).toContain('Dokumen usaha');
    await axeClean(page);
    await page.setInputFiles('#f-nib', { name: 'nib.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.check('#f-pernyataan');
    await page.click('button[name=_next]');
    await page.waitForURL(/\/periksa$/);
    expect(await page.locator('main').innerText()).toContain('nib.pdf');
    await page.click('text=Kirim permohonan');
    await page.waitForURL(/\/permohonan\/[0-9a-f-]{36}\?terkirim=1$/);
  });

  it('with JavaScript on, the island moves a field without leaving the page', async () => {
    const page = await signedInAdmin(true);
    await page.goto(builderUrl);
    await page.evaluate(() => Object.assign(window, { stayed: true }));
    const order = () => page.locator('.builder-fields > li').evaluateAll((items) => items.map((li) => li.getAttribute('data-field')));
    expect(await order()).toEqual(['nib', 'pernyataan']);
    await page.click('#f-field-nib button[value="turun:field:nib"]');
    await page.waitForFunction(() => document.querySelector('.builder-fields > li')?.getAttribute('data-field') === 'pernyataan');
    expect(await order()).toEqual(['pernyataan', 'nib']);
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    // The field is now last: focus stays on it, on its other move button.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('value'))).toBe('naik:field:nib');
    await axeClean(page, true);
  });
});
