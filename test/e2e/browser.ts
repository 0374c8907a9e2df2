// Real Chromium (the system's, CHROMIUM_PATH, default /usr/bin/chromium) driven by playwright-core.
import type { AxeResults, RunOptions } from 'axe-core';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, type CDPSession, chromium, type Page } from 'playwright-core';

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

const AXE_SOURCE: string = createRequire(import.meta.url)('axe-core').source;
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const devtools = new WeakMap<Page, Promise<CDPSession>>();
// Not `'axe' in window`: an element with id="axe" would be window.axe.
const hasAxe = () => typeof (window as { axe?: { run?: unknown } }).axe?.run === 'function';

/**
 * axe-core's results for the page: the WCAG 2.1 A/AA rules, or every rule (best practices too) with
 * `allRules`; every browser test checks through here. Only the violations are complete: the other
 * result types keep one node per rule (axe's `resultTypes`), which spares axe building a selector for
 * every node that passed. axe is put into the page through DevTools' own evaluate, once per document
 * (and frame): about 150 ms for its 550 kB, against 600 ms for a whole check through
 * `@axe-core/playwright`, which injected it twice and ran every result type (2026-12-07).
 */
export async function axeAnalyze(page: Page, o: { allRules?: boolean } = {}): Promise<AxeResults> {
  if (!(await page.evaluate(hasAxe))) {
    let session = devtools.get(page);
    if (!session) devtools.set(page, (session = page.context().newCDPSession(page)));
    const { exceptionDetails } = await (await session).send('Runtime.evaluate', { expression: AXE_SOURCE });
    if (exceptionDetails) throw new Error(`axe-core did not load: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
  }
  // Same-origin frames are checked by the axe of their parent once they have their own (our pages have none).
  for (const frame of page.frames().slice(1)) if (!(await frame.evaluate(hasAxe))) await frame.evaluate(AXE_SOURCE);
  return page.evaluate(
    ({ tags }) => {
      const axe = (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }).axe;
      return axe.run(document, { resultTypes: ['violations'], ...(tags ? { runOnly: { type: 'tag', values: tags } } : {}) });
    },
    { tags: o.allRules ? undefined : WCAG_21_AA },
  );
}

/** axe-core's WCAG 2.1 A/AA violations on the page, one line each (an empty list when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await axeAnalyze(page);
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
