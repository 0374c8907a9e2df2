// The tenant hierarchy (issue 17): a province names its regencies and cities (only its own, only
// regencies and cities); the portal root groups them under it, searches by region name without
// JavaScript and highlights the person's government; tenants' home pages link province and city.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenWithProfile } from '../../../test/applications.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { systemContext } from '../../platform/context.js';
import { listTenants, setTenantParent } from './index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const html = (url: string, cookie?: string) => t.app.inject({ url, headers: { accept: 'text/html', ...(cookie ? { cookie } : {}) } });

describe('naming a province’s regencies and cities', () => {
  it('the demo seed makes Sulawesi Selatan the province of Makassar', async () => {
    const tenants = new Map((await listTenants(t.db.app)).map((x) => [x.slug, x]));
    expect(tenants.get('makassar')!.parentId).toBe(tenants.get('sulsel')!.id);
    expect(tenants.get('jateng')!.parentId).toBeNull();
  });

  it('refuses a parent that is not a province, a child that is not local, a city outside the province, an unknown tenant', async () => {
    const ctx = systemContext(t.db.owner, t.audit, 'test');
    await expect(setTenantParent(ctx, { child: 'makassar', parent: 'jateng' })).rejects.toMatchObject({ status: 400, fieldErrors: [{ code: 'outside' }] });
    await expect(setTenantParent(ctx, { child: 'sulsel', parent: 'jateng' })).rejects.toMatchObject({ status: 400, fieldErrors: [{ code: 'not_local' }] });
    await expect(setTenantParent(ctx, { child: 'makassar', parent: 'makassar' })).rejects.toMatchObject({ status: 400, fieldErrors: [{ code: 'not_province' }] });
    await expect(setTenantParent(ctx, { child: 'tidak-ada', parent: 'sulsel' })).rejects.toMatchObject({ status: 404 });
    const makassar = (await listTenants(t.db.app)).find((x) => x.slug === 'makassar')!;
    expect(makassar.parentId).not.toBeNull();
  });
});

describe('the portal root: choose your government', () => {
  it('groups the regencies and cities under their province, in both languages', async () => {
    const res = await html('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Pilih pemerintah daerah');
    expect(res.body).toMatch(/id="tenant-sulsel">.*Pemerintah Provinsi Sulawesi Selatan.*Kabupaten dan kota di provinsi ini.*Pemerintah Kota Makassar/s);
    expect(res.body).toContain('id="tenant-jateng"');
    const en = await t.app.inject({ url: '/?lang=en', headers: { accept: 'text/html' } });
    expect(en.body).toContain('Choose a government');
    expect(en.body).toContain('South Sulawesi Provincial Government');
  });

  it('searches by region name with a GET form, and says when nothing matches', async () => {
    expect((await html('/')).body).toMatch(/<form class="search" method="get" action="\/" role="search">/);
    const found = await html('/?q=makassar');
    expect(found.body).toContain('Pemerintah Kota Makassar');
    expect(found.body).toContain('Pemerintah Provinsi Sulawesi Selatan');
    expect(found.body).not.toContain('Pemerintah Provinsi Jawa Tengah');
    // A region name that is not in the tenant's name: Jawa Tengah's own region.
    const byRegion = await html('/?q=JAWA%20TENGAH');
    expect(byRegion.body).toContain('Pemerintah Provinsi Jawa Tengah');
    expect(byRegion.body).not.toContain('Pemerintah Kota Makassar');
    const none = await html('/?q=%3Cb%3Ezzz');
    expect(none.body).toContain('Tidak ada pemerintah daerah yang cocok dengan «&lt;b>zzz»');
  });

  it('highlights the government of the person’s home region', async () => {
    const res = await html('/?wilayah=73.71.01.1001');
    expect(res.body).toMatch(/id="tenant-yours">Pemerintah daerah tempat tinggal Anda: <a href="\/t\/makassar\/">/);
    expect(res.body).toMatch(/<a href="\/t\/makassar\/" aria-current="true">Pemerintah Kota Makassar<\/a><strong> \(wilayah Anda\)/);
    expect((await html('/?wilayah=bukan-kode')).body).not.toContain('tenant-yours');
  });

  it('highlights a signed-in citizen’s government at the portal root from their session, without a link’s region', async () => {
    const citizen = await citizenWithProfile(t, 'makassar');
    const res = await html('/', citizen.cookie);
    expect(res.body).toMatch(/id="tenant-yours">Pemerintah daerah tempat tinggal Anda: <a href="\/t\/makassar\/">/);
    // Nobody signed in, or a cookie that signs nobody in: no government is the person's.
    expect((await html('/')).body).not.toContain('tenant-yours');
    expect((await html('/', 'gerbang_session=' + 'x'.repeat(43))).body).not.toContain('tenant-yours');
  });
});

describe('tenants’ home pages', () => {
  it('link a city to its province and the province to its cities; a signed-in citizen’s link to the chooser carries their region', async () => {
    const city = await html('/t/makassar/');
    expect(city.body).toMatch(/id="tenant-parent">Bagian dari <a href="\/t\/sulsel\/">Pemerintah Provinsi Sulawesi Selatan<\/a>/);
    const province = await html('/t/sulsel/');
    expect(province.body).toMatch(/id="tenant-children".*href="\/t\/makassar\/"/s);
    const other = await html('/t/jateng/');
    expect(other.body).not.toContain('tenant-parent');
    expect(other.body).not.toContain('tenant-children');
    const citizen = await citizenWithProfile(t, 'makassar');
    const signedIn = await html('/t/makassar/', citizen.cookie);
    expect(signedIn.body).toContain('href="/?wilayah=73.71.01.1001"');
  });
});
