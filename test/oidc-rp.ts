// For the provider's tests: a relying party (openid-client) registered with the test app, citizens
// with a full profile and a Gerbang session, and the sign-in a browser makes (through the
// interaction pages) up to the redirect back to the RP.
import * as oc from 'openid-client';
import { freePort } from '../src/db/embedded.js';
import { createTestApp, type TestApp } from './app.js';
import { createSession, SESSION_COOKIE } from '../src/modules/identity/index.js';
import { createConfirmedCitizen } from '../src/modules/identity/citizens/service.js';
import type { Assurance } from '../src/platform/auth/index.js';
import { tenantContextOf } from './auth.js';
import { registerClient } from '../src/modules/oidc/clients.js';
import { appFetch, Browser, formAction, hiddenValue, ISSUER } from './oidc-browser.js';

export const RP = 'https://rp.example.go.id';

export async function registerRp(t: TestApp, input: { name?: string; tenant?: string; scopes?: string[]; redirect?: string; postLogout?: string[] } = {}) {
  const ctx = await tenantContextOf(t, input.tenant ?? 'makassar');
  const { client, secret } = await registerClient(ctx, {
    name: input.name ?? 'Aplikasi Uji',
    redirectUris: [input.redirect ?? `${RP}/cb`],
    postLogoutRedirectUris: input.postLogout ?? [`${RP}/keluar`],
    scopes: input.scopes ?? ['openid', 'profile', 'email', 'phone', 'address', 'offline_access'],
  });
  const config = await oc.discovery(new URL(ISSUER), client.id, {}, oc.ClientSecretBasic(secret!), {
    execute: [oc.allowInsecureRequests, oc.enableNonRepudiationChecks],
    [oc.customFetch]: appFetch(t) as unknown as oc.CustomFetch,
  });
  return { client, secret: secret!, config };
}

let serial = 0;
/** A confirmed citizen with a profile, signed in: their browser carries the Gerbang session. */
export async function citizenBrowser(t: TestApp, opts: { tenant?: string; assurance?: Assurance } = {}) {
  const ctx = await tenantContextOf(t, opts.tenant ?? 'makassar');
  const n = String(++serial).padStart(4, '0');
  const email = `warga${n}@contoh.id`;
  await createConfirmedCitizen(ctx, {
    nik: `737101410190${n}`,
    name: `Warga Uji ${n}`,
    birthDate: '1990-01-01',
    sex: 'P',
    email,
    phone: `08123450${n}`,
    regionCode: '73.71.01.1001',
    password: 'sebuah kata sandi panjang 2026',
    assurance: opts.assurance ?? 'registry',
  });
  const { id } = await t.db.owner.selectFrom('citizens').select('id').where('name', '=', `Warga Uji ${n}`).executeTakeFirstOrThrow();
  const session = await createSession(t.db.app, ctx.tenant.id, { kind: 'citizen', id }, t.now());
  return { citizenId: id, tenantId: ctx.tenant.id, token: session.token, browser: new Browser(t, `${SESSION_COOKIE}=${session.token}`), name: `Warga Uji ${n}` };
}

export async function startAuth(config: oc.Configuration, params: Record<string, string> = {}) {
  const verifier = oc.randomPKCECodeVerifier();
  const state = oc.randomState();
  const nonce = oc.randomNonce();
  const url = oc.buildAuthorizationUrl(config, {
    redirect_uri: `${RP}/cb`,
    scope: 'openid profile email',
    code_challenge: await oc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  return { url, verifier, state, nonce };
}

/** Follows the sign-in as the browser would; allows on the consent page when asked. Returns where it ended. */
export async function signIn(browser: Browser, url: URL, opts: { consent?: 'allow' | 'deny' } = {}) {
  let step = await browser.follow(url.href, (u) => u.origin === RP);
  for (let i = 0; i < 3 && step.res && step.res.statusCode === 200 && step.res.body.includes('name="decision"'); i++) {
    const html = step.res.body;
    const post = await browser.request('POST', formAction(html), { _csrf: hiddenValue(html, '_csrf'), decision: opts.consent ?? 'allow' });
    if (post.statusCode !== 303) return { url: step.url, res: post };
    step = await browser.follow(new URL(String(post.headers.location), step.url).href, (u) => u.origin === RP);
  }
  return step;
}

/** A test app listening where PUBLIC_BASE_URL says it is (the issuer), for real HTTP and browsers. */
export async function listeningTestApp(): Promise<{ t: TestApp; base: string }> {
  // The issuer's address is in the configuration, so the port is chosen before the app is built; a
  // port free a moment ago may be taken by then (an outgoing connection's; a fixed port per process
  // once was, EADDRINUSE): then the app is built again on another.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const t = await createTestApp({ PUBLIC_BASE_URL: base });
    try {
      await t.app.listen({ port, host: '127.0.0.1' });
      return { t, base };
    } catch (error) {
      await t.close();
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw error;
    }
  }
}
