// The signing step on a real PostgreSQL: reaching it prepares the document (pending, seen by nobody
// outside the agency); only a signer of the step's agency signs, and only with a fresh second factor
// (a current TOTP code, or a sign-in with it minutes ago) — a missing, old or wrong one changes
// nothing; signing issues the PDF in the officer's name, audits it and moves the application on, once;
// the closing issues nothing more. Also the page (form for the signer, read-only for others) and
// the paper-signature path, which still issues on close.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, TEST_APP_SECRET } from '../../../../test/app.js';
import { answersFor, applicationTestContext, citizenWithProfile, publishWithSetup, type PublishedService, type TestCitizen } from '../../../../test/applications.js';
import { agencyIdOf, signInAs, tenantIdOf } from '../../../../test/auth.js';
import { pdfsig, SIGNING_WORKFLOW } from '../../../../test/documents.js';
import { formWithOptionalUploads } from '../../../../test/payments.js';
import { createReadyOfficer, createSession, demoTotpCodes, findOfficerId, markSecondFactor, SESSION_COOKIE } from '../../identity/index.js';
import { createJobRunner } from '../../../platform/jobs/index.js';
import { createLocalFileStore } from '../../../platform/files/index.js';
import { documentJobHandlers, ISSUE_JOB, signingKeyDeps } from '../module.js';

let t: TestApp;
let dir: string;
let clock = Date.now();
let service: PublishedService;
let holder: TestCitizen;
const SIGNER_EMAIL = 'andi.signer@example.go.id';
const SIGNER_NAME = 'Andi Penandatangan';
const M = '/t/makassar';
const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
/** Moves the app's clock on past the TOTP step just used (each code is accepted once). */
const tick = (ms = 60_000) => {
  clock += ms;
};

/** A session of the TOTP-enrolled signer, begun now at the app's clock with the second factor. */
async function signerSession(): Promise<string> {
  const tenantId = await tenantIdOf(t, 'makassar');
  const ctx = await applicationTestContext(t, 'makassar');
  const id = (await findOfficerId(ctx, { email: SIGNER_EMAIL }))!;
  const session = await createSession(t.db.app, tenantId, { kind: 'officer', id }, new Date(clock));
  await markSecondFactor(t.db.app, tenantId, session.id);
  return `${SESSION_COOKIE}=${session.token}`;
}

/** The holder's cookie now (the moved clock ends sessions that sat idle). */
async function holderCookie(): Promise<string> {
  const session = await createSession(t.db.app, await tenantIdOf(t, 'makassar'), { kind: 'citizen', id: holder.id }, new Date(clock));
  return `${SESSION_COOKIE}=${session.token}`;
}

const totp = async () => (await demoTotpCodes(t.db.owner, SIGNER_EMAIL, new Date(clock))).find((c) => c.tenant === 'makassar')!.code;

/** A new application of the holder, approved by a verifier: now at the signing step. */
async function atSigningStep(): Promise<string> {
  const applied = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: json(await holderCookie()), payload: { serviceId: service.serviceId, answers: answersFor(service.form) } });
  expect(applied.statusCode, applied.body).toBe(201);
  const id = applied.json().id as string;
  const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
  const current = (await t.app.inject({ url: `${M}/api/v1/applications/${id}`, headers: json(verifier.cookie) })).json() as { version: number };
  const acted = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/actions`, headers: json(verifier.cookie), payload: { stepId: 'check', action: 'approve', expectedVersion: current.version } });
  expect(acted.statusCode, acted.body).toBe(200);
  return id;
}

async function documentOf(applicationId: string) {
  const rows = await sql<{ status: string; number: string; code: string; signer_name: string | null; sha256: string | null }>`
    select status, number, code, signer_name, sha256 from documents where application_id = ${applicationId}`.execute(t.db.owner);
  return rows.rows;
}

async function applicationOf(applicationId: string) {
  return (await sql<{ status: string; outcome: string | null }>`select status, outcome from applications where id = ${applicationId}`.execute(t.db.owner)).rows[0]!;
}

const sign = (id: string, cookie: string, body: Record<string, unknown> = {}) =>
  t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/document/sign`, headers: { ...json(cookie), 'accept-language': 'id' }, payload: body });

async function runIssueJobs() {
  const keys = signingKeyDeps({ env: 'development' } as never, TEST_APP_SECRET);
  const handlers = documentJobHandlers({ audit: t.audit, keys, files: createLocalFileStore(dir), publicBaseUrl: 'http://localhost:3000', now: () => new Date(clock) });
  const runner = createJobRunner(t.db.app, handlers, { log: { info: () => undefined, warn: () => undefined, error: () => undefined } as never, kinds: [ISSUE_JOB] });
  while (await runner.runOnce());
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-signing-'));
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000', FILES_DIR: dir }, {}, { now: () => new Date(clock) });
  service = await publishWithSetup(t, { slug: 'makassar', agency: 'dpmptsp', code: 'nib', workflow: SIGNING_WORKFLOW, form: formWithOptionalUploads });
  holder = await citizenWithProfile(t, 'makassar');
  const ctx = await applicationTestContext(t, 'makassar');
  const grants = [{ role: 'signer' as const, agencyId: await agencyIdOf(t, 'makassar', 'dpmptsp') }];
  await createReadyOfficer(ctx, { name: SIGNER_NAME, email: SIGNER_EMAIL, password: 'kata sandi uji yang panjang', grants });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the signing step', () => {
  let id: string;
  beforeAll(async () => {
    id = await atSigningStep();
  });

  it('prepares the document when the step begins: pending, in nobody’s wallet, unknown to the verification page', async () => {
    const [doc] = await documentOf(id);
    expect(doc).toMatchObject({ status: 'pending', signer_name: null, sha256: null });
    expect(doc!.number).toMatch(/^DOK-/);
    expect((await t.app.inject({ url: `${M}/api/v1/me/documents`, headers: json(holder.cookie) })).json().items).toHaveLength(0);
    expect((await t.app.inject({ url: `/api/v1/documents/verify/${doc!.code}?tenant=makassar` })).statusCode).toBe(404);
  });

  it('shows the signer "Tanda tangani dokumen" and the form; another role the document read-only; another tenant nothing', async () => {
    const signer = await signerSession();
    const page = await t.app.inject({ url: `${M}/petugas/permohonan/${id}`, headers: { cookie: signer } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Tanda tangani dokumen');
    const signing = await t.app.inject({ url: `${M}/petugas/permohonan/${id}/tanda-tangan`, headers: { cookie: signer } });
    expect(signing.statusCode).toBe(200);
    expect(signing.body).toContain('name="code"');
    expect(signing.body).toContain(holder.name);

    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const looked = await t.app.inject({ url: `${M}/petugas/permohonan/${id}`, headers: { cookie: verifier.cookie } });
    expect(looked.body).toContain('Lihat dokumen yang akan ditandatangani');
    const readOnly = await t.app.inject({ url: `${M}/petugas/permohonan/${id}/tanda-tangan`, headers: { cookie: verifier.cookie } });
    expect(readOnly.statusCode).toBe(200);
    expect(readOnly.body).not.toContain('name="code"');

    const elsewhere = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'signer' }] });
    expect((await t.app.inject({ url: `/t/jateng/petugas/permohonan/${id}/tanda-tangan`, headers: { cookie: elsewhere.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${M}/petugas/permohonan/${id}/tanda-tangan`, headers: { cookie: elsewhere.cookie } })).statusCode).toBe(401);
  });

  it('refuses another role (403), a signer of another agency or tenant (404), and changes nothing', async () => {
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    expect((await sign(id, verifier.cookie)).statusCode).toBe(403);
    const otherAgency = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'signer', agency: 'disdukcapil' }] });
    expect((await sign(id, otherAgency.cookie)).statusCode).toBe(404);
    const otherTenant = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'signer' }] });
    expect((await t.app.inject({ method: 'POST', url: `/t/jateng/api/v1/applications/${id}/document/sign`, headers: json(otherTenant.cookie), payload: {} })).statusCode).toBe(404);
    expect(await documentOf(id)).toMatchObject([{ status: 'pending' }]);
    expect(await applicationOf(id)).toMatchObject({ status: 'in_progress' });
  });

  it('refuses no code after an old sign-in, and a wrong or used code, in Bahasa Indonesia, changing nothing', async () => {
    const old = await signerSession();
    tick(20 * 60_000); // the sign-in is now older than FRESH_SIGN_IN_MINUTES
    const noCode = await sign(id, old);
    expect(noCode.statusCode).toBe(403);
    expect(noCode.headers['content-type']).toContain('application/problem+json');
    expect(noCode.json()).toMatchObject({ code: 'second_factor.required', title: expect.stringContaining('faktor kedua') });

    const wrong = await sign(id, old, { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().title).toContain('Kode autentikator salah');

    expect(await documentOf(id)).toMatchObject([{ status: 'pending', sha256: null }]);
    expect(await applicationOf(id)).toMatchObject({ status: 'in_progress' });
  });

  it('signs with a current TOTP code: the PDF in the officer’s name, audited, the application moves on; once', async () => {
    const old = await signerSession();
    tick(20 * 60_000);
    const code = await totp();
    const res = await sign(id, old, { code });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ secondFactor: 'totp', application: { status: 'closed', outcome: 'issued' } });

    const [doc] = await documentOf(id);
    expect(doc).toMatchObject({ status: 'valid', signer_name: SIGNER_NAME });
    const documentId = (await sql<{ id: string }>`select id from documents where application_id = ${id}`.execute(t.db.owner)).rows[0]!.id;
    const audit = await sql<{ action: string; actor: string }>`select action, actor from audit_pending where subject = ${`document:${documentId}`} order by id`.execute(t.db.owner);
    expect(audit.rows.map((r) => r.action)).toEqual(['documents.prepared', 'documents.signed']);
    expect(audit.rows[1]!.actor).toMatch(/^officer:/);

    const cookie = await holderCookie();
    const wallet = (await t.app.inject({ url: `${M}/api/v1/me/documents`, headers: json(cookie) })).json().items as { id: string; code: string; signer: { name: string } }[];
    expect(wallet).toHaveLength(1);
    expect(wallet[0]!.signer.name).toBe(SIGNER_NAME);
    const pdf = await t.app.inject({ url: `${M}/dokumen/${wallet[0]!.id}/unduh`, headers: { cookie } });
    expect(pdfsig(dir, pdf.rawPayload)).toContain('Signature is Valid');

    // The same code again, or a second click: already signed.
    expect((await sign(id, old, { code })).statusCode).toBe(409);
    // The closing queued no second issue.
    await runIssueJobs();
    expect(await documentOf(id)).toHaveLength(1);
    expect((await documentOf(id))[0]!.sha256).toBe(doc!.sha256);
  });
});

describe('other ways through the step', () => {
  it('accepts a sign-in with the second factor minutes ago, without a code', async () => {
    tick();
    const id = await atSigningStep();
    const res = await sign(id, await signerSession());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().secondFactor).toBe('fresh_sign_in');
  });

  it('signs through the page: a wrong code shows the form again with the error, a right one goes on (303)', async () => {
    tick();
    const id = await atSigningStep();
    const cookie = await signerSession();
    tick(20 * 60_000);
    const page = await t.app.inject({ url: `${M}/petugas/permohonan/${id}/tanda-tangan`, headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const post = (code: string) =>
      t.app.inject({ method: 'POST', url: `${M}/petugas/permohonan/${id}/tanda-tangan`, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, code }).toString() });
    const wrong = await post('123456');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Kode autentikator salah');
    const right = await post(await totp());
    expect(right.statusCode, right.body).toBe(303);
    const after = await t.app.inject({ url: right.headers.location as string, headers: { cookie } });
    expect(after.body).toContain('sudah ditandatangani dan diterbitkan');
  });

  it('a signature recorded on paper leaves the prepared document to be issued with the tenant’s key on closing', async () => {
    tick();
    const id = await atSigningStep();
    const signer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'signer', agency: 'dpmptsp' }] });
    const current = (await t.app.inject({ url: `${M}/api/v1/applications/${id}`, headers: json(signer.cookie) })).json() as { version: number };
    const paper = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/events`, headers: json(signer.cookie), payload: { event: 'signed', expectedVersion: current.version, note: 'Ditandatangani basah' } });
    expect(paper.statusCode, paper.body).toBe(200);
    expect(await documentOf(id)).toMatchObject([{ status: 'pending' }]);
    await runIssueJobs();
    const [doc] = await documentOf(id);
    expect(doc!.status).toBe('valid');
    expect(doc!.signer_name).toContain('TIDAK SAH');
  });
});
