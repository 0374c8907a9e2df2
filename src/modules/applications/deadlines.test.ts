// Journeys across time on a real database, with the app's clock moved by the test: a revision asked
// and answered across the year-end holidays (the deadline resumes with the days it had left), a
// technical recommendation by two agencies joining, a lapsed step deemed approved by the sweeper (and
// an officer deciding too late), an escalation, a calendar amendment moving running deadlines, and a
// draft reminded, expired and deleted.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersFor, applicationTestContext, citizenWithProfile, type PublishedService, publishWithSetup, type TestCitizen, uploadsFor } from '../../../test/applications.js';
import { createTestApp, TEST_APP_SECRET, type TestApp } from '../../../test/app.js';
import { signInAs } from '../../../test/auth.js';
import { csrfTokenForSession } from '../../platform/http/csrf.js';
import { deriveKey } from '../../platform/secrets.js';
import { setCalendarOverride } from '../calendar/index.js';
import { createSession, markSecondFactor, SESSION_COOKIE } from '../identity/index.js';
import { applicationJobHandlers, DRAFTS_JOB, RECOMPUTE_JOB, SWEEP_JOB } from './jobs.js';
import { presetRiskBased, presetVerifyApproveIssue } from './workflow/index.js';

let t: TestApp;
/** The app's clock: Monday 14 December 2026, 10:00 WITA (Makassar). */
let clock = new Date('2026-12-14T02:00:00Z');
let citizen: TestCitizen;
const cookies: Record<string, string> = {};
/** Whom the sessions are for. Sessions are judged by the app's clock (12 hours at most), so moving it days ahead ends them: `at` opens new ones for the same people. */
const people: Record<string, { tenantId: string; principal: { kind: 'citizen' | 'officer'; id: string } }> = {};
async function at(iso: string) {
  clock = new Date(iso);
  for (const [name, p] of Object.entries(people)) {
    const session = await createSession(t.db.app, p.tenantId, p.principal, clock);
    if (p.principal.kind === 'officer') await markSecondFactor(t.db.app, p.tenantId, session.id);
    const cookie = `${SESSION_COOKIE}=${session.token}`;
    if (name === 'citizen') citizen = { ...citizen, cookie, csrf: csrfTokenForSession(deriveKey(TEST_APP_SECRET, 'csrf'), session.id) };
    else cookies[name] = cookie;
  }
}
const M = '/t/makassar';
const headers = (cookie?: string) => ({ 'content-type': 'application/json', ...(cookie ? { cookie } : {}) });

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' }, {}, { now: () => clock });
  citizen = await citizenWithProfile(t, 'makassar');
  const tenantId = (await applicationTestContext(t, 'makassar')).tenant.id;
  people.citizen = { tenantId, principal: { kind: 'citizen', id: citizen.id } };
  const officer = async (name: string, role: 'verifier' | 'approver' | 'agency_admin' | 'signer', agency: string) => {
    const signedIn = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role, agency }] });
    cookies[name] = signedIn.cookie;
    people[name] = { tenantId, principal: { kind: 'officer', id: (signedIn.principal as { id: string }).id } };
  };
  await officer('capil', 'verifier', 'disdukcapil');
  await officer('dpm', 'verifier', 'dpmptsp');
  await officer('dpmApprover', 'approver', 'dpmptsp');
  await officer('dpmAdmin', 'agency_admin', 'dpmptsp');
  await officer('dinkes', 'verifier', 'dinkes');
  await officer('dishub', 'verifier', 'dishub');
});
afterAll(async () => {
  await t?.close();
});

async function submit(service: PublishedService) {
  const res = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: headers(citizen.cookie), payload: { serviceId: service.serviceId, answers: answersFor(service.form, await uploadsFor(t, 'makassar', citizen, service)) } });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; trackingNumber: string };
}
const get = async (id: string, cookie = citizen.cookie) => (await t.app.inject({ url: `${M}/api/v1/applications/${id}`, headers: headers(cookie) })).json();
const act = (id: string, cookie: string, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/actions`, headers: headers(cookie), payload: body });

/** Runs a job handler in a transaction of its own, as the job runner does. */
async function runJob(kind: string, tenantId: string | null = null) {
  const handlers = applicationJobHandlers({ audit: t.audit, publicBaseUrl: 'http://localhost', now: () => clock });
  await t.db.app.transaction().execute((trx) => handlers[kind]!({ id: 1, kind, payload: {}, tenantId, attempts: 0 }, trx));
}

describe('time with the applicant', () => {
  it('resumes a deadline with the days it had left when a revision is answered after the year-end holidays', async () => {
    await at('2026-12-14T02:00:00Z');
    const service = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyApproveIssue(), now: () => clock });
    const { id } = await submit(service);
    // Received Monday the 14th: verify (3 HK) counts the 15th, 16th and 17th.
    expect((await get(id)).steps[0].dueAt).toBe('2026-12-17T23:59:59.999+08:00');
    await at('2026-12-16T07:00:00Z'); // Wednesday 15:00 WITA: two working days used, one left
    const asked = await act(id, cookies.capil!, { stepId: 'verify', action: 'request_revision', message: 'Akta nikah orang tua tidak terbaca', expectedVersion: 1 });
    expect(asked.json()).toMatchObject({ status: 'with_applicant', steps: [{ stepId: 'verify', dueAt: null }] });
    // Answered Monday the 28th, after cuti bersama (24th), Christmas (25th) and the weekend.
    await at('2026-12-28T01:00:00Z');
    const answered = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/revision`, headers: headers(citizen.cookie), payload: { expectedVersion: 2, answers: answersFor(service.form, await uploadsFor(t, 'makassar', citizen, service)) } });
    expect(answered.statusCode).toBe(200);
    expect(answered.json().steps[0].dueAt).toBe('2026-12-29T23:59:59.999+08:00');
    const detail = await get(id);
    // Agency time: the 15th and 16th before the revision, nothing while it was with the applicant.
    expect(detail.time).toMatchObject({ agencyDays: 2, running: true });
  });
});

describe('technical recommendations side by side', () => {
  it('waits for both agencies, in either order, then joins at the verification', async () => {
    await at('2026-12-14T02:00:00Z');
    const service = await publishWithSetup(t, { slug: 'makassar', agency: 'dpmptsp', code: 'slf', workflow: presetRiskBased('menengah_tinggi'), now: () => clock });
    const { id } = await submit(service);
    expect((await act(id, cookies.dpm!, { stepId: 'check', action: 'approve', expectedVersion: 1 })).json().steps.map((s: { stepId: string; agency: string }) => `${s.stepId}@${s.agency}`)).toEqual([
      'recommend-dinkes@dinkes',
      'recommend-dishub@dishub',
    ]);
    const dishubQueue = (await t.app.inject({ url: `${M}/api/v1/work-queue`, headers: headers(cookies.dishub) })).json().items;
    expect(dishubQueue.map((i: { applicationId: string; stepId: string }) => `${i.applicationId}:${i.stepId}`)).toContain(`${id}:recommend-dishub`);
    // The dishub verifier cannot give dinkes's recommendation.
    expect((await act(id, cookies.dishub!, { stepId: 'recommend-dinkes', action: 'approve', expectedVersion: 2 })).statusCode).toBe(403);
    const first = await act(id, cookies.dishub!, { stepId: 'recommend-dishub', action: 'approve', expectedVersion: 2 });
    expect(first.json().steps.map((s: { stepId: string }) => s.stepId)).toEqual(['recommend-dinkes']);
    const joined = await act(id, cookies.dinkes!, { stepId: 'recommend-dinkes', action: 'approve', expectedVersion: 3 });
    expect(joined.json().steps).toEqual([expect.objectContaining({ stepId: 'verify', agency: 'dpmptsp', role: 'verifier' })]);
    // The recommending agencies still see the application they took part in.
    expect((await get(id, cookies.dinkes)).status).toBe('in_progress');
  });
});

describe('deadlines that lapse', () => {
  let service: PublishedService;
  beforeAll(async () => {
    await at('2026-12-14T02:00:00Z');
    service = await publishWithSetup(t, { slug: 'makassar', agency: 'dpmptsp', code: 'izin-reklame', workflow: presetRiskBased('tinggi', { deemedApproval: true }), now: () => clock });
  });

  it('deems a decision approved when the sweeper finds its deadline passed (fiktif positif), recorded as such', async () => {
    await at('2026-12-14T02:00:00Z');
    const { id } = await submit(service);
    await act(id, cookies.dpm!, { stepId: 'check', action: 'approve', expectedVersion: 1 });
    const due = (await get(id)).steps[0].dueAt as string;
    expect(due).toBe('2026-12-30T23:59:59.999+08:00'); // 10 HK from the 14th, skipping the 24th–27th
    await at('2026-12-30T16:30:00Z'); // 00:30 WITA on the 31st: the sweeper comes half an hour after the lapse
    await runJob(SWEEP_JOB);
    const detail = await get(id);
    expect(detail).toMatchObject({ status: 'in_progress', deemedApprovals: [{ stepId: 'approve', at: '2026-12-30T15:59:59.999Z' }], steps: [{ stepId: 'sign' }] });
    expect(detail.statusText).toContain('dianggap disetujui');
    expect(detail.timeline.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['deemed_approved']));
    const audit = await sql<{ action: string; data: string }>`
      SELECT action, data FROM audit_pending WHERE subject = ${`application:${id}`}
      UNION ALL SELECT action, convert_from(entry, 'UTF8') FROM audit_log WHERE subject = ${`application:${id}`}`.execute(t.db.owner);
    expect(audit.rows.find((r) => r.action === 'application.deemed_approved')?.data).toContain('PP 28/2025');
    const late = await act(id, cookies.dpmApprover!, { stepId: 'approve', action: 'reject', reason: 'Terlambat', expectedVersion: detail.version });
    expect(late.statusCode).toBe(409);
  });

  it('refuses a decision made after the lapse before the sweeper came, and saves the deemed approval', async () => {
    await at('2026-12-14T02:00:00Z');
    const { id } = await submit(service);
    await act(id, cookies.dpm!, { stepId: 'check', action: 'approve', expectedVersion: 1 });
    await at('2026-12-31T01:00:00Z');
    const late = await act(id, cookies.dpmApprover!, { stepId: 'approve', action: 'reject', reason: 'Lokasi tidak sesuai', expectedVersion: 2 });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'application.lapsed', current: { deemedApproved: true, steps: [{ stepId: 'sign' }] } });
    expect((await get(id)).deemedApprovals).toHaveLength(1);
  });

  it('escalates a lapsed check to the agency’s administrator, with a badge in their queue', async () => {
    await at('2026-12-14T02:00:00Z');
    const { id } = await submit(service);
    await at('2026-12-17T02:00:00Z'); // the check's 2 HK ran out at the end of the 16th
    await runJob(SWEEP_JOB);
    const queue = (await t.app.inject({ url: `${M}/api/v1/work-queue`, headers: headers(cookies.dpmAdmin) })).json().items;
    const item = queue.find((i: { applicationId: string }) => i.applicationId === id);
    expect(item).toMatchObject({ stepId: 'check', role: 'agency_admin', badges: ['escalated'] });
    const officerView = await get(id, cookies.dpmAdmin);
    expect(officerView.timeline.find((e: { action: string }) => e.action === 'deadline_lapsed')).toMatchObject({ internal: true });
    expect((await get(id)).timeline.some((e: { action: string }) => e.action === 'deadline_lapsed')).toBe(false);
  });
});

describe('a calendar amendment', () => {
  it('moves running deadlines (a job queued with the amendment), audited and told', async () => {
    await at('2026-12-14T02:00:00Z');
    const service = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kematian', workflow: presetVerifyApproveIssue(), now: () => clock });
    const { id } = await submit(service);
    expect((await get(id)).steps[0].dueAt).toBe('2026-12-17T23:59:59.999+08:00');
    const ctx = await applicationTestContext(t, 'makassar', { kind: 'officer', id: crypto.randomUUID() }, () => clock);
    await setCalendarOverride(ctx, { date: '2026-12-16', action: 'add', type: 'regional_holiday', name: 'Hari jadi (contoh)', source: 'Keputusan Wali Kota (contoh)' });
    const jobs = await sql<{ tenant_id: string }>`SELECT tenant_id FROM jobs WHERE kind = ${RECOMPUTE_JOB}`.execute(t.db.owner);
    expect(jobs.rows.map((j) => j.tenant_id)).toEqual([ctx.tenant.id]);
    await runJob(RECOMPUTE_JOB, ctx.tenant.id);
    const detail = await get(id, cookies.capil);
    expect(detail.steps[0].dueAt).toBe('2026-12-18T23:59:59.999+08:00');
    expect(detail.timeline.map((e: { action: string }) => e.action)).toContain('deadline_recomputed');
  });
});

describe('drafts', () => {
  it('are reminded before they expire, refused once expired, then deleted', async () => {
    await at('2026-12-14T02:00:00Z');
    const service = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'kia', workflow: presetVerifyApproveIssue(), now: () => clock });
    const url = `${M}/api/v1/me/application-drafts/${service.serviceId}`;
    expect((await t.app.inject({ method: 'PUT', url, headers: headers(citizen.cookie), payload: { answers: { declaration: true } } })).statusCode).toBe(200);
    await at('2027-01-11T02:00:00Z'); // 28 days later: within the 3 days before the 30-day expiry
    await runJob(DRAFTS_JOB);
    const inbox = (await t.app.inject({ url: `${M}/api/v1/me/notifications`, headers: headers(citizen.cookie) })).json().items;
    expect(inbox.some((i: { event: string }) => i.event === 'application.draft_expiring')).toBe(true);
    await at('2027-01-14T02:00:01Z');
    expect((await t.app.inject({ url, headers: headers(citizen.cookie) })).statusCode).toBe(410);
    const submitted = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: headers(citizen.cookie), payload: { serviceId: service.serviceId } });
    expect(submitted.statusCode).toBe(410);
    expect(submitted.json().code).toBe('application.draft_expired');
    await runJob(DRAFTS_JOB);
    expect((await t.app.inject({ url, headers: headers(citizen.cookie) })).statusCode).toBe(404);
  });
});
