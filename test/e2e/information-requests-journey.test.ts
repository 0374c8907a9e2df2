// A public information request in real Chromium at 360 px with JavaScript off, axe-core clean on every
// page: a citizen asks (an empty form is refused beside its fields), the PPID extends the deadline with
// a reason and grants in part (refused first without the redaction explained), the citizen objects on
// a ground the page offers, and the atasan PPID answers, after which the citizen sees the last day for
// the Komisi Informasi. The partial grant carries an answer file the PPID uploads through the page
// (multipart, no JavaScript), scanned by the files' scan job; the requester downloads it from their
// request's page (the e-mail's answer link is tested through the API, answers.test.ts). The app's
// clock is Monday 16 March 2026 (Makassar), so the dates are known: due 7 April (Nyepi, Idulfitri's cuti bersama, Good Friday), extended by 7 to 16 April.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, resolveSession, SESSION_COOKIE } from '../../src/modules/identity/index.js';
import { citizenWithProfile, pdf, runFileScans } from '../applications.js';
import { signInAs } from '../auth.js';
import { chromiumMissing } from './browser.js';
import { phoneContexts } from './browser-contexts.js';
import { type Journey, startJourney } from './identity-journey.js';

let clock = new Date('2026-03-16T02:00:00Z');
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-ppid-journey-'));
const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-ppid-upload-'));
const answerPdf = pdf(4000);

describe.skipIf(chromiumMissing)('information request journey in real Chromium', { timeout: 300_000 }, () => {
  let j: Journey;
  let phone: ReturnType<typeof phoneContexts>;
  let citizen: BrowserContext;
  let requestUrl: string;

  beforeAll(async () => {
    j = await startJourney({ RATE_LIMIT_WRITES_PER_MINUTE: '100000', FILES_DIR: filesDir }, { now: () => clock });
    phone = phoneContexts(j);
    const person = await citizenWithProfile(j.t, 'makassar');
    citizen = await phone.contextFor(person.cookie, false);
  });
  afterAll(async () => {
    await j?.close();
    for (const dir of [filesDir, uploadDir]) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function fitsPhone(page: Page) {
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  }
  async function officer(role: 'ppid' | 'ppid_superior'): Promise<Page> {
    const signedIn = await signInAs(j.t, 'makassar', { kind: 'officer', grants: [role === 'ppid' ? { role, agency: 'diskominfo' } : { role }] });
    return (await phone.contextFor(signedIn.cookie, false)).newPage();
  }

  it('the citizen asks, is refused an empty form beside its fields, and gets the receipt with the deadline', async () => {
    const page = await citizen.newPage();
    await page.goto(`${j.base}/t/makassar/`);
    await page.click('a[href$="/informasi-publik/permohonan"]');
    await phone.axeClean(page);
    await fitsPhone(page);
    await page.fill('#f-purpose', 'Bahan liputan');
    await page.click('main button[type=submit]');
    expect(await page.locator('.error-summary').innerText()).toContain('Tuliskan informasi yang Anda minta.');
    expect(await page.inputValue('#f-purpose')).toBe('Bahan liputan');
    await phone.axeClean(page);
    await page.fill('#f-information', 'Daftar penerima hibah Kota Makassar tahun 2025');
    await page.check('#f-delivery-email');
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/informasi-publik\/permohonan\/[0-9a-f-]{36}$/);
    requestUrl = page.url();
    expect(await page.locator('#receipt').innerText()).toMatch(/nomor PPI-.{4}-.{4}.*7 April 2026/s);
    await phone.axeClean(page);
    await fitsPhone(page);
    await page.close();
  });

  it('the PPID extends with a reason and grants in part, explaining the redaction', async () => {
    const page = await officer('ppid');
    await page.goto(`${j.base}/t/makassar/petugas/informasi-publik`);
    await phone.axeClean(page);
    await page.click('#queue-open a');
    await page.selectOption('#f-days', '7');
    await page.fill('#f-reason', 'Data dihimpun dari tiga bidang.');
    await page.click('form[action$="/perpanjang"] button[type=submit]');
    await page.waitForURL(/informasi-publik\/[0-9a-f-]{36}$/);
    expect(await page.locator('#request-due').innerText()).toContain('16 April 2026');
    await phone.axeClean(page);

    clock = new Date('2026-04-10T03:00:00Z');
    const fresh = await officer('ppid');
    await fresh.goto(page.url());
    await page.context().close();
    // The answer file, uploaded through the page's multipart form, then scanned by the files' scan job.
    const upload = path.join(uploadDir, 'Daftar penerima hibah 2025.pdf');
    fs.writeFileSync(upload, answerPdf);
    await fresh.setInputFiles('#f-answerFile', upload);
    await fresh.click('form[action*="/berkas"] button[type=submit]');
    await fresh.waitForURL(/#answer-files$/);
    expect(await fresh.locator('#answer-files').innerText()).toContain('Daftar penerima hibah 2025.pdf');
    await phone.axeClean(fresh);
    await runFileScans(j.t, filesDir);
    await fresh.reload();
    await fresh.check('#f-decision-granted_part');
    await fresh.fill('#f-answer', 'Daftar penerima hibah dikirim ke e-mail Anda.');
    await fresh.click('form[action$="/putuskan"] button[type=submit]');
    expect(await fresh.locator('.error-summary').innerText()).toContain('Jelaskan bagian yang dihitamkan');
    await phone.axeClean(fresh);
    await fresh.fill('#f-redaction', 'Nomor rekening penerima dihitamkan (Pasal 17 huruf h).');
    // The refused decision kept what was chosen; the clean file is offered, and ticked, for delivery.
    await fresh.locator('input[name=answerFileIds]').check();
    await fresh.click('form[action$="/putuskan"] button[type=submit]');
    expect(await fresh.locator('#request-status').innerText()).toBe('Dikabulkan sebagian');
    expect(await fresh.locator('#answer-files').innerText()).toContain('Daftar penerima hibah 2025.pdf');
    await phone.axeClean(fresh);
    await fitsPhone(fresh);
    await fresh.context().close();
  });

  it('the citizen objects, the superior answers, and the citizen is told the Komisi Informasi date', async () => {
    clock = new Date('2026-04-13T02:00:00Z');
    await citizen.close(); // the journey's citizen signs in again at the new time
    citizen = await phone.contextFor(await reopenCitizenCookie(), false);
    const page = await citizen.newPage();
    await page.goto(requestUrl);
    expect(await page.locator('#decision-answer').innerText()).toContain('dikirim ke e-mail');
    await phone.axeClean(page);
    await fitsPhone(page);
    expect(await downloaded(page)).toEqual(answerPdf);
    const offered = await page.locator('#f-ground option').allInnerTexts();
    expect(offered).toContain('e. permohonan tidak dipenuhi');
    expect(offered).not.toContain('c. permohonan tidak ditanggapi');
    await page.selectOption('#f-ground', 'e');
    await page.fill('#f-reason', 'Nomor rekening penerima hibah adalah informasi publik.');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/#objection$/);
    expect(await page.locator('#objection-due').innerText()).toContain('2 Juni 2026');
    await phone.axeClean(page);
    await fitsPhone(page);

    clock = new Date('2026-04-20T02:00:00Z');
    const boss = await officer('ppid_superior');
    await boss.goto(`${j.base}/t/makassar/petugas/informasi-publik/keberatan`);
    await phone.axeClean(boss);
    await boss.click('#objections a');
    await boss.check('#f-upheld-yes');
    await boss.fill('#f-answer', 'Keberatan diterima; daftar lengkap diserahkan.');
    await boss.click('form[action$="/keberatan/jawab"] button[type=submit]');
    expect(await boss.locator('#objection-answer').innerText()).toContain('Keberatan diterima');
    await phone.axeClean(boss);
    await boss.context().close();

    await citizen.close();
    citizen = await phone.contextFor(await reopenCitizenCookie(), false);
    const again = await citizen.newPage();
    await again.goto(requestUrl);
    expect(await again.locator('#commission').innerText()).toContain('11 Mei 2026');
    await phone.axeClean(again);
    await fitsPhone(again);
  });

  /** Clicks the page's answer file link and returns the bytes the browser saved. */
  async function downloaded(page: Page): Promise<Buffer> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#answer-files a')]);
    return fs.readFileSync((await download.path())!);
  }

  let citizenId: string | undefined;
  /** A session, at the clock's time, of the citizen who made the request (read from the request page's owner). */
  async function reopenCitizenCookie(): Promise<string> {
    const id = requestUrl.split('/').at(-1)!;
    citizenId ??= (await j.t.db.owner.selectFrom('information_requests').select('citizen_id').where('id', '=', id).executeTakeFirstOrThrow()).citizen_id!;
    const tenantId = (await signInAs(j.t, 'makassar', { kind: 'citizen' })).tenantId;
    const session = await createSession(j.t.db.app, tenantId, { kind: 'citizen', id: citizenId }, j.t.now());
    await resolveSession(j.t.db.app, tenantId, session.token, j.t.now());
    return `${SESSION_COOKIE}=${session.token}`;
  }
});
