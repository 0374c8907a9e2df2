// A real relying party (openid-client) against the provider in the test app: discovery, sign-in with
// PKCE through the interaction pages, the ID token checked (signature via the JWKS, iss, aud, nonce),
// userinfo, refresh, pairwise subjects, the access log; and the refusals — a replayed or expired code,
// a wrong state, an unregistered redirect URI, no PKCE, an unknown client, a scope not allowed.
import * as oc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { signInAs } from '../../../test/auth.js';
import { BASE, formAction, hiddenValue } from '../../../test/oidc-browser.js';
import { citizenBrowser, registerRp, RP, signIn, startAuth } from '../../../test/oidc-rp.js';


let t: TestApp;
let clock = Date.parse('2026-12-05T08:00:00Z');
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_BASE_URL: BASE }, {}, { now: () => new Date(clock) });
});
afterAll(() => t?.close());

describe('signing in to another application with Gerbang', () => {
  it('signs a citizen in with PKCE, validates the ID token, releases the claims and records each release', async () => {
    const rp = await registerRp(t, { name: 'SIM Perizinan' });
    const { browser, citizenId, tenantId, name } = await citizenBrowser(t);
    const auth = await startAuth(rp.config, { scope: 'openid profile email phone address' });
    const end = await signIn(browser, auth.url);
    expect(end.url.origin).toBe(RP);
    const tokens = await oc.authorizationCodeGrant(rp.config, end.url, { pkceCodeVerifier: auth.verifier, expectedState: auth.state, expectedNonce: auth.nonce });
    const claims = tokens.claims()!;
    expect(claims.iss).toBe(`${BASE}/oidc`);
    expect(claims.aud).toBe(rp.client.id);
    expect(claims.sub).not.toContain(citizenId);
    expect(claims).toMatchObject({ name, birthdate: '1990-01-01', email_verified: true });
    const info = await oc.fetchUserInfo(rp.config, tokens.access_token, claims.sub);
    expect(info).toMatchObject({ sub: claims.sub, name, email: expect.stringMatching(/@contoh\.id$/), phone_number: expect.stringMatching(/^\+?62|^08/), address: { region: '73.71.01.1001', country: 'ID' } });
    expect(info).not.toHaveProperty('nik');

    const log = await t.db.owner.selectFrom('personal_data_access').select(['accessor_name', 'accessor_id', 'purpose', 'fields']).where('tenant_id', '=', tenantId).where('citizen_id', '=', citizenId).execute();
    expect(log.map((l) => l.purpose).sort()).toEqual(['OpenID Connect: ID token', 'OpenID Connect: userinfo']);
    for (const l of log) expect(l).toMatchObject({ accessor_name: 'SIM Perizinan', accessor_id: `oidc_client:${rp.client.id}` });
    await t.audit.flush(t.db.owner);
    const audit = await t.db.owner.selectFrom('audit_log').select(['action', 'actor']).where('subject', '=', `oidc_client:${rp.client.id}`).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['oidc_client.registered', 'oidc.consent_given']);
  });

  it('gives two applications different subjects for the same citizen, and the same one again on a second sign-in', async () => {
    const a = await registerRp(t, { name: 'Aplikasi A' });
    const b = await registerRp(t, { name: 'Aplikasi B', redirect: 'https://b.example.go.id/cb' });
    const { browser } = await citizenBrowser(t);
    const subOf = async (rp: typeof a, redirect: string) => {
      const auth = await startAuth(rp.config, { redirect_uri: redirect });
      const end = await signIn(browser, auth.url);
      const tokens = await oc.authorizationCodeGrant(rp.config, end.url, { pkceCodeVerifier: auth.verifier, expectedState: auth.state, expectedNonce: auth.nonce });
      return tokens.claims()!.sub;
    };
    const subA = await subOf(a, `${RP}/cb`);
    const subB = await subOf(b, 'https://b.example.go.id/cb');
    expect(subA).not.toBe(subB);
    expect(await subOf(a, `${RP}/cb`)).toBe(subA);
  });
});

const issued = async () => Number((await t.db.owner.selectFrom('oidc_payloads').select((eb) => eb.fn.countAll<number>().as('n')).where('model', 'in', ['AuthorizationCode', 'AccessToken', 'RefreshToken']).executeTakeFirstOrThrow()).n);
const oauthError = (e: unknown) => (e as { error?: string }).error;

describe('refusals: the standard OAuth error, nothing issued', () => {
  it('refuses a replayed code and revokes what the first use issued', async () => {
    const rp = await registerRp(t);
    const { browser } = await citizenBrowser(t);
    const auth = await startAuth(rp.config);
    const end = await signIn(browser, auth.url);
    const checks = { pkceCodeVerifier: auth.verifier, expectedState: auth.state, expectedNonce: auth.nonce };
    const first = await oc.authorizationCodeGrant(rp.config, end.url, checks);
    const again = await oc.authorizationCodeGrant(rp.config, end.url, checks).catch((e: unknown) => e);
    expect(oauthError(again)).toBe('invalid_grant');
    const info = await oc.fetchUserInfo(rp.config, first.access_token, first.claims()!.sub).catch((e: unknown) => e);
    expect(info).toBeInstanceOf(Error); // the access token of the first use is revoked with its grant
  });

  it('refuses a code used after it expired (the app’s clock)', async () => {
    const rp = await registerRp(t);
    const { browser } = await citizenBrowser(t);
    const auth = await startAuth(rp.config);
    const end = await signIn(browser, auth.url);
    clock += 61_000; // codes live 60 s
    const late = await oc.authorizationCodeGrant(rp.config, end.url, { pkceCodeVerifier: auth.verifier, expectedState: auth.state, expectedNonce: auth.nonce }).catch((e: unknown) => e);
    expect(oauthError(late)).toBe('invalid_grant');
  });

  it('lets the relying party refuse an answer with a wrong state before it spends the code', async () => {
    const rp = await registerRp(t);
    const { browser } = await citizenBrowser(t);
    const auth = await startAuth(rp.config);
    const end = await signIn(browser, auth.url);
    const before = await issued();
    const wrong = await oc.authorizationCodeGrant(rp.config, end.url, { pkceCodeVerifier: auth.verifier, expectedState: 'another-state', expectedNonce: auth.nonce }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(Error);
    expect(String((wrong as Error & { cause?: Error }).cause?.message)).toMatch(/state/);
    expect(await issued()).toBe(before);
  });

  it('refuses an unregistered redirect URI, an unknown client and a disabled one on a page, redirecting nowhere', async () => {
    const rp = await registerRp(t);
    const { browser } = await citizenBrowser(t);
    const before = await issued();
    const evil = await startAuth(rp.config, { redirect_uri: 'https://evil.example/cb' });
    const a = await browser.request('GET', evil.url.href);
    expect(a.statusCode).toBe(400);
    expect(a.headers.location).toBeUndefined();
    expect(a.body).toContain('Alamat kembali yang diminta aplikasi tidak terdaftar');
    const unknown = new URL(evil.url);
    unknown.searchParams.set('client_id', 'gbc_AAAAAAAAAAAAAAAAAAAAAA');
    unknown.searchParams.set('redirect_uri', `${RP}/cb`);
    const b = await browser.request('GET', unknown.href);
    expect(b.statusCode).toBe(400);
    expect(b.body).toContain('tidak terdaftar atau sedang dinonaktifkan');
    const admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    await t.app.inject({ method: 'PATCH', url: `/t/makassar/api/v1/oidc/clients/${rp.client.id}`, headers: { cookie: admin.cookie }, payload: { status: 'disabled' } });
    const c = await browser.request('GET', (await startAuth(rp.config)).url.href);
    expect(c.statusCode).toBe(400);
    expect(await issued()).toBe(before);
  });

  it('refuses a request without PKCE and a scope the client is not allowed (the nik of an unapproved client)', async () => {
    const rp = await registerRp(t);
    const { browser } = await citizenBrowser(t);
    const before = await issued();
    const noPkce = new URL((await startAuth(rp.config)).url);
    noPkce.searchParams.delete('code_challenge');
    noPkce.searchParams.delete('code_challenge_method');
    const a = await browser.request('GET', noPkce.href);
    const back = new URL(String(a.headers.location));
    expect(back.origin).toBe(RP);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('code')).toBeNull();
    const nik = await browser.request('GET', (await startAuth(rp.config, { scope: 'openid nik' })).url.href);
    const back2 = new URL(String(nik.headers.location));
    expect(back2.searchParams.get('error')).toBe('invalid_scope');
    expect(back2.searchParams.get('code')).toBeNull();
    expect(await issued()).toBe(before);
  });
});

describe('levels of assurance, refresh, logout, consents', () => {
  it('asks for a higher level when acr_values needs it, says how to raise it, and reports the level in acr', async () => {
    const rp = await registerRp(t);
    const low = await citizenBrowser(t, { assurance: 'registry' });
    const auth = await startAuth(rp.config, { acr_values: 'in_person' });
    const step = await low.browser.follow(auth.url.href, (u) => u.origin === RP);
    expect(step.res?.statusCode).toBe(403);
    expect(step.res?.body).toContain('datangi loket layanan');
    const html = step.res!.body;
    const cancel = await low.browser.request('POST', formAction(html), { _csrf: hiddenValue(html, '_csrf'), decision: 'stepup_cancel' });
    const end = await low.browser.follow(new URL(String(cancel.headers.location), BASE).href, (u) => u.origin === RP);
    expect(end.url.searchParams.get('error')).toBe('unmet_authentication_requirements');

    const high = await citizenBrowser(t, { assurance: 'in_person' });
    const ok = await startAuth(rp.config, { acr_values: 'in_person' });
    const done = await signIn(high.browser, ok.url);
    const tokens = await oc.authorizationCodeGrant(rp.config, done.url, { pkceCodeVerifier: ok.verifier, expectedState: ok.state, expectedNonce: ok.nonce });
    expect(tokens.claims()!.acr).toBe('in_person');
  });

  it('refreshes with offline_access, ends the session with RP-initiated logout, and a withdrawn consent ends the refresh token', async () => {
    const rp = await registerRp(t);
    const { browser } = await citizenBrowser(t);
    const auth = await startAuth(rp.config, { scope: 'openid profile offline_access', prompt: 'consent' });
    const end = await signIn(browser, auth.url);
    const tokens = await oc.authorizationCodeGrant(rp.config, end.url, { pkceCodeVerifier: auth.verifier, expectedState: auth.state, expectedNonce: auth.nonce });
    expect(tokens.refresh_token).toBeDefined();
    const refreshed = await oc.refreshTokenGrant(rp.config, tokens.refresh_token!);
    expect(refreshed.access_token).toBeDefined();

    // The consent is on the privacy page; withdrawing it ends every token of the grant.
    const privacy = await browser.request('GET', '/t/makassar/akun/privasi');
    expect(privacy.body).toContain('Aplikasi Uji');
    const withdraw = await browser.request('POST', formAction(privacy.body, 'grant'), { _csrf: hiddenValue(privacy.body, '_csrf'), grant: hiddenValue(privacy.body, 'grant') });
    expect(withdraw.statusCode).toBe(303);
    expect((await browser.request('GET', '/t/makassar/akun/privasi')).body).toContain('Anda belum mengizinkan aplikasi lain');
    const gone = await oc.refreshTokenGrant(rp.config, refreshed.refresh_token ?? tokens.refresh_token!).catch((e: unknown) => e);
    expect(oauthError(gone)).toBe('invalid_grant');

    // RP-initiated logout: the question, then back to the registered address with the state.
    const logout = oc.buildEndSessionUrl(rp.config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${RP}/keluar`, state: 'bye' });
    const ask = await browser.request('GET', logout.href);
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Keluar dari aplikasi?');
    const confirm = await browser.request('POST', formAction(ask.body, 'xsrf'), { xsrf: hiddenValue(ask.body, 'xsrf'), logout: 'yes' });
    expect(confirm.statusCode).toBe(303);
    expect(String(confirm.headers.location)).toBe(`${RP}/keluar?state=bye`);
    expect(browser.cookieFor('/oidc/auth')).not.toMatch(/(^|; )_session=/);
    const other = await browser.request('GET', oc.buildEndSessionUrl(rp.config, { post_logout_redirect_uri: 'https://evil.example/', client_id: rp.client.id }).href);
    expect(other.statusCode).toBe(400);
  });
});
