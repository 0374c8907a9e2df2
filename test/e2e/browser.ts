// Real Chromium (the system's, CHROMIUM_PATH, default /usr/bin/chromium) driven by playwright-core.
import { AxeBuilder } from '@axe-core/playwright';
import fs from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const chromiumMissing = !fs.existsSync(CHROMIUM_PATH);

if (chromiumMissing) {
  process.stdout.write(
    `\n[browser tests skipped] no Chromium at ${CHROMIUM_PATH}: install Debian's chromium package or set CHROMIUM_PATH\n`,
  );
}

let shared: Promise<Browser> | undefined;

/**
 * A test file's browser: a view of one Chromium per test worker (a worker runs file after file: the
 * browser project does not isolate them), whose `close()` closes the contexts the file opened and
 * leaves the process for the next file — a launch is 1–2 s, about forty times a run.
 */
export async function launchBrowser(): Promise<Browser> {
  shared ??= startChromium().then((browser) => {
    browser.on('disconnected', () => (shared = undefined));
    return browser;
  });
  const browser = await shared;
  const contexts = new Set<BrowserContext>();
  return new Proxy(browser, {
    get(target, property) {
      if (property === 'newContext') {
        return async (...args: Parameters<Browser['newContext']>) => {
          const context = await target.newContext(...args);
          contexts.add(context);
          context.on('close', () => contexts.delete(context));
          return context;
        };
      }
      if (property === 'newPage') {
        return async (...args: Parameters<Browser['newPage']>) => {
          const page = await target.newPage(...args);
          contexts.add(page.context());
          return page;
        };
      }
      if (property === 'close') return async () => void (await Promise.all([...contexts].map((context) => context.close())));
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function startChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * axe-core's full results for the page: the WCAG 2.1 A/AA rules, or every rule (best practices too) with
 * `allRules`. In legacy mode, as `axeViolations` says why; every browser test checks through here.
 */
export async function axeAnalyze(page: Page, o: { allRules?: boolean } = {}) {
  const builder = new AxeBuilder({ page }).setLegacyMode(true);
  return (o.allRules ? builder : builder.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])).analyze();
}

/**
 * axe-core's WCAG 2.1 A/AA violations on the page, one line each (an empty list when clean). Legacy mode:
 * axe runs in the page itself (our pages have no cross-origin frames) instead of finishing in a blank
 * page opened for every check — a quarter less axe time (28.1 → 21.3 s over a journey's 13 checks).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await axeAnalyze(page);
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
