// Attachments through the API on a real database: a citizen uploads to a file field of a service's form
// (the field's limits while streaming: 413 for too large, 415 for a wrong real type, the count), names
// the files in the answers (only their own; the server says what a file is), and the files are
// quarantined: an officer cannot open one before the scan passed it (409), an infected one is gone
// (410); downloads are attachments for the applicant and the officers handling the application only;
// a document handed in once is reused in a later form.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersFor, citizenWithProfile, pdf, type PublishedService, publishWithSetup, runFileScans, type TestCitizen, uploadsFor, uploadTo } from '../../../test/applications.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { signInAs } from '../../../test/auth.js';
import type { FormDefinition } from './index.js';
import { presetVerifyApproveIssue } from './workflow/index.js';

let t: TestApp;
let dir: string;
let service: PublishedService;
let citizen: TestCitizen;
let other: TestCitizen;
const officers: Record<string, string> = {};
const M = '/t/makassar';
const json = (cookie: string) => ({ 'content-type': 'application/json', cookie });

/** One upload field (KTP scan: PDF or JPEG, at most 100 KB, 2 files) and the declaration. */
const form = (requirements: string[]): FormDefinition => ({
  groups: [
    {
      id: 'dokumen',
      title: { id: 'Dokumen', en: 'Documents' },
      fields: [
        { id: 'ktp', type: 'file', label: { id: 'Pindaian KTP', en: 'ID card scan' }, required: true, accept: ['application/pdf', 'image/jpeg'], maxBytes: 100 * 1024, maxFiles: 2 },
        { id: 'declaration', type: 'checkbox', label: { id: 'Saya menyatakan data benar', en: 'I declare the data true' }, required: true },
      ],
    },
  ],
  requirements: requirements.map((requirement) => ({ requirement, fields: ['ktp'] })),
});

const runScans = () => runFileScans(t, dir);

async function submit(who: TestCitizen, answers: unknown) {
  return t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: json(who.cookie), payload: { serviceId: service.serviceId, answers } });
}
const download = (id: string, fileId: string, cookie: string) => t.app.inject({ url: `${M}/api/v1/applications/${id}/files/${fileId}`, headers: { cookie } });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-app-files-'));
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000', FILES_DIR: dir });
  service = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyApproveIssue(), form });
  citizen = await citizenWithProfile(t, 'makassar');
  other = await citizenWithProfile(t, 'makassar');
  officers.verifier = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'disdukcapil' }] })).cookie;
  officers.dinkes = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dinkes' }] })).cookie;
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('uploading to a file field', () => {
  it('takes files within the field’s limits, quarantined, and refuses the rest by their real content', async () => {
    const ok = await uploadTo(t, 'makassar', citizen, service.serviceId, 'ktp', [{ filename: 'C:\\scan\\KTP saya.PDF', data: pdf(4000) }]);
    expect(ok.statusCode).toBe(201);
    expect(ok.json().items).toEqual([{ fileId: expect.any(String), name: 'KTP saya.pdf', mime: 'application/pdf', size: 4000, state: 'pending', uploadedAt: expect.any(String) }]);

    const tooLarge = await uploadTo(t, 'makassar', citizen, service.serviceId, 'ktp', [{ filename: 'besar.pdf', data: pdf(300 * 1024) }]);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ code: 'file.too_large', errors: [{ field: '/ktp' }] });

    const script = Buffer.from('<html><script>alert(1)</script></html>'.padEnd(2000, ' '));
    const wrongType = await uploadTo(t, 'makassar', citizen, service.serviceId, 'ktp', [{ filename: 'ktp.pdf', data: script }]);
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json().code).toBe('file.type_not_accepted');
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(2000)]);
    expect((await uploadTo(t, 'makassar', citizen, service.serviceId, 'ktp', [{ filename: 'ktp.png', data: png, type: 'image/png' }])).statusCode).toBe(415);

    const three = [1, 2, 3].map((i) => ({ filename: `ktp-${i}.pdf`, data: pdf() }));
    const tooMany = await uploadTo(t, 'makassar', citizen, service.serviceId, 'ktp', three);
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0]).toMatchObject({ field: '/ktp', code: 'files_count' });

    expect((await uploadTo(t, 'makassar', citizen, service.serviceId, 'declaration')).statusCode).toBe(404);
    const notMultipart = await t.app.inject({
      method: 'POST',
      url: `${M}/api/v1/me/application-drafts/${service.serviceId}/files/ktp`,
      headers: json(citizen.cookie),
      payload: { file: 'x' },
    });
    expect(notMultipart.statusCode).toBe(415);
  });

  it('is the citizen’s own: refused without a sign-in, to an officer, without the CSRF token, and in another tenant', async () => {
    // In another tenant the citizen is signed in too (one account for the installation), and this
    // tenant's service is unknown there: 404, nothing stored.
    expect((await uploadTo(t, 'makassar', { cookie: '', csrf: '' }, service.serviceId, 'ktp')).statusCode).toBe(401);
    expect((await uploadTo(t, 'makassar', { cookie: officers.verifier!, csrf: 'x' }, service.serviceId, 'ktp')).statusCode).toBe(403);
    expect((await uploadTo(t, 'makassar', { cookie: citizen.cookie, csrf: 'wrong' }, service.serviceId, 'ktp')).statusCode).toBe(403);
    expect((await uploadTo(t, 'jateng', citizen, service.serviceId, 'ktp')).statusCode).toBe(404);
  });
});

describe('files in the answers', () => {
  it('count only as the applicant’s own uploads, described by the server, not by the client', async () => {
    const mine = await uploadsFor(t, 'makassar', citizen, service);
    const theirs = await uploadsFor(t, 'makassar', other, service);
    const stolen = await submit(citizen, answersFor(service.form, theirs));
    expect(stolen.statusCode).toBe(422);
    expect(stolen.json().errors).toEqual([expect.objectContaining({ field: '/answers/ktp', code: 'file' })]);
    // Only the id counts: a claimed name, type and size are replaced by what was received.
    const [file] = mine.ktp!;
    const res = await submit(citizen, { ...answersFor(service.form, mine), ktp: [{ fileId: file!.fileId, name: 'lain.exe', mime: 'application/pdf', size: 1 }] });
    expect(res.statusCode).toBe(201);
    const detail = (await t.app.inject({ url: `${M}/api/v1/applications/${res.json().id}`, headers: { cookie: citizen.cookie } })).json();
    expect(detail.files).toEqual([{ round: 0, fieldId: 'ktp', fileId: file!.fileId, name: file!.name, mime: 'application/pdf', size: file!.size, state: 'pending' }]);
    // A bare id, as a form without JavaScript sends it.
    expect((await submit(citizen, { ...answersFor(service.form, mine), ktp: file!.fileId })).statusCode).toBe(201);
  });
});

describe('downloads', () => {
  let id: string;
  let fileId: string;
  beforeAll(async () => {
    const uploads = await uploadsFor(t, 'makassar', citizen, service);
    fileId = uploads.ktp![0]!.fileId;
    id = (await submit(citizen, answersFor(service.form, uploads))).json().id;
  });

  it('wait for the scan (409), then come as attachments to the applicant and the agency’s officers only', async () => {
    const early = await download(id, fileId, officers.verifier!);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('file.pending');
    await runScans();
    const officer = await download(id, fileId, officers.verifier!);
    expect(officer.statusCode).toBe(200);
    expect(officer.headers).toMatchObject({ 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store' });
    expect(officer.headers['content-disposition']).toMatch(/^attachment; filename="scan.pdf"/);
    expect(officer.rawPayload.subarray(0, 8).toString()).toBe('%PDF-1.7');
    expect((await download(id, fileId, citizen.cookie)).statusCode).toBe(200);
    expect((await t.app.inject({ url: `${M}/api/v1/applications/${id}`, headers: { cookie: officers.verifier! } })).json().files[0].state).toBe('clean');
    // Not for another citizen, another agency, another tenant, or anyone signed out.
    expect((await download(id, fileId, other.cookie)).statusCode).toBe(404);
    expect((await download(id, fileId, officers.dinkes!)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/t/jateng/api/v1/applications/${id}/files/${fileId}`, headers: { cookie: officers.verifier! } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `${M}/api/v1/applications/${id}/files/${fileId}` })).statusCode).toBe(401);
    // A file that is not this application's.
    const stray = (await uploadsFor(t, 'makassar', citizen, service)).ktp![0]!.fileId;
    expect((await download(id, stray, officers.verifier!)).statusCode).toBe(404);
  });

  it('of an infected file are gone (410), and it cannot be named in answers', async () => {
    const up = await uploadTo(t, 'makassar', citizen, service.serviceId, 'ktp', [{ filename: 'ktp.pdf', data: pdf(3000, 'GERBANG-TEST-MALWARE') }]);
    const bad = up.json().items[0];
    const accepted = await submit(citizen, { ...answersFor(service.form, {}), ktp: [bad.fileId] });
    expect(accepted.statusCode).toBe(201); // still pending: accepted, unopenable until scanned
    await runScans();
    expect((await download(accepted.json().id, bad.fileId, officers.verifier!)).statusCode).toBe(410);
    expect((await t.app.inject({ url: `${M}/api/v1/me/application-files/${bad.fileId}`, headers: { cookie: citizen.cookie } })).statusCode).toBe(410);
    const again = await submit(citizen, { ...answersFor(service.form, {}), ktp: [bad.fileId] });
    expect(again.statusCode).toBe(422);
    expect(again.json().errors[0]).toMatchObject({ field: '/answers/ktp', code: 'file_infected' });
  });
});

describe('documents handed in before', () => {
  it('are listed once scanned and can be named again instead of uploading', async () => {
    const listed = await t.app.inject({ url: `${M}/api/v1/me/application-files`, headers: { cookie: citizen.cookie } });
    expect(listed.statusCode).toBe(200);
    const items = listed.json().items as { fileId: string; state: string; fieldId: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.state === 'clean' && i.fieldId === 'ktp')).toBe(true);
    const reused = await submit(citizen, { ...answersFor(service.form, {}), ktp: [items[0]!.fileId] });
    expect(reused.statusCode).toBe(201);
    const own = await t.app.inject({ url: `${M}/api/v1/me/application-files/${items[0]!.fileId}`, headers: { cookie: citizen.cookie } });
    expect(own.statusCode).toBe(200);
    expect((await t.app.inject({ url: `${M}/api/v1/me/application-files/${items[0]!.fileId}`, headers: { cookie: other.cookie } })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${M}/api/v1/me/application-files`, headers: { cookie: other.cookie } })).json().items).toEqual([]);
  });
});
