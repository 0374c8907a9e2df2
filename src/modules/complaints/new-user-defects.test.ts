// Issue 16's complaints defects, found when Gerbang was tried as a new user would, each with the
// test that failed before its fix: what officers see of a rahasia or anonim reporter, raw codes on
// pages, the reporter's "not resolved", demo handler accounts, and officers told of dispatch and
// escalation. Real PostgreSQL, through the app's API and pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altchaProof } from '../../../test/altcha.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { signInAs } from '../../../test/auth.js';
import { seedTestComplaints } from '../../../test/complaints.js';

let t: TestApp;
let coordinator: string;
let handler: string;
let citizen: string;
let citizenId: string;
let handlerId: string;
let coordinatorId: string;
const M = '/t/makassar';

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '1000000' });
  await seedTestComplaints(t);
  const c = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] });
  const h = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'disdukcapil' }] });
  coordinator = c.cookie;
  handler = h.cookie;
  coordinatorId = c.principal.kind === 'officer' ? c.principal.id : '';
  handlerId = h.principal.kind === 'officer' ? h.principal.id : '';
  const signedIn = await signInAs(t, 'makassar', { kind: 'citizen' });
  citizen = signedIn.cookie;
  citizenId = signedIn.principal.kind === 'citizen' ? signedIn.principal.id : '';
});
afterAll(async () => {
  await t?.close();
});

function api(method: 'GET' | 'POST', url: string, cookie?: string, payload?: unknown) {
  return t.app.inject({
    method,
    url: `${M}${url}`,
    headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
    payload: payload as never,
  });
}

function page(url: string, cookie?: string) {
  return t.app.inject({ method: 'GET', url: `${M}${url}`, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });
}

const act = (ref: string, cookie: string, body: Record<string, unknown>) => api('POST', `/api/v1/complaints/${ref}/actions`, cookie, body);

/** A report answered by disdukcapil; `anonim` returns its secret code too. */
async function answeredReport(privacy: 'public' | 'rahasia' | 'anonim' = 'public'): Promise<{ ref: string; code?: string }> {
  const body = { kind: 'pengaduan', title: 'KTP belum jadi', description: 'Sudah sebulan KTP-el belum jadi di kecamatan.', privacy, categoryCode: 'administrasi_kependudukan' };
  const res = privacy === 'anonim' ? await api('POST', '/api/v1/complaints', undefined, { ...body, altcha: await altchaProof() }) : await api('POST', '/api/v1/complaints', citizen, body);
  expect(res.statusCode).toBe(201);
  const { trackingNumber: ref, secretCode: code } = res.json();
  expect((await act(ref, coordinator, { action: 'verify', tier: 'simple' })).statusCode).toBe(200);
  expect((await act(ref, coordinator, { action: 'dispatch', agencyId: 'disdukcapil' })).statusCode).toBe(200);
  expect((await act(ref, handler, { action: 'answer', text: 'KTP-el sudah dapat diambil.' })).statusCode).toBe(200);
  return { ref, code };
}

describe('a rahasia reporter stays unnamed to officers', () => {
  it('shows no account reference in the history, the API or the page until an identity reveal is recorded', async () => {
    const { ref } = await answeredReport('rahasia');
    // The reporter acts on their report too: their rating is in the timeline.
    expect((await act(ref, citizen, { action: 'reopen', reason: 'Belum bisa diambil.' })).statusCode).toBe(200);
    const view = await api('GET', `/api/v1/complaints/${ref}`, coordinator);
    expect(view.statusCode).toBe(200);
    expect(view.json().reporter).toEqual({ state: 'hidden' });
    expect(view.body).not.toContain(citizenId);
    const actors = (view.json().timeline as { action: string; actor: string }[]).filter((e) => ['submitted', 'reopened'].includes(e.action)).map((e) => e.actor);
    expect(actors).toEqual(['reporter', 'reporter']);
    for (const cookie of [coordinator, handler]) expect((await page(`/pengaduan/${ref}`, cookie)).body).not.toContain(citizenId);

    expect((await api('POST', `/api/v1/complaints/${ref}/reveal`, coordinator, { reason: 'Permintaan aparat penegak hukum' })).statusCode).toBe(200);
    const revealed = await api('GET', `/api/v1/complaints/${ref}`, coordinator);
    expect(revealed.json().timeline.find((e: { action: string }) => e.action === 'submitted').actor).toBe(`citizen:${citizenId}`);
  });

  it('a public report still shows who filed it', async () => {
    const { ref } = await answeredReport('public');
    const view = await api('GET', `/api/v1/complaints/${ref}`, coordinator);
    expect(view.json().timeline.find((e: { action: string }) => e.action === 'submitted').actor).toBe(`citizen:${citizenId}`);
  });
});

describe('people never see raw codes', () => {
  it('the officer page names actors and categories in words', async () => {
    const { ref } = await answeredReport('public');
    const html = (await page(`/pengaduan/${ref}`, coordinator)).body;
    expect(html).not.toMatch(/officer:|citizen:|system:|reporter:code/);
    expect(html).toContain('Petugas');
    expect(html).toContain('Pelapor');
    // The category by its name, not its code.
    expect(html).not.toContain('administrasi_kependudukan');
    expect(html).toMatch(/Kependudukan/i);
  });
});

describe('"not resolved" offers the reopen', () => {
  it('asks the reporter to reopen or decline instead of closing at once, and closes only when declined', async () => {
    const { ref } = await answeredReport('public');
    // The rating form offers the reopen in the same step.
    const html = (await page(`/pengaduan/${ref}`, citizen)).body;
    expect(html).toContain('id="res-reopen"');
    expect(html).toContain('Belum — buka kembali laporan ini');

    const asked = await act(ref, citizen, { action: 'confirm', rating: 2, resolved: false });
    expect(asked.statusCode).toBe(400);
    expect(asked.body).toContain('/reopen');
    expect((await api('GET', `/api/v1/complaints/${ref}`, citizen)).json().status).toBe('responded');

    expect((await act(ref, citizen, { action: 'confirm', rating: 2, resolved: false, reopen: true })).statusCode).toBe(400); // a reason is needed
    const reopened = await act(ref, citizen, { action: 'confirm', rating: 2, resolved: false, reopen: true, comment: 'Blanko masih kosong.' });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'in_follow_up' });

    expect((await act(ref, handler, { action: 'answer', text: 'Blanko sudah tersedia.' })).statusCode).toBe(200);
    // The reopen is used: "not resolved" now closes honestly.
    const closed = await act(ref, citizen, { action: 'confirm', rating: 2, resolved: false });
    expect(closed.json()).toMatchObject({ status: 'closed', outcome: 'unresolved' });
  });

  it('closes as not resolved when the reporter declines the reopen', async () => {
    const { ref } = await answeredReport('public');
    const closed = await act(ref, citizen, { action: 'confirm', rating: 1, resolved: false, reopen: false });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', outcome: 'unresolved' });
  });
});

describe('officers are told of dispatch and escalation', () => {
  const inbox = (officerId: string, event: string) =>
    t.db.owner.selectFrom('notification_inbox').select(['event']).where('recipient_kind', '=', 'officer').where('recipient_id', '=', officerId).where('event', '=', event).execute();

  it("a dispatch reaches the agency's handlers, an escalation its handlers and the coordinators (inbox)", async () => {
    const before = (await inbox(handlerId, 'complaint.dispatched')).length;
    const { ref } = await answeredReport('public');
    expect((await inbox(handlerId, 'complaint.dispatched')).length).toBe(before + 1);

    // Reopened: the agency has 5 working days again; past them, the escalation job runs.
    expect((await act(ref, citizen, { action: 'confirm', rating: 2, resolved: false, reopen: true, comment: 'Belum.' })).statusCode).toBe(200);
    const escalatedBefore = [(await inbox(handlerId, 'complaint.escalated')).length, (await inbox(coordinatorId, 'complaint.escalated')).length];
    const { escalateOverdueComplaints } = await import('./index.js');
    const { complaintTestContext } = await import('../../../test/complaints.js');
    const tenant = await t.db.owner.selectFrom('tenants').selectAll().where('slug', '=', 'makassar').executeTakeFirstOrThrow();
    const later = new Date(Date.now() + 30 * 24 * 3600 * 1000);
    expect(await escalateOverdueComplaints({ ...complaintTestContext(t, 'complaints.escalate'), tenant: tenant as never, now: () => later })).toBeGreaterThanOrEqual(1);
    expect((await inbox(handlerId, 'complaint.escalated')).length).toBeGreaterThan(escalatedBefore[0]!);
    expect((await inbox(coordinatorId, 'complaint.escalated')).length).toBeGreaterThan(escalatedBefore[1]!);
  });
});
