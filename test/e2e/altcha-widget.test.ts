// The ALTCHA widget in real Chromium, under the app's Content-Security-Policy, solving a challenge
// from createAltchaChallenge; the posted form field must pass verifySolution. This proves the asset
// paths, the worker registration and the payload format the complaint pages will rely on. The
// widget is rendered by Preact, as pages.tsx will render it (the challenge JSON as an attribute).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALTCHA_ALGORITHM,
  ALTCHA_FIELD,
  altchaWidgetFiles,
  createAltchaChallenge,
  verifySolution,
} from '../../src/platform/http/altcha.js';
import { axeAnalyze, chromiumMissing, launchBrowser } from './browser.js';

const KEY = 'e2e-altcha-key-0123456789abcdef';
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'";

const GLUE = `import '/altcha/altcha.js';
import '/altcha/id.js';
globalThis.$altcha.algorithms.set('${ALTCHA_ALGORITHM}', () => new Worker('/altcha/pbkdf2.js'));
`;

describe.skipIf(chromiumMissing)('altcha widget in the browser', () => {
  let server: http.Server;
  let base = '';
  let browser: Browser;
  const verified: unknown[] = [];

  beforeAll(async () => {
    const files = altchaWidgetFiles();
    const assets: Record<string, [string, string]> = {
      '/altcha/altcha.js': [files.script, 'text/javascript'],
      '/altcha/altcha.css': [files.css, 'text/css'],
      '/altcha/pbkdf2.js': [files.pbkdf2Worker, 'text/javascript'],
      '/altcha/id.js': [files.i18nId, 'text/javascript'],
    };
    server = http.createServer(async (req, res) => {
      res.setHeader('content-security-policy', CSP);
      const asset = assets[req.url ?? ''];
      if (asset) {
        res.writeHead(200, { 'content-type': asset[1] }).end(fs.readFileSync(asset[0]));
      } else if (req.url === '/glue.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(GLUE);
      } else if (req.method === 'POST' && req.url === '/submit') {
        let body = '';
        for await (const chunk of req) body += chunk;
        const payload = new URLSearchParams(body).get(ALTCHA_FIELD);
        verified.push(await verifySolution(payload, KEY, new Date()));
        res.writeHead(200, { 'content-type': 'text/plain' }).end('diterima');
      } else {
        // Cheap puzzle: the test checks the plumbing, not the difficulty.
        const challenge = await createAltchaChallenge(KEY, new Date(), { cost: 10, minCounter: 20, maxCounter: 60 });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Lapor</title>
<link rel="stylesheet" href="/altcha/altcha.css"><script type="module" src="/glue.js"></script></head>
<body><main><form method="post" action="/submit">
${renderToString(h('altcha-widget', { name: ALTCHA_FIELD, language: 'id', challenge: JSON.stringify(challenge) }))}
<button type="submit">Kirim</button></form></main></body></html>`);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('solves the challenge under the CSP and posts a payload the server accepts', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/content security policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(base);
    await page.getByText('Saya bukan robot').waitFor();
    const axe = await axeAnalyze(page);
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    // What a reporter taps: the widget's Indonesian label (the styled box is drawn over the input).
    await page.getByText('Saya bukan robot').click();
    await expect
      .poll(() => page.locator(`input[name="${ALTCHA_FIELD}"]`).inputValue(), { timeout: 20_000 })
      .not.toBe('');
    await page.getByRole('button', { name: 'Kirim' }).click();
    await page.waitForURL(`${base}/submit`);
    expect(verified).toHaveLength(1);
    expect(verified[0]).toMatchObject({ ok: true });
    expect(violations).toEqual([]);
    await context.close();
  });
});
