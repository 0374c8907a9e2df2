// The public complaints map in real Chromium: the Leaflet island draws markers for published reports
// (tiles are blocked — offline is fine, markers must be there), the GeoJSON carries no reporter data,
// the CSP img-src names the tile server, the page is a list without JavaScript, axe clean.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoComplaints } from '../../src/modules/complaints/index.js';
import { createTestApp, type TestApp } from '../app.js';
import { complaintTestContext, verifyThroughApi } from '../complaints.js';
import { altchaProof } from '../altcha.js';
import { axeAnalyze, chromiumMissing, launchBrowser } from './browser.js';

describe.skipIf(chromiumMissing)('public complaints map', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let number: string;
  let unverified: string;

  beforeAll(async () => {
    t = await createTestApp();
    const ctx = complaintTestContext(t, 'seed');
    await seedDemoComplaints(ctx);
    const res = await t.app.inject({
      method: 'POST',
      url: '/t/makassar/api/v1/complaints',
      payload: {
        kind: 'pengaduan',
        title: 'Lampu jalan mati MAPCANARY',
        description: 'Lampu jalan mati sejak seminggu, hubungi 081234567890.',
        categoryCode: 'jalan_rusak',
        privacy: 'public',
        latitude: -5.135,
        longitude: 119.42,
        reporter: { name: 'MAP-REPORTER-NAME-7781', email: 'map-reporter-7781@example.org', phone: '081277810000' },
        altcha: await altchaProof(),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const result = res.json() as { trackingNumber: string };
    number = result.trackingNumber;
    await verifyThroughApi(t, 'makassar', number);
    // A report the coordinator has not verified yet: on no public reader.
    const waiting = await t.app.inject({
      method: 'POST',
      url: '/t/makassar/api/v1/complaints',
      payload: { kind: 'pengaduan', title: 'Belum diverifikasi MAPWAITING', description: 'Trotoar rusak.', categoryCode: 'jalan_rusak', privacy: 'public', latitude: -5.136, longitude: 119.421, altcha: await altchaProof() },
    });
    expect(waiting.statusCode, waiting.body).toBe(201);
    unverified = (waiting.json() as { trackingNumber: string }).trackingNumber;
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('GeoJSON: published reports with a place, masked, no reporter data', async () => {
    const res = await t.app.inject({ url: '/t/makassar/api/v1/complaints/geojson' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    const body = res.json() as { type: string; features: Array<{ geometry: { coordinates: number[] }; properties: Record<string, unknown> }> };
    expect(body.type).toBe('FeatureCollection');
    const mine = body.features.find((f) => f.properties.trackingNumber === number)!;
    expect(mine.geometry.coordinates).toEqual([119.42, -5.135]);
    expect(Object.keys(mine.properties).sort()).toEqual(['agencyName', 'categoryCode', 'deadline', 'outcome', 'status', 'submittedAt', 'title', 'trackingNumber']);
    expect(res.body).not.toContain('MAP-REPORTER-NAME-7781');
    expect(res.body).not.toContain('map-reporter-7781');
    expect(res.body).not.toContain('081277810000');
    expect(res.body).not.toMatch(/reporter|privacy|rahasia/);
    expect(res.body).not.toContain(unverified);
    expect(res.body).not.toContain('MAPWAITING');
  });

  it('the map shows markers under the CSP; a list without JavaScript; axe clean', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.route('https://tile.openstreetmap.org/**', (route) => route.abort());
    const response = await page.goto(`${base}/t/makassar/pengaduan/peta`);
    expect(response!.headers()['content-security-policy']).toContain('img-src \'self\' data: https://tile.openstreetmap.org');
    await page.waitForSelector('#complaints-map[data-ready]');
    const markers = await page.locator('.leaflet-marker-icon').count();
    expect(markers).toBeGreaterThan(0);
    await page.locator('#complaints-map').scrollIntoViewIfNeeded();
    expect(violations).toEqual([]);
    const axe = await axeAnalyze(page);
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(await page.content()).not.toContain('MAP-REPORTER-NAME-7781');
    await context.close();

    const noJs = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(`${base}/t/makassar/pengaduan/peta`);
    expect(await plain.locator(`a[href$="/pengaduan/${number}"]`).count()).toBeGreaterThan(0);
    expect(await plain.locator(`a[href$="/pengaduan/${unverified}"]`).count()).toBe(0);
    await noJs.close();
  });
});
