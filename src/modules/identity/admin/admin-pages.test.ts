// Tenant administration, the personal-data request queue and the sign-in redirect, through the pages
// (form posts with _csrf, 303 redirects), with refusals for other roles and another tenant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { signInAs } from '../../../../test/auth.js';
import { runDataRequestJobs } from '../../../../test/data-requests.js';

let t: TestApp;
const T = '/t/makassar';
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

async function post(cookie: string, pageUrl: string, url: string, fields: Record<string, string>) {
  const page = await t.app.inject({ method: 'GET', url: pageUrl, headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });
}

describe('tenant administration pages', () => {
  it('creates an agency, invites an officer with a role, grants, revokes, disables (sessions end), makes and revokes an API key', async () => {
    const admin = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] })).cookie;
    const bad = await post(admin, `${T}/petugas/admin`, `${T}/petugas/admin/instansi`, { code: 'X', name: 'ab' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('error-summary');
    expect(bad.body).toContain('field-error');
    const ok = await post(admin, `${T}/petugas/admin`, `${T}/petugas/admin/instansi`, { code: 'dispar', name: 'Dinas Pariwisata Uji' });
    expect(ok.statusCode).toBe(303);
    expect((await t.app.inject({ url: `${T}/petugas/admin`, headers: { cookie: admin } })).body).toContain('Dinas Pariwisata Uji');

    const invite = await post(admin, `${T}/petugas/admin/petugas`, `${T}/petugas/admin/petugas/undang`, { name: 'Sari Petugas', email: 'sari@example.go.id', 'grants.0.role': 'verifier', 'grants.0.agency': 'dispar' });
    expect(invite.statusCode, invite.body).toBe(303);
    const officer = await t.db.owner.selectFrom('officers').select(['id', 'status']).where('email', '=', 'sari@example.go.id').executeTakeFirstOrThrow();
    expect(officer.status).toBe('invited');
    const missingAgency = await post(admin, `${T}/petugas/admin/petugas`, `${T}/petugas/admin/petugas/undang`, { name: 'Budi', email: 'budi@example.go.id', 'grants.0.role': 'verifier', 'grants.0.agency': '' });
    expect(missingAgency.statusCode).toBe(400);

    const detail = `${T}/petugas/admin/petugas/${officer.id}`;
    expect((await post(admin, detail, `${detail}/peran`, { role: 'auditor', agency: '' })).statusCode).toBe(303);
    let roles = await t.db.owner.selectFrom('officer_roles').select(['role', 'agency_id']).where('officer_id', '=', officer.id).execute();
    expect(roles.map((r) => r.role).sort()).toEqual(['auditor', 'verifier']);
    expect((await post(admin, detail, `${detail}/peran/cabut`, { role: 'auditor', agencyId: '' })).statusCode).toBe(303);
    roles = await t.db.owner.selectFrom('officer_roles').select(['role', 'agency_id']).where('officer_id', '=', officer.id).execute();
    expect(roles.map((r) => r.role)).toEqual(['verifier']);

    const victim = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const victimId = (victim.principal as { id: string }).id;
    const vDetail = `${T}/petugas/admin/petugas/${victimId}`;
    expect((await post(admin, vDetail, `${vDetail}/nonaktif`, {})).statusCode).toBe(303);
    const after = await t.app.inject({ url: `${T}/api/v1/me`, headers: { cookie: victim.cookie, accept: 'application/json' } });
    expect(after.statusCode).toBe(401);

    // POST/redirect/GET: the new key is shown once on the page the POST redirects to (carried there in
    // a sealed cookie, never in the URL); a reload of that page does not make a second key.
    const created = await post(admin, `${T}/petugas/admin/kunci-api`, `${T}/petugas/admin/kunci-api`, { name: 'SIMPEG', scopes: 'identity.citizens.read', agency: '' });
    expect(created.statusCode, created.body).toBe(303);
    const carried = created.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const key = await t.app.inject({ url: created.headers.location as string, headers: { cookie: `${admin}; ${carried}` } });
    expect(key.statusCode).toBe(200);
    expect(key.headers['cache-control']).toBe('no-store');
    const shown = /id="new-api-key">(gbk_[^<]+)</.exec(key.body)?.[1];
    expect(shown).toMatch(/^gbk_/);
    const list = await t.app.inject({ url: `${T}/petugas/admin/kunci-api`, headers: { cookie: admin } });
    expect(list.body).not.toContain(shown!);
    const id = (await t.db.owner.selectFrom('api_keys').select('id').executeTakeFirstOrThrow()).id;
    expect((await post(admin, `${T}/petugas/admin/kunci-api`, `${T}/petugas/admin/kunci-api/${id}/cabut`, {})).statusCode).toBe(303);
    expect((await t.db.owner.selectFrom('api_keys').select('revoked_at').executeTakeFirstOrThrow()).revoked_at).not.toBeNull();
  });

  it('refuses other roles and another tenant', async () => {
    const verifier = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] })).cookie;
    const citizen = (await signInAs(t, 'makassar', { kind: 'citizen' })).cookie;
    // The other demo tenant's administrator: their session means nothing in Makassar.
    const other = (await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] })).cookie;
    for (const url of ['/petugas/admin', '/petugas/admin/petugas', '/petugas/admin/kunci-api', '/petugas/permintaan-data']) {
      expect((await t.app.inject({ url: `${T}${url}`, headers: { cookie: verifier } })).statusCode).toBe(403);
      expect((await t.app.inject({ url: `${T}${url}`, headers: { cookie: citizen } })).statusCode).toBe(403);
      expect((await t.app.inject({ url: `${T}${url}`, headers: { cookie: other, accept: 'application/json' } })).statusCode).toBe(401);
      // …while in their own tenant the same session opens the page.
      expect((await t.app.inject({ url: `/t/jateng${url}`, headers: { cookie: other } })).statusCode).toBe(200);
    }
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await t.app.inject({ url: '/t/jateng/petugas/admin', headers: { cookie: other } })).body)![1]!;
    const cross = await t.app.inject({
      method: 'POST',
      url: `${T}/petugas/admin/instansi`,
      headers: { cookie: other, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      payload: new URLSearchParams({ _csrf: csrf, code: 'lintas', name: 'Instansi Lintas Tenant' }).toString(),
    });
    expect([401, 403]).toContain(cross.statusCode);
    expect(await t.db.owner.selectFrom('agencies').select('id').where('code', '=', 'lintas').execute()).toEqual([]);
  });
});

describe('officer start page', () => {
  it('links each officer to the pages their roles open, and only those', async () => {
    const links = async (grants: Parameters<typeof signInAs>[2] & { kind: 'officer' }) => {
      const body = (await t.app.inject({ url: `${T}/petugas`, headers: { cookie: (await signInAs(t, 'makassar', grants)).cookie } })).body;
      return ['/petugas/admin"', '/petugas/permintaan-data"', '/petugas/loket"'].filter((href) => body.includes(`${T}${href}`));
    };
    expect(await links({ kind: 'officer', grants: [{ role: 'tenant_admin' }] })).toEqual(['/petugas/admin"', '/petugas/permintaan-data"']);
    expect(await links({ kind: 'officer', grants: [{ role: 'ppid' }] })).toEqual(['/petugas/permintaan-data"']);
    expect(await links({ kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] })).toEqual(['/petugas/loket"']);
    expect(await links({ kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'dpmptsp' }] })).toEqual([]);
  });
});

describe('personal-data request queue', () => {
  it('lists requests with their deadline, refuses without a reason, resolves; an approved erasure erases the profile', async () => {
    const ppid = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'ppid' }] })).cookie;
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const cid = (citizen.principal as { id: string }).id;
    const filed = await t.app.inject({ method: 'POST', url: `${T}/api/v1/me/data-requests`, headers: { cookie: citizen.cookie }, payload: { kind: 'correction', details: 'Alamat saya salah' } });
    expect(filed.statusCode, filed.body).toBeLessThan(300);
    const reqId = (await t.db.owner.selectFrom('data_requests').select('id').where('citizen_id', '=', cid).executeTakeFirstOrThrow()).id;
    const queue = await t.app.inject({ url: `${T}/petugas/permintaan-data`, headers: { cookie: ppid } });
    expect(queue.body).toContain('Alamat saya salah');
    const noReason = await post(ppid, `${T}/petugas/permintaan-data`, `${T}/petugas/permintaan-data/${reqId}`, { outcome: 'refused', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('error-summary');
    expect((await post(ppid, `${T}/petugas/permintaan-data`, `${T}/petugas/permintaan-data/${reqId}`, { outcome: 'refused', reason: 'Alamat sesuai KTP' })).statusCode).toBe(303);
    const mine = await t.app.inject({ url: `${T}/akun/privasi`, headers: { cookie: citizen.cookie } });
    expect(mine.body).toContain('Alamat sesuai KTP');

    await t.app.inject({ method: 'POST', url: `${T}/api/v1/me/data-requests`, headers: { cookie: citizen.cookie }, payload: { kind: 'erasure', details: 'Hapus akun saya' } });
    const er = (await t.db.owner.selectFrom('data_requests').select('id').where('citizen_id', '=', cid).where('kind', '=', 'erasure').executeTakeFirstOrThrow()).id;
    expect((await post(ppid, `${T}/petugas/permintaan-data`, `${T}/petugas/permintaan-data/${er}`, { outcome: 'done', reason: '' })).statusCode).toBe(303);
    // Approved: carried out by the job (queued with the approval), across every module.
    expect(await runDataRequestJobs(t)).toBeGreaterThan(0);
    const row = await t.db.owner.selectFrom('citizens').select(['status', 'nik_hash', 'name']).where('id', '=', cid).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'erased', nik_hash: null, name: '' });
    expect(await t.db.owner.selectFrom('citizen_profiles').select('citizen_id').where('citizen_id', '=', cid).executeTakeFirst()).toBeUndefined();
  });
});

describe('sign-in redirect', () => {
  it('sends a signed-out browser to the right sign-in page with a return address; API keeps 401', async () => {
    const page = await t.app.inject({ url: `${T}/akun`, headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe(`${T}/masuk?next=${encodeURIComponent(`${T}/akun`)}`);
    const officer = await t.app.inject({ url: `${T}/petugas/admin`, headers: { accept: 'text/html' } });
    expect(String(officer.headers.location)).toMatch(new RegExp(`^${T}/petugas/masuk\\?next=`));
    const api = await t.app.inject({ url: `${T}/api/v1/me/profile`, headers: { accept: 'application/json' } });
    expect(api.statusCode).toBe(401);
    const login = await t.app.inject({ url: `${T}/masuk?next=//evil.example/x`, headers: { accept: 'text/html' } });
    expect(login.body).not.toContain('name="next"');
  });
});
