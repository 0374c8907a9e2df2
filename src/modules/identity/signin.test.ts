// What a sign-in writes, now that throttle bookkeeping, the audit event and the rotated session
// commit in one transaction (decision 0018): failures still count (and lock), a success writes
// exactly one audit event and one session and clears the account's failures, an earlier session is
// revoked. The officers' two steps the same, and the officer's return address (`next`) carried from
// the password page through the code page, same-site paths only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { tenantContextOf, tenantIdOf } from '../../../test/auth.js';
import { createConfirmedCitizen } from './citizens/service.js';
import { currentTotp } from './guards/totp.js';
import { createReadyOfficer } from './officers/service.js';

let t: TestApp;
let tenantId: string;
const T = '/t/makassar';
const PASSWORD = 'kuda lari di pantai losari';
const citizenEmail = 'rina.signin@example.id';

beforeAll(async () => {
  t = await createTestApp();
  tenantId = await tenantIdOf(t, 'makassar');
  const ctx = await tenantContextOf(t, 'makassar');
  // 7371 01 410190 0002: Kota Makassar, a woman born 1 January 1990.
  await createConfirmedCitizen(ctx, {
    nik: '7371014101900002',
    name: 'Rina Wulandari',
    birthDate: '1990-01-01',
    sex: 'P',
    phone: '0812-1111-2222',
    email: citizenEmail,
    password: PASSWORD,
    regionCode: '73.71.01.1001',
    assurance: 'registry',
  });
  for (const email of ['petugas.satu@makassar.go.id', 'petugas.dua@makassar.go.id', 'petugas.tiga@makassar.go.id']) {
    await createReadyOfficer(ctx, { name: 'Petugas Uji', email, password: PASSWORD, grants: [{ role: 'tenant_admin', agencyId: null }] });
  }
});
afterAll(() => t.close());

const login = (identifier: string, password: string, cookie?: string) =>
  t.app.inject({ method: 'POST', url: `${T}/api/v1/auth/login`, payload: { identifier, password }, headers: cookie ? { cookie } : {} });
const cookieOf = (res: { cookies: { name: string; value: string }[] }) => `gerbang_session=${res.cookies.find((c) => c.name === 'gerbang_session')!.value}`;

async function auditActions(subject: string): Promise<string[]> {
  await t.audit.flush(t.db.app);
  const rows = await t.db.owner.selectFrom('audit_log').select('entry').orderBy('seq').execute();
  return rows
    .map((r) => JSON.parse(Buffer.from(r.entry as Uint8Array).toString('utf8')) as { action: string; subject: string | null })
    .filter((e) => e.subject === subject)
    .map((e) => e.action);
}

const sessionsOf = (kind: 'citizen' | 'officer', id: string) =>
  t.db.owner.selectFrom('sessions').select(['id', 'revoked_at', 'second_factor']).where('subject_kind', '=', kind).where('subject_id', '=', id).orderBy('created_at').execute();

const throttleRows = () => t.db.owner.selectFrom('login_throttle').select(['key', 'failures', 'blocked_until']).where('tenant_id', '=', tenantId).execute();

async function citizenId(): Promise<string> {
  const me = await t.app.inject({ method: 'GET', url: `${T}/api/v1/me`, headers: { cookie: cookieOf(await login(citizenEmail, PASSWORD)) } });
  return me.json().id;
}

describe('citizen sign-in in one transaction', () => {
  it('counts every failure (unknown accounts too) and delays, then locks, with the same answers', async () => {
    const unknown = 'tidak.ada@example.id';
    const answers: number[] = [];
    for (let i = 0; i < 5; i++) answers.push((await login(unknown, 'salah sekali kata sandinya')).statusCode);
    // Three free failures, the fourth sets a 2 s delay: the fifth attempt is refused without a check.
    expect(answers).toEqual([401, 401, 401, 401, 429]);
    const rows = await throttleRows();
    const account = rows.find((r) => r.key.startsWith('account:'))!;
    const address = rows.find((r) => r.key.startsWith('address:'))!;
    expect(account.failures).toBe(4);
    expect(address.failures).toBe(4);
    expect(account.blocked_until).not.toBeNull();
    // The refused attempt counted nothing.
    await t.db.owner.deleteFrom('login_throttle').where('tenant_id', '=', tenantId).execute();
  });

  it('locks an account after ten failures even when attempts wait out the delays', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await login(citizenEmail, `salah ${i} kata sandinya`)).statusCode).toBe(401);
      // Step past any delay so that each attempt is checked (what a patient attacker does).
      await t.db.owner.updateTable('login_throttle').set({ blocked_until: null }).where('tenant_id', '=', tenantId).where('failures', '<', 10).execute();
    }
    const locked = await login(citizenEmail, PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    await t.db.owner.deleteFrom('login_throttle').where('tenant_id', '=', tenantId).execute();
  });

  it('a success writes exactly one audit event and one session and clears the account’s failures', async () => {
    const id = await citizenId();
    expect((await login(citizenEmail, 'salah lagi kata sandinya')).statusCode).toBe(401);
    expect((await throttleRows()).map((r) => `${r.key.split(':')[0]} ${r.failures}`).sort()).toEqual(['account 1', 'address 1']);
    const before = await auditActions(`citizen:${id}`);
    const sessionsBefore = await sessionsOf('citizen', id);
    const ok = await login(citizenEmail, PASSWORD);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ id, assurance: 'registry' });
    const after = await auditActions(`citizen:${id}`);
    expect(after.slice(before.length)).toEqual(['citizen.signed_in']);
    const sessionsAfter = await sessionsOf('citizen', id);
    expect(sessionsAfter.length).toBe(sessionsBefore.length + 1);
    // The account's failures are gone; the address's stay (they were real failures from it).
    const rows = await throttleRows();
    expect(rows.map((r) => r.key.split(':')[0])).toEqual(['address']);
  });

  it('rotates: signing in with a session cookie revokes that session in the same commit', async () => {
    const first = await login(citizenEmail, PASSWORD);
    const id = first.json().id as string;
    const second = await login(citizenEmail, PASSWORD, cookieOf(first));
    expect(second.statusCode).toBe(200);
    expect(cookieOf(second)).not.toBe(cookieOf(first));
    const sessions = await sessionsOf('citizen', id);
    const [previous, latest] = sessions.slice(-2);
    expect(previous!.revoked_at).not.toBeNull();
    expect(latest!.revoked_at).toBeNull();
    expect((await t.app.inject({ method: 'GET', url: `${T}/api/v1/me`, headers: { cookie: cookieOf(first) } })).statusCode).toBe(401);
  });

  it('a failed attempt with a session cookie leaves that session alone and writes no audit event', async () => {
    const ok = await login(citizenEmail, PASSWORD);
    const id = ok.json().id as string;
    const before = await auditActions(`citizen:${id}`);
    expect((await login(citizenEmail, 'bukan kata sandinya sama sekali', cookieOf(ok))).statusCode).toBe(401);
    expect(await auditActions(`citizen:${id}`)).toEqual(before);
    expect((await t.app.inject({ method: 'GET', url: `${T}/api/v1/me`, headers: { cookie: cookieOf(ok) } })).statusCode).toBe(200);
    await t.db.owner.deleteFrom('login_throttle').where('tenant_id', '=', tenantId).execute();
  });
});

// ---- officers: pages with the return address ----

/** A form page's cookies and CSRF token, then the POST with them (as a browser does). */
async function formPost(pageUrl: string, url: string, fields: Record<string, string>, cookie = '') {
  const page = await t.app.inject({ method: 'GET', url: pageUrl, headers: cookie ? { cookie } : {} });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const jar = [cookie, ...page.cookies.map((c) => `${c.name}=${c.value}`)].filter(Boolean).join('; ');
  const res = await t.app.inject({ method: 'POST', url, headers: { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });
  return { page, res, jar };
}

async function officerIdOf(email: string): Promise<{ id: string; secret: string }> {
  const row = await t.db.owner.selectFrom('officers').select(['id', 'totp_secret']).where('email', '=', email).executeTakeFirstOrThrow();
  return { id: row.id, secret: row.totp_secret! };
}

describe('officer two-step sign-in', () => {
  it('carries next from the password page through the code page to the page first asked for', async () => {
    const email = 'petugas.satu@makassar.go.id';
    const wanted = `${T}/petugas/admin`;
    // A signed-out officer opening a page is sent to the sign-in page with the return address.
    const bounce = await t.app.inject({ method: 'GET', url: wanted, headers: { accept: 'text/html' } });
    expect(bounce.statusCode).toBe(303);
    expect(bounce.headers.location).toBe(`${T}/petugas/masuk?next=${encodeURIComponent(wanted)}`);

    const first = await formPost(String(bounce.headers.location), `${T}/petugas/masuk`, { email, password: PASSWORD, next: wanted });
    expect(first.page.body).toContain(`name="next" value="${wanted}"`);
    expect(first.res.statusCode, first.res.body).toBe(303);
    expect(first.res.headers.location).toBe(`${T}/petugas/kode?next=${encodeURIComponent(wanted)}`);
    const halfway = cookieOf(first.res);

    const { id, secret } = await officerIdOf(email);
    const before = await auditActions(`officer:${id}`);
    const second = await formPost(String(first.res.headers.location), `${T}/petugas/kode`, { code: await currentTotp(secret, new Date()), next: wanted }, halfway);
    expect(second.page.body).toContain(`name="next" value="${wanted}"`);
    expect(second.res.statusCode, second.res.body).toBe(303);
    expect(second.res.headers.location).toBe(wanted);
    // One audit event and one new session with the second factor; the half-way session is revoked.
    expect((await auditActions(`officer:${id}`)).slice(before.length)).toEqual(['officer.signed_in']);
    const sessions = await sessionsOf('officer', id);
    expect(sessions.map((s) => [s.second_factor, s.revoked_at === null])).toEqual([
      [false, false],
      [true, true],
    ]);
    const done = await t.app.inject({ method: 'GET', url: wanted, headers: { cookie: cookieOf(second.res), accept: 'text/html' } });
    expect(done.statusCode).toBe(200);
  });

  it('ignores a return address that is not a same-site path (no open redirect)', async () => {
    const email = 'petugas.dua@makassar.go.id';
    for (const evil of ['https://contoh.example/', '//contoh.example/x', '/\\contoh.example']) {
      const page = await t.app.inject({ method: 'GET', url: `${T}/petugas/masuk?next=${encodeURIComponent(evil)}` });
      expect(page.body).not.toContain('name="next"');
    }
    const first = await formPost(`${T}/petugas/masuk`, `${T}/petugas/masuk`, { email, password: PASSWORD, next: '//contoh.example/x' });
    expect(first.res.headers.location).toBe(`${T}/petugas/kode`);
    const { secret } = await officerIdOf(email);
    const second = await formPost(`${T}/petugas/kode`, `${T}/petugas/kode`, { code: await currentTotp(secret, new Date()), next: 'https://contoh.example/' }, cookieOf(first.res));
    expect(second.res.statusCode).toBe(303);
    expect(second.res.headers.location).toBe(`${T}/petugas`);
  });

  it('a wrong code counts against the second-factor throttle and keeps the next field; no session, no audit event', async () => {
    const email = 'petugas.tiga@makassar.go.id';
    const first = await formPost(`${T}/petugas/masuk?next=%2Ft%2Fmakassar%2Fpetugas%2Fadmin`, `${T}/petugas/masuk`, { email, password: PASSWORD, next: `${T}/petugas/admin` });
    const { id, secret } = await officerIdOf(email);
    const right = await currentTotp(secret, new Date());
    const wrong = right === '000000' ? '111111' : '000000';
    const before = await auditActions(`officer:${id}`);
    const sessionsBefore = await sessionsOf('officer', id);
    const second = await formPost(String(first.res.headers.location), `${T}/petugas/kode`, { code: wrong, next: `${T}/petugas/admin` }, cookieOf(first.res));
    expect(second.res.statusCode).toBe(400);
    expect(second.res.body).toContain(`name="next" value="${T}/petugas/admin"`);
    const row = (await throttleRows()).find((r) => r.key === `account:officer-2fa:${id}`);
    expect(row?.failures).toBe(1);
    expect(await auditActions(`officer:${id}`)).toEqual(before);
    expect(await sessionsOf('officer', id)).toEqual(sessionsBefore);
  });
});
