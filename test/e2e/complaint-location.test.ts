// The point of a report in real Chromium at 360 px: the complaint form's confirm step for a point
// outside the tenant's area (without JavaScript and with it: back with the warning and what was
// typed, sent once "Ya, lokasi ini benar" is ticked), and the officer's report page showing the point
// on a small map with a pin there (without JavaScript: the coordinates and a link). Axe clean.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/modules/identity/index.js';
import { listTenants, setTenantArea } from '../../src/modules/tenancy/index.js';
import { createTestApp, type TestApp } from '../app.js';
import { signInAs } from '../auth.js';
import { complaintTestContext, MAKASSAR_TEST_AREA, seedTestComplaints } from '../complaints.js';
import { axeViolations as axe, chromiumMissing, launchBrowser } from './browser.js';

const TILES = 'https://tile.openstreetmap.org/';
const SCREEN = { viewport: { width: 360, height: 800 } };

describe.skipIf(chromiumMissing)('the point of a report', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedTestComplaints(t);
    const makassar = (await listTenants(t.db.app)).find((x) => x.slug === 'makassar')!;
    await setTenantArea({ ...complaintTestContext(t), tenant: makassar }, { area: MAKASSAR_TEST_AREA });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function pageAs(kind: 'citizen' | 'coordinator', javaScriptEnabled: boolean) {
    const { token } = kind === 'citizen' ? await signInAs(t, 'makassar', { kind: 'citizen' }) : await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] });
    const context = await browser.newContext({ ...SCREEN, javaScriptEnabled });
    await context.addCookies([{ name: SESSION_COOKIE, value: token, url: base }]);
    const page = await context.newPage();
    await page.route(`${TILES}**`, (route) => route.abort());
    return { context, page };
  }

  for (const javaScriptEnabled of [false, true]) {
    it(`asks to confirm a point outside the area before sending (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const { context, page } = await pageAs('citizen', javaScriptEnabled);
      const title = `Titik jauh ${javaScriptEnabled ? 'js' : 'html'}`;
      await page.goto(`${base}/t/makassar/pengaduan/baru`);
      await page.fill('#f-title', title);
      await page.fill('#f-description', 'Jalan rusak, titiknya di Jakarta.');
      await page.fill('#f-latitude', '-6.2');
      await page.fill('#f-longitude', '106.8');
      await page.click('button[type=submit]');
      await page.waitForSelector('.error-summary', { timeout: 20_000 });
      expect(await page.locator('#f-confirmOutsideArea').textContent()).toContain('Titik lokasi berada di luar wilayah pemerintah daerah ini.');
      expect(await page.inputValue('#f-title')).toBe(title);
      expect(await page.inputValue('#f-latitude')).toBe('-6.2');
      expect(await t.db.owner.selectFrom('complaints').select('id').where('title', '=', title).execute()).toEqual([]);
      // axe runs in the page's JavaScript: checked on the same HTML in the pass with it on.
      if (javaScriptEnabled) expect(await axe(page)).toEqual([]);
      await page.getByLabel('Ya, lokasi ini benar').check();
      await page.click('button[type=submit]');
      await page.waitForSelector('.big-code');
      expect(await page.locator('.warning').first().textContent()).toContain('di luar wilayah');
      const row = await t.db.owner.selectFrom('complaints').select(['outside_area', 'latitude', 'longitude']).where('title', '=', title).executeTakeFirstOrThrow();
      expect(row).toEqual({ outside_area: true, latitude: -6.2, longitude: 106.8 });
      await context.close();
    }, 90_000);
  }

  it('shows the officer the point on a small map with a pin there; without JavaScript the coordinates and a link', async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const res = await t.app.inject({
      method: 'POST',
      url: '/t/makassar/api/v1/complaints',
      headers: { cookie: citizen.cookie, 'content-type': 'application/json' },
      payload: { kind: 'pengaduan', title: 'Lampu jalan mati', description: 'Lampu jalan mati sejak seminggu.', privacy: 'public', latitude: -5.15, longitude: 119.45 },
    });
    expect(res.statusCode).toBe(201);
    const url = `${base}/t/makassar/pengaduan/${res.json().trackingNumber}`;

    const plain = await pageAs('coordinator', false);
    await plain.page.goto(url);
    expect(await plain.page.locator('#point-map').isVisible()).toBe(false);
    expect(await plain.page.getByRole('link', { name: 'Buka di peta' }).getAttribute('href')).toBe('https://www.openstreetmap.org/?mlat=-5.15&mlon=119.45#map=17/-5.15/119.45');
    await plain.context.close();

    const { context, page } = await pageAs('coordinator', true);
    await page.goto(url);
    await page.locator('#point-map').scrollIntoViewIfNeeded();
    await page.locator('#point-map[data-ready="true"]').waitFor();
    const pin = page.locator('#point-map .point-pin');
    expect(await pin.count()).toBe(1);
    expect(await pin.getAttribute('aria-label')).toBe('Titik lokasi laporan');
    // The map is centred on the point: the pin is in its middle.
    const [map, at] = [(await page.locator('#point-map').boundingBox())!, (await pin.boundingBox())!];
    expect(Math.abs(at.x + at.width / 2 - (map.x + map.width / 2))).toBeLessThan(2);
    expect(Math.abs(at.y + at.height / 2 - (map.y + map.height / 2))).toBeLessThan(2);
    expect(map.width).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axe(page)).toEqual([]);
    await context.close();
  }, 90_000);
});
