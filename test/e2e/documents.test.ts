// Signed documents in real Chromium at 360 px, axe-core clean on every page, JavaScript off except for
// the stranger: an officer approves an application, which closes it approved and issues its signed
// letter; the citizen finds it in the wallet and downloads a PDF pdfsig reports valid; the
// verification page shows it valid and its file check says the download matches; the citizen shares
// it and a stranger opens the link; an officer revokes the document on the officers' page; the
// verification page shows it revoked with the reason, and the share link stops.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentJobHandlers, ISSUE_JOB } from '../../src/modules/documents/index.js';
import { createJobRunner } from '../../src/platform/jobs/index.js';
import { answersFor, citizenWithProfile, type PublishedService, publishWithSetup, type TestCitizen } from '../applications.js';
import { signInAs } from '../auth.js';
import { checkThenClose, documentTestDeps, type IssueDeps } from '../documents.js';
import { formWithOptionalUploads } from '../payments.js';
import { chromiumMissing } from './browser.js';
import { phoneContexts } from './browser-contexts.js';
import { type Journey, startJourney } from './identity-journey.js';

describe.skipIf(chromiumMissing)('signed documents in real Chromium', { timeout: 300_000 }, () => {
  let j: Journey;
  let phone: ReturnType<typeof phoneContexts>;
  let dir: string;
  let deps: IssueDeps;
  let service: PublishedService;
  let citizen: TestCitizen;

  beforeAll(async () => {
    ({ dir, deps } = documentTestDeps());
    j = await startJourney({ FILES_DIR: dir, RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
    phone = phoneContexts(j);
    service = await publishWithSetup(j.t, { slug: 'makassar', agency: 'dpmptsp', code: 'nib', workflow: checkThenClose('approved'), form: formWithOptionalUploads });
    citizen = await citizenWithProfile(j.t, 'makassar');
  });
  afterAll(async () => {
    await j?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The issuing job, as serve runs it, with the app's address in the QR code. */
  async function runIssuing() {
    const handlers = documentJobHandlers({ audit: j.t.audit, keys: deps.keys, files: deps.files, publicBaseUrl: j.base, now: () => new Date() });
    const runner = createJobRunner(j.t.db.app, handlers, { log: { info() {}, warn() {}, error() {} } as never, kinds: [ISSUE_JOB] });
    while (await runner.runOnce());
  }

  async function mainText(page: Page) {
    return page.locator('main').innerText();
  }

  it('issues, verifies, shares and revokes a document', async () => {
    const applied = await j.t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/applications', headers: { 'content-type': 'application/json', cookie: citizen.cookie }, payload: { serviceId: service.serviceId, answers: answersFor(service.form) } });
    expect(applied.statusCode, applied.body).toBe(201);
    const applicationId = applied.json().id as string;

    // The verifier approves: the application closes approved, which queues the document's issuing.
    const verifier = await signInAs(j.t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const officer = await phone.contextFor(verifier.cookie, false);
    const op = await officer.newPage();
    await op.goto(`${j.base}/t/makassar/petugas/permohonan/${applicationId}`);
    await phone.axeClean(op);
    await op.click('#step-check >> button:has-text("Setujui")');
    await op.waitForURL(/\/petugas\/permohonan\/[0-9a-f-]{36}$/);
    await runIssuing();

    // The wallet: the document, its download (a PDF pdfsig reports valid).
    const holder = await phone.contextFor(citizen.cookie, false);
    const cp = await holder.newPage();
    await cp.goto(`${j.base}/t/makassar/dokumen`);
    await phone.axeClean(cp);
    expect(await mainText(cp)).toContain('Surat Keterangan');
    const number = (/DOK-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(await mainText(cp)) ?? [])[0]!;
    expect(number).toBeDefined();
    const [download] = await Promise.all([cp.waitForEvent('download'), cp.click('main a[download]')]);
    const pdfPath = path.join(dir, 'downloaded.pdf');
    await download.saveAs(pdfPath);
    expect(fs.readFileSync(pdfPath).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    let out = '';
    try {
      out = execFileSync('pdfsig', ['-nocert', pdfPath], { encoding: 'utf8' });
    } catch (error) {
      out = String((error as { stdout?: string }).stdout ?? '');
    }
    expect(out).toContain('Signature is Valid');

    // The verification page: valid; the downloaded file matches.
    await cp.click('main a:has-text("Halaman verifikasi")');
    await cp.waitForURL(/\/verify\/[a-z2-7]{26}$/);
    const verifyUrl = cp.url();
    expect(await cp.locator('main [role=status]').first().innerText()).toContain('Sah');
    await phone.axeClean(cp);
    await cp.setInputFiles('#f-file', pdfPath);
    await cp.click('main form button[type=submit]');
    await cp.waitForURL(/\/verify\/[a-z2-7]{26}#file-result$/);
    expect(await cp.locator('#file-result').innerText()).toContain('sama persis dengan dokumen yang diterbitkan');
    await phone.axeClean(cp);

    // A share link for a week; a stranger (JavaScript on) opens it.
    await cp.goto(`${j.base}/t/makassar/dokumen`);
    await cp.check('main input[name=days][value="7"]');
    await cp.click('main button:has-text("Buat tautan berbagi")');
    await cp.waitForURL(/\/dokumen#share-created$/);
    await phone.axeClean(cp);
    const shareUrl = await cp.inputValue('#share-url');
    expect(shareUrl).toMatch(/\/t\/makassar\/dokumen\/bagikan\/[A-Za-z0-9_-]{22}$/);
    const strangerContext = await phone.contextFor(undefined, true);
    const sp = await strangerContext.newPage();
    await sp.goto(shareUrl);
    expect(await mainText(sp)).toContain(number);
    expect(await mainText(sp)).toContain('Unduh PDF yang ditandatangani');
    await phone.axeClean(sp);

    // An officer with the revoke policy revokes it on the officers' page.
    const signer = await signInAs(j.t, 'makassar', { kind: 'officer', grants: [{ role: 'signer' }] });
    const signerContext = await phone.contextFor(signer.cookie, false);
    const sg = await signerContext.newPage();
    await sg.goto(`${j.base}/t/makassar/petugas/dokumen`);
    await phone.axeClean(sg);
    await sg.fill('#f-nomor', number.slice(0, 8));
    await sg.click('main form[role=search] button');
    await sg.waitForURL(/\/petugas\/dokumen\?nomor=/);
    await sg.click(`main a:has-text("${number}")`);
    await sg.waitForURL(/\/petugas\/dokumen\/[a-z2-7]{26}$/);
    await phone.axeClean(sg);
    await sg.click('main button:has-text("Cabut dokumen")');
    // No reason: the form says so, nothing revoked.
    await sg.waitForURL(/\/cabut$/);
    expect(await mainText(sg)).toContain('Tuliskan alasan pencabutan.');
    await phone.axeClean(sg);
    await sg.fill('#f-reason', 'Data usaha tidak sesuai hasil pemeriksaan lapangan');
    await sg.click('main button:has-text("Cabut dokumen")');
    await sg.waitForURL(/\/petugas\/dokumen\/[a-z2-7]{26}#revoked-ok$/);
    expect(await sg.locator('#revoked-ok').innerText()).toContain('Dokumen dicabut.');
    await phone.axeClean(sg);

    // The verification page shows it revoked, with the reason; the share link has stopped.
    await cp.goto(verifyUrl);
    const status = await cp.locator('main [role=status]').first().innerText();
    expect(status).toContain('Dicabut');
    expect(status).toContain('Data usaha tidak sesuai hasil pemeriksaan lapangan');
    await phone.axeClean(cp);
    const gone = await sp.goto(shareUrl);
    expect(gone?.status()).toBe(410);
    expect(await mainText(sp)).toContain('telah dicabut oleh penerbitnya');
    expect(await mainText(sp)).not.toContain(number);
    await phone.axeClean(sp);

    await Promise.all([officer.close(), holder.close(), strangerContext.close(), signerContext.close()]);
  });
});
