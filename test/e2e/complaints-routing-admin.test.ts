// Complaint routing administration in real Chromium, axe-core clean on every page: the demo
// coordinator signs in (password + TOTP), opens the routing model page, queues a retraining, adds an
// agency service area (a bad GeoJSON first: the error beside the field, the typed text kept), sees it
// listed, renames it on the edit page, and deletes it after confirming.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOfficerEmail } from '../../src/modules/identity/seed.js';
import { MAKASSAR_TEST_AREA } from '../complaints.js';
import { chromiumMissing } from './browser.js';
import { type Journey, startJourney } from './identity-journey.js';

const AREA = JSON.stringify(MAKASSAR_TEST_AREA);

describe.skipIf(chromiumMissing)('complaint routing administration in real Chromium', () => {
  let j: Journey;
  beforeAll(async () => {
    j = await startJourney();
    await j.seedDemoAccounts();
  });
  afterAll(() => j?.close());

  it('retrain now, then a service area added (after a mistake) and deleted', async () => {
    const T = `${j.base}/t/makassar`;
    const context = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await j.signInDemoOfficer(page, 'makassar', demoOfficerEmail('makassar', 'complaint_coordinator'));
    await page.goto(`${T}/petugas/pengaduan/model-rute`);
    await j.axeClean(page);
    await page.click('text=Latih ulang sekarang');
    await page.waitForURL(/model-rute/);
    expect(await page.locator('main').innerText()).toMatch(/masuk antrean|sudah ada di antrean/);
    await j.axeClean(page);

    await page.click('main >> text=Wilayah layanan instansi');
    await page.waitForURL(/\/petugas\/pengaduan\/wilayah-layanan$/);
    await j.axeClean(page);
    await page.fill('#f-name', 'Kecamatan Tamalanrea');
    await page.fill('#f-area', '{"type": "Polygon", "coordinates": [[1, 2]]}');
    await page.click('main form button[type=submit]');
    expect(await page.locator('#e-area').isVisible()).toBe(true);
    expect(await page.inputValue('#f-name')).toBe('Kecamatan Tamalanrea');
    expect(await page.inputValue('#f-area')).toContain('"Polygon"');
    await j.axeClean(page);

    await page.fill('#f-area', AREA);
    await page.click('main form button[type=submit]');
    await page.waitForURL(/wilayah-layanan/);
    expect(await page.locator('table').innerText()).toContain('Kecamatan Tamalanrea');
    await j.axeClean(page);

    // Edit: the form comes filled with the area; the new name shows in the list.
    await page.click('table >> text=Ubah');
    await page.waitForURL(/\/ubah$/);
    expect(await page.inputValue('#f-name')).toBe('Kecamatan Tamalanrea');
    expect(await page.inputValue('#f-area')).toContain('"Polygon"');
    await j.axeClean(page);
    await page.fill('#f-name', 'Kecamatan Tamalanrea Raya');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/ok=updated/);
    expect(await page.locator('main').innerText()).toContain('Wilayah layanan diperbarui.');
    expect(await page.locator('table').innerText()).toContain('Kecamatan Tamalanrea Raya');
    await j.axeClean(page);

    await page.click('table >> text=Hapus');
    await page.waitForURL(/\/hapus$/);
    await j.axeClean(page);
    await page.click('text=Ya, hapus');
    await page.waitForURL(/wilayah-layanan/);
    expect(await page.locator('main').innerText()).not.toContain('Kecamatan Tamalanrea');
    await j.axeClean(page);
    await context.close();
  });
});
