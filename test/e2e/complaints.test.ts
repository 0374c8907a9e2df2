// The complaint journey in real Chromium on a phone-sized screen: an anonymous reporter submits with a
// photo and a pin put on the map, the coordinator verifies and dispatches, the agency answers, the reporter
// rates it with the secret code, the public list, detail and map show it; a <script> payload never runs
// in officer or public views; the reporter's details appear in none of them; axe clean.
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/modules/identity/index.js';
import { altchaProof } from '../altcha.js';
import { createTestApp, type TestApp } from '../app.js';
import { seedTestComplaints, verifyThroughApi } from '../complaints.js';
import { signInAs } from '../auth.js';
import { axeAnalyze, chromiumMissing, launchBrowser } from './browser.js';

const XSS_TITLE = '<script>window.__xss = 1</script>Jalan berlubang';
const XSS_BODY = 'Lubang besar <img src=x onerror="window.__xss = 2"> di depan sekolah, jalan berlubang.';

function png(): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 6, channels: 3, background: '#c0392b' } }).png().toBuffer();
}

async function axe(page: Page) {
  const result = await axeAnalyze(page);
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe.skipIf(chromiumMissing)('complaints in real Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedTestComplaints(t);
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function officerPage(grants: { role: 'complaint_coordinator' | 'complaint_handler'; agency?: string }[]) {
    const { token } = await signInAs(t, 'makassar', { kind: 'officer', grants });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addCookies([{ name: SESSION_COOKIE, value: token, url: base }]);
    const page = await context.newPage();
    await page.addInitScript(() => {
      (window as unknown as { __xss?: number }).__xss = undefined;
    });
    return page;
  }

  it('anonymous report → verify → dispatch → answer → rating; scripts never run; axe clean', async () => {
    const reporter = await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: 'CANARY-UA-5521' });
    const page = await reporter.newPage();
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/content security policy/i.test(m.text())) cspViolations.push(m.text());
    });
    await page.route('https://tile.openstreetmap.org/**', (route) => route.abort());
    await page.goto(`${base}/t/makassar/pengaduan/baru`);
    await page.getByText('Saya bukan robot').waitFor();
    expect(await axe(page)).toEqual([]);

    // Bad input first: nothing typed is lost, errors beside the fields.
    await page.fill('#f-title', XSS_TITLE);
    await page.selectOption('#f-categoryCode', 'jalan_rusak');
    // Untouched, the widget solves its puzzle when the form is sent (auto="onsubmit"), then posts.
    await page.click('button[type=submit]');
    await page.waitForSelector('.error-summary');
    expect(await page.locator('.error-summary').count()).toBe(1);
    expect(await page.inputValue('#f-title')).toBe(XSS_TITLE);
    expect(await axe(page)).toEqual([]);

    await page.fill('#f-description', XSS_BODY);
    await page.fill('#f-address', 'Jl. Sombaopu');
    // The place: a tap on the map puts the pin and fills the coordinates (the map is fetched when the
    // location fieldset comes into view; tiles are blocked, the machine is offline).
    await page.locator('fieldset:has(#location-picker)').scrollIntoViewIfNeeded();
    await page.locator('#location-map.leaflet-container').click(); // the middle of the map
    expect(await page.locator('.location-pin').count()).toBe(1);
    const latitude = Number(await page.inputValue('#f-latitude'));
    const longitude = Number(await page.inputValue('#f-longitude'));
    // The map opens on Indonesia (this tenant has no service areas).
    expect(latitude).toBeGreaterThan(-11);
    expect(latitude).toBeLessThan(6.5);
    expect(longitude).toBeGreaterThan(94.5);
    expect(longitude).toBeLessThan(141.5);
    await page.check('#f-privacy-anonim');
    await page.fill('#f-reporter-name', 'CANARY-NAME-5521');
    await page.setInputFiles('#f-photos', { name: 'lubang.png', mimeType: 'image/png', buffer: await png() });
    // The proof-of-work: the reporter ticks "Saya bukan robot"; the self-hosted widget fetches a
    // challenge and solves it in a worker, under the app's CSP; the hidden field carries the solution.
    await page.getByText('Saya bukan robot').click();
    await expect.poll(() => page.locator('input[name="altcha"]').inputValue(), { timeout: 30_000 }).not.toBe('');
    await page.click('button[type=submit]');
    await page.waitForSelector('.big-code');
    // The server accepted a solution (recorded once), not the no-JavaScript allowance.
    expect(Number((await t.db.owner.selectFrom('altcha_replays').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBeGreaterThanOrEqual(1);
    expect(await t.db.owner.selectFrom('rate_limits').select('key').where('key', 'like', 'NOPROOF%').execute()).toEqual([]);
    const codes = await page.locator('.big-code').allTextContents();
    expect(codes).toHaveLength(2);
    const [number, secret] = codes as [string, string];
    expect(await t.db.owner.selectFrom('complaints').select(['latitude', 'longitude']).where('tracking_number', '=', number).executeTakeFirstOrThrow()).toEqual({ latitude, longitude });
    expect(await axe(page)).toEqual([]);
    expect(cspViolations).toEqual([]);

    // Coordinator: queue → detail (the payload is text) → verify → dispatch to Dinas Perhubungan.
    const coord = await officerPage([{ role: 'complaint_coordinator' }]);
    await coord.goto(`${base}/t/makassar/petugas/pengaduan`);
    expect(await axe(coord)).toEqual([]);
    await coord.click(`a[href$="/pengaduan/${number}"]`);
    expect(await coord.locator('h1').textContent()).toBe(XSS_TITLE);
    expect(await coord.content()).not.toContain('CANARY');
    expect(await axe(coord)).toEqual([]);
    await coord.selectOption('#f-tier', 'simple');
    await coord.click('form:has(input[value=verify]) button');
    await coord.waitForSelector('.panel.success');
    await coord.selectOption('#f-agency', 'dishub');
    await coord.click('form:has(input[value=dispatch]) button');
    await coord.waitForSelector('.panel.success');
    expect(await coord.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // The agency handler answers.
    const handler = await officerPage([{ role: 'complaint_handler', agency: 'dishub' }]);
    await handler.goto(`${base}/t/makassar/petugas/pengaduan`);
    expect(await handler.locator('.card').count()).toBeGreaterThanOrEqual(1);
    await handler.goto(`${base}/t/makassar/pengaduan/${number}`);
    await handler.fill('#f-answer', 'Lubang sudah ditambal hari ini.');
    // With the answer, a small PDF (the agency's letter); the multipart form carries it.
    const letter = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
    await handler.setInputFiles('#f-attachments', { name: 'surat-balasan.pdf', mimeType: 'application/pdf', buffer: letter });
    expect(await axe(handler)).toEqual([]);
    await handler.click('form:has(input[value=answer]) button');
    await handler.waitForSelector('.panel.success');
    await handler.getByText('Unduh surat-balasan.pdf').waitFor();
    expect(await handler.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    // The reporter follows up with the secret code and rates the answer.
    await page.goto(`${base}/t/makassar/pengaduan/lacak`);
    await page.fill('#f-code', secret);
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Lubang sudah ditambal hari ini.');
    expect(await axe(page)).toEqual([]);
    // The answer's letter, downloaded with the secret code in a POST body (never in the URL).
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Unduh surat-balasan\.pdf/ }).click()]);
    expect(download.suggestedFilename()).toBe('surat-balasan.pdf');
    expect(download.url()).not.toContain(secret);
    await page.check('#r-4');
    await page.click('form:has(input[value=confirm]) button');
    await page.waitForSelector('.panel.success');
    expect(await page.locator('.badge.status-closed').textContent()).toBe('Selesai');

    // The public list, detail and map show it without any reporter detail and without running the script.
    const visitor = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const pub = await visitor.newPage();
    await pub.goto(`${base}/t/makassar/pengaduan`);
    expect(await axe(pub)).toEqual([]);
    await pub.click(`a[href$="/pengaduan/${number}"]`);
    expect(await pub.locator('h1').textContent()).toBe(XSS_TITLE);
    expect(await pub.content()).not.toContain('CANARY');
    expect(await pub.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await axe(pub)).toEqual([]);
    // The public map: its pin, the title as text in the popup, no reporter detail anywhere.
    await pub.route('https://tile.openstreetmap.org/**', (route) => route.abort());
    const geojson = pub.waitForResponse((r) => r.url().includes('/api/v1/complaints/geojson'));
    await pub.goto(`${base}/t/makassar/pengaduan/peta`);
    expect(await (await geojson).text()).not.toContain('CANARY');
    await pub.waitForSelector('#complaints-map[data-ready]');
    const pin = pub.locator(`#complaints-map .leaflet-marker-icon[title="${XSS_TITLE}"]`);
    await pin.scrollIntoViewIfNeeded();
    await pin.click();
    expect(await pub.locator('.leaflet-popup-content').innerText()).toContain(number);
    expect(await pub.content()).not.toContain('CANARY');
    expect(await pub.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    // Leaflet fades the popup in (0.2 s of opacity): axe reads the contrast of what is on screen, so once it is fully shown.
    await pub.waitForFunction(() => getComputedStyle(document.querySelector('.leaflet-popup')!).opacity === '1');
    expect(await axe(pub)).toEqual([]);
    await Promise.all([reporter.close(), visitor.close(), coord.context().close(), handler.context().close()]);
  }, 120_000); // one long journey through four browser contexts with axe on each page

  it('a report with long labels, a dated deadline and unbroken words fits a 360 px screen (issue 16)', async () => {
    // The facts list once sized its label column to its longest label ("Alamat atau patokan lokasi")
    // and its value column to the deadline badge's longest line: 408 px wide at 360 px. An address or
    // description with one unbroken word (a URL, a plate number run together) must wrap as well.
    const word = 'JalanPerintisKemerdekaanKilometerSepuluhTamalanreaMakassar';
    const filed = await t.app.inject({
      method: 'POST',
      url: '/t/makassar/api/v1/complaints',
      headers: { 'content-type': 'application/json' },
      payload: { kind: 'pengaduan', privacy: 'public', title: `Lampu jalan mati ${word}`, description: `Lampu mati sejak seminggu di ${word}.`, address: word, altcha: await altchaProof() },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const number = (filed.json() as { trackingNumber: string }).trackingNumber;
    // The public sees a report once a coordinator verified it (publication.ts).
    await verifyThroughApi(t, 'makassar', number);
    const visitor = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await visitor.newPage();
    await page.goto(`${base}/t/makassar/pengaduan/${number}`);
    await page.getByText('Alamat atau patokan lokasi').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axe(page)).toEqual([]);
    await visitor.close();
  });
});
