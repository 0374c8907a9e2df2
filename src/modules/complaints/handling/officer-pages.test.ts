// The officers' action forms on the report page: refused input re-renders the page (4xx) with the
// message beside the field and what the officer typed, instead of the generic error page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { seedTestComplaints } from '../../../../test/complaints.js';
import { signInAs } from '../../../../test/auth.js';

let t: TestApp;
let coordinator: string;
let handler: string;
const M = '/t/makassar';

beforeAll(async () => {
  t = await createTestApp();
  await seedTestComplaints(t);
  coordinator = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie;
  handler = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'disdukcapil' }] })).cookie;
});
afterAll(async () => {
  await t?.close();
});

async function newReport(): Promise<string> {
  const citizen = (await signInAs(t, 'makassar', { kind: 'citizen' })).cookie;
  const res = await t.app.inject({
    method: 'POST',
    url: `${M}/api/v1/complaints`,
    headers: { 'content-type': 'application/json', cookie: citizen },
    payload: { kind: 'pengaduan', title: 'KTP belum jadi', description: 'Sudah sebulan KTP-el belum jadi di kecamatan.', privacy: 'public' },
  });
  expect(res.statusCode).toBe(201);
  return res.json().trackingNumber;
}

async function postAction(cookie: string, ref: string, fields: Record<string, string>) {
  const page = await t.app.inject({ method: 'GET', url: `${M}/pengaduan/${ref}`, headers: { cookie } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
  return t.app.inject({
    method: 'POST',
    url: `${M}/pengaduan/${ref}/tindakan`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}

describe('officer action forms', () => {
  it('reject without a reason: 400, the message beside the reason, the chosen ground kept', async () => {
    const ref = await newReport();
    const res = await postAction(coordinator, ref, { action: 'reject', ground: 'out_of_scope', reason: '  ' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('class="error-summary"');
    expect(res.body).toMatch(/<p class="field-error" id="e-f-reject-reason">[^<]+<\/p><textarea id="f-reject-reason"[^>]*aria-invalid="true"/);
    expect(res.body).toContain('<option value="out_of_scope" selected>');
    // Nothing changed.
    expect((await t.app.inject({ method: 'GET', url: `${M}/api/v1/complaints/${ref}`, headers: { cookie: coordinator } })).json().status).toBe('submitted');
  });

  it('reject with an unknown ground: the typed reason is kept, the error is beside the ground', async () => {
    const ref = await newReport();
    const res = await postAction(coordinator, ref, { action: 'reject', ground: 'bogus', reason: 'Alasan yang <b>diketik</b> petugas' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('id="e-f-ground"');
    expect(res.body).toContain('Alasan yang &lt;b>diketik&lt;/b> petugas</textarea>');
  });

  it('verify with an unknown tier, dispatch to an unknown agency: errors beside the select', async () => {
    const ref = await newReport();
    const verify = await postAction(coordinator, ref, { action: 'verify', tier: 'sangat_rumit' });
    expect(verify.statusCode).toBe(400);
    expect(verify.body).toContain('id="e-f-tier"');
    expect((await postAction(coordinator, ref, { action: 'verify', tier: 'simple' })).statusCode).toBe(303);
    const dispatch = await postAction(coordinator, ref, { action: 'dispatch', agencyId: 'dinas-tidak-ada' });
    expect(dispatch.statusCode).toBe(400);
    expect(dispatch.body).toMatch(/<p class="field-error" id="e-f-agency">[^<]+<\/p><select id="f-agency"/);
  });

  it('the handler’s empty answer: 400 beside the answer; an answer refused by the state: 409 with the message on the page', async () => {
    const ref = await newReport();
    await postAction(coordinator, ref, { action: 'verify', tier: 'simple' });
    await postAction(coordinator, ref, { action: 'dispatch', agencyId: 'disdukcapil' });
    const empty = await postAction(handler, ref, { action: 'answer', text: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/<p class="field-error" id="e-f-answer">[^<]+<\/p><textarea id="f-answer"[^>]*aria-invalid="true"/);
    // A coordinator-only action by the handler stays the error page (403), as does another agency's report.
    expect((await postAction(handler, ref, { action: 'close', outcome: 'resolved', reason: 'x' })).statusCode).toBe(403);
    const ok = await postAction(handler, ref, { action: 'answer', text: 'KTP-el sudah dapat diambil.' });
    expect(ok.statusCode).toBe(303);
    // Answering again is refused by the state (the answer form is gone): 409, the message in the summary.
    const again = await postAction(handler, ref, { action: 'answer', text: 'Jawaban kedua yang panjang.' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('class="error-summary"');
  });
});

describe('the public list page', () => {
  it('links to the map', async () => {
    const res = await t.app.inject({ url: `${M}/pengaduan` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/t/makassar/pengaduan/peta">Lihat di peta</a>');
  });
});
