// Tenant administration in real Chromium, axe-core clean on every page: the demo tenant admin signs in
// (password + TOTP), creates an agency (a mistake first), invites an officer through the page; the
// invitee opens the link from /dev/mailbox, sets a password and enrols the authenticator; the admin
// creates an API key (shown once) and revokes it. The other demo tenant's admin sees none of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentTotp } from '../../src/modules/identity/index.js';
import { demoOfficerEmail } from '../../src/modules/identity/seed.js';
import { chromiumMissing } from './browser.js';
import { type Journey, startJourney } from './identity-journey.js';

describe.skipIf(chromiumMissing)('tenant administration in real Chromium', () => {
  let j: Journey;
  beforeAll(async () => {
    j = await startJourney();
    await j.seedDemoAccounts();
  });
  afterAll(() => j?.close());

  it('agency, invitation accepted with TOTP enrolment, API key created and revoked', async () => {
    const T = `${j.base}/t/makassar`;
    const context = await j.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await j.signInDemoOfficer(page, 'makassar', demoOfficerEmail('makassar', 'tenant_admin'));
    await j.axeClean(page);
    await page.click('text=Administrasi: instansi, petugas, kunci API');
    await page.waitForURL(/\/petugas\/admin$/);
    await j.axeClean(page);

    await page.fill('#f-code', 'X');
    await page.fill('#f-name', 'Dinas Pariwisata');
    await page.click('main form button[type=submit]');
    expect(await page.locator('.error-summary').isVisible()).toBe(true);
    expect(await page.locator('#e-code').isVisible()).toBe(true);
    expect(await page.inputValue('#f-name')).toBe('Dinas Pariwisata');
    await j.axeClean(page);
    await page.fill('#f-code', 'dispar');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/created=1/);
    expect(await page.locator('table').innerText()).toContain('Dinas Pariwisata');
    await j.axeClean(page);

    await page.click('nav.tabs >> text=Petugas');
    await page.waitForURL(/\/petugas\/admin\/petugas$/);
    await j.axeClean(page);
    await page.fill('#f-name', 'Andi Pariwisata');
    await page.fill('#f-email', 'andi.dispar@makassar.go.id');
    await page.selectOption('#f-grants-0-role', 'verifier');
    await page.selectOption('#f-grants-0-agency', 'dispar');
    await page.click('main form button[type=submit]');
    await page.waitForURL(/invited=1/);
    expect(await page.locator('table').innerText()).toContain('Andi Pariwisata');
    await j.axeClean(page);
    await page.click('text=Andi Pariwisata');
    await page.waitForURL(/\/petugas\/admin\/petugas\/[0-9a-f-]{36}$/);
    await j.axeClean(page);

    // The invitee, in their own browser.
    const inviteeContext = await j.browser.newContext({ viewport: { width: 390, height: 844 } });
    const invitee = await inviteeContext.newPage();
    const token = await j.fromMailbox(invitee, 'andi.dispar@makassar.go.id', /token=([A-Za-z0-9_-]+)/);
    await invitee.goto(`${T}/petugas/undangan?token=${token}`);
    await j.axeClean(invitee);
    await invitee.fill('#f-password', 'pantai losari sore hari');
    await invitee.click('main form button[type=submit]');
    await invitee.waitForURL(/\/petugas\/autentikator/);
    await j.axeClean(invitee);
    const secret = (await invitee.locator('#totp-secret').innerText()).trim();
    await invitee.fill('#f-code', await currentTotp(secret, new Date()));
    await invitee.click('main form button[type=submit]');
    expect(await invitee.locator('#recovery-codes li').count()).toBe(10);
    await j.axeClean(invitee);
    await invitee.click('text=Lanjut');
    await invitee.waitForURL(/\/petugas$/);
    expect(await invitee.locator('#officer-roles').innerText()).toContain('Verifikator');
    await j.axeClean(invitee);
    await inviteeContext.close();

    // Back to the admin: the officer is now active.
    await page.reload();
    expect(await page.locator('#officer-status').innerText()).toBe('Aktif');

    await page.click('nav.tabs >> text=Kunci API');
    await page.waitForURL(/\/petugas\/admin\/kunci-api$/);
    await j.axeClean(page);
    await page.fill('#f-name', 'SIMPEG Dispar');
    await page.fill('#f-scopes', 'identity.citizens.read');
    await page.selectOption('#f-agency', 'dispar');
    await page.click('main form.form button[type=submit]');
    const key = (await page.locator('#new-api-key').innerText()).trim();
    expect(key).toMatch(/^gbk_/);
    await j.axeClean(page);
    // The key passes the policy (an unknown citizen: 404), and after revocation it is nobody (401).
    const probe = `${T}/api/v1/citizens/00000000-0000-4000-8000-000000000000?purpose=Uji%20kunci`;
    expect((await fetch(probe, { headers: { authorization: `Bearer ${key}`, accept: 'application/json' } })).status).toBe(404);
    await page.goto(`${T}/petugas/admin/kunci-api`);
    expect(await page.locator('body').innerText()).not.toContain(key);
    await page.click('button:has-text("Cabut SIMPEG Dispar")');
    await page.waitForURL(/\/petugas\/admin\/kunci-api$/);
    expect(await page.locator('table').innerText()).toContain('Dicabut');
    await j.axeClean(page);
    expect((await fetch(probe, { headers: { authorization: `Bearer ${key}`, accept: 'application/json' } })).status).toBe(401);
    await context.close();

    // The other demo tenant's administrator sees neither the agency nor the officer.
    const otherContext = await j.browser.newContext();
    const other = await otherContext.newPage();
    await j.signInDemoOfficer(other, 'jateng', demoOfficerEmail('jateng', 'tenant_admin'));
    await other.goto(`${j.base}/t/jateng/petugas/admin`);
    expect(await other.locator('table').innerText()).not.toContain('Dinas Pariwisata');
    await other.goto(`${j.base}/t/jateng/petugas/admin/petugas`);
    expect(await other.locator('table').innerText()).not.toContain('Andi Pariwisata');
    const res = await other.goto(`${T}/petugas/admin`);
    expect(res?.url()).toMatch(/\/t\/makassar\/petugas\/masuk\?next=/);
    await otherContext.close();
  }, 120_000); // one long journey (three browser contexts, axe on each page)
});
