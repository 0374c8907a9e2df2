// The development demo accounts: seeded through the services, idempotent, and usable — a demo
// officer signs in with the demo password and the code `gerbang dev totp` prints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { systemContext } from '../../platform/context.js';
import { DEMO_PASSWORD, demoTotpCodes, seedDemoIdentity } from './index.js';
import { getRegistrySettings, saveRegistrySettings } from './registry/registry.js';
import { demoOfficerEmail } from './seed.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('demo identity seed', () => {
  it('creates a citizen and one officer per role per demo tenant, once', async () => {
    const ctx = { ...systemContext(t.db.owner, t.audit, 'seed'), audit: t.audit };
    const first = await seedDemoIdentity(ctx);
    // Plus a complaint handler for every agency but the one the per-role officers work at.
    const agencies = await t.db.owner
      .selectFrom('agencies as a')
      .innerJoin('tenants as tn', 'tn.id', 'a.tenant_id')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .where('tn.slug', 'in', ['makassar', 'jateng'])
      .executeTakeFirstOrThrow();
    const handlers = Number(agencies.n) - 2;
    expect(first.created).toBe(2 * (1 + 11) + handlers);
    const again = await seedDemoIdentity(ctx);
    expect(again.created).toBe(0);
    expect(again.accounts).toHaveLength(24 + handlers);
    // A later start leaves what an administrator changed alone (it used to reset the registry).
    const tenant = (await t.db.owner.selectFrom('tenants').select('id').where('slug', '=', 'makassar').executeTakeFirstOrThrow()).id;
    await saveRegistrySettings(t.db.owner, tenant, { registry: 'none', registryUrl: null, registryKey: null }, new Date());
    await seedDemoIdentity(ctx);
    expect((await getRegistrySettings(t.db.owner, tenant)).registry).toBe('none');
    await saveRegistrySettings(t.db.owner, tenant, { registry: 'builtin', registryUrl: null, registryKey: null }, new Date());
    // Thirty-odd argon2 hashes: slow on a loaded machine.
  }, 120_000);

  it('gives every demo agency a complaint handler account (issue 16: every category flow can finish)', async () => {
    const rows = await t.db.owner
      .selectFrom('agencies as a')
      .innerJoin('tenants as tn', 'tn.id', 'a.tenant_id')
      .leftJoin('officer_roles as r', (join) => join.onRef('r.tenant_id', '=', 'a.tenant_id').onRef('r.agency_id', '=', 'a.id').on('r.role', '=', 'complaint_handler'))
      .select(['tn.slug', 'a.code', 'r.officer_id'])
      .where('tn.slug', 'in', ['makassar', 'jateng'])
      .execute();
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.filter((r) => r.officer_id === null).map((r) => `${r.slug}/${r.code}`)).toEqual([]);
  });

  it('lets the demo citizen and a demo officer sign in (password, then the dev totp code)', async () => {
    const citizen = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/auth/login', payload: { identifier: 'warga@makassar.demo.gerbang.id', password: DEMO_PASSWORD } });
    expect(citizen.statusCode, citizen.body).toBe(200);
    expect(citizen.json().assurance).toBe('registry');

    const email = demoOfficerEmail('makassar', 'verifier');
    const step1 = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/officers/login', payload: { email, password: DEMO_PASSWORD } });
    expect(step1.json().next).toBe('totp');
    const cookie = `gerbang_session=${step1.cookies.find((c) => c.name === 'gerbang_session')!.value}`;
    const [code] = await demoTotpCodes(t.db.owner, email, new Date());
    expect(code?.tenant).toBe('makassar');
    const step2 = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/officers/me/totp/verify', payload: { code: code!.code }, headers: { cookie } });
    expect(step2.statusCode, step2.body).toBe(204);

    // Signed in again at once: the code used is refused, and the one given now is the next step's.
    const again = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/officers/login', payload: { email, password: DEMO_PASSWORD } });
    const againCookie = `gerbang_session=${again.cookies.find((c) => c.name === 'gerbang_session')!.value}`;
    const replay = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/officers/me/totp/verify', payload: { code: code!.code }, headers: { cookie: againCookie } });
    expect(replay.statusCode).toBe(400);
    const [next] = await demoTotpCodes(t.db.owner, email, new Date());
    const step2Again = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/officers/me/totp/verify', payload: { code: next!.code }, headers: { cookie: againCookie } });
    expect(step2Again.statusCode, step2Again.body).toBe(204);
  });

  it('registers a new NIK against the built-in registry as registry-verified', async () => {
    // Rahmat Hidayat is a synthetic resident in the makassar registry.
    const reg = await t.app.inject({
      method: 'POST',
      url: '/t/makassar/api/v1/citizens',
      payload: { nik: '7371011505920002', name: 'RAHMAT  hidayat', birthDate: '1992-05-15', sex: 'L', phone: '081377778888', email: 'rahmat@example.id', password: 'perahu pinisi berlayar jauh', regionCode: '73.71.01.1001' },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const row = await t.db.owner.selectFrom('notifications').select('body_text').where('recipient', '=', 'rahmat@example.id').executeTakeFirstOrThrow();
    const ok = await t.app.inject({ method: 'POST', url: `/t/makassar/api/v1/citizens/${reg.json().id}/verification`, payload: { code: /\b(\d{6})\b/.exec(row.body_text)![1] } });
    expect(ok.json()).toMatchObject({ assurance: 'registry' });
  });
});
