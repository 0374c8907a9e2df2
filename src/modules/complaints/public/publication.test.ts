// Publication (publication.ts, issue 16): a report reaches the public only once a coordinator has
// verified it, with the text the coordinator chose (redacted, and still masked); a report's photos are
// public only for a published public report. Checked on every public reader, over HTTP on a real
// database: the JSON list and one report, the GeoJSON, the list and map pages, the report page,
// Open311 (list, one request, media_url), the photo route, and the secret-code tracking page.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { signInAs } from '../../../../test/auth.js';
import { complaintTestContext, seedTestComplaints, verifyThroughApi } from '../../../../test/complaints.js';
import { followRedirect } from '../../../../test/forms.js';
import { listTenants } from '../../tenancy/index.js';
import { submitComplaint } from '../index.js';

let t: TestApp;
let coordinator: string;
let otherTenant: string;
let otherAgency: string;
let photo: Buffer;
const M = '/t/makassar';
const O = `${M}/open311/v2`;

beforeAll(async () => {
  t = await createTestApp();
  await seedTestComplaints(t);
  coordinator = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie;
  otherTenant = (await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie;
  otherAgency = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'dinkes' }] })).cookie;
  photo = await sharp({ create: { width: 6, height: 4, channels: 3, background: '#1f6f43' } }).png().toBuffer();
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, cookie?: string) => t.app.inject({ url, headers: cookie ? { cookie } : {} });

/** A report of the road category with a place and a photo, submitted as intake does (no session). */
async function submit(privacy: 'public' | 'anonim' | 'rahasia', text: { title: string; description: string }) {
  const tenant = (await listTenants(t.db.app)).find((x) => x.slug === 'makassar')!;
  return submitComplaint(
    { ...complaintTestContext(t), tenant },
    { kind: 'pengaduan', privacy, categoryCode: 'jalan_rusak', latitude: -5.14, longitude: 119.41, photos: [photo], ...text },
  );
}

/** What each public reader says of a report, as an anonymous visitor. */
async function publicReaders(number: string, id: string) {
  const listed = async (url: string) => (await get(url)).body.includes(number);
  return {
    list: await listed(`${M}/api/v1/complaints?limit=100`),
    geojson: await listed(`${M}/api/v1/complaints/geojson`),
    listPage: await listed(`${M}/pengaduan`),
    mapPage: await listed(`${M}/pengaduan/peta`),
    open311List: await listed(`${O}/requests.json`),
    open311One: (await get(`${O}/requests/${number}.json`)).statusCode,
    detail: (await get(`${M}/api/v1/complaints/${number}`)).statusCode,
    page: (await get(`${M}/pengaduan/${number}`)).statusCode,
    photo: (await get(`${M}/api/v1/complaints/${id}/photos/0`)).statusCode,
  };
}

/** The tracking page of a secret code (posted, then followed), and a poster of forms with its CSRF token and cookies. */
async function trackingPage(code: string, slug = 'makassar') {
  const track = await get(`/t/${slug}/pengaduan/lacak`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(track.body)![1]!;
  const jar = ([] as string[]).concat(track.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const post = (url: string, fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/t/${slug}${url}`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar }, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });
  const view = await followRedirect(t, await post('/pengaduan/lacak', { code }), jar);
  return { view, post };
}

describe('publication after verification', () => {
  it('an unverified public or anonymous report is on no public reader; verified, it is on every one at once (the public cache cleared)', async () => {
    const pub = await submit('public', { title: 'Trotoar ambles PUBWAIT1', description: 'Trotoar ambles di depan sekolah.' });
    const anon = await submit('anonim', { title: 'Got tersumbat PUBWAIT2', description: 'Got tersumbat sampah.' });
    const hidden = { list: false, geojson: false, listPage: false, mapPage: false, open311List: false, open311One: 404, detail: 404, page: 404, photo: 404 };
    expect(await publicReaders(pub.trackingNumber, pub.id)).toEqual(hidden);
    expect(await publicReaders(anon.trackingNumber, anon.id)).toEqual(hidden);
    // The reporter still follows it with the secret code, and officers see it in their queue.
    expect((await t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints/track`, payload: { code: anon.secretCode } })).statusCode).toBe(200);
    expect((await get(`${M}/api/v1/complaints/${pub.trackingNumber}`, coordinator)).json().view).toBe('officer');

    await verifyThroughApi(t, 'makassar', pub.trackingNumber);
    await verifyThroughApi(t, 'makassar', anon.trackingNumber);
    expect(await publicReaders(pub.trackingNumber, pub.id)).toEqual({ list: true, geojson: true, listPage: true, mapPage: true, open311List: true, open311One: 200, detail: 200, page: 200, photo: 200 });
    // Published, and its photos still never public: an anonymous report.
    expect(await publicReaders(anon.trackingNumber, anon.id)).toEqual({ list: true, geojson: true, listPage: true, mapPage: true, open311List: true, open311One: 200, detail: 200, page: 200, photo: 404 });
  });

  it('a confidential report is never published, verified or not; editing its public text is refused', async () => {
    const conf = await submit('rahasia', { title: 'Pungli di loket PUBCONF', description: 'Petugas meminta uang tambahan.' });
    const refused = await t.app.inject({
      method: 'POST',
      url: `${M}/api/v1/complaints/${conf.trackingNumber}/actions`,
      headers: { 'content-type': 'application/json', cookie: coordinator },
      payload: { action: 'verify', tier: 'simple', publishedTitle: 'Pungli' },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('/publishedTitle');
    await verifyThroughApi(t, 'makassar', conf.trackingNumber);
    expect(await publicReaders(conf.trackingNumber, conf.id)).toMatchObject({ list: false, geojson: false, open311One: 404, detail: 404, page: 404, photo: 404 });
  });
});

describe('redaction at verification', () => {
  it('the public reads the redacted text, still masked; officers the original and what was published; timeline and audit record it without the text', async () => {
    const s = await submit('public', {
      title: 'Rumah Pak Budi Santoso kebanjiran',
      description: 'Rumah Budi Santoso di Jl. Melati No. 12 RT 03 kebanjiran. Hubungi 081234567890.',
    });
    const officer = await verifyThroughApi(t, 'makassar', s.trackingNumber, {
      publishedTitle: 'Rumah warga kebanjiran',
      publishedDescription: 'Rumah warga di Jl. Melati kebanjiran. Hubungi 081234567890.',
    });
    // Officers: the reporter's words, and what the public reads.
    expect(officer.title).toBe('Rumah Pak Budi Santoso kebanjiran');
    expect(officer.publication).toMatchObject({ title: 'Rumah warga kebanjiran', description: 'Rumah warga di Jl. Melati kebanjiran. Hubungi 081234567890.' });
    const timeline = officer.timeline as { action: string; internal: boolean; body: string | null; reason: string | null }[];
    expect(timeline.find((e) => e.action === 'redacted')).toMatchObject({ internal: true, body: null, reason: null });

    // The public, on every reader: the redacted text, masked.
    const one = (await get(`${M}/api/v1/complaints/${s.trackingNumber}`)).json();
    expect(one).toMatchObject({ view: 'public', title: 'Rumah warga kebanjiran', description: 'Rumah warga di Jl. Melati kebanjiran. Hubungi 0812******90.' });
    expect(one.timeline.some((e: { action: string }) => e.action === 'redacted')).toBe(false);
    const readers = [
      (await get(`${M}/api/v1/complaints?limit=100`)).body,
      (await get(`${M}/api/v1/complaints/geojson`)).body,
      (await get(`${M}/pengaduan`)).body,
      (await get(`${M}/pengaduan/${s.trackingNumber}`)).body,
      (await get(`${O}/requests/${s.trackingNumber}.json`)).body,
    ];
    for (const body of readers) {
      expect(body).not.toContain('Budi');
      expect(body).not.toContain('081234567890');
    }
    expect(readers[3]).toContain('Rumah warga kebanjiran');
    expect((await get(`${O}/requests/${s.trackingNumber}.json`)).json()[0].description).toBe('Rumah warga di Jl. Melati kebanjiran. Hubungi 0812******90.');

    // The officer page shows both texts.
    const page = (await get(`${M}/pengaduan/${s.trackingNumber}`, coordinator)).body;
    expect(page).toContain('Rumah Pak Budi Santoso kebanjiran');
    expect(page).toContain('Rumah warga kebanjiran');

    // The audit entry names what was edited, never the texts.
    await t.audit.flush(t.db.app);
    const entry = await t.db.owner.selectFrom('audit_log').select(['entry']).where('action', '=', 'complaint.verify').where('subject', '=', `complaint:${s.id}`).executeTakeFirstOrThrow();
    const text = entry.entry.toString();
    expect(JSON.parse(text).data).toMatchObject({ published: true, redacted: ['title', 'description'] });
    expect(text).not.toContain('Budi');
    expect(text).not.toContain('Rumah warga');
  });

  it('the officer page verify form carries the public text, prefilled with the reporter’s; without an edit nothing is recorded as redacted', async () => {
    const s = await submit('public', { title: 'Lampu jalan mati PUBFORM', description: 'Lampu jalan mati di gang tiga.' });
    const page = (await get(`${M}/pengaduan/${s.trackingNumber}`, coordinator)).body;
    expect(page).toContain('name="publishedTitle"');
    expect(page).toMatch(/id="f-published-title"[^>]*value="Lampu jalan mati PUBFORM"|value="Lampu jalan mati PUBFORM"[^>]*id="f-published-title"/);
    const officer = await verifyThroughApi(t, 'makassar', s.trackingNumber, { publishedTitle: 'Lampu jalan mati PUBFORM', publishedDescription: '' });
    expect(officer.publication).toMatchObject({ title: 'Lampu jalan mati PUBFORM', description: 'Lampu jalan mati di gang tiga.' });
    expect((officer.timeline as { action: string }[]).some((e) => e.action === 'redacted')).toBe(false);
  });

  it('the verify form posted from the officer page publishes the edited text (POST/redirect/GET)', async () => {
    const s = await submit('public', { title: 'Rumah Ibu Ani kemalingan PUBPOST', description: 'Rumah Ibu Ani di Jl. Kenari 5 kemalingan.' });
    const page = await get(`${M}/pengaduan/${s.trackingNumber}`, coordinator);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const posted = await t.app.inject({
      method: 'POST',
      url: `${M}/pengaduan/${s.trackingNumber}/tindakan`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: coordinator },
      payload: new URLSearchParams({ _csrf: csrf, action: 'verify', tier: 'simple', publishedTitle: 'Rumah warga kemalingan', publishedDescription: 'Rumah warga kemalingan.' }).toString(),
    });
    expect(posted.statusCode).toBe(303);
    const after = (await get(`${M}/pengaduan/${s.trackingNumber}`, coordinator)).body;
    expect(after).toContain('Rumah Ibu Ani kemalingan PUBPOST');
    expect(after).toContain('Rumah warga kemalingan');
    const pub = (await get(`${M}/pengaduan/${s.trackingNumber}`)).body;
    expect(pub).toContain('Rumah warga kemalingan');
    expect(pub).not.toContain('Ibu Ani');
    expect(pub).not.toContain('Kenari 5');
  });
});

describe('one photo rule', () => {
  it('a published public report: thumbnails on its page and its tracking page, media_url, the photo route for anyone', async () => {
    const s = await submit('public', { title: 'Jembatan retak PUBPHOTO', description: 'Jembatan kayu retak.' });
    await verifyThroughApi(t, 'makassar', s.trackingNumber);
    const src = `${M}/api/v1/complaints/${s.id}/photos/0`;
    const page = (await get(`${M}/pengaduan/${s.trackingNumber}`)).body;
    expect(page).toContain(`src="${src}"`);
    expect(page).toContain('loading="lazy"');
    expect((await get(`${O}/requests/${s.trackingNumber}.json`)).json()[0].media_url).toMatch(new RegExp(`${src}$`));
    const served = await get(src);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toContain('image/png');
  });

  it('an anonymous report: never public (page, media_url, photo route); its reporter sees them with the code, officers of its agency by link', async () => {
    const s = await submit('anonim', { title: 'Selokan meluap PUBANON', description: 'Selokan meluap tiap hujan.' });
    await verifyThroughApi(t, 'makassar', s.trackingNumber);
    const src = `${M}/api/v1/complaints/${s.id}/photos/0`;
    expect((await get(`${M}/pengaduan/${s.trackingNumber}`)).body).not.toContain('/photos/0');
    expect((await get(`${O}/requests/${s.trackingNumber}.json`)).json()[0].media_url).toBeNull();
    expect((await get(src)).statusCode).toBe(404);
    expect((await get(src, coordinator)).statusCode).toBe(200);
    expect((await get(`${M}/pengaduan/${s.trackingNumber}`, coordinator)).body).toContain(`src="${src}"`);
    // Another tenant's coordinator and another agency's handler: 404 (the report is not theirs).
    expect((await get(src, otherTenant)).statusCode).toBe(404);
    expect((await get(`/t/jateng/api/v1/complaints/${s.id}/photos/0`, otherTenant)).statusCode).toBe(404);

    // The tracking page: the photo by a POST carrying the code (never in a URL); no public link.
    const { view, post } = await trackingPage(s.secretCode!);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain(`action="${M}/pengaduan/lacak/foto/0"`);
    expect(view.body).not.toContain(src);
    const own = await post('/pengaduan/lacak/foto/0', { code: s.secretCode! });
    expect(own.statusCode).toBe(200);
    expect(own.headers['content-type']).toContain('image/png');
    expect(own.headers['cache-control']).toBe('no-store');
    expect((await post('/pengaduan/lacak/foto/0', { code: 'AAAAA-AAAAA-AAAAA-AAAAA' })).statusCode).toBe(404);
    expect((await post('/pengaduan/lacak/foto/7', { code: s.secretCode! })).statusCode).toBe(404);
    // The code is salted with its tenant: on another tenant it opens nothing.
    const elsewhere = await trackingPage(s.secretCode!, 'jateng');
    expect((await elsewhere.post('/pengaduan/lacak/foto/0', { code: s.secretCode! })).statusCode).toBe(404);
  });

  it('a confidential report: the photo route refuses the public, another agency’s handler and another tenant; its coordinator sees it', async () => {
    const s = await submit('rahasia', { title: 'Pungli parkir PUBRAHASIA', description: 'Juru parkir meminta lebih.' });
    await verifyThroughApi(t, 'makassar', s.trackingNumber);
    const src = `${M}/api/v1/complaints/${s.id}/photos/0`;
    expect((await get(src)).statusCode).toBe(404);
    expect((await get(src, otherAgency)).statusCode).toBe(404);
    expect((await get(src, otherTenant)).statusCode).toBe(404);
    expect((await get(src, coordinator)).statusCode).toBe(200);
  });

  it('an unpublished public report: its photos are not public either', async () => {
    const s = await submit('public', { title: 'Pohon tumbang PUBUNVER', description: 'Pohon tumbang menutup jalan.' });
    expect((await get(`${M}/api/v1/complaints/${s.id}/photos/0`)).statusCode).toBe(404);
    expect(s.secretCode).toBeUndefined();
  });
});
