// The NIK is released only to a client approved for it, through FAPI 2.0: pushed authorization
// request, private_key_jwt, DPoP-bound tokens (openid-client as the relying party).
import * as oc from 'openid-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { tenantContextOf } from '../../../test/auth.js';
import { appFetch, BASE, ISSUER } from '../../../test/oidc-browser.js';
import { citizenBrowser, RP, signIn } from '../../../test/oidc-rp.js';
import { registerClient } from './clients.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_BASE_URL: BASE });
});
afterAll(() => t?.close());

it('releases the NIK to an approved FAPI 2.0 client (PAR, private_key_jwt, DPoP), and refuses a plain request from it', async () => {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const jwk = { ...(await crypto.subtle.exportKey('jwk', keys.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  const { client } = await registerClient(await tenantContextOf(t, 'makassar'), {
    name: 'SIAK Terpadu',
    redirectUris: [`${RP}/cb`],
    scopes: ['openid', 'profile', 'nik'],
    nikApproved: true,
    jwks: { keys: [jwk as unknown as Record<string, unknown>] },
  });
  const config = await oc.discovery(new URL(ISSUER), client.id, { token_endpoint_auth_signing_alg: 'ES256' }, oc.PrivateKeyJwt({ key: keys.privateKey, kid: 'k1' }), {
    execute: [oc.allowInsecureRequests, oc.enableNonRepudiationChecks],
    [oc.customFetch]: appFetch(t) as unknown as oc.CustomFetch,
  });
  const dpop = oc.getDPoPHandle(config, await oc.randomDPoPKeyPair('ES256'));
  const verifier = oc.randomPKCECodeVerifier();
  const params = { redirect_uri: `${RP}/cb`, scope: 'openid profile nik', code_challenge: await oc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', state: oc.randomState(), nonce: oc.randomNonce() };

  // Without PAR the provider refuses the client (require_pushed_authorization_requests).
  const { browser } = await citizenBrowser(t);
  const plain = await browser.request('GET', oc.buildAuthorizationUrl(config, params).href);
  expect(String(plain.headers.location ?? '')).toContain('error=invalid_request');

  const url = await oc.buildAuthorizationUrlWithPAR(config, params, { DPoP: dpop });
  const end = await signIn(browser, url);
  expect(end.url.origin).toBe(RP);
  const tokens = await oc.authorizationCodeGrant(config, end.url, { pkceCodeVerifier: verifier, expectedState: params.state, expectedNonce: params.nonce }, undefined, { DPoP: dpop });
  expect(tokens.token_type.toLowerCase()).toBe('dpop');
  expect(tokens.claims()!.nik).toMatch(/^\d{16}$/);
  const info = await oc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub, { DPoP: dpop });
  expect(info.nik).toBe(tokens.claims()!.nik);
  // A DPoP-bound token is useless without its key.
  const stolen = await oc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub).catch((e: unknown) => e);
  expect(stolen).toBeInstanceOf(Error);
});
