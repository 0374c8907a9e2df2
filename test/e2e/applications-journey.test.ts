// Applications in real Chromium at 360 px, axe-core clean on every page: a citizen applies from the
// service page with JavaScript off (a question an answer brings, a repeating group, an upload, check
// your answers, the tracking number), another with JavaScript on; the verifier asks for a revision from
// the queue, the citizen answers it, the verifier and the approver approve; anyone tracks the
// application with its number and the applicant's birth date.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetVerifyApproveIssue } from '../../src/modules/applications/workflow/index.js';
import { testForm } from '../application-pages.js';
import { citizenWithProfile, publishWithSetup } from '../applications.js';
import { signInAs } from '../auth.js';
import { chromiumMissing } from './browser.js';
import { phoneContexts } from './browser-contexts.js';
import { type Journey, startJourney } from './identity-journey.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe.skipIf(chromiumMissing)('applications journey in real Chromium', { timeout: 300_000 }, () => {
  let j: Journey;
  let birthDate: string;
  let citizenCookie: string;
  let verifierCookie: string;
  let approverCookie: string;
  let trackingNumber = '';
  let applicationUrl = '';

  beforeAll(async () => {
    j = await startJourney();
    phone = phoneContexts(j);
    await publishWithSetup(j.t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyApproveIssue(), form: testForm });
    const citizen = await citizenWithProfile(j.t, 'makassar', { birthDate: '1991-08-17' });
    birthDate = citizen.birthDate;
    citizenCookie = citizen.cookie;
    verifierCookie = (await signInAs(j.t, 'makassar', { kind: 'officer', name: 'Vera Verifikator', grants: [{ role: 'verifier', agency: 'disdukcapil' }] })).cookie;
    approverCookie = (await signInAs(j.t, 'makassar', { kind: 'officer', name: 'Anton Penyetuju', grants: [{ role: 'approver', agency: 'disdukcapil' }] })).cookie;
  });
  afterAll(() => j?.close());

  let phone: ReturnType<typeof phoneContexts>;
  const axeClean = (page: Page) => phone.axeClean(page);
  const contextFor = (_browser: Browser, cookie: string | undefined, javaScriptEnabled: boolean) => phone.contextFor(cookie, javaScriptEnabled);

  async function apply(page: Page, opts: { withMember2: boolean }) {
    await page.goto(`${j.base}/t/makassar/layanan/disdukcapil/akta-kelahiran`);
    await axeClean(page);
    await page.click('.channels a.button');
    await page.waitForURL(/\/permohonan\/ajukan\/[0-9a-f-]{36}$/);
    await axeClean(page);
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/isian\/pemohon$/);
    expect(await page.inputValue('#f-nik')).toMatch(/^737101\d{10}$/);
    await axeClean(page);
    // A mistake first: the page comes back with the summary, the error beside the field, and what was typed.
    await page.fill('#f-nama', 'Siti Aminah');
    await page.fill('#f-telepon', '12');
    await page.check('#f-punya_usaha-ya');
    await page.click('button[name=_next]');
    expect(await page.locator('.error-summary').innerText()).toContain('Nomor ponsel');
    expect(await page.inputValue('#f-nama')).toBe('Siti Aminah');
    await axeClean(page);
    // The answer "Ya" brought a question on the same page, shown with the page again.
    await page.fill('#f-telepon', '0812 3456 7890');
    await page.fill('#f-nama_usaha', 'Warung Siti');
    await page.click('button[name=_next]');
    await page.waitForURL(/\/isian\/anggota$/);
    await page.fill('#f-anggota-0-nama_anggota', 'Ani');
    if (opts.withMember2) {
      await page.click('button[name=_add]');
      await page.waitForURL(/\/isian\/anggota/);
      await page.fill('#f-anggota-1-nama_anggota', 'Budi');
      await axeClean(page);
    }
    await page.click('button[name=_next]');
    await page.waitForURL(/\/isian\/penutup$/);
    await axeClean(page);
    await page.setInputFiles('#f-akta_lama', { name: 'akta-lama.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.check('#f-declaration');
    await page.click('button[name=_next]');
    await page.waitForURL(/\/periksa$/);
    expect(await page.locator('main').innerText()).toContain('akta-lama.pdf');
    await axeClean(page);
    await page.click('text=Kirim permohonan');
    await page.waitForURL(/\/permohonan\/[0-9a-f-]{36}\?terkirim=1$/);
    await axeClean(page);
    return (await page.locator('#tracking-number').innerText()).trim();
  }

  it('a citizen applies with an attachment at 360 px without JavaScript', async () => {
    const context = await contextFor(j.browser, citizenCookie, false);
    const page = await context.newPage();
    trackingNumber = await apply(page, { withMember2: true });
    expect(trackingNumber).toMatch(/^PMH-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    applicationUrl = page.url().replace(/\?.*$/, '');
    await page.click('header >> text=Permohonan saya');
    await page.waitForURL(/\/permohonan$/);
    expect(await page.locator('#my-applications').innerText()).toContain(trackingNumber);
    await axeClean(page);
    await context.close();
  });

  it('another applies with JavaScript on', async () => {
    const other = await citizenWithProfile(j.t, 'makassar', { birthDate: '1988-01-02' });
    const context = await contextFor(j.browser, other.cookie, true);
    const page = await context.newPage();
    expect(await apply(page, { withMember2: false })).toMatch(/^PMH-/);
    await context.close();
  });

  it('the verifier asks for a revision, the citizen answers, the verifier and the approver approve', async () => {
    const officer = await contextFor(j.browser, verifierCookie, false);
    const op = await officer.newPage();
    await op.goto(`${j.base}/t/makassar/petugas/permohonan`);
    await axeClean(op);
    await op.click(`text=${trackingNumber}`);
    await op.waitForURL(/\/petugas\/permohonan\/[0-9a-f-]{36}$/);
    await axeClean(op);
    await op.click('#step-verify >> text=Ambil langkah ini');
    await op.fill('#f-note_body', 'Periksa nama anggota dengan KK.');
    await op.click('text=Tambah catatan');
    await op.fill('#f-message-verify', 'Nama anggota kedua harus sesuai KK.');
    await op.click('text=Minta perbaikan kepada pemohon');
    await op.waitForURL(/\/petugas\/permohonan\/[0-9a-f-]{36}$/);
    expect(await op.locator('#status').innerText()).toContain('Menunggu perbaikan');
    await axeClean(op);

    const citizen = await contextFor(j.browser, citizenCookie, false);
    const cp = await citizen.newPage();
    await cp.goto(applicationUrl);
    expect(await cp.locator('#todo').innerText()).toContain('Nama anggota kedua harus sesuai KK.');
    expect(await cp.locator('main').innerText()).not.toContain('Periksa nama anggota dengan KK.');
    await axeClean(cp);
    await cp.click('text=Perbaiki isian');
    await cp.waitForURL(/\/perbaikan$/);
    await axeClean(cp);
    await cp.fill('#f-anggota-1-nama_anggota', 'Budi Santoso');
    await cp.click('text=Kirim perbaikan');
    await cp.waitForURL(/\/permohonan\/[0-9a-f-]{36}$/);
    expect(await cp.locator('main').innerText()).toContain('Budi Santoso');
    await axeClean(cp);

    await op.reload();
    await op.click('#step-verify >> button:has-text("Setujui")');
    await op.waitForURL(/\/petugas\/permohonan\/[0-9a-f-]{36}$/);
    expect(await op.locator('#status').innerText()).toContain('Persetujuan');

    const approver = await contextFor(j.browser, approverCookie, false);
    const ap = await approver.newPage();
    await ap.goto(op.url());
    await axeClean(ap);
    await ap.click('#step-approve >> button:has-text("Setujui")');
    await ap.waitForURL(/\/petugas\/permohonan\/[0-9a-f-]{36}$/);
    expect(await ap.locator('#status').innerText()).not.toContain('Persetujuan');
    await Promise.all([officer.close(), citizen.close(), approver.close()]);
  });

  it('anyone tracks it with the number and the birth date', async () => {
    const context = await contextFor(j.browser, undefined, false);
    const page = await context.newPage();
    await page.goto(`${j.base}/t/makassar/permohonan/lacak`);
    await axeClean(page);
    await page.fill('#f-trackingNumber', trackingNumber);
    await page.fill('#f-birthDate', '1991-08-18');
    await page.click('main button[type=submit]');
    expect(await page.locator('.error-summary').innerText()).toContain('tidak cocok');
    await axeClean(page);
    await page.fill('#f-birthDate', birthDate);
    await page.click('main button[type=submit]');
    expect(await page.locator('#track-result').innerText()).toContain('Penerbitan Akta Kelahiran');
    await axeClean(page);
    await context.close();
  });
});
