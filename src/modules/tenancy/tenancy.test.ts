// Tenancy: creating tenants and agencies (idempotent by code, audited), the in-memory directory every
// request resolves its tenant through (by slug, by host, refreshed after its TTL by the app's clock),
// the public API and the home pages — and that a tenant's agencies never show on another's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { systemContext } from '../../platform/context.js';
import { regionName } from '../../platform/regions/index.js';
import { createAgency, createTenant, listAgencies, type Tenant, TenantDirectory } from './index.js';

let t: TestApp;
/** A tenant of this test only, with one agency: the demo tenants must never show it. */
let other: Tenant;

beforeAll(async () => {
  t = await createTestApp();
  // Tenants are created by the owner connection (seeds, the CLI); the app's role may not.
  const ctx = systemContext(t.db.owner, t.audit, 'test');
  other = await createTenant(ctx, { slug: 'uji-lain', name: 'Pemerintah Kabupaten Uji', kind: 'regency', timeZone: 'Asia/Jayapura', hosts: ['Uji.Example.ID'] });
  await createAgency({ ...ctx, tenant: other }, { code: 'dinas-rahasia', name: 'Dinas Khusus Uji Lain' });
  const one = await createTenant(ctx, { slug: 'uji-satu', name: 'Pemerintah Kota Uji Satu', kind: 'city', timeZone: 'Asia/Jakarta' });
  await createAgency({ ...ctx, tenant: one }, { code: 'satu', name: 'Satu-satunya Dinas' });
  // Created before the app's first request, so its tenant directory (loaded on first use) has them.
});
afterAll(() => t.close());

describe('creating tenants and agencies', () => {
  it('creates an agency once per code (a second call is a no-op), and audits each creation once', async () => {
    const ctx = { ...systemContext(t.db.owner, t.audit, 'test'), actor: { kind: 'officer' as const, id: 'admin-uji' }, tenant: other };
    expect(await createAgency(ctx, { code: 'bappeda', name: 'Badan Perencanaan Uji' })).toBe(true);
    expect(await createAgency(ctx, { code: 'bappeda', name: 'Nama lain, kode sama' })).toBe(false);
    const agencies = await listAgencies(t.db.app, other);
    expect(agencies.map((a) => [a.code, a.name])).toEqual(
      expect.arrayContaining([
        ['bappeda', 'Badan Perencanaan Uji'],
        ['dinas-rahasia', 'Dinas Khusus Uji Lain'],
      ]),
    );
    expect(agencies).toHaveLength(2);
    expect(other.hosts).toEqual(['uji.example.id']); // host names are kept in lower case

    await t.audit.flush(t.db.app); // sequence the committed audit events (decision 0014)
    const events = await t.db.owner
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('tenant_id', '=', other.id)
      .orderBy('seq')
      .execute();
    expect(events).toEqual([
      { action: 'tenant.created', actor: 'system:test' },
      { action: 'agency.created', actor: 'system:test' },
      { action: 'agency.created', actor: 'officer:admin-uji' },
    ]);
  });
});

describe('the tenant directory', () => {
  it('finds a tenant by slug and by host name (any case, any port), and reloads only after its TTL by the given clock', async () => {
    let now = new Date('2026-05-04T08:00:00Z');
    const directory = new TenantDirectory(t.db.app, () => now, 30_000);
    expect((await directory.bySlugOrUndefined('MAKASSAR'))?.slug).toBe('makassar');
    expect((await directory.byHostName('makassar.localhost:3000'))?.slug).toBe('makassar');
    expect((await directory.byHostName('UJI.example.id'))?.slug).toBe('uji-lain');
    expect(await directory.byHostName(undefined)).toBeUndefined();
    expect(await directory.bySlugOrUndefined('tidak-ada')).toBeUndefined();

    const ctx = systemContext(t.db.owner, t.audit, 'test');
    await createTenant(ctx, { slug: 'uji-baru', name: 'Pemerintah Kota Uji Baru', kind: 'city', timeZone: 'Asia/Jakarta' });
    now = new Date(now.getTime() + 29_000);
    expect(await directory.bySlugOrUndefined('uji-baru')).toBeUndefined(); // still the list of 29 s ago
    now = new Date(now.getTime() + 1_000);
    expect((await directory.bySlugOrUndefined('uji-baru'))?.name).toBe('Pemerintah Kota Uji Baru');
    // A clock set back (a corrected server clock) reloads rather than keeping the list forever.
    await createTenant(ctx, { slug: 'uji-mundur', name: 'Pemerintah Kota Uji Mundur', kind: 'city', timeZone: 'Asia/Jakarta' });
    now = new Date(now.getTime() - 60_000);
    expect(await directory.bySlugOrUndefined('uji-mundur')).toBeDefined();
  });
});

describe('the tenants API', () => {
  it('lists the tenants, and the agencies of one tenant only', async () => {
    const list = await t.app.inject('/api/v1/tenants');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((x: { slug: string }) => x.slug)).toEqual(expect.arrayContaining(['jateng', 'makassar', 'uji-lain', 'uji-satu']));

    const agencies = await t.app.inject('/api/v1/tenants/makassar/agencies');
    expect(agencies.statusCode).toBe(200);
    const codes = agencies.json().items.map((a: { code: string }) => a.code);
    expect(agencies.json().tenant).toBe('makassar');
    expect(codes.length).toBeGreaterThan(0);
    expect(codes).not.toContain('dinas-rahasia');
    expect(agencies.body).not.toContain('Dinas Khusus Uji Lain');
  });

  it('answers 404 problem+json for an unknown tenant', async () => {
    const res = await t.app.inject('/api/v1/tenants/tidak-ada/agencies');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404 });
  });
});

describe('the home pages', () => {
  it('the portal home lists the governments with the name of their region, never its code', async () => {
    const res = await t.app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Pemerintah Kota Makassar');
    expect(res.body).toContain('Pemerintah Kabupaten Uji');
    expect(res.body).toContain(regionName('73.71').replace(/&/g, '&amp;'));
    expect(regionName('73.71')).not.toBe('73.71');
    expect(res.body).not.toContain(' · 73.71');
  });

  it("a tenant's home lists its agencies with their services, and what the modules offer; never another tenant's agencies", async () => {
    const res = await t.app.inject('/t/makassar/');
    expect(res.statusCode).toBe(200);
    const agencies = await listAgencies(t.db.app, (await t.app.inject('/api/v1/tenants')).json().items.find((x: Tenant) => x.slug === 'makassar'));
    for (const agency of agencies) {
      expect(res.body).toContain(`>${agency.name}</h3>`);
      expect(res.body).toContain(`href="/t/makassar/layanan/instansi/${agency.code}"`);
    }
    expect(res.body).not.toContain('Dinas Khusus Uji Lain');
    // The modules' entries (web/navigation.ts): the catalogue's search and list, filing and following reports.
    expect(res.body).toContain('action="/t/makassar/layanan/cari"');
    expect(res.body).toContain('href="/t/makassar/layanan"');
    expect(res.body).toContain('href="/t/makassar/pengaduan/baru"');
    expect(res.body).toContain('href="/t/makassar/pengaduan"');

    const uji = await t.app.inject('/t/uji-lain/?lang=en');
    expect(uji.body).toContain('Dinas Khusus Uji Lain');
    expect(uji.body).not.toContain('>Dinas Kependudukan');
    expect(uji.body).toMatch(/2 agencies/);
  });

  it('says "1 agency" in English for a tenant with one', async () => {
    const res = await t.app.inject('/t/uji-satu/?lang=en');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('>1 agency<');
  });
});
