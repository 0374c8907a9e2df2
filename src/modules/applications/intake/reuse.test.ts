// Documents handed in before, on the apply pages (HTTP, real database): a file field offers the
// citizen's own earlier documents that passed the scan and that it takes (types, size) — never another
// citizen's, an upload never handed in, or a type the field refuses; choosing one counts like an
// upload (the field's maxFiles), the check page lists it and the application carries it. An id posted
// by hand that is not the citizen's own is the field's error, and nothing is added.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersFor, citizenWithProfile, pdf, type PublishedService, publishWithSetup, runFileScans, type TestCitizen, uploadTo } from '../../../../test/applications.js';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { postMultipartForm, postUrlencodedForm } from '../../../../test/forms.js';
import type { FormDefinition } from '../index.js';
import { presetVerifyApproveIssue } from '../workflow/index.js';

const M = '/t/makassar';
let t: TestApp;
let dir: string;
let first: PublishedService;
let second: PublishedService;
let citizen: TestCitizen;
let other: TestCitizen;
/** The citizen's three documents handed in with the first application (all PDF). */
let handedIn: string[] = [];
let notHandedIn = '';
let othersFile = '';

/** A KTP (one file, PDF or JPEG), attachments (PDF, `attachments` files at most), a photo (PNG only). */
const formWith = (attachments: number) => (requirements: string[]): FormDefinition => ({
  groups: [
    {
      id: 'dokumen',
      title: { id: 'Dokumen', en: 'Documents' },
      fields: [
        { id: 'ktp', type: 'file', label: { id: 'Pindaian KTP', en: 'ID card scan' }, required: true, accept: ['application/pdf', 'image/jpeg'], maxFiles: 1 },
        { id: 'lampiran', type: 'file', label: { id: 'Lampiran', en: 'Attachments' }, required: false, accept: ['application/pdf'], maxFiles: attachments },
        { id: 'foto', type: 'file', label: { id: 'Pas foto', en: 'Photo' }, required: false, accept: ['image/png'], maxFiles: 1 },
        { id: 'declaration', type: 'checkbox', label: { id: 'Data saya benar', en: 'My data is true' }, required: true },
      ],
    },
  ],
  requirements: requirements.map((requirement) => ({ requirement, fields: ['ktp'] })),
});

const json = (cookie: string) => ({ 'content-type': 'application/json', cookie });
const get = (url: string, cookie: string) => t.app.inject({ url: `${M}${url}`, headers: { accept: 'text/html', cookie } });
const page = () => `/permohonan/ajukan/${second.serviceId}/isian/dokumen`;
const send = (who: TestCitizen, fields: Record<string, string>) => postMultipartForm(t, `${M}${page()}`, fields, [], who.cookie);

async function handIn(who: TestCitizen, service: PublishedService, lampiran: number): Promise<string[]> {
  const upload = async (fieldId: string, filename: string, size: number) => {
    const res = await uploadTo(t, 'makassar', who, service.serviceId, fieldId, [{ filename, data: pdf(size) }]);
    const { fileId, name, mime } = res.json().items[0];
    return { fileId, name, mime, size };
  };
  const ktp = [await upload('ktp', 'scan.pdf', 2000)];
  const attachments = [];
  for (let i = 1; i <= lampiran; i++) attachments.push(await upload('lampiran', `lampiran-${i}.pdf`, 3000 + i));
  // The photo (PNG only) stays unanswered.
  const answers = { ...answersFor(service.form, { ktp, lampiran: attachments }), foto: undefined };
  const res = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: json(who.cookie), payload: { serviceId: service.serviceId, answers } });
  if (res.statusCode !== 201) throw new Error(`submit: ${res.statusCode} ${res.body}`);
  return [...ktp, ...attachments].map((f) => f.fileId);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-app-reuse-'));
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000', FILES_DIR: dir });
  first = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyApproveIssue(), form: formWith(3) });
  second = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kematian', workflow: presetVerifyApproveIssue(), form: formWith(2) });
  citizen = await citizenWithProfile(t, 'makassar');
  other = await citizenWithProfile(t, 'makassar');
  handedIn = await handIn(citizen, first, 2);
  othersFile = (await handIn(other, first, 1))[0]!;
  notHandedIn = (await uploadTo(t, 'makassar', citizen, first.serviceId, 'ktp')).json().items[0].fileId;
  await runFileScans(t, dir);
  const started = await postUrlencodedForm(t, `${M}/permohonan/ajukan/${second.serviceId}`, {}, citizen.cookie);
  expect(started.statusCode).toBe(303);
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('documents handed in before, on a file field’s page', () => {
  it('offers only the citizen’s own clean documents of a type and size the field takes', async () => {
    const res = await get(page(), citizen.cookie);
    expect(res.statusCode).toBe(200);
    // A field of one file: radios; a field of several: checkboxes; each opens the citizen's own copy.
    for (const id of handedIn) {
      expect(res.body).toContain(`name="ktp.reuse" value="${id}"`);
      expect(res.body).toContain(`name="lampiran.reuse.${id}" value="true"`);
      expect(res.body).toContain(`href="${M}/api/v1/me/application-files/${id}"`);
    }
    expect(res.body).toContain('Gunakan dokumen ini: scan.pdf');
    expect(res.body).toMatch(/diserahkan \d{1,2} \S+ \d{4} untuk Penerbitan Akta Kelahiran/);
    expect(res.body).not.toContain('name="foto.reuse'); // the photo takes PNG only
    expect(res.body).not.toContain(othersFile);
    expect(res.body).not.toContain(notHandedIn);
    const own = await t.app.inject({ url: `${M}/api/v1/me/application-files/${handedIn[0]}`, headers: { cookie: citizen.cookie } });
    expect(own.statusCode).toBe(200);
  });

  it('refuses another citizen’s document posted by hand with the field’s error, adding nothing', async () => {
    const forged: Record<string, string>[] = [{ 'ktp.reuse': othersFile }, { 'ktp.reuse': notHandedIn }, { [`lampiran.reuse.${othersFile}`]: 'true' }];
    for (const fields of forged) {
      const res = await send(citizen, { ...fields, declaration: 'true' });
      expect(res.statusCode, JSON.stringify(fields)).toBe(400);
      expect(res.body).toContain('class="error-summary"');
      expect(res.body).toMatch(/href="#f-(ktp|lampiran)"/);
      expect(res.body).toContain('Berkas tidak dikenal');
    }
    const draft = await t.app.inject({ url: `${M}/api/v1/me/application-drafts/${second.serviceId}`, headers: { cookie: citizen.cookie } });
    expect(draft.json().answers.ktp).toBeUndefined();
    expect(draft.json().answers.lampiran).toBeUndefined();
  });

  it('counts chosen documents like uploads: no more than the field’s maxFiles', async () => {
    const three = Object.fromEntries(handedIn.map((id) => [`lampiran.reuse.${id}`, 'true']));
    const tooMany = await send(citizen, { ...three, declaration: 'true' });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toContain('Pilih paling banyak 2 berkas');
    const two = await send(citizen, { [`lampiran.reuse.${handedIn[1]}`]: 'true', [`lampiran.reuse.${handedIn[2]}`]: 'true', 'ktp.reuse': handedIn[0]!, declaration: 'true' });
    expect(two.statusCode).toBe(303);
    // Full: the attachments offer no more, and one more chosen by hand is refused.
    const full = await get(page(), citizen.cookie);
    expect(full.body).not.toContain('name="lampiran.reuse.');
    expect((await send(citizen, { [`lampiran.reuse.${handedIn[0]}`]: 'true', declaration: 'true' })).statusCode).toBe(400);
  });

  it('lists the chosen documents on the check page and submits them with the application', async () => {
    const check = await get(`/permohonan/ajukan/${second.serviceId}/periksa`, citizen.cookie);
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('scan.pdf');
    expect(check.body).toContain('lampiran-2.pdf');
    const key = /name="_key" value="([^"]+)"/.exec(check.body)![1]!;
    const submitted = await postUrlencodedForm(t, `${M}/permohonan/ajukan/${second.serviceId}/kirim`, { _key: key }, citizen.cookie, `${M}/permohonan/ajukan/${second.serviceId}/periksa`);
    expect(submitted.statusCode).toBe(303);
    const id = /\/permohonan\/([0-9a-f-]{36})\?terkirim=1/.exec(String(submitted.headers.location))![1]!;
    const application = await t.app.inject({ url: `${M}/api/v1/applications/${id}`, headers: { cookie: citizen.cookie } });
    expect(application.statusCode).toBe(200);
    expect(JSON.stringify(application.json())).toContain(handedIn[0]);
    expect(JSON.stringify(application.json())).toContain(handedIn[2]);
  });
});
