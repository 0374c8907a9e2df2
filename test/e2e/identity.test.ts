// Browser journeys of the identity module in real Chromium, axe-core clean on every page:
// citizen: register → code from /dev/mailbox → account → profile → privacy (access log, download);
// officer: invitation → password → authenticator enrolment → recovery codes → sign in again.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../src/modules/identity/index.js';
import type { TestApp } from '../app.js';
import { signInAs } from '../auth.js';
import { chromiumMissing } from './browser.js';
import { type Journey, startJourney } from './identity-journey.js';

describe.skipIf(chromiumMissing)('identity journeys in real Chromium', () => {
  let journey: Journey;
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let axeClean: Journey['axeClean'];
  let fromMailbox: Journey['fromMailbox'];

  beforeAll(async () => {
    journey = await startJourney();
    ({ t, browser, base, axeClean, fromMailbox } = journey);
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('citizen: register, confirm with the mailed code, edit the profile, see who accessed the data, download it', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${base}/t/makassar/daftar`);
    await axeClean(page);
    // First a mistake: the birth date does not agree with the NIK. The form keeps what was typed.
    await page.fill('#f-nik', '7371 0141 0190 0001');
    await page.fill('#f-name', 'Siti Aminah');
    await page.fill('#f-birthDate', '1990-01-02');
    await page.selectOption('#f-sex', 'P');
    await page.fill('#f-phone', '0812 3456 7890');
    await page.fill('#f-email', 'siti.e2e@example.id');
    await page.fill('#f-regionCode', '73.71.01.1001');
    await page.fill('#f-password', 'kuda lari di pantai losari');
    await page.click('button[type=submit]');
    expect(await page.locator('.error-summary').innerText()).toContain('tidak sesuai dengan NIK');
    expect(await page.inputValue('#f-name')).toBe('Siti Aminah');
    await axeClean(page);
    await page.fill('#f-birthDate', '1990-01-01');
    await page.fill('#f-password', 'kuda lari di pantai losari');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/daftar\/konfirmasi/);
    await axeClean(page);
    const confirmUrl = page.url();

    const code = await fromMailbox(page, 'siti.e2e@example.id', /\b(\d{6})\b/);
    await page.goto(confirmUrl);
    await page.fill('#f-code', code);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/akun$/);
    expect(await page.locator('h1').innerText()).toBe('Akun saya');
    // The owner sees the full NIK.
    expect(await page.locator('dl').innerText()).toContain('7371014101900001');
    await axeClean(page);

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'gerbang_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.secure).toBe(true);
    expect(session.sameSite).toBe('Lax');

    await page.fill('#f-address', 'Jl. Penghibur No. 1, Makassar');
    await page.fill('#f-kkNumber', '123');
    await page.click('form.form button[type=submit]');
    expect(await page.locator('.error-summary').innerText()).toContain('16 angka');
    await axeClean(page);
    await page.fill('#f-kkNumber', '7371010101900001');
    await page.click('form.form button[type=submit]');
    await page.waitForURL(/saved=1/);
    expect(await page.inputValue('#f-address')).toBe('Jl. Penghibur No. 1, Makassar');

    // An officer reads her data for a stated purpose; she sees it on the privacy page.
    const citizenId = (await t.db.owner.selectFrom('citizens').select('id').where('name', '=', 'Siti Aminah').executeTakeFirstOrThrow()).id;
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }], name: 'Rina Verifikator' });
    const read = await t.app.inject({ method: 'GET', url: `/t/makassar/api/v1/citizens/${citizenId}?purpose=Verifikasi%20izin%20usaha`, headers: { cookie: officer.cookie } });
    expect(read.statusCode).toBe(200);

    await page.click('text=Siapa yang mengakses data saya');
    await page.waitForURL(/\/akun\/privasi/);
    const log = await page.locator('table').first().innerText();
    expect(log).toContain('Rina Verifikator');
    expect(log).toContain('Verifikasi izin usaha');
    await axeClean(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Unduh semua data saya (JSON)')]);
    const file = await download.path();
    const data = JSON.parse((await import('node:fs')).readFileSync(file!, 'utf8'));
    expect(data.profile.nik).toBe('7371014101900001');
    expect(data.dataAccessLog[0].purpose).toBe('Verifikasi izin usaha');

    await page.fill('#f-details', 'Mohon perbaiki ejaan alamat saya.');
    await page.click('form.form button[type=submit]');
    await page.waitForURL(/\/akun\/privasi$/);
    expect(await page.locator('body').innerText()).toContain('Koreksi data');
    await axeClean(page);

    // Sign out everywhere, then sign in again with the password.
    await page.goto(`${base}/t/makassar/akun`);
    await page.click('text=Keluar dari semua perangkat');
    await page.goto(`${base}/t/makassar/masuk`);
    await axeClean(page);
    await page.fill('#f-identifier', 'siti.e2e@example.id');
    await page.fill('#f-password', 'salah sekali kata sandinya');
    await page.click('button[type=submit]');
    expect(await page.locator('.error-summary').innerText()).toContain('tidak cocok');
    await page.fill('#f-password', 'kuda lari di pantai losari');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/akun$/);
    await context.close();
  }, 120_000); // a long journey with axe on each page: 30 s is too little under a full, parallel run

  it('officer: accept the invitation, enrol the authenticator, keep recovery codes, sign in again (password + recovery code)', async () => {
    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    const invite = await t.app.inject({
      method: 'POST',
      url: '/t/makassar/api/v1/officers/invitations',
      headers: { cookie: admin.cookie },
      payload: { name: 'Andi Petugas', email: 'andi.e2e@makassar.go.id', grants: [{ role: 'verifier', agency: 'dpmptsp' }] },
    });
    expect(invite.statusCode, invite.body).toBe(201);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const token = await fromMailbox(page, 'andi.e2e@makassar.go.id', /token=([A-Za-z0-9_-]+)/);
    await page.goto(`${base}/t/makassar/petugas/undangan?token=${token}`);
    await axeClean(page);
    await page.fill('#f-password', 'rahasia petugas 2026');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/petugas\/autentikator/);
    await axeClean(page);
    const secret = (await page.locator('#totp-secret').innerText()).trim();
    await page.fill('#f-code', await currentTotp(secret, new Date()));
    await page.click('button[type=submit]');
    expect(await page.locator('#recovery-codes li').count()).toBe(10);
    const firstRecovery = (await page.locator('#recovery-codes li').first().innerText()).trim();
    await axeClean(page);
    await page.click('text=Lanjut');
    await page.waitForURL(/\/petugas$/);
    expect(await page.locator('#officer-roles').innerText()).toContain('Verifikator');
    expect(await page.locator('.notice').innerText()).toContain('tercatat');
    await axeClean(page);

    await page.click('text=Keluar dari semua perangkat');
    await page.goto(`${base}/t/makassar/petugas/masuk`);
    await axeClean(page);
    await page.fill('#f-email', 'andi.e2e@makassar.go.id');
    await page.fill('#f-password', 'rahasia petugas 2026');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/petugas\/kode/);
    await axeClean(page);
    await page.fill('#f-code', '000000');
    await page.click('button[type=submit]');
    expect(await page.locator('.error-summary').innerText()).toContain('salah');
    await axeClean(page);
    // The enrolment code's time step is used up and tests do not wait for the next one: a recovery
    // code completes the sign-in instead.
    await page.fill('#f-code', '');
    await page.fill('#f-recoveryCode', firstRecovery);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/petugas$/);
    expect(await page.locator('#officer-roles').innerText()).toContain('Verifikator');
    await context.close();
  }, 120_000);
});
