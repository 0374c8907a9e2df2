// The treasurer's pages in real Chromium at 360 px, axe-core clean: the demo treasurer of DPMPTSP
// signs in (password + TOTP), finds the treasury on the officer home, sees the report built from
// seeded ledger rows (their agency's only), downloads the kas daerah CSV, and resolves a
// reconciliation difference with a note.
import fs from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOfficerEmail } from '../../src/modules/identity/seed.js';
import { businessDayOf, dayBefore, reconcileDay } from '../../src/modules/payments/treasury/reconcile.js';
import { agencyIdOf, tenantContextOf } from '../auth.js';
import { reportOnlyGateway, seedPayment, settlementLineOf } from '../payments-ledger.js';
import { chromiumMissing } from './browser.js';
import { type Journey, startJourney } from './identity-journey.js';

describe.skipIf(chromiumMissing)('the treasury in real Chromium', () => {
  let j: Journey;
  let context: BrowserContext;
  let page: Page;
  const day = dayBefore(businessDayOf(new Date()));
  let runId: string;
  let missingInvoice: string;
  beforeAll(async () => {
    j = await startJourney();
    await j.seedDemoAccounts();
    const ctx = await tenantContextOf(j.t, 'makassar');
    const tenantId = ctx.tenant.id;
    const dpmptsp = await agencyIdOf(j.t, 'makassar', 'dpmptsp');
    const dinkes = await agencyIdOf(j.t, 'makassar', 'dinkes');
    const paid = await seedPayment(j.t.db.owner, { tenantId, agencyId: dpmptsp, day, amount: 150_000 });
    const notReported = await seedPayment(j.t.db.owner, { tenantId, agencyId: dpmptsp, day, amount: 25_000, channel: 'qris', kind: 'held', reason: 'duplicate_payment' });
    await seedPayment(j.t.db.owner, { tenantId, agencyId: dinkes, day, amount: 990_000 }); // another agency's
    missingInvoice = notReported.invoiceNumber;
    const gateway = reportOnlyGateway(() => [settlementLineOf(paid)]);
    runId = (await reconcileDay(ctx, { day, gateway })).id;
    context = await j.browser.newContext({ viewport: { width: 360, height: 780 }, acceptDownloads: true });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await j?.close();
  });

  const fits360 = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  it('shows the treasurer their agency’s report and gives the kas daerah CSV', async () => {
    await j.signInDemoOfficer(page, 'makassar', demoOfficerEmail('makassar', 'treasurer'));
    await page.click('main >> text=Kas dan rekonsiliasi pembayaran');
    await page.waitForURL(/\/petugas\/kas$/);
    await j.axeClean(page);
    await page.fill('#f-from', day);
    await page.fill('#f-to', day);
    await page.click('main form.filter button[type=submit]');
    await page.waitForURL(/from=/);
    const report = await page.locator('#report').innerText();
    expect(report).toContain('Rp175.000'); // received: 150,000 credited + 25,000 held
    expect(report).toContain('Rp150.000');
    expect(report).not.toContain('990.000'); // DINKES is not this treasurer's
    expect(await page.locator('#held').innerText()).toContain(missingInvoice);
    await fits360();
    await j.axeClean(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Tanggal,Waktu bayar (WIB),Nomor tagihan,Perangkat daerah,Layanan,Kanal,Referensi gateway,Jumlah (Rp),Jenis,Alasan');
    expect(lines).toHaveLength(3);
    expect(csv).toContain(',150000,Dikreditkan,');
    expect(csv).toContain(`${missingInvoice},`);
  });

  it('resolves a reconciliation difference with a note', async () => {
    await page.click('main >> text=Rekonsiliasi harian');
    await page.waitForURL(/\/rekonsiliasi$/);
    await j.axeClean(page);
    await fits360();
    await page.click(`#runs >> text=${day}`);
    await page.waitForURL(new RegExp(`/rekonsiliasi/${runId}$`));
    expect(await page.locator('#run-status').innerText()).toBe('Ada perbedaan');
    expect(await page.locator('#items').innerText()).toContain('Ada di buku kas, tidak ada di laporan gateway');
    // No note: refused, the message beside the field.
    await page.click('#items button[type=submit]');
    expect(await page.locator('.field-error').first().innerText()).toContain('Tulis catatan penyelesaian');
    await j.axeClean(page);
    await page.fill('#f-note-1', 'Pembayaran ganda, dikembalikan ke pembayar');
    await page.click('#items button[type=submit]');
    await page.waitForURL(new RegExp(`/rekonsiliasi/${runId}`));
    expect(await page.locator('#item-1').innerText()).toContain('Pembayaran ganda, dikembalikan ke pembayar');
    await fits360();
    await j.axeClean(page);
  });
});
