// The applications pages through HTTP (app.inject, no browser): a citizen applies page by page (the
// draft saved on every page, errors with what was typed, a repeating group without JavaScript, a
// question that appears from an answer, a double-clicked submit making one application), follows it in
// "Permohonan saya" and on its page, answers a revision request; officers work the queue and act with
// what the engine offers; public tracking; and every page refuses another tenant and another role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenWithProfile, type PublishedService, publishWithSetup } from '../../../test/applications.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { signInAs } from '../../../test/auth.js';
import { testForm } from '../../../test/application-pages.js';
import { multipartBody, openMultipartForm, streamingMultipart } from '../../../test/forms.js';
import { presetVerifyApproveIssue } from './workflow/index.js';

const M = '/t/makassar';
let t: TestApp;
let service: PublishedService;
let citizen: { cookie: string; id: string; birthDate: string };
const officers = {} as Record<'verifier' | 'approver' | 'admin' | 'dinkes' | 'otherTenant', string>;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  service = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyApproveIssue(), form: testForm });
  citizen = await citizenWithProfile(t, 'makassar', { birthDate: '1990-03-12' });
  const officer = async (key: keyof typeof officers, grants: { role: 'verifier' | 'approver' | 'agency_admin' | 'tenant_admin'; agency?: string }[], slug = 'makassar') => {
    officers[key] = (await signInAs(t, slug, { kind: 'officer', grants })).cookie;
  };
  await officer('verifier', [{ role: 'verifier', agency: 'disdukcapil' }]);
  await officer('approver', [{ role: 'approver', agency: 'disdukcapil' }]);
  await officer('admin', [{ role: 'agency_admin', agency: 'disdukcapil' }]);
  await officer('dinkes', [{ role: 'verifier', agency: 'dinkes' }]);
  await officer('otherTenant', [{ role: 'tenant_admin' }], 'jateng');
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, cookie?: string) => t.app.inject({ url: `${M}${url}`, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });

async function post(url: string, cookie: string, fields: Record<string, string>, tokenFrom = url) {
  const page = await get(tokenFrom, cookie || undefined);
  const found = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? /[?&](?:amp;)?_csrf=([^"&]+)/.exec(page.body)?.[1];
  const csrf = found && decodeURIComponent(found);
  if (!csrf) throw new Error(`no form on ${tokenFrom}: ${page.statusCode}`);
  // An anonymous visitor's token is bound to the cookie the page set.
  const set = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
  return t.app.inject({
    method: 'POST',
    url: `${M}${url}`,
    headers: { accept: 'text/html', cookie: [cookie, ...set].filter(Boolean).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

const location = (res: { headers: Record<string, unknown> }) => String(res.headers.location ?? '').replace(M, '');
const applyBase = () => `/permohonan/ajukan/${service.serviceId}`;
let applicationId = '';
let nik = '';

describe('applying page by page', () => {
  it('offers "Ajukan permohonan" on the service page and a start page that asks to sign in', async () => {
    const page = await get('/layanan/disdukcapil/akta-kelahiran');
    expect(page.body).toContain(`href="${M}${applyBase()}"`);
    const other = await get('/layanan/disdukcapil/ktp-el');
    expect(other.body).not.toContain('/permohonan/ajukan/');
    const start = await get(applyBase());
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('Masuk untuk mengajukan');
  });

  it('starts a draft prefilled from the account, keeps what was typed on an error, and goes on', async () => {
    const started = await post(applyBase(), citizen.cookie, {});
    expect(started.statusCode).toBe(303);
    expect(location(started)).toBe(`${applyBase()}/isian/pemohon`);
    const first = await get(`${applyBase()}/isian/pemohon`, citizen.cookie);
    nik = /name="nik"[^>]*value="(737101\d{10})"/.exec(first.body)?.[1] ?? '';
    expect(nik).toHaveLength(16);
    const refused = await post(`${applyBase()}/isian/pemohon`, citizen.cookie, { nama: 'Siti <b>Aminah</b>', nik: '', telepon: '0812', punya_usaha: 'tidak' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('class="error-summary"');
    expect(refused.body).toContain('href="#f-nik"');
    expect(refused.body).toContain('value="Siti &lt;b>Aminah&lt;/b>"');
    // Saved anyway: the draft resumes with it (another device: the same account).
    expect((await get(`${applyBase()}/isian/pemohon`, citizen.cookie)).body).toContain('value="Siti &lt;b>Aminah&lt;/b>"');
  });

  it('shows a question that an answer brings before going on', async () => {
    const more = await post(`${applyBase()}/isian/pemohon`, citizen.cookie, { nama: 'Siti Aminah', nik, telepon: '081234567890', punya_usaha: 'ya' });
    expect(more.statusCode).toBe(200);
    expect(more.body).toContain('pertanyaan tambahan');
    expect(more.body).toContain('name="nama_usaha"');
    const on = await post(`${applyBase()}/isian/pemohon`, citizen.cookie, { nama: 'Siti Aminah', nik, telepon: '081234567890', punya_usaha: 'ya', nama_usaha: 'Warung Siti' });
    expect(location(on)).toBe(`${applyBase()}/isian/anggota`);
  });

  it('adds and removes items of a repeating group with buttons, without JavaScript', async () => {
    const page = `${applyBase()}/isian/anggota`;
    const added = await post(page, citizen.cookie, { 'anggota.0.nama_anggota': 'Budi', _add: 'anggota' });
    expect(added.statusCode).toBe(303);
    const two = await get(page, citizen.cookie);
    expect(two.body).toContain('name="anggota.1.nama_anggota"');
    expect(two.body).toContain('value="Budi"');
    const removed = await post(page, citizen.cookie, { 'anggota.0.nama_anggota': 'Budi', 'anggota.1.nama_anggota': 'Ani', _remove: 'anggota:0' });
    expect(removed.statusCode).toBe(303);
    const one = await get(page, citizen.cookie);
    expect(one.body).toContain('value="Ani"');
    expect(one.body).not.toContain('value="Budi"');
    const on = await post(page, citizen.cookie, { 'anggota.0.nama_anggota': 'Ani', 'anggota.0.lahir': '2015-06-01' });
    expect(location(on)).toBe(`${applyBase()}/isian/penutup`);
  });

  it('refuses an oversize upload while it streams (the rest is not read) and shows the page again with what was typed', async () => {
    const form = await openMultipartForm(t, `${M}${applyBase()}/isian/penutup`, citizen.cookie);
    // 30 MB: above the field's 5 MB and the page's 20 MB multipart limit; the declaration is typed before the file.
    const pdfHead = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n');
    const body = streamingMultipart({ declaration: 'true' }, { name: 'akta_lama', filename: 'akta-besar.pdf', first: Buffer.concat([pdfHead, Buffer.alloc(8192, 0x20)]), total: 30 * 1024 * 1024 });
    const refused = await t.app.inject({ method: 'POST', url: form.action, headers: { accept: 'text/html', cookie: form.cookie, 'content-type': body.type }, payload: body.stream });
    expect(refused.statusCode).toBe(413);
    // Only the field's 5 MB and the streams' read-ahead were read, not the 30 MB.
    expect(body.pulled()).toBeLessThan(7 * 1024 * 1024);
    expect(refused.headers['content-type']).toContain('text/html');
    expect(refused.body).toContain('href="#f-akta_lama"');
    expect(refused.body).toContain('akta-besar.pdf');
    expect(refused.body).toMatch(/<input[^>]*name="declaration"[^>]*checked/);
    // The typed answer was saved with the draft; no upload was kept.
    const again = await get(`${applyBase()}/isian/penutup`, citizen.cookie);
    expect(again.body).toMatch(/<input[^>]*name="declaration"[^>]*checked/);
    expect(again.body).not.toContain('akta-besar.pdf');
  });

  it('checks the answers, and a double-clicked submit makes one application', async () => {
    // The page with a file field is a multipart form: the file is received, sniffed and kept as the citizen's upload.
    const form = await openMultipartForm(t, `${M}${applyBase()}/isian/penutup`, citizen.cookie);
    const wrongType = multipartBody({ declaration: 'true' }, [{ name: 'akta_lama', filename: 'akta.pdf', type: 'application/pdf', data: Buffer.from('bukan pdf sama sekali') }]);
    const refused = await t.app.inject({ method: 'POST', url: form.action, headers: { accept: 'text/html', cookie: form.cookie, 'content-type': wrongType.type }, payload: wrongType.payload });
    expect(refused.statusCode).toBe(415);
    expect(refused.body).toContain('href="#f-akta_lama"');
    const pdf = multipartBody({ declaration: 'true' }, [{ name: 'akta_lama', filename: 'akta-lama.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') }]);
    const last = await t.app.inject({ method: 'POST', url: form.action, headers: { accept: 'text/html', cookie: form.cookie, 'content-type': pdf.type }, payload: pdf.payload });
    expect(location(last)).toBe(`${applyBase()}/periksa`);
    const check = await get(`${applyBase()}/periksa`, citizen.cookie);
    expect(check.body).toContain('Warung Siti');
    expect(check.body).toContain('Ani');
    expect(check.body).toContain('akta-lama.pdf');
    const key = /name="_key" value="([^"]+)"/.exec(check.body)![1]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(check.body)![1]!;
    const send = () =>
      t.app.inject({
        method: 'POST',
        url: `${M}${applyBase()}/kirim`,
        headers: { accept: 'text/html', cookie: citizen.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, _key: key }).toString(),
      });
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.statusCode, b.statusCode]).toEqual([303, 303]);
    expect(location(a)).toMatch(/^\/permohonan\/[0-9a-f-]{36}\?terkirim=1$/);
    expect(location(b)).toBe(location(a));
    applicationId = location(a).split('/')[2]!.split('?')[0]!;
    const done = await get(location(a), citizen.cookie);
    expect(done.body).toMatch(/id="tracking-number">\s*PMH-/);
    const mine = await get('/permohonan', citizen.cookie);
    expect(mine.body.match(new RegExp(applicationId, 'g'))).toHaveLength(1);
  });
});

describe('processing and following', () => {
  it('puts the application in the agency queue with its step, and not in another agency’s', async () => {
    const queue = await get('/petugas/permohonan', officers.verifier);
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain(`/petugas/permohonan/${applicationId}`);
    expect(queue.body).toContain('Verifikasi');
    expect((await get('/petugas/permohonan', officers.dinkes)).body).not.toContain(applicationId);
    expect((await get(`/petugas/permohonan/${applicationId}`, officers.dinkes)).statusCode).toBe(404);
  });

  it('lets the verifier claim, note and ask for a revision with the actions the engine offers', async () => {
    const view = await get(`/petugas/permohonan/${applicationId}`, officers.verifier);
    expect(view.body).toContain('Minta perbaikan kepada pemohon');
    expect(view.body).not.toContain('>Setujui<'.replace('>', '> ')); // approve is the approver's step later
    const url = `/petugas/permohonan/${applicationId}`;
    expect((await post(`${url}/klaim`, officers.verifier, { stepId: 'verify' }, url)).statusCode).toBe(303);
    expect((await post(`${url}/catatan`, officers.verifier, { note_body: 'Akta lama perlu dicek.' }, url)).statusCode).toBe(303);
    const version = /name="expectedVersion" value="(\d+)"/.exec((await get(url, officers.verifier)).body)![1]!;
    const empty = await post(`${url}/tindakan`, officers.verifier, { stepId: 'verify', action: 'request_revision', expectedVersion: version, 'message.verify': '' }, url);
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toMatch(/class="field-error" id="e-verify-request_revision">[^<]+</);
    const asked = await post(`${url}/tindakan`, officers.verifier, { stepId: 'verify', action: 'request_revision', expectedVersion: version, 'message.verify': 'Nama anggota harus sesuai KK.' }, url);
    expect(asked.statusCode).toBe(303);
    const stale = await post(`${url}/tindakan`, officers.verifier, { stepId: 'verify', action: 'approve', expectedVersion: version }, url);
    expect(stale.statusCode).toBe(409);
  });

  it('shows the citizen what to do; the corrected answers resume the workflow', async () => {
    const page = await get(`/permohonan/${applicationId}`, citizen.cookie);
    expect(page.body).toContain('Nama anggota harus sesuai KK.');
    expect(page.body).not.toContain('Akta lama perlu dicek.');
    const revision = await get(`/permohonan/${applicationId}/perbaikan`, citizen.cookie);
    expect(revision.statusCode).toBe(200);
    const field = (n: string) => new RegExp(`name="${n}" value="([^"]*)"`).exec(revision.body)?.[1] ?? '';
    const answers = revision.body.match(/name="_answers" value="([^"]*)"/)![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    const sent = await post(`/permohonan/${applicationId}/perbaikan`, citizen.cookie, {
      _version: field('_version'),
      _answers: answers,
      _seal: field('_seal'),
      nama: 'Siti Aminah',
      nik,
      telepon: '081234567890',
      punya_usaha: 'ya',
      nama_usaha: 'Warung Siti',
      'anggota.0.nama_anggota': 'Ani Aminah',
      declaration: 'true',
      _send: '1',
    }, `/permohonan/${applicationId}/perbaikan`);
    expect(sent.statusCode, /class="error-summary".*?<\/div>/s.exec(sent.body)?.[0]).toBe(303);
    const after = await get(`/permohonan/${applicationId}`, citizen.cookie);
    expect(after.body).toContain('Ani Aminah');
    expect(after.body).toContain('Perbaikan dikirim');
  });

  it('tracks publicly with the number and birth date, and refuses a wrong date alike', async () => {
    const number = /<strong>(PMH-[^<]+)<\/strong>/.exec((await get(`/permohonan/${applicationId}`, citizen.cookie)).body)![1]!;
    const ok = await post('/permohonan/lacak', '', { trackingNumber: number, birthDate: '1990-03-12' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('id="track-result"');
    const wrong = await post('/permohonan/lacak', '', { trackingNumber: number, birthDate: '1990-03-13' });
    const unknown = await post('/permohonan/lacak', '', { trackingNumber: 'PMH-AAAA-AAAA', birthDate: '1990-03-12' });
    expect(wrong.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(wrong.body).toContain('tidak cocok');
  });
});

describe('who may open which page', () => {
  const citizenPages = () => ['/permohonan', `/permohonan/${applicationId}`, `/permohonan/${applicationId}/perbaikan`, `${applyBase()}/periksa`, `${applyBase()}/isian/pemohon`];
  const officerPages = () => ['/petugas/permohonan', `/petugas/permohonan/${applicationId}`];

  it('asks an anonymous visitor to sign in on every personal page', async () => {
    for (const url of [...citizenPages(), ...officerPages()]) {
      const res = await get(url);
      // Identity sends a browser to its sign-in page; anything else gets the 401.
      if (res.statusCode === 303) expect(location(res), url).toMatch(/\/masuk/);
      else expect(res.statusCode, url).toBe(401);
    }
  });

  it('refuses an officer the citizen’s pages and a citizen the officer’s', async () => {
    for (const url of citizenPages()) expect((await get(url, officers.verifier)).statusCode, url).toBe(403);
    for (const url of officerPages()) expect((await get(url, citizen.cookie)).statusCode, url).toBe(403);
  });

  it('refuses another tenant on every page, and another citizen the application', async () => {
    for (const url of [...citizenPages(), ...officerPages()]) {
      const res = await t.app.inject({ url: `/t/jateng${url}`, headers: { accept: 'text/html', cookie: officers.otherTenant } });
      expect([401, 403, 404], url).toContain(res.statusCode);
    }
    const stranger = await citizenWithProfile(t, 'makassar');
    expect((await get(`/permohonan/${applicationId}`, stranger.cookie)).statusCode).toBe(404);
    expect((await get(`/permohonan/${applicationId}/perbaikan`, stranger.cookie)).statusCode).toBe(404);
  });
});
