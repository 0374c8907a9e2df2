// The tenant's own area, set by its administrator: the API (getTenantArea, setTenantArea) and the page
// /petugas/wilayah (GeoJSON typed or drawn; a refused one comes back with its message and the text as
// typed), audited, in the request's language, listed on the officer home for the administrator only,
// and refused to another tenant's administrator and to an officer without the role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { type SignedIn, signInAs } from '../../../test/auth.js';

let t: TestApp;
let admin: SignedIn;
let verifier: SignedIn;
let foreignAdmin: SignedIn; // the administrator of another tenant
const J = '/t/jateng';
const API = `${J}/api/v1/admin/tenant-area`;
const PAGE = `${J}/petugas/wilayah`;

// A box around Semarang as geojson.io saves it (a FeatureCollection of one Feature).
const BOX = [
  [
    [110.3, -7.1],
    [110.5, -7.1],
    [110.5, -6.9],
    [110.3, -6.9],
    [110.3, -7.1],
  ],
];
const GEOJSON_IO = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: BOX } }] };

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  admin = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
  verifier = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
  foreignAdmin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
});
afterAll(async () => {
  await t?.close();
});

const json = (cookie: string, lang = 'id') => ({ 'content-type': 'application/json', cookie, 'accept-language': lang });
async function audited(action: string) {
  await t.audit.flush(t.db.app); // sequence the committed audit events (decision 0014)
  return t.db.owner.selectFrom('audit_log').select(['actor', 'subject', 'tenant_id']).where('action', '=', action).execute();
}
const current = async () => (await t.app.inject({ url: API, headers: { cookie: admin.cookie } })).json();

async function csrfOf(cookie: string): Promise<string> {
  const page = await t.app.inject({ url: PAGE, headers: { cookie } });
  expect(page.statusCode).toBe(200);
  return /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
}

async function postPage(cookie: string, area: string) {
  return t.app.inject({
    method: 'POST',
    url: PAGE,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    payload: new URLSearchParams({ _csrf: await csrfOf(cookie), area }).toString(),
  });
}

describe('tenant area API', () => {
  it('sets, reads and clears the area, each change audited', async () => {
    const put = await t.app.inject({ method: 'PUT', url: API, headers: json(admin.cookie), payload: { area: GEOJSON_IO } });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toEqual({ area: { type: 'Polygon', coordinates: BOX }, bounds: [-7.1, 110.3, -6.9, 110.5], polygons: 1, vertices: 4 });
    expect(await current()).toMatchObject({ area: { type: 'Polygon' }, polygons: 1 });
    const [entry] = await audited('tenant.area_set');
    expect(entry).toMatchObject({ subject: `tenant:${admin.tenantId}`, tenant_id: admin.tenantId });
    expect(entry!.actor).toContain('officer');

    const cleared = await t.app.inject({ method: 'PUT', url: API, headers: json(admin.cookie), payload: { area: null } });
    expect(cleared.json()).toEqual({ area: null, bounds: null, polygons: 0, vertices: 0 });
    expect(await audited('tenant.area_cleared')).toHaveLength(1);
  });

  it('refuses what is not a polygon with 400 on /area in the request’s language, and keeps the saved area', async () => {
    await t.app.inject({ method: 'PUT', url: API, headers: json(admin.cookie), payload: { area: GEOJSON_IO } });
    const before = await audited('tenant.area_set');
    const line = { type: 'LineString', coordinates: [[110.3, -7.1], [110.5, -6.9]] };
    const id = await t.app.inject({ method: 'PUT', url: API, headers: json(admin.cookie), payload: { area: line } });
    expect(id.statusCode).toBe(400);
    expect(id.headers['content-type']).toContain('application/problem+json');
    expect(id.json()).toMatchObject({ title: 'Data yang dikirim tidak valid.', errors: [{ field: '/area', message: 'Wilayah harus berupa GeoJSON Polygon atau MultiPolygon (koordinat [bujur, lintang]).' }] });
    const en = await t.app.inject({ method: 'PUT', url: API, headers: json(admin.cookie, 'en'), payload: { area: { type: 'Polygon', coordinates: [[[110.3, -7.1], [999, 0]]] } } });
    expect(en.statusCode).toBe(400);
    expect(en.json().errors[0].message).toBe('The area must be a GeoJSON Polygon or MultiPolygon ([longitude, latitude] coordinates).');
    expect((await current()).area).toEqual({ type: 'Polygon', coordinates: BOX });
    expect(await audited('tenant.area_set')).toHaveLength(before.length);
  });

  it('refuses an officer without the administrator role, another tenant’s administrator and the anonymous', async () => {
    await t.app.inject({ method: 'PUT', url: API, headers: json(admin.cookie), payload: { area: GEOJSON_IO } });
    for (const cookie of [verifier.cookie, foreignAdmin.cookie]) {
      const get = await t.app.inject({ url: API, headers: { cookie } });
      const put = await t.app.inject({ method: 'PUT', url: API, headers: json(cookie), payload: { area: null } });
      expect([get.statusCode, put.statusCode]).toEqual(cookie === verifier.cookie ? [403, 403] : [401, 401]);
    }
    expect((await t.app.inject({ url: API })).statusCode).toBe(401);
    // Makassar's administrator sets Makassar's area, never Jawa Tengah's.
    const own = await t.app.inject({ method: 'PUT', url: '/t/makassar/api/v1/admin/tenant-area', headers: json(foreignAdmin.cookie), payload: { area: null } });
    expect(own.statusCode).toBe(200);
    expect((await current()).area).toEqual({ type: 'Polygon', coordinates: BOX });
  });
});

describe('tenant area page', () => {
  it('is listed on the officer home for the administrator only', async () => {
    const home = await t.app.inject({ url: `${J}/petugas`, headers: { cookie: admin.cookie } });
    expect(home.body).toContain(`href="${PAGE}"`);
    const other = await t.app.inject({ url: `${J}/petugas`, headers: { cookie: verifier.cookie } });
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain(`href="${PAGE}"`);
  });

  it('saves pasted GeoJSON (303), and shows bad text again with its message and as typed (400)', async () => {
    const typed = '{"type": "Polygon", "coordinates": [[110.3, -7.1]';
    const bad = await postPage(admin.cookie, typed);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toContain('Isi kotak ini bukan JSON yang sah');
    expect(bad.body).toContain('{&quot;type&quot;: &quot;Polygon&quot;, &quot;coordinates&quot;: [[110.3, -7.1]</textarea>');
    const empty = await postPage(admin.cookie, '  ');
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Wajib diisi.');

    const square = { type: 'Polygon', coordinates: [[[110.0, -7.0], [110.1, -7.0], [110.1, -6.9], [110.0, -6.9], [110.0, -7.0]]] };
    const ok = await postPage(admin.cookie, JSON.stringify(square));
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`${PAGE}?ok=saved`);
    expect((await current()).area).toEqual(square);
    const after = await t.app.inject({ url: `${PAGE}?ok=saved`, headers: { cookie: admin.cookie } });
    expect(after.body).toContain('Wilayah disimpan.');
    expect(after.body).toContain('Wilayah saat ini: 1 poligon, 4 titik sudut.');
  });

  it('refuses an officer without the role and another tenant’s administrator', async () => {
    expect((await t.app.inject({ url: PAGE, headers: { cookie: verifier.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: PAGE, headers: { cookie: foreignAdmin.cookie } })).statusCode).not.toBe(200);
    const csrf = await csrfOf(admin.cookie);
    const post = await t.app.inject({
      method: 'POST',
      url: PAGE,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: verifier.cookie },
      payload: new URLSearchParams({ _csrf: csrf, area: '' }).toString(),
    });
    expect(post.statusCode).toBe(403);
  });
});
