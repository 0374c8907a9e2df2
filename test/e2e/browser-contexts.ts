// Browser contexts for the applications journeys: a 360 px phone signed in with a session cookie,
// with JavaScript on or off, and axe-core on either (a page without JavaScript is checked as a copy:
// its HTML, as served, in a page with JavaScript — the stylesheets load from the app, so colours and
// sizes are the real ones).
import type { BrowserContext, Page } from 'playwright-core';
import { SESSION_COOKIE } from '../../src/modules/identity/index.js';
import type { Journey } from './identity-journey.js';

export function phoneContexts(j: Journey) {
  const jsOn = new WeakSet<Page>();
  return {
    async contextFor(cookie: string | undefined, javaScriptEnabled: boolean): Promise<BrowserContext> {
      const context = await j.browser.newContext({ viewport: { width: 360, height: 780 }, javaScriptEnabled });
      if (javaScriptEnabled) context.on('page', (p) => jsOn.add(p));
      if (cookie) await context.addCookies([{ name: SESSION_COOKIE, value: cookie.split('=')[1]!, url: j.base }]);
      return context;
    },
    async axeClean(page: Page) {
      return jsOn.has(page) ? j.axeClean(page) : j.axeCleanCopy(page);
    },
  };
}
