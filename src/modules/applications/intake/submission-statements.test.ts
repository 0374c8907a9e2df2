// How many SQL statements and transactions application submissions send (docs/performance.md,
// "Application submission: group commit"): each round trip costs the app a socket write and a wake-up
// and PostgreSQL a parse and plan, and at 32 connections that is what separated the app from the raw
// baseline. Counted on a warm app, with an Idempotency-Key, as the bench sends it: one submission
// alone through the API, and a batch of 32 written together (service.ts, a deterministic count); the
// ceilings catch a change that adds round trips back. Then 20 submissions sent at once through the API
// are each stored exactly once, with their timeline, audit entry and notifications, and replayed.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationTestContext, citizenWithProfile, type PublishedService, publishWithSetup, type TestCitizen } from '../../../../test/applications.js';
import { smallForm } from '../../../../test/small-form.js';
import { createTestApp, TEST_APP_SECRET, type TestApp } from '../../../../test/app.js';
import { withTenant } from '../../../db/index.js';
import type { DomainError } from '../../../platform/errors.js';
import { claimFor } from '../../../platform/http/idempotency.js';
import { presetVerifyApproveIssue } from '../workflow/index.js';
import { type PendingSubmission, type Submitted, writeSubmissions } from './service.js';

let t: TestApp;
let service: PublishedService;
let citizen: TestCitizen;
let tenantId: string;
const sent: string[] = [];
// The batch's count: only what is sent in the async context of the batch being written (not the app's
// background work, e.g. the routing suggester's warm-up). The API's count (`app.inject` does not carry
// that context) counts everything sent while the request runs.
const counting = new AsyncLocalStorage<true>();
let countingAll = false;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  service = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyApproveIssue(), form: smallForm });
  citizen = await citizenWithProfile(t, 'makassar');
  tenantId = (await applicationTestContext(t, 'makassar')).tenant.id;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? '?');
    // The write rate limiter's counters are flushed now and then by a timer, not by the request.
    if ((countingAll || counting.getStore()) && !text.includes('rate_limits')) sent.push(text);
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
});
afterAll(async () => {
  pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
  await t?.close();
});

const answers = (name = 'Siti Aminah') => ({ nama: name, telepon: '081234567890', alamat: 'Jl. Penghibur No. 1, Makassar', declaration: true });

const submit = (who: TestCitizen = citizen, key: string = randomUUID(), name?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/t/makassar/api/v1/applications',
    headers: { 'content-type': 'application/json', cookie: who.cookie, 'idempotency-key': key },
    payload: { serviceId: service.serviceId, answers: answers(name) },
  });

const show = (label: string) => {
  if (process.env.SHOW_STATEMENTS) console.log(`${label}\n${sent.map((s, i) => `${i + 1}. ${s.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n')}`);
};
/** Citizens made one after another (made at once, two may draw the same NIK serial). */
async function citizensOf(n: number): Promise<TestCitizen[]> {
  const out: TestCitizen[] = [];
  for (let i = 0; i < n; i++) out.push(await citizenWithProfile(t, 'makassar'));
  return out;
}
/** Statements that commit: COMMIT alone, or last of a simple query carrying owed statements (src/db/driver.ts). */
const commits = () => sent.filter((s) => /(^|;\s*)commit$/i.test(s.trim())).length;

describe('an application submission', () => {
  it('is stored in one transaction of few statements', async () => {
    expect((await submit()).statusCode).toBe(201);
    sent.length = 0;
    countingAll = true;
    const res = await submit();
    countingAll = false;
    expect(res.statusCode).toBe(201);
    show('alone');
    // The session's look-up (read-only, its own transaction), then the submission's one transaction.
    expect(commits()).toBe(2);
    // 33 before the first cuts (2026-12-06), 24 before group commit, 23 with it (5 of them the session's),
    // 14 once BEGIN, the settings and the statements whose results nobody reads travel with other
    // statements (2 of them the session's), 13 once the session's read takes its COMMIT along (1), 11
    // once the notices' templates, locks and counts go with their preferences (notifyPersons), 9 once the
    // service's versions and the agencies go with the Idempotency-Key's INSERT, 5 once the applicant's
    // record does too and the notice's reads go with the application's INSERT.
    expect(sent.length).toBeLessThanOrEqual(ALONE);
  });

  it('written 32 together, shares one transaction of a constant number of statements', async () => {
    const citizens = [citizen, ...(await citizensOf(3))];
    const batchOf = async (n: number): Promise<PendingSubmission[]> =>
      Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const who = citizens[i % citizens.length]!;
          const ctx = await applicationTestContext(t, 'makassar', { kind: 'citizen', id: who.id });
          const input = { applicant: { citizenId: who.id, assurance: 'registry' as const, assisted: null }, serviceId: service.serviceId, answers: answers(`Warga ${i}`) };
          return { ctx, input, idempotency: claimFor(TEST_APP_SECRET, `test:${who.id}`, randomUUID(), input) };
        }),
      );
    const count = async (items: PendingSubmission[]) => {
      sent.length = 0;
      const results = await counting.run(true, () => writeSubmissions(t.db.app, tenantId, items));
      for (const r of results) expect(r).not.toBeInstanceOf(Error);
      return { statements: sent.length, commits: commits(), results: results as Submitted[] };
    };
    await count(await batchOf(1)); // warm: the calendar and the templates' plans
    const one = await count(await batchOf(1));
    show('batch of 1');
    const many = await count(await batchOf(32));
    show('batch of 32');
    expect(one.commits).toBe(1);
    expect(many.commits).toBe(1);
    expect(new Set(many.results.map((r) => r.id)).size).toBe(32);
    if (process.env.SHOW_STATEMENTS) console.log({ one: one.statements, many: many.statements, perSubmission: many.statements / 32 });
    // The same statements for 32 as for one: a constant number per batch (17 since BEGIN travels with the
    // settings; 12 since they travel with the first statement, the record of the applicants' data read
    // with the next, the recipients' lock with their count, the sealed answers and the audit entries
    // with the COMMIT; 10 since the notices' templates, locks and counts go with their preferences; 8 since
    // the services' versions and the agencies go with the Idempotency-Keys' INSERT; 6 since the
    // applicants' records do too, for their birth dates and their contacts; 4 since the notices'
    // preferences, templates, locks and counts go with the applications' INSERT, and the inbox's INSERT
    // with the notifications').
    expect(one.statements).toBe(BATCH_STATEMENTS);
    expect(many.statements).toBe(BATCH_STATEMENTS);
    // Without Idempotency-Keys (API submissions sent without the header) the same reads go ahead, alone: no more round trips.
    const keyless = await count((await batchOf(4)).map(({ idempotency: _, ...item }) => item));
    expect(keyless.statements).toBe(BATCH_STATEMENTS);
    expect(keyless.commits).toBe(1);
  });

  it('read ahead, refuses an unknown service and one without an online application in the same batch as one it writes', async () => {
    const services = (await t.app.inject({ url: '/t/makassar/api/v1/services' })).json() as { items: { id: string; code: string }[] };
    const offline = services.items.find((s) => s.code === 'ktp-el')!.id;
    const ctx = await applicationTestContext(t, 'makassar', { kind: 'citizen', id: citizen.id });
    const items = [randomUUID(), offline, service.serviceId].map((serviceId, i) => {
      const input = { applicant: { citizenId: citizen.id, assurance: 'registry' as const, assisted: null }, serviceId, answers: answers(`Warga ${i}`) };
      return { ctx, input, idempotency: claimFor(TEST_APP_SECRET, `test:${citizen.id}`, randomUUID(), input) };
    });
    sent.length = 0;
    const [unknown, notOnline, written] = await counting.run(true, () => writeSubmissions(t.db.app, tenantId, items));
    expect(sent[0]).toMatch(/(read with next \d+ \*\/\s+SELECT v\.id.*){3}read with next \d+ \*\/\s+select "id", "code".*insert into "idempotency_records"/s);
    expect(unknown).toMatchObject({ code: 'catalog.service_not_found', status: 404 });
    expect(notOnline).toMatchObject({ code: 'application.not_online', status: 409 });
    expect(written).not.toBeInstanceOf(Error);
    const stored = await sql<{ n: string }>`SELECT count(*) AS n FROM applications WHERE id = ${(written as Submitted).id}`.execute(t.db.owner);
    expect(Number(stored.rows[0]!.n)).toBe(1);
    // The refused ones gave their keys back: sent again, they are refused again rather than taken.
    const again = await writeSubmissions(t.db.app, tenantId, items.slice(0, 2));
    expect(again.map((r) => (r as DomainError).code)).toEqual(['catalog.service_not_found', 'application.not_online']);
  });
});

describe('20 submissions sent at once', () => {
  it('are each stored exactly once with their timeline, audit entry and notifications, and replayed by their keys', async () => {
    const citizens = await citizensOf(5);
    const wave = Array.from({ length: 20 }, (_, i) => ({ who: citizens[i % 5]!, key: randomUUID(), name: `Serentak ${i}` }));
    // Two of them sent twice at the same moment (a double click): one application each.
    const sends = [...wave, wave[3]!, wave[11]!];
    const responses = await Promise.all(sends.map((s) => submit(s.who, s.key, s.name)));
    for (const res of responses) expect(res.statusCode).toBe(201);
    const first = responses.slice(0, 20).map((r) => r.json() as { id: string; trackingNumber: string });
    expect(responses[20]!.json().id).toBe(first[3]!.id);
    expect(responses[21]!.json().id).toBe(first[11]!.id);
    const ids = first.map((r) => r.id);
    expect(new Set(ids).size).toBe(20);

    const rows = await withTenant(t.db.app, tenantId, (trx) =>
      sql<{ id: string; applicant_id: string; tracking_number: string; tx: string; submitted: number; name: string }>`
        SELECT a.id, a.applicant_id, a.tracking_number, a.xmin::text AS tx,
               (SELECT count(*)::int FROM application_events e WHERE e.tenant_id = a.tenant_id AND e.application_id = a.id AND e.action = 'submitted') AS submitted,
               (SELECT s.answers->>'nama' FROM application_answers s WHERE s.tenant_id = a.tenant_id AND s.application_id = a.id) AS name
          FROM applications a WHERE a.tenant_id = ${tenantId} AND a.applicant_id = ANY(${citizens.map((c) => c.id)}::uuid[])`.execute(trx),
    );
    expect(rows.rows).toHaveLength(20);
    for (const [i, r] of first.entries()) {
      expect(rows.rows.find((row) => row.id === r.id)).toMatchObject({ tracking_number: r.trackingNumber, applicant_id: wave[i]!.who.id, submitted: 1, name: `Serentak ${i}` });
    }
    // Rows written by one transaction share its id (xmin): fewer transactions than submissions.
    expect(new Set(rows.rows.map((r) => r.tx)).size).toBeLessThan(20);

    // Each applicant hears of each of their applications: an e-mail and an inbox message naming its number.
    const told = await withTenant(t.db.app, tenantId, async (trx) => ({
      inbox: await trx.selectFrom('notification_inbox').select(['recipient_id', 'body_text']).where('event', '=', 'application.updated').where('recipient_id', 'in', citizens.map((c) => c.id)).execute(),
      email: await trx.selectFrom('notifications').select(['body_text']).where('kind', '=', 'application.updated').where('channel', '=', 'email').execute(),
    }));
    for (const [i, r] of first.entries()) {
      expect(told.inbox.filter((m) => m.recipient_id === wave[i]!.who.id && m.body_text.includes(r.trackingNumber))).toHaveLength(1);
      expect(told.email.filter((m) => m.body_text.includes(r.trackingNumber))).toHaveLength(1);
    }
    // Their contacts were read for it, fetched with the batch's first statement, and each read is
    // recorded for the citizen to see (their own read of their birth date is not).
    const reads = await t.db.owner.selectFrom('personal_data_access').select(['citizen_id', 'accessor_id', 'purpose', 'fields']).where('citizen_id', 'in', citizens.map((c) => c.id)).execute();
    for (const [i, r] of first.entries()) {
      expect(reads.filter((a) => a.purpose.includes(r.trackingNumber))).toEqual([
        { citizen_id: wave[i]!.who.id, accessor_id: 'system:applications', purpose: `Pemberitahuan permohonan ${r.trackingNumber} / application notification`, fields: ['name', 'email', 'phone'] },
      ]);
    }
    await t.audit.flush(t.db.app);
    const entries = await t.db.owner.selectFrom('audit_log').select(['subject']).where('action', '=', 'application.submitted').where('subject', 'in', ids.map((id) => `application:${id}`)).execute();
    expect(entries.map((e) => e.subject).sort()).toEqual(ids.map((id) => `application:${id}`).sort());

    // Every key again: the first result, marked as a replay, and nothing new stored.
    const replays = await Promise.all(wave.map((s) => submit(s.who, s.key, s.name)));
    for (const [i, res] of replays.entries()) {
      expect(res.statusCode).toBe(201);
      expect(res.headers['idempotent-replayed']).toBe('true');
      expect(res.json()).toMatchObject({ id: first[i]!.id, trackingNumber: first[i]!.trackingNumber });
    }
    // The same key with another body is refused, and stores nothing either.
    expect((await submit(wave[0]!.who, wave[0]!.key, 'Nama Lain')).statusCode).toBe(422);
    const after = await withTenant(t.db.app, tenantId, (trx) =>
      trx.selectFrom('applications').select((eb) => eb.fn.countAll<number>().as('n')).where('applicant_id', 'in', citizens.map((c) => c.id)).executeTakeFirstOrThrow(),
    );
    expect(Number(after.n)).toBe(20);
  });
});

// Ceilings (docs/performance.md, "Application submission: group commit"), set from the counts printed with SHOW_STATEMENTS=1.
const ALONE = 5;
const BATCH_STATEMENTS = 4;
