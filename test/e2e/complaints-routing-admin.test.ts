// Complaint routing administration in real Chromium, axe-core clean on every page: the demo
// coordinator signs in (password + TOTP), opens the routing model page, queues a retraining, adds an
// agency service area (a bad GeoJSON first: the error beside the field, the typed text kept; then the
// boundary drawn on the map), sees it listed and drawn, renames it on the edit page (where pasted
// GeoJSON is drawn), and deletes it after confirming. No CSP violation on the way.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOfficerEmail } from '../../src/modules/identity/seed.js';
import { MAKASSAR_TEST_AREA } from '../complaints.js';
import { chromiumMissing } from './browser.js';
import { type Journey, startJourney } from './identity-journey.js';

const AREA = JSON.stringify(MAKASSAR_TEST_AREA);

// One journey in steps (each waits for what the page shows and has its own budget), sharing a page.
describe.skipIf(chromiumMissing)('complaint routing administration in real Chromium', () => {
  let j: Journey;
  let context: BrowserContext;
  let page: Page;
  let T: string;
  const violations: string[] = [];
  beforeAll(async () => {
    j = await startJourney();
    await j.seedDemoAccounts();
    T = `${j.base}/t/makassar`;
    context = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    // No network here: the map works (and is tested) without its tiles.
    await page.route('https://tile.openstreetmap.org/**', (route) => route.abort());
  });
  afterAll(async () => {
    await context?.close();
    await j?.close();
  });

  it('queues a retraining from the routing model page', async () => {
    await j.signInDemoOfficer(page, 'makassar', demoOfficerEmail('makassar', 'complaint_coordinator'));
    await page.goto(`${T}/petugas/pengaduan/model-rute`);
    await j.axeClean(page);
    await page.click('text=Latih ulang sekarang');
    await page.waitForURL(/model-rute/);
    expect(await page.locator('main').innerText()).toMatch(/masuk antrean|sudah ada di antrean/);
    await j.axeClean(page);
  });

  it('adds a service area: a bad boundary is refused with the typed text kept, then one drawn on the map is saved', async () => {
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

    // The boundary drawn on the map (leaflet-geoman): four corners, then the first one again to
    // close it; the island writes the polygon into the textarea, which the form sends.
    await page.waitForSelector('#area-map[data-ready]');
    await page.locator('#area-map').scrollIntoViewIfNeeded();
    await page.click('#area-map .leaflet-pm-icon-polygon');
    const box = (await page.locator('#area-map').boundingBox())!;
    const corners = [
      [0.4, 0.4],
      [0.6, 0.4],
      [0.6, 0.6],
      [0.4, 0.6],
      [0.4, 0.4],
    ] as const;
    for (const [x, y] of corners) await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
    await page.waitForSelector('#area-map[data-polygons="1"]');
    const drawn = JSON.parse(await page.inputValue('#f-area')) as { type: string; coordinates: [number, number][][] };
    expect(drawn.type).toBe('Polygon');
    expect(drawn.coordinates[0]).toHaveLength(5);
    expect(drawn.coordinates[0]![0]).toEqual(drawn.coordinates[0]![4]);
    expect(await page.locator('#area-map-status').innerText()).toBe('Poligon di peta: 1');
    await j.axeClean(page);
    await page.click('main form button[type=submit]');
    await page.waitForURL(/wilayah-layanan/);
    expect(await page.locator('table').innerText()).toContain('Kecamatan Tamalanrea');
    expect(await page.locator('table').innerText()).toContain('1 poligon');
    // The saved area shows in grey on the add form's map, for context.
    await page.waitForSelector('#area-map[data-context="1"]');
    await j.axeClean(page);
  });

  it('renames the area on its edit page, where pasted GeoJSON is drawn', async () => {
    // Edit: the form comes filled with the area, drawn on the map; a boundary pasted into the
    // textarea is drawn too; the new name shows in the list.
    await page.click('table >> text=Ubah');
    await page.waitForURL(/\/ubah$/);
    expect(await page.inputValue('#f-name')).toBe('Kecamatan Tamalanrea');
    expect(await page.inputValue('#f-area')).toContain('"Polygon"');
    await page.waitForSelector('#area-map[data-ready][data-polygons="1"][data-context="0"]');
    await j.axeClean(page);
    await page.fill('#f-area', AREA);
    await page.locator('#f-area').dispatchEvent('change');
    const bounds = await page.locator('#area-map .leaflet-overlay-pane path').count();
    expect(bounds).toBe(1);
    await page.fill('#f-name', 'Kecamatan Tamalanrea Raya');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/ok=updated/);
    expect(await page.locator('main').innerText()).toContain('Wilayah layanan diperbarui.');
    expect(await page.locator('table').innerText()).toContain('Kecamatan Tamalanrea Raya');
    await j.axeClean(page);
  });

  it('deletes the area after a confirmation, with no CSP violation on the way', async () => {
    await page.click('table >> text=Hapus');
    await page.waitForURL(/\/hapus$/);
    await j.axeClean(page);
    await page.click('text=Ya, hapus');
    await page.waitForURL(/wilayah-layanan/);
    expect(await page.locator('main').innerText()).not.toContain('Kecamatan Tamalanrea');
    await j.axeClean(page);
    expect(violations).toEqual([]);
  });
});
