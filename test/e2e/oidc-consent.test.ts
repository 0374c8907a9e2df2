// The consent page of the OpenID Provider in real Chromium at 360 px: the citizen, signed in to
// Gerbang, arrives from another application's sign-in link, sees the application, its government and
// exactly what it will receive, in both languages with no axe violation and no horizontal scroll,
// allows, and is sent back to the application with a code.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerClient } from '../../src/modules/oidc/clients.js';
import { SESSION_COOKIE } from '../../src/modules/identity/index.js';
import type { TestApp } from '../app.js';
import { tenantContextOf } from '../auth.js';
import { citizenBrowser, listeningTestApp } from '../oidc-rp.js';
import { axeAnalyze, chromiumMissing, launchBrowser } from './browser.js';

describe.skipIf(chromiumMissing)('the OpenID Connect consent page in real Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    // The issuer is PUBLIC_BASE_URL: the app listens where it says it is.
    ({ t, base } = await listeningTestApp());
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('names the application and the data at 360 px, axe-clean in both languages, and returns a code', async () => {
    const { client } = await registerClient(await tenantContextOf(t, 'makassar'), {
      name: 'SIM Perizinan Terpadu',
      redirectUris: ['https://rp.example.go.id/cb'],
      scopes: ['openid', 'profile', 'email', 'address'],
    });
    const { token } = await citizenBrowser(t);
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    await context.addCookies([{ name: SESSION_COOKIE, value: token, url: base }]);
    const page = await context.newPage();
    await page.route('https://rp.example.go.id/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>RP</title><p>ok</p>' }));
    const auth = new URL(`${base}/oidc/auth`);
    for (const [k, v] of Object.entries({
      client_id: client.id,
      response_type: 'code',
      redirect_uri: 'https://rp.example.go.id/cb',
      scope: 'openid profile email address',
      state: 'state-123',
      nonce: 'nonce-123',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    })) auth.searchParams.set(k, v);

    for (const lang of ['id', 'en'] as const) {
      await page.goto(lang === 'id' ? auth.href : `${auth.href}&ui_locales=en`);
      if (lang === 'en') await page.goto(`${page.url()}?lang=en`);
      const h1 = await page.locator('h1').textContent();
      expect(h1).toContain('SIM Perizinan Terpadu');
      expect(await page.locator('main li').allTextContents()).toEqual(
        lang === 'id'
          ? ['Tanda pengenal Anda yang khusus untuk aplikasi ini (bukan NIK)', 'Nama dan tanggal lahir Anda', 'Alamat e-mail Anda', 'Alamat dan kode wilayah Anda']
          : ['An identifier of you that is specific to this application (not your NIK)', 'Your name and date of birth', 'Your e-mail address', 'Your address and region code'],
      );
      expect(await page.textContent('main')).toContain(lang === 'id' ? 'Pemerintah Kota Makassar' : 'Makassar');
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      const axe = await axeAnalyze(page);
      expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    }
    await page.getByRole('button', { name: 'Allow' }).click();
    await page.waitForURL(/^https:\/\/rp\.example\.go\.id\/cb/);
    const back = new URL(page.url());
    expect(back.searchParams.get('state')).toBe('state-123');
    expect(back.searchParams.get('code')).toBeTruthy();
    await context.close();
  });
});
