// The provider mounted in the app: discovery names the issuer and its endpoints, the JWKS publishes
// only public keys, a rotation adds a key and keeps the old one until it expires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_APP_SECRET, type TestApp } from '../../../test/app.js';
import { OIDC_SWEEP_JOB, oidcJobHandlers } from './jobs.js';
import { KEEP_RETIRED_MS, rotateSigningKeys } from './keys.js';
import type { Job } from '../../platform/jobs/runner.js';
import { signingKeySealKey } from './provider.js';
import { appFetch, BASE, ISSUER } from '../../../test/oidc-browser.js';

let t: TestApp;
let clock = Date.parse('2026-12-05T08:00:00Z');
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_BASE_URL: BASE }, {}, { now: () => new Date(clock) });
});
afterAll(() => t?.close());

describe('the OpenID Provider', () => {
  it('publishes discovery with PKCE (S256), pairwise subjects, the levels of assurance and the scopes', async () => {
    const res = await appFetch(t)(`${ISSUER}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(ISSUER);
    expect(doc.authorization_endpoint).toBe(`${ISSUER}/auth`);
    expect(doc.token_endpoint).toBe(`${ISSUER}/token`);
    expect(doc.jwks_uri).toBe(`${ISSUER}/jwks`);
    expect(doc.end_session_endpoint).toBe(`${ISSUER}/session/end`);
    expect(doc.pushed_authorization_request_endpoint).toBe(`${ISSUER}/request`);
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
    expect(doc.subject_types_supported).toEqual(['pairwise']);
    expect(doc.acr_values_supported).toEqual(['unverified', 'registry', 'in_person']);
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'phone', 'address', 'nik']));
    expect(doc.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'private_key_jwt']);
    expect(doc.dpop_signing_alg_values_supported).toBeDefined();
  });

  it('publishes public keys only, and keeps a rotated key until it expires', async () => {
    const jwks = async () => ((await (await appFetch(t)(`${ISSUER}/jwks`)).json()) as { keys: Record<string, unknown>[] }).keys;
    const before = await jwks();
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ kty: 'RSA', use: 'sig' });
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(before[0]).not.toHaveProperty(secret);

    const { kid, retired } = await rotateSigningKeys(t.db.app, signingKeySealKey(TEST_APP_SECRET), new Date(clock));
    expect(retired).toEqual([before[0]!.kid]);
    clock += 61_000; // the provider looks at the key set at most once a minute
    const after = await jwks();
    expect(after.map((k) => k.kid)).toEqual([kid, before[0]!.kid]);

    clock += KEEP_RETIRED_MS;
    expect((await jwks()).map((k) => k.kid)).toEqual([kid]);
  });
});

describe('the hourly sweep', () => {
  it('deletes expired provider state and rotates a signing key older than OIDC_KEY_ROTATION_DAYS', async () => {
    const now = new Date(clock);
    await t.db.owner
      .insertInto('oidc_payloads')
      .values([
        { model: 'AuthorizationCode', id: 'old', payload: '{}', expires_at: new Date(now.getTime() - 1000), grant_id: null, uid: null, account_id: null, consumed_at: null },
        { model: 'AuthorizationCode', id: 'live', payload: '{}', expires_at: new Date(now.getTime() + 60_000), grant_id: null, uid: null, account_id: null, consumed_at: null },
      ])
      .execute();
    const sweep = (days: number, at: Date) =>
      t.db.app.transaction().execute((trx) => oidcJobHandlers({ db: t.db.app, appSecret: TEST_APP_SECRET, now: () => at, keyRotationDays: days })[OIDC_SWEEP_JOB]!({} as Job, trx));
    const signing = async () => (await t.db.owner.selectFrom('oidc_signing_keys').select('kid').where('retired_at', 'is', null).executeTakeFirstOrThrow()).kid;
    const before = await signing();
    await sweep(90, now);
    expect((await t.db.owner.selectFrom('oidc_payloads').select('id').where('model', '=', 'AuthorizationCode').execute()).map((r) => r.id)).toEqual(['live']);
    expect(await signing()).toBe(before);
    await sweep(90, new Date(now.getTime() + 91 * 24 * 3600_000));
    expect(await signing()).not.toBe(before);
  });
});
