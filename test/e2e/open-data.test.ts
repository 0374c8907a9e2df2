// Open data in real Chromium at 360 px with JavaScript off, axe-core clean on every page: the public
// finds the portal from the tenant's home, searches, filters by publisher, opens a dataset with its
// metadata, resources and versions and downloads it; an agency administrator describes a new dataset
// (refused beside its fields first), uploads a CSV with bad lines (each listed, nothing published),
// then a clean one, which is version 1 on the public page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoOpenData } from '../../src/modules/open-data/index.js';
import { systemContext } from '../../src/platform/context.js';
import { signInAs } from '../auth.js';
import { chromiumMissing } from './browser.js';
import { phoneContexts } from './browser-contexts.js';
import { type Journey, startJourney } from './identity-journey.js';

// A day after the demo catalogue was seeded (its standards are in force), fixed for the whole test.
const NOW = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + 86_400_000 + 2 * 3600_000);

describe.skipIf(chromiumMissing)('open data in real Chromium', { timeout: 300_000 }, () => {
  let j: Journey;
  let phone: ReturnType<typeof phoneContexts>;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-od-e2e-'));
    j = await startJourney({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' }, { now: () => NOW });
    phone = phoneContexts(j);
    await seedDemoOpenData({ ...systemContext(j.t.db.app, j.t.audit, 'seed'), now: () => NOW }, { minCount: 5 });
  });
  afterAll(async () => {
    await j?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function fitsPhone(page: Page) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }

  it('lets the public find, search, filter, open and download datasets', async () => {
    const context = await phone.contextFor(undefined, false);
    const page = await context.newPage();
    await page.goto(`${j.base}/t/makassar`);
    await page.click('a[href="/t/makassar/data"]');
    await page.waitForURL(/\/data$/);
    expect(await page.locator('main .card h2').allInnerTexts()).toEqual(expect.arrayContaining(['Layanan publik dan standar pelayanannya', 'Izin usaha yang terbit per kecamatan, 2025']));
    await phone.axeClean(page);
    await fitsPhone(page);

    await page.fill('#f-q', 'izin usaha');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/q=izin/);
    expect(await page.locator('main .card h2').allInnerTexts()).toEqual(['Izin usaha yang terbit per kecamatan, 2025']);
    await page.goto(`${j.base}/t/makassar/data`);
    await page.selectOption('#f-penerbit', 'dpmptsp');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/penerbit=dpmptsp/);
    expect(await page.locator('main .card h2').allInnerTexts()).toEqual(['Izin usaha yang terbit per kecamatan, 2025']);

    await page.click('a:has-text("Izin usaha yang terbit per kecamatan, 2025")');
    await page.waitForURL(/\/data\/izin-usaha-terbit-per-kecamatan$/);
    const facts = await page.locator('dl.facts').innerText();
    expect(facts).toContain('Open Data Commons Open Database License');
    expect(facts).toContain('Tahunan');
    const csvHref = await page.locator('a:has-text("Unduh CSV (versi 1)")').first().getAttribute('href');
    const csv = await j.t.app.inject({ url: csvHref! });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n')[0]).toBe('kecamatan,nama_kecamatan,nib_terbit,izin_usaha_terbit');
    expect(await page.locator('main table tbody tr').count()).toBe(1);
    await phone.axeClean(page);
    await fitsPhone(page);
    await context.close();
  });

  it('lets an agency administrator describe a dataset and publish a clean CSV after a refused one', async () => {
    const admin = await signInAs(j.t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dpmptsp' }] });
    const context = await phone.contextFor(admin.cookie, false);
    const page = await context.newPage();
    await page.goto(`${j.base}/t/makassar/petugas`);
    await page.click('a[href="/t/makassar/kelola/data"]');
    await page.waitForURL(/\/kelola\/data$/);
    expect(await page.locator('main').innerText()).toContain('Izin usaha yang terbit per kecamatan, 2025');
    await phone.axeClean(page);
    await fitsPhone(page);

    await page.click('a:has-text("Set data baru")');
    await page.fill('#f-name', 'Pasar Tradisional');
    await page.click('main button[type=submit]');
    const summary = await page.locator('.error-summary').innerText();
    expect(summary).toContain('Nama pendek 2–100 karakter');
    expect(summary).toContain('Isi judul');
    expect(await page.inputValue('#f-name')).toBe('Pasar Tradisional');
    await phone.axeClean(page);
    await fitsPhone(page);

    await page.fill('#f-name', 'pasar-tradisional');
    await page.fill('#f-title', 'Pasar tradisional per kecamatan');
    await page.fill('#f-description', 'Jumlah pasar tradisional dan pedagangnya per kecamatan.');
    await page.fill('#f-columns', 'kecamatan:region\njumlah_pasar:integer\npedagang:integer');
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/kelola\/data\/[0-9a-f-]{36}\?dibuat=1$/);
    await phone.axeClean(page);

    const bad = path.join(dir, 'pasar-salah.csv');
    fs.writeFileSync(bad, 'kecamatan,jumlah_pasar,pedagang\n73.71.01,3,120\n73.71.02,tiga,80\n');
    await page.setInputFiles('#f-file', bad);
    await page.click('button:has-text("Periksa dan terbitkan")');
    expect(await page.locator('#upload-lines').innerText()).toContain('Baris 3, kolom jumlah_pasar: "tiga" bukan bilangan bulat.');
    await phone.axeClean(page);
    await fitsPhone(page);

    const good = path.join(dir, 'pasar.csv');
    fs.writeFileSync(good, 'kecamatan,jumlah_pasar,pedagang\n73.71.01,3,120\n73.71.02,2,80\n');
    await page.setInputFiles('#f-file', good);
    await page.click('button:has-text("Periksa dan terbitkan")');
    await page.waitForURL(/versi=1$/);
    expect(await page.locator('#upload-done').innerText()).toContain('Versi 1 sudah diterbitkan');
    await page.click('a:has-text("Lihat halaman publik")');
    await page.waitForURL(/\/data\/pasar-tradisional$/);
    expect(await page.locator('main table tbody tr').count()).toBe(1);
    await phone.axeClean(page);
    await context.close();
  });
});
