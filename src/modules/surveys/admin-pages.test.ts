// The administrators' survey work on a real PostgreSQL: an agency's follow-up of a period's results
// (recordSurveyFollowUp and its page; getIkm and the public page show it) and the CSV import page
// (line-numbered errors, nothing imported until clean). Refused: another agency's admin, another
// role, another tenant; bad input 400 in Bahasa Indonesia with nothing saved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app.js';
import { publishWithSetup } from '../../../test/applications.js';
import { signInAs } from '../../../test/auth.js';
import { checkThenClose } from '../../../test/documents.js';
import { followRedirect, postMultipartForm, postUrlencodedForm } from '../../../test/forms.js';
import { formWithOptionalUploads } from '../../../test/payments.js';
import { ELEMENTS } from './ikm.js';

let t: TestApp;
const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
const lastYear = new Date().getUTCFullYear() - 1;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  await publishWithSetup(t, { slug: 'makassar', agency: 'dpmptsp', code: 'nib', workflow: checkThenClose('issued'), form: formWithOptionalUploads });
});
afterAll(() => t?.close());

describe('an agency’s follow-up of a period (recordSurveyFollowUp)', () => {
  const url = '/t/makassar/api/v1/surveys/follow-ups';
  const body = (text: string, agency = 'dpmptsp', period = 'year', year = lastYear) => ({ agency, year, period, text });

  it('is recorded by the agency’s admin, replaced when recorded again, and shown by getIkm for that period only', async () => {
    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dpmptsp' }] });
    const first = await t.app.inject({ method: 'PUT', url, headers: json(admin.cookie), payload: body('Menambah loket sore.') });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ from: `${lastYear}-01-01`, to: `${lastYear}-12-31` });
    const second = await t.app.inject({ method: 'PUT', url, headers: json(admin.cookie), payload: body('Menambah loket sore dan mempersingkat antrean berkas.') });
    expect(second.statusCode).toBe(200);
    const ikm = await t.app.inject({ url: `/t/makassar/api/v1/surveys/ikm?agency=dpmptsp&from=${lastYear}-01-01&to=${lastYear}-12-31` });
    expect(ikm.json().followUps).toEqual([{ agency: { code: 'dpmptsp', name: expect.any(String) }, text: 'Menambah loket sore dan mempersingkat antrean berkas.', recordedAt: expect.any(String) }]);
    // Tenant-wide, the agencies' follow-ups of the same period; another period has none.
    expect((await t.app.inject({ url: `/t/makassar/api/v1/surveys/ikm?from=${lastYear}-01-01&to=${lastYear}-12-31` })).json().followUps).toHaveLength(1);
    expect((await t.app.inject({ url: `/t/makassar/api/v1/surveys/ikm?agency=dpmptsp&from=${lastYear}-01-01&to=${lastYear}-03-31` })).json().followUps).toEqual([]);
    await t.audit.flush(t.db.app);
    const audit = await t.db.owner.selectFrom('audit_log').select('action').where('action', '=', 'survey.follow_up_recorded').execute();
    expect(audit).toHaveLength(2);
  });

  it('refuses another agency’s admin and another role (403), another tenant, and bad input (400, in Indonesian)', async () => {
    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dpmptsp' }] });
    expect((await t.app.inject({ method: 'PUT', url, headers: json(admin.cookie), payload: body('Bukan instansi saya.', 'disdukcapil') })).statusCode).toBe(403);
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    expect((await t.app.inject({ method: 'PUT', url, headers: json(verifier.cookie), payload: body('Verifikator.') })).statusCode).toBe(403);
    const foreign = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect([401, 403]).toContain((await t.app.inject({ method: 'PUT', url, headers: json(foreign.cookie), payload: body('Tenant lain.') })).statusCode);
    const future = await t.app.inject({ method: 'PUT', url, headers: json(admin.cookie), payload: body('Belum waktunya.', 'dpmptsp', 'year', lastYear + 2) });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0]).toMatchObject({ field: '/year', message: 'Pilih tahun yang sudah berjalan.' });
    const blank = await t.app.inject({ method: 'PUT', url, headers: json(admin.cookie), payload: body('   ') });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors[0].field).toBe('/text');
    expect((await t.app.inject({ method: 'PUT', url, headers: json(admin.cookie), payload: body('x', 'tidak-ada') })).statusCode).toBe(404);
    const ikm = await t.app.inject({ url: `/t/makassar/api/v1/surveys/ikm?agency=dpmptsp&from=${lastYear}-01-01&to=${lastYear}-12-31` });
    expect(ikm.json().followUps[0].text).toBe('Menambah loket sore dan mempersingkat antrean berkas.');
  });

  it('the page: the admin chooses among their agencies, saves with POST/redirect/GET; the public page shows it', async () => {
    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dpmptsp' }] });
    const pageUrl = `/t/makassar/kelola/survei/tindak-lanjut?instansi=dpmptsp&tahun=${lastYear}&periode=q2`;
    const page = await t.app.inject({ url: pageUrl, headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="dpmptsp"');
    expect(page.body).not.toContain('value="disdukcapil"');
    const empty = await postUrlencodedForm(t, pageUrl, { text: '' }, admin.cookie);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Tulis tindak lanjutnya');
    const saved = await postUrlencodedForm(t, pageUrl, { text: 'Survei ulang setelah perbaikan ruang tunggu.' }, admin.cookie);
    expect(saved.statusCode).toBe(303);
    const after = await followRedirect(t, saved, admin.cookie);
    expect(after.body).toContain('id="follow-saved"');
    expect(after.body).toContain('Survei ulang setelah perbaikan ruang tunggu.');
    const publicPage = await t.app.inject({ url: `/t/makassar/ikm?tahun=${lastYear}&periode=q2&instansi=dpmptsp` });
    expect(publicPage.body).toContain('Survei ulang setelah perbaikan ruang tunggu.');
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    expect((await t.app.inject({ url: pageUrl, headers: { cookie: verifier.cookie } })).statusCode).toBe(403);
    const foreign = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect([401, 403]).toContain((await t.app.inject({ url: pageUrl, headers: { cookie: foreign.cookie } })).statusCode);
  });
});

describe('the import page', () => {
  const header = ['submitted_at', 'service_code', ...ELEMENTS, 'suggestion'].join(',');
  const pageUrl = '/t/makassar/kelola/survei/impor';
  const csvFile = (text: string) => [{ name: 'file', filename: 'hasil.csv', type: 'text/csv', data: Buffer.from(text) }];
  const respondents = async () => (await t.app.inject({ url: `/t/makassar/api/v1/surveys/ikm?agency=dpmptsp&service=nib&from=${lastYear}-01-01&to=${lastYear}-12-31` })).json().respondents;

  it('lists the bad lines by number and imports nothing, then imports the clean file', async () => {
    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    const missing = await postMultipartForm(t, pageUrl, { source: 'kertas' }, [], admin.cookie);
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Pilih berkas CSV');
    const bad = [header, `${lastYear}-05-02,nib,4,4,4,4,4,4,4,4,4,`, `${lastYear}-05-02,nib,4,4,,4,4,4,4,4,4,`, `${lastYear}-05-03,nib,4,4,4,4,4,4,4,4,9,`].join('\n');
    const refused = await postMultipartForm(t, pageUrl, { source: 'kuesioner kertas' }, csvFile(bad), admin.cookie);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('2 baris harus diperbaiki');
    expect(refused.body).toContain('Baris 3: jawaban waktu kosong atau di luar 1–4');
    expect(refused.body).toContain('Baris 4: jawaban sarana kosong atau di luar 1–4');
    expect(refused.body).toContain('value="kuesioner kertas"');
    expect(await respondents()).toBe(0);
    const clean = [header, `${lastYear}-05-02,nib,4,4,4,4,4,4,4,4,4,Ramah`, `${lastYear}-05-03,dpmptsp/nib,3,3,3,3,3,3,3,3,3,`].join('\n');
    const imported = await postMultipartForm(t, pageUrl, { source: 'kuesioner kertas' }, csvFile(clean), admin.cookie);
    expect(imported.statusCode, imported.body).toBe(303);
    expect((await followRedirect(t, imported, admin.cookie)).body).toContain('2 jawaban diimpor dari «kuesioner kertas»');
    expect(await respondents()).toBe(2);
  });

  it('refuses a file that is not UTF-8 text, another role and another tenant', async () => {
    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    const binary = await postMultipartForm(t, pageUrl, { source: 'x' }, [{ name: 'file', filename: 'a.xlsx', type: 'application/octet-stream', data: Buffer.from([0xff, 0xfe, 0x00, 0x81]) }], admin.cookie);
    expect(binary.statusCode).toBe(400);
    expect(binary.body).toContain('bukan teks CSV');
    const agencyAdmin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dpmptsp' }] });
    expect((await t.app.inject({ url: pageUrl, headers: { cookie: agencyAdmin.cookie } })).statusCode).toBe(403);
    const foreign = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect([401, 403]).toContain((await t.app.inject({ url: pageUrl, headers: { cookie: foreign.cookie } })).statusCode);
  });
});
