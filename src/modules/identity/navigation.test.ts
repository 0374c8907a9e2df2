// The navigation every page needs (issue 16): the header offers sign in / register, or the person's
// own pages and a plain "Keluar" that ends this session only; the officer's home lists, by role and
// in words, the pages the officer's roles open; a favicon; the API documentation off the citizen
// footer. The entries come from the modules' registrations (web/navigation.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { signInAs } from '../../../test/auth.js';
import { createSession, SESSION_COOKIE } from './sessions.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const T = '/t/makassar';
const page = (url: string, cookie?: string) => t.app.inject({ url, headers: cookie ? { cookie } : {} });
/** The header's navigation of a page. */
const headerOf = (html: string) => /<nav class="header-links"[^>]*>(.*?)<\/nav>/s.exec(html)?.[1] ?? '';

describe('the header', () => {
  it('offers "Masuk" and "Daftar" to whoever is not signed in', async () => {
    const header = headerOf((await page(`${T}/pengaduan`)).body);
    expect(header).toContain(`href="${T}/masuk"`);
    expect(header).toContain('>Masuk<');
    expect(header).toContain(`href="${T}/daftar"`);
    expect(header).toContain('>Daftar<');
    expect(header).not.toContain('/keluar');
    expect(header).not.toContain('/akun');
  });

  it('offers a citizen the account, "Laporan saya", the inbox and "Keluar" (a POST with the CSRF token)', async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const header = headerOf((await page(`${T}/pengaduan`, citizen.cookie)).body);
    expect(header).toContain(`href="${T}/akun"`);
    expect(header).toContain('>Laporan saya<');
    expect(header).toContain(`href="${T}/pengaduan/saya"`);
    expect(header).toContain(`href="${T}/notifikasi"`);
    expect(header).toMatch(new RegExp(`<form method="post" action="${T}/keluar"[^>]*><input type="hidden" name="_csrf" value="[^"]+"/><button class="link-button">Keluar</button>`));
    expect(header).not.toContain(`${T}/masuk"`);
    // In English too.
    const en = headerOf((await page(`${T}/pengaduan?lang=en`, citizen.cookie)).body);
    expect(en).toContain('>My reports<');
    expect(en).toContain('>Sign out<');
  });

  it('"Keluar" ends this session only; the person stays signed in on their other devices', async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const other = await createSession(t.db.app, citizen.tenantId, { kind: 'citizen', id: (citizen.principal as { id: string }).id }, new Date());
    const otherCookie = `${SESSION_COOKIE}=${other.token}`;
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await page(`${T}/pengaduan`, citizen.cookie)).body)![1]!;
    const res = await t.app.inject({
      method: 'POST',
      url: `${T}/keluar`,
      headers: { cookie: citizen.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf }).toString(),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${T}/`);
    const me = (cookie: string) => t.app.inject({ url: `${T}/api/v1/me`, headers: { cookie, accept: 'application/json' } });
    expect((await me(citizen.cookie)).statusCode).toBe(401);
    expect((await me(otherCookie)).statusCode).toBe(200);
  });

  it('refuses "Keluar" without its CSRF token', async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const res = await t.app.inject({ method: 'POST', url: `${T}/keluar`, headers: { cookie: citizen.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    expect(res.statusCode).toBe(403);
    expect((await t.app.inject({ url: `${T}/api/v1/me`, headers: { cookie: citizen.cookie, accept: 'application/json' } })).statusCode).toBe(200);
  });
});

describe("the officer's home", () => {
  it('lists, per role and in words, the queues and administration pages the roles open', async () => {
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }, { role: 'tenant_admin' }] });
    const res = await page(`${T}/petugas`, officer.cookie);
    expect(res.statusCode).toBe(200);
    const main = /<main[^>]*>(.*)<\/main>/s.exec(res.body)![1]!;
    expect(main).toContain('Koordinator pengaduan');
    expect(main).toContain('Admin pemda');
    expect(main).not.toMatch(/complaint_coordinator|tenant_admin/);
    expect(main).toContain(`href="${T}/petugas/pengaduan"`);
    expect(main).toContain(`href="${T}/petugas/admin"`);
    // Officers and developers find the API's documentation here (not in every citizen page's footer).
    expect(main).toContain('href="/api/docs"');
  });

  it('shows an officer only what their roles open', async () => {
    const handler = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'disdukcapil' }] });
    const main = /<main[^>]*>(.*)<\/main>/s.exec((await page(`${T}/petugas`, handler.cookie)).body)![1]!;
    expect(main).toContain('Penghubung pengaduan');
    expect(main).toContain(`href="${T}/petugas/pengaduan"`);
    expect(main).not.toContain(`href="${T}/petugas/admin"`);
    expect(main).not.toContain(`href="${T}/petugas/pengaduan/model-rute"`);
  });
});

describe('the page frame', () => {
  it('links a favicon, and /favicon.ico is no 404', async () => {
    const home = await page(`${T}/`);
    expect(home.body).toContain('<link rel="icon" href="/static/favicon.svg" type="image/svg+xml"/>');
    const svg = await page('/static/favicon.svg');
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    const ico = await page('/favicon.ico');
    expect(ico.statusCode).toBe(301);
    expect(ico.headers.location).toBe('/static/favicon.svg');
  });

  it("no longer links the API's documentation (555 KB) from a citizen page's footer", async () => {
    const footer = /<footer[^>]*>(.*)<\/footer>/s.exec((await page(`${T}/`)).body)![1]!;
    expect(footer).not.toContain('/api/docs');
    expect(footer).toContain('/.well-known/audit-checkpoints');
  });
});
