// Routing administration on the real database: the agency service-area page and API (list, add with
// errors beside the fields and the typed text kept, delete after confirming, audited, taking effect
// for the next report at once) and "retrain now" (a 'manual' job queued once, its run listed when
// done). Every route refuses another tenant and a role without complaints.routing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { agencyIdOf } from '../../../../test/auth.js';
import { complaintRoleCookies, seedTestComplaints } from '../../../../test/complaints.js';
import { createJobRunner, type JobLog } from '../../../platform/jobs/index.js';
import { complaintJobHandlers, RETRAIN_JOB } from '../index.js';
import { areaSize, toAreaGeometry } from './areas.js';

let t: TestApp;
const M = '/t/makassar';
const cookies: Record<string, string> = {};
const PAGE = `${M}/petugas/pengaduan/wilayah-layanan`;
const quiet: JobLog = { info() {}, warn() {}, error() {} };

// A square around Jl. Uji in Makassar, as geojson.io saves it (a FeatureCollection of one Feature).
const SQUARE = [
  [
    [119.6, -5.3],
    [119.7, -5.3],
    [119.7, -5.2],
    [119.6, -5.2],
    [119.6, -5.3],
  ],
];
const GEOJSON_IO = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: SQUARE } }] };

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  await seedTestComplaints(t);
  Object.assign(cookies, await complaintRoleCookies(t));
});
afterAll(async () => {
  await t?.close();
});

const json = (cookie?: string) => ({ 'content-type': 'application/json', ...(cookie ? { cookie } : {}) });

async function csrfOf(url: string, cookie: string): Promise<string> {
  const page = await t.app.inject({ url, headers: { cookie } });
  expect(page.statusCode).toBe(200);
  return /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
}

async function postForm(url: string, cookie: string, fields: Record<string, string>, from = url) {
  const csrf = await csrfOf(from, cookie);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

/** A signed-in citizen's report at a point; returns the agency it was routed to. */
async function reportAt(latitude: number, longitude: number): Promise<string | null> {
  const res = await t.app.inject({
    method: 'POST',
    url: `${M}/api/v1/complaints`,
    headers: json(cookies.citizen),
    payload: { kind: 'pengaduan', title: 'Jalan berlubang', description: 'Jalan berlubang besar di depan pasar.', categoryCode: 'jalan_rusak', latitude, longitude, privacy: 'public' },
  });
  expect(res.statusCode).toBe(201);
  const row = await t.db.owner.selectFrom('complaints').select('agency_id').where('id', '=', res.json().id).executeTakeFirstOrThrow();
  return row.agency_id;
}

async function auditActions(action: string) {
  await t.audit.flush(t.db.app); // sequence the committed audit events (decision 0014)
  return t.db.owner.selectFrom('audit_log').select(['actor', 'subject', 'tenant_id']).where('action', '=', action).execute();
}

describe('toAreaGeometry', () => {
  it('takes a geometry, a Feature, or a FeatureCollection (several polygons become one MultiPolygon); refuses the rest', () => {
    const polygon = { type: 'Polygon' as const, coordinates: SQUARE };
    expect(toAreaGeometry({ ...polygon, bbox: [0, 0, 1, 1] })).toEqual(polygon);
    expect(toAreaGeometry({ type: 'Feature', properties: { name: 'x' }, geometry: polygon })).toEqual(polygon);
    const two = toAreaGeometry({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: polygon }, { type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: [SQUARE, SQUARE] } }] });
    expect(two).toEqual({ type: 'MultiPolygon', coordinates: [SQUARE, SQUARE, SQUARE] });
    expect(areaSize(two!)).toEqual({ polygons: 3, vertices: 12 });
    for (const bad of [null, 'x', { type: 'FeatureCollection', features: [] }, { type: 'Feature', geometry: { type: 'Point', coordinates: [119.6, -5.3] } }, { type: 'Polygon', coordinates: [[[200, 0], [0, 0], [0, 1], [200, 0]]] }]) {
      expect(toAreaGeometry(bad)).toBeUndefined();
    }
  });
});

describe('service areas: page', () => {
  it('adds an area from a geojson.io FeatureCollection; the list shows agency, "semua kategori" and the size; audited', async () => {
    const empty = await t.app.inject({ url: PAGE, headers: { cookie: cookies.coordinator! } });
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Wilayah layanan instansi');
    expect(empty.body).toContain('Belum ada wilayah layanan.');
    expect(empty.body).toContain('<option value="dinsos">');
    const saved = await postForm(PAGE, cookies.coordinator!, { name: 'Kecamatan <b>Uji</b>', agencyCode: 'dinsos', categoryCode: '', area: JSON.stringify(GEOJSON_IO, null, 2) });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/t/makassar/petugas/pengaduan/wilayah-layanan?ok=saved');
    const list = await t.app.inject({ url: `${PAGE}?ok=saved`, headers: { cookie: cookies.coordinator! } });
    expect(list.body).toContain('Wilayah layanan tersimpan.');
    expect(list.body).toContain('<td>Kecamatan &lt;b>Uji&lt;/b></td>');
    expect(list.body).toContain('Semua kategori');
    expect(list.body).toContain('1 poligon, 4 titik sudut');
    const en = await t.app.inject({ url: `${PAGE}?lang=en`, headers: { cookie: cookies.coordinator! } });
    expect(en.body).toContain('All categories');
    const audit = await auditActions('complaint.service_area_saved');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toMatch(/^officer:/);
  });

  it('refused input: 400, each message beside its field (Indonesian, English), the typed text kept, nothing saved', async () => {
    const before = await t.db.owner.selectFrom('complaint_service_areas').select('id').execute();
    const bad = await postForm(PAGE, cookies.admin!, { name: 'Ruas Jl. Poros <i>Maros</i>', agencyCode: 'dinas-tidak-ada', categoryCode: 'jalan_rusak', area: '{"type": "Polygon", "coordinates": [[[119.6, -5.3]' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('text/html');
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toMatch(/<p class="field-error" id="e-agencyCode">Instansi tidak dikenal.<\/p><select id="f-agencyCode"/);
    expect(bad.body).toMatch(/<p class="field-error" id="e-area">Batas wilayah bukan JSON yang valid[^<]*<\/p><textarea id="f-area"/);
    expect(bad.body).toContain('value="Ruas Jl. Poros &lt;i>Maros&lt;/i>"');
    expect(bad.body).toContain('{&quot;type&quot;: &quot;Polygon&quot;, &quot;coordinates&quot;: [[[119.6, -5.3]</textarea>');
    expect(bad.body).toContain('<option value="jalan_rusak" selected>');
    const geometry = await postForm(`${PAGE}?lang=en`, cookies.admin!, { name: '', agencyCode: 'dinsos', area: '{"type": "Point", "coordinates": [119.6, -5.3]}' }, `${PAGE}?lang=en`);
    expect(geometry.statusCode).toBe(400);
    expect(geometry.body).toMatch(/id="e-name">Required/);
    expect(geometry.body).toContain('id="e-area">The boundary must be a GeoJSON Polygon or MultiPolygon');
    expect(await t.db.owner.selectFrom('complaint_service_areas').select('id').execute()).toHaveLength(before.length);
  });

  it('a form without the CSRF token is refused', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: PAGE,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.coordinator! },
      payload: new URLSearchParams({ name: 'Tanpa token', agencyCode: 'dinsos', area: JSON.stringify(GEOJSON_IO) }).toString(),
    });
    expect(res.statusCode).toBe(403);
  });

  it('edits an area on a form filled with it (GeoJSON indented); a refused edit keeps the typed text and changes nothing; audited', async () => {
    const [area] = (await t.app.inject({ url: `${M}/api/v1/complaints/service-areas`, headers: { cookie: cookies.coordinator! } })).json().items;
    const list = await t.app.inject({ url: PAGE, headers: { cookie: cookies.coordinator! } });
    expect(list.body).toContain(`href="/t/makassar/petugas/pengaduan/wilayah-layanan/${area.id}/ubah"`);
    const form = await t.app.inject({ url: `${PAGE}/${area.id}/ubah`, headers: { cookie: cookies.coordinator! } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Ubah wilayah layanan “Kecamatan &lt;b>Uji&lt;/b>”');
    expect(form.body).toContain('value="Kecamatan &lt;b>Uji&lt;/b>"');
    expect(form.body).toContain('<option value="dinsos" selected>');
    expect(form.body).toContain('&quot;type&quot;: &quot;Polygon&quot;');
    // The map editor island: the tenant's tiles, the areas API for context, this area left out of it.
    expect(form.body).toContain('<script type="module" src="/static/build/service-area-editor.js"></script>');
    expect(form.body).toContain('data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"');
    expect(form.body).toContain('data-areas="/t/makassar/api/v1/complaints/service-areas"');
    expect(form.body).toContain(`data-area-id="${area.id}"`);
    const edit = `${PAGE}/${area.id}/ubah`;
    const bad = await postForm(edit, cookies.coordinator!, { name: 'Kecamatan Uji Baru', agencyCode: 'dinsos', area: '{"type": "Point"}' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="Kecamatan Uji Baru"');
    expect(bad.body).toContain('{&quot;type&quot;: &quot;Point&quot;}</textarea>');
    const unchanged = await t.db.owner.selectFrom('complaint_service_areas').select(['name', 'area']).where('id', '=', area.id).executeTakeFirstOrThrow();
    expect(unchanged.name).toBe('Kecamatan <b>Uji</b>');
    const bigger = { type: 'Polygon', coordinates: [[[119.5, -5.4], [119.8, -5.4], [119.8, -5.1], [119.5, -5.1], [119.5, -5.4]]] };
    const saved = await postForm(edit, cookies.coordinator!, { name: 'Kecamatan Uji Baru', agencyCode: 'dinsos', categoryCode: 'jalan_rusak', area: JSON.stringify(bigger) });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/t/makassar/petugas/pengaduan/wilayah-layanan?ok=updated');
    const row = await t.db.owner.selectFrom('complaint_service_areas').select(['id', 'name', 'category_code', 'area']).where('id', '=', area.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ id: area.id, name: 'Kecamatan Uji Baru', category_code: 'jalan_rusak', area: bigger });
    const after = await t.app.inject({ url: `${PAGE}?ok=updated`, headers: { cookie: cookies.coordinator! } });
    expect(after.body).toContain('Wilayah layanan diperbarui.');
    expect((await auditActions('complaint.service_area_updated')).map((a) => a.subject)).toEqual([`complaint_service_area:${area.id}`]);
    expect((await t.app.inject({ url: `${PAGE}/00000000-0000-4000-8000-000000000000/ubah`, headers: { cookie: cookies.coordinator! } })).statusCode).toBe(404);
    // Put back what the next test expects.
    await postForm(edit, cookies.coordinator!, { name: 'Kecamatan <b>Uji</b>', agencyCode: 'dinsos', categoryCode: '', area: JSON.stringify(GEOJSON_IO) });
  });

  it('deletes after a confirmation page (POST with CSRF), audited; an unknown id is 404', async () => {
    const [area] = (await t.app.inject({ url: `${M}/api/v1/complaints/service-areas`, headers: { cookie: cookies.coordinator! } })).json().items;
    const list = await t.app.inject({ url: PAGE, headers: { cookie: cookies.coordinator! } });
    expect(list.body).toContain(`href="/t/makassar/petugas/pengaduan/wilayah-layanan/${area.id}/hapus"`);
    const confirm = await t.app.inject({ url: `${PAGE}/${area.id}/hapus`, headers: { cookie: cookies.coordinator! } });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Hapus wilayah layanan “Kecamatan &lt;b>Uji&lt;/b>”?');
    expect(confirm.body).toContain('Dinas Sosial');
    // Opening the confirmation page deleted nothing.
    expect(await t.db.owner.selectFrom('complaint_service_areas').select('id').where('id', '=', area.id).executeTakeFirst()).toBeDefined();
    const deleted = await postForm(`${PAGE}/${area.id}/hapus`, cookies.coordinator!, {}, `${PAGE}/${area.id}/hapus`);
    expect(deleted.statusCode).toBe(303);
    expect(deleted.headers.location).toBe('/t/makassar/petugas/pengaduan/wilayah-layanan?ok=deleted');
    expect(await t.db.owner.selectFrom('complaint_service_areas').select('id').where('id', '=', area.id).executeTakeFirst()).toBeUndefined();
    expect((await auditActions('complaint.service_area_deleted')).map((a) => a.subject)).toEqual([`complaint_service_area:${area.id}`]);
    expect((await t.app.inject({ url: `${PAGE}/${area.id}/hapus`, headers: { cookie: cookies.coordinator! } })).statusCode).toBe(404);
  });

  it('is linked from the routing model page and, for the coordinator, from the queue', async () => {
    const model = await t.app.inject({ url: `${M}/petugas/pengaduan/model-rute`, headers: { cookie: cookies.admin! } });
    expect(model.body).toContain('href="/t/makassar/petugas/pengaduan/wilayah-layanan"');
    const queue = await t.app.inject({ url: `${M}/petugas/pengaduan`, headers: { cookie: cookies.coordinator! } });
    expect(queue.body).toContain('href="/t/makassar/petugas/pengaduan/wilayah-layanan"');
    const handlerQueue = await t.app.inject({ url: `${M}/petugas/pengaduan`, headers: { cookie: cookies.handler! } });
    expect(handlerQueue.statusCode).toBe(200);
    expect(handlerQueue.body).not.toContain('wilayah-layanan');
  });
});

describe('service areas: API', () => {
  it('create (201), list, delete (204); a new or deleted area routes the very next report', async () => {
    const dinsos = await agencyIdOf(t, 'makassar', 'dinsos');
    // The router has already cached makassar's areas (none) for this report…
    expect(await reportAt(-5.25, 119.65)).not.toBe(dinsos);
    const created = await t.app.inject({
      method: 'POST',
      url: `${M}/api/v1/complaints/service-areas`,
      headers: json(cookies.admin),
      payload: { name: 'Ruas Uji', agency: 'dinsos', categoryCode: 'jalan_rusak', area: { type: 'Polygon', coordinates: SQUARE } },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Ruas Uji', agency: { code: 'dinsos' }, categoryCode: 'jalan_rusak', polygons: 1, vertices: 4 });
    // …and the save dropped that cache: the next report inside goes to the area's agency.
    expect(await reportAt(-5.25, 119.65)).toBe(dinsos);
    expect(await reportAt(-5.5, 119.65)).not.toBe(dinsos);
    const list = await t.app.inject({ url: `${M}/api/v1/complaints/service-areas`, headers: { cookie: cookies.coordinator! } });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((a: { name: string }) => a.name)).toEqual(['Ruas Uji']);
    const id = created.json().id;
    const removed = await t.app.inject({ method: 'DELETE', url: `${M}/api/v1/complaints/service-areas/${id}`, headers: { cookie: cookies.admin! } });
    expect(removed.statusCode).toBe(204);
    expect(await reportAt(-5.25, 119.65)).not.toBe(dinsos);
    const again = await t.app.inject({ method: 'DELETE', url: `${M}/api/v1/complaints/service-areas/${id}`, headers: { cookie: cookies.admin! } });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('complaint.service_area_not_found');
  });

  it('replace (PUT, 200): the next report follows the new boundary; bad input 400 changes nothing; unknown id 404', async () => {
    const dinsos = await agencyIdOf(t, 'makassar', 'dinsos');
    const created = await t.app.inject({
      method: 'POST',
      url: `${M}/api/v1/complaints/service-areas`,
      headers: json(cookies.admin),
      payload: { name: 'Ruas Geser', agency: 'dinsos', categoryCode: 'jalan_rusak', area: { type: 'Polygon', coordinates: SQUARE } },
    });
    const id = created.json().id;
    expect(await reportAt(-5.25, 119.65)).toBe(dinsos);
    // Moved 1° north: the old point is outside, a point in the new square is inside.
    const moved = SQUARE.map((ring) => ring.map(([lon, lat]) => [lon!, lat! + 1]));
    const put = await t.app.inject({
      method: 'PUT',
      url: `${M}/api/v1/complaints/service-areas/${id}`,
      headers: json(cookies.coordinator),
      payload: { name: 'Ruas Geser (baru)', agency: 'dinsos', categoryCode: 'jalan_rusak', area: { type: 'Polygon', coordinates: moved } },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ id, name: 'Ruas Geser (baru)', agency: { code: 'dinsos' }, area: { type: 'Polygon', coordinates: moved } });
    expect(await reportAt(-5.25, 119.65)).not.toBe(dinsos);
    expect(await reportAt(-4.25, 119.65)).toBe(dinsos);
    const bad = await t.app.inject({
      method: 'PUT',
      url: `${M}/api/v1/complaints/service-areas/${id}?lang=en`,
      headers: json(cookies.admin),
      payload: { name: '', agency: 'dinsos', area: { type: 'Polygon', coordinates: [[[0, 0]]] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['/area', '/name']);
    const row = await t.db.owner.selectFrom('complaint_service_areas').select('name').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.name).toBe('Ruas Geser (baru)');
    const missing = await t.app.inject({
      method: 'PUT',
      url: `${M}/api/v1/complaints/service-areas/00000000-0000-4000-8000-000000000000`,
      headers: json(cookies.admin),
      payload: { name: 'x', agency: 'dinsos', area: { type: 'Polygon', coordinates: SQUARE } },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('complaint.service_area_not_found');
    await t.app.inject({ method: 'DELETE', url: `${M}/api/v1/complaints/service-areas/${id}`, headers: { cookie: cookies.admin! } });
  });

  it('bad input: 400 problem with field errors in the user’s language', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `${M}/api/v1/complaints/service-areas?lang=en`,
      headers: json(cookies.admin),
      payload: { name: 'x', agency: 'dinsos', categoryCode: 'tidak_ada', area: { type: 'Polygon', coordinates: [[[0, 0]]] } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['/area', '/categoryCode']);
  });

  it('another tenant cannot see, change or delete this tenant’s area', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: `${M}/api/v1/complaints/service-areas`,
      headers: json(cookies.coordinator),
      payload: { name: 'Milik Makassar', agency: 'dinsos', area: { type: 'MultiPolygon', coordinates: [SQUARE] } },
    });
    expect(created.statusCode).toBe(201);
    const jateng = await t.app.inject({ url: '/t/jateng/api/v1/complaints/service-areas', headers: { cookie: cookies.otherTenant! } });
    expect(jateng.statusCode).toBe(200);
    expect(jateng.json().items).toEqual([]);
    const del = await t.app.inject({ method: 'DELETE', url: `/t/jateng/api/v1/complaints/service-areas/${created.json().id}`, headers: { cookie: cookies.otherTenant! } });
    expect(del.statusCode).toBe(404);
    const put = await t.app.inject({
      method: 'PUT',
      url: `/t/jateng/api/v1/complaints/service-areas/${created.json().id}`,
      headers: json(cookies.otherTenant),
      payload: { name: 'Diambil Jateng', agency: 'dinsos', area: { type: 'Polygon', coordinates: SQUARE } },
    });
    expect(put.statusCode).toBe(404);
    expect((await t.db.owner.selectFrom('complaint_service_areas').select('name').where('id', '=', created.json().id).executeTakeFirstOrThrow()).name).toBe('Milik Makassar');
    expect(await t.db.owner.selectFrom('complaint_service_areas').select('id').where('id', '=', created.json().id).executeTakeFirst()).toBeDefined();
  });
});

describe('retrain now', () => {
  const queuedJobs = () => t.db.owner.selectFrom('jobs').select(['id', 'payload']).where('kind', '=', RETRAIN_JOB).where('state', '=', 'queued').execute();

  it('queues one manual job (202), not a second while it is pending; the run is listed when done', async () => {
    const first = await t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints/routing-model/retrain`, headers: { cookie: cookies.admin! } });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ queued: true });
    const second = await t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints/routing-model/retrain`, headers: { cookie: cookies.coordinator! } });
    expect(second.statusCode).toBe(202);
    expect(second.json()).toEqual({ queued: false });
    expect((await queuedJobs()).map((j) => j.payload)).toEqual([{ trigger: 'manual' }]);
    const status = (await t.app.inject({ url: `${M}/api/v1/complaints/routing-model`, headers: { cookie: cookies.coordinator! } })).json();
    expect(status.retrainPending).toBe(true);
    const page = await t.app.inject({ url: `${M}/petugas/pengaduan/model-rute`, headers: { cookie: cookies.coordinator! } });
    expect(page.body).toContain('Pelatihan ulang sedang menunggu atau berjalan.');
    expect(page.body).toMatch(/<button type="submit" aria-describedby="h-retrain" disabled[^>]*>Latih ulang sekarang<\/button>/);
    expect(await auditActions('complaint.routing_retrain_requested')).toHaveLength(1);

    const runner = createJobRunner(t.db.app, complaintJobHandlers({ db: t.db.app, audit: t.audit, now: () => new Date() }), { log: quiet });
    while (await runner.runOnce());
    expect(await queuedJobs()).toEqual([]);
    const done = (await t.app.inject({ url: `${M}/api/v1/complaints/routing-model`, headers: { cookie: cookies.coordinator! } })).json();
    expect(done.retrainPending).toBe(false);
    expect(done.runs.map((r: { trigger: string }) => r.trigger)).toEqual(['manual']);
    const after = await t.app.inject({ url: `${M}/petugas/pengaduan/model-rute`, headers: { cookie: cookies.coordinator! } });
    expect(after.body).toContain('<td>manual</td>');
    expect(after.body).toMatch(/<button type="submit" aria-describedby="h-retrain">Latih ulang sekarang<\/button>/);
  });

  it('the page button posts with CSRF and shows that it is queued; English too', async () => {
    const res = await postForm(`${M}/petugas/pengaduan/model-rute/latih-ulang`, cookies.coordinator!, {}, `${M}/petugas/pengaduan/model-rute`);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/t/makassar/petugas/pengaduan/model-rute?retrain=queued');
    const page = await t.app.inject({ url: `${M}/petugas/pengaduan/model-rute?retrain=queued`, headers: { cookie: cookies.coordinator! } });
    expect(page.body).toContain('Pelatihan ulang masuk antrean.');
    const again = await postForm(`${M}/petugas/pengaduan/model-rute/latih-ulang?lang=en`, cookies.coordinator!, {}, `${M}/petugas/pengaduan/model-rute?lang=en`);
    expect(again.headers.location).toBe('/t/makassar/petugas/pengaduan/model-rute?retrain=already');
    const en = await t.app.inject({ url: `${M}/petugas/pengaduan/model-rute?retrain=already&lang=en`, headers: { cookie: cookies.coordinator! } });
    expect(en.body).toContain('A retraining is already queued');
    expect(en.body).toContain('Retrain now');
    expect(await queuedJobs()).toHaveLength(1);
    const noToken = await t.app.inject({ method: 'POST', url: `${M}/petugas/pengaduan/model-rute/latih-ulang`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies.coordinator! }, payload: '' });
    expect(noToken.statusCode).toBe(403);
  });
});

describe('OpenAPI', () => {
  it('documents the new operations', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json() as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId));
    expect(ids).toEqual(expect.arrayContaining(['listServiceAreas', 'createServiceArea', 'updateServiceArea', 'deleteServiceArea', 'retrainComplaintRoutingModel']));
  });
});

describe('access', () => {
  it('every new route refuses other roles (403), another tenant’s officer (401) and no session (401)', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const routes: { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: Record<string, unknown> }[] = [
      { method: 'GET', url: `${M}/api/v1/complaints/service-areas` },
      { method: 'POST', url: `${M}/api/v1/complaints/service-areas`, payload: { name: 'x', agency: 'dinsos', area: { type: 'Polygon', coordinates: SQUARE } } },
      { method: 'PUT', url: `${M}/api/v1/complaints/service-areas/${id}`, payload: { name: 'x', agency: 'dinsos', area: { type: 'Polygon', coordinates: SQUARE } } },
      { method: 'DELETE', url: `${M}/api/v1/complaints/service-areas/${id}` },
      { method: 'POST', url: `${M}/api/v1/complaints/routing-model/retrain` },
      { method: 'GET', url: PAGE },
      { method: 'POST', url: PAGE, payload: {} },
      { method: 'GET', url: `${PAGE}/${id}/ubah` },
      { method: 'POST', url: `${PAGE}/${id}/ubah`, payload: {} },
      { method: 'GET', url: `${PAGE}/${id}/hapus` },
      { method: 'POST', url: `${PAGE}/${id}/hapus`, payload: {} },
      { method: 'POST', url: `${M}/petugas/pengaduan/model-rute/latih-ulang`, payload: {} },
    ];
    const areas = await t.db.owner.selectFrom('complaint_service_areas').select('id').execute();
    const jobs = await t.db.owner.selectFrom('jobs').select('id').where('kind', '=', RETRAIN_JOB).execute();
    for (const r of routes) {
      for (const [who, status] of [
        ['handler', 403],
        ['citizen', 403],
        ['otherTenant', 401],
        [undefined, 401],
      ] as const) {
        const cookie = who ? { cookie: cookies[who]! } : {};
        const res = await t.app.inject({ method: r.method, url: r.url, ...(r.payload ? { headers: json(cookie.cookie), payload: r.payload } : { headers: cookie }) });
        expect(res.statusCode, `${r.method} ${r.url} as ${who ?? 'nobody'}`).toBe(status);
      }
    }
    // Nothing was created, deleted or queued by a refused request.
    expect(await t.db.owner.selectFrom('complaint_service_areas').select('id').execute()).toHaveLength(areas.length);
    expect(await t.db.owner.selectFrom('jobs').select('id').where('kind', '=', RETRAIN_JOB).execute()).toHaveLength(jobs.length);
  });
});
