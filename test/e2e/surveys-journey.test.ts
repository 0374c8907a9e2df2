// The satisfaction survey in real Chromium at 360 px with JavaScript off, axe-core clean on every
// page: a citizen whose application was completed follows the link on its page, is refused an
// incomplete questionnaire beside the question, answers all nine, and the public IKM page shows the
// updated index, the suggestion under its topic and the agency's follow-up; a counter visitor answers
// at the kiosk with the code from their receipt.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELEMENTS } from '../../src/modules/surveys/index.js';
import { answersFor, citizenWithProfile, publishWithSetup } from '../applications.js';
import { signInAs } from '../auth.js';
import { formWithOptionalUploads } from '../payments.js';
import { chromiumMissing } from './browser.js';
import { phoneContexts } from './browser-contexts.js';
import { type Journey, startJourney } from './identity-journey.js';
import { checkThenClose } from '../documents.js';

const workflow = checkThenClose('issued');

describe.skipIf(chromiumMissing)('satisfaction survey journey in real Chromium', { timeout: 300_000 }, () => {
  let j: Journey;
  let phone: ReturnType<typeof phoneContexts>;
  let cookie: string;
  let applicationId: string;
  let serviceId: string;

  beforeAll(async () => {
    j = await startJourney({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    phone = phoneContexts(j);
    const service = await publishWithSetup(j.t, { slug: 'makassar', agency: 'dpmptsp', code: 'nib', workflow, form: formWithOptionalUploads });
    serviceId = service.serviceId;
    const citizen = await citizenWithProfile(j.t, 'makassar');
    cookie = citizen.cookie;
    const headers = (c: string) => ({ cookie: c, 'content-type': 'application/json' });
    const applied = await j.t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/applications', headers: headers(cookie), payload: { serviceId: service.serviceId, answers: answersFor(service.form) } });
    applicationId = applied.json().id as string;
    const verifier = await signInAs(j.t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const current = (await j.t.app.inject({ url: `/t/makassar/api/v1/applications/${applicationId}`, headers: headers(verifier.cookie) })).json() as { version: number };
    const acted = await j.t.app.inject({ method: 'POST', url: `/t/makassar/api/v1/applications/${applicationId}/actions`, headers: headers(verifier.cookie), payload: { stepId: 'check', action: 'approve', expectedVersion: current.version } });
    expect(acted.statusCode, acted.body).toBe(200);
  });
  afterAll(() => j?.close());

  async function fitsPhone(page: Page) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }

  it('answers the survey without JavaScript and sees the index updated', async () => {
    const context = await phone.contextFor(cookie, false);
    const page = await context.newPage();
    await page.goto(`${j.base}/t/makassar/permohonan/${applicationId}`);
    await page.click(`a[href$="/survei/${applicationId}"]`);
    await page.waitForURL(/\/survei\/[0-9a-f-]{36}$/);
    await phone.axeClean(page);

    // Eight answers of nine: refused, the error beside the missing question, the answers kept.
    for (const key of ELEMENTS.filter((k) => k !== 'pengaduan')) await page.check(`#f-answers-${key}-${key === 'waktu' ? '2' : '4'}`);
    await page.click('main button[type=submit]');
    expect(await page.locator('.error-summary').innerText()).toContain('Pilih salah satu jawaban untuk unsur pengaduan');
    expect(await page.isChecked('#f-answers-waktu-2')).toBe(true);
    await phone.axeClean(page);

    await page.check('#f-answers-pengaduan-3');
    await page.selectOption('#f-demographics-age_band', '40_49');
    await page.fill('#f-suggestion', 'Waktu penyelesaian bisa lebih cepat.');
    await page.click('main button[type=submit]');
    await page.waitForURL(/\?terkirim=1$/);
    expect(await page.locator('#survey-done').innerText()).toContain('Terima kasih');
    await phone.axeClean(page);
    await fitsPhone(page);

    await page.goto(`${j.base}/t/makassar/ikm`);
    await page.selectOption('#f-instansi', 'dpmptsp');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/instansi=dpmptsp/);
    // Eight elements at 4 but waktu 2 and pengaduan 3: (4 × 7 + 2 + 3) / 9 × 25 = 91.67, A.
    expect(await page.locator('#ikm-value').innerText()).toBe('91.67');
    expect(await page.locator('#ikm-grade').innerText()).toContain('Sangat Baik');
    expect(await page.locator('#ikm-respondents').innerText()).toBe('1');
    expect(await page.locator('#ikm-weakest').innerText()).toContain('Waktu penyelesaian');
    // The suggestion under the element its author rated lowest (waktu, alone at 2).
    expect(await page.locator('#ikm-topics').innerText()).toContain('Waktu penyelesaian');
    expect(await page.locator('#ikm-topics').innerText()).toContain('Waktu penyelesaian bisa lebih cepat.');
    expect(await page.locator('#ikm-follow-none').count()).toBe(1);
    await phone.axeClean(page);
    await fitsPhone(page);

    // The agency records its follow-up of the year; the public page shows it.
    const admin = await signInAs(j.t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dpmptsp' }] });
    const year = new URL(page.url()).searchParams.get('tahun') ?? String(new Date().getFullYear());
    const recorded = await j.t.app.inject({
      method: 'PUT',
      url: '/t/makassar/api/v1/surveys/follow-ups',
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      payload: { agency: 'dpmptsp', year: Number(year), period: 'year', text: 'Menambah petugas verifikasi agar izin selesai lebih cepat.' },
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    await page.reload();
    expect(await page.locator('#ikm-follow').innerText()).toContain('Menambah petugas verifikasi');
    await phone.axeClean(page);
    await fitsPhone(page);
    await context.close();
  });

  it('a counter visitor answers at the kiosk with the code from their receipt', async () => {
    const officer = await signInAs(j.t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const issued = await j.t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/surveys/kiosk-codes', headers: { cookie: officer.cookie, 'content-type': 'application/json' }, payload: { serviceId } });
    expect(issued.statusCode, issued.body).toBe(201);
    const context = await phone.contextFor(undefined, false);
    const page = await context.newPage();
    await page.goto(`${j.base}/t/makassar/kiosk-survei`);
    await phone.axeClean(page);
    await page.fill('#f-kode', 'SKM-2222-2223');
    await page.click('main button[type=submit]');
    expect(await page.locator('.error-summary').innerText()).toContain('Kode survei tidak dikenal');
    await phone.axeClean(page);
    await page.fill('#f-kode', (issued.json().code as string).toLowerCase());
    await page.click('main button[type=submit]');
    for (const key of ELEMENTS) await page.check(`#f-answers-${key}-3`);
    await phone.axeClean(page);
    await fitsPhone(page);
    await page.click('main button[type=submit]');
    await page.waitForURL(/\?terkirim=1$/);
    expect(await page.locator('#kiosk-thanks').innerText()).toContain('Terima kasih');
    await phone.axeClean(page);
    await context.close();
  });
});
