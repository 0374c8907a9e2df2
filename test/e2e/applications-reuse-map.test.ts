// Applications in real Chromium at 360 px, axe-core clean: a form with a map-point field and a KTP
// upload. The first time (JavaScript on) the citizen taps the map — the latitude and longitude fill in —
// and uploads the KTP; the check page shows the point. The second time, for another service and with
// JavaScript off, they type the point and reuse the KTP handed in the first time instead of uploading it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../src/modules/applications/index.js';
import { presetVerifyApproveIssue } from '../../src/modules/applications/workflow/index.js';
import { SESSION_COOKIE } from '../../src/modules/identity/index.js';
import { citizenWithProfile, pdf, type PublishedService, publishWithSetup, runFileScans } from '../applications.js';
import { chromiumMissing } from './browser.js';
import { type Journey, startJourney } from './identity-journey.js';

const form = (requirements: string[]): FormDefinition => ({
  groups: [
    {
      id: 'lokasi',
      title: { id: 'Lokasi dan KTP', en: 'Place and ID card' },
      fields: [
        { id: 'titik', type: 'map_point', label: { id: 'Titik lokasi', en: 'Point' }, required: true },
        { id: 'ktp', type: 'file', label: { id: 'Pindaian KTP', en: 'ID card scan' }, required: true, accept: ['application/pdf'], maxFiles: 1 },
      ],
    },
  ],
  requirements: requirements.map((requirement) => ({ requirement, fields: ['ktp'] })),
});

describe.skipIf(chromiumMissing)('reusing a KTP and the map of a map-point field, in real Chromium', { timeout: 300_000 }, () => {
  let j: Journey;
  let dir: string;
  let cookie: string;
  const services: PublishedService[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-e2e-files-'));
    j = await startJourney({ FILES_DIR: dir });
    services.push(await publishWithSetup(j.t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyApproveIssue(), form }));
    services.push(await publishWithSetup(j.t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kematian', workflow: presetVerifyApproveIssue(), form }));
    cookie = (await citizenWithProfile(j.t, 'makassar')).cookie;
  });
  afterAll(async () => {
    await j?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function contextFor(javaScriptEnabled: boolean): Promise<BrowserContext> {
    const context = await j.browser.newContext({ viewport: { width: 360, height: 780 }, javaScriptEnabled });
    await context.addCookies([{ name: SESSION_COOKIE, value: cookie.split('=')[1]!, url: j.base }]);
    return context;
  }

  it('fills the point from a tap on the map and keeps it to the check page (JavaScript on)', async () => {
    const context = await contextFor(true);
    const page = await context.newPage();
    await page.goto(`${j.base}/t/makassar/permohonan/ajukan/${services[0]!.serviceId}`);
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/isian\/lokasi$/);
    await page.locator('fieldset:has(#picker-titik)').scrollIntoViewIfNeeded();
    await page.locator('#map-titik.leaflet-container').click();
    await expect.poll(() => page.inputValue('#f-titik-lat')).not.toBe('');
    const lat = Number(await page.inputValue('#f-titik-lat'));
    const lng = Number(await page.inputValue('#f-titik-lng'));
    expect(Math.abs(lat)).toBeLessThanOrEqual(90);
    expect(Math.abs(lng)).toBeLessThanOrEqual(180);
    await j.axeClean(page);
    await page.setInputFiles('#f-ktp', { name: 'ktp-saya.pdf', mimeType: 'application/pdf', buffer: pdf(3000) });
    await page.click('button[name=_next]');
    await page.waitForURL(/\/periksa$/);
    const text = await page.locator('main').innerText();
    expect(text).toContain('ktp-saya.pdf');
    expect(text).toMatch(/-?\d+\.\d+, -?\d+\.\d+/);
    await page.click('main form[action$="/kirim"] button[type=submit]');
    await page.waitForURL(/\/permohonan\/[0-9a-f-]{36}\?terkirim=1$/);
    await context.close();
  });

  it('reuses the KTP handed in before and takes a typed point (JavaScript off)', async () => {
    await runFileScans(j.t, dir);
    const context = await contextFor(false);
    const page = await context.newPage();
    await page.goto(`${j.base}/t/makassar/permohonan/ajukan/${services[1]!.serviceId}`);
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/isian\/lokasi$/);
    expect(await page.locator('#picker-titik').isVisible()).toBe(false); // no map without JavaScript: the inputs are the form
    await page.fill('#f-titik-lat', '-5,1477');
    await page.fill('#f-titik-lng', '119.4327');
    const reuse = page.getByLabel('Gunakan dokumen ini: ktp-saya.pdf');
    await reuse.check();
    await page.click('button[name=_next]');
    await page.waitForURL(/\/periksa$/);
    const text = await page.locator('main').innerText();
    expect(text).toContain('ktp-saya.pdf');
    expect(text).toContain('119.4327');
    await page.click('main form[action$="/kirim"] button[type=submit]');
    await page.waitForURL(/\/permohonan\/[0-9a-f-]{36}\?terkirim=1$/);
    expect(await page.locator('main').innerText()).toMatch(/PMH-/);
    await context.close();
  });
});
