// Client applications: the tenant admin registers (secret once, stored hashed), lists, disables and
// enables them through the API and the pages; bad input is refused beside the fields; another
// tenant's admin and other roles are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { signInAs } from '../../../test/auth.js';
import { hashClientSecret } from './clients.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] })).cookie;
});
afterAll(() => t?.close());

const API = '/t/makassar/api/v1/oidc/clients';
const body = { name: 'SIM Perizinan', redirectUris: ['https://izin.makassar.go.id/callback'], scopes: ['openid', 'profile', 'email'] };

describe('registering client applications (API)', () => {
  it('registers a client, shows its secret once and keeps only the hash', async () => {
    const res = await t.app.inject({ method: 'POST', url: API, headers: { cookie: admin }, payload: body });
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const { client, clientSecret } = res.json();
    expect(client).toMatchObject({ name: 'SIM Perizinan', scopes: ['openid', 'profile', 'email'], status: 'active', tokenEndpointAuthMethod: 'client_secret_basic', nikApproved: false });
    expect(clientSecret).toMatch(/^gbs_[A-Za-z0-9_-]{43}$/);
    const row = await t.db.owner.selectFrom('oidc_clients').select(['secret_hash', 'tenant_id']).where('id', '=', client.clientId).executeTakeFirstOrThrow();
    expect(row.secret_hash).toBe(hashClientSecret(clientSecret));
    expect(JSON.stringify(await t.db.owner.selectFrom('oidc_clients').selectAll().execute())).not.toContain(clientSecret);

    const list = await t.app.inject({ url: API, headers: { cookie: admin } });
    expect(list.json().items.map((c: { clientId: string }) => c.clientId)).toContain(client.clientId);
    expect(list.body).not.toContain(clientSecret);
    await t.audit.flush(t.db.owner); // sequence the committed audit events (decision 0014)
    const audit = await t.db.owner.selectFrom('audit_log').select(['action']).where('subject', '=', `oidc_client:${client.clientId}`).execute();
    expect(audit.map((a) => a.action)).toEqual(['oidc_client.registered']);
  });

  it('refuses bad input beside the fields, and saves nothing', async () => {
    const before = await t.db.owner.selectFrom('oidc_clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'POST',
      url: API,
      headers: { cookie: admin, 'accept-language': 'en' },
      payload: { name: 'x', redirectUris: ['http://evil.example/cb', 'https://a.example/cb#frag'], scopes: ['openid', 'nik'], logoUrl: 'javascript:alert(1)' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['/name', '/redirectUris', '/scopes', '/logoUrl']));
    const two = await t.app.inject({ method: 'POST', url: API, headers: { cookie: admin }, payload: { ...body, redirectUris: ['https://a.example/cb', 'https://b.example/cb'] } });
    expect(two.json().errors[0]).toMatchObject({ field: '/redirectUris', code: 'sector' });
    const nik = await t.app.inject({ method: 'POST', url: API, headers: { cookie: admin }, payload: { ...body, scopes: ['openid', 'nik'], nikApproved: true } });
    expect(nik.json().errors[0]).toMatchObject({ field: '/jwks' });
    const after = await t.db.owner.selectFrom('oidc_clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('disables and enables a client, audited once per change', async () => {
    const { client } = (await t.app.inject({ method: 'POST', url: API, headers: { cookie: admin }, payload: body })).json();
    const off = await t.app.inject({ method: 'PATCH', url: `${API}/${client.clientId}`, headers: { cookie: admin }, payload: { status: 'disabled' } });
    expect(off.json().status).toBe('disabled');
    await t.app.inject({ method: 'PATCH', url: `${API}/${client.clientId}`, headers: { cookie: admin }, payload: { status: 'disabled' } });
    const on = await t.app.inject({ method: 'PATCH', url: `${API}/${client.clientId}`, headers: { cookie: admin }, payload: { status: 'active' } });
    expect(on.json().status).toBe('active');
    await t.audit.flush(t.db.owner);
    const audit = await t.db.owner.selectFrom('audit_log').select(['action']).where('subject', '=', `oidc_client:${client.clientId}`).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['oidc_client.registered', 'oidc_client.disabled', 'oidc_client.enabled']);
  });

  it('refuses another tenant’s admin, a citizen and an officer without the role', async () => {
    const { client } = (await t.app.inject({ method: 'POST', url: API, headers: { cookie: admin }, payload: body })).json();
    const other = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    // Jateng's admin sees none of Makassar's clients in their own tenant, and cannot reach Makassar's.
    expect((await t.app.inject({ url: '/t/jateng/api/v1/oidc/clients', headers: { cookie: other.cookie } })).json().items).toEqual([]);
    expect((await t.app.inject({ url: `/t/jateng/api/v1/oidc/clients/${client.clientId}`, headers: { cookie: other.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'PATCH', url: `/t/jateng/api/v1/oidc/clients/${client.clientId}`, headers: { cookie: other.cookie }, payload: { status: 'disabled' } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: API, headers: { cookie: other.cookie } })).statusCode).toBe(401);
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    for (const cookie of [citizen.cookie, verifier.cookie]) {
      expect((await t.app.inject({ url: API, headers: { cookie } })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'POST', url: API, headers: { cookie }, payload: body })).statusCode).toBe(403);
      expect((await t.app.inject({ method: 'PATCH', url: `${API}/${client.clientId}`, headers: { cookie }, payload: { status: 'disabled' } })).statusCode).toBe(403);
    }
    expect((await t.app.inject({ url: `${API}/${client.clientId}`, headers: { cookie: admin } })).json().status).toBe('active');
  });
});

describe('registering client applications (pages)', () => {
  const PAGE = '/t/makassar/petugas/admin/aplikasi';
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

  it('registers through the form, shows the secret once, disables from the list', async () => {
    const form = await t.app.inject({ url: PAGE, headers: { cookie: admin } });
    expect(form.statusCode).toBe(200);
    const post = await t.app.inject({
      method: 'POST',
      url: PAGE,
      headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams([
        ['_csrf', csrfOf(form.body)],
        ['name', 'Aplikasi Halaman'],
        ['redirectUris', 'https://halaman.example.go.id/cb\r\nhttps://halaman.example.go.id/cb2'],
        ['scopes', 'profile'],
        ['scopes', 'phone'],
      ]).toString(),
    });
    expect(post.statusCode).toBe(303);
    const carried = String(post.headers['set-cookie']).split(';')[0]!;
    const shown = await t.app.inject({ url: PAGE, headers: { cookie: `${admin}; ${carried}` } });
    expect(shown.headers['cache-control']).toBe('no-store');
    const secret = /<code>(gbs_[^<]+)<\/code>/.exec(shown.body)?.[1];
    expect(secret).toBeDefined();
    const again = await t.app.inject({ url: PAGE, headers: { cookie: admin } });
    expect(again.body).not.toContain(secret!);
    const row = await t.db.owner.selectFrom('oidc_clients').select(['id', 'scopes', 'redirect_uris']).where('name', '=', 'Aplikasi Halaman').executeTakeFirstOrThrow();
    expect(row.scopes).toEqual(['openid', 'profile', 'phone']);
    expect(row.redirect_uris).toEqual(['https://halaman.example.go.id/cb', 'https://halaman.example.go.id/cb2']);

    const off = await t.app.inject({
      method: 'POST',
      url: `${PAGE}/${row.id}/status`,
      headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(again.body), status: 'disabled' }).toString(),
    });
    expect(off.statusCode).toBe(303);
    expect((await t.db.owner.selectFrom('oidc_clients').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status).toBe('disabled');
  });

  it('shows errors beside the fields and keeps what was typed', async () => {
    const form = await t.app.inject({ url: PAGE, headers: { cookie: admin } });
    const res = await t.app.inject({
      method: 'POST',
      url: PAGE,
      headers: { cookie: admin, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrfOf(form.body), name: 'Aplikasi Tanpa Alamat', redirectUris: 'ftp://x' }).toString(),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="e-redirectUris"');
    expect(res.body).toContain('value="Aplikasi Tanpa Alamat"');
  });

  it('is refused to a citizen, a verifier and another tenant’s admin', async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const other = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect((await t.app.inject({ url: PAGE, headers: { cookie: citizen.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: PAGE, headers: { cookie: verifier.cookie } })).statusCode).toBe(403);
    const jateng = await t.app.inject({ url: '/t/jateng/petugas/admin/aplikasi', headers: { cookie: other.cookie } });
    expect(jateng.statusCode).toBe(200);
    expect(jateng.body).not.toContain('SIM Perizinan');
    expect((await t.app.inject({ url: PAGE, headers: { cookie: other.cookie, accept: 'application/json' } })).statusCode).toBe(401);
  });
});
