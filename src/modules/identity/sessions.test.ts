import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { agencyIdOf, signInAs, tenantIdOf } from '../../../test/auth.js';
import { recordStatements } from '../../../test/statements.js';
import {
  createSession,
  markSecondFactor,
  resolveSession,
  revokeAllSessions,
  revokeSession,
  SESSION_ABSOLUTE_MS,
  SESSION_COOKIE,
  SESSION_IDLE_MS,
} from './index.js';
import { insertCitizen, insertOfficer } from './store.js';

let t: TestApp;
let makassar: string;
let jateng: string;

beforeAll(async () => {
  t = await createTestApp();
  makassar = await tenantIdOf(t, 'makassar');
  jateng = await tenantIdOf(t, 'jateng');
});
afterAll(() => t.close());

async function newCitizen(tenantId = makassar) {
  const id = randomUUID();
  await insertCitizen(t.db.app, tenantId, { id, name: 'Andi', assurance: 'registry', status: 'active' });
  return id;
}

describe('sessions', () => {
  it("resolve to the citizen they were made for on every tenant (one sign-in), linking the person to a tenant they visit", async () => {
    const id = await newCitizen();
    const now = new Date();
    const s = await createSession(t.db.app, makassar, { kind: 'citizen', id }, now);
    expect(s.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(s.id).not.toContain(s.token);
    const p = await resolveSession(t.db.app, makassar, s.token, now);
    expect(p).toMatchObject({ kind: 'citizen', id, tenantId: makassar, assurance: 'registry', sessionId: s.id });
    const links = () => t.db.owner.selectFrom('citizen_tenants').select('tenant_id').where('citizen_id', '=', id).execute();
    expect((await links()).map((l) => l.tenant_id)).toEqual([makassar]);
    expect(await resolveSession(t.db.app, jateng, s.token, now)).toMatchObject({ kind: 'citizen', id, tenantId: jateng, sessionId: s.id });
    expect((await links()).map((l) => l.tenant_id).sort()).toEqual([makassar, jateng].sort());
    expect(await resolveSession(t.db.app, makassar, 'x'.repeat(43), now)).toEqual({ kind: 'anonymous' });
    expect(await resolveSession(t.db.app, makassar, 'not a token', now)).toEqual({ kind: 'anonymous' });
  });

  it('end after 30 idle minutes, are kept alive by use, and end 12 hours after sign-in regardless', async () => {
    const id = await newCitizen();
    const start = new Date('2026-12-01T01:00:00Z');
    const s = await createSession(t.db.app, makassar, { kind: 'citizen', id }, start);
    const at = (ms: number) => new Date(start.getTime() + ms);
    expect((await resolveSession(t.db.app, makassar, s.token, at(SESSION_IDLE_MS - 1000))).kind).toBe('citizen');
    // That use moved last_seen_at; 29 more minutes are fine.
    expect((await resolveSession(t.db.app, makassar, s.token, at(2 * SESSION_IDLE_MS - 2000))).kind).toBe('citizen');
    // Kept alive every 20 minutes until just before the absolute limit, then refused.
    for (let ms = 2 * SESSION_IDLE_MS; ms < SESSION_ABSOLUTE_MS; ms += 20 * 60_000) {
      expect((await resolveSession(t.db.app, makassar, s.token, at(ms))).kind).toBe('citizen');
    }
    expect((await resolveSession(t.db.app, makassar, s.token, at(SESSION_ABSOLUTE_MS))).kind).toBe('anonymous');

    const idle = await createSession(t.db.app, makassar, { kind: 'citizen', id }, start);
    expect((await resolveSession(t.db.app, makassar, idle.token, at(SESSION_IDLE_MS + 1000))).kind).toBe('anonymous');
  });

  it('can be revoked one by one or all at once', async () => {
    const id = await newCitizen();
    const now = new Date();
    const a = await createSession(t.db.app, makassar, { kind: 'citizen', id }, now);
    const b = await createSession(t.db.app, makassar, { kind: 'citizen', id }, now);
    const c = await createSession(t.db.app, makassar, { kind: 'citizen', id }, now);
    await revokeSession(t.db.app, makassar, a.id, now);
    expect((await resolveSession(t.db.app, makassar, a.token, now)).kind).toBe('anonymous');
    expect((await resolveSession(t.db.app, makassar, b.token, now)).kind).toBe('citizen');
    expect(await revokeAllSessions(t.db.app, makassar, { kind: 'citizen', id }, now)).toBe(2);
    expect((await resolveSession(t.db.app, makassar, b.token, now)).kind).toBe('anonymous');
    expect((await resolveSession(t.db.app, makassar, c.token, now)).kind).toBe('anonymous');
  });

  it('give an officer their grants only after the second factor, and nothing once disabled or invited', async () => {
    const id = randomUUID();
    const agency = await agencyIdOf(t, 'makassar', 'disdukcapil');
    await insertOfficer(
      t.db.app,
      makassar,
      { id, name: 'Budi', email: `budi-${id}@makassar.go.id`, status: 'active' },
      [{ role: 'agency_admin', agencyId: agency }, { role: 'auditor', agencyId: null }],
    );
    const now = new Date();
    const s = await createSession(t.db.app, makassar, { kind: 'officer', id }, now);
    expect(await resolveSession(t.db.app, makassar, s.token, now)).toMatchObject({ kind: 'officer', grants: [] });
    await markSecondFactor(t.db.app, makassar, s.id);
    const p = await resolveSession(t.db.app, makassar, s.token, now);
    expect(p.kind === 'officer' && p.grants).toEqual(
      expect.arrayContaining([
        { role: 'agency_admin', agencyId: agency },
        { role: 'auditor', agencyId: null },
      ]),
    );
    const invitedId = randomUUID();
    await insertOfficer(t.db.app, makassar, { id: invitedId, name: 'C', email: `c-${invitedId}@x.go.id` }, []);
    const si = await createSession(t.db.app, makassar, { kind: 'officer', id: invitedId, secondFactor: true }, now);
    expect((await resolveSession(t.db.app, makassar, si.token, now)).kind).toBe('anonymous');
  });

  it('read together when they arrive together, each judged as if read alone', async () => {
    const start = new Date();
    const at = (ms: number) => new Date(start.getTime() + ms);
    const citizens = await Promise.all(Array.from({ length: 4 }, () => newCitizen()));
    const live = await Promise.all(citizens.map((id) => createSession(t.db.app, makassar, { kind: 'citizen', id }, start)));
    const revoked = await createSession(t.db.app, makassar, { kind: 'citizen', id: citizens[0]! }, start);
    await revokeSession(t.db.app, makassar, revoked.id, start);
    const officerId = randomUUID();
    await insertOfficer(t.db.app, jateng, { id: officerId, name: 'Sri', email: `sri-${officerId}@jatengprov.go.id`, status: 'active' }, []);
    const jatengOfficer = await createSession(t.db.app, jateng, { kind: 'officer', id: officerId }, start);
    // One session looked up twice in the same batch: once in time, once past its absolute limit by its own clock.
    const lookUps: Array<[string, Date]> = [
      ...live.map((s): [string, Date] => [s.token, at(1000)]),
      [revoked.token, at(1000)],
      [jatengOfficer.token, at(1000)],
      [live[1]!.token, at(SESSION_ABSOLUTE_MS + 1000)],
      [live[2]!.token, at(2000)],
      ['y'.repeat(43), at(1000)],
      [live[3]!.token, at(3000)],
    ];
    const sent = recordStatements();
    const principals = await Promise.all(lookUps.map(([token, now]) => resolveSession(t.db.app, makassar, token, now)));
    const reads = sent.stop().filter((text) => text.includes('"sessions"')).length;
    expect(principals.map((p) => (p.kind === 'citizen' ? p.id : p.kind))).toEqual([
      ...citizens,
      'anonymous',
      'anonymous',
      'anonymous',
      citizens[2],
      'anonymous',
      citizens[3],
    ]);
    // Ten look-ups at once: the first read alone, the others in at most two more.
    expect(reads).toBeGreaterThan(0);
    expect(reads).toBeLessThanOrEqual(3);
  });

  it('cannot be read across tenants by the application role, whatever the query says', async () => {
    const id = await newCitizen(jateng);
    const s = await createSession(t.db.app, jateng, { kind: 'citizen', id }, new Date());
    // Row-level security: a transaction for Makassar sees no Jawa Tengah session, even unfiltered.
    const { sql, withTenant } = await import('../../db/index.js');
    const rows = await withTenant(t.db.app, makassar, (trx) =>
      sql<{ n: number }>`select count(*)::int as n from sessions where id = ${s.id}`.execute(trx),
    );
    expect(rows.rows[0]?.n).toBe(0);
  });
});

describe('the session cookie over HTTP', () => {
  it('signs a request in for its tenant only', async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    expect(citizen.cookie.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect(citizen.principal.kind).toBe('citizen');
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect(officer.principal).toMatchObject({ kind: 'officer', grants: [{ role: 'tenant_admin', agencyId: null }] });
  });
});

describe('GET /api/v1/me', () => {
  it("answers the principal of the session, 401 without one; a citizen's session counts in another tenant, an officer's does not", async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen', assurance: 'unverified' });
    const me = await t.app.inject({ url: '/t/makassar/api/v1/me', headers: { cookie: citizen.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ kind: 'citizen', assurance: 'unverified' });
    const anon = await t.app.inject({ url: '/t/makassar/api/v1/me' });
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['content-type']).toContain('application/problem+json');
    expect(anon.json()).toMatchObject({ code: 'auth.required', title: 'Silakan masuk terlebih dahulu.' });
    const elsewhere = await t.app.inject({ url: '/t/jateng/api/v1/me', headers: { cookie: citizen.cookie } });
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.json()).toMatchObject({ kind: 'citizen', assurance: 'unverified' });
    const officer = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dinkes' }] });
    const om = await t.app.inject({ url: '/t/jateng/api/v1/me', headers: { cookie: officer.cookie, 'accept-language': 'en' } });
    expect(om.json()).toMatchObject({ kind: 'officer', grants: [{ role: 'verifier' }] });
    const officerElsewhere = await t.app.inject({ url: '/t/makassar/api/v1/me', headers: { cookie: officer.cookie } });
    expect(officerElsewhere.statusCode).toBe(401);
    // Nor does the officer's session open another tenant's officer pages.
    const page = await t.app.inject({ url: '/t/makassar/petugas', headers: { cookie: officer.cookie, accept: 'text/html' } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toContain('/petugas/masuk');
  });

  it('every route of the application names an access policy', () => {
    expect(t.routes.length).toBeGreaterThan(5);
    expect(t.routes.find((r) => r.url === '/api/v1/me')).toEqual({ method: 'GET', url: '/api/v1/me', policy: 'session.self', page: false });
  });
});
