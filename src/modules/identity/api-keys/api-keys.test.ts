// API keys: shown once, hashed, scoped, revocable, last use recorded; an agency system reads a
// citizen's data with its key and the read is recorded like an officer's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { signInAs } from '../../../../test/auth.js';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] })).cookie;
});
afterAll(() => t.close());

describe('API keys', () => {
  it('creates, uses, lists (with last use) and revokes a key; only tenant admins manage them', async () => {
    const verifier = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'verifier', agency: 'dpmptsp' }] });
    const refused = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/api-keys', headers: { cookie: verifier.cookie }, payload: { name: 'SIMPEG', scopes: ['identity.citizens.read'] } });
    expect(refused.statusCode).toBe(403);
    const created = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/api-keys', headers: { cookie: admin }, payload: { name: 'SIMPEG', agency: 'dpmptsp', scopes: ['identity.citizens.read'] } });
    expect(created.statusCode, created.body).toBe(201);
    const { key, apiKey } = created.json();
    expect(key).toMatch(/^gbk_[a-z0-9]{8}_/);
    const stored = await t.db.owner.selectFrom('api_keys').select('key_hash').executeTakeFirstOrThrow();
    expect(stored.key_hash).not.toContain(key);

    // Its scope lets it past the policy of the citizen read (404: no such citizen, not 401/403).
    const read = (tenant: string, k = key) =>
      t.app.inject({ method: 'GET', url: `/t/${tenant}/api/v1/citizens/00000000-0000-4000-8000-000000000000?purpose=sinkron%20data`, headers: { authorization: `Bearer ${k}` } });
    expect((await read('makassar')).statusCode).toBe(404);
    // The key is its tenant's only: elsewhere it is no one; a forged key is no one either.
    expect((await read('jateng')).statusCode).toBe(401);
    expect((await read('makassar', `${key.slice(0, -4)}AAAA`)).statusCode).toBe(401);
    // A scope it lacks: refused.
    expect((await t.app.inject({ method: 'GET', url: '/t/makassar/api/v1/api-keys', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(403);

    const list = await t.app.inject({ method: 'GET', url: '/t/makassar/api/v1/api-keys', headers: { cookie: admin } });
    expect(list.json().items[0]).toMatchObject({ id: apiKey.id, name: 'SIMPEG', lastUsedAt: expect.any(String), revokedAt: null });
    expect(list.body).not.toContain(key);

    const revoke = await t.app.inject({ method: 'DELETE', url: `/t/makassar/api/v1/api-keys/${apiKey.id}`, headers: { cookie: admin } });
    expect(revoke.statusCode).toBe(204);
    expect((await read('makassar')).statusCode).toBe(401);
  });
});
