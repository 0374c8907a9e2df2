import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { signInAs } from '../../../test/auth.js';
import { lintOpenApi } from '../../../test/openapi-lint.js';
import { DEMO_CATALOG } from './seed-data.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const complete = (code: string) => ({ ...DEMO_CATALOG.makassar![0]!.definition, code });

/** A service of disdukcapil created through the API by that agency's admin (its draft, not published). */
async function createDraftService(code: string) {
  const owner = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'disdukcapil' }] });
  const created = await t.app.inject({
    method: 'POST',
    url: '/t/makassar/api/v1/admin/services',
    headers: { cookie: owner.cookie },
    payload: { agency: 'disdukcapil', definition: complete(code) },
  });
  return { owner, id: created.json<{ id: string }>().id };
}

describe('public catalogue API', () => {
  it('searchServices ranks services with code and name, per tenant', async () => {
    const res = await get('/t/makassar/api/v1/services/search?q=akte%20lahir');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items[0]).toMatchObject({ code: 'akta-kelahiran', name: 'Penerbitan Akta Kelahiran' });
    expect(body.items[0].score).toBeGreaterThan(0);
    // Jawa Tengah has no population office: its search does not see Makassar's services.
    const jateng = (await get('/t/jateng/api/v1/services/search?q=akta%20kelahiran')).json();
    expect(jateng.items.map((i: { code: string }) => i.code)).not.toContain('akta-kelahiran');
    expect((await get('/api/v1/services/search?q=ktp')).statusCode).toBe(400);
  });

  it('listServices filters by agency, category and life event; getService and versions; open data', async () => {
    const list = (await get('/t/makassar/api/v1/services?agency=dishub')).json();
    expect(list.items.map((i: { code: string }) => i.code).sort()).toEqual(['izin-parkir', 'izin-trayek', 'uji-kir']);
    const death = (await get('/t/makassar/api/v1/services?lifeEvent=kematian')).json();
    expect(death.items.map((i: { code: string }) => i.code)).toEqual(['akta-kematian', 'kartu-keluarga']);
    expect((await get('/t/makassar/api/v1/services?category=nope')).statusCode).toBe(400);

    const id = list.items[0].id;
    const service = (await get(`/t/makassar/api/v1/services/${id}`)).json();
    expect(service).toMatchObject({ id, version: 1, agency: { code: 'dishub' } });
    expect(Object.keys(service.components)).toHaveLength(14);
    expect((await get(`/t/jateng/api/v1/services/${id}`)).statusCode).toBe(404);

    const versions = (await get(`/t/makassar/api/v1/services/${id}/versions`)).json();
    expect(versions.items).toHaveLength(1);
    const version = await get(`/t/makassar/api/v1/service-versions/${versions.items[0].id}`);
    expect(version.json()).toMatchObject({ serviceId: id, version: 1 });
    expect((await get(`/t/jateng/api/v1/service-versions/${versions.items[0].id}`)).statusCode).toBe(404);

    const dataset = (await get('/t/makassar/api/v1/open-data/services.json')).json();
    expect(dataset.items.length).toBeGreaterThanOrEqual(25);
    const csv = await get('/t/makassar/api/v1/open-data/services.csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toMatch(/^agency_code,/);
  });

  it('answers problems in Indonesian and English', async () => {
    const id = await get('/t/makassar/api/v1/services/00000000-0000-4000-8000-000000000000');
    expect(id.statusCode).toBe(404);
    expect(id.json().title).toBe('Layanan tidak ditemukan.');
    const en = await get('/t/makassar/api/v1/services/00000000-0000-4000-8000-000000000000?lang=en');
    expect(en.json().title).toBe('Service not found.');
  });
});

describe('OpenAPI', () => {
  it('names the stable operationIds and lints clean', async () => {
    const res = await get('/api/openapi.json');
    const ids = Object.values(res.json().paths as Record<string, Record<string, { operationId?: string }>>).flatMap((p) =>
      Object.values(p).map((op) => op.operationId),
    );
    for (const id of ['searchServices', 'getService', 'listServices', 'getServiceVersion', 'publishService', 'importService']) {
      expect(ids).toContain(id);
    }
    expect(await lintOpenApi(res.body)).toEqual([]);
  });
});

describe('public pages', () => {
  it('a service page shows the six delivery components first and the management tab by link', async () => {
    const page = await get('/t/makassar/layanan/disdukcapil/akta-kelahiran');
    expect(page.statusCode).toBe(200);
    const html = page.body;
    expect(html).toContain('<h1>Penerbitan Akta Kelahiran</h1>');
    expect(html).toContain('class="checklist"');
    expect(html).toContain('class="procedure"');
    expect(html).toContain('Gratis');
    // No button to an application form that does not exist yet; the page says how to apply today.
    expect(html).not.toContain('/permohonan/');
    expect(html).toContain('Permohonan belum dapat diajukan melalui Gerbang');
    expect(html).toContain('Pemohon mengajukan permohonan di loket pelayanan atau melalui layanan daring instansi');
    expect(html).toContain('Mal Pelayanan Publik Kota Makassar');
    expect(html).toMatch(/Ditetapkan dengan SK 470\/KEP\/DISDUKCAPIL\/004\/2025/);
    expect(html).not.toContain('Kompetensi pelaksana</h3>');
    const mgmt = await get('/t/makassar/layanan/disdukcapil/akta-kelahiran?tab=pengelolaan');
    expect(mgmt.body).toContain('Kompetensi pelaksana</h3>');
    expect(mgmt.body).not.toContain('class="checklist"');
    // A counter-only service says so; the fee is shown in rupiah.
    const sehat = await get('/t/makassar/layanan/dinkes/surat-keterangan-sehat');
    expect(sehat.body).toContain('Di loket pelayanan');
    expect(sehat.body).toContain('Pemohon datang ke loket pelayanan membawa persyaratan');
    expect(sehat.body).toContain('Rp25.000');
  });

  it('search, browse and life-event pages work without JavaScript', async () => {
    const search = await get('/t/makassar/layanan/cari?q=bikin%20ktp');
    expect(search.body).toMatch(/href="\/t\/makassar\/layanan\/disdukcapil\/ktp-el"/);
    const event = await get('/t/makassar/layanan/peristiwa/kelahiran');
    const order = ['akta-kelahiran', 'kartu-keluarga', 'kia'].map((c) => event.body.indexOf(`/disdukcapil/${c}"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect((await get('/t/makassar/layanan/kategori/kesehatan')).body).toContain('Surat keterangan sehat');
    expect((await get('/t/makassar/layanan/instansi/dishub')).body).toContain('uji KIR');
    expect((await get('/t/makassar/layanan')).statusCode).toBe(200);
    expect((await get('/t/makassar/layanan/peristiwa/tidak-ada')).statusCode).toBe(404);
  });

  it('says "1 working day" and "1 service found" in English (one, not a plural), "hari kerja" in Indonesian', async () => {
    const { owner, id } = await createDraftService('satu-hari');
    const headers = { cookie: owner.cookie };
    const definition = { ...complete('satu-hari'), name: { id: 'Legalisir kilat Zamrudsatu', en: 'Express Zamrudsatu legalisation' }, completionDays: 1 };
    expect((await t.app.inject({ method: 'PUT', url: `/t/makassar/api/v1/admin/services/${id}/draft`, headers, payload: definition })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `/t/makassar/api/v1/admin/services/${id}/publish`, headers, payload: {} })).statusCode).toBe(201);

    const en = (await get('/t/makassar/layanan/disdukcapil/satu-hari?lang=en')).body;
    expect(en).toContain('1 working day');
    expect(en).not.toContain('1 working days');
    expect((await get('/t/makassar/layanan/disdukcapil/satu-hari')).body).toContain('1 hari kerja');
    const found = (await get('/t/makassar/layanan/cari?q=Zamrudsatu&lang=en')).body;
    expect(found).toContain('1 service found for');
    expect(found).toContain('1 working day ·');
    // Many are still plural.
    expect((await get('/t/makassar/layanan/disdukcapil/akta-kelahiran?lang=en')).body).toMatch(/\d+ working days/);
  });
});

describe('agency admin API', () => {
  it('an agency admin creates, publishes and revises a service of their agency', async () => {
    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'disdukcapil' }] });
    const headers = { cookie: admin.cookie };
    const created = await t.app.inject({
      method: 'POST',
      url: '/t/makassar/api/v1/admin/services',
      headers,
      payload: { agency: 'disdukcapil', definition: { ...complete('uji-admin'), fee: -5 } },
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().errors).toEqual([expect.objectContaining({ field: '/fee', code: 'fee' })]);

    const ok = await t.app.inject({
      method: 'POST',
      url: '/t/makassar/api/v1/admin/services',
      headers,
      payload: { agency: 'disdukcapil', definition: { ...complete('uji-admin'), components: {} } },
    });
    expect(ok.statusCode).toBe(201);
    const id = ok.json().id;
    // The same POST with the same Idempotency-Key returns the first result, not a duplicate-code error.
    const once = { method: 'POST' as const, url: '/t/makassar/api/v1/admin/services', headers: { ...headers, 'idempotency-key': 'k-1-5a0e2c3d9f17ab' }, payload: { agency: 'disdukcapil', definition: complete('uji-idem') } };
    const first = await t.app.inject(once);
    const again = await t.app.inject(once);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json().id).toBe(first.json().id);
    const refused = await t.app.inject({ method: 'POST', url: `/t/makassar/api/v1/admin/services/${id}/publish`, headers, payload: {} });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toHaveLength(12);
    expect((await get(`/t/makassar/api/v1/admin/services/${id}`, headers)).json().draft.name.id).toBe('Penerbitan KTP-el baru');

    const saved = await t.app.inject({ method: 'PUT', url: `/t/makassar/api/v1/admin/services/${id}/draft`, headers, payload: complete('uji-admin') });
    expect(saved.statusCode).toBe(200);
    const published = await t.app.inject({ method: 'POST', url: `/t/makassar/api/v1/admin/services/${id}/publish`, headers, payload: {} });
    expect(published.statusCode).toBe(201);
    expect(published.json().version).toBe(1);

    await t.app.inject({ method: 'PUT', url: `/t/makassar/api/v1/admin/services/${id}/draft`, headers, payload: { ...complete('uji-admin'), fee: 5000 } });
    const open = await t.app.inject({ method: 'PUT', url: `/t/makassar/api/v1/admin/services/${id}/comments-open`, headers, payload: { open: true } });
    expect(open.statusCode).toBe(200);
    const draftPage = await get(`/t/makassar/layanan/draf/${id}`);
    expect(draftPage.statusCode).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(draftPage.body)![1]!;
    const cookie = String(draftPage.headers['set-cookie']).split(';')[0]!;
    const comment = await t.app.inject({
      method: 'POST',
      url: `/t/makassar/layanan/draf/${id}`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, authorName: '', body: 'Biaya sebaiknya tetap gratis.' }).toString(),
    });
    expect(comment.statusCode).toBe(303);
    const empty = await t.app.inject({
      method: 'POST',
      url: `/t/makassar/layanan/draf/${id}`,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, body: '' }).toString(),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('class="error-summary"');
    const comments = (await get(`/t/makassar/api/v1/admin/services/${id}/comments`, headers)).json();
    expect(comments.items.map((c: { body: string }) => c.body)).toEqual(['Biaya sebaiknya tetap gratis.']);

    const v2 = await t.app.inject({
      method: 'POST',
      url: `/t/makassar/api/v1/admin/services/${id}/publish`,
      headers,
      payload: { effectiveFrom: '2099-01-01' },
    });
    expect(v2.json()).toMatchObject({ version: 2, effectiveFrom: '2099-01-01' });

    const file = (await get(`/t/makassar/api/v1/admin/services/${id}/export`, headers)).json();
    const jatengAdmin = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    const imported = await t.app.inject({
      method: 'POST',
      url: '/t/jateng/api/v1/admin/services/import',
      headers: { cookie: jatengAdmin.cookie },
      payload: { agency: 'dinkes', file },
    });
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({ code: 'uji-admin', latestVersion: 0, draft: { sk: null } });
  });

  it('refuses another agency’s admin, another tenant, a citizen, an officer without the role and anonymous', async () => {
    const { owner, id } = await createDraftService('uji-akses');
    const otherAgency = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dinsos' }] });
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'disdukcapil' }] });
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const otherTenant = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    const tenantAdmin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });

    const attempts = (cookie?: string) => {
      const headers = cookie ? { cookie } : {};
      return Promise.all([
        t.app.inject({ method: 'GET', url: `/t/makassar/api/v1/admin/services/${id}`, headers }),
        t.app.inject({ method: 'PUT', url: `/t/makassar/api/v1/admin/services/${id}/draft`, headers, payload: complete('uji-akses') }),
        t.app.inject({ method: 'POST', url: `/t/makassar/api/v1/admin/services/${id}/publish`, headers, payload: {} }),
        t.app.inject({ method: 'GET', url: `/t/makassar/api/v1/admin/services/${id}/comments`, headers }),
        t.app.inject({ method: 'GET', url: `/t/makassar/api/v1/admin/services/${id}/export`, headers }),
        t.app.inject({
          method: 'POST',
          url: '/t/makassar/api/v1/admin/services',
          headers,
          payload: { agency: 'disdukcapil', definition: complete('uji-akses-2') },
        }),
      ]).then((rs) => rs.map((r) => r.statusCode));
    };
    expect(await attempts(otherAgency.cookie)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(await attempts(verifier.cookie)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(await attempts(citizen.cookie)).toEqual([403, 403, 403, 403, 403, 403]);
    // Another tenant's session is not a session here: anonymous.
    expect(await attempts(otherTenant.cookie)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(await attempts()).toEqual([401, 401, 401, 401, 401, 401]);
    // …and on its own tenant, the service does not exist.
    expect((await get(`/t/jateng/api/v1/admin/services/${id}`, { cookie: otherTenant.cookie })).statusCode).toBe(404);
    // The admin pages refuse the same people.
    expect((await get(`/t/makassar/kelola/layanan/${id}`, { cookie: otherAgency.cookie, accept: 'text/html' })).statusCode).toBe(403);
    expect((await get(`/t/makassar/kelola/layanan/${id}`, { cookie: citizen.cookie, accept: 'text/html' })).statusCode).toBe(403);
    // Signed out (another tenant's session counts as none), a browser is sent to the officers' sign-in.
    const signedOut: Record<string, string>[] = [{ cookie: otherTenant.cookie, accept: 'text/html' }, { accept: 'text/html' }];
    for (const headers of signedOut) {
      const res = await get(`/t/makassar/kelola/layanan/${id}`, headers);
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toMatch(/^\/t\/makassar\/petugas\/masuk\?next=/);
    }
    expect((await get(`/t/makassar/kelola/layanan/${id}`, { cookie: owner.cookie, accept: 'text/html' })).statusCode).toBe(200);
    // A tenant admin manages every agency.
    expect((await get(`/t/makassar/api/v1/admin/services/${id}`, { cookie: tenantAdmin.cookie })).statusCode).toBe(200);
    // The list only shows the services of the officer's agency.
    const mine = (await get('/t/makassar/api/v1/admin/services', { cookie: otherAgency.cookie })).json();
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((s: { code: string }) => ['dtks', 'sktm', 'bantuan-bencana', 'ktp-el'].includes(s.code))).toBe(true);
  });
});

describe('admin pages', () => {
  it('shows the notice a ?ok= names, and none for any other word (Object.prototype names included)', async () => {
    const { owner, id } = await createDraftService('uji-notice');
    const page = (ok: string) => get(`/t/makassar/kelola/layanan/${id}?ok=${ok}`, { cookie: owner.cookie, accept: 'text/html' });
    const saved = await page('saved');
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('class="notice"');
    for (const word of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const res = await page(word);
      expect(res.statusCode, word).toBe(200);
      expect(res.body, word).not.toContain('class="notice"');
    }
  });
});

/** Posts an admin page's form as a browser does (the page's CSRF token, urlencoded), without following the answer. */
async function postPage(cookie: string, url: string, fields: Record<string, string>) {
  const page = await get(url, { cookie, accept: 'text/html' });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

/** The name=value of each cookie a reply sets (an expired one as empty). */
const setCookies = (res: { headers: Record<string, unknown> }) =>
  ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? []).map((c) => c.split(';')[0]!);

describe('admin pages: POST, then 303 (a reload loads the page and sends nothing again)', () => {
  it('creating, saving, opening comments and importing answer 303 to the page to see; a refused form is shown again with the errors beside the fields', async () => {
    const { owner } = await createDraftService('uji-halaman');
    const services = async () => (await get('/t/makassar/api/v1/admin/services', { cookie: owner.cookie })).json().items.length as number;

    const created = await postPage(owner.cookie, '/t/makassar/kelola/layanan/baru', { agency: 'disdukcapil', code: 'uji-baru', name_id: 'Uji halaman baru' });
    expect(created.statusCode).toBe(303);
    expect(created.body).toBe('');
    const here = created.headers.location as string;
    expect(here).toMatch(/^\/t\/makassar\/kelola\/layanan\/[0-9a-f-]{36}$/);
    // A reload asks for the page it was sent to: nothing is created again.
    const before = await services();
    expect((await get(here, { cookie: owner.cookie, accept: 'text/html' })).statusCode).toBe(200);
    expect(await services()).toBe(before);

    // The same form sent again (the code now taken) is shown with the error beside the code and what was typed.
    const again = await postPage(owner.cookie, '/t/makassar/kelola/layanan/baru', { agency: 'disdukcapil', code: 'uji-baru', name_id: 'Uji halaman baru' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('class="error-summary"');
    expect(again.body).toContain('href="#f-code"');
    expect(again.body).toMatch(/<p class="field-error" id="e-code">[^<]+<\/p><input id="f-code" name="code" type="text" value="uji-baru"/);

    const saved = await postPage(owner.cookie, here, { action: 'save', code: 'uji-baru', name_id: 'Uji halaman baru', fee: '25.000' });
    expect([saved.statusCode, saved.headers.location]).toEqual([303, `${here}?ok=saved`]);
    const savedPage = await get(`${here}?ok=saved`, { cookie: owner.cookie, accept: 'text/html' });
    expect(savedPage.body).toContain('Draf tersimpan.');
    expect(savedPage.body).toContain('value="25000"');

    const refusedSave = await postPage(owner.cookie, here, { action: 'save', code: 'uji-baru', name_id: 'Uji halaman baru', fee: 'dua puluh' });
    expect(refusedSave.statusCode).toBe(400);
    expect(refusedSave.body).toContain('id="e-fee"');
    expect(refusedSave.body).toContain('value="dua puluh"');

    const opened = await postPage(owner.cookie, here, { action: 'open_comments' });
    expect([opened.statusCode, opened.headers.location]).toEqual([303, `${here}?ok=comments`]);
    expect((await get(`${here}?ok=comments`, { cookie: owner.cookie, accept: 'text/html' })).body).toContain('class="notice"');

    const notJson = await postPage(owner.cookie, '/t/makassar/kelola/layanan/impor', { agency: 'disdukcapil', file: '{ bukan json' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.body).toMatch(/<p class="field-error" id="e-file">Berkas bukan definisi layanan Gerbang yang valid.<\/p>/);
    expect(notJson.body).toContain('{ bukan json</textarea>');
    const file = (await get(`/t/makassar/api/v1/admin/services/${here.split('/').pop()}/export`, { cookie: owner.cookie })).json();
    // A file whose definition breaks the schema is named, field by field (a 500 before, for any file).
    const badCategory = await postPage(owner.cookie, '/t/makassar/kelola/layanan/impor', { agency: 'disdukcapil', file: JSON.stringify({ ...file, definition: { ...file.definition, category: 'tidak-ada' } }) });
    expect(badCategory.statusCode).toBe(400);
    expect(badCategory.body).toContain('Berkas bukan definisi layanan Gerbang yang valid. (/category)');
    file.definition.code = 'uji-impor-halaman';
    const imported = await postPage(owner.cookie, '/t/makassar/kelola/layanan/impor', { agency: 'disdukcapil', file: JSON.stringify(file) });
    expect(imported.statusCode, imported.body.slice(0, 3000)).toBe(303);
    expect(imported.headers.location).toMatch(/^\/t\/makassar\/kelola\/layanan\/[0-9a-f-]{36}$/);
    expect(imported.headers.location).not.toBe(here);
  });

  it('a refused publication keeps the saved draft and says why on the edit page it redirects to, once; nothing typed is lost', async () => {
    const { owner, id } = await createDraftService('uji-terbit');
    const here = `/t/makassar/kelola/layanan/${id}`;
    const res = await postPage(owner.cookie, here, {
      action: 'publish',
      code: 'uji-terbit',
      name_id: 'Uji penerbitan',
      summary_id: 'Ringkasan yang baru diketik',
      fee: '0',
      effectiveFrom: '2099-03-01',
    });
    // The save is done: answered by a redirect, so a reload does not save or publish again.
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`${here}?ok=saved`);
    const draft = (await get(`/t/makassar/api/v1/admin/services/${id}`, { cookie: owner.cookie })).json();
    expect(draft).toMatchObject({ latestVersion: 0, draft: { summary: { id: 'Ringkasan yang baru diketik' }, fee: 0 } });

    const flash = setCookies(res).filter((c) => !c.startsWith('csrf='));
    expect(flash).toHaveLength(1);
    const cookie = `${owner.cookie}; ${flash[0]}`;
    const page = await get(res.headers.location as string, { cookie, accept: 'text/html' });
    expect(page.statusCode).toBe(200);
    // Both: the draft was saved, and why publishing was refused (each reason beside its field).
    expect(page.body).toContain('<p class="notice" role="status">Draf tersimpan.</p>');
    expect(page.body).toContain('class="error-summary"');
    expect(page.body).toContain('<a href="#f-comp_persyaratan_id">Persyaratan: ');
    expect(page.body).toContain('id="e-comp_persyaratan_id"');
    expect(page.body).toContain('id="e-sk_number"');
    // What was typed: the saved draft, and the effective date (not part of the draft).
    expect(page.body).toContain('Ringkasan yang baru diketik</textarea>');
    expect(page.body).toMatch(/<input id="f-effectiveFrom" name="effectiveFrom" type="text" value="2099-03-01"/);
    // Shown once: the page clears it, so a reload shows the saved draft without the old refusal.
    expect(setCookies(page)).toContain(flash[0]!.replace(/=.*/, '='));
    const reload = await get(res.headers.location as string, { cookie: owner.cookie, accept: 'text/html' });
    expect(reload.body).toContain('Draf tersimpan.');
    expect(reload.body).not.toContain('class="error-summary"');
    expect((await get(`/t/makassar/api/v1/admin/services/${id}`, { cookie: owner.cookie })).json()).toEqual(draft);

    // A refusal carried to another session, or altered, is not shown.
    const other = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'disdukcapil' }] });
    expect((await get(here, { cookie: `${other.cookie}; ${flash[0]}`, accept: 'text/html' })).body).not.toContain('class="error-summary"');
    const altered = flash[0]!.replace(/.(?=\.)/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await get(here, { cookie: `${owner.cookie}; ${altered}`, accept: 'text/html' })).body).not.toContain('class="error-summary"');
  });
});
