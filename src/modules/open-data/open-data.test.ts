// Open data on a real PostgreSQL, through HTTP as a CKAN client sees it: the daily job publishes the
// automatic datasets (a new version only when the figures changed; the clock is injected); the CKAN
// Action API lists, searches (q, fq, rows, start) and shows datasets, organizations and resources in
// CKAN's envelope, with CKAN's errors; the DCAT-AP catalogue expands as JSON-LD with every mandatory
// property; an agency administrator describes a dataset and uploads CSVs — a bad file is refused with
// every bad line and nothing saved, a clean one becomes the next version; another tenant, the public,
// a citizen and an officer of another role or agency are refused.
import jsonld from 'jsonld';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_APP_SECRET, type TestApp } from '../../../test/app.js';
import { signInAs, type SignedIn } from '../../../test/auth.js';
import { multipartBody, postUrlencodedForm } from '../../../test/forms.js';
import { csrfTokenForSession } from '../../platform/http/csrf.js';
import type { Job } from '../../platform/jobs/index.js';
import { deriveKey } from '../../platform/secrets.js';
import { openDataJobHandlers, REFRESH_JOB } from './auto.js';

let t: TestApp;
// The app's clock: a day after the demo catalogue was published (its standards are in force), moved a
// day on when a test needs the next day's refresh.
const DAY_MS = 86_400_000;
let clock = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + DAY_MS + 2 * 3600_000); // tomorrow, 10:00 WITA
const dayOf = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Makassar' }).format(at);
const M = '/t/makassar';
const CKAN = `${M}/api/3/action`;
const SITE = 'http://localhost:3000/t/makassar';

type Envelope = { help: string; success: boolean; result?: any; error?: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function refresh() {
  const handler = openDataJobHandlers({ audit: t.audit, now: () => clock, minCount: 5 })[REFRESH_JOB]!;
  const job: Job = { id: 1, kind: REFRESH_JOB, payload: {}, tenantId: null, attempts: 0 };
  await t.db.app.transaction().execute((trx) => handler(job, trx));
}

async function ckan(action: string, params: Record<string, string> = {}, base = CKAN): Promise<{ status: number; body: Envelope }> {
  const res = await t.app.inject({ url: `${base}/${action}${Object.keys(params).length ? `?${new URLSearchParams(params)}` : ''}` });
  return { status: res.statusCode, body: res.json() as Envelope };
}

const adminOf = (agency: string) => signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency }] });
const csrfOf = (who: SignedIn) => csrfTokenForSession(deriveKey(TEST_APP_SECRET, 'csrf'), (who.principal as { sessionId: string }).sessionId);

async function upload(who: SignedIn, id: string, csv: string | Buffer) {
  const { payload, type } = multipartBody({}, [{ name: 'file', filename: 'data.csv', type: 'text/csv', data: Buffer.isBuffer(csv) ? csv : Buffer.from(csv) }]);
  return t.app.inject({ method: 'POST', url: `${M}/kelola/data/${id}/unggah?_csrf=${encodeURIComponent(csrfOf(who))}`, headers: { 'content-type': type, cookie: who.cookie }, payload });
}

const newDataset = (extra: Record<string, string> = {}) => ({
  agency: 'dpmptsp',
  name: 'umkm-per-kecamatan',
  title: 'Jumlah UMKM per kecamatan',
  description: 'UMKM terdaftar per kecamatan, akhir tahun.',
  licenseId: 'CC-BY-4.0',
  frequency: 'ANNUAL',
  temporalStart: '2025-01-01',
  temporalEnd: '2025-12-31',
  spatialCode: '',
  keywords: 'umkm, ekonomi',
  columns: 'kecamatan:region, nama:text, jumlah:integer, rata_omzet:number, per_tanggal:date',
  ...extra,
});

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000', PUBLIC_BASE_URL: 'http://localhost:3000' }, {}, { now: () => clock });
});
afterAll(async () => {
  await t?.close();
});

describe('the daily refresh of the automatic datasets', () => {
  it('publishes a first version of each, none when nothing changed, and a new one when the figures did', async () => {
    await refresh();
    const services = await ckan('package_show', { id: 'layanan-publik-dan-standar' });
    expect(services.status).toBe(200);
    expect(services.body.result.version).toBe('1');
    expect(services.body.result.resources.map((r: { format: string }) => r.format)).toEqual(['CSV', 'JSON']);
    const csv = await t.app.inject({ url: `${M}/data/layanan-publik-dan-standar/unduh/csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\n')[0]).toBe('kode_instansi,nama_instansi,kode_layanan,nama_layanan,kategori,biaya_rupiah,jangka_waktu_hari_kerja,versi_standar,berlaku_sejak');
    expect(csv.body.split('\n').length).toBeGreaterThan(2);
    const json = await t.app.inject({ url: `${M}/data/layanan-publik-dan-standar/unduh/json` });
    const records = json.json() as Record<string, unknown>[];
    expect(typeof records[0]!.jangka_waktu_hari_kerja).toBe('number');
    // The same day again, nothing changed: no new version.
    await refresh();
    expect((await ckan('package_show', { id: 'layanan-publik-dan-standar' })).body.result.version).toBe('1');

    // A citizen asks the PPID for information; the next day's refresh publishes version 2 of the PPID's figures.
    const before = await ckan('package_show', { id: 'statistik-permohonan-informasi' });
    // A paper request recorded by the PPID (received an hour ago).
    const ppid = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'ppid', agency: 'diskominfo' }] });
    const asked = await t.app.inject({
      method: 'POST',
      url: `${M}/api/v1/information-requests`,
      headers: { cookie: ppid.cookie, 'content-type': 'application/json' },
      payload: { requesterKind: 'person', information: 'Data realisasi anggaran 2025', purpose: 'Penelitian', delivery: 'email', requesterName: 'Budi Santoso', receivedAt: new Date(clock.getTime() - 3600_000).toISOString() },
    });
    expect(asked.statusCode, asked.body).toBe(201);
    clock = new Date(clock.getTime() + DAY_MS);
    await refresh();
    const after = await ckan('package_show', { id: 'statistik-permohonan-informasi' });
    expect(Number(after.body.result.version)).toBe(before.status === 200 ? Number(before.body.result.version) + 1 : 1);
    const figures = (await t.app.inject({ url: `${M}/data/statistik-permohonan-informasi/unduh/json` })).json() as { tahun: number; permohonan: number }[];
    expect(figures.find((f) => f.tahun === Number(dayOf(clock).slice(0, 4)))!.permohonan).toBeGreaterThanOrEqual(1);
    // Earlier versions stay downloadable and are listed on the page.
    const page = await t.app.inject({ url: `${M}/data/statistik-permohonan-informasi` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`unduh/csv?versi=${after.body.result.version}`);
    // The temporal coverage follows the clock (tenant's day) and the spatial one is the tenant's region.
    const extras = Object.fromEntries((after.body.result.extras as { key: string; value: string }[]).map((e) => [e.key, e.value]));
    expect(extras).toMatchObject({ frequency: 'DAILY', temporal_end: dayOf(clock), spatial_code: '73.71' });
  });
});

describe('the CKAN Action API', () => {
  it('answers in CKAN’s envelope at /api/3/action and /api/action, and lists, pages and shows datasets', async () => {
    await refresh();
    const list = await ckan('package_list');
    expect(list.status).toBe(200);
    expect(list.body.success).toBe(true);
    expect(list.body.help).toBe(`${SITE}/api/3/action/help_show?name=package_list`);
    const names = list.body.result as string[];
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['layanan-publik-dan-standar', 'statistik-permohonan-informasi']));
    expect((await ckan('package_list', {}, `${M}/api/action`)).body.result).toEqual(names);
    expect((await ckan('package_list', { limit: '1', offset: '1' })).body.result).toEqual([names[1]]);
    // POST with a JSON body, as ckanapi and most clients send it.
    const posted = await t.app.inject({ method: 'POST', url: `${CKAN}/package_show`, headers: { 'content-type': 'application/json' }, payload: { id: 'layanan-publik-dan-standar' } });
    expect(posted.statusCode).toBe(200);
    const pkg = posted.json().result;
    expect(pkg).toMatchObject({
      name: 'layanan-publik-dan-standar',
      type: 'dataset',
      state: 'active',
      private: false,
      isopen: true,
      license_id: 'CC-BY-4.0',
      license_url: 'https://creativecommons.org/licenses/by/4.0/',
      num_resources: 2,
      organization: { name: 'makassar', is_organization: true, type: 'organization', state: 'active' },
    });
    expect(pkg.owner_org).toBe(pkg.organization.id);
    expect(pkg.metadata_modified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
    expect(pkg.tags[0]).toMatchObject({ name: expect.any(String), display_name: expect.any(String), state: 'active' });
    const csvResource = pkg.resources[0];
    expect(csvResource).toMatchObject({ package_id: pkg.id, format: 'CSV', mimetype: 'text/csv', position: 0, url: `${SITE}/data/layanan-publik-dan-standar/unduh/csv` });
    expect(csvResource.hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The same dataset by id.
    expect((await ckan('package_show', { id: pkg.id })).body.result.name).toBe('layanan-publik-dan-standar');
    // resource_show gives the latest version's resource.
    const resource = await ckan('resource_show', { id: csvResource.id });
    expect(resource.status).toBe(200);
    expect(resource.body.result).toEqual(csvResource);
  });

  it('searches with q, fq, rows and start, counting all matches', async () => {
    await refresh();
    const all = await ckan('package_search', { q: '*:*', rows: '1000' });
    expect(all.status).toBe(200);
    const count = all.body.result.count as number;
    expect(count).toBe((all.body.result.results as unknown[]).length);
    expect(count).toBeGreaterThanOrEqual(3);
    const page1 = await ckan('package_search', { rows: '2', start: '0', sort: 'name asc' });
    const page2 = await ckan('package_search', { rows: '2', start: '2', sort: 'name asc' });
    expect(page1.body.result.count).toBe(count);
    expect(page1.body.result.results).toHaveLength(2);
    const pagedNames = [...page1.body.result.results, ...page2.body.result.results].map((p: { name: string }) => p.name);
    expect(pagedNames).toEqual((await ckan('package_list')).body.result.slice(0, pagedNames.length));
    const words = await ckan('package_search', { q: 'kepuasan' });
    expect(words.body.result.results.map((p: { name: string }) => p.name)).toEqual(['indeks-kepuasan-masyarakat']);
    expect((await ckan('package_search', { q: 'tags:ppid' })).body.result.results.map((p: { name: string }) => p.name)).toEqual(['statistik-permohonan-informasi']);
    expect((await ckan('package_search', { fq: 'organization:makassar res_format:CSV' })).body.result.count).toBe(count);
    expect((await ckan('package_search', { fq: 'organization:dinas-yang-tidak-ada' })).body.result.count).toBe(0);
    expect((await ckan('package_search', { fq: 'res_format:SHP' })).body.result.count).toBe(0);
    expect((await ckan('package_search', { fq: '+license_id:ODbL-1.0 +organization:makassar' })).body.result.count).toBe(0);
    const beyond = await ckan('package_search', { start: '500' });
    expect(beyond.body.result).toMatchObject({ count, results: [] });
  });

  it('refuses as CKAN does: unknown action 400, missing id and bad rows 409, unknown id 404, unsupported query 400', async () => {
    const unknown = await t.app.inject({ url: `${CKAN}/package_create` });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toBe('Bad request - Action name not known: package_create');
    const missing = await ckan('package_show');
    expect(missing.status).toBe(409);
    expect(missing.body).toMatchObject({ success: false, error: { __type: 'Validation Error', id: ['Missing value'] } });
    expect(missing.body.help).toContain('help_show?name=package_show');
    const rows = await ckan('package_search', { rows: 'banyak' });
    expect(rows.status).toBe(409);
    expect(rows.body.error).toMatchObject({ __type: 'Validation Error', rows: ['Invalid integer'] });
    for (const [action, id] of [
      ['package_show', 'tidak-ada'],
      ['resource_show', '00000000-0000-4000-8000-000000000000'],
      ['organization_show', 'tidak-ada'],
    ] as const) {
      const res = await ckan(action, { id });
      expect(res.status, action).toBe(404);
      expect(res.body).toMatchObject({ success: false, error: { __type: 'Not Found Error', message: 'Not found' } });
    }
    const query = await ckan('package_search', { fq: 'metadata_created:[* TO NOW]' });
    expect(query.status).toBe(400);
    expect(query.body.error!.__type).toBe('Search Query Error');
    expect((await ckan('package_search', { q: 'a OR b' })).status).toBe(400);
  });

  it('lists and shows organizations: the tenant and its agencies, with their dataset counts', async () => {
    await refresh();
    const names = (await ckan('organization_list')).body.result as string[];
    expect(names).toEqual(expect.arrayContaining(['makassar', 'dpmptsp']));
    const full = (await ckan('organization_list', { all_fields: 'true' })).body.result as { name: string; package_count: number }[];
    expect(full.find((o) => o.name === 'makassar')!.package_count).toBeGreaterThanOrEqual(3);
    const shown = await ckan('organization_show', { id: 'makassar', include_datasets: 'true' });
    expect(shown.body.result).toMatchObject({ name: 'makassar', is_organization: true });
    expect((shown.body.result.packages as unknown[]).length).toBe(shown.body.result.package_count);
  });

  it('is the tenant’s: another tenant’s dataset and resource are not found there', async () => {
    await refresh();
    const ours = (await ckan('package_show', { id: 'layanan-publik-dan-standar' })).body.result;
    const theirs = await ckan('package_show', { id: ours.id }, '/t/jateng/api/3/action');
    expect(theirs.status).toBe(404);
    expect((await ckan('resource_show', { id: ours.resources[0].id }, '/t/jateng/api/3/action')).status).toBe(404);
    expect((await t.app.inject({ url: `/t/jateng/data/${ours.id}` })).statusCode).toBe(404);
  });
});

describe('the DCAT-AP 3.0 catalogue', () => {
  it('expands as JSON-LD with every mandatory class and property as IRIs', async () => {
    await refresh();
    const res = await t.app.inject({ url: `${M}/catalog.jsonld` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/ld+json');
    const expanded = await jsonld.expand(res.json() as object);
    const DCAT = 'http://www.w3.org/ns/dcat#';
    const DCT = 'http://purl.org/dc/terms/';
    const FOAF = 'http://xmlns.com/foaf/0.1/';
    const SPDX = 'http://spdx.org/rdf/terms#';
    type Node = Record<string, unknown>;
    const has = (node: Node, property: string) => Array.isArray(node[property]) && (node[property] as unknown[]).length > 0;
    const first = (node: Node, property: string) => (node[property] as Node[])[0]!;
    const all = (node: Node, property: string) => (node[property] as Node[] | undefined) ?? [];
    const catalog = expanded[0] as Node;
    expect(catalog['@type']).toEqual([`${DCAT}Catalog`]);
    for (const p of [`${DCT}title`, `${DCT}description`, `${DCT}publisher`, `${DCAT}dataset`]) expect(has(catalog, p), p).toBe(true);
    expect(has(first(catalog, `${DCT}publisher`), `${FOAF}name`)).toBe(true);
    const datasets = all(catalog, `${DCAT}dataset`);
    expect(datasets.length).toBe((await ckan('package_list')).body.result.length);
    for (const d of datasets) {
      expect(d['@type']).toEqual([`${DCAT}Dataset`]);
      for (const p of [`${DCT}title`, `${DCT}description`, `${DCT}publisher`, `${DCAT}distribution`, `${DCT}accrualPeriodicity`, `${DCT}spatial`]) expect(has(d, p), `${d['@id']} ${p}`).toBe(true);
      expect(has(first(d, `${DCT}publisher`), `${FOAF}name`)).toBe(true);
      for (const dist of all(d, `${DCAT}distribution`)) {
        expect(dist['@type']).toEqual([`${DCAT}Distribution`]);
        expect(first(dist, `${DCAT}accessURL`)['@id']).toMatch(/^http:\/\/localhost:3000\/t\/makassar\/data\/.+\/unduh\/(csv|json)$/);
        const license = first(dist, `${DCT}license`);
        expect(license['@type']).toEqual([`${DCT}LicenseDocument`]);
        expect(license['@id']).toMatch(/^https:\/\//);
        const checksum = all(dist, `${SPDX}checksum`)[0];
        if (checksum) for (const p of [`${SPDX}algorithm`, `${SPDX}checksumValue`]) expect(has(checksum, p)).toBe(true);
      }
    }
    for (const record of all(catalog, `${DCAT}record`)) for (const p of [`${FOAF}primaryTopic`, `${DCT}modified`]) expect(has(record, p)).toBe(true);
    const service = all(catalog, `${DCAT}service`)[0]!;
    for (const p of [`${DCT}title`, `${DCAT}endpointURL`]) expect(has(service, p)).toBe(true);
  });
});

describe('an agency’s own datasets', () => {
  it('an agency administrator describes a dataset, a bad CSV is refused line by line with nothing saved, a clean one is version 1, the next version 2', async () => {
    const admin = await adminOf('dpmptsp');
    const created = await postUrlencodedForm(t, `${M}/kelola/data/baru`, newDataset(), admin.cookie);
    expect(created.statusCode, created.body).toBe(303);
    const id = /\/kelola\/data\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1]!;
    // Region-coded: published under ODbL whatever was chosen. Not public until its first version.
    expect((await ckan('package_show', { id: 'umkm-per-kecamatan' })).status).toBe(404);
    expect((await t.app.inject({ url: `${M}/kelola/data/${id}`, headers: { cookie: admin.cookie } })).body).toContain('ODbL');

    const bad = [
      'kecamatan,nama,jumlah,rata_omzet,per_tanggal',
      '73.71.01,Mariso,120,15.5,2025-12-31',
      '73.71.99,Tidak ada,12,1,2025-12-31',
      '73.71.02,Mamajang,dua belas,2.5,2025-12-31',
      '73.71.03,Tamalate,3',
      '73.71.04,Rappocini,40,3.1,31/12/2025',
    ].join('\n');
    const refused = await upload(admin, id, bad);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Baris 3, kolom kecamatan: &quot;73.71.99&quot; bukan kode wilayah Kemendagri.');
    expect(refused.body).toContain('Baris 4, kolom jumlah: &quot;dua belas&quot; bukan bilangan bulat.');
    expect(refused.body).toContain('Baris 5: 3 kolom, seharusnya 5.');
    expect(refused.body).toContain('Baris 6, kolom per_tanggal: &quot;31/12/2025&quot; bukan tanggal TTTT-BB-HH.');
    expect((await ckan('package_show', { id: 'umkm-per-kecamatan' })).status).toBe(404);

    const header = await upload(admin, id, 'kecamatan;nama;jumlah\n73.71.01;Mariso;1\n');
    expect(header.statusCode).toBe(400);
    expect(header.body).toContain('Baris 1: nama kolom harus persis kecamatan,nama,jumlah,rata_omzet,per_tanggal.');
    const latin1 = await upload(admin, id, Buffer.from('kecamatan,nama,jumlah,rata_omzet,per_tanggal\n73.71.01,Mariso \xe9,1,1,2025-12-31\n', 'latin1'));
    expect(latin1.statusCode).toBe(400);
    expect(latin1.body).toContain('bukan teks UTF-8');

    const clean = '\ufeffkecamatan,nama,jumlah,rata_omzet,per_tanggal\n73.71.01,Mariso,120,15.5,2025-12-31\n73.71.02,"Mamajang, Kota",80,,2025-12-31\n';
    const published = await upload(admin, id, clean);
    expect(published.statusCode, published.body).toBe(303);
    expect(published.headers.location).toContain('versi=1');
    const pkg = (await ckan('package_show', { id: 'umkm-per-kecamatan' })).body.result;
    expect(pkg).toMatchObject({ version: '1', license_id: 'ODbL-1.0', organization: { name: 'dpmptsp' } });
    const records = (await t.app.inject({ url: `${M}/data/umkm-per-kecamatan/unduh/json` })).json();
    expect(records).toEqual([
      { kecamatan: '73.71.01', nama: 'Mariso', jumlah: 120, rata_omzet: 15.5, per_tanggal: '2025-12-31' },
      { kecamatan: '73.71.02', nama: 'Mamajang, Kota', jumlah: 80, rata_omzet: null, per_tanggal: '2025-12-31' },
    ]);
    expect((await upload(admin, id, clean.replace('120', '121'))).headers.location).toContain('versi=2');
    const v1 = await t.app.inject({ url: `${M}/data/umkm-per-kecamatan/unduh/csv?versi=1` });
    expect(v1.body).toContain('73.71.01,Mariso,120,15.5,2025-12-31');
    expect((await t.app.inject({ url: `${M}/data/umkm-per-kecamatan/unduh/csv` })).body).toContain('73.71.01,Mariso,121,');
    expect((await ckan('package_search', { fq: 'organization:dpmptsp' })).body.result.results.map((p: { name: string }) => p.name)).toContain('umkm-per-kecamatan');

    // A repeated name and bad metadata: 400 with the fields, in English when asked.
    const again = await postUrlencodedForm(t, `${M}/kelola/data/baru?lang=en`, newDataset({ title: '', columns: 'x:photo' }), admin.cookie);
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('Enter the title');
    expect(again.body).toContain('Column &quot;x:photo&quot; is not valid');
  });

  it('refuses the public, a citizen, another role, another agency’s administrator and another tenant', async () => {
    const admin = await adminOf('dpmptsp');
    const created = await postUrlencodedForm(t, `${M}/kelola/data/baru`, newDataset({ name: 'umkm-2' }), admin.cookie);
    const id = /\/kelola\/data\/([0-9a-f-]{36})/.exec(created.headers.location as string)![1]!;
    expect((await t.app.inject({ url: `${M}/kelola/data` })).statusCode).toBe(401);
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    expect((await t.app.inject({ url: `${M}/kelola/data`, headers: { cookie: citizen.cookie } })).statusCode).toBe(403);
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    expect((await t.app.inject({ url: `${M}/kelola/data/${id}`, headers: { cookie: verifier.cookie } })).statusCode).toBe(403);
    expect((await upload(verifier, id, 'x')).statusCode).toBe(403);
    const other = await adminOf('disdukcapil');
    // Unpublished, another agency's dataset does not exist for them (as for the public); published, it is refused.
    expect((await t.app.inject({ url: `${M}/kelola/data/${id}`, headers: { cookie: other.cookie } })).statusCode).toBe(404);
    expect((await upload(admin, id, 'kecamatan,nama,jumlah,rata_omzet,per_tanggal\n73.71.01,A,1,1,2025-01-01\n')).statusCode).toBe(303);
    expect((await t.app.inject({ url: `${M}/kelola/data/${id}`, headers: { cookie: other.cookie } })).statusCode).toBe(403);
    expect((await upload(other, id, 'kecamatan,nama,jumlah,rata_omzet,per_tanggal\n73.71.01,A,1,1,2025-01-01\n')).statusCode).toBe(403);
    const refusedCreate = await postUrlencodedForm(t, `${M}/kelola/data/baru`, newDataset({ name: 'umkm-3' }), other.cookie);
    expect(refusedCreate.statusCode).toBe(403);
    const jateng = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect([401, 403, 404]).toContain((await t.app.inject({ url: `${M}/kelola/data/${id}`, headers: { cookie: jateng.cookie } })).statusCode);
    expect((await t.app.inject({ url: `/t/jateng/kelola/data/${id}`, headers: { cookie: jateng.cookie } })).statusCode).toBe(404);
    // The tenant's administrator keeps every agency's datasets.
    const tenantAdmin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect((await t.app.inject({ url: `${M}/kelola/data/${id}`, headers: { cookie: tenantAdmin.cookie } })).statusCode).toBe(200);
  });
});

describe('the portal', () => {
  it('lists, searches and filters by publisher without JavaScript', async () => {
    await refresh();
    const list = await t.app.inject({ url: `${M}/data` });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Layanan publik dan standar pelayanannya');
    const searched = await t.app.inject({ url: `${M}/data?q=kepuasan` });
    expect(searched.body).toContain('Indeks Kepuasan Masyarakat');
    expect(searched.body).not.toContain('Layanan publik dan standar pelayanannya');
    const filtered = await t.app.inject({ url: `${M}/data?penerbit=dpmptsp` });
    expect(filtered.body).not.toContain('Layanan publik dan standar pelayanannya');
  });
});
