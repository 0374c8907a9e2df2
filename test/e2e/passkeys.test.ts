// Passkeys in real Chromium with its virtual authenticator (DevTools protocol: WebAuthn.enable,
// WebAuthn.addVirtualAuthenticator — a platform authenticator with user verification), at 360 px,
// axe-core clean: the demo citizen adds a passkey on /akun/keamanan and signs in with it on /masuk;
// the demo tenant admin adds one on /petugas/keamanan and, after the password, uses it instead of the
// authenticator code. Without JavaScript the passkey button is not there and the password form is.
// The app's public address is http://localhost:<port> (an IP address cannot be a WebAuthn RP ID).
import net from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, demoCitizenEmail, demoOfficerEmail, demoTotpCodes, seedDemoIdentity } from '../../src/modules/identity/index.js';
import { systemContext } from '../../src/platform/context.js';
import { createTestApp, type TestApp } from '../app.js';
import { axeAnalyze, chromiumMissing, launchBrowser } from './browser.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(chromiumMissing)('passkeys in real Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  const M = '/t/makassar';

  beforeAll(async () => {
    const port = await freePort();
    base = `http://localhost:${port}`;
    t = await createTestApp({ PUBLIC_BASE_URL: base });
    await t.app.listen({ port, host: '127.0.0.1' });
    await seedDemoIdentity({ ...systemContext(t.db.owner, t.audit, 'seed'), audit: t.audit });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function axeClean(page: Page) {
    const result = await axeAnalyze(page);
    expect(result.violations.map((v) => `${page.url()} ${v.id}: ${v.help}`)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }

  /** A page at 360 px whose browser has a platform authenticator (fingerprint always accepted). */
  async function pageWithAuthenticator(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    return { context, page };
  }

  async function addPasskey(page: Page, path: string, name: string) {
    await page.goto(`${base}${M}${path}`);
    await axeClean(page);
    await page.fill('#f-name', name);
    await page.click('#passkey-register button[type=submit]');
    await page.waitForURL(/ditambah=1/);
    await expect.poll(() => page.locator('#passkey-list').innerText()).toContain(name);
    await axeClean(page);
  }

  it('a citizen adds a passkey on the security page and signs in with it', async () => {
    const { context, page } = await pageWithAuthenticator();
    await page.goto(`${base}${M}/masuk`);
    await expect.poll(() => page.locator('#passkey-sign-in').isVisible()).toBe(true);
    await axeClean(page);
    await page.fill('#f-identifier', demoCitizenEmail('makassar'));
    await page.fill('#f-password', DEMO_PASSWORD);
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/akun$/);
    await page.click(`a[href="${M}/akun/keamanan"]`);
    await expect.poll(() => page.locator('#passkey-none').isVisible()).toBe(true);
    await addPasskey(page, '/akun/keamanan', 'HP Android');

    // Signed out, back on /masuk: the passkey alone signs in.
    await context.clearCookies();
    await page.goto(`${base}${M}/masuk`);
    await page.click('#passkey-sign-in button');
    await page.waitForURL(/\/akun$/);
    await axeClean(page);
    await page.goto(`${base}${M}/akun/keamanan`);
    expect(await page.locator('#passkey-list').innerText()).not.toContain('belum pernah dipakai');
    await context.close();
  });

  it('an officer adds a passkey and uses it as the second factor after the password', async () => {
    const email = demoOfficerEmail('makassar', 'tenant_admin');
    const { context, page } = await pageWithAuthenticator();
    const password = async () => {
      await page.goto(`${base}${M}/petugas/masuk`);
      await page.fill('#f-email', email);
      await page.fill('#f-password', DEMO_PASSWORD);
      await page.click('main button[type=submit]');
      await page.waitForURL(/\/petugas\/kode/);
    };
    await password();
    const codes = await demoTotpCodes(t.db.owner, email, new Date());
    await page.fill('#f-code', codes.find((c) => c.tenant === 'makassar')!.code);
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/petugas$/);
    await page.click(`a[href="${M}/petugas/keamanan"]`);
    await addPasskey(page, '/petugas/keamanan', 'Laptop kantor');

    await context.clearCookies();
    await password();
    await axeClean(page);
    await page.click('#passkey-second-factor button');
    await page.waitForURL(/\/petugas$/);
    await expect.poll(() => page.locator('#officer-roles').isVisible()).toBe(true);
    await context.close();
  });

  it('without JavaScript /masuk offers no passkey button, and the password still signs in', async () => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${base}${M}/masuk`);
    expect(await page.locator('#passkey-sign-in').isVisible()).toBe(false);
    await page.fill('#f-identifier', demoCitizenEmail('makassar'));
    await page.fill('#f-password', DEMO_PASSWORD);
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/akun$/);
    await context.close();
  });
});
