// Real Chromium (the system's, CHROMIUM_PATH, default /usr/bin/chromium) driven by playwright-core.
import fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
