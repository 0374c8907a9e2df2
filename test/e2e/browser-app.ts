// The app on a free port with real Chromium next to it: the usual start of a browser test.
import type { Browser } from 'playwright-core';
import { createTestApp, type TestApp } from '../app.js';
import { launchBrowser } from './browser.js';

export interface BrowserApp {
  t: TestApp;
  browser: Browser;
  /** http://127.0.0.1:<port> */
  base: string;
  /** Closes the browser, then the app and its database. */
  close(): Promise<void>;
}

export async function startBrowserApp(): Promise<BrowserApp> {
  const t = await createTestApp();
  try {
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const browser = await launchBrowser();
    return {
      t,
      browser,
      base,
      async close() {
        await browser.close();
        await t.close();
      },
    };
  } catch (error) {
    await t.close();
    throw error;
  }
}
