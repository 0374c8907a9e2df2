// The documents' pages on a real PostgreSQL: the file check on the verification page (the issued PDF,
// a tampered one, another document, not a PDF, no file; POST/redirect/GET with the answer shown once)
// and the officers' list and revocation pages (the role, another tenant, the reason, at once).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app.js';
import { applicationTestContext, citizenWithProfile, type TestCitizen } from '../../../test/applications.js';
import { signInAs } from '../../../test/auth.js';
import { documentTestDeps, issueTestDocument, type IssueDeps } from '../../../test/documents.js';
import { multipartBody, openMultipartForm, postUrlencodedForm } from '../../../test/forms.js';
import { listIssuedDocuments } from './service.js';
import type { DocumentRow } from './store.js';

let t: TestApp;
let dir: string;
let deps: IssueDeps;
let citizen: TestCitizen;
let doc: DocumentRow;
let signed: Buffer;

beforeAll(async () => {
  ({ dir, deps } = documentTestDeps());
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000', FILES_DIR: dir });
  citizen = await citizenWithProfile(t, 'makassar');
  doc = await issueTestDocument(t, deps, 'makassar', citizen);
  signed = (await t.app.inject({ url: `/t/makassar/dokumen/${doc.id}/unduh`, headers: { cookie: citizen.cookie } })).rawPayload;
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Uploads `data` with the verification page's own form, as a browser without JavaScript does, and follows the 303. */
async function checkFile(code: string, data: Buffer | null, slug = 'makassar') {
  const page = `/t/${slug}/verify/${code}`;
  const form = await openMultipartForm(t, page);
  const { payload, type } = multipartBody({}, data ? [{ name: 'file', filename: 'dokumen.pdf', type: 'application/pdf', data }] : [{ name: 'file', filename: '', type: 'application/octet-stream', data: Buffer.alloc(0) }]);
  const posted = await t.app.inject({ method: 'POST', url: form.action, headers: { 'content-type': type, cookie: form.cookie, accept: 'text/html' }, payload });
  if (posted.statusCode !== 303) return { posted, shown: posted };
  const location = String(posted.headers.location);
  expect(location.split('#')[0]).toBe(page);
  const set = ([] as string[]).concat(posted.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
  const cookie = [form.cookie, ...set].join('; ');
  const shown = await t.app.inject({ url: location.split('#')[0]!, headers: { cookie } });
  // The answer is shown once: a reload shows the page without it.
  const again = await t.app.inject({ url: page, headers: { cookie: form.cookie } });
  expect(again.body).not.toContain('id="file-result"');
  return { posted, shown };
}

describe('the file check on the verification page', () => {
  it('says the issued PDF is exactly the document, after a redirect', async () => {
    const { posted, shown } = await checkFile(doc.code, signed);
    expect(posted.statusCode).toBe(303);
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('id="file-result"');
    expect(shown.body).toContain('sama persis dengan dokumen yang diterbitkan');
  });

  it('says a file with one byte changed is not the document issued', async () => {
    const tampered = Buffer.from(signed);
    tampered[300] = (tampered[300] ?? 0) ^ 1;
    const { shown } = await checkFile(doc.code, tampered);
    expect(shown.body).toContain('BUKAN dokumen yang diterbitkan dengan kode ini');
    expect(shown.body).not.toContain('sama persis');
  });

  it('names the other document when the file is another one this tenant issued', async () => {
    const other = await issueTestDocument(t, deps, 'makassar', citizen);
    const { shown } = await checkFile(doc.code, await fetchPdf(other));
    expect(shown.body).toContain('dokumen lain yang diterbitkan pemerintah ini');
    expect(shown.body).toContain(other.number);
  });

  it('refuses a file that is not a PDF, and no file, on the page itself (400), never a 500', async () => {
    const notPdf = await checkFile(doc.code, Buffer.from('GIF89a not a document'));
    expect(notPdf.posted.statusCode).toBe(400);
    expect(notPdf.posted.body).toContain('Berkas yang dikirim bukan PDF.');
    expect(notPdf.posted.body).toContain('error-summary');
    const none = await checkFile(doc.code, null);
    expect(none.posted.statusCode).toBe(400);
    expect(none.posted.body).toContain('Pilih berkas PDF yang akan diperiksa.');
    const huge = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(10 * 1024 * 1024, 0x20)]);
    const tooLarge = await checkFile(doc.code, huge);
    expect(tooLarge.posted.statusCode).toBe(413);
    expect(tooLarge.posted.body).toContain('Berkas lebih besar dari 10 MB');
  });

  it('answers 404 for another tenant’s code and an unknown one', async () => {
    const form = await openMultipartForm(t, `/t/makassar/verify/${doc.code}`);
    const { payload, type } = multipartBody({}, [{ name: 'file', filename: 'd.pdf', type: 'application/pdf', data: signed }]);
    const elsewhere = await t.app.inject({ method: 'POST', url: form.action.replace('/t/makassar/', '/t/jateng/'), headers: { 'content-type': type, cookie: form.cookie, accept: 'text/html' }, payload });
    // Another tenant's form token does not pass here either; with or without it, never a match.
    expect([403, 404]).toContain(elsewhere.statusCode);
    expect((await t.app.inject({ url: `/t/jateng/verify/${doc.code}` })).statusCode).toBe(404);
    const unknown = await t.app.inject({ method: 'POST', url: form.action.replace(doc.code, 'a'.repeat(26)), headers: { 'content-type': type, cookie: form.cookie, accept: 'text/html' }, payload });
    expect(unknown.statusCode).toBe(404);
  });
});

async function fetchPdf(row: DocumentRow): Promise<Buffer> {
  return (await t.app.inject({ url: `/t/makassar/dokumen/${row.id}/unduh`, headers: { cookie: citizen.cookie } })).rawPayload;
}

describe('the officers’ documents pages', () => {
  it('list the tenant’s documents to a signer, searchable by number; not to a citizen, another role or another tenant', async () => {
    const signer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'signer' }] });
    const list = await t.app.inject({ url: '/t/makassar/petugas/dokumen', headers: { cookie: signer.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(doc.number);
    expect(list.body).toContain(citizen.name);
    const found = await t.app.inject({ url: `/t/makassar/petugas/dokumen?nomor=${encodeURIComponent(doc.number.slice(0, 8).toLowerCase())}`, headers: { cookie: signer.cookie } });
    expect(found.body).toContain(doc.number);
    const none = await t.app.inject({ url: '/t/makassar/petugas/dokumen?nomor=ZZZ-0000', headers: { cookie: signer.cookie } });
    expect(none.body).not.toContain(doc.number);
    expect(none.body).toContain('Tidak ada dokumen yang sesuai.');
    const bad = await t.app.inject({ url: '/t/makassar/petugas/dokumen?nomor=%25%27%3B', headers: { cookie: signer.cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('huruf, angka dan tanda hubung');
    const badCursor = await t.app.inject({ url: '/t/makassar/petugas/dokumen?cursor=bm90LWEtY3Vyc29y', headers: { cookie: signer.cookie } });
    expect(badCursor.statusCode).toBe(400);

    expect((await t.app.inject({ url: '/t/makassar/petugas/dokumen', headers: { cookie: citizen.cookie } })).statusCode).toBe(403);
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier' }] });
    expect((await t.app.inject({ url: '/t/makassar/petugas/dokumen', headers: { cookie: verifier.cookie } })).statusCode).toBe(403);
    const elsewhere = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'signer' }] });
    const theirs = await t.app.inject({ url: '/t/jateng/petugas/dokumen', headers: { cookie: elsewhere.cookie } });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.body).not.toContain(doc.number);
    expect((await t.app.inject({ url: `/t/jateng/petugas/dokumen/${doc.code}`, headers: { cookie: elsewhere.cookie } })).statusCode).toBe(404);
  });

  it('pages through the list with a cursor, newest first', async () => {
    const ctx = await applicationTestContext(t, 'makassar');
    const first = await listIssuedDocuments(ctx, { limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await listIssuedDocuments(ctx, { limit: 1, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(1);
    expect(second.items[0]!.id).not.toBe(first.items[0]!.id);
    expect(Date.parse(second.items[0]!.issuedAt)).toBeLessThanOrEqual(Date.parse(first.items[0]!.issuedAt));
  });

  it('revoke with a reason (required) at once; a verifier and another tenant’s signer cannot', async () => {
    const target = await issueTestDocument(t, deps, 'makassar', citizen);
    const page = `/t/makassar/petugas/dokumen/${target.code}`;
    const action = `${page}/cabut`;
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier' }] });
    const signer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'signer' }] });
    const refused = await postUrlencodedForm(t, action, { reason: 'Tidak berlaku' }, verifier.cookie, '/t/makassar/');
    expect(refused.statusCode).toBe(403);
    const elsewhere = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    const jatengPage = await postUrlencodedForm(t, `/t/jateng/petugas/dokumen/${target.code}/cabut`, { reason: 'Tidak berlaku' }, elsewhere.cookie, '/t/jateng/');
    expect(jatengPage.statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/documents/verify/${target.code}?tenant=makassar` })).json().status).toBe('valid');

    const empty = await postUrlencodedForm(t, action, { reason: '   ' }, signer.cookie, page);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Tuliskan alasan pencabutan.');
    const done = await postUrlencodedForm(t, action, { reason: 'Usaha telah ditutup pemiliknya' }, signer.cookie, page);
    expect(done.statusCode).toBe(303);
    expect(String(done.headers.location).split('#')[0]).toBe(page);
    const set = ([] as string[]).concat(done.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const shown = await t.app.inject({ url: page, headers: { cookie: [signer.cookie, ...set].join('; ') } });
    expect(shown.body).toContain('Dokumen dicabut.');
    expect(shown.body).not.toContain(`${page}/cabut`);
    const verify = await t.app.inject({ url: `/t/makassar/verify/${target.code}` });
    expect(verify.body).toContain('Dicabut');
    expect(verify.body).toContain('Usaha telah ditutup pemiliknya');
    // Sent again (a second tab): the page says it is already revoked, nothing changes.
    const twice = await postUrlencodedForm(t, action, { reason: 'Lagi' }, signer.cookie, '/t/makassar/petugas/dokumen');
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('Dokumen ini sudah dicabut.');
  });
});
