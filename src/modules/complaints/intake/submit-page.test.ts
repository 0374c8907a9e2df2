// The complaint form's location picker on the server side: the hidden map block and its texts in the
// request's language (the island has none of its own), the tile server in data-* and in the CSP
// img-src of the form page, the tenant's service areas as the map's opening view (another tenant's
// never), and the typed coordinates kept when the form comes back with an error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { signInAs } from '../../../../test/auth.js';
import { MAKASSAR_TEST_AREA, seedTestComplaints } from '../../../../test/complaints.js';
import { followRedirect, multipartBody, openMultipartForm, postMultipartForm } from '../../../../test/forms.js';
import { type AreaGeometry, boundsOfAreas } from '../routing/areas.js';
import { complaintTestContext } from '../../../../test/complaints.js';
import { listTenants, setTenantArea } from '../../tenancy/index.js';
import { getComplaint, submitComplaint } from '../index.js';

const SQUARE = MAKASSAR_TEST_AREA as AreaGeometry;

describe('boundsOfAreas', () => {
  it('is the box around every corner of polygons and multipolygons, [south, west, north, east]', () => {
    expect(boundsOfAreas([])).toBeUndefined();
    expect(boundsOfAreas([SQUARE])).toEqual([-5.2, 119.4, -5.1, 119.5]);
    const island: [number, number][][] = [
      [
        [119.3, -5.05],
        [119.32, -5.05],
        [119.32, -5.0],
        [119.3, -5.05],
      ],
    ];
    expect(boundsOfAreas([SQUARE, { type: 'MultiPolygon', coordinates: [island] }])).toEqual([-5.2, 119.3, -5.0, 119.5]);
  });
});

describe('the complaint form page', () => {
  let t: TestApp;
  const attr = (html: string, name: string) => new RegExp(`<div id="location-picker"[^>]* ${name}="([^"]*)"`).exec(html)?.[1];

  beforeAll(async () => {
    t = await createTestApp();
    await seedTestComplaints(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('has the map block hidden until the island runs, its texts in Bahasa Indonesia, and the tile origin in the CSP', async () => {
    const res = await t.app.inject({ url: '/t/makassar/pengaduan/baru' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("img-src 'self' data: https://tile.openstreetmap.org");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    const html = res.body;
    expect(html).toMatch(/<div id="location-picker" class="location-picker" hidden /);
    expect(attr(html, 'data-tiles')).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    expect(attr(html, 'data-attribution')).toBe('© OpenStreetMap contributors');
    expect(attr(html, 'data-msg-denied')).toMatch(/^Izin lokasi ditolak/);
    expect(attr(html, 'data-msg-located')).toContain('{accuracy}');
    // No service areas yet: no box, the island opens on Indonesia.
    expect(attr(html, 'data-bounds')).toBeUndefined();
    expect(html).toContain('<button type="button" class="secondary" data-action="locate">Gunakan lokasi saya</button>');
    expect(html).toContain('<button type="button" class="secondary" data-action="clear">Hapus titik</button>');
    expect(html).toMatch(/<div id="location-map" class="location-map" role="region" aria-label="Peta untuk memilih lokasi laporan"/);
    expect(html).toContain('<script type="module" src="/static/build/location-picker.js"></script>');
    // The text fields stay what they were: the form works without JavaScript.
    expect(html).toMatch(/<input id="f-latitude" name="latitude" type="text" value inputmode="decimal"\/>/);
    expect(html).toMatch(/<input id="f-longitude" name="longitude" type="text" value inputmode="decimal"\/>/);
    // Nothing inline: no style attributes, no inline script.
    expect(html).not.toMatch(/ style="/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
  });

  it('in English with ?lang=en', async () => {
    const html = (await t.app.inject({ url: '/t/makassar/pengaduan/baru?lang=en' })).body;
    expect(html).toContain('data-action="locate">Use my location</button>');
    expect(attr(html, 'data-msg-denied')).toMatch(/^Location permission was denied/);
    expect(attr(html, 'data-zoom-in')).toBe('Zoom in');
  });

  it("opens on the box around the tenant's service areas; another tenant's stay its own", async () => {
    // Saved through the app (its router, which caches the areas, drops them at once): the page
    // before showed no box, so this also proves a cached "no areas" does not linger.
    const { cookie } = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] });
    const saved = await t.app.inject({
      method: 'POST',
      url: '/t/makassar/api/v1/complaints/service-areas',
      headers: { cookie, 'content-type': 'application/json' },
      payload: { name: 'Kecamatan Uji', agency: 'dinsos', area: MAKASSAR_TEST_AREA },
    });
    expect(saved.statusCode).toBe(201);
    expect(attr((await t.app.inject({ url: '/t/makassar/pengaduan/baru' })).body, 'data-bounds')).toBe('-5.2,119.4,-5.1,119.5');
    expect(attr((await t.app.inject({ url: '/t/jateng/pengaduan/baru' })).body, 'data-bounds')).toBeUndefined();
  });

  it('sent back with an error, keeps the typed coordinates (the island puts the pin there)', async () => {
    const form = await t.app.inject({ url: '/t/makassar/pengaduan/baru' });
    const action = /<form method="post" action="([^"]+)"/.exec(form.body)![1]!.replaceAll('&amp;', '&');
    const cookie = ([] as string[]).concat(form.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    const boundary = '----picker-test';
    const fields = { kind: 'pengaduan', title: '', description: 'Lubang di jalan.', latitude: '-5.140123', longitude: '119.410456', privacy: 'public' };
    const body = Object.entries(fields).map(([n, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`).join('') + `--${boundary}--\r\n`;
    const res = await t.app.inject({ method: 'POST', url: action, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie }, payload: body });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toMatch(/<input id="f-latitude" name="latitude" type="text" value="-5.140123"/);
    expect(res.body).toMatch(/<input id="f-longitude" name="longitude" type="text" value="119.410456"/);
    expect(res.body).toContain('id="location-picker"');
  });

  it("opens on the tenant's own area once set; a point outside it is accepted, said back and marked for the coordinator", async () => {
    const jateng = (await listTenants(t.db.app)).find((x) => x.slug === 'jateng')!;
    const ctx = { ...complaintTestContext(t), tenant: jateng };
    const box = { type: 'Polygon' as const, coordinates: [[[108.55, -8.25], [111.72, -8.25], [111.72, -5.7], [108.55, -5.7], [108.55, -8.25]]] };
    await expect(setTenantArea(ctx, { area: { type: 'Point', coordinates: [110, -7] } })).rejects.toMatchObject({ code: 'validation', status: 400 });
    await setTenantArea(ctx, { area: box });
    expect(attr((await t.app.inject({ url: '/t/jateng/pengaduan/baru' })).body, 'data-bounds')).toBe('-8.25,108.55,-5.7,111.72');
    const report = { kind: 'pengaduan' as const, title: 'Jalan berlubang', description: 'Jalan berlubang di depan pasar.', privacy: 'public' as const };
    const inside = await submitComplaint(ctx, { ...report, latitude: -6.9932, longitude: 110.4203 });
    expect(inside.warnings).toEqual([]);
    // Makassar, 1,000 km away: kept, with a warning, and marked.
    const outside = await submitComplaint(ctx, { ...report, latitude: -5.1477, longitude: 119.4327 });
    expect(outside.warnings.map((w) => w.code)).toEqual(['outside_area']);
    const rows = await t.db.owner.selectFrom('complaints').select(['id', 'outside_area']).where('id', 'in', [inside.id, outside.id]).execute();
    expect(Object.fromEntries(rows.map((r) => [r.id, r.outside_area]))).toEqual({ [inside.id]: false, [outside.id]: true });
    const { complaint } = await getComplaint(ctx, { viewer: { kind: 'officer', access: { officerId: '00000000-0000-4000-8000-00000000c001', coordinator: true, agencies: 'all' } }, ref: outside.id });
    expect(complaint).toMatchObject({ outsideArea: true, latitude: -5.1477, longitude: 119.4327 });
  });

  it('the form asks to confirm a point outside the area before sending: back with the warning, a checkbox and what was typed; sent once ticked', async () => {
    // Jawa Tengah's area was set by the test above; Makassar's coordinates are 1,000 km outside it.
    const citizen = await signInAs(t, 'jateng', { kind: 'citizen' });
    const fields = { kind: 'pengaduan', title: 'Pin jauh', description: 'Jalan rusak di dekat pelabuhan.', latitude: '-5.1477', longitude: '119.4327', privacy: 'public', address: 'Jl. Pelabuhan 1' };
    const count = async () => (await t.db.owner.selectFrom('complaints').select((eb) => eb.fn.countAll<number>().as('n')).where('title', '=', 'Pin jauh').executeTakeFirstOrThrow()).n;
    const asked = await postMultipartForm(t, '/t/jateng/pengaduan/baru', fields, [], citizen.cookie);
    expect(asked.statusCode).toBe(400);
    expect(asked.body).toContain('class="error-summary"');
    expect(asked.body).toContain('href="#f-confirmOutsideArea"');
    expect(asked.body).toContain('Titik lokasi berada di luar wilayah pemerintah daerah ini. Periksa titik di peta');
    expect(asked.body).toMatch(/<input type="checkbox" id="f-confirmOutsideArea-ya" name="confirmOutsideArea" value="ya"/);
    expect(asked.body).toContain('Ya, lokasi ini benar');
    expect(asked.body).toMatch(/<input id="f-latitude" name="latitude" type="text" value="-5.1477"/);
    expect(asked.body).toMatch(/<input id="f-address" name="address" type="text" value="Jl. Pelabuhan 1"/);
    expect(asked.body).toContain('Jalan rusak di dekat pelabuhan.</textarea>');
    expect(Number(await count())).toBe(0);

    const sent = await postMultipartForm(t, '/t/jateng/pengaduan/baru', { ...fields, confirmOutsideArea: 'ya' }, [], citizen.cookie);
    expect(sent.statusCode).toBe(303);
    const row = await t.db.owner.selectFrom('complaints').select(['outside_area', 'latitude']).where('title', '=', 'Pin jauh').executeTakeFirstOrThrow();
    expect(row).toEqual({ outside_area: true, latitude: -5.1477 });
    // A point inside needs no confirmation; the JSON API still accepts an outside point with its warning.
    const inside = await postMultipartForm(t, '/t/jateng/pengaduan/baru', { ...fields, title: 'Pin dekat', latitude: '-6.9932', longitude: '110.4203' }, [], citizen.cookie);
    expect(inside.statusCode).toBe(303);
    const api = await t.app.inject({ method: 'POST', url: '/t/jateng/api/v1/complaints', headers: { cookie: citizen.cookie, 'content-type': 'application/json' }, payload: { ...fields, latitude: -5.1477, longitude: 119.4327 } });
    expect(api.statusCode).toBe(201);
    expect(api.json().warnings.map((w: { code: string }) => w.code)).toEqual(['outside_area']);
  });
});

describe('after the form is sent (POST/redirect/GET)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedTestComplaints(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  // Before issue 16 the receipt was rendered as the POST's answer, on /pengaduan/baru?_csrf=…: a
  // reload sent the report again, and the token stayed in the address bar and the history.
  it('answers 303 to the receipt, which shows the numbers once; a reload goes to the tracking page', async () => {
    const { cookie: citizen } = await signInAs(t, 'makassar', { kind: 'citizen' });
    const form = await openMultipartForm(t, '/t/makassar/pengaduan/baru', citizen);
    expect(form.action).toContain('_csrf=');
    const { payload, type } = multipartBody({ kind: 'pengaduan', title: 'Lampu jalan mati', description: 'Sudah seminggu gelap.', address: 'Jl. Sungai Saddang 12', privacy: 'anonim' });
    const sent = await t.app.inject({ method: 'POST', url: form.action, headers: { 'content-type': type, cookie: form.cookie }, payload });
    expect(sent.statusCode, /error-summary[\s\S]{0,600}/.exec(sent.body)?.[0]).toBe(303);
    expect(sent.headers.location).toBe('/t/makassar/pengaduan/terkirim');
    expect(sent.body).not.toMatch(/ADU-/);
    const receiptCookie = ([] as string[]).concat(sent.headers['set-cookie'] ?? []).find((c) => c.startsWith('complaint_receipt='))!;
    expect(receiptCookie).toMatch(/Path=\/t\/makassar\/pengaduan\/terkirim/);
    expect(receiptCookie).toMatch(/HttpOnly/);

    const receipt = await followRedirect(t, sent, citizen);
    expect(receipt.statusCode).toBe(200);
    expect(receipt.headers['cache-control']).toContain('no-store');
    const [number, secret] = [...receipt.body.matchAll(/<p class="big-code">([^<]+)<\/p>/g)].map((m) => m[1]);
    expect(number).toMatch(/^ADU-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(secret).toBeTruthy();
    // Read once: the page clears its cookie, and without it the page sends the reporter to tracking.
    expect(([] as string[]).concat(receipt.headers['set-cookie'] ?? []).some((c) => /^complaint_receipt=;/.test(c))).toBe(true);
    const again = await t.app.inject({ url: '/t/makassar/pengaduan/terkirim', headers: { cookie: citizen } });
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe('/t/makassar/pengaduan/lacak');
    // A forged or altered cookie reads as none.
    const forged = await t.app.inject({ url: '/t/makassar/pengaduan/terkirim', headers: { cookie: `${citizen}; complaint_receipt=${'A'.repeat(80)}` } });
    expect(forged.statusCode).toBe(303);

    // Tracking by the secret code: the code goes in a POST body and never into a URL.
    const track = await t.app.inject({ url: '/t/makassar/pengaduan/lacak' });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(track.body)![1]!;
    const jar = ([] as string[]).concat(track.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    const posted = await t.app.inject({
      method: 'POST',
      url: '/t/makassar/pengaduan/lacak',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
      payload: new URLSearchParams({ _csrf: csrf, code: secret! }).toString(),
    });
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe('/t/makassar/pengaduan/lacak/laporan');
    const tracked = await followRedirect(t, posted, jar);
    expect(tracked.statusCode).toBe(200);
    expect(tracked.body).toContain('Lampu jalan mati');
  });
});

describe('the complaint form page with another tile server', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ MAP_TILE_URL: 'https://{s}.tiles.peta.example.id/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© Badan Informasi Geospasial' });
    await seedTestComplaints(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names it in the island and allows its origin in the CSP img-src', async () => {
    const res = await t.app.inject({ url: '/t/makassar/pengaduan/baru' });
    expect(res.headers['content-security-policy']).toContain("img-src 'self' data: https://*.tiles.peta.example.id");
    expect(res.body).toContain('data-tiles="https://{s}.tiles.peta.example.id/{z}/{x}/{y}.png"');
    expect(res.body).toContain('data-attribution="© Badan Informasi Geospasial"');
  });
});
