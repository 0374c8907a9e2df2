// Waiting rooms on a real PostgreSQL: the tenant admin sizes a service's room (another tenant, other
// roles refused; bad values answered field by field in the user's language); citizens beyond the room
// queue and enter in the order they came, whoever asks first; admission keeps to the rate and to the
// slowest dependency's quota; eligibility is checked before a ticket is issued; a full queue answers 429
// with Retry-After; officers, citizens of other services and anonymous visitors pass untouched.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { answersFor, applicationTestContext, citizenWithProfile, type PublishedService, publishWithSetup, type TestCitizen } from '../../../test/applications.js';
import { signInAs, type SignedIn } from '../../../test/auth.js';
import { checkThenClose } from '../../../test/documents.js';
import { formWithOptionalUploads } from '../../../test/payments.js';
import { getApplyInfo } from '../applications/index.js';
import { listAgencyServices } from '../catalog/index.js';
import { listAgencies } from '../tenancy/index.js';
import { admissionSize, DEFAULT_SETTINGS, type RoomSettings } from './index.js';
import { dayStartIn } from './service.js';

let t: TestApp;
let clock = new Date();
let ppdb: PublishedService;
let nib: PublishedService;
let admin: SignedIn;
const M = '/t/makassar';
const html = (cookie?: string) => ({ accept: 'text/html', ...(cookie ? { cookie } : {}) });
const json = (cookie: string) => ({ cookie, 'content-type': 'application/json', accept: 'application/json' });

function saveRoom(who: SignedIn, serviceId: string, settings: Partial<RoomSettings>, prefix = M) {
  return t.app.inject({ method: 'PUT', url: `${prefix}/api/v1/services/${serviceId}/waiting-room`, headers: json(who.cookie), payload: { ...DEFAULT_SETTINGS, enabled: true, ...settings } });
}
/** Saves as a tenant admin signed in now (the tests move the clock past sessions' lifetimes). */
const room = async (serviceId: string, settings: Partial<RoomSettings>) => saveRoom(await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] }), serviceId, settings);
const applyPage = (c: TestCitizen, serviceId = ppdb.serviceId) => t.app.inject({ method: 'GET', url: `${M}/permohonan/ajukan/${serviceId}`, headers: html(c.cookie) });
const submit = (c: TestCitizen, service = ppdb) =>
  t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: json(c.cookie), payload: { serviceId: service.serviceId, answers: answersFor(service.form) } });
const isQueuePage = (body: string) => body.includes('http-equiv="refresh"') && body.includes('Antrean layanan');
const tickets = (serviceId: string) => t.db.owner.selectFrom('waiting_room_tickets').selectAll().where('service_id', '=', serviceId).orderBy('seq').execute();
const citizens = (n: number) => Promise.all(Array.from({ length: n }, () => citizenWithProfile(t, 'makassar')));

beforeAll(async () => {
  t = await createTestApp({}, {}, { now: () => clock });
  ppdb = await publishWithSetup(t, { slug: 'makassar', agency: 'disdik', code: 'ppdb', workflow: checkThenClose('issued'), form: formWithOptionalUploads, now: () => clock });
  nib = await publishWithSetup(t, { slug: 'makassar', agency: 'dpmptsp', code: 'nib', workflow: checkThenClose('issued'), form: formWithOptionalUploads, now: () => clock });
  admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
}, 60_000);
afterAll(() => t?.close());

describe('the admin’s setting', () => {
  it('is the tenant admin’s: another tenant finds no such service, other roles and citizens are refused', async () => {
    const ok = await saveRoom(admin, ppdb.serviceId, { enabled: false, maxActive: 5, admitPerMinute: 30, paymentPerMinute: 10, registryDailyQuota: 1000 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().admission).toEqual({ perMinute: 10, limitedBy: 'payment', perDay: 1000, maxActive: 5 });
    const read = await t.app.inject({ method: 'GET', url: `${M}/api/v1/services/${ppdb.serviceId}/waiting-room`, headers: json(admin.cookie) });
    expect(read.json().settings.paymentPerMinute).toBe(10);

    const otherAdmin = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect((await saveRoom(otherAdmin, ppdb.serviceId, {}, '/t/jateng')).statusCode).toBe(404);
    const agencyAdmin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'disdik' }] });
    expect((await saveRoom(agencyAdmin, ppdb.serviceId, {})).statusCode).toBe(403);
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    expect((await saveRoom(citizen, ppdb.serviceId, {})).statusCode).toBe(403);
    const page = await t.app.inject({ method: 'GET', url: `${M}/kelola/ruang-tunggu/${ppdb.serviceId}`, headers: html(agencyAdmin.cookie) });
    expect(page.statusCode).toBe(403);
  });

  it('refuses values out of range, beside the field, in the user’s language; nothing saved changes', async () => {
    const res = await saveRoom(admin, ppdb.serviceId, { maxActive: 50, maxQueue: 10 });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ field: '/maxQueue', message: 'Panjang antrean paling sedikit sama dengan jumlah warga di formulir.' })]);
    const read = await t.app.inject({ method: 'GET', url: `${M}/api/v1/services/${ppdb.serviceId}/waiting-room`, headers: json(admin.cookie) });
    expect(read.json().settings.maxActive).toBe(5);
    // The page form too: a word where a number belongs comes back with the error and what was typed.
    const form = await t.app.inject({ method: 'GET', url: `${M}/kelola/ruang-tunggu/${ppdb.serviceId}`, headers: html(admin.cookie) });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('gerbang pembayaran');
  });

  it('derives admission from the slowest dependency', () => {
    expect(admissionSize({ ...DEFAULT_SETTINGS, admitPerMinute: 60, paymentPerMinute: 90, signingPerMinute: 12 })).toMatchObject({ perMinute: 12, limitedBy: 'signing' });
    expect(admissionSize({ ...DEFAULT_SETTINGS, admitPerMinute: 60 })).toMatchObject({ perMinute: 60, limitedBy: 'app', perDay: null });
  });
});

describe('the queue', () => {
  it('lets citizens in in the order they came, whoever asks first; a full queue answers 429 with Retry-After', async () => {
    expect((await room(ppdb.serviceId, { maxActive: 2, admitPerMinute: 100, maxQueue: 3 })).statusCode).toBe(200);
    const [c1, c2, c3, c4, c5, c6] = await citizens(6);
    expect((await applyPage(c1!)).body).not.toContain('http-equiv="refresh"');
    expect(isQueuePage((await applyPage(c2!)).body)).toBe(false);
    const third = await applyPage(c3!);
    expect(third.statusCode).toBe(200);
    expect(isQueuePage(third.body)).toBe(true);
    expect(third.body).toContain('Anda berikutnya.');
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(5);
    // The queue page marks the journey's path for nginx's surge wall (the queued citizens' bucket);
    // the form a citizen is let in to carries no such mark.
    expect(third.headers['set-cookie']).toEqual(expect.stringMatching(new RegExp(`^gerbang_queue=1; Max-Age=86400; Path=${M}/permohonan/ajukan/${ppdb.serviceId}; .*HttpOnly; Secure; SameSite=Lax`)));
    expect((await applyPage(c2!)).headers['set-cookie']).toBeUndefined();
    expect((await applyPage(c4!)).body).toContain('Di depan Anda: 1 orang');
    // The API answers a queued citizen 429 with the place, in their language.
    const queued = await t.app.inject({ method: 'POST', url: `${M}/api/v1/applications`, headers: { ...json(c5!.cookie), 'accept-language': 'en' }, payload: { serviceId: ppdb.serviceId, answers: answersFor(ppdb.form) } });
    expect(queued.statusCode).toBe(429);
    expect(queued.json()).toMatchObject({ code: 'waiting_room.queued', ahead: 2 });
    expect(queued.json().title).toContain('2 people ahead of you');
    expect(queued.headers['retry-after']).toBeDefined();
    // Beyond the queue's length: 429, told when to come back, as a page in a browser.
    const full = await applyPage(c6!);
    expect(full.statusCode).toBe(429);
    expect(full.headers['retry-after']).toBe('60');
    expect(full.body).toContain('Antrean layanan ini sedang penuh');

    // c1 submits: the place goes to c3, the first in line — c5 asking first changes nothing.
    expect((await submit(c1!)).statusCode).toBe(201);
    expect((await applyPage(c5!)).body).toContain('Di depan Anda: 1 orang');
    expect(isQueuePage((await applyPage(c3!)).body)).toBe(false);
    expect((await submit(c3!)).statusCode).toBe(201);
    expect((await applyPage(c5!)).body).toContain('Anda berikutnya.');
    expect(isQueuePage((await applyPage(c4!)).body)).toBe(false);
    const order = (await tickets(ppdb.serviceId)).filter((x) => x.admitted_at).map((x) => x.citizen_id);
    expect(order).toEqual([c1!.id, c2!.id, c3!.id, c4!.id]);
  });

  it('keeps to the admission rate: the third of a minute waits for the next minute', async () => {
    expect((await room(ppdb.serviceId, { enabled: false })).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 3600_000); // every earlier admission over
    expect((await room(ppdb.serviceId, { maxActive: 100, admitPerMinute: 2, windowMinutes: 5, maxQueue: 100 })).statusCode).toBe(200);
    const [a, b, c] = await citizens(3);
    expect(isQueuePage((await applyPage(a!)).body)).toBe(false);
    expect(isQueuePage((await applyPage(b!)).body)).toBe(false);
    expect(isQueuePage((await applyPage(c!)).body)).toBe(true);
    clock = new Date(clock.getTime() + 61_000);
    expect(isQueuePage((await applyPage(c!)).body)).toBe(false);
  });

  it('keeps to the registry’s daily quota: no ticket beyond what today can admit', async () => {
    clock = new Date(clock.getTime() + 3600_000);
    // Today in Makassar's time (WITA), as the room counts it: the machine's own date differed from it
    // for eight hours a day, and the test failed when run then.
    const dayStart = dayStartIn('Asia/Makassar', clock);
    const today = (await tickets(ppdb.serviceId)).filter((x) => x.admitted_at && new Date(x.admitted_at) >= dayStart).length;
    expect((await room(ppdb.serviceId, { maxActive: 100, admitPerMinute: 100, maxQueue: 100, registryDailyQuota: today + 1 })).statusCode).toBe(200);
    const [a, b] = await citizens(2);
    expect(isQueuePage((await applyPage(a!)).body)).toBe(false);
    const refused = await t.app.inject({ method: 'GET', url: `${M}/api/v1/me/application-drafts/${ppdb.serviceId}`, headers: json(b!.cookie) });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().code).toBe('waiting_room.quota_reached');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await tickets(ppdb.serviceId)).some((x) => x.citizen_id === b!.id)).toBe(false);
  });
});

describe('in a rush', () => {
  it('never waits for another request’s turn at admission, and a crowd at once never overfills the room', async () => {
    expect((await room(ppdb.serviceId, { enabled: false })).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 3600_000);
    expect((await room(ppdb.serviceId, { maxActive: 3, admitPerMinute: 100, maxQueue: 100 })).statusCode).toBe(200);
    const { id: tenantId } = await t.db.owner.selectFrom('tenants').select('id').where('slug', '=', 'makassar').executeTakeFirstOrThrow();
    const [late, ...crowd] = await citizens(13);

    // Another request (of any process) admitting right now: a newcomer is not held behind it — it gets
    // its ticket and its place at once, and its admission is left to the one admitting. (Waiting for
    // that lock held a database connection per queued request: a surge took every connection.)
    await t.db.owner.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`waiting-room:${tenantId}:${ppdb.serviceId}`}, 0))`.execute(trx);
      const page = await applyPage(late!);
      expect(isQueuePage(page.body)).toBe(true);
      expect(page.body).toContain('Anda berikutnya.');
    });
    // The next request that finds admission free lets them in.
    expect(isQueuePage((await applyPage(late!)).body)).toBe(false);

    // Twelve at once: never more than the room's three inside, whoever took the turn to admit.
    const pages = await Promise.all(crowd.map((c) => applyPage(c)));
    expect(pages.every((p) => p.statusCode === 200)).toBe(true);
    const inside = () => tickets(ppdb.serviceId).then((all) => all.filter((x) => x.admitted_at && !x.finished_at));
    expect((await inside()).length).toBeLessThanOrEqual(3);
    for (const c of crowd) await applyPage(c);
    const admitted = await inside();
    expect(admitted.length).toBe(3);
    // Tickets taken in the same instant may go in either order (one of them may commit first); once
    // in line, a freed place goes to the first in line, whoever asks.
    const holder = [late!, ...crowd].find((c) => c.id === admitted[0]!.citizen_id)!;
    expect((await submit(holder)).statusCode).toBe(201);
    const first = (await tickets(ppdb.serviceId)).filter((x) => !x.admitted_at && !x.finished_at)[0]!;
    for (const c of [...crowd].reverse()) await applyPage(c);
    const now = await inside();
    expect(now.length).toBe(3);
    expect(now.map((x) => x.citizen_id)).toContain(first.citizen_id);
  });
});

describe('before and beside the queue', () => {
  it('checks eligibility before a ticket: a service without online applications, a citizen below its assurance', async () => {
    const ctx = await applicationTestContext(t, 'makassar');
    const disdik = (await listAgencies(t.db.app, ctx.tenant)).find((x) => x.code === 'disdik')!;
    const legalisir = (await listAgencyServices(ctx, disdik.id)).find((s) => s.code === 'legalisir-ijazah')!;
    expect((await getApplyInfo(ctx, legalisir.id)).online).toBe(false);
    expect((await room(legalisir.id, { maxActive: 1, maxQueue: 1 })).statusCode).toBe(200);
    const [c] = await citizens(1);
    const res = await t.app.inject({ method: 'GET', url: `${M}/api/v1/me/application-drafts/${legalisir.id}`, headers: json(c!.cookie) });
    expect(res.statusCode).toBe(409);
    expect(res.json().title).toBe('Layanan ini tidak menerima permohonan daring.');
    expect(await tickets(legalisir.id)).toEqual([]);

    const low = await citizenWithProfile(t, 'makassar', { assurance: 'unverified' });
    await applyPage(low);
    expect((await tickets(ppdb.serviceId)).some((x) => x.citizen_id === low.id)).toBe(false);
  });

  it('leaves officers, other services and anonymous visitors untouched', async () => {
    clock = new Date(clock.getTime() + 86_400_000);
    // Off ends the last rush's line; on again starts an empty one.
    expect((await room(ppdb.serviceId, { enabled: false })).statusCode).toBe(200);
    expect((await tickets(ppdb.serviceId)).every((x) => x.finished_at)).toBe(true);
    expect((await room(ppdb.serviceId, { maxActive: 1, admitPerMinute: 1, maxQueue: 1 })).statusCode).toBe(200);
    const [first, second, third] = await citizens(3);
    await applyPage(first!);
    expect(isQueuePage((await applyPage(second!)).body)).toBe(true);
    expect((await applyPage(third!)).statusCode).toBe(429);
    // The same citizen on another service, an anonymous visitor, an officer's queue.
    const other = await applyPage(third!, nib.serviceId);
    expect(other.statusCode).toBe(200);
    expect(isQueuePage(other.body)).toBe(false);
    expect((await submit(third!, nib)).statusCode).toBe(201);
    const anonymous = await t.app.inject({ method: 'GET', url: `${M}/permohonan/ajukan/${ppdb.serviceId}`, headers: html() });
    expect(anonymous.statusCode).toBe(200);
    expect(isQueuePage(anonymous.body)).toBe(false);
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'disdik' }] });
    const queue = await t.app.inject({ method: 'GET', url: `${M}/api/v1/work-queue`, headers: json(officer.cookie) });
    expect(queue.statusCode).toBeLessThan(300);
  });
});
