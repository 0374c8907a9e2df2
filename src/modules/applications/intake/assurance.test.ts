// A service declares the level of assurance it needs and the gateway asks the citizen to raise it
// (issue 17). The whole loop over HTTP: an unverified citizen sees the need on the service page, is
// stopped at the start with the explanation (online registry check, the counter of the service's
// hall), refused at submission (page: the explanation, 403; API: a problem with both levels, the
// counter and the links) with the draft kept, raises the level online and is brought back, then
// applies. A service that needs an in-person check offers only the counter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersFor, citizenWithProfile, type PublishedService, publishWithSetup, type TestCitizen } from '../../../../test/applications.js';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { tenantContextOf } from '../../../../test/auth.js';
import { importResidentsCsv, saveRegistrySettings } from '../../identity/index.js';
import type { FormDefinition } from '../forms/definition.js';
import { presetVerifyApproveIssue } from '../workflow/index.js';

const M = '/t/makassar';
const L = (id: string, en?: string) => ({ id, en: en ?? id });
const shortForm = (requirements: string[]): FormDefinition => ({
  groups: [{ id: 'isian', title: L('Isian', 'Answers'), fields: [{ id: 'nama_anak', type: 'text', label: L('Nama anak', 'Child’s name'), required: true }, { id: 'declaration', type: 'checkbox', label: L('Data saya benar.', 'My data is true.'), required: true }] }],
  requirements: requirements.map((r) => ({ requirement: r, fields: ['declaration'] })),
});

let t: TestApp;
let birth: PublishedService;
let ktp: PublishedService;
let citizen: TestCitizen;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  birth = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyApproveIssue(), form: shortForm });
  ktp = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'ktp-el', workflow: presetVerifyApproveIssue(), form: shortForm });
  const ctx = await tenantContextOf(t, 'makassar');
  await saveRegistrySettings(t.db.app, ctx.tenant.id, { registry: 'builtin', registryUrl: null, registryKey: null }, new Date());
  citizen = await citizenWithProfile(t, 'makassar', { assurance: 'unverified' });
  await importResidentsCsv(ctx, { csv: `nik,nama,tanggal_lahir\n${citizen.nik},${citizen.name},${citizen.birthDate}` });
});
afterAll(() => t?.close());

const get = (url: string, cookie = citizen.cookie) => t.app.inject({ url: `${M}${url}`, headers: { accept: 'text/html', cookie } });
async function post(url: string, fields: Record<string, string> = {}, tokenFrom = url) {
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await get(tokenFrom)).body)?.[1];
  if (!csrf) throw new Error(`no form on ${tokenFrom}`);
  return t.app.inject({
    method: 'POST',
    url: `${M}${url}`,
    headers: { accept: 'text/html', cookie: citizen.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
  });
}
const api = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `${M}${url}`, headers: { cookie: citizen.cookie, 'x-csrf-token': citizen.csrf, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });

describe('a service that needs a higher level of assurance', () => {
  it('takes an unverified citizen from the refusal through the registry check to a submitted application', async () => {
    const apply = `/permohonan/ajukan/${birth.serviceId}`;
    // The service page says so beside "Ajukan permohonan".
    const servicePage = await get('/layanan/disdukcapil/akta-kelahiran');
    expect(servicePage.body).toContain('Memerlukan tingkat verifikasi «Terverifikasi data kependudukan»; tingkat Anda sekarang «Belum terverifikasi');

    // The start page explains instead of starting; starting anyway is refused with the same explanation.
    const start = await get(apply);
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('Verifikasi identitas diperlukan');
    expect(start.body).toContain(`href="${M}/akun/verifikasi?next=${encodeURIComponent(`${M}${apply}`)}"`);
    expect(start.body).toContain('Mal Pelayanan Publik Kota Makassar, Jl. Ahmad Yani No. 2');
    expect(start.body).not.toContain('Mulai mengisi');
    const refusedStart = await t.app.inject({
      method: 'POST',
      url: `${M}${apply}`,
      headers: { accept: 'text/html', cookie: citizen.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: /name="_csrf" value="([^"]+)"/.exec((await get('/akun')).body)![1]! }).toString(),
    });
    expect(refusedStart.statusCode).toBe(403);
    expect(refusedStart.body).toContain('Cara 1: periksa ke data kependudukan secara daring');

    // A draft saved over the API is kept; submitting it is refused with what to do, in the request's language.
    const answers = answersFor(birth.form);
    expect((await api('PUT', `/api/v1/me/application-drafts/${birth.serviceId}`, { answers })).statusCode).toBe(200);
    const refused = await t.app.inject({
      method: 'POST',
      url: `${M}/api/v1/applications`,
      headers: { cookie: citizen.cookie, 'content-type': 'application/json', 'accept-language': 'en' },
      payload: JSON.stringify({ serviceId: birth.serviceId }),
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({
      code: 'application.assurance',
      title: expect.stringContaining('verified against the population registry'),
      requiredAssurance: 'registry',
      currentAssurance: 'unverified',
      counter: { name: 'Mal Pelayanan Publik Kota Makassar' },
      links: {
        registryCheck: `${M}/api/v1/me/assurance/registry-check`,
        verificationPage: `${M}/akun/verifikasi?next=${encodeURIComponent(`${M}${apply}/periksa`)}`,
      },
    });
    const pageRefusal = await post(`${apply}/kirim`, {}, `${apply}/periksa`);
    expect(pageRefusal.statusCode).toBe(403);
    expect(pageRefusal.body).toContain(`/akun/verifikasi?next=${encodeURIComponent(`${M}${apply}/periksa`)}`);
    expect((await api('GET', `/api/v1/me/application-drafts/${birth.serviceId}`)).json().answers).toEqual(answers);

    // The registry check brings the citizen back to the check page, and the application goes in.
    const checked = await post('/akun/verifikasi', { next: `${M}${apply}/periksa` }, '/akun/verifikasi');
    expect(checked.statusCode).toBe(303);
    expect(checked.headers.location).toBe(`${M}${apply}/periksa`);
    const submitted = await post(`${apply}/kirim`, {}, `${apply}/periksa`);
    expect(submitted.statusCode).toBe(303);
    expect(submitted.headers.location).toMatch(new RegExp(`^${M}/permohonan/[0-9a-f-]{36}\\?terkirim=1$`));
  });

  it('offers only the counter when the service needs an in-person check', async () => {
    const start = await get(`/permohonan/ajukan/${ktp.serviceId}`);
    expect(start.body).toContain('Tingkat ini hanya dapat dicapai di loket');
    expect(start.body).not.toContain('id="assurance-online"');
    const refused = await api('POST', '/api/v1/applications', { serviceId: ktp.serviceId, answers: answersFor(ktp.form) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ requiredAssurance: 'in_person', currentAssurance: 'registry' });
    expect(refused.json().links.registryCheck).toBeUndefined();
  });
});
