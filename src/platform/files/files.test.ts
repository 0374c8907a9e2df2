// The quarantine on a real PostgreSQL: a record and its scan job commit with the caller's transaction
// or not at all; a file opens only once the scan passed it; an infected file's bytes are removed and
// the finding recorded (table and audit chain); a scanner that cannot decide leaves the file pending
// and the job retrying; another tenant sees nothing; downloads are attachments with the sniffed type.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { withTenant } from '../../db/index.js';
import { createJobRunner, type JobLog } from '../jobs/index.js';
import { attachmentDisposition, openCleanFile, sendFileDownload } from './download.js';
import { FILE_TYPES, type ReceivedFile, receiveFile } from './intake.js';
import { findFile, recordFiles, SCAN_JOB } from './records.js';
import { fileJobHandlers, REMOVE_JOB, scannerFromConfig } from './scan.js';
import { developmentScanner, type FileScanner, noScanner, type ScanResult } from './scanner.js';
import { createLocalFileStore, type LocalFileStore } from './storage.js';

let t: TestApp;
let dir: string;
let store: LocalFileStore;
let tenant: string;
let otherTenant: string;
const quiet: JobLog = { info() {}, warn() {}, error() {} };

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

beforeAll(async () => {
  t = await createTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-files-db-'));
  store = createLocalFileStore(dir);
  [tenant, otherTenant] = (await t.db.owner.selectFrom('tenants').select('id').orderBy('slug').limit(2).execute()).map((r) => r.id) as [string, string];
  // A module's download route, after its own authorisation (none here).
  t.app.get('/api/v1/test-files/:tenant/:id', { schema: { hide: true }, config: { policy: 'public' } }, async (request, reply) => {
    const { tenant: tenantId, id } = request.params as { tenant: string; id: string };
    return sendFileDownload(reply, await openCleanFile(t.db.app, store, tenantId, id));
  });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function receive(data: Buffer, filename = 'Surat Keterangan "Domisili".pdf'): Promise<ReceivedFile> {
  return (await receiveFile(store, tenant, { stream: Readable.from([data]), filename }, { accept: [FILE_TYPES.pdf], maxBytes: 1_000_000, field: '/documents' }))!;
}

const jobsOf = (fileId: string) =>
  sql<{ kind: string; state: string; attempts: number; last_error: string | null; tenant_id: string }>`
    SELECT kind, state, attempts, last_error, tenant_id FROM jobs WHERE payload->>'fileId' = ${fileId} ORDER BY id`
    .execute(t.db.owner)
    .then((r) => r.rows);

/** Runs every job that is due (at `now`), with this scanner. */
async function runJobs(scanner: FileScanner, now = new Date(Date.now() + 1000)) {
  const runner = createJobRunner(t.db.app, fileJobHandlers({ store, scanner, audit: t.audit }), { log: quiet, now: () => now, kinds: [SCAN_JOB, REMOVE_JOB] });
  while (await runner.runOnce());
}

const scannerSaying = (result: ScanResult, name = 'test scanner'): FileScanner => ({
  describe: async () => name,
  async scan(stream) {
    for await (const chunk of stream) void chunk;
    return result;
  },
});

describe('recordFiles', () => {
  it('writes the record and queues its scan in the caller’s transaction: a rollback leaves neither', async () => {
    const file = await receive(PDF);
    await expect(
      t.db.app.transaction().execute(async (trx) => {
        await recordFiles(trx, [file]);
        throw new Error('the module’s own insert failed');
      }),
    ).rejects.toThrow('own insert failed');
    expect(await findFile(t.db.app, tenant, file.id)).toBeUndefined();
    expect(await jobsOf(file.id)).toEqual([]);

    await t.db.app.transaction().execute((trx) => recordFiles(trx, [file]));
    expect(await findFile(t.db.app, tenant, file.id)).toMatchObject({ state: 'pending', scanner: null, name: 'Surat Keterangan Domisili.pdf', sha256: file.sha256 });
    expect(await jobsOf(file.id)).toEqual([{ kind: SCAN_JOB, state: 'queued', attempts: 0, last_error: null, tenant_id: tenant }]);
  });

  it('keeps files to their tenant (row-level security as well as the filter)', async () => {
    const file = await receive(PDF);
    await recordFiles(t.db.app, [file]);
    expect(await findFile(t.db.app, otherTenant, file.id)).toBeUndefined();
    const seen = await withTenant(t.db.app, otherTenant, (trx) => trx.selectFrom('files').select('id').where('id', '=', file.id).execute());
    expect(seen).toEqual([]);
    expect((await t.app.inject(`/api/v1/test-files/${otherTenant}/${file.id}`)).statusCode).toBe(404);
    expect((await t.app.inject(`/api/v1/test-files/${tenant}/not-a-uuid`)).statusCode).toBe(404);
  });
});

describe('quarantine', () => {
  it('opens a file only after the scan passed it, and sends it as a download with the sniffed type', async () => {
    const file = await receive(PDF);
    await recordFiles(t.db.app, [file]);
    const pending = await t.app.inject({ url: `/api/v1/test-files/${tenant}/${file.id}`, headers: { 'accept-language': 'en' } });
    expect(pending.statusCode).toBe(409);
    expect(pending.json()).toMatchObject({ code: 'file.pending', title: 'This file is still being checked for viruses. Try again in a minute.' });

    await runJobs(developmentScanner);
    expect(await findFile(t.db.app, tenant, file.id)).toMatchObject({ state: 'clean', scanner: 'development', threat: null });
    expect((await jobsOf(file.id)).map((j) => j.state)).toEqual(['done']);

    const res = await t.app.inject(`/api/v1/test-files/${tenant}/${file.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(PDF)).toBe(true);
    expect(res.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(PDF.length),
      'content-disposition': `attachment; filename="Surat Keterangan Domisili.pdf"; filename*=UTF-8''Surat%20Keterangan%20Domisili.pdf`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    });

    // The scan is in the audit chain, by digest — never by name.
    await t.audit.flush(t.db.owner);
    const events = await t.db.owner.selectFrom('audit_log').select(['action', 'actor', 'entry']).where('subject', '=', `file:${file.id}`).execute();
    expect(events.map((e) => [e.action, e.actor])).toEqual([['file.scanned_clean', 'system:files.scan']]);
    const entry = JSON.parse(events[0]!.entry.toString('utf8'));
    expect(entry.data).toEqual({ sha256: file.sha256, size: PDF.length, mime: 'application/pdf', scanner: 'development' });
    expect(events[0]!.entry.toString('utf8')).not.toContain('Domisili');
  });

  it('removes an infected file’s bytes and records what was found; it never opens', async () => {
    const file = await receive(PDF, 'lampiran.pdf');
    await recordFiles(t.db.app, [file]);
    await runJobs(scannerSaying({ verdict: 'infected', threat: 'Pdf.Exploit.CVE_2026_0001' }, 'clamd ClamAV 1.4.6/27480'));
    expect(await findFile(t.db.app, tenant, file.id)).toMatchObject({ state: 'infected', threat: 'Pdf.Exploit.CVE_2026_0001', scanner: 'clamd ClamAV 1.4.6/27480' });
    expect(fs.existsSync(store.pathOf(file.key))).toBe(false);
    expect((await jobsOf(file.id)).map((j) => [j.kind, j.state])).toEqual([[SCAN_JOB, 'done'], [REMOVE_JOB, 'done']]);
    const res = await t.app.inject(`/api/v1/test-files/${tenant}/${file.id}`);
    expect(res.statusCode).toBe(410);
    expect(res.json().title).toBe('Berkas ini mengandung virus atau program berbahaya, dan sudah dihapus.');
    await t.audit.flush(t.db.owner);
    const [event] = await t.db.owner.selectFrom('audit_log').select(['action', 'entry']).where('subject', '=', `file:${file.id}`).execute();
    expect(event!.action).toBe('file.infected');
    expect(JSON.parse(event!.entry.toString('utf8')).data.threat).toBe('Pdf.Exploit.CVE_2026_0001');
  });

  it('leaves the file pending and the job retrying while the scanner cannot decide', async () => {
    const file = await receive(PDF);
    await recordFiles(t.db.app, [file]);
    await runJobs(scannerSaying({ verdict: 'error', message: 'clamd at tcp://127.0.0.1:1: connect ECONNREFUSED' }));
    expect(await findFile(t.db.app, tenant, file.id)).toMatchObject({ state: 'pending' });
    expect(await jobsOf(file.id)).toEqual([expect.objectContaining({ state: 'queued', attempts: 1, last_error: 'clamd at tcp://127.0.0.1:1: connect ECONNREFUSED' })]);
    expect((await t.app.inject(`/api/v1/test-files/${tenant}/${file.id}`)).statusCode).toBe(409);
    // Later, the scanner is back: the retry decides.
    await runJobs(scannerSaying({ verdict: 'clean' }), new Date(Date.now() + 3600_000));
    expect(await findFile(t.db.app, tenant, file.id)).toMatchObject({ state: 'clean', scanner: 'test scanner' });
  });

  it('records FILE_SCAN=off as what let a file through', async () => {
    const file = await receive(PDF);
    await recordFiles(t.db.app, [file]);
    await runJobs(noScanner);
    expect(await findFile(t.db.app, tenant, file.id)).toMatchObject({ state: 'clean', scanner: 'off' });
  });
});

describe('scanner settings', () => {
  it('names the scanner and says when files are not scanned', () => {
    expect(scannerFromConfig({ env: 'development', fileScan: 'on' })).toMatchObject({ scanner: developmentScanner, summary: expect.stringMatching(/NOT scanned.*development scanner.*CLAMD_URL/) });
    expect(scannerFromConfig({ env: 'production', fileScan: 'off' })).toMatchObject({ scanner: noScanner, summary: expect.stringContaining('FILE_SCAN=off') });
    expect(scannerFromConfig({ env: 'production', fileScan: 'on', clamdUrl: 'unix:///run/clamav/clamd.ctl' }).summary).toBe('scanned for malware by clamd at unix:///run/clamav/clamd.ctl');
    expect(() => scannerFromConfig({ env: 'production', fileScan: 'on' })).toThrow(/CLAMD_URL/);
  });
});

describe('download headers', () => {
  it('encode any name (RFC 5987) with an ASCII fallback that cannot break the header', () => {
    expect(attachmentDisposition('Akta Kelahiran — Siti.pdf')).toBe(`attachment; filename="Akta Kelahiran _ Siti.pdf"; filename*=UTF-8''Akta%20Kelahiran%20%E2%80%94%20Siti.pdf`);
    expect(attachmentDisposition("it's (1) 100%*.pdf")).toBe(`attachment; filename="it's (1) 100_*.pdf"; filename*=UTF-8''it%27s%20%281%29%20100%25%2A.pdf`);
    expect(attachmentDisposition('a\\b.pdf')).toBe(`attachment; filename="a_b.pdf"; filename*=UTF-8''a%5Cb.pdf`);
  });

  it('never serve a type a browser would render as a page', async () => {
    const file = await receive(PDF);
    await recordFiles(t.db.app, [file]);
    await runJobs(developmentScanner);
    // Even if a record said text/html (it cannot: intake refuses such types), the bytes go as octet-stream.
    await t.db.owner.updateTable('files').set({ mime: 'text/html' } as never).where('id', '=', file.id).execute();
    const res = await t.app.inject(`/api/v1/test-files/${tenant}/${file.id}`);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(file.sha256);
  });
});
