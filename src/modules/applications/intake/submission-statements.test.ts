// How many SQL statements and transactions one application submission sends (docs/performance.md,
// "Application submission, batched"): each round trip costs the app a socket write and a wake-up and
// PostgreSQL a parse and plan, and at 32 connections that is what separated the app from the raw
// baseline. Counted on a warm app (a citizen's second submission), with an Idempotency-Key, as the
// bench sends it; the ceiling catches a change that adds round trips back.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenWithProfile, type PublishedService, publishWithSetup, type TestCitizen } from '../../../../test/applications.js';
import { smallForm } from '../../../../test/small-form.js';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { presetVerifyApproveIssue } from '../workflow/index.js';

let t: TestApp;
let service: PublishedService;
let citizen: TestCitizen;
const sent: string[] = [];
let counting = false;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  service = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyApproveIssue(), form: smallForm });
  citizen = await citizenWithProfile(t, 'makassar');
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    const text = typeof first === 'string' ? first : (first?.text ?? '?');
    // The write rate limiter's counters are flushed now and then by a timer, not by the request.
    if (counting && !text.includes('rate_limits')) sent.push(text);
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
});
afterAll(async () => {
  pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
  await t?.close();
});

const submit = () =>
  t.app.inject({
    method: 'POST',
    url: '/t/makassar/api/v1/applications',
    headers: { 'content-type': 'application/json', cookie: citizen.cookie, 'idempotency-key': crypto.randomUUID() },
    payload: { serviceId: service.serviceId, answers: { nama: 'Siti Aminah', telepon: '081234567890', alamat: 'Jl. Penghibur No. 1, Makassar', declaration: true } },
  });

describe('an application submission', () => {
  it('is stored in one transaction of few statements', async () => {
    expect((await submit()).statusCode).toBe(201);
    counting = true;
    const res = await submit();
    counting = false;
    expect(res.statusCode).toBe(201);
    if (process.env.SHOW_STATEMENTS) console.log(sent.map((s, i) => `${i + 1}. ${s.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n'));
    // The session's look-up (read-only, its own transaction), then the submission's one transaction.
    expect(sent.filter((s) => /^commit$/i.test(s.trim()))).toHaveLength(2);
    // 33 before batching (2026-12-06): the audit entries, timeline, draft and personal-data reads now share statements.
    expect(sent.length).toBeLessThanOrEqual(25);
  });
});
