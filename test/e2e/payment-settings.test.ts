// The tenant administrator's payment settings in real Chromium at 360 px, JavaScript off, axe-core clean
// on every state of the page: found from the officer home, a refused save shown beside its fields, then
// a BI-SNAP connection saved with its secrets, which the page afterwards shows only as "Tersimpan".
import { generateKeyPairSync } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOfficerEmail } from '../../src/modules/identity/seed.js';
import { chromiumMissing } from './browser.js';
import { type Journey, startJourney } from './identity-journey.js';

describe.skipIf(chromiumMissing)('payment settings in real Chromium', () => {
  let j: Journey;
  beforeAll(async () => {
    j = await startJourney();
    await j.seedDemoAccounts();
  });
  afterAll(() => j?.close());

  const axeClean = (page: Page) => j.axeCleanCopy(page);
  const fits = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  it('a refused save, then a BI-SNAP connection saved; the secrets are never shown again', async () => {
    const signIn = await j.browser.newContext({ viewport: { width: 360, height: 780 } });
    await j.signInDemoOfficer(await signIn.newPage(), 'makassar', demoOfficerEmail('makassar', 'tenant_admin'));
    const context = await j.browser.newContext({ viewport: { width: 360, height: 780 }, javaScriptEnabled: false });
    await context.addCookies(await signIn.cookies());
    await signIn.close();
    const page = await context.newPage();
    await page.goto(`${j.base}/t/makassar/petugas`);
    await page.click('text=Pengaturan pembayaran');
    await page.waitForURL(/\/petugas\/admin\/pembayaran$/);
    await axeClean(page);
    await fits(page);

    await page.check('#f-gateway-bisnap');
    await page.fill('#f-invoiceValidHours', 'tiga hari');
    await page.click('main form button[type=submit]');
    expect(await page.locator('.error-summary').isVisible()).toBe(true);
    expect(await page.locator('#e-invoiceValidHours').innerText()).toBe('Isi jumlah jam dari 1 sampai 720.');
    expect(await page.locator('#e-channels').innerText()).toContain('dompet elektronik');
    expect(await page.locator('#e-baseUrl').innerText()).toBe('Wajib diisi untuk sambungan BI-SNAP.');
    expect(await page.inputValue('#f-invoiceValidHours')).toBe('tiga hari');
    await axeClean(page);
    await fits(page);

    const bank = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const own = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await page.uncheck('#f-channels-ewallet');
    await page.fill('#f-invoiceValidHours', '48');
    await page.fill('#f-baseUrl', 'https://snap.bank-sulselbar.example/api');
    await page.fill('#f-clientId', 'gerbang-makassar');
    await page.fill('#f-partnerId', 'PTN-7371');
    await page.fill('#f-channelId', '95221');
    await page.fill('#f-partnerServiceId', '7371');
    await page.fill('#f-merchantId', 'M-7371');
    await page.fill('#f-bankName', 'Bank Sulselbar');
    await page.fill('#f-bankPublicKeyPem', bank);
    await page.fill('#f-clientSecret', 'rahasia-makassar-123');
    await page.fill('#f-privateKeyPem', own);
    await page.click('main form button[type=submit]');
    await page.waitForURL(/ok=saved/);
    expect(await page.locator('[role=status]').innerText()).toBe('Pengaturan pembayaran tersimpan.');
    expect(await page.locator('#h-clientSecret').innerText()).toBe('Saat ini: Tersimpan.');
    expect(await page.inputValue('#f-clientSecret')).toBe('');
    expect(await page.inputValue('#f-privateKeyPem')).toBe('');
    expect(await page.content()).not.toContain('rahasia-makassar-123');
    expect(await page.isChecked('#f-gateway-bisnap')).toBe(true);
    await axeClean(page);
    await fits(page);
    await context.close();
  });
});
