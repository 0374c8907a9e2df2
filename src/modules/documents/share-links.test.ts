// Share links on a real PostgreSQL: the holder's API (create, list, revoke; audited; only the token's
// hash stored), who is refused (another citizen, an officer, the signed out, another tenant), the
// wallet's forms (the link shown once), and the link's public page and download until it expires, is
// revoked, or its document is revoked — then a page that says which.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app.js';
import { applicationTestContext, citizenWithProfile, type TestCitizen } from '../../../test/applications.js';
import { signInAs } from '../../../test/auth.js';
import { documentTestDeps, issueTestDocument, type IssueDeps } from '../../../test/documents.js';
import { postUrlencodedForm } from '../../../test/forms.js';
import { revokeDocument } from './service.js';
import { createDocumentShareLink } from './share-links.js';
import type { DocumentRow } from './store.js';

let t: TestApp;
let dir: string;
let deps: IssueDeps;
let holder: TestCitizen;
let doc: DocumentRow;

const json = (cookie?: string) => ({ ...(cookie ? { cookie } : {}), 'content-type': 'application/json' });
const create = (documentId: string, cookie: string | undefined, days: unknown = 7, slug = 'makassar') =>
  t.app.inject({ method: 'POST', url: `/t/${slug}/api/v1/me/documents/${documentId}/share-links`, headers: json(cookie), payload: { days } });

beforeAll(async () => {
  ({ dir, deps } = documentTestDeps());
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000', FILES_DIR: dir });
  holder = await citizenWithProfile(t, 'makassar');
  doc = await issueTestDocument(t, deps, 'makassar', holder);
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the holder’s share links API', () => {
  it('creates a link (201, the token once, only its hash stored, audited), lists and revokes it', async () => {
    const made = await create(doc.id, holder.cookie, 30);
    expect(made.statusCode, made.body).toBe(201);
    const link = made.json();
    expect(link).toMatchObject({ documentId: doc.id, number: doc.number, state: 'active', revokedAt: null });
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(link.path).toBe(`/dokumen/bagikan/${link.token}`);
    expect(Date.parse(link.expiresAt) - Date.parse(link.createdAt)).toBe(30 * 86_400_000);
    const stored = await t.db.owner.selectFrom('document_share_links').select(['token_sha256']).where('id', '=', link.id).executeTakeFirstOrThrow();
    expect(stored.token_sha256).toBe(createHash('sha256').update(link.token).digest('hex'));

    const listed = await t.app.inject({ url: '/t/makassar/api/v1/me/document-share-links', headers: json(holder.cookie) });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items[0]).toMatchObject({ id: link.id, state: 'active' });
    expect(JSON.stringify(listed.json())).not.toContain(link.token);

    const revoked = await t.app.inject({ method: 'POST', url: `/t/makassar/api/v1/me/document-share-links/${link.id}/revoke`, headers: { cookie: holder.cookie } });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ id: link.id, state: 'revoked' });
    const again = await t.app.inject({ method: 'POST', url: `/t/makassar/api/v1/me/document-share-links/${link.id}/revoke`, headers: { cookie: holder.cookie } });
    expect(again.json().state).toBe('revoked');

    const audit = await t.db.owner.selectFrom('audit_pending').select(['action']).where('subject', '=', `document:${doc.id}`).where('action', 'like', 'documents.share_link_%').execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['documents.share_link_created', 'documents.share_link_revoked']);
  });

  it('refuses another citizen, an officer, the signed out and another tenant; a bad duration is a 400', async () => {
    const stranger = await citizenWithProfile(t, 'makassar');
    expect((await create(doc.id, stranger.cookie)).statusCode).toBe(404);
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect((await create(doc.id, officer.cookie)).statusCode).toBe(403);
    expect([401, 403]).toContain((await create(doc.id, undefined)).statusCode);
    // The same person at another tenant: the document is not that tenant's.
    expect((await create(doc.id, holder.cookie, 7, 'jateng')).statusCode).toBe(404);
    const bad = await create(doc.id, holder.cookie, 3);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');

    const link = (await create(doc.id, holder.cookie)).json();
    const revoke = (cookie: string, slug = 'makassar') => t.app.inject({ method: 'POST', url: `/t/${slug}/api/v1/me/document-share-links/${link.id}/revoke`, headers: { cookie } });
    expect((await revoke(stranger.cookie)).statusCode).toBe(404);
    expect((await revoke(officer.cookie)).statusCode).toBe(403);
    expect((await revoke(holder.cookie, 'jateng')).statusCode).toBe(404);
    const theirs = await t.app.inject({ url: '/t/makassar/api/v1/me/document-share-links', headers: json(stranger.cookie) });
    expect(theirs.json().items).toEqual([]);
    // Still open: nobody but the holder could end it.
    expect((await t.app.inject({ url: `/t/makassar${link.path}` })).statusCode).toBe(200);
  });
});

describe('a share link’s page', () => {
  it('shows the facts and the download to a stranger, then stops when the holder revokes it (410)', async () => {
    const link = (await create(doc.id, holder.cookie, 1)).json();
    const page = await t.app.inject({ url: `/t/makassar${link.path}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(doc.number);
    expect(page.body).not.toContain(holder.name);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const file = await t.app.inject({ url: `/t/makassar${link.path}/unduh` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(doc.sha256);
    // Another tenant's address does not know the link.
    expect((await t.app.inject({ url: `/t/jateng${link.path}` })).statusCode).toBe(404);

    await t.app.inject({ method: 'POST', url: `/t/makassar/api/v1/me/document-share-links/${link.id}/revoke`, headers: { cookie: holder.cookie } });
    const gone = await t.app.inject({ url: `/t/makassar${link.path}` });
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('Pemegang dokumen telah mencabut tautan berbagi ini.');
    expect(gone.body).not.toContain(doc.number);
    expect((await t.app.inject({ url: `/t/makassar${link.path}/unduh` })).statusCode).toBe(410);
  });

  it('stops when it expires, and when its document is revoked; an unknown or malformed token is a 404', async () => {
    const ctx = { ...(await applicationTestContext(t, 'makassar', { kind: 'citizen', id: holder.id }, () => new Date(Date.now() - 2 * 86_400_000))) };
    const old = await createDocumentShareLink(ctx, { documentId: doc.id, days: 1 });
    const expired = await t.app.inject({ url: `/t/makassar${old.path}` });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('sudah habis masa berlakunya');

    const other = await issueTestDocument(t, deps, 'makassar', holder);
    const link = (await create(other.id, holder.cookie, 30)).json();
    expect((await t.app.inject({ url: `/t/makassar${link.path}` })).statusCode).toBe(200);
    await revokeDocument(await applicationTestContext(t, 'makassar', { kind: 'officer', id: 'test' }), { code: other.code, reason: 'Dicabut untuk uji' });
    const revoked = await t.app.inject({ url: `/t/makassar${link.path}` });
    expect(revoked.statusCode).toBe(410);
    expect(revoked.body).toContain('Dokumen ini telah dicabut oleh penerbitnya');
    expect((await t.app.inject({ url: `/t/makassar${link.path}/unduh` })).statusCode).toBe(410);
    // A revoked document cannot be shared any more.
    expect((await create(other.id, holder.cookie)).statusCode).toBe(409);

    expect((await t.app.inject({ url: `/t/makassar/dokumen/bagikan/${'A'.repeat(22)}` })).statusCode).toBe(404);
    const malformed = await t.app.inject({ url: '/t/makassar/dokumen/bagikan/%27%3B--' });
    expect(malformed.statusCode).toBe(404);
    expect(malformed.body).toContain('Tautan berbagi ini tidak dikenal.');
  });
});

describe('share links in the wallet', () => {
  it('makes a link with the form and shows it once; a bad duration is shown beside the form; revokes with a button', async () => {
    const fresh = await citizenWithProfile(t, 'makassar');
    const mine = await issueTestDocument(t, deps, 'makassar', fresh);
    const wallet = '/t/makassar/dokumen';
    const bad = await postUrlencodedForm(t, `${wallet}/${mine.id}/bagikan`, { days: '5' }, fresh.cookie, wallet);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Pilih masa berlaku tautan: 1, 7 atau 30 hari.');

    const made = await postUrlencodedForm(t, `${wallet}/${mine.id}/bagikan`, { days: '7' }, fresh.cookie, wallet);
    expect(made.statusCode).toBe(303);
    expect(String(made.headers.location)).toBe(`${wallet}#share-created`);
    const set = ([] as string[]).concat(made.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const shown = await t.app.inject({ url: wallet, headers: { cookie: [fresh.cookie, ...set].join('; ') } });
    const url = /id="share-url" type="text" readonly="" value="([^"]+)"/i.exec(shown.body)?.[1] ?? /value="(http[^"]+\/dokumen\/bagikan\/[^"]+)"/.exec(shown.body)?.[1];
    expect(url).toBeDefined();
    const path = new URL(url!).pathname;
    expect((await t.app.inject({ url: path })).statusCode).toBe(200);
    const reload = await t.app.inject({ url: wallet, headers: { cookie: fresh.cookie } });
    expect(reload.body).not.toContain(path);
    expect(reload.body).toContain('Aktif');

    const linkId = /\/dokumen\/tautan\/([0-9a-f-]{36})\/cabut/.exec(reload.body)?.[1];
    expect(linkId).toBeDefined();
    // Another citizen cannot revoke it through the form either.
    const stranger = await citizenWithProfile(t, 'makassar');
    expect((await postUrlencodedForm(t, `${wallet}/tautan/${linkId}/cabut`, {}, stranger.cookie, wallet)).statusCode).toBe(404);
    expect((await postUrlencodedForm(t, `${wallet}/${mine.id}/bagikan`, { days: '7' }, stranger.cookie, wallet)).statusCode).toBe(404);
    const revoked = await postUrlencodedForm(t, `${wallet}/tautan/${linkId}/cabut`, {}, fresh.cookie, wallet);
    expect(revoked.statusCode).toBe(303);
    expect((await t.app.inject({ url: path })).statusCode).toBe(410);
  });
});
