// Issued documents on a real PostgreSQL: issuing signs a PDF pdfsig accepts; the verification API and
// page, checking a file (the issued one, a tampered one), another tenant's code, malformed and unknown
// codes; revocation (role, tenant, reason, at once); expiry; the wallet and its downloads; production
// refusing a development key.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app.js';
import { checkThenClose, documentTestDeps, issueTestDocument } from '../../../test/documents.js';
import { answersFor, applicationTestContext, citizenWithProfile, publishWithSetup, type TestCitizen } from '../../../test/applications.js';
import { pdfsig as pdfsigIn } from '../../../test/documents.js';
import { formWithOptionalUploads } from '../../../test/payments.js';
import { createJobRunner } from '../../platform/jobs/index.js';
import { signInAs } from '../../../test/auth.js';
import { withTenant } from '../../db/index.js';
import { currentSigner, importTenantSigningKey } from './keys.js';
import { documentJobHandlers, ISSUE_JOB } from './module.js';
import { issueDocument } from './service.js';
import { type DocumentRow, selectDocumentByCodeOnce } from './store.js';
import { sql } from 'kysely';

let t: TestApp;
let dir: string;
let citizen: TestCitizen;
let deps: Parameters<typeof issueDocument>[1];

const issue = (slug: string, holder: TestCitizen, options: { now?: Date; validityDays?: number | null } = {}) => issueTestDocument(t, deps, slug, holder, options);

const pdfsig = (bytes: Buffer) => pdfsigIn(dir, bytes);

const verifyUrl = (code: string, slug = 'makassar') => `/api/v1/documents/verify/${code}?tenant=${slug}`;

beforeAll(async () => {
  ({ dir, deps } = documentTestDeps());
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000', FILES_DIR: dir });
  citizen = await citizenWithProfile(t, 'makassar');
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('issuing and verifying', () => {
  let doc: DocumentRow;
  let signed: Buffer;

  beforeAll(async () => {
    doc = await issue('makassar', citizen);
    const res = await t.app.inject({ url: `/t/makassar/dokumen/${doc.id}/unduh`, headers: { cookie: citizen.cookie } });
    expect(res.statusCode).toBe(200);
    signed = res.rawPayload;
  });

  it('stores a PDF pdfsig verifies, whose SHA-256 is the one recorded', () => {
    expect(sha256Of(signed)).toBe(doc.sha256);
    const out = pdfsig(signed);
    expect(out).toContain('Signature Validation: Signature is Valid.');
    expect(out).toContain('Signature Type: ETSI.CAdES.detached');
    expect(out).toContain('DEV — TIDAK SAH');
    expect(doc.code).toMatch(/^[a-z2-7]{26}$/);
  });

  it('answers the status by code with the holder masked', async () => {
    const res = await t.app.inject({ url: verifyUrl(doc.code) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ number: doc.number, status: 'valid', revoked: null, issuer: { agency: 'Dinas Penanaman Modal dan PTSP' } });
    expect(body.holder).not.toContain(citizen.name.split(' ')[1]);
    expect(body.holder.startsWith('W')).toBe(true);
  });

  it('shows the verification page without sign-in', async () => {
    const res = await t.app.inject({ url: `/t/makassar/verify/${doc.code}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(doc.number);
    expect(res.body).toContain('Sah');
    expect(res.body).not.toContain(citizen.name);
  });

  it('says whether a posted PDF is the one issued; one changed byte is not', async () => {
    const same = await t.app.inject({ method: 'POST', url: verifyUrl(doc.code), headers: { 'content-type': 'application/pdf' }, payload: signed });
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ matches: true, status: 'valid' });
    const tampered = Buffer.from(signed);
    tampered[200] = (tampered[200] ?? 0) ^ 1;
    const other = await t.app.inject({ method: 'POST', url: verifyUrl(doc.code), headers: { 'content-type': 'application/pdf' }, payload: tampered });
    expect(other.json()).toMatchObject({ matches: false });
    const notPdf = await t.app.inject({ method: 'POST', url: verifyUrl(doc.code), headers: { 'content-type': 'application/pdf' }, payload: Buffer.from('hello') });
    expect(notPdf.statusCode).toBe(400);
  });

  it('does not know another tenant’s code, an unknown one or a malformed one', async () => {
    expect((await t.app.inject({ url: verifyUrl(doc.code, 'jateng') })).statusCode).toBe(404);
    expect((await t.app.inject({ url: verifyUrl('a'.repeat(26)) })).statusCode).toBe(404);
    const bad = await t.app.inject({ url: verifyUrl('not-a-code') });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await t.app.inject({ url: `/t/makassar/verify/${'b'.repeat(26)}` })).statusCode).toBe(404);
  });

  it('reads by code in one statement that keeps row-level security and puts back an enclosing transaction’s tenant', async () => {
    const tenantIds = Object.fromEntries((await t.db.owner.selectFrom('tenants').select(['slug', 'id']).execute()).map((x) => [x.slug, x.id]));
    // Outside a transaction the setting ends with the statement (one connection: the same session).
    await t.db.app.connection().execute(async (conn) => {
      expect((await selectDocumentByCodeOnce(conn, tenantIds.makassar!, doc.code))?.id).toBe(doc.id);
      const { rows: [after] } = await sql<{ tenant: string | null }>`select nullif(current_setting('gerbang.tenant_id', true), '') as tenant`.execute(conn);
      expect(after?.tenant ?? null).toBeNull();
      expect(await conn.selectFrom('documents').select('id').where('id', '=', doc.id).executeTakeFirst()).toBeUndefined();
      expect(await selectDocumentByCodeOnce(conn, tenantIds.jateng!, doc.code)).toBeUndefined();
    });
    // Inside a transaction, the enclosing tenant's setting stays.
    await withTenant(t.db.app, tenantIds.jateng!, async (trx) => {
      expect((await selectDocumentByCodeOnce(trx, tenantIds.makassar!, doc.code))?.id).toBe(doc.id);
      const { rows: [inside] } = await sql<{ tenant: string }>`select current_setting('gerbang.tenant_id') as tenant`.execute(trx);
      expect(inside?.tenant).toBe(tenantIds.jateng);
      expect(await trx.selectFrom('documents').select('id').where('id', '=', doc.id).executeTakeFirst()).toBeUndefined();
    });
  });

  it('lists the document in the holder’s wallet only', async () => {
    const mine = await t.app.inject({ url: '/api/v1/me/documents?tenant=makassar', headers: { cookie: citizen.cookie } });
    expect(mine.json().items.map((d: { number: string }) => d.number)).toContain(doc.number);
    const page = await t.app.inject({ url: '/t/makassar/dokumen', headers: { cookie: citizen.cookie } });
    expect(page.body).toContain(doc.number);
    const stranger = await citizenWithProfile(t, 'makassar');
    const theirs = await t.app.inject({ url: '/api/v1/me/documents?tenant=makassar', headers: { cookie: stranger.cookie } });
    expect(theirs.json().items).toEqual([]);
    expect((await t.app.inject({ url: `/t/makassar/dokumen/${doc.id}/unduh`, headers: { cookie: stranger.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/t/makassar/dokumen/${doc.id}/unduh` })).statusCode).not.toBe(200);
  });
});

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('revoking', () => {
  it('refuses a citizen, an officer without the role and another tenant’s signer; a signer revokes at once', async () => {
    const doc = await issue('makassar', citizen);
    const url = `/api/v1/documents/${doc.code}/revoke`;
    const post = (slug: string, cookie: string, reason = 'Izin dibatalkan atas permintaan pemegang') =>
      t.app.inject({ method: 'POST', url: `${url}?tenant=${slug}`, headers: { cookie }, payload: { reason } });
    expect((await post('makassar', citizen.cookie)).statusCode).toBe(403);
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier' }] });
    expect((await post('makassar', verifier.cookie)).statusCode).toBe(403);
    const elsewhere = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'signer' }] });
    expect((await post('jateng', elsewhere.cookie)).statusCode).toBe(404);
    const signer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'signer' }] });
    expect((await post('makassar', signer.cookie, '   ')).statusCode).toBe(400);
    const done = await post('makassar', signer.cookie);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'revoked', revoked: { reason: 'Izin dibatalkan atas permintaan pemegang' } });
    const after = await t.app.inject({ url: verifyUrl(doc.code) });
    expect(after.json().status).toBe('revoked');
    const page = await t.app.inject({ url: `/t/makassar/verify/${doc.code}` });
    expect(page.body).toContain('Dicabut');
    expect(page.body).toContain('Izin dibatalkan atas permintaan pemegang');
    expect((await post('makassar', signer.cookie)).statusCode).toBe(409);
  });
});

describe('expiry', () => {
  it('shows a document past its validity as expired, never valid', async () => {
    const doc = await issue('makassar', citizen, { now: new Date(Date.now() - 10 * 86_400_000), validityDays: 3 });
    const res = await t.app.inject({ url: verifyUrl(doc.code) });
    expect(res.json().status).toBe('expired');
    const page = await t.app.inject({ url: `/t/makassar/verify/${doc.code}` });
    expect(page.body).toContain('Kedaluwarsa');
  });
});

describe('signing keys', () => {
  it('in production refuses the development key and signing without an imported key', async () => {
    const production = { ...deps.keys, production: true };
    const makassar = (await applicationTestContext(t, 'makassar')).tenant;
    await withTenant(t.db.app, makassar.id, async (trx) => {
      // The development key issuing made above exists: production refuses it.
      await expect(currentSigner(trx, makassar, production, new Date())).rejects.toMatchObject({ code: 'documents.development_key_refused', status: 409 });
    });
    const sulsel = (await applicationTestContext(t, 'sulsel')).tenant;
    await withTenant(t.db.app, sulsel.id, async (trx) => {
      await expect(currentSigner(trx, sulsel, production, new Date())).rejects.toMatchObject({ code: 'documents.no_signing_key', status: 409 });
    });
  });
});

describe('importing a PKCS#12', () => {
  it('makes it the tenant’s signer (audited): production signs with it, and refuses a wrong password', async () => {
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/C=ID/O=CA Uji/CN=CA Uji');
    run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'signer.key', '-out', 'signer.csr', '-subj', '/C=ID/O=Pemprov Sulsel/CN=Andi Penandatangan');
    run('x509', '-req', '-in', 'signer.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'signer.crt', '-days', '30');
    run('pkcs12', '-export', '-inkey', 'signer.key', '-in', 'signer.crt', '-certfile', 'ca.crt', '-out', 'signer.p12', '-passout', 'pass:rahasia');
    const p12 = fs.readFileSync(path.join(dir, 'signer.p12'));
    const ctx = await applicationTestContext(t, 'sulsel', { kind: 'system', id: 'cli' });
    const production = { ...deps.keys, production: true };
    await expect(importTenantSigningKey(ctx, { p12, password: 'salah' }, production)).rejects.toMatchObject({ code: 'documents.p12_unreadable', status: 400 });
    const imported = await importTenantSigningKey(ctx, { p12, password: 'rahasia' }, production);
    expect(imported).toMatchObject({ development: false });
    expect(imported.subject).toContain('CN=Andi Penandatangan');
    const doc = await issueDocument(ctx, { ...deps, keys: production }, {
      type: 'sertifikat', title: 'Sertifikat Uji', applicationId: null, trackingNumber: null, serviceId: null, serviceName: 'Uji',
      // The demo province has no agencies; the document keeps the issuing agency's id and name as issued.
      agencyId: '00000000-0000-4000-8000-000000000001',
      agencyName: 'Biro Uji', holderCitizenId: citizen.id, holderName: citizen.name, fields: [], validityDays: null,
    });
    const file = await deps.files.get(doc.storage_key!);
    const chunks: Buffer[] = [];
    for await (const chunk of file) chunks.push(chunk as Buffer);
    const out = pdfsig(Buffer.concat(chunks));
    expect(out).toContain('Signature Validation: Signature is Valid.');
    expect(out).toContain('Signer Certificate Common Name: Andi Penandatangan');
    const audit = await t.db.owner.selectFrom('audit_pending').select(['action']).where('subject', '=', `signing-key:${imported.keyId}`).execute();
    expect(audit.map((a) => a.action)).toEqual(['documents.signing_key_imported']);
  });
});

describe('an application closed as issued', () => {
  it('gets its signed document from the issuing job: in the applicant’s wallet, verifiable by its code', async () => {
    const workflow = checkThenClose('issued');
    const service = await publishWithSetup(t, { slug: 'makassar', agency: 'dpmptsp', code: 'nib', workflow, form: formWithOptionalUploads });
    const holder = await citizenWithProfile(t, 'makassar');
    const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
    const applied = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/applications', headers: json(holder.cookie), payload: { serviceId: service.serviceId, answers: answersFor(service.form) } });
    expect(applied.statusCode, applied.body).toBe(201);
    const id = applied.json().id as string;
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const current = (await t.app.inject({ url: `/t/makassar/api/v1/applications/${id}`, headers: json(verifier.cookie) })).json() as { version: number };
    const acted = await t.app.inject({ method: 'POST', url: `/t/makassar/api/v1/applications/${id}/actions`, headers: json(verifier.cookie), payload: { stepId: 'check', action: 'approve', expectedVersion: current.version } });
    expect(acted.statusCode, acted.body).toBe(200);

    // The closing queued the issuing job; the runner (as serve runs it) draws, signs and stores the PDF.
    const handlers = documentJobHandlers({ audit: t.audit, keys: deps.keys, files: deps.files, publicBaseUrl: 'http://localhost:3000', now: () => new Date() });
    const runner = createJobRunner(t.db.app, handlers, { log: { info: () => undefined, warn: () => undefined, error: () => undefined } as never, kinds: [ISSUE_JOB] });
    while (await runner.runOnce());

    const wallet = await t.app.inject({ url: '/t/makassar/api/v1/me/documents', headers: json(holder.cookie) });
    expect(wallet.statusCode, wallet.body).toBe(200);
    const items = wallet.json().items as { id: string; code: string; status: string }[];
    expect(items).toHaveLength(1);
    const pdf = await t.app.inject({ url: `/t/makassar/dokumen/${items[0]!.id}/unduh`, headers: { cookie: holder.cookie } });
    expect(pdfsig(pdf.rawPayload)).toContain('Signature is Valid');
    const verified = await t.app.inject({ url: verifyUrl(items[0]!.code) });
    expect(verified.json()).toMatchObject({ status: 'valid' });
  });
});
