// The session cookie's scope: Path=/ (the /t/<slug> tenants of a host share it) and, with
// SESSION_COOKIE_DOMAIN, the installation's parent domain for tenants on host names of their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { tenantContextOf } from '../../../test/auth.js';
import { loadConfig } from '../../config.js';
import { createConfirmedCitizen } from './citizens/service.js';
import { sessionCookieDomain } from './sessions.js';

describe('sessionCookieDomain', () => {
  it('is the parent domain for hosts under it, and nothing for other hosts or when unset', () => {
    expect(sessionCookieDomain('makassar.gerbang.go.id', 'gerbang.go.id')).toBe('gerbang.go.id');
    expect(sessionCookieDomain('Gerbang.Go.Id', 'gerbang.go.id')).toBe('gerbang.go.id');
    expect(sessionCookieDomain('evilgerbang.go.id', 'gerbang.go.id')).toBeUndefined();
    expect(sessionCookieDomain('layanan.makassarkota.go.id', 'gerbang.go.id')).toBeUndefined();
    expect(sessionCookieDomain('makassar.gerbang.go.id', undefined)).toBeUndefined();
  });

  it('is read from SESSION_COOKIE_DOMAIN, and a value that is no domain name stops start-up', () => {
    expect(loadConfig({ NODE_ENV: 'test', SESSION_COOKIE_DOMAIN: '.Gerbang.go.id' }).sessionCookieDomain).toBe('gerbang.go.id');
    expect(loadConfig({ NODE_ENV: 'test' }).sessionCookieDomain).toBeUndefined();
    expect(() => loadConfig({ NODE_ENV: 'test', SESSION_COOKIE_DOMAIN: 'https://gerbang.go.id/' })).toThrow(/SESSION_COOKIE_DOMAIN/);
  });
});

describe('one sign-in across tenant hosts', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The demo tenants on host names of their own under one parent domain (before the app's first
    // request loads its tenant directory).
    t = await createTestApp({ SESSION_COOKIE_DOMAIN: 'gerbang.test' });
    for (const slug of ['makassar', 'jateng']) {
      await t.db.owner.updateTable('tenants').set({ hosts: [`${slug}.gerbang.test`] }).where('slug', '=', slug).execute();
    }
    await createConfirmedCitizen(await tenantContextOf(t, 'makassar'), {
      nik: '7371015505920001',
      name: 'Rina Wati',
      birthDate: '1992-05-15',
      sex: 'P',
      phone: '081298765432',
      email: 'rina@contoh.id',
      password: 'perahu pinisi di losari',
      regionCode: '73.71.01.1001',
      assurance: 'registry',
    });
  });
  afterAll(() => t.close());

  it("sets the cookie for the parent domain, so the province's host knows the citizen the city's host signed in", async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { host: 'makassar.gerbang.test' }, payload: { identifier: 'rina@contoh.id', password: 'perahu pinisi di losari' } });
    expect(login.statusCode, login.body).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/gerbang_session=[^;]+;.*Domain=gerbang.test/);
    expect(setCookie).toContain('Path=/');
    const cookie = setCookie.split(';')[0]!;
    const there = await t.app.inject({ url: '/api/v1/me', headers: { host: 'jateng.gerbang.test', cookie } });
    expect(there.statusCode).toBe(200);
    expect(there.json()).toMatchObject({ kind: 'citizen' });
    // Through the public address with a path prefix, a host outside the domain: a host-only cookie.
    const plain = await t.app.inject({ method: 'POST', url: '/t/makassar/api/v1/auth/login', headers: { host: '127.0.0.1' }, payload: { identifier: 'rina@contoh.id', password: 'perahu pinisi di losari' } });
    expect(plain.statusCode).toBe(200);
    expect(String(plain.headers['set-cookie'])).not.toContain('Domain=');
  });
});
