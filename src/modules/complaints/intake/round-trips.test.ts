// Round trips of one complaint submission (docs/performance.md): every statement the app's pg clients
// send, counted by wrapping pg.Client.prototype.query, for a submission sent alone (a batch of one:
// the worst case; under load concurrent submissions share a batch's statements). A regression guard
// for the submission's hot path: a change that adds a round trip to it fails here and says which.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { altchaProof } from '../../../../test/altcha.js';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { seedTestComplaints } from '../../../../test/complaints.js';
import { signInAs } from '../../../../test/auth.js';

let t: TestApp;
let citizen: string;
const M = '/t/makassar';
const sent: string[] = [];
let counting = false;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;

beforeAll(async () => {
  // As the bench runs it: one client address sends everything, and the per-address write limit is
  // not what is counted (its counters are written every 250 ms for all requests together; they are
  // left out below).
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '1000000' });
  await seedTestComplaints(t);
  citizen = (await signInAs(t, 'makassar', { kind: 'citizen' })).cookie;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    if (counting) {
      const first = args[0] as string | { text?: string };
      const text = (typeof first === 'string' ? first : (first?.text ?? '?')).replace(/\s+/g, ' ');
      if (!/INSERT INTO rate_limits/.test(text)) sent.push(text);
    }
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
});
afterAll(async () => {
  pg.Client.prototype.query = query as typeof pg.Client.prototype.query;
  await t?.close();
});

const report = {
  kind: 'pengaduan',
  title: 'Blanko KTP-el kosong di kecamatan',
  description: 'Sudah tiga kali datang ke kantor kecamatan, blanko KTP-el selalu kosong. Mohon kepastian.',
};

/** The statements of the second of two submissions (the first warms the caches and the pool). */
async function statementsOf(body: () => Promise<Record<string, unknown>>, headers: Record<string, string> = {}): Promise<string[]> {
  const send = async () => {
    const res = await t.app.inject({ method: 'POST', url: `${M}/api/v1/complaints`, headers: { 'content-type': 'application/json', ...headers }, payload: await body() });
    expect(res.statusCode, res.body).toBe(201);
  };
  await send();
  sent.length = 0;
  counting = true;
  try {
    await send();
  } finally {
    counting = false;
  }
  return [...sent];
}

let n = 0;
/** Statements that commit: COMMIT alone, or last of a simple query carrying owed statements (src/db/driver.ts). */
const commits = (statements: string[]) => statements.filter((q) => /(^|;\s*)commit$/i.test(q.trim())).length;

describe('statements per complaint submission, alone in its batch', () => {
  it('anonymous: one transaction of three round trips', async () => {
    const s = await statementsOf(async () => ({ ...report, privacy: 'anonim', altcha: await altchaProof() }));
    // begin with the tenant and the proof marked used (one simple query, src/db/driver.ts), the report
    // with its first event, the audit entry with the commit.
    expect(s, s.join('\n')).toHaveLength(3);
    expect(s[0]).toMatch(/^begin; \/\* settings \*\/ select set_config\('gerbang\.tenant_id'/);
    expect(commits(s)).toBe(1);
  });

  it('with the e-mail receipt to a typed address: one transaction of four', async () => {
    const s = await statementsOf(async () => ({ ...report, privacy: 'public', reporter: { name: 'Warga', email: `warga${n++}@example.com` }, altcha: await altchaProof() }));
    // The anonymous three and the receipt's notification with its delivery job (one statement). The
    // receipt's template, the recipient's lock and the recipient's count this hour go with the report's
    // INSERT (readAheadFromTemplate).
    expect(s, s.join('\n')).toHaveLength(4);
    expect(s[1]).toMatch(/^\/\* read with next \d+ \*\/ select \* from "notification_templates" [\s\S]*pg_advisory_xact_lock[\s\S]*\/\* read with next \d+ \*\/ select "recipient_hash", count\(\*\)[\s\S]*insert into "complaints"/);
    expect(commits(s)).toBe(1);
    expect(s.filter((q) => /INSERT INTO jobs/.test(q) && /INSERT INTO notifications/.test(q))).toHaveLength(1);
  });

  it('signed in, the receipt to the account: the session look-up, then the submission', async () => {
    const s = await statementsOf(async () => ({ ...report, privacy: 'public' }), { cookie: citizen });
    // The session (begin with the tenant and installation scope, the session with the account's
    // standing and the commit: one simple query, readInInstallationScope), then the report: begin with
    // the tenant and the report with its first event, the reporter's account and profile (one
    // statement), preferences, template, the inbox message, the message's audit entry, the report's
    // audit entry with the commit.
    expect(s, s.join('\n')).toHaveLength(8);
    expect(s[0]).toMatch(/^begin;[\s\S]*\/\* last \*\/ select [\s\S]*;\s*commit$/);
    expect(commits(s)).toBe(2);
  });
});
