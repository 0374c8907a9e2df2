// Public information requests on a real PostgreSQL with the app's clock moved across the 2025/2026
// holidays (DOMAIN.md §10): the 10-working-day deadline (Nyepi and Idulfitri's cuti bersama, Good
// Friday, the year's end), a paper request's receivedAt, a Saturday receipt; the one extension (a
// second, one without reason, one of 8 days refused); the decisions and what each requires (an
// exemption its consequence test); the objection's grounds and its 30 working days; the superior's
// answer and the Komisi Informasi date; the requester's notification; the annual figures; and the
// refusals of another tenant, another citizen and roles without the policy.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app.js';
import { citizenWithProfile, type TestCitizen } from '../../../test/applications.js';
import { signInAs } from '../../../test/auth.js';
import { multipartBody } from '../../../test/forms.js';
import { createSession, resolveSession, SESSION_COOKIE } from '../identity/index.js';
import { csrfTokenForSession } from '../../platform/http/csrf.js';
import { deriveKey } from '../../platform/secrets.js';
import { TEST_APP_SECRET } from '../../../test/app.js';

let t: TestApp;
let clock = new Date('2026-03-16T02:00:00Z'); // Monday 16 March 2026, 10:00 WITA
const T = '/t/makassar';
const API = `${T}/api/v1/information-requests`;
const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

let citizen: TestCitizen;
/** A session of the same citizen at the clock's time (sessions expire as the clock moves on). */
async function citizenNow(): Promise<{ cookie: string; csrf: string }> {
  const tenantId = (await signInAs(t, 'makassar', { kind: 'citizen' })).tenantId;
  const session = await createSession(t.db.app, tenantId, { kind: 'citizen', id: citizen.id }, t.now());
  await resolveSession(t.db.app, tenantId, session.token, t.now());
  return { cookie: `${SESSION_COOKIE}=${session.token}`, csrf: csrfTokenForSession(deriveKey(TEST_APP_SECRET, 'csrf'), session.id) };
}
const ppid = async () => (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'ppid', agency: 'diskominfo' }] })).cookie;
const superior = async () => (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'ppid_superior' }] })).cookie;
const post = (url: string, cookie: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: json(cookie), payload: payload as Record<string, unknown> });

const ask = { requesterKind: 'person', information: 'Laporan realisasi APBD Kota Makassar tahun 2025', purpose: 'Bahan penelitian skripsi', delivery: 'email' };

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' }, {}, { now: () => clock });
  citizen = await citizenWithProfile(t, 'makassar');
});
afterAll(async () => {
  await t?.close();
});

describe('a request through extension, partial grant, objection and the superior’s answer', () => {
  let id: string;

  it('registers a citizen’s request with a checked number and 10 working days across Nyepi, cuti bersama and Good Friday', async () => {
    const created = await post(API, (await citizenNow()).cookie, ask);
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    id = body.id;
    expect(body.number).toMatch(/^PPI-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    // 17 Mar, then 18–24 Mar off (cuti bersama, Nyepi, weekend, Idulfitri cuti bersama), 3 Apr Good Friday.
    expect(body).toMatchObject({ channel: 'online', receivedOn: '2026-03-16', dueOn: '2026-04-07', dueAt: '2026-04-07T23:59:59.999+08:00', overdue: false, decision: null, requesterName: citizen.name });
  });

  it('accepts an Idempotency-Key: a repeat returns the first request, not a second', async () => {
    const { cookie } = await citizenNow();
    const key = randomUUID();
    const send = () => t.app.inject({ method: 'POST', url: API, headers: { ...json(cookie), 'idempotency-key': key }, payload: { ...ask, information: 'Daftar aset tanah 2025' } });
    const first = await send();
    expect(first.statusCode, first.body).toBe(201);
    const again = await send();
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
  });

  it('refuses an extension without reason, of 8 days (400), and a second one (409)', async () => {
    const officer = await ppid();
    const blank = await post(`${API}/${id}/extension`, officer, { days: 3, reason: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().errors.map((e: { field: string }) => e.field)).toContain('/reason');
    expect(blank.json().errors[0].message).toBe('Tuliskan alasan perpanjangan.');
    expect((await post(`${API}/${id}/extension`, officer, { days: 8, reason: 'Dokumen di arsip' })).statusCode).toBe(400);
    const first = await post(`${API}/${id}/extension`, officer, { days: 7, reason: 'Dokumen masih dihimpun dari tiga bidang.' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ dueOn: '2026-04-16', extension: { days: 7, reason: 'Dokumen masih dihimpun dari tiga bidang.' } });
    const second = await post(`${API}/${id}/extension`, officer, { days: 1, reason: 'Lagi' });
    expect(second.statusCode).toBe(409);
    expect(second.json().title).toContain('hanya boleh sekali');
  });

  it('a partial grant needs the redaction explained; once decided, the requester is notified and a second decision is 409', async () => {
    clock = new Date('2026-04-10T03:00:00Z'); // Friday 10 April
    const officer = await ppid();
    const missing = await post(`${API}/${id}/decision`, officer, { decision: 'granted_part', answer: 'Terlampir laporan realisasi.' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0]).toMatchObject({ field: '/redaction' });
    const decided = await post(`${API}/${id}/decision`, officer, { decision: 'granted_part', answer: 'Laporan realisasi APBD 2025 terlampir melalui e-mail.', redaction: 'Nomor rekening pihak ketiga dihitamkan (Pasal 17 huruf h).' });
    expect(decided.statusCode, decided.body).toBe(200);
    // 17, 25, 26, 27, 30, 31 Mar, 1, 2, 6, 7, 8, 9, 10 Apr.
    expect(decided.json().decision).toMatchObject({ kind: 'granted_part', workingDays: 13 });
    expect(decided.json().overdue).toBe(false);
    expect(decided.json().objectionWindow).toMatchObject({ until: '2026-05-29' });
    expect(decided.json().objectionWindow.grounds).toEqual(['b', 'd', 'e', 'f']);
    expect((await post(`${API}/${id}/decision`, officer, { decision: 'granted_full', answer: 'x' })).statusCode).toBe(409);
    const inbox = await t.app.inject({ url: `${T}/api/v1/me/notifications`, headers: json((await citizenNow()).cookie) });
    expect(inbox.body).toContain(decided.json().number);
  });

  it('an objection needs a ground of Pasal 35(1) that fits the request (400), once (409)', async () => {
    clock = new Date('2026-04-13T02:00:00Z');
    const { cookie } = await citizenNow();
    const wrongLetter = await post(`${API}/${id}/objection`, cookie, { ground: 'z', reason: 'Tidak lengkap' });
    expect(wrongLetter.statusCode).toBe(400);
    const notFitting = await post(`${API}/${id}/objection`, cookie, { ground: 'c', reason: 'Tidak ditanggapi' });
    expect(notFitting.statusCode).toBe(400);
    expect(notFitting.json().errors[0].message).toContain('huruf c tidak sesuai');
    const filed = await post(`${API}/${id}/objection`, cookie, { ground: 'e', reason: 'Nomor rekening adalah belanja publik, bukan rahasia pribadi.' });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json().objection).toMatchObject({ ground: 'e', dueOn: '2026-06-02', answer: null });
    expect((await post(`${API}/${id}/objection`, cookie, { ground: 'd', reason: 'Lagi' })).statusCode).toBe(409);
  });

  it('the PPID cannot answer the objection (403); the superior does, and the Komisi Informasi date follows (14 working days)', async () => {
    clock = new Date('2026-04-20T02:00:00Z');
    expect((await post(`${API}/${id}/objection/answer`, await ppid(), { upheld: false, answer: 'x' })).statusCode).toBe(403);
    const boss = await superior();
    expect((await post(`${API}/${id}/objection/answer`, boss, { upheld: true, answer: '  ' })).statusCode).toBe(400);
    const answered = await post(`${API}/${id}/objection/answer`, boss, { upheld: true, answer: 'Keberatan diterima; PPID menyerahkan dokumen tanpa penghitaman.' });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().objection).toMatchObject({ answer: { upheld: true }, commissionBy: '2026-05-11' });
    expect((await post(`${API}/${id}/objection/answer`, boss, { upheld: false, answer: 'Lagi' })).statusCode).toBe(409);
    const page = await t.app.inject({ url: `${T}/informasi-publik/permohonan/${id}`, headers: { cookie: (await citizenNow()).cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Komisi Informasi paling lambat 11 Mei 2026');
  });
});

describe('paper requests, exemptions and the objection’s time limit', () => {
  let paperId: string;

  it('records a paper request with its receivedAt: 19 Dec 2025 → 7 Jan 2026 (Christmas, cuti bersama, New Year)', async () => {
    clock = new Date('2026-03-16T02:00:00Z');
    const officer = await ppid();
    const created = await post(API, officer, { ...ask, delivery: 'copy', requesterName: 'Yayasan Transparansi Sulsel', requesterKind: 'legal_entity', entity: { name: 'Yayasan Transparansi Sulsel' }, receivedAt: '2025-12-19T10:00:00+08:00' });
    expect(created.statusCode, created.body).toBe(201);
    paperId = created.json().id;
    expect(created.json()).toMatchObject({ channel: 'paper', receivedOn: '2025-12-19', dueOn: '2026-01-07', overdue: true });
    // Too late to extend now.
    expect((await post(`${API}/${paperId}/extension`, officer, { days: 2, reason: 'Terlambat' })).statusCode).toBe(409);
  });

  it('a request received on a Saturday counts from the next working day (Wed 25 Mar after the cuti bersama)', async () => {
    const created = await post(API, await ppid(), { ...ask, requesterName: 'Andi', receivedAt: '2026-03-14T09:00:00+08:00' });
    expect(created.json()).toMatchObject({ receivedOn: '2026-03-16', dueOn: '2026-04-07' });
    const saturday = await post(API, await ppid(), { ...ask, requesterName: 'Andi', receivedAt: '2026-03-21T09:00:00+08:00' });
    expect(saturday.statusCode).toBe(400); // 21 March is after the clock's 16 March: in the future
    clock = new Date('2026-03-23T02:00:00Z');
    const later = await post(API, await ppid(), { ...ask, requesterName: 'Andi', receivedAt: '2026-03-21T09:00:00+08:00' });
    expect(later.json()).toMatchObject({ receivedOn: '2026-03-25', dueOn: '2026-04-09' });
  });

  it('refuses a paper request without name or date, and a legal entity online without its document (400 by field)', async () => {
    const noDate = await post(API, await ppid(), { ...ask });
    expect(noDate.statusCode).toBe(400);
    expect(noDate.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['/receivedAt', '/requesterName']);
    const entity = await post(API, (await citizenNow()).cookie, { ...ask, requesterKind: 'legal_entity', entity: { name: 'PT Contoh' } });
    expect(entity.statusCode).toBe(400);
    expect(entity.json().errors[0]).toMatchObject({ field: '/entity/documentFileId' });
    const someoneElse = await citizenWithProfile(t, 'makassar');
    const upload = multipartBody({}, [{ name: 'file', filename: 'akta.pdf', type: 'application/pdf', data: PDF }]);
    const uploaded = await t.app.inject({ method: 'POST', url: `${T}/api/v1/information-request-documents?_csrf=${encodeURIComponent(someoneElse.csrf)}`, headers: { cookie: someoneElse.cookie, 'content-type': upload.type }, payload: upload.payload });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    // Another citizen's upload cannot be named.
    const borrowed = await post(API, (await citizenNow()).cookie, { ...ask, requesterKind: 'legal_entity', entity: { name: 'PT Contoh', documentFileId: uploaded.json().fileId } });
    expect(borrowed.statusCode).toBe(400);
    const own = await post(API, someoneElse.cookie, { ...ask, requesterKind: 'legal_entity', entity: { name: 'PT Contoh', documentFileId: uploaded.json().fileId } });
    expect(own.statusCode, own.body).toBe(201);
    expect(own.json()).toMatchObject({ requesterKind: 'legal_entity', entityName: 'PT Contoh', hasEntityDocument: true });
  });

  it('refusing as exempt requires a recorded consequence test', async () => {
    clock = new Date('2026-03-24T02:00:00Z');
    const officer = await ppid();
    const without = await post(`${API}/${paperId}/decision`, officer, { decision: 'refused_exempt', answer: 'Ditolak.' });
    expect(without.statusCode).toBe(400);
    expect(without.json().errors[0]).toMatchObject({ field: '/consequenceTestId' });
    const unknown = await post(`${API}/${paperId}/decision`, officer, { decision: 'refused_exempt', answer: 'Ditolak.', consequenceTestId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.statusCode).toBe(400);
    const badTest = await post(`${T}/api/v1/information-consequence-tests`, officer, { document: 'Kontrak', exemptPart: 'Harga', legalGround: 'k', reasoning: 'x' });
    expect(badTest.statusCode).toBe(400);
    const test = await post(`${T}/api/v1/information-consequence-tests`, officer, { document: 'Dokumen penawaran lelang 2025', exemptPart: 'Harga satuan penawar yang kalah', legalGround: 'b', reasoning: 'Membuka harga penawar yang kalah merugikan persaingan usaha yang sehat pada lelang berikutnya.' });
    expect(test.statusCode, test.body).toBe(201);
    const refused = await post(`${API}/${paperId}/decision`, officer, { decision: 'refused_exempt', answer: 'Informasi dikecualikan berdasarkan uji konsekuensi.', consequenceTestId: test.json().id });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json().decision.consequenceTest).toMatchObject({ legalGround: 'b', document: 'Dokumen penawaran lelang 2025' });
    // Decided after the 7 January deadline: 19 Dec → 24 Mar is 56 working days (6 + 20 + 18 + 12).
    expect(refused.json()).toMatchObject({ overdue: true, decision: { workingDays: 56 } });
    expect(refused.json().objectionWindow.grounds).toEqual(['a', 'b', 'e', 'f', 'g']);
  });

  it('an objection after 30 working days is refused (409), one within them accepted', async () => {
    clock = new Date('2026-05-11T02:00:00Z'); // the window ended on Friday 8 May (30 HK after 24 Mar)
    const late = await post(`${API}/${paperId}/objection`, await ppid(), { ground: 'a', reason: 'Keberatan atas pengecualian' });
    expect(late.statusCode).toBe(409);
    expect(late.json().title).toContain('sudah lewat');
    clock = new Date('2026-05-08T14:00:00Z'); // 22:00 WITA on its last day
    const inTime = await post(`${API}/${paperId}/objection`, await ppid(), { ground: 'a', reason: 'Keberatan atas pengecualian' });
    expect(inTime.statusCode, inTime.body).toBe(201);
  });
});

describe('the annual figures, the pages and who may see what', () => {
  it('counts the year’s requests, decisions, average working days and objections (public API)', async () => {
    const stats = await t.app.inject({ url: `${API}/statistics?year=2026` });
    expect(stats.statusCode, stats.body).toBe(200);
    expect(stats.json()).toMatchObject({ year: 2026, requests: 5, paper: 2, legalEntities: 1, extended: 1, open: 4, decidedOnTime: 1, decisions: { granted_part: 1 }, averageWorkingDays: 13, objections: 1, objectionsAnswered: 1, objectionsUpheld: 1 });
    const y2025 = (await t.app.inject({ url: `${API}/statistics?year=2025` })).json();
    expect(y2025).toMatchObject({ requests: 1, decisions: { refused_exempt: 1 }, averageWorkingDays: 56, objections: 1, objectionsAnswered: 0 });
    expect((await t.app.inject({ url: `${API}/statistics?year=1999` })).statusCode).toBe(400);
  });

  it('the PPID’s queue lists open requests by deadline with the overdue ones marked; pages for the PPID and the superior', async () => {
    clock = new Date('2026-04-09T02:00:00Z');
    const officer = await ppid();
    const queue = await t.app.inject({ url: API, headers: json(officer) });
    expect(queue.statusCode).toBe(200);
    const open = queue.json().open as { dueOn: string; overdue: boolean }[];
    expect(open.map((r) => r.dueOn)).toEqual([...open.map((r) => r.dueOn)].sort());
    expect(open.some((r) => r.overdue)).toBe(true);
    const page = await t.app.inject({ url: `${T}/petugas/informasi-publik`, headers: { cookie: officer } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Melewati batas waktu');
    const stats = await t.app.inject({ url: `${T}/petugas/informasi-publik/statistik?tahun=2026`, headers: { cookie: officer } });
    expect(stats.body).toContain('13.00 hari kerja');
    const objections = await t.app.inject({ url: `${T}/petugas/informasi-publik/keberatan`, headers: { cookie: await superior() } });
    expect(objections.statusCode).toBe(200);
    expect(objections.body).toContain('permohonan tidak dipenuhi');
  });

  it('the citizen’s form files a legal entity’s request with its document in one POST, and keeps the document when the form comes back', async () => {
    const { cookie, csrf } = await citizenNow();
    const form = await t.app.inject({ url: `${T}/informasi-publik/permohonan`, headers: { cookie } });
    expect(form.statusCode).toBe(200);
    const half = multipartBody({ requesterKind: 'legal_entity', entityName: 'CV Maju', information: '', purpose: 'Tender', delivery: 'view' }, [{ name: 'entityDocument', filename: 'nib.pdf', type: 'application/pdf', data: PDF }]);
    const refused = await t.app.inject({ method: 'POST', url: `${T}/informasi-publik/permohonan?_csrf=${encodeURIComponent(csrf)}`, headers: { cookie, 'content-type': half.type }, payload: half.payload });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Tuliskan informasi yang Anda minta.');
    const kept = /name="entityDocumentFileId" value="([^"]+)"/.exec(refused.body)![1]!;
    const full = multipartBody({ requesterKind: 'legal_entity', entityName: 'CV Maju', entityDocumentFileId: kept, information: 'Daftar paket pengadaan 2026', purpose: 'Tender', delivery: 'view' });
    const sent = await t.app.inject({ method: 'POST', url: `${T}/informasi-publik/permohonan?_csrf=${encodeURIComponent(csrf)}`, headers: { cookie, 'content-type': full.type }, payload: full.payload });
    expect(sent.statusCode, sent.body).toBe(303);
    const receipt = await t.app.inject({ url: `${sent.headers.location}`, headers: { cookie } });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).toMatch(/Permohonan Anda telah terdaftar dengan nomor PPI-/);
    expect(receipt.body).toContain('atas nama CV Maju');
  });

  it('refuses another citizen (404), a citizen on the queue (403), a role without the policy (403) and another tenant', async () => {
    const officer = await ppid();
    const [first] = (await t.app.inject({ url: API, headers: json(officer) })).json().decided as { id: string }[];
    const other = await citizenWithProfile(t, 'makassar');
    expect((await t.app.inject({ url: `${API}/${first!.id}`, headers: json(other.cookie) })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${T}/informasi-publik/permohonan/${first!.id}`, headers: { cookie: other.cookie } })).statusCode).toBe(404);
    // The PPID following a requester's link lands on the officers' page of the same request.
    const followed = await t.app.inject({ url: `${T}/informasi-publik/permohonan/${first!.id}`, headers: { cookie: officer } });
    expect(followed.statusCode).toBe(303);
    expect(followed.headers.location).toBe(`${T}/petugas/informasi-publik/${first!.id}`);
    expect((await post(`${API}/${first!.id}/objection`, other.cookie, { ground: 'b', reason: 'x' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: API, headers: json(other.cookie) })).statusCode).toBe(403);
    const verifier = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] })).cookie;
    expect((await t.app.inject({ url: API, headers: json(verifier) })).statusCode).toBe(403);
    expect((await post(`${API}/${first!.id}/decision`, verifier, { decision: 'granted_full', answer: 'x' })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${T}/petugas/informasi-publik`, headers: { cookie: verifier } })).statusCode).toBe(403);
    const jateng = (await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'ppid' }] })).cookie;
    expect((await t.app.inject({ url: `/t/jateng/api/v1/information-requests/${first!.id}`, headers: json(jateng) })).statusCode).toBe(404);
    expect((await post(`/t/jateng/api/v1/information-requests/${first!.id}/decision`, jateng, { decision: 'granted_full', answer: 'x' })).statusCode).toBe(404);
    expect((await t.app.inject({ url: API, headers: json(jateng) })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `/t/jateng/api/v1/information-requests/statistics?year=2026` })).json()).toMatchObject({ requests: 0 });
  });
});

describe('the complaint channel', () => {
  it('refuses the former complaint kind permintaan_informasi with a pointer to the PPID’s form (400 on /kind)', async () => {
    const { cookie } = await citizenNow();
    const filed = await post(`${T}/api/v1/complaints`, cookie, { kind: 'permintaan_informasi', title: 'Minta data anggaran', description: 'Mohon salinan DPA Dinas PU tahun 2026.', privacy: 'public' });
    expect(filed.statusCode).toBe(400);
    const kind = (filed.json().errors as { field: string; message: string }[]).find((e) => e.field === '/kind');
    expect(kind?.message).toContain('ajukan kepada PPID');
    expect(kind?.message).toContain('/informasi-publik/permohonan');
    const form = await t.app.inject({ url: `${T}/pengaduan/baru`, headers: { cookie } });
    expect(form.body).toContain(`href="${T}/informasi-publik/permohonan"`);
    expect(form.body).not.toContain('value="permintaan_informasi"');
  });
});
