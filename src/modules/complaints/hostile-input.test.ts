// Ordinary-looking input that once answered 500 or was taken when it should not be (issue 15): NUL and
// lone surrogates, year 0000 and cursors outside the date range, an oversized photo, a title of
// zero-width spaces, a secret code used on another report's path, a JPEG with HTML appended. Each is
// refused with a clear 4xx through the API and the form (or, the polyglot, stored without what was
// appended), and nothing is saved by the refusal.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { complaintRoleCookies, seedTestComplaints } from '../../../test/complaints.js';
import { followRedirect, openMultipartForm, postMultipartForm } from '../../../test/forms.js';
import { MAX_PHOTO_BYTES } from './intake/photo-sanitizer.js';

let t: TestApp;
let citizen: string;
let coordinator: string;
const M = '/t/makassar';
const report = {
  kind: 'pengaduan',
  title: 'Kartu keluarga belum jadi',
  description: 'Sudah sebulan kartu keluarga belum jadi, padahal dijanjikan seminggu.',
  privacy: 'public',
};

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  await seedTestComplaints(t);
  ({ citizen, coordinator } = await complaintRoleCookies(t));
});
afterAll(async () => {
  await t?.close();
});

const submit = (body: Record<string, unknown>, cookie = citizen) =>
  t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints`, headers: { 'content-type': 'application/json', cookie }, payload: body });
const submitForm = async (fields: Record<string, string>, files: Parameters<typeof postMultipartForm>[3] = []) =>
  followRedirect(t, await postMultipartForm(t, `${M}/pengaduan/baru`, { ...report, ...fields }, files, citizen), citizen);
const mine = async () => (await t.app.inject({ url: `${M}/api/v1/complaints/mine`, headers: { cookie: citizen } })).json<unknown[]>().length;
const fieldsOf = (res: { json(): { errors?: { field: string; code: string }[] } }) => res.json().errors?.map((e) => `${e.field}:${e.code}`);

describe('text the database cannot store', () => {
  it.each([
    ['a NUL in the title', { title: 'Jalan\u0000rusak' }, 'body/title:unstorable'],
    ['a lone surrogate in the description', { description: 'Lampu mati \ud800 sejak kemarin.' }, 'body/description:unstorable'],
    ['a NUL in a key', { 'ti\u0000tle': 'x' }, 'body/ti\uFFFDtle:unstorable'],
  ])('API: %s is a 400 naming the field, in the request language', async (_label, change, field) => {
    const before = await mine();
    const res = await submit({ ...report, ...change });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(res)).toEqual([field]);
    expect(res.json().errors[0].message).toBe('Isian berisi karakter yang tidak dapat disimpan (misalnya karakter NUL).');
    expect(await mine()).toBe(before);
  });

  it('API: in a query parameter or a path parameter, the same 400', async () => {
    const query = await t.app.inject({ url: `${M}/api/v1/complaints?category=a%00b`, headers: { 'accept-language': 'en' } });
    expect(query.statusCode).toBe(400);
    expect(fieldsOf(query)).toEqual(['querystring/category:unstorable']);
    expect(query.json().errors[0].message).toBe('Contains a character that cannot be stored (such as a NUL character).');
    const path = await t.app.inject({ url: `${M}/api/v1/complaints/ADU%00` });
    expect(path.statusCode).toBe(400);
    expect(fieldsOf(path)).toEqual(['params/ref:unstorable']);
  });

  it('form (multipart): a NUL in a field is a 400 page naming it; nothing is saved', async () => {
    const before = await mine();
    const res = await submitForm({ title: 'Kartu keluarga rusak', description: 'Sudah\u0000 sebulan.' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toMatch(/class="error-summary"[^]*<li><a href="#f-description">Isian berisi karakter yang tidak dapat disimpan/);
    // What was typed is kept for the reporter to correct.
    expect(res.body).toContain('Kartu keluarga rusak');
    expect(await mine()).toBe(before);
  });
});

describe('a body that is not the form', () => {
  it('multipart without a boundary is a 400, a url-encoded body where files are expected a 415', async () => {
    const form = await openMultipartForm(t, `${M}/pengaduan/baru`, citizen);
    const post = (type: string, payload: string) => t.app.inject({ method: 'POST', url: form.action, headers: { 'content-type': type, cookie: form.cookie, accept: 'text/html' }, payload });
    const noBoundary = await post('multipart/form-data', '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nJalan');
    expect(noBoundary.statusCode).toBe(400);
    expect(noBoundary.body).toContain('Isi formulir tidak dapat dibaca.');
    const urlencoded = await post('application/x-www-form-urlencoded', 'title=Jalan');
    expect(urlencoded.statusCode).toBe(415);
  });
});

describe('dates outside 0001–9999', () => {
  it('serviceReceivedOn 0000-01-01: API 400 (format), form 400 beside the field', async () => {
    const api = await submit({ ...report, serviceReceivedOn: '0000-01-01' });
    expect(api.statusCode).toBe(400);
    expect(fieldsOf(api)).toEqual(['body/serviceReceivedOn:format']);
    const form = await submitForm({ serviceReceivedOn: '0000-01-01' });
    expect(form.statusCode).toBe(400);
    expect(form.body).toMatch(/class="error-summary"[^]*<li><a href="#f-serviceReceivedOn">Format isian harus date\.<\/a><\/li><\/ul>/);
  });

  it.each([
    ['year 0', '0000-12-31T00:00:00.000Z'],
    ['JavaScript’s earliest day', '-271821-04-20T00:00:00.000Z'],
    ['JavaScript’s latest day', '+275760-09-13T00:00:00.000Z'],
    ['not a date', 'kemarin'],
    ['an id that is no UUID', '2026-03-16T02:00:00.000Z|abc'],
  ])('a list cursor with %s is a 400, on the API and the page', async (_label, at) => {
    const cursor = Buffer.from(at.includes('|') ? at : `${at}|00000000-0000-4000-8000-000000000000`).toString('base64url');
    const api = await t.app.inject({ url: `${M}/api/v1/complaints?cursor=${cursor}` });
    expect(api.statusCode).toBe(400);
    expect(fieldsOf(api)).toEqual(['/cursor:cursor']);
    expect((await t.app.inject({ url: `${M}/pengaduan?cursor=${cursor}`, headers: { accept: 'text/html' } })).statusCode).toBe(400);
  });

  it('statistics since=0000-01-01 is a 400; a real date answers', async () => {
    const bad = await t.app.inject({ url: `${M}/api/v1/complaints/statistics?since=0000-01-01` });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['querystring/since:format']);
    expect((await t.app.inject({ url: `${M}/api/v1/complaints/statistics?since=0001-01-01` })).statusCode).toBe(200);
  });
});

describe('the photo on the form', () => {
  it('over 8 MB: 413, the message names the file', async () => {
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(MAX_PHOTO_BYTES)]);
    const res = await submitForm({}, [{ name: 'photos', filename: 'jalan-besar.jpg', type: 'image/jpeg', data: big }]);
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toMatch(/Foto (&quot;|")jalan-besar\.jpg(&quot;|") terlalu besar: maksimal 8 MB\./);
  });

  it('a JPEG with HTML appended (a polyglot) is taken and stored re-encoded: the HTML is gone', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#808080' } }).jpeg().toBuffer();
    const polyglot = Buffer.concat([jpeg, Buffer.from('<html><script>alert(1)</script></html>')]);
    const res = await submitForm({}, [{ name: 'photos', filename: 'foto.jpg', type: 'image/jpeg', data: polyglot }]);
    expect(res.statusCode, /error-summary[\s\S]{0,600}/.exec(res.body)?.[0]).toBe(200);
    const number = /<p class="big-code">([^<]+)<\/p>/.exec(res.body)![1]!;
    const photo = await t.app.inject({ url: `${M}/api/v1/complaints/${number}/photos/0`, headers: { cookie: coordinator } });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(photo.rawPayload.toString('latin1')).not.toContain('<script>');
  });
});

describe('text with nothing visible', () => {
  it.each([
    ['zero-width spaces', '\u200b\u200b\u200b'],
    ['a BOM and a word joiner', '\ufeff\u2060'],
    ['a Hangul filler', '\u3164'],
    ['blanks', '   '],
  ])('a title of %s is refused like a blank one (API and form)', async (_label, title) => {
    const api = await submit({ ...report, title });
    expect(api.statusCode).toBe(400);
    expect(fieldsOf(api)).toEqual(['/title:required']);
    const form = await submitForm({ title });
    expect(form.statusCode).toBe(400);
    expect(form.body).toMatch(/class="error-summary"[^]*<li><a href="#f-title">Wajib diisi\.<\/a><\/li><\/ul>/);
  });
});

describe('actOnComplaint with a secret code', () => {
  it('acts only on the report in the path: another report’s code is the same 404 as an unknown one', async () => {
    const anonymous = { ...report, privacy: 'anonim' };
    const a = (await submit(anonymous)).json();
    const b = (await submit(anonymous)).json();
    const act = (ref: string, secretCode: string) =>
      t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints/${ref}/actions`, headers: { 'content-type': 'application/json' }, payload: { action: 'reopen', reason: 'Belum selesai.', secretCode } });
    const unknown = await act(b.trackingNumber, 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ');
    expect(unknown.statusCode).toBe(404);
    for (const ref of [b.trackingNumber, b.id, 'ADU-0000-0000']) {
      const other = await act(ref, a.secretCode);
      expect(other.statusCode, ref).toBe(404);
      expect(other.json()).toMatchObject({ code: unknown.json().code, title: unknown.json().title });
    }
    // On its own report the code is taken; a submitted report cannot be reopened yet (409).
    for (const ref of [a.trackingNumber, a.id]) expect((await act(ref, a.secretCode)).statusCode, ref).toBe(409);
  });
});
