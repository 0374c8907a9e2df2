// HTTP tests of the complaint API (app.inject on a real database): every route refuses another
// tenant and a role without permission. Open311 has its own: open311.test.ts.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { seedTestComplaints } from '../../../test/complaints.js';
import { altchaProof } from '../../../test/altcha.js';
import { signInAs } from '../../../test/auth.js';

let t: TestApp;
let coordinator: string;
let capil: string;
let dinkes: string;
let citizen: string;
let citizenId: string;
let otherTenantCoordinator: string;
let tenantAdmin: string;

const M = '/t/makassar';
const json = (cookie?: string, extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...extra });

beforeAll(async () => {
  t = await createTestApp();
  await seedTestComplaints(t);
  coordinator = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie;
  capil = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'disdukcapil' }] })).cookie;
  dinkes = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'dinkes' }] })).cookie;
  tenantAdmin = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] })).cookie;
  const c = await signInAs(t, 'makassar', { kind: 'citizen' });
  citizen = c.cookie;
  citizenId = (c.principal as { id: string }).id;
  otherTenantCoordinator = (await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie;
});
afterAll(async () => {
  await t?.close();
});

const report = {
  kind: 'pengaduan',
  title: 'Kartu keluarga belum jadi',
  description: 'Sudah sebulan kartu keluarga belum jadi, padahal dijanjikan seminggu.',
  privacy: 'public',
};

/** Submits as the API would; without a session, with a fresh proof-of-work unless the body has one. */
async function submit(body: Record<string, unknown> = report, cookie?: string, headers: Record<string, string> = {}) {
  const payload = cookie || 'altcha' in body ? body : { ...body, altcha: await altchaProof() };
  const res = await t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints`, headers: json(cookie, headers), payload });
  return { res, body: res.json() };
}

async function act(ref: string, body: Record<string, unknown>, cookie?: string) {
  return t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints/${ref}/actions`, headers: json(cookie), payload: body });
}

describe('submitComplaint', () => {
  it('creates a report (201), replays with the same Idempotency-Key, refuses a different body with it', async () => {
    const once = { ...report, altcha: await altchaProof() };
    const a = await submit(once, undefined, { 'idempotency-key': 'k-1-5a0e2c3d9f17ab' });
    expect(a.res.statusCode).toBe(201);
    expect(a.body).toMatchObject({ status: 'submitted', routing: { categoryCode: 'administrasi_kependudukan' } });
    // The replay is answered from the stored response: the proof is not checked (nor refused) again.
    const b = await submit(once, undefined, { 'idempotency-key': 'k-1-5a0e2c3d9f17ab' });
    expect(b.res.headers['idempotent-replayed']).toBe('true');
    expect(b.body.trackingNumber).toBe(a.body.trackingNumber);
    const c = await submit({ ...report, title: 'lain' }, undefined, { 'idempotency-key': 'k-1-5a0e2c3d9f17ab' });
    expect(c.res.statusCode).toBe(422);
  });

  it('writes the Idempotency-Key record in the transaction of the report; 20 concurrent duplicates make one report', async () => {
    const once = { ...report, title: 'Akta kelahiran tertunda', altcha: await altchaProof() };
    const key = { 'idempotency-key': '3e1b7c55-0a9d-4f4e-8b6a-2d7c9e1f0a3b' };
    const all = await Promise.all(Array.from({ length: 20 }, () => submit(once, undefined, key)));
    expect(all.map((a) => a.res.statusCode)).toEqual(Array(20).fill(201));
    expect(new Set(all.map((a) => a.body.trackingNumber)).size).toBe(1);
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM complaints WHERE title = 'Akta kelahiran tertunda'`.execute(t.db.owner);
    expect(rows.rows[0]!.n).toBe(1);
    // One transaction wrote both (the same xmin): a crash cannot leave a key without its report, or a
    // report whose number and code no retry can return.
    const together = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM idempotency_records
       WHERE xmin = (SELECT xmin FROM complaints WHERE title = 'Akta kelahiran tertunda')`.execute(t.db.owner);
    expect(together.rows[0]!.n).toBe(1);
  });

  it('answers bad input with problem+json field errors, in Indonesian and English', async () => {
    const id = await submit({ ...report, description: 'x'.repeat(4001), title: '' });
    expect(id.res.statusCode).toBe(400);
    expect(id.res.headers['content-type']).toContain('application/problem+json');
    expect(id.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body/description', 'body/title']);
    const en = await t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints`, headers: json(undefined, { 'accept-language': 'en' }), payload: { ...report, categoryCode: 'jalan_rusak', altcha: await altchaProof() } });
    expect(en.statusCode).toBe(400);
    expect(en.json().errors[0].message).toContain('needs a location');
  });

  it('anonymous: returns the secret code once; trackComplaint by POST; wrong code 404', async () => {
    const a = await submit({ ...report, privacy: 'anonim' }, citizen);
    expect(a.body.secretCode).toBeTruthy();
    const tracked = await t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints/track`, headers: json(), payload: { code: a.body.secretCode } });
    expect(tracked.statusCode).toBe(200);
    expect(tracked.json().trackingNumber).toBe(a.body.trackingNumber);
    const wrong = await t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints/track`, headers: json(), payload: { code: 'ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ' } });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().code).toBe('complaint.tracking_code_invalid');
    // Not linked to the citizen who was signed in.
    const mine = await t.app.inject({ url: `${M}/api/v1/complaints/mine`, headers: { cookie: citizen } });
    expect(mine.json().some((c: { id: string }) => c.id === a.body.id)).toBe(false);
  });
});

describe('actOnComplaint and the officer routes', () => {
  it('runs the workflow with the right roles and refuses the others', async () => {
    const { body: s } = await submit(report, citizen);
    // anonymous 401, citizen 403, handler verifying 403, another tenant's coordinator = anonymous here (401)
    expect((await act(s.id, { action: 'verify', tier: 'simple' })).statusCode).toBe(401);
    expect((await act(s.id, { action: 'verify', tier: 'simple' }, citizen)).statusCode).toBe(403);
    expect((await act(s.id, { action: 'verify', tier: 'simple' }, tenantAdmin)).statusCode).toBe(403);
    expect((await act(s.id, { action: 'verify', tier: 'simple' }, capil)).statusCode).toBe(403);
    expect((await act(s.id, { action: 'verify', tier: 'simple' }, otherTenantCoordinator)).statusCode).toBe(401);
    expect((await act(s.id, { action: 'verify' }, coordinator)).json().errors[0].field).toBe('/tier');
    expect((await act(s.id, { action: 'verify', tier: 'simple' }, coordinator)).json().status).toBe('verified');
    expect((await act(s.id, { action: 'dispatch', agencyId: 'disdukcapil' }, coordinator)).json().status).toBe('forwarded');
    expect((await act(s.id, { action: 'answer', text: 'x' }, dinkes)).statusCode).toBe(404);
    const answered = await act(s.id, { action: 'answer', text: 'KK sudah dapat diambil.' }, capil);
    expect(answered.json().status).toBe('responded');
    expect((await act(s.id, { action: 'confirm', rating: 5, resolved: true }, capil)).statusCode).toBe(401);
    const other = await signInAs(t, 'makassar', { kind: 'citizen' });
    expect((await act(s.id, { action: 'confirm', rating: 5, resolved: true }, other.cookie)).statusCode).toBe(404);
    const done = await act(s.id, { action: 'confirm', rating: 5, resolved: true }, citizen);
    expect(done.json()).toMatchObject({ status: 'closed', outcome: 'resolved', rating: 5 });
    const mine = await t.app.inject({ url: `${M}/api/v1/complaints/mine`, headers: { cookie: citizen } });
    expect(mine.json().some((c: { id: string }) => c.id === s.id)).toBe(true);
    expect(citizenId).toBeTruthy();
  });

  it('queue: coordinator tenant-wide, handler for its agency only', async () => {
    const url = `${M}/api/v1/complaints/queue`;
    expect((await t.app.inject({ url })).statusCode).toBe(401);
    expect((await t.app.inject({ url, headers: { cookie: citizen } })).statusCode).toBe(403);
    expect((await t.app.inject({ url, headers: { cookie: tenantAdmin } })).statusCode).toBe(403);
    expect((await t.app.inject({ url, headers: { cookie: otherTenantCoordinator } })).statusCode).toBe(401);
    expect((await t.app.inject({ url, headers: { cookie: coordinator } })).statusCode).toBe(200);
    expect((await t.app.inject({ url, headers: { cookie: capil } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${url}?agency=disdukcapil`, headers: { cookie: capil } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `${url}?agency=disdukcapil`, headers: { cookie: dinkes } })).statusCode).toBe(403);
  });

  it('reveal (coordinator only) and duplicates (handlers)', async () => {
    const { body: s } = await submit({ ...report, privacy: 'rahasia', reporter: { name: 'Rahasia Sekali' } });
    const url = `${M}/api/v1/complaints/${s.id}/reveal`;
    const payload = { reason: 'Perlu klarifikasi' };
    expect((await t.app.inject({ method: 'POST', url, headers: json(), payload })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url, headers: json(capil), payload })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url, headers: json(otherTenantCoordinator), payload })).statusCode).toBe(401);
    const ok = await t.app.inject({ method: 'POST', url, headers: json(coordinator), payload });
    expect(ok.json().name).toBe('Rahasia Sekali');
    const dup = `${M}/api/v1/complaints/${s.id}/duplicates`;
    expect((await t.app.inject({ url: dup })).statusCode).toBe(401);
    expect((await t.app.inject({ url: dup, headers: { cookie: citizen } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: dup, headers: { cookie: coordinator } })).statusCode).toBe(200);
    // The confidential report is not visible to the public or to another tenant.
    expect((await t.app.inject({ url: `${M}/api/v1/complaints/${s.id}` })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/t/jateng/api/v1/complaints/${s.id}`, headers: { cookie: otherTenantCoordinator } })).statusCode).toBe(404);
  });

  it('response templates: handlers of the agency create and use them; others are refused', async () => {
    const url = `${M}/api/v1/complaints/templates`;
    const payload = { agency: 'disdukcapil', title: 'Blanko tersedia', body: 'Blanko KTP-el sudah tersedia di kecamatan.' };
    expect((await t.app.inject({ method: 'POST', url, headers: json(), payload })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url, headers: json(citizen), payload })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url, headers: json(dinkes), payload })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url, headers: json(otherTenantCoordinator), payload })).statusCode).toBe(401);
    const created = await t.app.inject({ method: 'POST', url, headers: json(capil), payload });
    expect(created.statusCode).toBe(201);
    expect((await t.app.inject({ url: `${url}?agency=disdukcapil`, headers: { cookie: dinkes } })).statusCode).toBe(403);
    const list = await t.app.inject({ url: `${url}?agency=disdukcapil`, headers: { cookie: capil } });
    expect(list.json().map((x: { title: string }) => x.title)).toContain('Blanko tersedia');
    const { body: s } = await submit(report);
    await act(s.id, { action: 'verify', tier: 'simple' }, coordinator);
    await act(s.id, { action: 'dispatch', agencyId: 'disdukcapil' }, coordinator);
    const answered = await act(s.id, { action: 'answer', templateId: created.json().id }, capil);
    expect(answered.json().timeline.at(-1).body).toBe(payload.body);
  });

  it('public list, categories and statistics are open; mine needs a citizen', async () => {
    const list = await t.app.inject({ url: `${M}/api/v1/complaints?limit=5` });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThan(0);
    // Anonymous public responses are cached briefly, with an ETag (public-cache.ts).
    expect(list.headers['cache-control']).toBe('public, max-age=3');
    const etag = String(list.headers.etag);
    const notModified = await t.app.inject({ url: `${M}/api/v1/complaints?limit=5`, headers: { 'if-none-match': etag } });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe('');
    expect((await t.app.inject({ url: `${M}/api/v1/complaints/categories` })).json().length).toBe(12);
    const stats = await t.app.inject({ url: `${M}/api/v1/complaints/statistics` });
    expect(stats.json().agencies.some((a: { agencyCode: string }) => a.agencyCode === 'disdukcapil')).toBe(true);
    expect((await t.app.inject({ url: `${M}/api/v1/complaints/mine` })).statusCode).toBe(401);
    expect((await t.app.inject({ url: `${M}/api/v1/complaints/mine`, headers: { cookie: coordinator } })).statusCode).toBe(403);
  });
});
