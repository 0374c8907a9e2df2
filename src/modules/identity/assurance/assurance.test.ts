// Levels of assurance as the person's (issue 17): each raise recorded with the raising tenant and the
// time, in the raise's transaction; the online registry check (match raises, anything else changes
// nothing, no registry: 409); the counter check with its officer; what the citizen and an officer
// see; and refusals for another role and another tenant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenWithProfile } from '../../../../test/applications.js';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { signInAs, tenantContextOf } from '../../../../test/auth.js';
import { importResidentsCsv, saveRegistrySettings } from '../registry/registry.js';

let t: TestApp;
const M = '/t/makassar';
beforeAll(async () => {
  t = await createTestApp();
  const ctx = await tenantContextOf(t, 'makassar');
  await saveRegistrySettings(t.db.app, ctx.tenant.id, { registry: 'builtin', registryUrl: null, registryKey: null }, new Date());
});
afterAll(() => t?.close());

async function inRegistry(slug: string, person: { nik: string; name: string; birthDate: string }) {
  const ctx = await tenantContextOf(t, slug);
  const result = await importResidentsCsv(ctx, { csv: `nik,nama,tanggal_lahir\n${person.nik},${person.name},${person.birthDate}` });
  expect(result.errors).toEqual([]);
}

const page = (url: string, cookie?: string) => t.app.inject({ url, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });

async function postForm(cookie: string, pageUrl: string, url: string, fields: Record<string, string> = {}) {
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await page(pageUrl, cookie)).body)?.[1] ?? '';
  return t.app.inject({
    method: 'POST',
    url,
    headers: { accept: 'text/html', cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

const raisesOf = (citizenId: string) => t.db.owner.selectFrom('assurance_raises').selectAll().where('citizen_id', '=', citizenId).execute();

describe('the online registry check', () => {
  it('raises an unverified citizen in the registry to "registry", records who and when, and goes back to `next`', async () => {
    const citizen = await citizenWithProfile(t, 'makassar', { assurance: 'unverified' });
    await inRegistry('makassar', citizen);
    const before = await page(`${M}/akun`, citizen.cookie);
    expect(before.body).toContain('Belum terverifikasi');

    const next = `${M}/permohonan`;
    const shown = await page(`${M}/akun/verifikasi?next=${encodeURIComponent(next)}`, citizen.cookie);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Cara 1: periksa ke data kependudukan secara daring');
    expect(shown.body).toContain('Cara 2: datang ke loket');
    const done = await postForm(citizen.cookie, `${M}/akun/verifikasi`, `${M}/akun/verifikasi`, { next });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(next);

    const raises = await raisesOf(citizen.id);
    expect(raises).toHaveLength(1);
    expect(raises[0]).toMatchObject({ level: 'registry', method: 'registry', tenant_id: (await tenantContextOf(t, 'makassar')).tenant.id, officer_id: null });
    const account = await page(`${M}/akun`, citizen.cookie);
    expect(account.body).toMatch(/id="assurance-level">Terverifikasi data kependudukan.*dicocokkan dengan data kependudukan oleh Pemerintah Kota Makassar/s);
    const api = await t.app.inject({ url: `${M}/api/v1/me/assurance`, headers: { cookie: citizen.cookie, 'accept-language': 'en' } });
    expect(api.json()).toMatchObject({ level: 'registry', registryOnline: true, raises: [{ level: 'registry', method: 'registry', tenant: { name: 'Makassar City Government' } }] });
    await t.audit.flush(t.db.app); // sequence the committed audit events (decision 0014)
    const audit = await t.db.owner.selectFrom('audit_log').select('action').where('subject', '=', `citizen:${citizen.id}`).execute();
    expect(audit.map((a) => a.action)).toContain('citizen.assurance_raised');

    // Once raised, the check has nothing to do.
    const again = await t.app.inject({ method: 'POST', url: `${M}/api/v1/me/assurance/registry-check`, headers: { cookie: citizen.cookie } });
    expect(again.json()).toEqual({ result: 'already', level: 'registry' });
    expect(await raisesOf(citizen.id)).toHaveLength(1);
  });

  it('changes nothing when the registry disagrees, and says so on the page', async () => {
    const citizen = await citizenWithProfile(t, 'makassar', { assurance: 'unverified' });
    await inRegistry('makassar', { ...citizen, name: 'Nama Lain Sekali' });
    const done = await postForm(citizen.cookie, `${M}/akun/verifikasi`, `${M}/akun/verifikasi`);
    expect(done.statusCode).toBe(303);
    const cookies = ([] as string[]).concat(done.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const after = await page(String(done.headers.location), [citizen.cookie, ...cookies].join('; '));
    expect(after.body).toContain('tidak cocok dengan data kependudukan');
    expect(after.body).toMatch(/id="assurance-level">Belum terverifikasi/);
    expect(await raisesOf(citizen.id)).toHaveLength(0);
    const api = await t.app.inject({ method: 'POST', url: `${M}/api/v1/me/assurance/registry-check`, headers: { cookie: citizen.cookie } });
    expect(api.json()).toEqual({ result: 'mismatch', level: 'unverified' });
  });

  it('answers 409 where the tenant checks no registry, and the page offers the counter only', async () => {
    const citizen = await citizenWithProfile(t, 'jateng', { assurance: 'unverified' });
    const api = await t.app.inject({ method: 'POST', url: '/t/jateng/api/v1/me/assurance/registry-check', headers: { cookie: citizen.cookie, 'accept-language': 'en' } });
    expect(api.statusCode).toBe(409);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect(api.json()).toMatchObject({ code: 'assurance.no_registry', title: expect.stringContaining('does not check the population registry online') });
    const shown = await page('/t/jateng/akun/verifikasi', citizen.cookie);
    expect(shown.body).toContain('belum memeriksa data kependudukan secara daring');
    expect(shown.body).not.toContain('Periksa sekarang');
    const refused = await postForm(citizen.cookie, '/t/jateng/akun/verifikasi', '/t/jateng/akun/verifikasi');
    expect(refused.statusCode).toBe(409);
  });

  it('is the citizen’s own: an officer is refused; on another tenant the same person asks that tenant’s registry', async () => {
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    expect((await t.app.inject({ method: 'POST', url: `${M}/api/v1/me/assurance/registry-check`, headers: { cookie: officer.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${M}/api/v1/me/assurance`, headers: { cookie: officer.cookie } })).statusCode).toBe(403);
    const citizen = await citizenWithProfile(t, 'makassar', { assurance: 'unverified' });
    // One account for the installation (migration 0057): signed in on Jawa Tengah too, which checks no registry.
    expect((await t.app.inject({ method: 'POST', url: '/t/jateng/api/v1/me/assurance/registry-check', headers: { cookie: citizen.cookie } })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: '/t/jateng/api/v1/me/assurance/registry-check' })).statusCode).toBe(401);
  });
});

describe('the counter check', () => {
  it('records the officer and the tenant; an officer at the counter sees the level and who raised it', async () => {
    const citizen = await citizenWithProfile(t, 'makassar', { assurance: 'unverified' });
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const other = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const url = (slug: string) => `/t/${slug}/api/v1/assisted/citizens/${citizen.id}/in-person-verification`;
    const evidence = { evidence: 'KTP-el asli diperiksa dan cocok dengan wajah pemohon.' };
    expect((await t.app.inject({ method: 'POST', url: url('jateng'), headers: { cookie: other.cookie }, payload: evidence })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: url('makassar'), headers: { cookie: citizen.cookie }, payload: evidence })).statusCode).toBe(403);
    const raised = await t.app.inject({ method: 'POST', url: url('makassar'), headers: { cookie: officer.cookie }, payload: evidence });
    expect(raised.json()).toEqual({ assurance: 'in_person' });
    expect(await raisesOf(citizen.id)).toMatchObject([{ level: 'in_person', method: 'counter', officer_id: officer.principal.kind === 'officer' ? officer.principal.id : '' }]);

    const found = await postForm(officer.cookie, `${M}/petugas/loket`, `${M}/petugas/loket/cari`, { nik: citizen.nik, purpose: 'Membantu permohonan' });
    expect(found.statusCode).toBe(303);
    const cookies = ([] as string[]).concat(found.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const consent = await page(`${M}/petugas/loket/persetujuan`, [officer.cookie, ...cookies].join('; '));
    expect(consent.body).toMatch(/id="counter-assurance">Terverifikasi tatap muka — dinaikkan oleh Pemerintah Kota Makassar/);

    const mine = await page(`${M}/akun/verifikasi`, citizen.cookie);
    expect(mine.body).toContain('dokumen diperiksa petugas loket Pemerintah Kota Makassar');
    expect(mine.body).not.toContain('Cara 1');
  });
});
