// The public list of information on a real PostgreSQL: a PPID adds, edits, attaches to, marks updated
// and retires items; the public sees the items in force by class and agency, page by page; another
// tenant, a citizen, an officer without the role and the PPID of another agency are refused; the
// berkala overdue flag turns on the day after the due day (tenant's zone, injected clock); documents
// are sniffed and scanned before they open, and an exempt item's are never served to the public;
// every change leaves a history row and an audit event; the demo seed is idempotent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_APP_SECRET, type TestApp } from '../../../test/app.js';
import { pdf, runFileScans } from '../../../test/applications.js';
import { signInAs, type SignedIn } from '../../../test/auth.js';
import { multipartBody, postUrlencodedForm } from '../../../test/forms.js';
import { systemContext } from '../../platform/context.js';
import { createLocalFileStore } from '../../platform/files/index.js';
import { csrfTokenForSession } from '../../platform/http/csrf.js';
import { deriveKey } from '../../platform/secrets.js';
import { seedDemoInformationList } from './seed.js';

let t: TestApp;
let dir: string;
/** The app's clock: a test moves it across the six-month boundary. */
let clock = new Date('2026-01-15T02:00:00Z'); // 15 January 2026, 10:00 WITA
const M = '/t/makassar';
const API = `${M}/api/v1/public-information`;

const json = (cookie?: string) => ({ ...(cookie ? { cookie } : {}), 'content-type': 'application/json' });
const ppidOf = (agency?: string) => signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'ppid', ...(agency ? { agency } : {}) }] });
const csrfOf = (who: SignedIn) => csrfTokenForSession(deriveKey(TEST_APP_SECRET, 'csrf'), (who.principal as { sessionId: string }).sessionId);

const fields = (extra: Record<string, unknown> = {}) => ({
  agency: 'dpmptsp',
  class: 'berkala',
  title: 'Laporan keuangan semester II',
  summary: 'Realisasi anggaran per program.',
  official: 'Kepala Subbagian Keuangan',
  periodFormat: 'Setiap semester; PDF',
  retention: '10 tahun',
  ...extra,
});

async function create(who: SignedIn, extra: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'POST', url: API, headers: json(who.cookie), payload: fields(extra) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; lastUpdatedAt: string; overdue: boolean; updateDueDay: string | null };
}

function attach(who: SignedIn, id: string, files: { filename: string; data: Buffer; type?: string }[]) {
  const { payload, type } = multipartBody({}, files.map((f) => ({ name: 'file', type: f.type ?? 'application/pdf', ...f })));
  return t.app.inject({ method: 'POST', url: `${API}/${id}/documents?_csrf=${encodeURIComponent(csrfOf(who))}`, headers: { 'content-type': type, cookie: who.cookie }, payload });
}

/** The item's audit events, sequenced or still pending (the sequencer moves them into the chain shortly after commit). */
async function auditOf(id: string): Promise<string[]> {
  const subject = `information:${id}`;
  const [chained, pending] = await Promise.all([
    t.db.owner.selectFrom('audit_log').select('action').where('subject', '=', subject).execute(),
    t.db.owner.selectFrom('audit_pending').select('action').where('subject', '=', subject).execute(),
  ]);
  return [...chained, ...pending].map((a) => a.action).sort();
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gerbang-dip-files-'));
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000', FILES_DIR: dir }, {}, { now: () => clock });
});
afterAll(async () => {
  await t?.close();
});

describe('keeping the list', () => {
  it('a PPID adds an item of their agency; the public list and item show it, another tenant does not', async () => {
    const ppid = await ppidOf('dpmptsp');
    const item = await create(ppid, { title: 'Rencana strategis 2025–2029', class: 'setiap_saat' });
    const list = await t.app.inject({ url: `${API}?class=setiap_saat&agency=dpmptsp` });
    expect(list.statusCode).toBe(200);
    expect((list.json().items as { id: string }[]).map((i) => i.id)).toContain(item.id);
    const one = await t.app.inject({ url: `${API}/${item.id}` });
    expect(one.json()).toMatchObject({ title: 'Rencana strategis 2025–2029', agency: { code: 'dpmptsp' }, class: 'setiap_saat', overdue: false, updateDueDay: null, retired: null });
    // Another tenant: not in its list, 404 by id (row-level security and the tenant filter).
    const jateng = await t.app.inject({ url: `/t/jateng/api/v1/public-information` });
    expect((jateng.json().items as { id: string }[]).map((i) => i.id)).not.toContain(item.id);
    expect((await t.app.inject({ url: `/t/jateng/api/v1/public-information/${item.id}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/t/jateng/dip/${item.id}` })).statusCode).toBe(404);
    const page = await t.app.inject({ url: `${M}/dip?instansi=dpmptsp` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Rencana strategis 2025–2029');
    expect(page.body).toContain('Informasi tersedia setiap saat');
  });

  it('refuses writes to the public, a citizen, an officer without the role, another agency’s PPID and another tenant', async () => {
    const ppid = await ppidOf('dpmptsp');
    const item = await create(ppid);
    expect((await t.app.inject({ method: 'POST', url: API, headers: json(), payload: fields() })).statusCode).toBe(401);
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    expect((await t.app.inject({ method: 'POST', url: API, headers: json(citizen.cookie), payload: fields() })).statusCode).toBe(403);
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    expect((await t.app.inject({ method: 'POST', url: API, headers: json(verifier.cookie), payload: fields() })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${M}/petugas/dip`, headers: { cookie: verifier.cookie } })).statusCode).toBe(403);
    // The PPID of disdukcapil: not for dpmptsp, neither a new item nor this one.
    const other = await ppidOf('disdukcapil');
    const refused = await t.app.inject({ method: 'POST', url: API, headers: json(other.cookie), payload: fields() });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect((await t.app.inject({ method: 'PUT', url: `${API}/${item.id}`, headers: json(other.cookie), payload: { ...fields(), expectedVersion: 1 } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${API}/${item.id}/mark-updated`, headers: { cookie: other.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `${API}/${item.id}/retirement`, headers: json(other.cookie), payload: { reason: 'x' } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${API}/${item.id}/history`, headers: json(other.cookie) })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${M}/petugas/dip/${item.id}`, headers: { cookie: other.cookie } })).statusCode).toBe(403);
    // Another tenant's administrator: no session here.
    const jateng = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect([401, 403]).toContain((await t.app.inject({ method: 'POST', url: `${API}/${item.id}/mark-updated`, headers: { cookie: jateng.cookie } })).statusCode);
    // A tenant-wide PPID and the tenant's administrator keep every agency's items.
    const utama = await ppidOf();
    expect((await t.app.inject({ method: 'POST', url: `${API}/${item.id}/mark-updated`, headers: { cookie: utama.cookie } })).statusCode).toBe(200);
    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    await create(admin, { agency: 'disdukcapil' });
  });

  it('refuses an exempt item without its legal ground and empty fields, in Indonesian, saving nothing', async () => {
    const ppid = await ppidOf('dpmptsp');
    const before = (await t.app.inject({ url: `${API}?limit=100` })).json().items.length as number;
    const res = await t.app.inject({ method: 'POST', url: API, headers: json(ppid.cookie), payload: fields({ class: 'dikecualikan', title: '  ', legalGround: '' }) });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const errors = res.json().errors as { field: string; message: string }[];
    expect(errors.map((e) => e.field).sort()).toEqual(['/legalGround', '/title']);
    expect(errors.find((e) => e.field === '/legalGround')!.message).toContain('dasar hukum');
    const english = await t.app.inject({ method: 'POST', url: `${API}?lang=en`, headers: json(ppid.cookie), payload: fields({ class: 'rahasia' }) });
    expect(english.statusCode).toBe(400);
    expect(english.json().errors[0].message).toBe('Choose the class of the information.');
    expect((await t.app.inject({ url: `${API}?limit=100` })).json().items.length).toBe(before);
  });

  it('edits at the expected version only, keeps the last update, and records history and audit for every change', async () => {
    const ppid = await ppidOf('dpmptsp');
    const item = await create(ppid);
    const saved = await t.app.inject({ method: 'PUT', url: `${API}/${item.id}`, headers: json(ppid.cookie), payload: { ...fields({ title: 'Laporan keuangan semester II 2025' }), expectedVersion: 1 } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, title: 'Laporan keuangan semester II 2025', lastUpdatedAt: item.lastUpdatedAt });
    const stale = await t.app.inject({ method: 'PUT', url: `${API}/${item.id}`, headers: json(ppid.cookie), payload: { ...fields({ title: 'Lama' }), expectedVersion: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toEqual({ version: 2 });
    expect((await t.app.inject({ method: 'POST', url: `${API}/${item.id}/mark-updated`, headers: { cookie: ppid.cookie } })).statusCode).toBe(200);
    const noReason = await t.app.inject({ method: 'POST', url: `${API}/${item.id}/retirement`, headers: json(ppid.cookie), payload: { reason: ' ' } });
    expect(noReason.statusCode).toBe(400);
    const retired = await t.app.inject({ method: 'POST', url: `${API}/${item.id}/retirement`, headers: json(ppid.cookie), payload: { reason: 'Digantikan laporan tahunan' } });
    expect(retired.statusCode).toBe(200);
    expect(retired.json().retired).toMatchObject({ reason: 'Digantikan laporan tahunan' });
    // Retired: off the public list, 404 to the public, kept (and shown) for the PPID, no longer changeable.
    expect((await t.app.inject({ url: `${API}?limit=100` })).json().items.map((i: { id: string }) => i.id)).not.toContain(item.id);
    expect((await t.app.inject({ url: `${API}/${item.id}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `${API}/${item.id}`, headers: { cookie: ppid.cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `${API}/${item.id}/mark-updated`, headers: { cookie: ppid.cookie } })).statusCode).toBe(409);
    const history = await t.app.inject({ url: `${API}/${item.id}/history`, headers: json(ppid.cookie) });
    expect((history.json().items as { action: string; version: number }[]).map((h) => [h.version, h.action])).toEqual([
      [4, 'retired'],
      [3, 'marked_updated'],
      [2, 'edited'],
      [1, 'created'],
    ]);
    expect(await auditOf(item.id)).toEqual(['information.created', 'information.edited', 'information.marked_updated', 'information.retired']);
    const page = await t.app.inject({ url: `${M}/petugas/dip/${item.id}`, headers: { cookie: ppid.cookie } });
    expect(page.body).toContain('Digantikan laporan tahunan');
    expect(page.body).toContain('Keterangan diubah');
  });

  it('pages the list with the platform cursor and refuses a forged cursor', async () => {
    const ppid = await ppidOf('dpmptsp');
    for (let i = 0; i < 3; i++) await create(ppid, { class: 'serta_merta', title: `Peringatan ${i}` });
    const first = (await t.app.inject({ url: `${API}?class=serta_merta&limit=2` })).json() as { items: { id: string }[]; nextCursor: string };
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = (await t.app.inject({ url: `${API}?class=serta_merta&limit=2&cursor=${first.nextCursor}` })).json() as { items: { id: string }[] };
    expect(second.items.length).toBeGreaterThan(0);
    expect(second.items.map((i) => i.id).some((id) => first.items.some((f) => f.id === id))).toBe(false);
    const forged = await t.app.inject({ url: `${API}?cursor=bm90LWEtY3Vyc29y` });
    expect(forged.statusCode).toBe(400);
    expect((await t.app.inject({ url: `${API}?agency=tidak-ada` })).statusCode).toBe(404);
  });
});

describe('the six-month rule for periodic information', () => {
  it('flags a berkala item from the day after its due day, on the public and the PPID’s pages, until it is updated', async () => {
    clock = new Date('2026-01-15T02:00:00Z');
    const item = await create(await ppidOf('dpmptsp'), { title: 'Laporan kinerja berkala' });
    expect(item).toMatchObject({ updateDueDay: '2026-07-15', overdue: false });
    const setiapSaat = await create(await ppidOf('dpmptsp'), { class: 'setiap_saat', title: 'Profil dinas' });

    clock = new Date('2026-07-15T15:59:59Z'); // 23:59:59 WITA on the due day
    expect((await t.app.inject({ url: `${API}/${item.id}` })).json().overdue).toBe(false);
    clock = new Date('2026-07-15T16:00:00Z'); // 00:00 WITA the next day
    expect((await t.app.inject({ url: `${API}/${item.id}` })).json().overdue).toBe(true);
    expect((await t.app.inject({ url: `${API}/${setiapSaat.id}` })).json().overdue).toBe(false);

    const publicPage = await t.app.inject({ url: `${M}/dip/${item.id}` });
    expect(publicPage.body).toContain('Terlambat diperbarui: seharusnya diperbarui paling lambat 15 Juli 2026');
    const ppid = await ppidOf('dpmptsp');
    const manage = await t.app.inject({ url: `${M}/petugas/dip`, headers: { cookie: ppid.cookie } });
    expect(manage.body).toMatch(new RegExp(`data-overdue="true"[^]*?/petugas/dip/${item.id}`));

    // Marked updated through the PPID's page: the flag goes, the next due day is six months on.
    const marked = await postUrlencodedForm(t, `${M}/petugas/dip/${item.id}/diperbarui`, {}, ppid.cookie, `${M}/petugas/dip/${item.id}`);
    expect(marked.statusCode).toBe(303);
    expect((await t.app.inject({ url: `${API}/${item.id}` })).json()).toMatchObject({ overdue: false, updateDueDay: '2027-01-16' });
    clock = new Date('2026-01-15T02:00:00Z');
  });
});

describe('documents', () => {
  it('takes PDF and office files only, opens them once scanned, as a download with the real type', async () => {
    const ppid = await ppidOf('dpmptsp');
    const item = await create(ppid);
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const wrong = await attach(ppid, item.id, [{ filename: 'foto.pdf', data: Buffer.concat([png, Buffer.alloc(5000)]), type: 'application/pdf' }]);
    expect(wrong.statusCode).toBe(415);
    expect(wrong.json().errors[0].field).toBe('/file');
    const none = await attach(ppid, item.id, []);
    expect(none.statusCode).toBe(400);

    const attached = await attach(ppid, item.id, [{ filename: 'laporan keuangan.pdf', data: pdf(3000) }]);
    expect(attached.statusCode, attached.body).toBe(201);
    const doc = attached.json().documents[0] as { fileId: string; name: string; mime: string; href: string };
    expect(doc).toMatchObject({ name: 'laporan keuangan.pdf', mime: 'application/pdf', href: `${API}/${item.id}/documents/${doc.fileId}` });
    expect(attached.json().version).toBe(2);
    // In quarantine until scanned.
    expect((await t.app.inject({ url: doc.href })).statusCode).toBe(409);
    await runFileScans(t, dir);
    const download = await t.app.inject({ url: doc.href });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('attachment; filename="laporan keuangan.pdf"');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await t.app.inject({ url: `${M}/dip/${item.id}/dokumen/${doc.fileId}/unduh` })).statusCode).toBe(200);
    // Another tenant cannot reach it.
    expect((await t.app.inject({ url: `/t/jateng/api/v1/public-information/${item.id}/documents/${doc.fileId}` })).statusCode).toBe(404);
    expect(await auditOf(item.id)).toEqual(['information.created', 'information.document_attached']);
  });

  it('lists an exempt item with its legal ground but never serves its documents to the public', async () => {
    const ppid = await ppidOf('dpmptsp');
    const item = await create(ppid, { class: 'dikecualikan', title: 'Dokumen penawaran penyedia', legalGround: 'UU 14/2008 Pasal 17 huruf b; uji konsekuensi 01/2026' });
    const attached = await attach(ppid, item.id, [{ filename: 'penawaran.pdf', data: pdf(2500) }]);
    expect(attached.statusCode, attached.body).toBe(201);
    const fileId = attached.json().documents[0].fileId as string;
    await runFileScans(t, dir);

    const seen = (await t.app.inject({ url: `${API}/${item.id}` })).json();
    expect(seen).toMatchObject({ class: 'dikecualikan', legalGround: 'UU 14/2008 Pasal 17 huruf b; uji konsekuensi 01/2026', documents: [], documentsWithheld: 1 });
    const refused = await t.app.inject({ url: `${API}/${item.id}/documents/${fileId}` });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().title).toBe('Dokumen informasi yang dikecualikan tidak dibuka untuk umum.');
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    expect((await t.app.inject({ url: `${M}/dip/${item.id}/dokumen/${fileId}/unduh`, headers: { cookie: citizen.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${API}/${item.id}/documents/${fileId}`, headers: { cookie: (await ppidOf('disdukcapil')).cookie } })).statusCode).toBe(403);
    const page = await t.app.inject({ url: `${M}/dip/${item.id}` });
    expect(page.body).toContain('1 dokumen tidak dibuka untuk umum');
    expect(page.body).not.toContain(fileId);
    // The PPID keeping it can open it.
    expect((await t.app.inject({ url: `${API}/${item.id}/documents/${fileId}`, headers: { cookie: ppid.cookie } })).statusCode).toBe(200);
  });
});

describe('the PPID’s pages', () => {
  it('adds an item through the form: errors beside the fields with what was typed kept, then the item page', async () => {
    const ppid = await ppidOf('dpmptsp');
    const bad = await postUrlencodedForm(t, `${M}/petugas/dip/baru`, { agency: 'dpmptsp', class: 'dikecualikan', title: 'Kontrak pengadaan', summary: '', official: 'PPK', periodFormat: 'Tidak diumumkan', retention: '5 tahun', legalGround: '' }, ppid.cookie);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('class="error-summary"');
    expect(bad.body).toContain('Informasi yang dikecualikan wajib mencantumkan dasar hukum pengecualiannya.');
    expect(bad.body).toContain('value="Kontrak pengadaan"');
    const good = await postUrlencodedForm(
      t,
      `${M}/petugas/dip/baru`,
      { agency: 'dpmptsp', class: 'dikecualikan', title: 'Kontrak pengadaan', summary: 'Isi kontrak', official: 'PPK', periodFormat: 'Tidak diumumkan', retention: '5 tahun', legalGround: 'Pasal 17 huruf b' },
      ppid.cookie,
    );
    expect(good.statusCode).toBe(303);
    const location = String(good.headers.location);
    expect(location).toMatch(/\/petugas\/dip\/[0-9a-f-]{36}\?tersimpan=1$/);
    const page = await t.app.inject({ url: location, headers: { cookie: ppid.cookie } });
    expect(page.body).toContain('Perubahan tersimpan.');
    expect(page.body).toContain('Pasal 17 huruf b');
    // The agency select offers only the agencies this PPID keeps.
    const form = await t.app.inject({ url: `${M}/petugas/dip/baru`, headers: { cookie: ppid.cookie } });
    expect(form.body).toContain('value="dpmptsp"');
    expect(form.body).not.toContain('value="disdukcapil"');
  });

  it('attaches through the multipart form, and a wrong file comes back beside the field', async () => {
    const ppid = await ppidOf('dpmptsp');
    const item = await create(ppid);
    const page = await t.app.inject({ url: `${M}/petugas/dip/${item.id}`, headers: { cookie: ppid.cookie } });
    const action = /action="([^"]*\/dokumen\?_csrf=[^"]+)"/.exec(page.body)![1]!.replace(/&amp;/g, '&');
    const send = (data: Buffer, filename: string) => {
      const { payload, type } = multipartBody({}, [{ name: 'file', filename, type: 'application/pdf', data }]);
      return t.app.inject({ method: 'POST', url: action, headers: { 'content-type': type, cookie: ppid.cookie, accept: 'text/html' }, payload });
    };
    const wrong = await send(Buffer.from('bukan pdf sama sekali, hanya teks biasa '.repeat(200)), 'catatan.pdf');
    expect(wrong.statusCode).toBe(415);
    expect(wrong.body).toContain('id="e-file"');
    const ok = await send(pdf(2000), 'lampiran.pdf');
    expect(ok.statusCode).toBe(303);
    const after = await t.app.inject({ url: `${M}/petugas/dip/${item.id}`, headers: { cookie: ppid.cookie } });
    expect(after.body).toContain('lampiran.pdf');
    expect(after.body).toContain('Dokumen dilampirkan');
  });
});

describe('demo data', () => {
  it('fills every demo tenant with items of each class, one berkala overdue, once', async () => {
    const system = { ...systemContext(t.db.app, t.audit, 'seed'), now: () => new Date('2026-11-01T03:00:00Z') };
    const files = createLocalFileStore(dir);
    // Makassar already has items from the tests above: it is left alone; the others are seeded.
    const added = await seedDemoInformationList(system, { files });
    expect(added).toBeGreaterThan(0);
    expect(await seedDemoInformationList(system, { files })).toBe(0);
    clock = new Date('2026-11-01T03:00:00Z');
    const items = (await t.app.inject({ url: `/t/jateng/api/v1/public-information?limit=100` })).json().items as { class: string; overdue: boolean; documents: unknown[] }[];
    expect(new Set(items.map((i) => i.class))).toEqual(new Set(['berkala', 'serta_merta', 'setiap_saat', 'dikecualikan']));
    expect(items.filter((i) => i.overdue)).toHaveLength(1);
    expect(items.some((i) => i.documents.length === 1)).toBe(true);
    clock = new Date('2026-01-15T02:00:00Z');
  });
});
