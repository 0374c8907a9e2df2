// Open311 GeoReport v2 over HTTP (app.inject on a real database): the standard's resources, its error
// format for every refusal, the JSON validated against the standard's own schemas (copied into
// test/fixtures/open311-georeport-v2), and what outside clients do — FixMyStreet's above all: the
// base URL with a trailing slash, XML errors, and its servicerequestupdates extension read the way
// its client (perllib/Open311.pm, Open311/GetServiceRequestUpdates.pm) reads it.
import fs from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { signInAs } from '../../../../test/auth.js';
import { complaintTestContext, verifyForPublic, seedTestComplaints } from '../../../../test/complaints.js';
import { fromRoot } from '../../../platform/paths.js';
import { listTenants } from '../../tenancy/index.js';
import { AgencyCache, submitComplaint } from '../index.js';

let t: TestApp;
let coordinator: string;
let capil: string;

const M = '/t/makassar';
const O = `${M}/open311/v2`;
const KEY = 'demo-open311-makassar';

const schemaDir = fromRoot('test/fixtures/open311-georeport-v2');
// CommonJS packages: their default export is the module object under NodeNext resolution.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const file of fs.readdirSync(schemaDir).filter((f) => f.endsWith('.json'))) {
  ajv.addSchema(JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8')), file);
}
function validate(file: string, data: unknown): true {
  if (!ajv.validate(file, data)) throw new Error(`${file}: ${ajv.errorsText()}`);
  return true;
}

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  await seedTestComplaints(t);
  coordinator = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie;
  capil = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'disdukcapil' }] })).cookie;
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const form = (body: Record<string, string>, url = `${O}/requests.json`) =>
  t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(body).toString() });
const jsonPost = (body: unknown, url = `${O}/requests.json`) => t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
const act = (ref: string, body: Record<string, unknown>, cookie: string) =>
  t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints/${ref}/actions`, headers: { 'content-type': 'application/json', cookie }, payload: body });

const place = { service_code: 'jalan_rusak', description: 'Lampu lalu lintas mati di perempatan.', lat: '-5.14', long: '119.41' };

/** The Open311 JSON error document: an array of {code, description}, codes as numbers like the specification's examples. */
function expectJsonError(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, mentions?: string) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('application/json');
  const errors = res.json() as { code: unknown; description: unknown }[];
  expect(Array.isArray(errors) && errors.length > 0).toBe(true);
  for (const e of errors) {
    expect(e.code).toBe(status);
    expect(typeof e.description === 'string' && e.description.length > 0).toBe(true);
  }
  if (mentions) expect(errors.map((e) => e.description).join(' ')).toContain(mentions);
  return errors;
}

// XML read as FixMyStreet reads it: XML::Simple with these elements always arrays, the root dropped,
// text kept as text (perllib/Open311.pm, _get_xml_object).
const FMS_ARRAYS = new Set(['service', 'attribute', 'value', 'request', 'error', 'request_update']);
const fmsXml = new XMLParser({ isArray: (name) => FMS_ARRAYS.has(name), parseTagValue: false, ignoreDeclaration: true });
function readXmlAsFixMyStreet(body: string): Record<string, unknown> {
  expect(body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const doc = fmsXml.parse(body, true) as Record<string, unknown>;
  const roots = Object.keys(doc);
  expect(roots).toHaveLength(1);
  const root = doc[roots[0]!];
  return { root: roots[0], ...(typeof root === 'object' && root !== null ? (root as Record<string, unknown>) : {}) };
}

function expectXmlError(res: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toContain('text/xml');
  const doc = readXmlAsFixMyStreet(res.body) as { root: string; error?: { code: string; description: string }[] };
  expect(doc.root).toBe('errors');
  expect(doc.error?.[0]?.code).toBe(String(status));
  expect(doc.error?.[0]?.description).toBeTruthy();
}

async function makassar() {
  return (await listTenants(t.db.app)).find((x) => x.slug === 'makassar')!;
}

describe('Open311 resources', () => {
  it('discovery, services and service definitions in JSON (schema-valid) and XML; every service has a description', async () => {
    const discovery = (await get(`${O}/discovery.json`)).json();
    expect(discovery.endpoints[0].formats).toContain('text/xml');
    expect(discovery.endpoints[0].url).toMatch(/\/open311\/v2\/$/);
    const services = await get(`${O}/services.json`);
    expect(validate('services.json', services.json())).toBe(true);
    const list = services.json() as { service_code: string; description: unknown }[];
    expect(list.map((s) => s.service_code)).toContain('jalan_rusak');
    // The demo categories have no description of their own: each service still explains itself.
    for (const s of list) expect(typeof s.description === 'string' && s.description.length > 10, s.service_code).toBe(true);
    const en = (await get(`${O}/services.json?lang=en`)).json() as { description: string }[];
    expect(en[0]!.description).not.toBe(list[0]!.description);
    const xml = await get(`${O}/services.xml`);
    expect(xml.headers['content-type']).toContain('text/xml');
    expect((readXmlAsFixMyStreet(xml.body).service as unknown[]).length).toBe(list.length);
    const def = await get(`${O}/services/administrasi_kependudukan.json`);
    expect(validate('service-definition.json', def.json())).toBe(true);
    expectJsonError(await get(`${O}/services/nope.json`), 404);
    // Without a tenant in the address, jurisdiction_id picks it.
    expect((await get('/open311/v2/services.json?jurisdiction_id=makassar')).json().length).toBe(12);
    expectJsonError(await get('/open311/v2/services.json'), 400, 'jurisdiction_id');
    expectJsonError(await get(`${O}/services.json?jurisdiction_id=jateng`), 404, 'jateng');
  });

  it('POST requests needs api_key and a location; GET returns published reports only, never personal data, schema-valid', async () => {
    expectJsonError(await form(place), 403, 'api_key');
    expectJsonError(await form({ ...place, api_key: 'wrong' }), 403);
    expectJsonError(await form({ ...place, api_key: KEY, lat: '', long: '' }), 400);
    expectJsonError(await form({ ...place, api_key: KEY, service_code: 'nope' }), 404, 'service_code');
    expectJsonError(await form({ ...place, api_key: KEY, description: 'x'.repeat(4001) }), 400, 'description');
    const created = await form({ ...place, api_key: KEY, email: 'open311@example.com', first_name: 'Andi' });
    expect(created.statusCode).toBe(200);
    const [{ service_request_id: id, token }] = created.json();
    const anon = await form({ ...place, api_key: KEY, 'attribute[privacy]': 'anonim', email: 'hidden@example.com' });
    const anonId = anon.json()[0].service_request_id;
    expect(anon.json()[0].service_notice).toMatch(/[2-9A-Z]{5}-/);
    const conf = await form({ ...place, api_key: KEY, 'attribute[privacy]': 'rahasia', email: 'secret@example.com' });
    const confId = conf.json()[0].service_request_id;
    // Before a coordinator verifies them, no report is published: not in the list, not by its id.
    const unverified = (await get(`${O}/requests.json`)).json().map((r: { service_request_id: string }) => r.service_request_id);
    expect(unverified).not.toContain(id);
    expect(unverified).not.toContain(anonId);
    expectJsonError(await get(`${O}/requests/${id}.json`), 404);
    expect((await get(`${O}/requests.json?service_request_id=${anonId}`)).json()).toEqual([]);
    for (const ref of [id, anonId, confId]) expect((await act(ref, { action: 'verify', tier: 'simple' }, coordinator)).statusCode).toBe(200);
    const list = await get(`${O}/requests.json`);
    expect(validate('requests.json', list.json())).toBe(true);
    const ids = list.json().map((r: { service_request_id: string }) => r.service_request_id);
    expect(ids).toContain(id);
    expect(ids).toContain(anonId);
    expect(ids).not.toContain(confId);
    for (const secret of ['hidden@example.com', 'secret@example.com', 'open311@example.com', 'Andi']) expect(list.body).not.toContain(secret);
    const one = await get(`${O}/requests/${id}.json`);
    expect(validate('requests.json', one.json())).toBe(true);
    expect(one.json()[0]).toMatchObject({ service_request_id: id, status: 'open', lat: -5.14 });
    expect(one.json()[0].requested_datetime).toMatch(/\+08:00$/);
    expectJsonError(await get(`${O}/requests/${confId}.json`), 404);
    expect((await get(`${O}/requests/${id}.xml`)).body).toContain(`<service_requests><request><service_request_id>${id}</service_request_id>`);
    expect((await get(`${O}/tokens/${token}.json`)).json()).toEqual([{ service_request_id: id, token }]);
    expectJsonError(await get(`${O}/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-12-01T00:00:00Z`), 400, '90');
    expect((await get(`${O}/requests.json?status=closed`)).json().every((r: { status: string }) => r.status === 'closed')).toBe(true);
    expect((await get(`${O}/requests.json?status=open,closed`)).statusCode).toBe(200);
    expectXmlError(await get(`${O}/requests.xml?status=bogus`), 400);
  });

  it('media_url: the first sanitised photo of a public report (served), null without photos; schema-valid', async () => {
    const tenant = await makassar();
    const photo = await sharp({ create: { width: 4, height: 3, channels: 3, background: '#2e86c1' } }).png().toBuffer();
    const ctx = complaintTestContext(t, 'test');
    const report = { kind: 'pengaduan' as const, privacy: 'public' as const, title: 'Kartu keluarga belum jadi', description: 'Sudah sebulan kartu keluarga belum jadi, padahal dijanjikan seminggu.' };
    const withPhoto = await submitComplaint({ ...ctx, tenant }, { ...report, photos: [photo, photo] });
    const without = await submitComplaint({ ...ctx, tenant }, report);
    // Unpublished (not verified yet): neither the request nor its photo is public.
    expectJsonError(await get(`${O}/requests/${withPhoto.trackingNumber}.json`), 404);
    expect((await get(`${M}/api/v1/complaints/${withPhoto.id}/photos/0`)).statusCode).toBe(404);
    for (const r of [withPhoto, without]) await verifyForPublic({ ...ctx, tenant }, r.id);
    const one = (await get(`${O}/requests/${withPhoto.trackingNumber}.json`)).json();
    expect(validate('requests.json', one)).toBe(true);
    expect(one[0].media_url).toBe(`http://localhost:3000/t/makassar/api/v1/complaints/${withPhoto.id}/photos/0`);
    const served = await get(new URL(one[0].media_url).pathname);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toContain('image/png');
    const list = (await get(`${O}/requests.json?service_request_id=${withPhoto.trackingNumber},${without.trackingNumber}`)).json();
    expect(validate('requests.json', list)).toBe(true);
    const byId = Object.fromEntries(list.map((r: { service_request_id: string; media_url: string | null }) => [r.service_request_id, r.media_url]));
    expect(byId[withPhoto.trackingNumber]).toMatch(/\/photos\/0$/);
    expect(byId[without.trackingNumber]).toBeNull();

    // An anonymous report is published, its photos never are: no media_url, the photo route 404 to the
    // public; its officers still see it.
    const anonymous = await submitComplaint({ ...ctx, tenant }, { ...report, privacy: 'anonim', photos: [photo] });
    await verifyForPublic({ ...ctx, tenant }, anonymous.id);
    const listed = (await get(`${O}/requests/${anonymous.trackingNumber}.json`)).json();
    expect(validate('requests.json', listed)).toBe(true);
    expect(listed[0].media_url).toBeNull();
    expect((await get(`${M}/api/v1/complaints/${anonymous.id}/photos/0`)).statusCode).toBe(404);
    expect((await get(`${M}/api/v1/complaints/${anonymous.id}/photos/0`, { cookie: coordinator })).statusCode).toBe(200);
  });
});

describe('Open311 refusals (issue 15): validated by schemas, answered in the standard error format, never a disguised fault', () => {
  it('a repeated query parameter, a bad date, an odd id: 400 or 404 naming the problem', async () => {
    expectJsonError(await get(`${O}/requests.json?status=open&status=closed`), 400, 'status');
    expectJsonError(await get(`${O}/requests.json?start_date=kemarin`), 400, 'start_date');
    expectJsonError(await get(`${O}/requests.json?start_date=2026-02-31T00:00:00Z`), 400, 'start_date');
    expectJsonError(await get(`${O}/requests/%25.json`), 404);
    expectJsonError(await get(`${O}/services/%25.json`), 404);
    expectJsonError(await get(`${O}/tokens/%25.json`), 404);
    // XML is the standard's required format: it answers a path with neither extension.
    expectXmlError(await get(`${O}/requests/ADU-XXXX-XXXX.txt`), 404);
    // English when asked for.
    const en = expectJsonError(await get(`${O}/requests.json?status=open&status=closed&lang=en`), 400);
    const id = expectJsonError(await get(`${O}/requests.json?status=open&status=closed`), 400);
    expect(en[0]!.description).not.toBe(id[0]!.description);
  });

  it('wrong types in the body: an object api_key is refused, a number is taken as the text it was sent as', async () => {
    expectJsonError(await jsonPost({ ...place, api_key: { key: KEY } }), 400, 'api_key');
    const numeric = await jsonPost({ ...place, api_key: KEY, description: 12345678 });
    expect(numeric.statusCode).toBe(200);
    const id = numeric.json()[0].service_request_id;
    await act(id, { action: 'verify', tier: 'simple' }, coordinator);
    expect((await get(`${O}/requests/${id}.json`)).json()[0].description).toBe('12345678');
  });

  it('contact fields are capped as in the JSON API; an over-long one stores nothing', async () => {
    const marker = `Tanda ${Date.now()} jalan rusak parah`;
    for (const [field, length] of [['first_name', 5000], ['last_name', 201], ['email', 255], ['phone', 31]] as const) {
      expectJsonError(await form({ ...place, description: marker, api_key: KEY, [field]: 'a'.repeat(length) }), 400, field);
    }
    expectJsonError(await form({ ...place, description: marker, api_key: KEY, 'attribute[kind]': 'keluhan' }), 400, 'attribute[kind]');
    const list = await get(`${O}/requests.json`);
    expect(list.body).not.toContain(marker);
  });

  it('a body over the limit: 413 in the format of the path', async () => {
    const big = `api_key=${KEY}&description=${'x'.repeat(10 * 1024 * 1024)}`;
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    expectJsonError(await t.app.inject({ method: 'POST', url: `${O}/requests.json`, headers, payload: big }), 413);
    expectXmlError(await t.app.inject({ method: 'POST', url: `${O}/requests.xml`, headers, payload: big }), 413);
  });

  it('a real server fault stays a 5xx (in the Open311 format), not a 400', async () => {
    const spy = vi.spyOn(AgencyCache.prototype, 'list').mockRejectedValue(new Error('database gone'));
    try {
      expectJsonError(await get(`${O}/requests.json?service_code=jalan_rusak&lang=en`), 500);
      expectXmlError(await get(`${O}/requests.xml?service_code=pendidikan`), 500);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('Open311 as its clients call it (issue 16)', () => {
  it('accepts a doubled slash after the base, as clients append /services.xml to the advertised …/v2/', async () => {
    const base = (await get(`${O}/discovery.json`)).json().endpoints[0].url as string;
    // The advertised address carries the tenant's /t/<slug> prefix it was asked through.
    expect(new URL(base).pathname).toBe(`${O}/`);
    const services = await get(`${new URL(base).pathname}/services.xml`);
    expect(services.statusCode).toBe(200);
    expect((readXmlAsFixMyStreet(services.body).service as unknown[]).length).toBe(12);
    expect((await get(`${O}//requests.json`)).statusCode).toBe(200);
    expect((await get(`${O}//services/jalan_rusak.xml`)).statusCode).toBe(200);
  });

  it('answers errors of .xml paths in XML: unknown paths, parse errors, refusals', async () => {
    expectXmlError(await get(`${O}/nothing-here.xml`), 404);
    expectXmlError(await get(`${O}/requests/nothing/else.xml`), 404);
    expectJsonError(await get(`${O}/nothing-here.json`), 404);
    const malformed = await t.app.inject({ method: 'POST', url: `${O}/requests.xml`, headers: { 'content-type': 'application/json' }, payload: '{"api_key":' });
    expectXmlError(malformed, 400);
    expectXmlError(await form({ ...place }, `${O}/requests.xml`), 403);
    expectXmlError(await get(`${O}/services/nope.xml`), 404);
    const fms = readXmlAsFixMyStreet((await form({ ...place }, `${O}/requests.xml`)).body) as { error: { code: string; description: string }[] };
    // FixMyStreet logs "code: description" for each error (Open311.pm _process_error).
    expect(`${fms.error[0]!.code}: ${fms.error[0]!.description}`).toMatch(/^403: .*api_key/);
  });

  it('the OpenAPI document describes the Open311 routes from the same schemas that validate them', async () => {
    const doc = (await get('/api/openapi.json')).json();
    const post = doc.paths['/open311/v2/requests.json'].post;
    const body = post.requestBody.content['application/x-www-form-urlencoded'].schema;
    expect(body.properties.description.maxLength).toBe(4000);
    expect(body.properties.first_name.maxLength).toBe(200);
    expect(doc.paths['/open311/v2/servicerequestupdates.xml'].get.parameters.map((p: { name: string }) => p.name)).toContain('start_date');
  });
});

// ---- servicerequestupdates, as FixMyStreet's client fetches and reads it ----

/** DateTime::Format::W3CDTF's accepted date-times with a zone (what parse_datetime takes from us). */
const W3CDTF = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
/** DateTime::Format::W3CDTF->format_datetime of a UTC DateTime without fractions: 2026-03-16T10:00:00Z. */
const w3utc = (d: Date) => `${d.toISOString().slice(0, 19)}Z`;
/** Open311.pm map_state: the status of an update as a FixMyStreet state. */
function fmsState(status: string): string {
  const s = status.toLowerCase().replace(/_/g, ' ');
  const map: Record<string, string> = { fixed: 'fixed - council', 'not councils responsibility': 'not responsible', 'no further action': 'unable to fix', open: 'confirmed', closed: 'fixed - council' };
  return map[s] ?? s;
}
/** FixMyStreet's visible states: a status mapping to anything else changes nothing there. */
const FMS_VISIBLE = new Set(['confirmed', 'investigating', 'in progress', 'planned', 'action scheduled', 'fixed', 'fixed - council', 'fixed - user', 'closed', 'unable to fix', 'not responsible', 'duplicate', 'internal referral']);

interface FmsUpdate {
  update_id?: string;
  service_request_id?: string;
  status?: string;
  updated_datetime?: string;
  description?: string;
  media_url?: string;
}

/**
 * Open311::GetServiceRequestUpdates->update_comments against Gerbang: GET <endpoint>servicerequestupdates.xml
 * with api_key, jurisdiction_id, start_date and end_date (W3C, UTC), then for each request_update the
 * checks it makes before creating a comment. Returns the updates it would keep.
 */
async function fetchAsFixMyStreet(endpoint: string, start: Date, end: Date) {
  const query = new URLSearchParams({ api_key: KEY, start_date: w3utc(start), end_date: w3utc(end), jurisdiction_id: 'makassar' });
  const res = await get(`${endpoint}servicerequestupdates.xml?${query}`);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toContain('text/xml; charset=utf-8');
  const doc = readXmlAsFixMyStreet(res.body) as { root: string; request_update?: FmsUpdate[] };
  expect(doc.root).toBe('service_request_updates');
  const kept: FmsUpdate[] = [];
  for (const update of doc.request_update ?? []) {
    expect(update.service_request_id).toBeTruthy();
    const when = W3CDTF.exec(update.updated_datetime ?? '');
    expect(when, update.updated_datetime).not.toBeNull();
    const utc = w3utc(new Date(update.updated_datetime!));
    // FixMyStreet drops an update whose time, in UTC, is outside the window it asked for.
    expect(utc >= w3utc(start) && utc <= w3utc(end)).toBe(true);
    expect(update.update_id).toMatch(/^\S+$/);
    expect(FMS_VISIBLE.has(fmsState(update.status ?? ''))).toBe(true);
    kept.push(update);
  }
  return { kept, body: res.body };
}

describe('servicerequestupdates (the FixMyStreet extension)', () => {
  it('gives each status change of published reports, masked, with the fields and dates FixMyStreet reads; nothing of confidential, hidden or internal', async () => {
    const start = new Date(Date.now() - 2 * 3600_000);
    // FixMyStreet sends a report the way Open311.pm does (form fields, name split in two).
    const sent = await form({ ...place, api_key: KEY, jurisdiction_id: 'makassar', service_code: 'administrasi_kependudukan', description: 'KK belum jadi sebulan.', first_name: 'Siti', last_name: 'Rahmawati', email: 'siti.fms@example.com', phone: '081298765432' }, `${O}/requests.xml`);
    const id = (readXmlAsFixMyStreet(sent.body) as { request: { service_request_id: string }[] }).request[0]!.service_request_id;
    expect((await act(id, { action: 'verify', tier: 'simple' }, coordinator)).statusCode).toBe(200);
    expect((await act(id, { action: 'dispatch', agencyId: 'disdukcapil' }, coordinator)).statusCode).toBe(200);
    expect((await act(id, { action: 'note', text: 'Catatan internal: pelapor Siti sudah ditelepon.' }, capil)).statusCode).toBe(200);
    const picture = (await sharp({ create: { width: 4, height: 3, channels: 3, background: '#aa3300' } }).jpeg().toBuffer()).toString('base64');
    const answered = await act(id, { action: 'answer', text: 'KK sudah dapat diambil. Info: 081234567890.', attachments: [{ filename: 'kk.jpg', contentBase64: picture }] }, capil);
    expect(answered.statusCode).toBe(200);
    expect((await act(id, { action: 'close', outcome: 'resolved', reason: 'Sudah diambil pelapor.' }, coordinator)).statusCode).toBe(200);

    // A confidential report and a hidden one change state too: neither may show.
    const confidential = (await form({ ...place, api_key: KEY, 'attribute[privacy]': 'rahasia', email: 'rahasia.fms@example.com', first_name: 'Rahasia' })).json()[0].service_request_id;
    await act(confidential, { action: 'verify', tier: 'simple' }, coordinator);
    const hidden = (await form({ ...place, api_key: KEY })).json()[0].service_request_id;
    await act(hidden, { action: 'verify', tier: 'simple' }, coordinator);
    await act(hidden, { action: 'hide', reason: 'Mengandung fitnah.' }, coordinator);
    const anonymous = (await form({ ...place, api_key: KEY, 'attribute[privacy]': 'anonim', email: 'anon.fms@example.com', first_name: 'Anonim' })).json()[0].service_request_id;
    await act(anonymous, { action: 'verify', tier: 'simple' }, coordinator);
    await act(anonymous, { action: 'reject', ground: 'out_of_scope', reason: 'Bukan kewenangan pemerintah kota.' }, coordinator);
    // Rejected before verification: never published, so its rejection is no public update either.
    const unpublished = (await form({ ...place, api_key: KEY, description: 'Laporan tanpa verifikasi.' })).json()[0].service_request_id;
    await act(unpublished, { action: 'reject', ground: 'unclear', reason: 'Tidak jelas.' }, coordinator);

    const endpoint = new URL((await get(`${O}/discovery.json`)).json().endpoints[0].url).pathname;
    const { kept, body } = await fetchAsFixMyStreet(endpoint, start, new Date(Date.now() + 1000));
    const mine = kept.filter((u) => u.service_request_id === id);
    expect(mine.map((u) => fmsState(u.status!))).toEqual(['investigating', 'in progress', 'in progress', 'fixed - council']);
    expect(new Set(kept.map((u) => u.update_id)).size).toBe(kept.length);
    expect(mine.every((u) => u.updated_datetime!.endsWith('+08:00'))).toBe(true);
    const answer = mine[2]!;
    expect(answer.description).toContain('KK sudah dapat diambil.');
    expect(answer.description).toContain('0812******90');
    const media = await get(new URL(answer.media_url!).pathname);
    expect(media.statusCode).toBe(200);
    expect(media.headers['content-type']).toBe('image/jpeg');
    expect(mine[0]!.media_url || null).toBeNull();
    expect(mine[3]!.description).toContain('Sudah diambil pelapor.');
    // The anonymous report's rejection is public (it has no identity); the other two are not there.
    expect(kept.filter((u) => u.service_request_id === anonymous).map((u) => fmsState(u.status!))).toEqual(['investigating', 'not responsible']);
    expect(kept.some((u) => [confidential, hidden, unpublished].includes(u.service_request_id!))).toBe(false);
    for (const secret of ['Siti', 'Rahmawati', 'siti.fms@example.com', '081298765432', '081234567890', 'Catatan internal', 'rahasia.fms@example.com', 'anon.fms@example.com', 'Anonim', 'fitnah']) {
      expect(body).not.toContain(secret);
    }

    // Asked again, the same updates carry the same ids (FixMyStreet keys its comments on update_id).
    const again = await fetchAsFixMyStreet(endpoint, start, new Date(Date.now() + 1000));
    expect(again.kept.map((u) => u.update_id)).toEqual(kept.map((u) => u.update_id));
    // A window before any of it: an empty list, which FixMyStreet reads as no updates.
    const before = await fetchAsFixMyStreet(endpoint, new Date(start.getTime() - 3600_000), start);
    expect(before.kept).toEqual([]);
    // The same in JSON.
    const json = await get(`${O}/servicerequestupdates.json?start_date=${w3utc(start)}&end_date=${w3utc(new Date(Date.now() + 1000))}`);
    expect(json.json().map((u: { update_id: string }) => u.update_id)).toEqual(kept.map((u) => u.update_id));
    expect(json.json()[0]).toEqual(expect.objectContaining({ update_id: expect.any(String), service_request_id: expect.any(String), status: expect.any(String), updated_datetime: expect.any(String), description: expect.any(String) }));
  });

  it('refuses what it cannot answer, in the format of the path', async () => {
    expectXmlError(await get(`${O}/servicerequestupdates.xml?start_date=2026-01-02T00:00:00Z&end_date=2026-01-01T00:00:00Z`), 400);
    expectJsonError(await get(`${O}/servicerequestupdates.json?start_date=2025-01-01T00:00:00Z&end_date=2025-12-01T00:00:00Z`), 400, '90');
    expectJsonError(await get(`${O}/servicerequestupdates.json?end_date=besok`), 400, 'end_date');
    expectJsonError(await get('/open311/v2/servicerequestupdates.json'), 400, 'jurisdiction_id');
  });
});
