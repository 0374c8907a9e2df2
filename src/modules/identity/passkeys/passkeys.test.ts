// Passkeys over the JSON API with real WebAuthn responses (test/webauthn.ts, a software
// authenticator): a citizen adds one and signs in with it; an officer adds one and passes the second
// factor with it. Every way an answer can be wrong is refused and issues nothing (no session cookie,
// no saved credential): another origin, another RP ID, a replayed or expired challenge, a counter
// going back, another officer's; and the addresses, roles, assisted and stale sessions that get no
// ceremony at all. A citizen's passkey is the person's: made at one tenant, it works at every tenant on
// the same address (one account for the installation, issue 17).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { signInAs, tenantIdOf } from '../../../../test/auth.js';
import { SoftAuthenticator } from '../../../../test/webauthn.js';
import { withTenant } from '../../../db/index.js';
import { eraseCitizenPersonalData } from '../personal-data/store.js';
import { createSession, markSecondFactor, SESSION_COOKIE } from '../sessions.js';
import { relyingPartyFor } from './relying-party.js';

const BASE = 'https://gerbang.example.id';
const HOST = 'gerbang.example.id';
const M = '/t/makassar';
let t: TestApp;
let clockOffset = 0;

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_BASE_URL: BASE }, {}, { now: () => new Date(Date.now() + clockOffset) });
});
afterAll(() => t.close());

type Json = Record<string, unknown>;
const post = (url: string, cookie: string | undefined, payload: unknown = {}, host = HOST) =>
  t.app.inject({ method: 'POST', url, headers: { host, ...(cookie ? { cookie } : {}) }, payload: payload as Json });
const get = (url: string, cookie: string, host = HOST) => t.app.inject({ method: 'GET', url, headers: { host, cookie } });
const sessionCookieOf = (res: { cookies: { name: string; value: string }[] }) => res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;

/** Adds a passkey through the API; returns the authenticator that holds it. */
async function addPasskey(prefix: string, cookie: string, authenticator = new SoftAuthenticator(BASE), name = 'HP Android') {
  const start = await post(`${prefix}/registration/options`, cookie);
  expect(start.statusCode, start.body).toBe(200);
  const { challengeId, options } = start.json();
  const saved = await post(`${prefix}/registration`, cookie, { challengeId, name, response: authenticator.create(options) });
  expect(saved.statusCode, saved.body).toBe(201);
  return authenticator;
}

async function signInOptions(tenant = M) {
  const res = await post(`${tenant}/api/v1/auth/passkey/options`, undefined);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { challengeId: string; options: Parameters<SoftAuthenticator['get']>[0] };
}

describe('relying party', () => {
  it('is the public address with /t/<slug>, or a tenant’s own host; nothing else', () => {
    expect(relyingPartyFor(BASE, { host: HOST, basePath: M, tenantHost: false })).toEqual({ rpId: HOST, origin: BASE });
    expect(relyingPartyFor('http://localhost:3000', { host: 'localhost:3000', basePath: M, tenantHost: false })).toEqual({ rpId: 'localhost', origin: 'http://localhost:3000' });
    expect(relyingPartyFor(BASE, { host: 'layanan.makassarkota.go.id', basePath: '', tenantHost: true })).toEqual({ rpId: 'layanan.makassarkota.go.id', origin: 'https://layanan.makassarkota.go.id' });
    expect(() => relyingPartyFor(BASE, { host: 'evil.example', basePath: M, tenantHost: false })).toThrow(expect.objectContaining({ code: 'passkey.address' }));
    expect(() => relyingPartyFor(BASE, { host: HOST, basePath: '', tenantHost: false })).toThrow(expect.objectContaining({ code: 'passkey.address' }));
  });

  it('refuses a ceremony through another host or a ?tenant= address (400, in the request’s language)', async () => {
    const other = await post(`${M}/api/v1/auth/passkey/options`, undefined, {}, 'evil.example');
    expect(other.statusCode).toBe(400);
    expect(other.json()).toMatchObject({ code: 'passkey.address', title: 'Passkey hanya dapat dipakai di alamat resmi layanan ini.' });
    const byQuery = await post('/api/v1/auth/passkey/options?tenant=makassar&lang=en', undefined);
    expect(byQuery.json()).toMatchObject({ code: 'passkey.address', title: 'Passkeys only work at this service\'s official address.' });
  });
});

describe('citizens', () => {
  it('add a passkey, see it listed, sign in with it (a new session), and the use is recorded', async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const authenticator = await addPasskey(`${M}/api/v1/me/passkeys`, citizen.cookie);
    const listed = (await get(`${M}/api/v1/me/passkeys`, citizen.cookie)).json().items;
    expect(listed).toEqual([expect.objectContaining({ name: 'HP Android', lastUsedAt: null })]);

    const { challengeId, options } = await signInOptions();
    expect(options).toMatchObject({ rpId: HOST, userVerification: 'required' });
    const res = await post(`${M}/api/v1/auth/passkey`, undefined, { challengeId, response: authenticator.get(options) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().id).toBe(citizen.principal.kind === 'citizen' && citizen.principal.id);
    const token = sessionCookieOf(res);
    expect(token).toBeDefined();
    const mine = (await get(`${M}/api/v1/me/passkeys`, `${SESSION_COOKIE}=${token}`)).json().items;
    expect(mine[0].lastUsedAt).not.toBeNull();
  });

  it('refuses, issuing nothing: another origin, another RP ID, a replayed challenge, an expired one, a counter going back', async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const authenticator = await addPasskey(`${M}/api/v1/me/passkeys`, citizen.cookie);
    const attempt = async (bend: Parameters<SoftAuthenticator['get']>[1]) => {
      const { challengeId, options } = await signInOptions();
      return post(`${M}/api/v1/auth/passkey`, undefined, { challengeId, response: authenticator.get(options, bend) });
    };
    for (const bend of [{ origin: 'https://evil.example' }, { origin: 'http://gerbang.example.id' }, { rpId: 'evil.example' }]) {
      const res = await attempt(bend);
      expect(res.statusCode, JSON.stringify(bend)).toBe(401);
      expect(res.json()).toMatchObject({ code: 'passkey.invalid', title: 'Passkey tidak dikenali atau tidak sah untuk layanan ini.' });
      expect(sessionCookieOf(res)).toBeUndefined();
    }

    // Replayed: the very answer that worked once, sent again.
    const { challengeId, options } = await signInOptions();
    const body = { challengeId, response: authenticator.get(options, { counter: 10 }) };
    expect((await post(`${M}/api/v1/auth/passkey`, undefined, body)).statusCode).toBe(200);
    const replay = await post(`${M}/api/v1/auth/passkey`, undefined, body);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().code).toBe('passkey.challenge');
    expect(sessionCookieOf(replay)).toBeUndefined();

    // The counter reached 10 above; an answer at 9 is a cloned authenticator's.
    const back = await attempt({ counter: 9 });
    expect(back.statusCode).toBe(401);
    expect(sessionCookieOf(back)).toBeUndefined();

    // Expired: answered six minutes after the options (the ceremony allows five).
    const late = await signInOptions();
    clockOffset += 6 * 60_000;
    try {
      const res = await post(`${M}/api/v1/auth/passkey`, undefined, { challengeId: late.challengeId, response: authenticator.get(late.options, { counter: 20 }) });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('passkey.challenge');
      expect(sessionCookieOf(res)).toBeUndefined();
    } finally {
      clockOffset -= 6 * 60_000;
    }
    // And the genuine authenticator still works afterwards.
    expect((await attempt({ counter: 21 })).statusCode).toBe(200);
  });

  it('use one passkey on every tenant of the installation’s address: made at one, it signs in, is listed and removed at another (one account)', async () => {
    const jateng = await signInAs(t, 'jateng', { kind: 'citizen' });
    const citizenId = jateng.principal.kind === 'citizen' ? jateng.principal.id : '';
    const authenticator = await addPasskey('/t/jateng/api/v1/me/passkeys', jateng.cookie);
    const { challengeId, options } = await signInOptions(M);
    const res = await post(`${M}/api/v1/auth/passkey`, undefined, { challengeId, response: authenticator.get(options) });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = `${SESSION_COOKIE}=${sessionCookieOf(res)}`;
    expect((await get(`${M}/api/v1/me`, cookie)).json()).toMatchObject({ kind: 'citizen' });
    // The person now uses Makassar too; the passkey is theirs there, and its use is recorded.
    const makassarId = await tenantIdOf(t, 'makassar');
    const link = await t.db.owner.selectFrom('citizen_tenants').select('citizen_id').where('tenant_id', '=', makassarId).where('citizen_id', '=', citizenId).executeTakeFirst();
    expect(link).toBeDefined();
    const listed = (await get(`${M}/api/v1/me/passkeys`, cookie)).json().items as { id: string; lastUsedAt: string | null }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]!.lastUsedAt).not.toBeNull();
    // Adding it again at Makassar is refused by the authenticator: the browser is told it is there.
    const again = await post(`${M}/api/v1/me/passkeys/registration/options`, cookie);
    expect(again.json().options.excludeCredentials.map((c: { id: string }) => c.id)).toEqual([authenticator.get(options).id]);
    // Another citizen at Makassar neither sees nor removes it.
    const other = await signInAs(t, 'makassar', { kind: 'citizen' });
    expect((await get(`${M}/api/v1/me/passkeys`, other.cookie)).json().items).toEqual([]);
    const del = (c: string) => t.app.inject({ method: 'DELETE', url: `${M}/api/v1/me/passkeys/${listed[0]!.id}`, headers: { host: HOST, cookie: c } });
    expect((await del(other.cookie)).statusCode).toBe(404);
    expect((await del(cookie)).statusCode).toBe(204);
    expect((await get('/t/jateng/api/v1/me/passkeys', jateng.cookie)).json().items).toEqual([]);
    const home = await signInOptions('/t/jateng');
    expect((await post('/t/jateng/api/v1/auth/passkey', undefined, { challengeId: home.challengeId, response: authenticator.get(home.options) })).statusCode).toBe(401);
  });

  it('refuse a registration from another origin or for another RP ID, and save nothing', async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const authenticator = new SoftAuthenticator(BASE);
    for (const bend of [{ origin: 'https://evil.example' }, { rpId: 'evil.example' }]) {
      const { challengeId, options } = (await post(`${M}/api/v1/me/passkeys/registration/options`, citizen.cookie)).json();
      const res = await post(`${M}/api/v1/me/passkeys/registration`, citizen.cookie, { challengeId, name: 'HP', response: authenticator.create(options, bend) });
      expect(res.statusCode, JSON.stringify(bend)).toBe(400);
      expect(res.json().code).toBe('passkey.invalid');
    }
    // A challenge given to someone else is not this citizen's to answer.
    const other = await signInAs(t, 'makassar', { kind: 'citizen' });
    const { challengeId, options } = (await post(`${M}/api/v1/me/passkeys/registration/options`, other.cookie)).json();
    const stolen = await post(`${M}/api/v1/me/passkeys/registration`, citizen.cookie, { challengeId, name: 'HP', response: authenticator.create(options) });
    expect(stolen.json().code).toBe('passkey.challenge');
    // A name is required, beside its field.
    const fresh = (await post(`${M}/api/v1/me/passkeys/registration/options`, citizen.cookie)).json();
    const unnamed = await post(`${M}/api/v1/me/passkeys/registration`, citizen.cookie, { challengeId: fresh.challengeId, name: '  ', response: authenticator.create(fresh.options) });
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().errors).toEqual([expect.objectContaining({ field: '/name' })]);
    expect((await get(`${M}/api/v1/me/passkeys`, citizen.cookie)).json().items).toEqual([]);
  });

  it('remove their own passkey only; an assisted or stale session manages none', async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    await addPasskey(`${M}/api/v1/me/passkeys`, citizen.cookie);
    const [passkey] = (await get(`${M}/api/v1/me/passkeys`, citizen.cookie)).json().items;
    const other = await signInAs(t, 'makassar', { kind: 'citizen' });
    const del = (cookie: string) => t.app.inject({ method: 'DELETE', url: `${M}/api/v1/me/passkeys/${passkey.id}`, headers: { host: HOST, cookie } });
    expect((await del(other.cookie)).statusCode).toBe(404);

    const tenantId = await tenantIdOf(t, 'makassar');
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier' }] });
    const citizenId = citizen.principal.kind === 'citizen' ? citizen.principal.id : '';
    const assisted = await createSession(t.db.app, tenantId, { kind: 'citizen', id: citizenId, assistedBy: officer.principal.kind === 'officer' ? officer.principal.id : null }, t.now());
    expect((await del(`${SESSION_COOKIE}=${assisted.token}`)).statusCode).toBe(403);
    expect((await post(`${M}/api/v1/me/passkeys/registration/options`, `${SESSION_COOKIE}=${assisted.token}`)).statusCode).toBe(403);

    clockOffset += 16 * 60_000;
    try {
      const stale = await del(citizen.cookie);
      expect(stale.statusCode).toBe(403);
      expect(stale.json().code).toBe('passkey.reauthenticate');
    } finally {
      clockOffset -= 16 * 60_000;
    }
    expect((await del(citizen.cookie)).statusCode).toBe(204);
    expect((await get(`${M}/api/v1/me/passkeys`, citizen.cookie)).json().items).toEqual([]);
  });
});

describe('officers', () => {
  it('add a passkey after both factors, then use it as the second factor after the password', async () => {
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    const authenticator = await addPasskey(`${M}/api/v1/officers/me/passkeys`, officer.cookie);
    const officerId = officer.principal.kind === 'officer' ? officer.principal.id : '';
    const tenantId = await tenantIdOf(t, 'makassar');
    // A session after the password only (no grants yet), as /petugas/masuk leaves it.
    const half = await createSession(t.db.app, tenantId, { kind: 'officer', id: officerId, secondFactor: false }, t.now());
    const cookie = `${SESSION_COOKIE}=${half.token}`;
    expect((await get(`${M}/api/v1/api-keys`, cookie)).statusCode).toBe(403);
    const start = await post(`${M}/api/v1/officers/me/passkey/options`, cookie);
    expect(start.statusCode, start.body).toBe(200);
    const { challengeId, options } = start.json();
    expect(options.allowCredentials).toEqual([expect.objectContaining({ id: [...authenticator.credentials.keys()][0] })]);
    const res = await post(`${M}/api/v1/officers/me/passkey/verify`, cookie, { challengeId, response: authenticator.get(options) });
    expect(res.statusCode, res.body).toBe(204);
    const token = sessionCookieOf(res)!;
    expect((await get(`${M}/api/v1/api-keys`, `${SESSION_COOKIE}=${token}`)).statusCode).toBe(200);
  });

  it('refuse another officer’s passkey, a wrong origin, and adding one before the second factor', async () => {
    const tenantId = await tenantIdOf(t, 'makassar');
    const a = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    const b = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    const authA = await addPasskey(`${M}/api/v1/officers/me/passkeys`, a.cookie);
    const authB = await addPasskey(`${M}/api/v1/officers/me/passkeys`, b.cookie);
    const aId = a.principal.kind === 'officer' ? a.principal.id : '';
    const half = await createSession(t.db.app, tenantId, { kind: 'officer', id: aId, secondFactor: false }, t.now());
    const cookie = `${SESSION_COOKIE}=${half.token}`;
    for (const response of [
      (o: Parameters<SoftAuthenticator['get']>[0]) => authB.get(o),
      (o: Parameters<SoftAuthenticator['get']>[0]) => authA.get(o, { origin: 'https://evil.example' }),
    ]) {
      const { challengeId, options } = (await post(`${M}/api/v1/officers/me/passkey/options`, cookie)).json();
      const res = await post(`${M}/api/v1/officers/me/passkey/verify`, cookie, { challengeId, response: response(options) });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('passkey.invalid');
      expect(sessionCookieOf(res)).toBeUndefined();
    }
    // Adding a passkey needs the second factor in this session.
    const adding = await post(`${M}/api/v1/officers/me/passkeys/registration/options`, cookie);
    expect(adding.statusCode).toBe(403);
    expect(adding.json().code).toBe('passkey.reauthenticate');
    await markSecondFactor(t.db.app, tenantId, half.id);
    expect((await post(`${M}/api/v1/officers/me/passkeys/registration/options`, cookie)).statusCode).toBe(200);
  });

  it('a citizen is refused the officers’ passkey routes, and an officer the citizens’', async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const officer = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect((await get(`${M}/api/v1/officers/me/passkeys`, citizen.cookie)).statusCode).toBe(403);
    expect((await post(`${M}/api/v1/officers/me/passkey/options`, citizen.cookie)).statusCode).toBe(403);
    expect((await get(`${M}/api/v1/me/passkeys`, officer.cookie)).statusCode).toBe(403);
    expect((await post(`${M}/api/v1/me/passkeys/registration/options`, officer.cookie)).statusCode).toBe(403);
    // Another tenant's officer is a stranger here (anonymous: 401).
    const jateng = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    expect((await get(`${M}/api/v1/officers/me/passkeys`, jateng.cookie)).statusCode).toBe(401);
  });
});

describe('a tenant’s own host', () => {
  it('is its own relying party: a passkey made there works there', async () => {
    const host = 'makassar.localhost';
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const authenticator = new SoftAuthenticator('https://makassar.localhost');
    const start = await post('/api/v1/me/passkeys/registration/options', citizen.cookie, {}, host);
    expect(start.json().options.rp.id).toBe(host);
    const { challengeId, options } = start.json();
    expect((await post('/api/v1/me/passkeys/registration', citizen.cookie, { challengeId, name: 'Laptop', response: authenticator.create(options) }, host)).statusCode).toBe(201);
    const signIn = (await post('/api/v1/auth/passkey/options', undefined, {}, host)).json();
    expect((await post('/api/v1/auth/passkey', undefined, { challengeId: signIn.challengeId, response: authenticator.get(signIn.options) }, host)).statusCode).toBe(200);
    // The same passkey answering through the public address is for another RP ID: refused.
    const viaBase = await signInOptions();
    expect((await post(`${M}/api/v1/auth/passkey`, undefined, { challengeId: viaBase.challengeId, response: authenticator.get(viaBase.options, { origin: BASE }) })).statusCode).toBe(401);
  });
});

describe('erasure', () => {
  it('destroys the citizen’s passkeys with the rest of their credentials', async () => {
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const authenticator = await addPasskey(`${M}/api/v1/me/passkeys`, citizen.cookie);
    const citizenId = citizen.principal.kind === 'citizen' ? citizen.principal.id : '';
    const tenantId = await tenantIdOf(t, 'makassar');
    await withTenant(t.db.app, tenantId, (trx) => eraseCitizenPersonalData(trx, tenantId, citizenId));
    expect(await t.db.owner.selectFrom('passkeys').select('id').where('citizen_id', '=', citizenId).execute()).toEqual([]);
    const { challengeId, options } = await signInOptions();
    expect((await post(`${M}/api/v1/auth/passkey`, undefined, { challengeId, response: authenticator.get(options) })).statusCode).toBe(401);
  });
});
