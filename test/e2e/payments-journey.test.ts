// Payments in real Chromium at 360 px, axe-core clean on every page, JavaScript off: a citizen's
// application waits at its payment step; from the application's page they open the invoice, copy its
// QRIS text into the simulated bank and pay; the bank's signed notification travels over HTTP, the
// workflow moves on and the receipt appears. A second application is paid by virtual account.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { getServiceDraft, listAgencyServices, updateDraft } from '../../src/modules/catalog/index.js';
import { PROCESS_NOTICE_JOB, paymentJobHandlers } from '../../src/modules/payments/index.js';
import { listAgencies } from '../../src/modules/tenancy/index.js';
import { createJobRunner } from '../../src/platform/jobs/index.js';
import { TEST_APP_SECRET } from '../app.js';
import { answersFor, applicationTestContext, citizenWithProfile, type PublishedService, publishWithSetup, type TestCitizen } from '../applications.js';
import { formWithOptionalUploads, payFirstWorkflow } from '../payments.js';
import { chromiumMissing } from './browser.js';
import { phoneContexts } from './browser-contexts.js';
import { type Journey, startJourney } from './identity-journey.js';

describe.skipIf(chromiumMissing)('payments journey in real Chromium', { timeout: 300_000 }, () => {
  let j: Journey;
  let phone: ReturnType<typeof phoneContexts>;
  let service: PublishedService;
  let citizen: TestCitizen;

  beforeAll(async () => {
    j = await startJourney();
    phone = phoneContexts(j);
    const ctx = await applicationTestContext(j.t, 'makassar', { kind: 'officer', id: randomUUID() });
    const agency = (await listAgencies(j.t.db.app, ctx.tenant)).find((a) => a.code === 'dpmptsp')!;
    const found = (await listAgencyServices(ctx, agency.id)).find((s) => s.code === 'nib')!;
    await updateDraft(ctx, found.id, { ...(await getServiceDraft(ctx, found.id)).draft, fee: 150_000, feeRule: null });
    service = await publishWithSetup(j.t, {
      slug: 'makassar',
      agency: 'dpmptsp',
      code: 'nib',
      workflow: payFirstWorkflow(),
      form: formWithOptionalUploads,
    });
    citizen = await citizenWithProfile(j.t, 'makassar');
  });
  afterAll(() => j?.close());

  async function apply(): Promise<string> {
    const res = await j.t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/applications', headers: { 'content-type': 'application/json', cookie: citizen.cookie }, payload: { serviceId: service.serviceId, answers: answersFor(service.form) } });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  }

  /**
   * The simulated bank's notifications, delivered over HTTP to the app under test, which stores each
   * and queues its booking; then the booking jobs — the serve process's runner finds one within its
   * poll (250 ms), here it runs at once: the loop takes the booking job the delivery just queued.
   */
  async function deliverNotifications() {
    const handlers = paymentJobHandlers({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_BASE_URL: j.base }), db: j.t.db.app, audit: j.t.audit, appSecret: TEST_APP_SECRET, now: () => new Date() });
    const runner = createJobRunner(j.t.db.app, handlers, { log: { info() {}, warn() {}, error() {} } as never, kinds: ['payments.sandbox_notify', PROCESS_NOTICE_JOB] });
    while (await runner.runOnce());
  }

  async function payThroughBank(page: Page, applicationId: string, read: (page: Page) => Promise<string>) {
    await page.goto(`${j.base}/t/makassar/permohonan/${applicationId}`);
    await phone.axeClean(page);
    await page.click('#todo a');
    await page.waitForURL(/\/tagihan\/TGH-/);
    await phone.axeClean(page);
    expect(await page.locator('main').innerText()).toContain('Rp150.000');
    const invoiceUrl = page.url();
    const code = await read(page);
    await page.goto(`${j.base}/t/makassar/dev/bank`);
    await phone.axeClean(page);
    await page.fill('#f-code', code);
    await page.click('main form button[type=submit]');
    await page.waitForURL(/\/dev\/bank\?dibayar=/);
    await phone.axeClean(page);
    await deliverNotifications();
    await page.goto(invoiceUrl);
    expect(await page.locator('main').innerText()).toContain('Lunas');
    await page.click('main a[href$="/bukti"]');
    await page.waitForURL(/\/bukti$/);
    await phone.axeClean(page);
    return page.locator('main').innerText();
  }

  it('pays by QRIS, then by virtual account; the workflow moves on and the receipts appear', async () => {
    const context = await phone.contextFor(citizen.cookie, false);
    const page = await context.newPage();
    const first = await apply();
    const qrisReceipt = await payThroughBank(page, first, (p) => p.inputValue('#qris-text'));
    expect(qrisReceipt).toContain('Rp150.000');
    expect(qrisReceipt).toContain('QRIS');
    await page.goto(`${j.base}/t/makassar/permohonan/${first}`);
    expect(await page.locator('#todo').count()).toBe(0);
    expect(await page.locator('main').innerText()).toContain('Pemeriksaan');

    const second = await apply();
    const vaReceipt = await payThroughBank(page, second, (p) => p.inputValue('#va-number'));
    expect(vaReceipt).toContain('virtual account');
    await context.close();
  });
});
