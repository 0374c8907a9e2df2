// The complaint form's location picker in real Chromium on a phone-sized screen (390×844), tiles
// blocked (the machine is offline, the map works without them): an anonymous reporter taps the map,
// the coordinates are filled and stored with the report; typed coordinates move the pin; "Hapus
// titik" empties the fields; the browser's position fills them ("Gunakan lokasi saya"), a refused
// permission says so on the page; a form sent back with an error shows the pin where it was; the
// island makes no request but tiles; no CSP violation; axe clean; without JavaScript nothing changes.
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveServiceArea } from '../../src/modules/complaints/index.js';
import { listTenants } from '../../src/modules/tenancy/index.js';
import { createTestApp, type TestApp } from '../app.js';
import { complaintTestContext, MAKASSAR_TEST_AREA, seedTestComplaints } from '../complaints.js';
import { axeAnalyze, chromiumMissing, launchBrowser } from './browser.js';

const TILES = 'https://tile.openstreetmap.org/';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } satisfies BrowserContextOptions;

async function axe(page: Page) {
  const result = await axeAnalyze(page);
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Every CSP violation the page reports, from the console and from `securitypolicyviolation` events. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/content security policy/i.test(m.text())) seen.push(m.text());
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return async () => [...seen, ...(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp))];
}

const decimals = (s: string) => (s.split('.')[1] ?? '').length;

describe.skipIf(chromiumMissing)('complaint form: location picker', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedTestComplaints(t);
    // A service area makes Makassar's map open on it instead of on all of Indonesia.
    const makassar = (await listTenants(t.db.app)).find((x) => x.slug === 'makassar')!;
    await saveServiceArea({ ...complaintTestContext(t), tenant: makassar }, { name: 'Kecamatan Uji', agencyCode: 'dinsos', area: MAKASSAR_TEST_AREA });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function openForm(options: BrowserContextOptions = {}) {
    const context = await browser.newContext({ ...PHONE, ...options });
    const page = await context.newPage();
    const csp = await watchCsp(page);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.route(`${TILES}**`, (route) => route.abort());
    await page.goto(`${base}/t/makassar/pengaduan/baru`, { waitUntil: 'networkidle' });
    const beforeScrolling = [...requests];
    await showMap(page);
    return { context, page, csp, requests, beforeScrolling };
  }

  /** The map is fetched when the location fieldset comes near the screen. */
  async function showMap(page: Page) {
    await page.locator('fieldset:has(#location-picker)').scrollIntoViewIfNeeded();
    await page.locator('#location-map.leaflet-container').waitFor();
  }

  /** The pin's centre in the map's own coordinates (the page may have scrolled in between). */
  const pinInMap = async (page: Page) => {
    const [pin, map] = [(await page.locator('.location-pin').boundingBox())!, (await page.locator('#location-map').boundingBox())!];
    return { x: pin.x + pin.width / 2 - map.x, y: pin.y + pin.height / 2 - map.y };
  };

  it('a tap places the pin and fills the fields; typing moves it; "Hapus titik" clears; the report stores the point', async () => {
    const { context, page, csp, requests, beforeScrolling } = await openForm();
    // Leaflet is not part of the page's first load (the citizen page budget), only of the scroll.
    expect(beforeScrolling.filter((u) => u.includes('/static/build/location-picker'))).toEqual([`${base}/static/build/location-picker.js`]);
    expect(requests).toContain(`${base}/static/build/location-picker-map.js`);
    expect(await page.locator('#location-picker').isVisible()).toBe(true);
    expect(await axe(page)).toEqual([]);
    const loaded = requests.length;

    const map = page.locator('#location-map');
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    // The map opened on the service area (-5.2…-5.1, 119.4…119.5): its centre is inside it.
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
    const lat1 = await page.inputValue('#f-latitude');
    const lon1 = await page.inputValue('#f-longitude');
    expect(Number(lat1)).toBeGreaterThan(-5.2);
    expect(Number(lat1)).toBeLessThan(-5.1);
    expect(Number(lon1)).toBeGreaterThan(119.4);
    expect(Number(lon1)).toBeLessThan(119.5);
    expect(decimals(lat1)).toBeLessThanOrEqual(6);
    expect(decimals(lon1)).toBeLessThanOrEqual(6);
    expect(await page.locator('.location-pin').count()).toBe(1);
    expect(await page.locator('.location-status').textContent()).toBe('Titik ditaruh; garis lintang dan bujur sudah diisi.');
    const at1 = await pinInMap(page);
    expect(Math.abs(at1.x - box.width / 2)).toBeLessThan(2);
    expect(Math.abs(at1.y - box.height / 2)).toBeLessThan(2);

    // A second tap moves the same pin.
    await map.click({ position: { x: box.width / 4, y: box.height / 3 } });
    expect(await page.locator('.location-pin').count()).toBe(1);
    expect(await page.inputValue('#f-latitude')).not.toBe(lat1);
    expect(Number(await page.inputValue('#f-latitude'))).toBeGreaterThan(Number(lat1)); // higher on the screen: further north

    // Typing the first point again puts the pin back there.
    await page.fill('#f-latitude', lat1);
    await page.fill('#f-longitude', lon1);
    const back = await pinInMap(page);
    expect(Math.abs(back.x - at1.x)).toBeLessThan(2);
    expect(Math.abs(back.y - at1.y)).toBeLessThan(2);

    // Dragging the pin fills the fields with where it was dropped.
    await map.scrollIntoViewIfNeeded();
    const pinBox = (await page.locator('.location-pin').boundingBox())!;
    const [px, py] = [pinBox.x + pinBox.width / 2, pinBox.y + pinBox.height / 2];
    await page.mouse.move(px, py);
    await page.mouse.down();
    await page.mouse.move(px + 30, py + 40, { steps: 5 });
    await page.mouse.up();
    expect(Number(await page.inputValue('#f-longitude'))).toBeGreaterThan(Number(lon1)); // right: further east
    expect(Number(await page.inputValue('#f-latitude'))).toBeLessThan(Number(lat1)); // down: further south

    await page.getByRole('button', { name: 'Hapus titik' }).click();
    expect(await page.inputValue('#f-latitude')).toBe('');
    expect(await page.inputValue('#f-longitude')).toBe('');
    expect(await page.locator('.location-pin').count()).toBe(0);
    expect(await page.locator('.location-status').textContent()).toBe('Titik dihapus; garis lintang dan bujur dikosongkan.');

    // The report: one tap, the rest of the form, the proof of work, sent.
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
    const lat = await page.inputValue('#f-latitude');
    const lon = await page.inputValue('#f-longitude');
    expect(lat).not.toBe('');
    // Everything the page asked for since it loaded was a tile: the picker sends nothing anywhere.
    expect(requests.slice(loaded).filter((u) => !u.startsWith(TILES))).toEqual([]);
    // And before: the page's own files (same origin) and tiles.
    expect(requests.some((u) => u.startsWith(TILES))).toBe(true);
    expect(requests.filter((u) => !u.startsWith(TILES) && !u.startsWith(`${base}/`))).toEqual([]);

    await page.fill('#f-title', 'Lubang di jalan depan pasar');
    await page.fill('#f-description', 'Lubang besar di jalan depan pasar, berbahaya bagi pengendara motor.');
    await page.check('#f-privacy-anonim');
    await page.getByText('Saya bukan robot').click();
    await expect.poll(() => page.locator('input[name="altcha"]').inputValue(), { timeout: 30_000 }).not.toBe('');
    await page.click('button[type=submit]');
    await page.waitForSelector('.big-code');
    const number = (await page.locator('.big-code').first().textContent())!;
    const stored = await t.db.owner.selectFrom('complaints').select(['latitude', 'longitude']).where('tracking_number', '=', number).executeTakeFirstOrThrow();
    expect(stored).toEqual({ latitude: Number(lat), longitude: Number(lon) });
    expect(await csp()).toEqual([]);
    await context.close();
  }, 90_000);

  it('"Gunakan lokasi saya" fills the fields from the browser position (permission granted)', async () => {
    const { context, page, csp, requests } = await openForm({
      permissions: ['geolocation'],
      geolocation: { latitude: -5.147712, longitude: 119.432731, accuracy: 12 },
    });
    const loaded = requests.length;
    await page.getByRole('button', { name: 'Gunakan lokasi saya' }).click();
    await expect.poll(() => page.inputValue('#f-latitude')).toBe('-5.147712');
    expect(await page.inputValue('#f-longitude')).toBe('119.432731');
    expect(await page.locator('.location-pin').count()).toBe(1);
    expect(await page.locator('.location-status').textContent()).toBe('Lokasi Anda ditandai (ketepatan sekitar 12 m). Periksa titiknya dan geser bila perlu.');
    expect(await page.locator('.location-status.is-error').count()).toBe(0);
    expect(requests.slice(loaded).filter((u) => !u.startsWith(TILES))).toEqual([]);
    expect(await axe(page)).toEqual([]);
    expect(await csp()).toEqual([]);
    await context.close();
  });

  it('a refused permission is said on the page (in English too), the fields stay empty', async () => {
    for (const [lang, message] of [
      ['id', 'Izin lokasi ditolak.'],
      ['en', 'Location permission was denied.'],
    ] as const) {
      const context = await browser.newContext({ ...PHONE });
      const page = await context.newPage();
      const csp = await watchCsp(page);
      await page.route(`${TILES}**`, (route) => route.abort());
      await page.goto(`${base}/t/makassar/pengaduan/baru?lang=${lang}`);
      await showMap(page);
      // No permission granted: Chromium refuses the request as a person who said no would.
      await page.locator('button[data-action="locate"]').click();
      await page.locator('.location-status.is-error').waitFor();
      expect(await page.locator('.location-status').textContent()).toContain(message);
      expect(await page.inputValue('#f-latitude')).toBe('');
      expect(await page.locator('.location-pin').count()).toBe(0);
      expect(await axe(page)).toEqual([]);
      expect(await csp()).toEqual([]);
      await context.close();
    }
  });

  it('a position that cannot be found or comes too late is said on the page; the request asks for high accuracy with a time limit', async () => {
    for (const [code, message] of [
      [2, 'Lokasi Anda tidak dapat ditentukan saat ini.'],
      [3, 'Lokasi Anda tidak ditemukan dalam waktu yang wajar.'],
    ] as const) {
      const context = await browser.newContext({ ...PHONE });
      const page = await context.newPage();
      // The browser's answer, made up: a GPS fix cannot be had on demand in a test.
      await page.addInitScript((errorCode: number) => {
        const w = window as unknown as { __geoOptions?: PositionOptions };
        navigator.geolocation.getCurrentPosition = (_ok, fail, options) => {
          w.__geoOptions = options;
          setTimeout(() => fail?.({ code: errorCode, message: 'test', PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 } as GeolocationPositionError), 10);
        };
      }, code);
      await page.route(`${TILES}**`, (route) => route.abort());
      await page.goto(`${base}/t/makassar/pengaduan/baru`);
      await showMap(page);
      await page.getByRole('button', { name: 'Gunakan lokasi saya' }).click();
      await page.locator('.location-status.is-error').waitFor();
      expect(await page.locator('.location-status').textContent()).toContain(message);
      const options = await page.evaluate(() => (window as unknown as { __geoOptions?: PositionOptions }).__geoOptions);
      expect(options?.enableHighAccuracy).toBe(true);
      expect(options?.timeout).toBeGreaterThan(0);
      await context.close();
    }
  });

  it('with the keyboard: Enter on the focused map puts the pin at its centre; the buttons are buttons', async () => {
    const { context, page } = await openForm();
    await page.focus('#location-map');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#f-latitude')).not.toBe('');
    expect(await page.locator('.location-pin').count()).toBe(1);
    // The pin is no tab stop (it cannot be dragged with keys); Enter on the map is the way.
    expect(await page.locator('.location-pin').getAttribute('tabindex')).toBeNull();
    for (const name of ['Gunakan lokasi saya', 'Hapus titik']) {
      expect(await page.getByRole('button', { name }).evaluate((b) => (b as HTMLButtonElement).type)).toBe('button');
    }
    await page.getByRole('button', { name: 'Hapus titik' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#f-latitude')).toBe('');
    await context.close();
  });

  it('a form sent back with an error shows the pin at the kept coordinates', async () => {
    const { context, page, csp } = await openForm();
    await page.fill('#f-latitude', '-5.135');
    await page.fill('#f-longitude', '119.42');
    // No title: the server refuses the report and sends the form back with what was typed.
    await page.fill('#f-description', 'Lampu jalan mati.');
    await page.getByText('Saya bukan robot').click();
    await expect.poll(() => page.locator('input[name="altcha"]').inputValue(), { timeout: 30_000 }).not.toBe('');
    await page.click('button[type=submit]');
    await page.waitForSelector('.error-summary');
    await showMap(page);
    expect(await page.inputValue('#f-latitude')).toBe('-5.135');
    expect(await page.locator('.location-pin').count()).toBe(1);
    // The map is centred on the pin.
    const map = (await page.locator('#location-map').boundingBox())!;
    const pin = await pinInMap(page);
    expect(Math.abs(pin.x - map.width / 2)).toBeLessThan(2);
    expect(Math.abs(pin.y - map.height / 2)).toBeLessThan(2);
    expect(await axe(page)).toEqual([]);
    expect(await csp()).toEqual([]);
    await context.close();
  }, 60_000);

  it('the form scrolled to the map transfers under 100 KB before tiles (the citizen page budget)', async () => {
    const { context, page } = await openForm();
    // What the network carried (compressed bodies and headers) for the page and everything it loaded, tiles aside.
    const bytes = await page.evaluate(() =>
      [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
        .filter((e) => !e.name.startsWith('https://tile.openstreetmap.org/'))
        .reduce((sum, e) => sum + (e as PerformanceResourceTiming).transferSize, 0),
    );
    console.info(`complaint form scrolled to the map: ${(bytes / 1000).toFixed(1)} KB transferred before tiles`);
    expect(bytes).toBeGreaterThan(10_000); // measured, not a cache's zero
    expect(bytes).toBeLessThan(100_000);
    await context.close();
  }, 60_000);

  it('without JavaScript the map block stays hidden and the coordinate fields are there', async () => {
    const context = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}/t/makassar/pengaduan/baru`);
    expect(await page.locator('#location-picker').isVisible()).toBe(false);
    expect(await page.locator('#f-latitude').isVisible()).toBe(true);
    expect(await page.locator('#f-longitude').isVisible()).toBe(true);
    expect(await page.locator('.leaflet-container').count()).toBe(0);
    await context.close();
  });
});
