// Round trips of the PPID's hot paths (docs/information-requests.md, "Statistics"): every statement
// the app's pg clients send, counted by wrapping pg.Client.prototype.query, for one request filed
// online, one decision, and the public annual figures. A regression guard: a change that adds a round
// trip fails here and says which.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { citizenWithProfile } from '../../../test/applications.js';
import { signInAs } from '../../../test/auth.js';

let t: TestApp;
const API = '/t/makassar/api/v1/information-requests';
const sent: string[] = [];
let counting = false;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
const json = (cookie: string) => ({ cookie, 'content-type': 'application/json' });

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '1000000' });
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

async function count(run: () => Promise<{ statusCode: number; body: string }>, expected: number): Promise<string> {
  sent.length = 0;
  counting = true;
  const reply = await run();
  counting = false;
  expect(reply.statusCode, reply.body).toBeLessThan(300);
  if (process.env.SHOW_STATEMENTS) console.log(sent.map((q, i) => `${i + 1}. ${q.replace(/\s+/g, ' ').slice(0, 140)}`).join('\n'));
  expect(sent, sent.join('\n')).toHaveLength(expected);
  return reply.body;
}

describe('round trips', () => {
  it('a request filed online, its decision, and the year’s figures', async () => {
    const citizen = await citizenWithProfile(t, 'makassar');
    const ppid = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'ppid' }] })).cookie;
    const ask = { requesterKind: 'person', information: 'Data hibah 2025', purpose: 'Penelitian', delivery: 'email' };
    // Warm the caches a running server has (the calendar's overrides, the session's first look-up).
    const { id } = JSON.parse((await t.app.inject({ method: 'POST', url: API, headers: json(citizen.cookie), payload: ask })).body) as { id: string };
    await t.app.inject({ url: `${API}/${id}`, headers: json(ppid) });
    // The session (1: BEGIN and the transaction's settings with the session and the citizen's standing
    // and the commit, src/db/driver.ts), then one transaction (4): BEGIN and its settings with the
    // recorded read of the requester's name, the row, its audit entry, commit.
    const created = JSON.parse(await count(() => t.app.inject({ method: 'POST', url: API, headers: json(citizen.cookie), payload: ask }), 5)) as { id: string };
    // The officer's session (4); one transaction with the decision, its audit entry, the answer link of a
    // requester who chose e-mail and the requester's notification (the contact read, preferences,
    // templates, the in-app message and its jobs: 15 — the record of the read goes with the next
    // statement, the recipient's lock with the count); the request read back for the reply, with its
    // answer files (4). Each transaction's BEGIN and settings travel with its first statement.
    await count(() => t.app.inject({ method: 'POST', url: `${API}/${created.id}/decision`, headers: json(ppid), payload: { decision: 'granted_full', answer: 'Terlampir.' } }), 23);
    // Anonymous: one transaction, the two aggregate statements (BEGIN with the first), commit.
    await count(() => t.app.inject({ url: `${API}/statistics?year=2026` }), 3);
  });
});
