// The public performance dashboard in real Chromium at 360 px, axe-core clean, with JavaScript off and
// on: the demo tenant's /kinerja for the tenant, an agency, a service and a chosen period; every chart
// has its table beside it and a CSV link that downloads that table; and "real time": a complaint
// submitted through the app's API shows in the figures once the refresh job has run (queued and run by
// the job runner with a moved clock, as serve.ts does every 30-s slot — no waiting).
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/platform/calendar/index.js';
import { seedBulkApplications } from '../../src/modules/applications/index.js';
import { scheduleTransparencyJobs, transparencyJobHandlers } from '../../src/modules/transparency/index.js';
import { createJobRunner } from '../../src/platform/jobs/index.js';
import { altchaProof } from '../altcha.js';
import { applicationTestContext, publishWithSetup, tenantOf } from '../applications.js';
import { seedTestComplaints } from '../complaints.js';
import { checkThenClose } from '../documents.js';
import { formWithOptionalUploads } from '../payments.js';
import { chromiumMissing } from './browser.js';
import { phoneContexts } from './browser-contexts.js';
import { type Journey, startJourney } from './identity-journey.js';

describe.skipIf(chromiumMissing)('the public performance dashboard in real Chromium', { timeout: 120_000 }, () => {
  let j: Journey;
  let phone: ReturnType<typeof phoneContexts>;
  let clock = Date.now();
  let thisMonth: string;

  /** One 30-s slot later: the refresh (and health) jobs of that slot queued and run by the job runner. */
  async function nextRefreshSlot() {
    clock += 30_000;
    const runner = createJobRunner(j.t.db.app, transparencyJobHandlers({ db: j.t.db.app, now: () => new Date(clock) }), { log: { info() {}, warn() {}, error() {} } as never });
    await scheduleTransparencyJobs(j.t.db.app, new Date(clock));
    let ran = 0;
    while (await runner.runOnce()) ran++;
    expect(ran).toBeGreaterThan(0);
  }

  beforeAll(async () => {
    j = await startJourney({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    phone = phoneContexts(j);
    await seedTestComplaints(j.t);
    await publishWithSetup(j.t, { slug: 'makassar', agency: 'dpmptsp', code: 'nib', workflow: checkThenClose('issued'), form: formWithOptionalUploads });
    await seedBulkApplications(await applicationTestContext(j.t, 'makassar'), { count: 30 });
    thisMonth = localDate(Date.now(), (await tenantOf(j.t, 'makassar')).timeZone).slice(0, 7);
    await nextRefreshSlot();
  });
  afterAll(() => j?.close());

  async function fitsPhone(page: Page) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }

  const figure = async (page: Page, list: string, label: string) => (await page.locator(`${list} dt:text-is("${label}") + dd`).innerText()).trim();

  /** Every chart: an SVG with its table beside it, and a CSV link (downloaded: it holds the table's rows). */
  async function chartsHaveTablesAndCsv(page: Page, download = true) {
    const sections = page.locator('section.chart-section');
    const count = await sections.count();
    expect(count).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < count; i++) {
      const section = sections.nth(i);
      const charted = (await section.locator('svg.chart').count()) === 1;
      if (charted) expect(await section.locator('table tbody tr').count()).toBeGreaterThan(0);
      expect(await section.locator('a[download]').getAttribute('href')).toMatch(/\/kinerja\.csv\?tabel=/);
      if (!download) continue;
      const [file] = await Promise.all([page.waitForEvent('download'), section.locator('a[download]').click()]);
      expect(file.suggestedFilename()).toMatch(/^kinerja-(bulan|instansi|waktu|wilayah)-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
      const lines = fs.readFileSync((await file.path())!, 'utf8').trim().split('\r\n');
      // The header, then one line per row of the table beside the chart.
      expect(lines.length).toBe(1 + (charted ? await section.locator('table tbody tr').count() : 0));
      if (charted) {
        const first = (await section.locator('table thead th').first().innerText()).trim();
        expect([first, `"${first}"`].some((h) => lines[0]!.startsWith(`${h},`))).toBe(true);
      }
    }
  }

  it('without JavaScript: tenant, agency, service and period, each chart with its table and CSV; axe clean at 360 px', async () => {
    const context = await phone.contextFor(undefined, false);
    const page = await context.newPage();
    await page.goto(`${j.base}/t/makassar`);
    await page.click('a[href="/t/makassar/kinerja"]');
    await page.waitForURL(/\/kinerja$/);
    expect(await page.locator('h1').innerText()).toBe('Kinerja Pelayanan Publik');
    expect(Number(await figure(page, '#tr-app-facts', 'Diterima'))).toBeGreaterThan(0);
    expect(await page.locator('svg.chart').count()).toBeGreaterThanOrEqual(3);
    // The one script is the charts' tooltips; without it each mark says its figure in its <title>.
    expect(await page.locator('script').evaluateAll((scripts) => scripts.map((x) => x.getAttribute('src')))).toEqual(['/static/build/chart-tips.js']);
    const titles = await page.locator('#tr-trend-chart circle title').allTextContents();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.at(-1)).toMatch(/^\d{4}-\d{2} — Pengaduan: \d/);
    await chartsHaveTablesAndCsv(page);
    await phone.axeClean(page);
    await fitsPhone(page);

    // An agency: the league table gives way to the agency's own figures.
    await page.selectOption('#f-instansi', 'dpmptsp');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/instansi=dpmptsp/);
    expect(await page.locator('#tr-heading').innerText()).toContain('Penanaman Modal');
    expect(await page.locator('#tr-league-h').count()).toBe(0);
    await chartsHaveTablesAndCsv(page, false);
    await phone.axeClean(page);
    await fitsPhone(page);

    // A service of that agency, for this month only.
    await page.selectOption('#f-layanan', 'nib');
    await page.selectOption('#f-dari', thisMonth);
    await page.selectOption('#f-sampai', thisMonth);
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/layanan=nib/);
    expect(await page.locator('#tr-heading').innerText()).toContain(`${thisMonth} – ${thisMonth}`);
    expect(await figure(page, '#tr-app-facts', 'Standar pelayanan')).toMatch(/hari kerja/);
    expect(await page.locator('#tr-trend-table tbody tr').count()).toBe(1);
    await chartsHaveTablesAndCsv(page, false);
    await phone.axeClean(page);
    await fitsPhone(page);
    await context.close();
  });

  it('with JavaScript: a complaint submitted through the app shows after the next refresh; axe clean at 360 px', async () => {
    const context = await phone.contextFor(undefined, true);
    const page = await context.newPage();
    await page.goto(`${j.base}/t/makassar/kinerja?dari=${thisMonth}&sampai=${thisMonth}`);
    const before = Number(await figure(page, '#tr-complaint-facts', 'Diterima'));
    await phone.axeClean(page);
    await fitsPhone(page);

    // One tooltip shows a mark's figure under the pointer (the <title>s make way for it); Escape hides it.
    expect(await page.locator('#tr-trend-chart circle title').count()).toBe(0);
    const mark = page.locator('#tr-trend-chart circle[data-tip]').last();
    await mark.hover();
    const tip = page.locator('.chart-tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.innerText()).toBe(await mark.getAttribute('data-tip'));
    expect(await tip.innerText()).toMatch(/ — Pengaduan: \d/);
    await phone.axeClean(page);
    await fitsPhone(page);
    await page.keyboard.press('Escape');
    expect(await tip.isVisible()).toBe(false);

    const res = await fetch(`${j.base}/t/makassar/api/v1/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'pengaduan',
        privacy: 'public',
        title: 'Kartu keluarga belum jadi',
        description: 'Sudah sebulan kartu keluarga belum jadi, padahal dijanjikan seminggu.',
        altcha: await altchaProof(),
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    await page.reload();
    // Not yet: the figures come from the aggregates, not from the complaints table.
    expect(Number(await figure(page, '#tr-complaint-facts', 'Diterima'))).toBe(before);

    await nextRefreshSlot();
    await page.reload();
    expect(Number(await figure(page, '#tr-complaint-facts', 'Diterima'))).toBe(before + 1);
    const column = (await page.locator('#tr-trend-table thead th').allInnerTexts()).map((h) => h.trim()).indexOf('Pengaduan');
    expect(column).toBeGreaterThan(0);
    const trend = await page.locator('#tr-trend-table tbody tr').first().locator('th, td').nth(column).innerText();
    expect(Number(trend)).toBe(before + 1);
    await phone.axeClean(page);
    await context.close();
  });
});
