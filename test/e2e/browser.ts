// Real Chromium (the system's, CHROMIUM_PATH, default /usr/bin/chromium) driven by playwright-core.
import { AxeBuilder } from '@axe-core/playwright';
import fs from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const chromiumMissing = !fs.existsSync(CHROMIUM_PATH);

if (chromiumMissing) {
  process.stdout.write(
    `\n[browser tests skipped] no Chromium at ${CHROMIUM_PATH}: install Debian's chromium package or set CHROMIUM_PATH\n`,
  );
}

export function launchBrowser(): Promise<Browser> {
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

/** axe-core's WCAG 2.1 A/AA violations on the page, one line each (an empty list when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
