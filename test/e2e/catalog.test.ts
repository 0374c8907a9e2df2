import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/modules/identity/index.js';
import { COMPONENTS } from '../../src/modules/catalog/index.js';
import type { TestApp } from '../app.js';
import { signInAs } from '../auth.js';
import { type BrowserApp, startBrowserApp } from './browser-app.js';
import { axeAnalyze, chromiumMissing } from './browser.js';

const axe = async (page: Page) =>
  (await axeAnalyze(page)).violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );

describe.skipIf(chromiumMissing)('service catalogue in real Chromium', () => {
  let started: BrowserApp | undefined;
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    started = await startBrowserApp();
    ({ t, browser, base } = started);
  });
  afterAll(() => started?.close());

  it('a person on a phone finds a service from everyday words and reads its standard', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    await page.goto(`${base}/t/makassar/`);
    await page.getByLabel('Cari layanan').fill('bikin akte lahir anak');
    await page.getByRole('button', { name: 'Cari' }).click();
    await page.waitForURL(/\/layanan\/cari\?q=/);
    expect(await axe(page)).toEqual([]);
    const first = page.locator('.card-list .card h3 a').first();
    expect(await first.textContent()).toBe('Penerbitan Akta Kelahiran');
    await first.click();
    await page.waitForURL(/\/layanan\/disdukcapil\/akta-kelahiran$/);
    expect(await page.locator('h1').textContent()).toBe('Penerbitan Akta Kelahiran');
    // The six delivery components come first: requirements as a checklist, numbered steps, time, fee.
    const headings = await page.locator('.component h3').allTextContents();
    expect(headings).toEqual([
      'Persyaratan',
      'Sistem, mekanisme dan prosedur',
      'Jangka waktu pelayanan',
      'Biaya/tarif',
      'Produk pelayanan',
      'Penanganan pengaduan, saran dan masukan',
    ]);
    expect(await page.locator('.checklist li').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('ol.procedure li').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('#komponen-biaya .figure').textContent()).toBe('Gratis');
    // No link to an application form that does not exist yet: the page says how to apply today.
    expect(await page.locator('a[href*="/permohonan/"]').count()).toBe(0);
    const channels = await page.locator('.channels').textContent();
    expect(channels).toContain('Jl. Ahmad Yani');
    expect(channels).toContain('Permohonan belum dapat diajukan melalui Gerbang');
    // Nothing overflows the phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axe(page)).toEqual([]);

    await page.getByRole('link', { name: 'Pengelolaan' }).click();
    await page.waitForURL(/tab=pengelolaan/);
    expect(await page.locator('.component h3').count()).toBe(8);
    expect(await axe(page)).toEqual([]);

    // In English, and browsing by life event lists services in order.
    await page.goto(`${base}/t/makassar/layanan/peristiwa/kelahiran?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Having a baby');
    expect(await page.locator('ol.steps .card h3').allTextContents()).toEqual([
      'Birth certificate',
      'Family card (KK)',
      'Child identity card (KIA)',
    ]);
    expect(await axe(page)).toEqual([]);
    await page.goto(`${base}/t/makassar/layanan`);
    expect(await axe(page)).toEqual([]);
    await context.close();
  });

  it('an agency admin creates, publishes and revises a service (the pages have no client JavaScript)', async () => {
    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'disdukcapil' }] });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addCookies([{ name: SESSION_COOKIE, value: admin.token, url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}/t/makassar/kelola/layanan`);
    expect(await page.locator('.flag-warning').count()).toBeGreaterThanOrEqual(1); // the overdue demo review
    expect(await axe(page)).toEqual([]);
    await page.getByRole('link', { name: 'Buat layanan baru' }).click();
    await page.getByLabel('Kode layanan').fill('legalisir-akta');
    await page.getByLabel('Nama layanan (Bahasa Indonesia)').fill('Legalisir akta pencatatan sipil');
    await page.getByRole('button', { name: 'Buat draf' }).click();
    await page.waitForURL(/\/kelola\/layanan\/[0-9a-f-]{36}$/);

    // Publishing an incomplete standard is refused with errors beside the fields; the draft is kept.
    await page.getByLabel('Biaya dalam rupiah (0 = Gratis)').fill('-500');
    await page.getByRole('button', { name: 'Simpan dan terbitkan' }).click();
    expect(await page.locator('.error-summary').count()).toBe(1);
    expect(await page.locator('#e-fee').textContent()).toContain('bilangan bulat');
    expect(await axe(page)).toEqual([]);

    await page.getByLabel('Biaya dalam rupiah (0 = Gratis)').fill('0');
    await page.getByLabel('Jangka waktu (hari kerja)').fill('1');
    await page.getByLabel('Ringkasan (Bahasa Indonesia)').fill('Legalisir fotokopi akta kelahiran, kematian dan perkawinan.');
    // Saved, but the standard still lacks components: the draft is kept, the page says it was saved and
    // why it was not published, on a page a reload only reloads.
    await page.getByRole('button', { name: 'Simpan dan terbitkan' }).click();
    await page.waitForURL(/\/kelola\/layanan\/[0-9a-f-]{36}\?ok=saved$/);
    expect(await page.locator('.notice').textContent()).toBe('Draf tersimpan.');
    expect(await page.locator('.error-summary a[href="#f-comp_persyaratan_id"]').textContent()).toMatch(/^Persyaratan: /);
    expect(await page.getByLabel('Biaya dalam rupiah (0 = Gratis)').inputValue()).toBe('0');
    expect(await page.getByLabel('Ringkasan (Bahasa Indonesia)').inputValue()).toBe('Legalisir fotokopi akta kelahiran, kematian dan perkawinan.');
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axe(page)).toEqual([]);
    await page.reload();
    expect(await page.locator('.notice').textContent()).toBe('Draf tersimpan.');
    expect(await page.locator('.error-summary').count()).toBe(0);
    await page.getByLabel('Nama tempat layanan').fill('Mal Pelayanan Publik Kota Makassar');
    await page.getByLabel('Alamat tempat layanan').fill('Jl. Ahmad Yani No. 2, Makassar');
    await page.getByLabel('Jam layanan').fill('Senin–Jumat 08.00–15.00 WITA');
    await page.getByLabel('Nomor SK standar pelayanan').fill('470/KEP/DISDUKCAPIL/099/2026');
    await page.getByLabel('Tanggal SK (TTTT-BB-HH)').fill('2026-11-02');
    await page.getByLabel('Tanggal tinjau ulang (TTTT-BB-HH)').fill('2028-11-02');
    for (const key of COMPONENTS) {
      if (key === 'biaya' || key === 'jangka_waktu') continue;
      await page.locator(`#f-comp_${key}_id`).fill(key === 'persyaratan' ? 'Akta asli\nFotokopi akta' : `Isi komponen ${key}`);
    }
    await page.getByRole('button', { name: 'Simpan dan terbitkan' }).click();
    await page.waitForURL(/ok=published/);
    expect(await page.locator('.notice').textContent()).toBe('Diterbitkan sebagai versi 1.');

    // Revise: a fee, published as version 2 from today.
    await page.getByLabel('Biaya dalam rupiah (0 = Gratis)').fill('10.000');
    await page.getByRole('button', { name: 'Simpan dan terbitkan' }).click();
    await page.waitForURL(/ok=published/);
    expect(await page.locator('.notice').textContent()).toBe('Diterbitkan sebagai versi 2.');
    expect(await axe(page)).toEqual([]);

    await page.getByRole('link', { name: 'Lihat halaman publik' }).click();
    expect(await page.locator('h1').textContent()).toBe('Legalisir akta pencatatan sipil');
    expect(await page.locator('#komponen-biaya .figure').textContent()).toBe('Rp10.000');
    expect(await page.locator('.standard-meta').textContent()).toContain('Versi 2');
    await context.close();
  });

  // The fee rule (fee-rule-form.tsx): "by table" with an empty table is refused beside the field; the rows saved.
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
