// Surveys on a real PostgreSQL: an application closed as issued invites its applicant (the link on
// their page, the invitation job's in-app message); the response through the API and the form; the
// refusals (a second response 409, an answer outside 1–4 or a missing element 400 in Indonesian,
// another's application, another tenant, an officer); getIkm reading the aggregates the response
// updated, with the Krejcie–Morgan sample.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app.js';
import { answersFor, citizenWithProfile, publishWithSetup, type PublishedService, type TestCitizen } from '../../../test/applications.js';
import { signInAs } from '../../../test/auth.js';
import { formWithOptionalUploads } from '../../../test/payments.js';
import { createJobRunner } from '../../platform/jobs/index.js';
import { ELEMENTS } from './ikm.js';
import { surveyJobHandlers } from './module.js';
import { dayIn } from './periods.js';
import { seedDemoSurveys } from './seed.js';
import { INVITE_JOB } from './service.js';
import { checkThenClose } from '../../../test/documents.js';

let t: TestApp;
let service: PublishedService;
const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
const allAnswers = (score: number) => Object.fromEntries(ELEMENTS.map((k) => [k, score]));

const workflow = checkThenClose('issued');

/** A citizen's application for the service, approved by a verifier: closed as issued. */
async function closedApplication(applicant: TestCitizen): Promise<string> {
  const applied = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/applications', headers: json(applicant.cookie), payload: { serviceId: service.serviceId, answers: answersFor(service.form) } });
  expect(applied.statusCode, applied.body).toBe(201);
  const id = applied.json().id as string;
  const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
  const current = (await t.app.inject({ url: `/t/makassar/api/v1/applications/${id}`, headers: json(verifier.cookie) })).json() as { version: number };
  const acted = await t.app.inject({ method: 'POST', url: `/t/makassar/api/v1/applications/${id}/actions`, headers: json(verifier.cookie), payload: { stepId: 'check', action: 'approve', expectedVersion: current.version } });
  expect(acted.statusCode, acted.body).toBe(200);
  return id;
}

const respond = (cookie: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/surveys/responses', headers: json(cookie), payload });

function today(): { from: string; to: string } {
  const day = dayIn('Asia/Makassar', new Date());
  return { from: `${day.slice(0, 4)}-01-01`, to: `${day.slice(0, 4)}-12-31` };
}
const ikmUrl = (query: string) => `/t/makassar/api/v1/surveys/ikm?agency=dpmptsp&service=nib&${query}`;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  service = await publishWithSetup(t, { slug: 'makassar', agency: 'dpmptsp', code: 'nib', workflow, form: formWithOptionalUploads });
});
afterAll(async () => {
  await t?.close();
});

describe('the survey of a completed application', () => {
  let applicant: TestCitizen;
  let applicationId: string;

  beforeAll(async () => {
    applicant = await citizenWithProfile(t, 'makassar');
    applicationId = await closedApplication(applicant);
  });

  it('invites the applicant: a link on their application page and an in-app message from the job', async () => {
    const page = await t.app.inject({ url: `/t/makassar/permohonan/${applicationId}`, headers: { cookie: applicant.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`/t/makassar/survei/${applicationId}`);
    const runner = createJobRunner(t.db.app, surveyJobHandlers({ audit: t.audit, publicBaseUrl: 'http://localhost:3000', now: () => new Date() }), {
      log: { info: () => undefined, warn: () => undefined, error: () => undefined } as never,
      kinds: [INVITE_JOB],
    });
    expect(await runner.runOnce()).toBeTruthy();
    const inbox = await t.app.inject({ url: '/t/makassar/api/v1/me/notifications', headers: json(applicant.cookie) });
    expect(inbox.body).toContain(`/t/makassar/survei/${applicationId}`);
  });

  it('refuses an incomplete questionnaire and an answer outside 1–4 (400, in Indonesian), saving nothing', async () => {
    const missing = await respond(applicant.cookie, { applicationId, answers: { ...allAnswers(3), sarana: undefined } });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    const outside = await respond(applicant.cookie, { applicationId, answers: { ...allAnswers(3), biaya: 5 } });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().title).not.toMatch(/must|invalid/i);
    const before = await t.app.inject({ url: ikmUrl(new URLSearchParams(today()).toString()) });
    expect(before.json().respondents).toBe(0);
  });

  it('the form refuses a missing element beside its question, in Bahasa Indonesia', async () => {
    const page = await t.app.inject({ url: `/t/makassar/survei/${applicationId}`, headers: { cookie: applicant.cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const form = new URLSearchParams({ _csrf: csrf, ...Object.fromEntries(ELEMENTS.filter((k) => k !== 'waktu').map((k) => [`answers.${k}`, '4'])) });
    const posted = await t.app.inject({ method: 'POST', url: `/t/makassar/survei/${applicationId}`, headers: { cookie: applicant.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain('Pilih salah satu jawaban untuk unsur waktu');
    expect(posted.body).toContain('href="#f-answers-waktu"');
  });

  it('accepts one response, which getIkm reads at once; a second is 409', async () => {
    const answers = { persyaratan: 4, prosedur: 3, waktu: 2, biaya: 4, produk: 3, kompetensi: 4, perilaku: 4, pengaduan: 2, sarana: 3 };
    const first = await respond(applicant.cookie, { applicationId, answers, demographics: { sex: 'perempuan', age_band: '30_39' }, suggestion: 'Ruang tunggu perlu kipas angin.' });
    expect(first.statusCode, first.body).toBe(201);
    const second = await respond(applicant.cookie, { applicationId, answers });
    expect(second.statusCode).toBe(409);
    expect(second.json().title).toBe('Survei untuk permohonan ini sudah diisi.');

    const ikm = await t.app.inject({ url: ikmUrl(new URLSearchParams(today()).toString()) });
    expect(ikm.statusCode, ikm.body).toBe(200);
    // (4 + 3 + 2 + 4 + 3 + 4 + 4 + 2 + 3) / 9 × 25 = 29 / 9 × 25 = 80.555… → 80.56
    expect(ikm.json()).toMatchObject({ ikm: 80.56, grade: 'B', respondents: 1, nrr: { waktu: 2, pengaduan: 2 }, weakest: ['waktu', 'pengaduan', 'prosedur'] });
    expect(ikm.json().sample).toMatchObject({ population: 0, minimum: null, reached: null });
    const page = await t.app.inject({ url: `/t/makassar/survei/${applicationId}`, headers: { cookie: applicant.cookie } });
    expect(page.body).toContain('sudah mengisi survei');
  });

  it('counts the closed applications of the previous period as the Krejcie–Morgan population', async () => {
    const year = Number(today().from.slice(0, 4)) + 1;
    const ikm = await t.app.inject({ url: ikmUrl(`from=${year}-01-01&to=${year}-12-31`) });
    expect(ikm.json()).toMatchObject({ respondents: 0, ikm: null, sample: { population: 1, minimum: 1, reached: false } });
  });

  it('refuses another citizen (404), an officer (403) and another tenant (no such invitation)', async () => {
    const other = await citizenWithProfile(t, 'makassar');
    expect((await respond(other.cookie, { applicationId, answers: allAnswers(4) })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/t/makassar/survei/${applicationId}`, headers: { cookie: other.cookie } })).statusCode).toBe(404);
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect((await respond(officer.cookie, { applicationId, answers: allAnswers(4) })).statusCode).toBe(403);
    const elsewhere = await citizenWithProfile(t, 'jateng');
    const foreign = await t.app.inject({ method: 'POST', url: '/t/jateng/api/v1/surveys/responses', headers: json(elsewhere.cookie), payload: { applicationId, answers: allAnswers(4) } });
    expect(foreign.statusCode).toBe(404);
    // Makassar's index is not Jawa Tengah's.
    const jateng = await t.app.inject({ url: `/t/jateng/api/v1/surveys/ikm?${new URLSearchParams(today()).toString()}` });
    expect(jateng.json()).toMatchObject({ respondents: 0 });
  });
});

describe('getIkm', () => {
  it('refuses a reversed or longer-than-a-year period, and an unknown agency or service', async () => {
    expect((await t.app.inject({ url: '/t/makassar/api/v1/surveys/ikm?from=2026-12-31&to=2026-01-01' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/t/makassar/api/v1/surveys/ikm?from=2025-01-01&to=2026-06-30' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/t/makassar/api/v1/surveys/ikm?from=2026-02-30&to=2026-03-01' })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/t/makassar/api/v1/surveys/ikm?agency=tidak-ada&from=2026-01-01&to=2026-12-31' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: '/t/makassar/api/v1/surveys/ikm?agency=dpmptsp&service=tidak-ada&from=2026-01-01&to=2026-12-31' })).statusCode).toBe(404);
  });

  it('the public page shows the index with its grade and sample, without signing in', async () => {
    const year = today().from.slice(0, 4);
    const page = await t.app.inject({ url: `/t/makassar/ikm?tahun=${year}&periode=year&instansi=dpmptsp&layanan=nib` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('80.56');
    expect(page.body).toContain('B (Baik)');
    expect(page.body).toContain('Ruang tunggu perlu kipas angin.');
  });
});

describe('importing paper results (importSurveyResponses)', () => {
  const header = 'submitted_at,service_code,persyaratan,prosedur,waktu,biaya,produk,kompetensi,perilaku,pengaduan,sarana,sex,age_band,education,occupation,suggestion';
  const importUrl = '/t/makassar/api/v1/surveys/imports';

  it('lists every bad line by its number and imports nothing until the file is clean', async () => {
    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    const bad = [header, '2025-03-02,nib,4,4,4,4,4,4,4,4,4,,,,,', '2025-03-02,nib,4,4,,4,4,4,4,4,4,,,,,', '2025-03-03,nib,4,4,4,4,5,4,4,4,4,,,,,', '2025-03-04,tidak-ada,4,4,4,4,4,4,4,4,4,,,,,'].join('\n');
    const refused = await t.app.inject({ method: 'POST', url: importUrl, headers: json(admin.cookie), payload: { csv: bad, source: 'kuesioner-kertas-2025.csv' } });
    expect(refused.statusCode, refused.body).toBe(400);
    const messages = (refused.json().errors as { field: string; message: string }[]).map((e) => e.message);
    expect(messages).toEqual(['Baris 3: jawaban waktu kosong atau di luar 1–4', 'Baris 4: jawaban produk kosong atau di luar 1–4', expect.stringContaining('Baris 5: kode layanan "tidak-ada"')]);
    const ikm = await t.app.inject({ url: ikmUrl('from=2025-01-01&to=2025-12-31') });
    expect(ikm.json().respondents).toBe(0);

    const clean = [header, '2025-03-02,nib,4,4,4,4,4,4,4,4,4,perempuan,20_29,s1,swasta,"Cepat, ramah"', '2025-03-03T10:00:00+08:00,dpmptsp/nib,3,3,3,3,3,3,3,3,3,,,,,'].join('\r\n');
    const imported = await t.app.inject({ method: 'POST', url: importUrl, headers: json(admin.cookie), payload: { csv: clean, source: 'kuesioner-kertas-2025.csv' } });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toEqual({ imported: 2 });
    expect((await t.app.inject({ url: ikmUrl('from=2025-01-01&to=2025-12-31') })).json()).toMatchObject({ respondents: 2, ikm: 87.5, grade: 'B' });
  });

  it('is refused to an officer without the administrator role and to another tenant’s administrator', async () => {
    const csv = `${header}\n2025-03-02,nib,4,4,4,4,4,4,4,4,4,,,,,`;
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    expect((await t.app.inject({ method: 'POST', url: importUrl, headers: json(verifier.cookie), payload: { csv, source: 'x' } })).statusCode).toBe(403);
    const foreign = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect([401, 403]).toContain((await t.app.inject({ method: 'POST', url: importUrl, headers: json(foreign.cookie), payload: { csv, source: 'x' } })).statusCode);
  });
});

describe('the demo seed', () => {
  it('imports the demo service’s paper results once, so the public page shows an index', async () => {
    const ctx = { db: t.db.app, audit: t.audit, actor: { kind: 'system' as const, id: 'seed' }, lang: 'id' as const, now: () => new Date() };
    expect(await seedDemoSurveys(ctx)).toBe(45);
    expect(await seedDemoSurveys(ctx)).toBe(0);
    const page = await t.app.inject({ url: `/t/makassar/ikm?tahun=${today().from.slice(0, 4)}&periode=year&instansi=disdukcapil` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/id="ikm-respondents">45</);
  });
});
