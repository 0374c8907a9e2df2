// The answer delivered as files (answers.ts) on a real PostgreSQL with real uploads and scans: the
// PPID uploads answer files; the decision refuses another request's file, an unscanned one (409, said
// clearly), an infected one, and files on a refusal; the requester downloads the delivered files (and
// only they: another citizen 404, another tenant 404, another role 403; the auditor may); a requester
// who chose e-mail gets a link in the decision's e-mail that opens the files without signing in and
// expires (the app's clock moved past it); a paper requester with an e-mail address gets the same link;
// the copy's handover is recorded once, after a grant, and shown to the requester; every download audited.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { citizenWithProfile, runFileScans, type TestCitizen } from '../../../test/applications.js';
import { signInAs } from '../../../test/auth.js';
import { multipartBody } from '../../../test/forms.js';
import { TEST_APP_SECRET } from '../../../test/app.js';
import { createSession, markSecondFactor, SESSION_COOKIE, sessionIdOf } from '../identity/index.js';
import { csrfTokenForSession } from '../../platform/http/csrf.js';
import { deriveKey } from '../../platform/secrets.js';

let t: TestApp;
let clock = new Date('2026-03-16T02:00:00Z'); // Monday 16 March 2026, 10:00 WITA
const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-ppid-files-'));
const T = '/t/makassar';
const API = `${T}/api/v1/information-requests`;
const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const INFECTED = Buffer.from('%PDF-1.4\nGERBANG-TEST-MALWARE\n%%EOF\n');
const ask = { requesterKind: 'person', information: 'Daftar penerima hibah 2025', purpose: 'Kajian anggaran', delivery: 'email' };

let requester: TestCitizen;
let ppidId: { id: string; tenantId: string };
const csrfOf = (token: string) => csrfTokenForSession(deriveKey(TEST_APP_SECRET, 'csrf'), sessionIdOf(token));
/** Sessions at the clock's time (they expire as the clock moves on). */
const ppid = { get cookie() { return session(ppidId, 'officer').cookie; }, get csrf() { return session(ppidId, 'officer').csrf; } };
const sessions = new Map<string, { cookie: string; csrf: string }>();
function session(who: { id: string; tenantId: string }, kind: 'citizen' | 'officer') {
  return sessions.get(`${kind}:${who.id}:${clock.toISOString()}`)!;
}
async function refresh() {
  for (const [who, kind] of [[ppidId, 'officer'], [{ id: requester.id, tenantId: ppidId.tenantId }, 'citizen']] as const) {
    const s = await createSession(t.db.app, who.tenantId, { kind, id: who.id }, clock);
    if (kind === 'officer') await markSecondFactor(t.db.app, who.tenantId, s.id);
    sessions.set(`${kind}:${who.id}:${clock.toISOString()}`, { cookie: `${SESSION_COOKIE}=${s.token}`, csrf: csrfOf(s.token) });
  }
}
const mine = { get cookie() { return session({ id: requester.id, tenantId: ppidId.tenantId }, 'citizen').cookie; }, get csrf() { return session({ id: requester.id, tenantId: ppidId.tenantId }, 'citizen').csrf; } };
async function at(when: string) {
  clock = new Date(when);
  await refresh();
}
const post = (url: string, cookie: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: json(cookie), payload: payload as Record<string, unknown> });
async function upload(requestId: string, data: Buffer, filename = 'hibah-2025.pdf', who: { cookie: string; csrf: string } = ppid) {
  const body = multipartBody({}, [{ name: 'file', filename, type: 'application/pdf', data }]);
  return t.app.inject({ method: 'POST', url: `${API}/${requestId}/answer-files?_csrf=${encodeURIComponent(who.csrf)}`, headers: { cookie: who.cookie, 'content-type': body.type }, payload: body.payload });
}
async function auditCount(action: string, subject: string): Promise<number> {
  // Committed events wait in audit_pending until the sequencer chains them into audit_log.
  const row = await sql<{ n: string }>`SELECT (SELECT count(*) FROM audit_log WHERE action = ${action} AND subject = ${subject}) + (SELECT count(*) FROM audit_pending WHERE action = ${action} AND subject = ${subject}) AS n`.execute(t.db.owner);
  return Number(row.rows[0]!.n);
}

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000', FILES_DIR: filesDir }, {}, { now: () => clock });
  requester = await citizenWithProfile(t, 'makassar');
  const signed = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'ppid', agency: 'diskominfo' }] });
  ppidId = { id: (signed.principal as { id: string }).id, tenantId: signed.tenantId };
  await refresh();
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(filesDir, { recursive: true, force: true });
});

describe('answer files delivered with a partial grant, downloaded by the requester and through the e-mail link', () => {
  let id: string;
  let clean: string;
  let linkPath: string;

  it('the PPID uploads answer files; the decision refuses a foreign, an unscanned and an infected file, and files on a refusal', async () => {
    id = (await post(API, mine.cookie, ask)).json().id;
    const other = (await post(API, mine.cookie, { ...ask, information: 'Data lain' })).json().id;
    const first = await upload(id, PDF);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ name: 'hibah-2025.pdf', mime: 'application/pdf', delivered: false, state: 'pending' });
    clean = first.json().id;
    // Not yet scanned: cannot be delivered, and the refusal names the file.
    const pending = await post(`${API}/${id}/decision`, ppid.cookie, { decision: 'granted_full', answer: 'Terlampir.', answerFileIds: [clean] });
    expect(pending.statusCode).toBe(409);
    expect(pending.json().title).toBe('Berkas "hibah-2025.pdf" masih diperiksa dari virus, jadi belum dapat disampaikan. Coba lagi setelah pemeriksaan selesai (biasanya kurang dari satu menit).');
    const infected = (await upload(id, INFECTED, 'virus.pdf')).json().id as string;
    const foreign = (await upload(other, PDF, 'lain.pdf')).json().id as string;
    await runFileScans(t, filesDir);
    const seen = (await t.app.inject({ url: `${API}/${id}`, headers: json(ppid.cookie) })).json();
    // Uploaded at the same instant of the test's clock: compared by name, not by order.
    expect(Object.fromEntries(seen.answerFiles.map((f: { name: string; state: string }) => [f.name, f.state]))).toEqual({ 'hibah-2025.pdf': 'clean', 'virus.pdf': 'infected' });
    const refusedInfected = await post(`${API}/${id}/decision`, ppid.cookie, { decision: 'granted_full', answer: 'Terlampir.', answerFileIds: [infected] });
    expect(refusedInfected.statusCode).toBe(409);
    expect(refusedInfected.json().title).toContain('"virus.pdf" mengandung virus');
    const refusedForeign = await post(`${API}/${id}/decision`, ppid.cookie, { decision: 'granted_full', answer: 'Terlampir.', answerFileIds: [foreign] });
    expect(refusedForeign.statusCode).toBe(400);
    expect(refusedForeign.json().errors[0]).toMatchObject({ field: '/answerFileIds/0', message: 'Berkas ini bukan berkas jawaban yang diunggah untuk permohonan ini.' });
    const onRefusal = await post(`${API}/${id}/decision`, ppid.cookie, { decision: 'not_documented', answer: 'Tidak didokumentasikan.', answerFileIds: [clean] });
    expect(onRefusal.statusCode).toBe(400);
    expect(onRefusal.json().errors[0]).toMatchObject({ field: '/answerFileIds' });
    // A citizen cannot upload answer files (403), another tenant's PPID cannot name this request (404).
    expect((await upload(id, PDF, 'x.pdf', mine)).statusCode).toBe(403);
    const jateng = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'ppid' }] });
    const body = multipartBody({}, [{ name: 'file', filename: 'x.pdf', type: 'application/pdf', data: PDF }]);
    expect((await t.app.inject({ method: 'POST', url: `/t/jateng/api/v1/information-requests/${id}/answer-files?_csrf=${encodeURIComponent(csrfOf(jateng.token))}`, headers: { cookie: jateng.cookie, 'content-type': body.type }, payload: body.payload })).statusCode).toBe(404);
  });

  it('a partial grant delivers the clean file; the requester is e-mailed a link to it', async () => {
    await at('2026-03-20T02:00:00Z');
    const decided = await post(`${API}/${id}/decision`, ppid.cookie, { decision: 'granted_part', answer: 'Daftar terlampir.', redaction: 'Nomor rekening dihitamkan.', answerFileIds: [clean] });
    expect(decided.statusCode, decided.body).toBe(200);
    const view = (await t.app.inject({ url: `${API}/${id}`, headers: json(mine.cookie) })).json();
    // The requester sees the delivered file only, not the infected upload.
    expect(view.answerFiles).toEqual([expect.objectContaining({ id: clean, name: 'hibah-2025.pdf', delivered: true, state: 'clean' })]);
    const mail = await sql<{ body_text: string }>`SELECT body_text FROM notifications WHERE kind = 'information.decided' AND channel = 'email' AND body_text LIKE ${`%${view.number}%`}`.execute(t.db.owner);
    expect(mail.rows).toHaveLength(1);
    linkPath = /\/t\/makassar(\/informasi-publik\/jawaban\/[A-Za-z0-9_-]{22})/.exec(mail.rows[0]!.body_text)![1]!;
    expect(await sql<{ n: string }>`SELECT count(*) AS n FROM information_answer_links WHERE token_sha256 = ${linkPath.slice(-22)}`.execute(t.db.owner).then((r) => Number(r.rows[0]!.n))).toBe(0); // only the hash is kept
  });

  it('the requester downloads the file from their page (audited); another citizen 404, another tenant 404, another role 403, the auditor may', async () => {
    const page = await t.app.inject({ url: `${T}/informasi-publik/permohonan/${id}`, headers: { cookie: mine.cookie } });
    const href = `${T}/informasi-publik/permohonan/${id}/berkas/${clean}/unduh`;
    expect(page.body).toContain(`href="${href}"`);
    const before = await auditCount('information.answer_file_downloaded', `information_request:${id}`);
    const file = await t.app.inject({ url: href, headers: { cookie: mine.cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(await auditCount('information.answer_file_downloaded', `information_request:${id}`)).toBe(before + 1);
    const api = await t.app.inject({ url: `${API}/${id}/answer-files/${clean}`, headers: { cookie: mine.cookie } });
    expect(api.statusCode).toBe(200);
    const other = await citizenWithProfile(t, 'makassar');
    expect((await t.app.inject({ url: href, headers: { cookie: other.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${API}/${id}/answer-files/${clean}`, headers: { cookie: other.cookie } })).statusCode).toBe(404);
    const verifier = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] })).cookie;
    expect((await t.app.inject({ url: `${API}/${id}/answer-files/${clean}`, headers: { cookie: verifier } })).statusCode).toBe(403);
    const jateng = (await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'ppid' }] })).cookie;
    expect((await t.app.inject({ url: `/t/jateng/api/v1/information-requests/${id}/answer-files/${clean}`, headers: { cookie: jateng } })).statusCode).toBe(404);
    const auditor = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'auditor' }] })).cookie;
    expect((await t.app.inject({ url: `${API}/${id}/answer-files/${clean}`, headers: { cookie: auditor } })).statusCode).toBe(200);
    expect(await auditCount('information.answer_file_downloaded', `information_request:${id}`)).toBe(before + 3);
  });

  it('the e-mail link opens the answer and its file without signing in, in this tenant only, until it expires (410)', async () => {
    const page = await t.app.inject({ url: `${T}${linkPath}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Daftar terlampir.');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const download = `${T}${linkPath}/${clean}/unduh`;
    expect(page.body).toContain(`href="${download}"`);
    const before = await auditCount('information.answer_file_downloaded', `information_request:${id}`);
    const file = await t.app.inject({ url: download });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PDF)).toBe(true);
    expect(await auditCount('information.answer_file_downloaded', `information_request:${id}`)).toBe(before + 1);
    expect((await t.app.inject({ url: `/t/jateng${linkPath}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${T}/informasi-publik/jawaban/AAAAAAAAAAAAAAAAAAAAAA` })).statusCode).toBe(404);
    await at('2026-04-19T02:00:01Z'); // 30 days after the decision
    const expired = await t.app.inject({ url: `${T}${linkPath}` });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Tautan jawaban ini sudah kedaluwarsa');
    expect((await t.app.inject({ url: download })).statusCode).toBe(410);
    // The requester's own page still serves it.
    expect((await t.app.inject({ url: `${API}/${id}/answer-files/${clean}`, headers: { cookie: mine.cookie } })).statusCode).toBe(200);
  });
});

describe('a paper requester and the copy', () => {
  it('a paper requester who chose e-mail and wrote an address gets the link; one who chose copy has its handover recorded once, after the grant', async () => {
    await at('2026-03-16T02:00:00Z');
    const paper = await post(API, ppid.cookie, { ...ask, requesterName: 'Andi', requesterContact: 'andi@contoh.id', receivedAt: '2026-03-16T09:00:00+08:00' });
    expect(paper.statusCode, paper.body).toBe(201);
    const fileId = (await upload(paper.json().id, PDF, 'andi.pdf')).json().id;
    await runFileScans(t, filesDir);
    expect((await post(`${API}/${paper.json().id}/decision`, ppid.cookie, { decision: 'granted_full', answer: 'Terlampir.', answerFileIds: [fileId] })).statusCode).toBe(200);
    const mail = await sql<{ body_text: string; recipient: string }>`SELECT body_text, recipient FROM notifications WHERE kind = 'information.decided' AND body_text LIKE ${`%${paper.json().number}%`}`.execute(t.db.owner);
    expect(mail.rows).toHaveLength(1);
    expect(mail.rows[0]!.recipient).toBe('andi@contoh.id');
    const link = /\/t\/makassar(\/informasi-publik\/jawaban\/[A-Za-z0-9_-]{22})/.exec(mail.rows[0]!.body_text)![1]!;
    expect((await t.app.inject({ url: `${T}${link}/${fileId}/unduh` })).statusCode).toBe(200);

    const copy = (await post(API, mine.cookie, { ...ask, delivery: 'copy' })).json();
    expect((await post(`${API}/${copy.id}/copy-handover`, ppid.cookie, { handedOverOn: '2026-03-16', method: 'post' })).statusCode).toBe(409); // not decided
    await at('2026-03-18T02:00:00Z');
    expect((await post(`${API}/${copy.id}/decision`, ppid.cookie, { decision: 'granted_full', answer: 'Salinan dikirim melalui pos.' })).statusCode).toBe(200);
    const bad = await post(`${API}/${copy.id}/copy-handover`, ppid.cookie, { handedOverOn: '2026-03-25', method: 'pigeon' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['/handedOverOn', '/method']);
    expect((await post(`${API}/${copy.id}/copy-handover`, ppid.cookie, { handedOverOn: '2026-03-17', method: 'post' })).statusCode).toBe(400); // before the decision
    expect((await post(`${API}/${copy.id}/copy-handover`, mine.cookie, { handedOverOn: '2026-03-18', method: 'post' })).statusCode).toBe(403);
    const recorded = await post(`${API}/${copy.id}/copy-handover`, ppid.cookie, { handedOverOn: '2026-03-18', method: 'post' });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json().copy).toMatchObject({ handedOverOn: '2026-03-18', method: 'post' });
    expect((await post(`${API}/${copy.id}/copy-handover`, ppid.cookie, { handedOverOn: '2026-03-18', method: 'courier' })).statusCode).toBe(409);
    const page = await t.app.inject({ url: `${T}/informasi-publik/permohonan/${copy.id}`, headers: { cookie: mine.cookie } });
    expect(page.body).toContain('Salinan dikirim melalui pos pada 18 Maret 2026.');
  });

  it('the officer’s page uploads a file and decides with it (no JavaScript), and shows a pending file’s refusal beside the checkboxes', async () => {
    const created = (await post(API, mine.cookie, { ...ask, delivery: 'view' })).json();
    const body = multipartBody({}, [{ name: 'answerFile', filename: 'lampiran.pdf', type: 'application/pdf', data: PDF }]);
    const sent = await t.app.inject({ method: 'POST', url: `${T}/petugas/informasi-publik/${created.id}/berkas?_csrf=${encodeURIComponent(ppid.csrf)}`, headers: { cookie: ppid.cookie, 'content-type': body.type }, payload: body.payload });
    expect(sent.statusCode, sent.body).toBe(303);
    const page = await t.app.inject({ url: `${T}/petugas/informasi-publik/${created.id}`, headers: { cookie: ppid.cookie } });
    const fileId = /name="answerFileIds" value="([^"]+)"/.exec(page.body)![1]!;
    expect(page.body).toContain('lampiran.pdf (sedang diperiksa dari virus)');
    const form = `_csrf=${encodeURIComponent(ppid.csrf)}&decision=granted_full&answer=Terlampir.&answerFileIds=${fileId}`;
    const refused = await t.app.inject({ method: 'POST', url: `${T}/petugas/informasi-publik/${created.id}/putuskan`, headers: { cookie: ppid.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Berkas &quot;lampiran.pdf&quot; masih diperiksa dari virus');
    await runFileScans(t, filesDir);
    const decided = await t.app.inject({ method: 'POST', url: `${T}/petugas/informasi-publik/${created.id}/putuskan`, headers: { cookie: ppid.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
    expect(decided.statusCode, decided.body).toBe(303);
    const view = (await t.app.inject({ url: `${API}/${created.id}`, headers: json(mine.cookie) })).json();
    expect(view.answerFiles).toEqual([expect.objectContaining({ id: fileId, delivered: true })]);
  });
});
