// The public list of information in real Chromium at 360 px with JavaScript off, axe-core clean on
// every page: the public finds the demo list by class with its overdue report flagged, filters by
// agency, opens an item with its document and an exempt one whose documents are withheld; the PPID
// is refused an incomplete item beside its fields, adds one, attaches a PDF, marks it updated and
// retires it, seeing its history.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoInformationList } from '../../src/modules/information-list/index.js';
import { systemContext } from '../../src/platform/context.js';
import { createLocalFileStore } from '../../src/platform/files/index.js';
import { pdf, runFileScans } from '../applications.js';
import { signInAs } from '../auth.js';
import { chromiumMissing } from './browser.js';
import { phoneContexts } from './browser-contexts.js';
import { type Journey, startJourney } from './identity-journey.js';

const NOW = new Date('2026-11-02T03:00:00Z');

describe.skipIf(chromiumMissing)('public information list in real Chromium', { timeout: 300_000 }, () => {
  let j: Journey;
  let phone: ReturnType<typeof phoneContexts>;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-dip-e2e-'));
    j = await startJourney({ RATE_LIMIT_WRITES_PER_MINUTE: '100000', FILES_DIR: dir }, { now: () => NOW });
    phone = phoneContexts(j);
    await seedDemoInformationList({ ...systemContext(j.t.db.app, j.t.audit, 'seed'), now: () => NOW }, { files: createLocalFileStore(dir) });
    await runFileScans(j.t, dir);
  });
  afterAll(() => j?.close());

  async function fitsPhone(page: Page) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }

  it('shows the list by class with the overdue report flagged, filters by agency, opens items', async () => {
    const context = await phone.contextFor(undefined, false);
    const page = await context.newPage();
    await page.goto(`${j.base}/t/makassar`);
    await page.click(`a[href="/t/makassar/dip"]`);
    await page.waitForURL(/\/dip$/);
    for (const heading of ['Informasi berkala', 'Informasi serta-merta', 'Informasi tersedia setiap saat', 'Informasi yang dikecualikan']) {
      expect(await page.locator('main h2', { hasText: heading }).count()).toBe(1);
    }
    expect(await page.locator('#kelas-berkala [data-overdue="true"]').count()).toBe(1);
    expect(await page.locator('#kelas-berkala .card.overdue').innerText()).toContain('Laporan kinerja instansi pemerintah');
    await phone.axeClean(page);
    await fitsPhone(page);

    await page.selectOption('#f-instansi', 'dpmptsp');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/instansi=dpmptsp/);
    expect(await page.locator('#kelas-serta_merta').innerText()).toContain('Belum ada informasi');

    await page.click('a:has-text("Laporan realisasi anggaran semester I tahun 2026")');
    await page.waitForURL(/\/dip\/[0-9a-f-]{36}$/);
    const link = page.locator('#dip-documents a');
    expect(await link.innerText()).toContain('Laporan realisasi anggaran semester I 2026.pdf');
    const download = await j.t.app.inject({ url: (await link.getAttribute('href'))! });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    await phone.axeClean(page);
    await fitsPhone(page);

    await page.goto(`${j.base}/t/makassar/dip?kelas=dikecualikan`);
    await page.click('#kelas-dikecualikan h3 a');
    expect(await page.locator('main').innerText()).toContain('UU 14/2008 Pasal 17 huruf b');
    await phone.axeClean(page);
    await context.close();
  });

  it('lets the PPID add, attach to, mark updated and retire an item without JavaScript', async () => {
    const ppid = await signInAs(j.t, 'makassar', { kind: 'officer', grants: [{ role: 'ppid', agency: 'dpmptsp' }] });
    const context = await phone.contextFor(ppid.cookie, false);
    const page = await context.newPage();
    await page.goto(`${j.base}/t/makassar/petugas`);
    await page.click('a[href="/t/makassar/petugas/dip"]');
    await page.waitForURL(/\/petugas\/dip$/);
    expect(await page.locator('tr[data-overdue="true"]').count()).toBe(1);
    await phone.axeClean(page);
    await fitsPhone(page);

    await page.click('a:has-text("Tambah informasi")');
    await page.check('#f-class-dikecualikan');
    await page.fill('#f-title', 'Hasil evaluasi penawaran tender gedung');
    await page.click('main button[type=submit]');
    expect(await page.locator('.error-summary').innerText()).toContain('dasar hukum');
    expect(await page.inputValue('#f-title')).toBe('Hasil evaluasi penawaran tender gedung');
    await phone.axeClean(page);
    await fitsPhone(page);

    await page.check('#f-class-berkala');
    await page.fill('#f-summary', 'Ringkasan hasil evaluasi penawaran per peserta.');
    await page.fill('#f-official', 'Kepala Bagian Pengadaan');
    await page.fill('#f-periodFormat', 'Setiap semester; PDF');
    await page.fill('#f-retention', '5 tahun');
    await page.click('main button[type=submit]');
    await page.waitForURL(/\?tersimpan=1$/);
    expect(await page.locator('#dip-saved').innerText()).toContain('Perubahan tersimpan');
    await phone.axeClean(page);
    await fitsPhone(page);

    const file = path.join(dir, 'hasil-evaluasi.pdf');
    fs.writeFileSync(file, pdf(3000));
    await page.setInputFiles('#f-file', file);
    await page.click('button:has-text("Unggah dan lampirkan")');
    await page.waitForURL(/\?tersimpan=1$/);
    expect(await page.locator('#dip-documents').innerText()).toContain('hasil-evaluasi.pdf');

    await page.click('button:has-text("Tandai sudah diperbarui")');
    await page.waitForURL(/\?tersimpan=1$/);
    await page.fill('#f-reason', 'Tender dibatalkan');
    await page.click('button:has-text("Cabut informasi")');
    await page.waitForURL(/\?tersimpan=1$/);
    expect(await page.locator('#dip-retired').innerText()).toContain('Tender dibatalkan');
    const history = await page.locator('#dip-history').innerText();
    for (const step of ['Dibuat', 'Dokumen dilampirkan', 'Ditandai sudah diperbarui', 'Dicabut']) expect(history).toContain(step);
    await phone.axeClean(page);
    await fitsPhone(page);
    await context.close();
  });
});
