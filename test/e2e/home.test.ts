import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserApp, startBrowserApp } from './browser-app.js';
import { axeAnalyze, chromiumMissing } from './browser.js';

describe.skipIf(chromiumMissing)('home page in real Chromium', () => {
  let started: BrowserApp | undefined;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    started = await startBrowserApp();
    ({ browser, base } = started);
  });
  afterAll(() => started?.close());

  it('lists the agencies, switches language, and has no axe violations in either language', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${base}/t/makassar/`);
    await expect(page.locator('h1')).toBeDefined();
    expect(await page.locator('h1').textContent()).toBe('Layanan publik Pemerintah Kota Makassar');
    expect(await page.locator('.card').count()).toBeGreaterThanOrEqual(6);
    expect(await page.getAttribute('html', 'lang')).toBe('id');

    const axeId = await axeAnalyze(page);
    expect(axeId.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').textContent()).toBe('Public services of Makassar City Government');

    // The choice is remembered: the next page without ?lang= stays English.
    await page.goto(`${base}/t/makassar/`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    const axeEn = await axeAnalyze(page);
    expect(axeEn.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    // The skip link is the first thing the keyboard reaches and it moves focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await context.close();
  });

  it('chooses a government at 360 px: grouped by province, searched with a GET form, the home region highlighted; axe-clean', async () => {
    // A plain GET form: the HTTP test (hierarchy.test.ts) shows it needs no JavaScript; axe needs it here.
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${base}/?wilayah=73.71.01.1001`);
    expect(await page.locator('h1').textContent()).toBe('Pilih pemerintah daerah');
    expect(await page.locator('#tenant-yours a').textContent()).toBe('Pemerintah Kota Makassar');
    expect(await page.locator('section:has(#tenant-sulsel) li a[aria-current="true"]').textContent()).toBe('Pemerintah Kota Makassar');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const axe = await axeAnalyze(page);
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await page.getByLabel('Cari nama wilayah').fill('jawa tengah');
    await page.getByRole('button', { name: 'Cari' }).click();
    await page.waitForURL(/q=jawa\+tengah/);
    expect(await page.locator('h2 a').allTextContents()).toEqual(['Pemerintah Provinsi Jawa Tengah']);
    await page.getByRole('link', { name: 'Pemerintah Provinsi Jawa Tengah' }).click();
    await page.waitForURL(/\/t\/jateng\/$/);

    // A city's home links to its province, which lists the city.
    await page.goto(`${base}/t/makassar/`);
    await page.locator('#tenant-parent a').click();
    await page.waitForURL(/\/t\/sulsel\/$/);
    expect(await page.locator('#tenant-children a').allTextContents()).toEqual(['Pemerintah Kota Makassar']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const axeProvince = await axeAnalyze(page);
    expect(axeProvince.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await context.close();
  });

  it('renders the tenant chooser and an HTML 404 page without violations', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/`);
    expect(await page.locator('h2 a').count()).toBe(2);
    const res = await page.goto(`${base}/t/makassar/tidak-ada`);
    expect(res?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Halaman tidak ditemukan');
    const axe = await axeAnalyze(page, { allRules: true });
    expect(axe.violations.map((v) => v.id)).toEqual([]);

    // The development mailbox (where one-time codes land during development) is accessible too.
    const mailbox = await page.goto(`${base}/dev/mailbox`);
    expect(mailbox?.status()).toBe(200);
    const axeMailbox = await axeAnalyze(page, { allRules: true });
    expect(axeMailbox.violations.map((v) => v.id)).toEqual([]);
    await context.close();
  });
  it('the accessibility check itself finds what is wrong: WCAG A/AA by default, best practices with every rule', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.setContent('<html lang="id"><head><title>Uji</title></head><body><img src="x.png"><input type="text"></body></html>');
    const wcag = (await axeAnalyze(page)).violations.map((v) => v.id);
    expect(wcag).toEqual(expect.arrayContaining(['image-alt', 'label']));
    expect(wcag).not.toContain('page-has-heading-one');
    // The second check of the same document uses the axe already in it.
    expect((await axeAnalyze(page, { allRules: true })).violations.map((v) => v.id)).toEqual(expect.arrayContaining(['image-alt', 'label', 'page-has-heading-one', 'region']));
    // A page carrying an element whose id is "axe" (window.axe) still gets axe-core put in.
    const named = await context.newPage();
    await named.setContent('<html lang="id"><head><title>Uji</title></head><body><main id="axe"><h1>Uji</h1><img src="x.png"></main></body></html>');
    expect((await axeAnalyze(named)).violations.map((v) => v.id)).toEqual(['image-alt']);
    await context.close();
  });
});
