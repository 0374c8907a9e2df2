// The fee rule on the service edit page, in real Chromium on a 360 px phone (the page sends no script: plain
// form posts, axe is injected by the test): an agency admin picks "by table", is told beside the field that the table is empty, writes the rows and saves;
// every page axe-clean and nothing wider than the screen.
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/modules/identity/index.js';
import type { TestApp } from '../app.js';
import { signInAs } from '../auth.js';
import { type BrowserApp, startBrowserApp } from './browser-app.js';
import { chromiumMissing } from './browser.js';

const axe = async (page: Page) =>
  (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );

describe.skipIf(chromiumMissing)('the fee rule on the service edit page, in real Chromium', () => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    started = await startBrowserApp();
    ({ t, browser, base } = started);
  });
  afterAll(() => started?.close());

  it('an agency admin sets a fee by table on a phone', async () => {
    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dpmptsp' }] });
    const services = (await t.app.inject({ url: '/t/makassar/api/v1/admin/services', headers: { cookie: admin.cookie } })).json().items as { id: string; code: string }[];
    const service = services.find((s) => s.code === 'pbg')!;
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    await context.addCookies([{ name: SESSION_COOKIE, value: admin.token, url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}/t/makassar/kelola/layanan/${service.id}`);
    expect(await axe(page)).toEqual([]);

    await page.getByLabel('Menurut tabel: pilihan pemohon menentukan baris tabel').check();
    await page.getByLabel('Kode isian formulir permohonan yang menentukan biaya').fill('kelas');
    await page.getByRole('button', { name: 'Simpan draf' }).click();
    expect(await page.locator('.error-summary a[href="#f-fee_rows"]').textContent()).toContain('Tabel biaya kosong');
    expect(await page.locator('#e-fee_rows').textContent()).toBe('Tabel biaya kosong: tulis satu baris untuk setiap pilihan.');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axe(page)).toEqual([]);

    await page.getByLabel('Tabel biaya').fill('rumah | Rumah tinggal | House | 100.000\nusaha | Bangunan usaha | Business | 250.000');
    await page.getByRole('button', { name: 'Simpan draf' }).click();
    await page.waitForURL(/\?ok=saved$/);
    expect(await page.locator('.notice').textContent()).toBe('Draf tersimpan.');
    expect(await page.getByLabel('Menurut tabel: pilihan pemohon menentukan baris tabel').isChecked()).toBe(true);
    expect(await page.getByLabel('Tabel biaya').inputValue()).toBe('rumah | Rumah tinggal | House | 100000\nusaha | Bangunan usaha | Business | 250000');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axe(page)).toEqual([]);
    await context.close();
  });
});
