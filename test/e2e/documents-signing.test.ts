// The signing step in real Chromium at 360 px, axe-core clean on every page: an application approved by
// the verifier waits for its signature; the demo signer (signed in with password and TOTP) opens it,
// follows "Tanda tangani dokumen", types a wrong code (the form comes back with the error, nothing
// signed), then a current one — the document is issued in the signer's name and the application
// closes as issued; the citizen finds the document in "Dokumen saya", valid.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOfficerEmail, demoTotpCodes } from '../../src/modules/identity/index.js';
import { answersFor, citizenWithProfile, publishWithSetup, type TestCitizen } from '../applications.js';
import { signInAs } from '../auth.js';
import { SIGNING_WORKFLOW } from '../documents.js';
import { formWithOptionalUploads } from '../payments.js';
import { chromiumMissing } from './browser.js';
import { phoneContexts } from './browser-contexts.js';
import { type Journey, startJourney } from './identity-journey.js';

describe.skipIf(chromiumMissing)('signing a document in real Chromium', { timeout: 300_000 }, () => {
  let j: Journey;
  let phone: ReturnType<typeof phoneContexts>;
  let citizen: TestCitizen;
  let applicationId = '';
  let number = '';
  const signerEmail = () => demoOfficerEmail('makassar', 'signer');

  beforeAll(async () => {
    j = await startJourney({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    phone = phoneContexts(j);
    await j.seedDemoAccounts();
    const service = await publishWithSetup(j.t, { slug: 'makassar', agency: 'dpmptsp', code: 'nib', workflow: SIGNING_WORKFLOW, form: formWithOptionalUploads });
    citizen = await citizenWithProfile(j.t, 'makassar');
    const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
    const applied = await j.t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/applications', headers: json(citizen.cookie), payload: { serviceId: service.serviceId, answers: answersFor(service.form) } });
    expect(applied.statusCode, applied.body).toBe(201);
    applicationId = applied.json().id;
    const verifier = await signInAs(j.t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const current = (await j.t.app.inject({ url: `/t/makassar/api/v1/applications/${applicationId}`, headers: json(verifier.cookie) })).json() as { version: number };
    const acted = await j.t.app.inject({ method: 'POST', url: `/t/makassar/api/v1/applications/${applicationId}/actions`, headers: json(verifier.cookie), payload: { stepId: 'check', action: 'approve', expectedVersion: current.version } });
    expect(acted.statusCode, acted.body).toBe(200);
  });
  afterAll(() => j?.close());

  /** Nothing wider than the 360 px screen. */
  async function fits(page: Page) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }

  it('the signer signs with a TOTP code and the application moves on', async () => {
    const context = await phone.contextFor(undefined, true);
    const page = await context.newPage();
    await j.signInDemoOfficer(page, 'makassar', signerEmail());
    await page.goto(`${j.base}/t/makassar/petugas/permohonan/${applicationId}`);
    await phone.axeClean(page);
    await page.click('text=Tanda tangani dokumen');
    await page.waitForURL(/\/tanda-tangan$/);
    await phone.axeClean(page);
    await fits(page);
    expect(await page.locator('main').innerText()).toContain(citizen.name);

    await page.fill('#f-code', '000000');
    await page.click('main button[type=submit]');
    expect(await page.locator('.error-summary').innerText()).toContain('Kode autentikator salah');
    await phone.axeClean(page);
    await fits(page);

    // The sign-in used this 30-second step's code (each is accepted once): the authenticator's next one.
    const codes = await demoTotpCodes(j.t.db.owner, signerEmail(), new Date(Date.now() + 30_000));
    await page.fill('#f-code', codes.find((c) => c.tenant === 'makassar')!.code);
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/tanda-tangan$/);
    const notice = await page.locator('main .notice').first().innerText();
    expect(notice).toMatch(/Dokumen DOK-\S+ sudah ditandatangani dan diterbitkan/);
    number = /DOK-\S+/.exec(notice)![0];
    await phone.axeClean(page);
    await fits(page);

    await page.click('text=Kembali ke permohonan');
    await page.waitForURL(/\/petugas\/permohonan\/[0-9a-f-]{36}$/);
    expect(await page.locator('#status').innerText()).toMatch(/Diterbitkan|Selesai|terbit/i);
    await phone.axeClean(page);
    await context.close();
  });

  it('the citizen finds the signed document in the wallet, valid', async () => {
    const context = await phone.contextFor(citizen.cookie, false);
    const page = await context.newPage();
    await page.goto(`${j.base}/t/makassar/dokumen`);
    const text = await page.locator('main').innerText();
    expect(text).toContain(number);
    expect(text).toContain('Sah');
    await phone.axeClean(page);
    await fits(page);
    await context.close();
  });
});
