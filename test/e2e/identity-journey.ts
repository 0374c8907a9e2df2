// Shared set-up of the identity browser journeys: an app on a test database listening on a free port,
// the development mailbox with a job runner that delivers queued messages into it, Chromium, axe-core
// (WCAG 2.1 A/AA), and signing a demo officer in through the pages (password, then the TOTP code).
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { DEMO_PASSWORD, demoTotpCodes, seedDemoIdentity } from '../../src/modules/identity/index.js';
import { createChannels, type DevMailbox, notificationJobHandlers, startDevMailbox } from '../../src/modules/notifications/index.js';
import { systemContext } from '../../src/platform/context.js';
import { createJobRunner } from '../../src/platform/jobs/index.js';
import { createTestApp, type TestApp, type TestAppOptions } from '../app.js';
import { axeAnalyze, launchBrowser } from './browser.js';

export interface Journey {
  t: TestApp;
  browser: Browser;
  /** http://localhost:<port> */
  base: string;
  axeClean(page: Page): Promise<void>;
  /** axe-core runs as a script: a page without JavaScript is checked as a copy of its HTML in a 360 px page with it. */
  axeCleanCopy(page: Page): Promise<void>;
  /** The first match of `pattern` in the newest message to `to`, read from the /dev/mailbox page. */
  fromMailbox(page: Page, to: string, pattern: RegExp): Promise<string>;
  /** Seeds the demo accounts (officers with TOTP, password DEMO_PASSWORD). */
  seedDemoAccounts(): Promise<void>;
  /** Signs a demo officer in through /petugas/masuk and /petugas/kode; ends on /petugas. */
  signInDemoOfficer(page: Page, tenantSlug: string, email: string): Promise<void>;
  close(): Promise<void>;
}

/** `options.now`: the app's clock, for journeys across days (deadlines, deemed approval). */
export async function startJourney(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<Journey> {
  const t = await createTestApp(env, {}, options);
  const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = address.replace('127.0.0.1', 'localhost');
  const mailbox: DevMailbox = await startDevMailbox({ db: t.db.app });
  const channels = createChannels(loadConfig({ NODE_ENV: 'test' }), { db: t.db.app, devSmtp: mailbox });
  const runner = createJobRunner(t.db.app, notificationJobHandlers({ channels, audit: t.audit }), { log: { info() {}, warn() {}, error() {} } as never });
  const browser = await launchBrowser();

  /** The page that copies of pages without JavaScript are checked in (axeCleanCopy). */
  let copy: Promise<Page> | undefined;
  async function axeClean(page: Page) {
    const result = await axeAnalyze(page);
    expect(result.violations.map((v) => `${page.url()} ${v.id}: ${v.help}`)).toEqual([]);
  }

  return {
    t,
    browser,
    base,
    axeClean,
    async axeCleanCopy(page) {
      const html = (await page.content()).replace('<head>', `<head><base href="${base}/">`);
      // One page for every copy of the journey (a new context per check cost about a second each).
      copy ??= (await browser.newContext({ viewport: { width: 360, height: 780 } })).newPage();
      const into = await copy;
      await into.setContent(html, { waitUntil: 'load' });
      await axeClean(into);
    },
    async fromMailbox(page, to, pattern) {
      while (await runner.runOnce()) {
        /* drain the queue into the mailbox */
      }
      await page.goto(`${base}/dev/mailbox`);
      await axeClean(page);
      const text = await page.locator('body').innerText();
      const at = text.indexOf(to);
      expect(at, `no message to ${to} in the mailbox`).toBeGreaterThanOrEqual(0);
      const match = pattern.exec(text.slice(at));
      expect(match).not.toBeNull();
      return match![1]!;
    },
    async seedDemoAccounts() {
      await seedDemoIdentity({ ...systemContext(t.db.owner, t.audit, 'seed'), audit: t.audit });
    },
    async signInDemoOfficer(page, tenantSlug, email) {
      await page.goto(`${base}/t/${tenantSlug}/petugas/masuk`);
      await axeClean(page);
      await page.fill('#f-email', email);
      await page.fill('#f-password', DEMO_PASSWORD);
      await page.click('main button[type=submit]');
      await page.waitForURL(/\/petugas\/kode/);
      const codes = await demoTotpCodes(t.db.owner, email, new Date());
      await page.fill('#f-code', codes.find((c) => c.tenant === tenantSlug)!.code);
      await page.click('main button[type=submit]');
      await page.waitForURL(/\/petugas$/);
    },
    async close() {
      await browser.close();
      await channels.close();
      await mailbox.stop();
      await t.close();
    },
  };
}
