// The inbox and notification settings pages in real Chromium: no JavaScript needed (forms POST and
// redirect), axe-core clean (WCAG 2.1 AA) on a phone-sized screen, in both languages.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifyFromTemplate, seedDefaultTemplates } from '../../src/modules/notifications/index.js';
import '../../src/modules/notifications/test-events.js'; // events of features not built yet (application.updated is the applications module's own)
import { createTestApp, type TestApp } from '../app.js';
import { signInAs } from '../auth.js';
import { axeAnalyze, chromiumMissing, launchBrowser } from './browser.js';


describe.skipIf(chromiumMissing)('notification pages in real Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await seedDefaultTemplates({ db: t.db.owner, audit: t.audit, actor: { kind: 'system', id: 'seed' } });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  // JavaScript stays on for axe-core itself; the pages ship none (checked below).
  async function contextFor(token: string, javaScriptEnabled = true) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled });
    const url = new URL(base);
    await context.addCookies([{ name: 'gerbang_session', value: token, domain: url.hostname, path: '/', httpOnly: true }]);
    context.setDefaultTimeout(10_000);
    return context;
  }

  it('inbox: unread count, mark read by a plain form (no scripts), no axe violations (id and en)', async () => {
    const person = await signInAs(t, 'makassar', { kind: 'citizen' });
    if (person.principal.kind !== 'citizen') throw new Error('expected a citizen');
    const ctx = { db: t.db.app, audit: t.audit, actor: { kind: 'system', id: 'test' } } as const;
    const recipient = { kind: 'citizen', id: person.principal.id } as const;
    await notifyFromTemplate(ctx, person.tenantId, {
      event: 'application.updated',
      channel: 'inapp',
      recipient,
      lang: 'id',
      vars: { trackingNumber: 'PMH-7K3Q-9XW2', serviceName: 'Akta Kelahiran', status: 'Selesai', url: 'https://layanan.contoh.go.id/l/1' },
    });
    await notifyFromTemplate(ctx, person.tenantId, {
      event: 'complaint.answered',
      channel: 'inapp',
      recipient,
      lang: 'id',
      vars: { trackingNumber: 'ADU-4M8R-2PZ7', agencyName: 'Dinas Kependudukan', url: 'https://layanan.contoh.go.id/l/2' },
    });
    const context = await contextFor(person.token);
    const page = await context.newPage();
    await page.goto(`${base}/t/makassar/notifikasi`);
    expect(await page.locator('h1').textContent()).toBe('Kotak masuk');
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('#unread-count').textContent()).toBe('2 pesan belum dibaca.');
    const axe = await axeAnalyze(page);
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await page.getByRole('button', { name: /Tandai sudah dibaca.*Permohonan/ }).click();
    await page.waitForURL(/done=read/);
    expect(await page.locator('#unread-count').textContent()).toBe('1 pesan belum dibaca.');
    expect(await page.getByRole('status').textContent()).toBe('Pesan ditandai sudah dibaca.');
    // The header of every page carries the unread count.
    expect(await page.getByRole('navigation', { name: 'Akun' }).getByRole('link', { name: /^Kotak masuk/ }).textContent()).toBe('Kotak masuk (1 belum dibaca)');
    const axeAfter = await axeAnalyze(page);
    expect(axeAfter.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await page.goto(`${base}/t/makassar/notifikasi?lang=en`);
    expect(await page.locator('h1').textContent()).toBe('Inbox');
    const axeEn = await axeAnalyze(page);
    expect(axeEn.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await context.close();
  });

  it('settings: a refused form shows an error summary and errors beside fields, axe clean; then saves', async () => {
    // A citizen: the one-time code, which cannot be switched off, is a citizen's event (officers sign
    // in with an authenticator and are offered only their own events, issue 16).
    const person = await signInAs(t, 'makassar', { kind: 'citizen' });
    const context = await contextFor(person.token);
    const page = await context.newPage();
    await page.goto(`${base}/t/makassar/notifikasi/pengaturan`);
    expect(await page.locator('h1').textContent()).toBe('Pengaturan notifikasi');
    const axe = await axeAnalyze(page);
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    // Switch off e-mail for the one-time code (leaving only the inbox): refused.
    const otp = page.locator('#f-ch-otp');
    await otp.getByLabel('E-mail').uncheck();
    const updates = page.locator('#f-ch-complaint-updated');
    await updates.getByLabel('SMS').check();
    await page.getByRole('button', { name: 'Simpan' }).click();
    expect(await page.locator('.error-summary h2').textContent()).toBe('Ada yang perlu diperbaiki');
    expect(await page.locator('#f-ch-otp .field-error').textContent()).toContain('tidak dapat dimatikan');
    // What was chosen is kept.
    expect(await updates.getByLabel('SMS').isChecked()).toBe(true);
    const axeError = await axeAnalyze(page);
    expect(axeError.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await page.locator('#f-ch-otp').getByLabel('SMS').check();
    await page.getByRole('button', { name: 'Simpan' }).click();
    await page.waitForURL(/saved=1/);
    expect(await page.getByRole('status').textContent()).toBe('Pengaturan notifikasi disimpan.');
    expect(await page.locator('#f-ch-otp').getByLabel('SMS').isChecked()).toBe(true);
    expect(await updates.getByLabel('SMS').isChecked()).toBe(true);
    // No officer's event and no daily digest for a citizen.
    expect(await page.getByLabel('Ringkasan harian').count()).toBe(0);
    await context.close();
  });

  it('template admin page has no axe violations, with a preview', async () => {
    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    const context = await contextFor(admin.token);
    const page = await context.newPage();
    await page.goto(`${base}/t/makassar/admin/templat-notifikasi`);
    const axeList = await axeAnalyze(page);
    expect(axeList.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await page.goto(`${base}/t/makassar/admin/templat-notifikasi/otp/id/sms`);
    await page.getByLabel('Isi pesan').fill('Kode {{code}} berlaku {{minutes}} menit {{salah}}');
    await page.getByRole('button', { name: 'Simpan' }).click();
    expect(await page.locator('.error-summary').textContent()).toContain('Variabel {{salah}} tidak tersedia');
    const axe = await axeAnalyze(page);
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    await context.close();
  });
});
