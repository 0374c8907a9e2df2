// The officer's QRIS reader in real Chromium at 360 px, axe-core clean: paste a valid QRIS and a broken
// one and read the verdict; without BarcodeDetector (Chromium on Linux has none) the page says to
// paste; with one (a stand-in reading a canvas's stream) the scan button fills the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../src/modules/identity/index.js';
import { signInAs } from '../auth.js';
import { sampleQris } from '../qris.js';
import { type BrowserApp, startBrowserApp } from './browser-app.js';
import { axeViolations, chromiumMissing } from './browser.js';

const VALID = sampleQris();

describe.skipIf(chromiumMissing)('QRIS reader in real Chromium', () => {
  let app: BrowserApp | undefined;
  beforeAll(async () => {
    app = await startBrowserApp();
  });
  afterAll(() => app?.close());

  it('reads a pasted valid QRIS and a broken one at 360 px; scans where the browser can', async () => {
    const { t, browser, base } = app!;
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const context = await browser.newContext({ viewport: { width: 360, height: 780 } });
    await context.addCookies([{ name: SESSION_COOKIE, value: officer.token, url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}/t/makassar/petugas`);
    await page.click('a[href$="/petugas/qris"]');
    await page.waitForURL(/\/petugas\/qris$/);
    expect(await page.locator('[data-qr-scan-nojs]').isVisible()).toBe(true);
    expect(await page.locator('[data-qr-scan]').isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);

    await page.fill('#f-payload', VALID);
    await page.click('main form button[type=submit]');
    await page.waitForSelector('#qris-verdict');
    expect(page.url()).toMatch(/\/petugas\/qris$/); // the text is not in the address
    expect(await page.locator('#qris-verdict').innerText()).toContain('QRIS valid');
    expect(await page.locator('#qris-summary').innerText()).toContain('Rp150.000');
    expect(await page.locator('#qris-fields').innerText()).toContain('Nomor tagihan');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axeViolations(page)).toEqual([]);

    await page.fill('#f-payload', VALID.replace('DPMPTSP', 'DPMPTSS'));
    await page.click('main form button[type=submit]');
    await page.waitForSelector('#qris-errors');
    expect(await page.locator('#qris-crc').innerText()).toBe('CRC tidak valid');
    expect(await page.locator('#qris-errors').innerText()).toContain('Kode pemeriksa (CRC) (63)');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await axeViolations(page)).toEqual([]);

    // A browser that reads QR codes: a stand-in detector over a canvas's video stream.
    await page.addInitScript((text) => {
      (window as unknown as Record<string, unknown>).BarcodeDetector = class {
        static async getSupportedFormats() {
          return ['qr_code'];
        }
        async detect() {
          return [{ rawValue: text }];
        }
      };
      navigator.mediaDevices.getUserMedia = async () => {
        const canvas = document.createElement('canvas');
        canvas.getContext('2d')?.fillRect(0, 0, 10, 10);
        return canvas.captureStream();
      };
    }, VALID);
    await page.goto(`${base}/t/makassar/petugas/qris`);
    expect(await page.locator('[data-qr-scan-nojs]').isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await page.click('[data-qr-scan-button]');
    await page.waitForFunction(() => (document.getElementById('f-payload') as HTMLTextAreaElement).value.length > 0);
    expect(await page.inputValue('#f-payload')).toBe(VALID);
    await context.close();
  });
});
