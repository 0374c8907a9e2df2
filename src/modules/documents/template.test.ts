// A service version's output document on a real PostgreSQL: publication refuses a template printing a
// field the form lacks; an application of a version with a template gets a document drawn from it
// (pdftotext reads its title, printed answers, signer's position and expiry) whose QR code decodes to
// the verification URL (pdftoppm + jsQR); the preview is drawn with sample values, watermarked and
// unsigned, for the service's administrators only.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQRModule from 'jsqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_APP_SECRET, type TestApp } from '../../../test/app.js';
import { answersFor, applicationTestContext, citizenWithProfile, publishWithSetup } from '../../../test/applications.js';
import { signInAs } from '../../../test/auth.js';
import { formWithOptionalUploads } from '../../../test/payments.js';
import type { DomainError } from '../../platform/errors.js';
import { createLocalFileStore } from '../../platform/files/index.js';
import { createJobRunner } from '../../platform/jobs/index.js';
import { formFromRequirements, type FormDefinition } from '../applications/index.js';
import { type DocumentTemplate, getServiceDraft, listAgencyServices, updateDraft } from '../catalog/index.js';
import { listAgencies } from '../tenancy/index.js';
import { documentJobHandlers, ISSUE_JOB, signingKeyDeps } from './module.js';
import { verificationUrl } from './service.js';
import { checkThenClose } from '../../../test/documents.js';

// jsqr is CommonJS with `exports.default`: the function is on .default under Node's ESM interop.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

let t: TestApp;
let dir: string;

const workflow = checkThenClose('issued');

/** The demo service's form with the two answers a permit prints: a business name and its scale (a choice). */
function businessForm(requirements: string[]): FormDefinition {
  const base = formWithOptionalUploads(requirements);
  const business = formFromRequirements([], [
    {
      id: 'usaha',
      title: { id: 'Data usaha', en: 'Business' },
      fields: [
        { id: 'nama_usaha', type: 'text', label: { id: 'Nama usaha', en: 'Business name' }, required: true },
        { id: 'skala', type: 'select', label: { id: 'Skala usaha', en: 'Scale' }, required: true, options: [{ value: 'mikro', label: { id: 'Usaha mikro', en: 'Micro' } }, { value: 'kecil', label: { id: 'Usaha kecil', en: 'Small' } }] },
      ],
    },
  ]).groups[0]!;
  return { ...base, groups: [business, ...base.groups] };
}

const template: DocumentTemplate = {
  kind: 'sertifikat_standar',
  title: { id: 'Sertifikat Standar Usaha Mikro', en: 'Micro Business Standard Certificate' },
  fields: [
    { field: 'nama_usaha', label: { id: 'Nama usaha', en: 'Business name' } },
    { field: 'skala', label: { id: 'Skala usaha', en: 'Scale' } },
  ],
  validityMonths: 24,
  signerPosition: 'Kepala Dinas Penanaman Modal',
};

async function setTemplate(slug: string, agency: string, code: string, tpl: DocumentTemplate | null): Promise<string> {
  const ctx = await applicationTestContext(t, slug, { kind: 'officer', id: '00000000-0000-4000-8000-000000000001' });
  const agencyId = (await listAgencies(t.db.app, ctx.tenant)).find((a) => a.code === agency)!.id;
  const service = (await listAgencyServices(ctx, agencyId)).find((s) => s.code === code)!;
  const row = await getServiceDraft(ctx, service.id);
  await updateDraft(ctx, service.id, { ...row.draft, documentTemplate: tpl });
  return service.id;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' });
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? '') + String((error as { stderr?: string }).stderr ?? '');
  }
}

function write(bytes: Buffer, name: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** The first page rendered by pdftoppm (binary PPM, parsed here) and the QR code jsQR finds on it. */
function decodeQr(pdfFile: string): string | null {
  const prefix = path.join(dir, `page-${Math.random().toString(36).slice(2)}`);
  execFileSync('pdftoppm', ['-r', '150', '-f', '1', '-l', '1', '-singlefile', pdfFile, prefix]);
  const ppm = fs.readFileSync(`${prefix}.ppm`);
  // "P6\n<width> <height>\n<max>\n" then RGB bytes.
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 50).toString('latin1'));
  if (!header) throw new Error('not a binary PPM');
  const [whole, w, h] = header;
  const width = Number(w);
  const height = Number(h);
  const rgb = ppm.subarray(whole.length);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    rgba[i * 4] = rgb[j]!;
    rgba[i * 4 + 1] = rgb[j + 1]!;
    rgba[i * 4 + 2] = rgb[j + 2]!;
    rgba[i * 4 + 3] = 255;
  }
  return jsQR(rgba, width, height)?.data ?? null;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-templates-'));
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000', FILES_DIR: dir });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('publishing a template', () => {
  it('refuses a printed field the form lacks, naming it in Bahasa Indonesia, and a malformed one at saving', async () => {
    await setTemplate('makassar', 'disdukcapil', 'akta-kelahiran', { ...template, fields: [{ field: 'nomor_kapal', label: { id: 'Nomor kapal' } }] });
    const refused = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow, form: formWithOptionalUploads }).catch((e: DomainError) => e);
    expect(refused).toMatchObject({ status: 422 });
    const errors = (refused as DomainError).fieldErrors;
    expect(errors).toContainEqual(expect.objectContaining({ field: '/documentTemplate/fields/0/field', messageKey: 'app.setup.template_field', vars: { field: 'nomor_kapal' } }));

    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'disdukcapil' }] });
    const id = await setTemplate('makassar', 'disdukcapil', 'akta-kelahiran', null);
    const current = (await t.app.inject({ url: `/t/makassar/api/v1/admin/services/${id}`, headers: { cookie: admin.cookie } })).json();
    const bad = await t.app.inject({
      method: 'PUT',
      url: `/t/makassar/api/v1/admin/services/${id}/draft`,
      headers: { cookie: admin.cookie, 'content-type': 'application/json', 'accept-language': 'id' },
      payload: { ...current.draft, documentTemplate: { ...template, fields: [{ field: 'Nama Usaha!', label: { id: 'Nama usaha' } }] } },
    });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.body).toContain('Kode isian \\"Nama Usaha!\\" tidak valid');
  });
});

describe('a document drawn from its version’s template', () => {
  let pdfFile: string;
  let code: string;
  let validUntil: string;

  beforeAll(async () => {
    await setTemplate('makassar', 'dpmptsp', 'nib', template);
    const service = await publishWithSetup(t, { slug: 'makassar', agency: 'dpmptsp', code: 'nib', workflow, form: businessForm });
    const holder = await citizenWithProfile(t, 'makassar');
    const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });
    const answers = { ...answersFor(service.form), nama_usaha: 'Warung Coto Daeng', skala: 'kecil' };
    const applied = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/applications', headers: json(holder.cookie), payload: { serviceId: service.serviceId, answers } });
    expect(applied.statusCode, applied.body).toBe(201);
    const id = applied.json().id as string;
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const current = (await t.app.inject({ url: `/t/makassar/api/v1/applications/${id}`, headers: json(verifier.cookie) })).json() as { version: number };
    const acted = await t.app.inject({ method: 'POST', url: `/t/makassar/api/v1/applications/${id}/actions`, headers: json(verifier.cookie), payload: { stepId: 'check', action: 'approve', expectedVersion: current.version } });
    expect(acted.statusCode, acted.body).toBe(200);
    const files = createLocalFileStore(dir);
    const handlers = documentJobHandlers({ audit: t.audit, keys: signingKeyDeps({ env: 'development' } as never, TEST_APP_SECRET), files, publicBaseUrl: 'http://localhost:3000', now: () => new Date() });
    const runner = createJobRunner(t.db.app, handlers, { log: { info: () => undefined, warn: () => undefined, error: () => undefined } as never, kinds: [ISSUE_JOB] });
    while (await runner.runOnce());
    const wallet = (await t.app.inject({ url: '/t/makassar/api/v1/me/documents', headers: json(holder.cookie) })).json().items as { id: string; code: string; type: string; title: string; validUntil: string }[];
    expect(wallet).toHaveLength(1);
    expect(wallet[0]).toMatchObject({ type: 'sertifikat_standar', title: 'Sertifikat Standar Usaha Mikro' });
    code = wallet[0]!.code;
    validUntil = wallet[0]!.validUntil;
    const pdf = await t.app.inject({ url: `/t/makassar/dokumen/${wallet[0]!.id}/unduh`, headers: { cookie: holder.cookie } });
    pdfFile = write(pdf.rawPayload, 'issued.pdf');
  });

  it('prints the template’s title, answers (a choice by its label), signer’s position and expiry, signed', () => {
    const text = run('pdftotext', ['-layout', pdfFile, '-']);
    expect(text).toContain('SERTIFIKAT STANDAR USAHA MIKRO');
    expect(text).toMatch(/Nama usaha: Warung Coto Daeng/);
    expect(text).toMatch(/Skala usaha: Usaha kecil/);
    expect(text).toContain('Kepala Dinas Penanaman Modal');
    expect(text).toContain(`Berlaku sampai: ${validUntil.slice(0, 10)}`);
    // 24 calendar months after today.
    const expected = new Date();
    expect(Number(validUntil.slice(0, 4))).toBe(expected.getUTCFullYear() + 2);
    expect(run('pdfsig', ['-nocert', pdfFile])).toContain('Signature is Valid');
  });

  it('carries a QR code that decodes to the verification URL', () => {
    expect(decodeQr(pdfFile)).toBe(verificationUrl('http://localhost:3000', 'makassar', code));
  });
});

describe('the preview', () => {
  let id: string;
  const preview = (cookie?: string, slug = 'makassar') =>
    t.app.inject({ url: `/t/${slug}/kelola/layanan/${id}/dokumen-contoh`, headers: { ...(cookie ? { cookie } : {}), accept: 'application/pdf', 'accept-language': 'id' } });

  beforeAll(async () => {
    id = await setTemplate('makassar', 'dpmptsp', 'nib', { ...template, title: { id: 'Sertifikat Contoh Pratinjau' } });
  });

  it('is a PDF with sample values and the watermark, and carries no signature', async () => {
    const owner = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dpmptsp' }] });
    const res = await preview(owner.cookie);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const file = write(res.rawPayload, 'preview.pdf');
    const text = run('pdftotext', ['-layout', file, '-']);
    expect(text).toContain('CONTOH — TIDAK SAH');
    expect(text).toContain('SERTIFIKAT CONTOH PRATINJAU');
    expect(text).toMatch(/Nama usaha: \(Nama usaha\)/);
    expect(text).toMatch(/Skala usaha: Usaha mikro/);
    expect(text).toContain('Kepala Dinas Penanaman Modal');
    expect(res.rawPayload.includes('/ByteRange')).toBe(false);
    expect(run('pdfsig', [file])).toContain('does not contain any signatures');
    // The admin page of the service links to it.
    const page = await t.app.inject({ url: `/t/makassar/kelola/layanan/${id}`, headers: { cookie: owner.cookie, accept: 'text/html' } });
    expect(page.body).toContain(`/t/makassar/kelola/layanan/${id}/dokumen-contoh`);
  });

  it('answers 400 in Bahasa Indonesia when the template prints a field the draft form lacks', async () => {
    await setTemplate('makassar', 'dpmptsp', 'nib', { ...template, fields: [{ field: 'luas_lahan', label: { id: 'Luas lahan' } }] });
    const owner = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    const res = await t.app.inject({ url: `/t/makassar/kelola/layanan/${id}/dokumen-contoh`, headers: { cookie: owner.cookie, 'accept-language': 'id' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().title).toBe('Dokumen keluaran mencetak isian "luas_lahan", yang tidak ada di formulir permohonan layanan ini.');
    await setTemplate('makassar', 'dpmptsp', 'nib', template);
  });

  it('is refused to another agency’s administrator, another role, a citizen and another tenant', async () => {
    const otherAgency = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'disdukcapil' }] });
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const otherTenant = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect((await preview(otherAgency.cookie)).statusCode).toBe(403);
    expect((await preview(verifier.cookie)).statusCode).toBe(403);
    expect((await preview(citizen.cookie)).statusCode).toBe(403);
    // Another tenant's session is none here; on its own tenant the service does not exist.
    expect((await preview(otherTenant.cookie)).statusCode).toBe(401);
    expect((await preview(otherTenant.cookie, 'jateng')).statusCode).toBe(404);
  });
});
