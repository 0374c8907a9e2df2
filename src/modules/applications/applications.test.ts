// API journeys of applications on a real database (app.inject): a citizen applies for a published
// service (Idempotency-Key: one application however often the submit is sent; every bad input
// refused), officers process it through the workflow (a stale version or a step that moved on is a
// 409 with the current state; of two officers acting at once exactly one succeeds), notes stay
// internal, messages reach the applicant, queues sort and badge, tracking refuses unknown numbers and
// wrong dates alike and throttles, and another citizen, agency or tenant is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersFor, citizenWithProfile, type PublishedService, publishWithSetup, type TestCitizen, uploadsFor } from '../../../test/applications.js';
import type { FileRef } from './index.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { signInAs } from '../../../test/auth.js';
import { presetVerifyApproveIssue } from './workflow/index.js';

let t: TestApp;
let birth: PublishedService;
let applicant: TestCitizen;
let other: TestCitizen;
let applicantFiles: Record<string, FileRef[]>;
let otherFiles: Record<string, FileRef[]>;
const officers: Record<string, string> = {};

const M = '/t/makassar';
const headers = (cookie?: string, extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', ...(cookie ? { cookie } : {}), ...extra });

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  birth = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyApproveIssue() });
  applicant = await citizenWithProfile(t, 'makassar', { birthDate: '1990-03-12' });
  other = await citizenWithProfile(t, 'makassar');
  applicantFiles = await uploadsFor(t, 'makassar', applicant, birth);
  otherFiles = await uploadsFor(t, 'makassar', other, birth);
  const officer = async (name: string, grants: Parameters<typeof signInAs>[2] & { kind: 'officer' }, slug = 'makassar') => {
    officers[name] = (await signInAs(t, slug, grants)).cookie;
  };
  await officer('verifier', { kind: 'officer', grants: [{ role: 'verifier', agency: 'disdukcapil' }] });
  await officer('verifier2', { kind: 'officer', grants: [{ role: 'verifier', agency: 'disdukcapil' }] });
  await officer('approver', { kind: 'officer', grants: [{ role: 'approver', agency: 'disdukcapil' }] });
  await officer('signer', { kind: 'officer', grants: [{ role: 'signer', agency: 'disdukcapil' }] });
  await officer('admin', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'disdukcapil' }] });
  await officer('dinkes', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dinkes' }] });
  await officer('otherTenant', { kind: 'officer', grants: [{ role: 'tenant_admin' }] }, 'jateng');
});
afterAll(async () => {
  await t?.close();
});

async function submit(cookie = applicant.cookie, answers: unknown = answersFor(birth.form, applicantFiles), key?: string) {
  return t.app.inject({
    method: 'POST',
    url: `${M}/api/v1/applications`,
    headers: headers(cookie, key ? { 'idempotency-key': key } : {}),
    payload: { serviceId: birth.serviceId, answers },
  });
}

async function get(id: string, cookie: string) {
  return t.app.inject({ url: `${M}/api/v1/applications/${id}`, headers: headers(cookie) });
}

async function act(id: string, cookie: string, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/actions`, headers: headers(cookie), payload: body });
}

describe('applying', () => {
  it('shows the form of a service with an online application, and says when a service has none', async () => {
    const online = await t.app.inject(`${M}/api/v1/services/${birth.serviceId}/application-form`);
    expect(online.statusCode).toBe(200);
    expect(online.json()).toMatchObject({ online: true, versionId: birth.versionId });
    expect(online.json().form.groups.length).toBeGreaterThan(0);
    const services = (await t.app.inject({ url: `${M}/api/v1/services` })).json() as { items: { id: string; code: string }[] };
    const without = services.items.find((s) => s.code === 'ktp-el')!;
    const offline = await t.app.inject(`${M}/api/v1/services/${without.id}/application-form`);
    expect(offline.json()).toMatchObject({ online: false, form: null });
    const refused = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: headers(applicant.cookie), payload: { serviceId: without.id, answers: {} } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('application.not_online');
  });

  it('makes one application however often a submit with the same Idempotency-Key is sent', async () => {
    const key = `submit-${crypto.randomUUID()}`;
    const [a, b] = await Promise.all([submit(applicant.cookie, answersFor(birth.form, applicantFiles), key), submit(applicant.cookie, answersFor(birth.form, applicantFiles), key)]);
    const again = await submit(applicant.cookie, answersFor(birth.form, applicantFiles), key);
    expect([a.statusCode, b.statusCode, again.statusCode]).toEqual([201, 201, 201]);
    expect(new Set([a.json().id, b.json().id, again.json().id]).size).toBe(1);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(a.json()).toMatchObject({ trackingNumber: expect.stringMatching(/^PMH-[2-9A-Z]{4}-[2-9A-Z]{4}$/), current: { status: 'in_progress', steps: [{ stepId: 'verify', role: 'verifier', agency: 'disdukcapil' }] } });
    const mine = (await t.app.inject({ url: `${M}/api/v1/me/applications`, headers: headers(applicant.cookie) })).json() as { items: { id: string }[] };
    expect(mine.items.filter((i) => i.id === a.json().id)).toHaveLength(1);
    // The same key with another body is refused.
    const changed = await submit(applicant.cookie, { ...answersFor(birth.form, applicantFiles), declaration: false }, key);
    expect(changed.statusCode).toBe(422);
  });

  it('refuses missing and malformed answers with a field error each', async () => {
    const answers = answersFor(birth.form, applicantFiles);
    const fileField = birth.form.groups.flatMap((g) => g.fields).find((f) => f.type === 'file')!;
    delete answers[fileField.id];
    answers.declaration = false;
    const missing = await submit(applicant.cookie, answers);
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(
      expect.arrayContaining([`/answers/${fileField.id}:required`, '/answers/declaration:required']),
    );
    const wrongType = await submit(applicant.cookie, { ...answersFor(birth.form, applicantFiles), [fileField.id]: [{ fileId: 'x', name: 'a.exe', mime: 'application/x-msdownload', size: 10 }] });
    expect(wrongType.statusCode).toBe(422);
    expect(wrongType.json().errors[0]).toMatchObject({ field: `/answers/${fileField.id}/0`, code: 'file' });
    const notObject = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: headers(applicant.cookie), payload: { serviceId: birth.serviceId, answers: 'semua' } });
    expect(notObject.statusCode).toBe(400);
    const unknownService = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: headers(applicant.cookie), payload: { serviceId: crypto.randomUUID(), answers: {} } });
    expect(unknownService.statusCode).toBe(404);
  });

  it('keeps a draft as typed, resumes it, submits it, and refuses a submit without one', async () => {
    const url = `${M}/api/v1/me/application-drafts/${birth.serviceId}`;
    const partial = { declaration: true, req_1: 'bukan berkas' };
    const saved = await t.app.inject({ method: 'PUT', url, headers: headers(other.cookie), payload: { answers: partial } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().answers).toEqual(partial);
    expect(saved.json().problems.map((p: { field: string }) => p.field)).toContain('/answers/req_1/0');
    // Another device: the same draft.
    expect((await t.app.inject({ url, headers: headers(other.cookie) })).json().answers).toEqual(partial);
    expect((await t.app.inject({ url, headers: headers(applicant.cookie) })).statusCode).toBe(404);
    await t.app.inject({ method: 'PUT', url, headers: headers(other.cookie), payload: { answers: answersFor(birth.form, otherFiles) } });
    const fromDraft = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: headers(other.cookie), payload: { serviceId: birth.serviceId } });
    expect(fromDraft.statusCode).toBe(201);
    expect((await t.app.inject({ url, headers: headers(other.cookie) })).statusCode).toBe(404);
    const noDraft = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: headers(other.cookie), payload: { serviceId: birth.serviceId } });
    expect(noDraft.statusCode).toBe(404);
  });

  it('makes one application of a draft submitted twice at once without an Idempotency-Key', async () => {
    const url = `${M}/api/v1/me/application-drafts/${birth.serviceId}`;
    const fromDraft = () => t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: headers(other.cookie), payload: { serviceId: birth.serviceId } });
    const count = async () => ((await t.app.inject({ url: `${M}/api/v1/me/applications?limit=100`, headers: headers(other.cookie) })).json() as { items: unknown[] }).items.length;
    // Several rounds: each pair races on the same draft; the draft's row lock lets one through.
    for (let round = 0; round < 4; round++) {
      await t.app.inject({ method: 'PUT', url, headers: headers(other.cookie), payload: { answers: answersFor(birth.form, otherFiles) } });
      const before = await count();
      const answers = await Promise.all([fromDraft(), fromDraft()]);
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 404]);
      expect(answers.find((a) => a.statusCode === 404)!.json().code).toBe('application.draft_not_found');
      expect(await count()).toBe(before + 1);
    }
  });
});

describe('who sees an application', () => {
  let id: string;
  beforeAll(async () => {
    id = (await submit()).json().id;
  });

  it('its applicant and the agency’s officers; another citizen, agency or tenant gets nothing', async () => {
    expect((await get(id, applicant.cookie)).statusCode).toBe(200);
    expect((await get(id, officers.verifier!)).statusCode).toBe(200);
    expect((await get(id, other.cookie)).statusCode).toBe(404);
    expect((await get(id, officers.dinkes!)).statusCode).toBe(404);
    expect((await get(id, officers.otherTenant!)).statusCode).toBe(401);
    expect((await t.app.inject({ url: `/t/jateng/api/v1/applications/${id}`, headers: headers(officers.otherTenant) })).statusCode).toBe(404);
    const withdraw = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/withdraw`, headers: headers(other.cookie), payload: {} });
    expect(withdraw.statusCode).toBe(404);
    expect((await act(id, officers.dinkes!, { stepId: 'verify', action: 'approve', expectedVersion: 1 })).statusCode).toBe(404);
    expect((await act(id, applicant.cookie, { stepId: 'verify', action: 'approve', expectedVersion: 1 })).statusCode).toBe(403);
  });

  it('shows the time against the standard and what each may do', async () => {
    const mine = (await get(id, applicant.cookie)).json();
    expect(mine.time).toMatchObject({ standardLimit: expect.any(Number), running: true });
    expect(mine.actions.map((a: { type: string }) => a.type)).toEqual(['withdrawn']);
    expect(mine.notes).toBeUndefined();
    const officer = (await get(id, officers.verifier!)).json();
    expect(officer.actions.map((a: { type: string }) => a.type)).toEqual(['approve', 'reject', 'request_revision', 'escalate']);
    expect(officer.notes).toEqual([]);
    expect((await get(id, officers.approver!)).json().actions).toEqual([]);
  });
});

describe('processing', () => {
  it('walks verify → approve → sign → issued, refusing a stale version and a step that moved on with the current state', async () => {
    const { id } = (await submit()).json();
    const noReason = await act(id, officers.verifier!, { stepId: 'verify', action: 'reject', expectedVersion: 1 });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].field).toBe('/reason');
    expect((await act(id, officers.verifier!, { stepId: 'verify', action: 'approve', expectedVersion: 1 })).json()).toMatchObject({ version: 2, steps: [{ stepId: 'approve' }] });
    const stale = await act(id, officers.approver!, { stepId: 'approve', action: 'approve', expectedVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'application.stale', current: { version: 2, steps: [{ stepId: 'approve' }] } });
    const movedOn = await act(id, officers.verifier!, { stepId: 'verify', action: 'approve', expectedVersion: 2 });
    expect(movedOn.statusCode).toBe(409);
    expect(movedOn.json()).toMatchObject({ code: 'application.step_not_active', current: { version: 2 } });
    expect((await act(id, officers.approver!, { stepId: 'approve', action: 'approve', expectedVersion: 2 })).json().steps[0].stepId).toBe('sign');
    const signed = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/events`, headers: headers(officers.signer), payload: { event: 'signed', expectedVersion: 3, note: 'Ditandatangani basah oleh Kepala Dinas' } });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'closed', outcome: 'issued' });
    const seen = (await get(id, applicant.cookie)).json();
    expect(seen.statusText).toBe('Selesai: dokumen diterbitkan');
    expect(seen.timeline.map((e: { action: string }) => e.action)).toEqual(['submitted', 'approved_step', 'approved_step', 'event_received', 'closed']);
  });

  it('lets exactly one of two officers acting on the same step at once succeed', async () => {
    const { id } = (await submit()).json();
    const [a, b] = await Promise.all([
      act(id, officers.verifier!, { stepId: 'verify', action: 'approve', expectedVersion: 1 }),
      act(id, officers.verifier2!, { stepId: 'verify', action: 'reject', reason: 'Berkas tidak terbaca', expectedVersion: 1 }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json().current.version).toBe(2);
  });

  it('sends a revision request to the applicant and resumes when they answer', async () => {
    const { id } = (await submit()).json();
    const asked = await act(id, officers.verifier!, { stepId: 'verify', action: 'request_revision', message: 'Unggah ulang KK yang terbaca', expectedVersion: 1 });
    expect(asked.json()).toMatchObject({ status: 'with_applicant' });
    expect((await act(id, officers.verifier!, { stepId: 'verify', action: 'approve', expectedVersion: 2 })).json().code).toBe('application.with_applicant');
    // The queue's "with the applicant" filter holds it (its own index, 0080); the agency's move does not.
    const queued = async (status: string) =>
      ((await t.app.inject({ url: `${M}/api/v1/work-queue?scope=agency&status=${status}&limit=100`, headers: headers(officers.verifier) })).json().items as { applicationId: string; status: string }[]);
    const paused = await queued('with_applicant');
    expect(paused.map((i) => i.applicationId)).toContain(id);
    expect(paused.every((i) => i.status === 'with_applicant')).toBe(true);
    expect((await queued('in_progress')).map((i) => i.applicationId)).not.toContain(id);
    const mine = (await t.app.inject({ url: `${M}/api/v1/me/applications`, headers: headers(applicant.cookie) })).json().items.find((i: { id: string }) => i.id === id);
    expect(mine).toMatchObject({ applicantTodo: 'revise', statusText: 'Menunggu perbaikan dari Anda' });
    const detail = (await get(id, applicant.cookie)).json();
    expect(detail.revision.message).toBe('Unggah ulang KK yang terbaca');
    expect(detail.time.running).toBe(false);
    const bad = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/revision`, headers: headers(applicant.cookie), payload: { expectedVersion: 2, answers: {} } });
    expect(bad.statusCode).toBe(422);
    const answered = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/revision`, headers: headers(applicant.cookie), payload: { expectedVersion: 2, answers: answersFor(birth.form, applicantFiles) } });
    expect(answered.json()).toMatchObject({ status: 'in_progress', version: 3, steps: [{ stepId: 'verify' }] });
    expect((await get(id, officers.verifier!)).json().answerRounds).toBe(2);
  });

  it('keeps internal notes from the applicant and brings officers’ messages to them', async () => {
    const { id, trackingNumber } = (await submit()).json();
    const note = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/notes`, headers: headers(officers.verifier), payload: { body: 'Cek ulang nama ayah di KK' } });
    expect(note.statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/notes`, headers: headers(applicant.cookie), payload: { body: 'x' } })).statusCode).toBe(403);
    const message = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/messages`, headers: headers(officers.verifier), payload: { body: 'Mohon tunggu, berkas sedang diperiksa.' } });
    expect(message.statusCode).toBe(201);
    await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/messages`, headers: headers(applicant.cookie), payload: { body: 'Terima kasih.' } });
    const seen = (await get(id, applicant.cookie)).json();
    expect(seen.notes).toBeUndefined();
    expect(JSON.stringify(seen)).not.toContain('nama ayah');
    expect(seen.messages.map((m: { sender: string }) => m.sender)).toEqual(['officer', 'applicant']);
    expect((await get(id, officers.verifier!)).json().notes[0].body).toBe('Cek ulang nama ayah di KK');
    const inbox = await t.app.inject({ url: `${M}/api/v1/me/notifications`, headers: headers(applicant.cookie) });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().items.filter((i: { text: string }) => i.text.includes(trackingNumber))).toHaveLength(2); // received, and the message
  });

  it('withdraws at the applicant’s request', async () => {
    const { id } = (await submit()).json();
    const withdrawn = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${id}/withdraw`, headers: headers(applicant.cookie), payload: { reason: 'Salah layanan' } });
    expect(withdrawn.json()).toMatchObject({ status: 'closed', outcome: 'withdrawn' });
    expect((await get(id, applicant.cookie)).json().timeline.at(-2)).toMatchObject({ action: 'withdrawn', text: 'Salah layanan' });
  });
});

describe('the work queue', () => {
  it('lists the agency’s steps by deadline with badges, a page at a time; claims and assignments', async () => {
    const first = (await submit()).json();
    await submit();
    const page1 = await t.app.inject({ url: `${M}/api/v1/work-queue?limit=1`, headers: headers(officers.verifier) });
    expect(page1.statusCode).toBe(200);
    expect(page1.json().items).toHaveLength(1);
    expect(page1.json().items[0]).toMatchObject({ stepId: 'verify', role: 'verifier', agency: { code: 'disdukcapil' }, stepName: { id: 'Verifikasi berkas' } });
    const page2 = await t.app.inject({ url: `${M}/api/v1/work-queue?limit=1&cursor=${page1.json().nextCursor}`, headers: headers(officers.verifier) });
    expect(page2.json().items[0].taskId).not.toBe(page1.json().items[0].taskId);
    expect((await t.app.inject({ url: `${M}/api/v1/work-queue`, headers: headers(officers.dinkes) })).json().items).toEqual([]);
    expect((await t.app.inject({ url: `${M}/api/v1/work-queue`, headers: headers(officers.approver) })).json().items.every((i: { role: string }) => i.role === 'approver')).toBe(true);
    expect((await t.app.inject({ url: `${M}/api/v1/work-queue?cursor=nonsense`, headers: headers(officers.verifier) })).statusCode).toBe(400);

    const claim = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${first.id}/steps/verify/claim`, headers: { cookie: officers.verifier! } });
    expect(claim.statusCode).toBe(204);
    const mine = (await t.app.inject({ url: `${M}/api/v1/work-queue?scope=mine`, headers: headers(officers.verifier) })).json();
    expect(mine.items.map((i: { applicationId: string }) => i.applicationId)).toEqual([first.id]);
    const taken = await act(first.id, officers.verifier2!, { stepId: 'verify', action: 'approve', expectedVersion: 1 });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('application.claimed');
    expect((await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${first.id}/steps/verify/claim`, headers: { cookie: officers.verifier2! } })).statusCode).toBe(409);

    const verifier2Id = (await t.app.inject({ url: `${M}/api/v1/me`, headers: headers(officers.verifier2) })).json().id as string;
    const byVerifier = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${first.id}/steps/verify/assign`, headers: headers(officers.verifier), payload: { officerId: verifier2Id } });
    expect(byVerifier.statusCode).toBe(403);
    const approverId = (await t.app.inject({ url: `${M}/api/v1/me`, headers: headers(officers.approver) })).json().id as string;
    const wrongRole = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${first.id}/steps/verify/assign`, headers: headers(officers.admin), payload: { officerId: approverId } });
    expect(wrongRole.statusCode).toBe(400);
    const assigned = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/${first.id}/steps/verify/assign`, headers: headers(officers.admin), payload: { officerId: verifier2Id } });
    expect(assigned.statusCode).toBe(204);
    expect((await act(first.id, officers.verifier2!, { stepId: 'verify', action: 'approve', expectedVersion: 1 })).statusCode).toBe(200);
    const timeline = (await get(first.id, officers.admin!)).json().timeline.map((e: { action: string; internal: boolean }) => `${e.action}${e.internal ? '*' : ''}`);
    expect(timeline).toEqual(['submitted', 'claimed*', 'assigned*', 'approved_step']);
    expect((await get(first.id, applicant.cookie)).json().timeline.map((e: { action: string }) => e.action)).toEqual(['submitted', 'approved_step']);
  });
});

describe('tracking', () => {
  it('answers the number with the birth date, refuses an unknown number and a wrong date alike, and throttles', async () => {
    const { trackingNumber } = (await submit()).json();
    const track = (body: Record<string, string>, ip = '10.0.0.1') =>
      t.app.inject({ method: 'POST', url: `${M}/api/v1/applications/track`, headers: headers(undefined), payload: body, remoteAddress: ip });
    const ok = await track({ trackingNumber: trackingNumber.toLowerCase().replace(/-/g, ' '), birthDate: applicant.birthDate });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ trackingNumber, status: 'in_progress', currentSteps: ['Verifikasi berkas'], time: { running: true } });
    expect(JSON.stringify(ok.json())).not.toContain(applicant.id);
    const wrongDate = await track({ trackingNumber, birthDate: '1990-03-13' });
    const unknown = await track({ trackingNumber: 'PMH-2222-2222', birthDate: applicant.birthDate });
    expect([wrongDate.statusCode, unknown.statusCode]).toEqual([404, 404]);
    const strip = (r: typeof wrongDate) => ({ ...r.json(), requestId: undefined, instance: undefined });
    expect(strip(wrongDate)).toEqual(strip(unknown));
    // The number's failures so far: wrongDate (1); three free in all, then a delay.
    await track({ trackingNumber, birthDate: '1990-03-14' }, '10.0.0.2');
    await track({ trackingNumber, birthDate: '1990-03-15' }, '10.0.0.3');
    const fourth = await track({ trackingNumber, birthDate: '1990-03-16' }, '10.0.0.4');
    expect(fourth.statusCode).toBe(404);
    const throttled = await track({ trackingNumber, birthDate: applicant.birthDate }, '10.0.0.5');
    expect(throttled.statusCode).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
  });
});
