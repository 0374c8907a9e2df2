// The installation-wide account and each government's reach (migration 0057): a tenant's officers
// read a citizen only once the citizen has used that tenant, and the citizen's access log lists the
// reads of every government, each labelled with its name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { citizenWithProfile } from '../../../../test/applications.js';
import { signInAs } from '../../../../test/auth.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const read = (slug: string, id: string, cookie: string, purpose = 'Tindak lanjut laporan warga') =>
  t.app.inject({ url: `/t/${slug}/api/v1/citizens/${id}?purpose=${encodeURIComponent(purpose)}`, headers: { cookie } });

describe('one account, each government its own reach', () => {
  it("keeps a citizen from another tenant's officers until the citizen uses that tenant, then logs both tenants' reads with their names", async () => {
    const citizen = await citizenWithProfile(t, 'makassar');
    const makassarOfficer = await signInAs(t, 'makassar', { kind: 'officer', name: 'Petugas Kota', grants: [{ role: 'complaint_handler', agency: 'dinkes' }] });
    const jatengOfficer = await signInAs(t, 'jateng', { kind: 'officer', name: 'Petugas Provinsi', grants: [{ role: 'complaint_handler', agency: 'dinkes' }] });

    expect((await read('makassar', citizen.id, makassarOfficer.cookie)).statusCode).toBe(200);
    // The province has never served her: its officers cannot find her, even by id.
    expect((await read('jateng', citizen.id, jatengOfficer.cookie)).statusCode).toBe(404);

    // She visits the province signed in (one sign-in): now she is someone it serves.
    expect((await t.app.inject({ url: '/t/jateng/api/v1/me', headers: { cookie: citizen.cookie } })).statusCode).toBe(200);
    expect((await read('jateng', citizen.id, jatengOfficer.cookie, 'Verifikasi permohonan izin')).statusCode).toBe(200);

    // Her log, read from either tenant, lists both reads, each with the government's name.
    for (const slug of ['makassar', 'jateng']) {
      const log = await t.app.inject({ url: `/t/${slug}/api/v1/me/data-access-log`, headers: { cookie: citizen.cookie } });
      expect(log.statusCode).toBe(200);
      const items = log.json().items as { tenant: string; accessor: string; purpose: string }[];
      expect(items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ tenant: 'Pemerintah Kota Makassar', accessor: 'Petugas Kota', purpose: 'Tindak lanjut laporan warga' }),
          expect.objectContaining({ tenant: 'Pemerintah Provinsi Jawa Tengah', accessor: 'Petugas Provinsi', purpose: 'Verifikasi permohonan izin' }),
        ]),
      );
    }
    const page = await t.app.inject({ url: '/t/makassar/akun/privasi?lang=en', headers: { cookie: citizen.cookie, accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<th scope="col">Government</th>');
    expect(page.body).toContain('Makassar City Government');
    expect(page.body).toContain('Central Java Provincial Government');

    // Another citizen's log stays theirs; an officer of either tenant cannot list hers.
    const other = await signInAs(t, 'jateng', { kind: 'citizen' });
    const otherLog = await t.app.inject({ url: '/t/jateng/api/v1/me/data-access-log', headers: { cookie: other.cookie } });
    expect(otherLog.json().items).toEqual([]);
    expect((await t.app.inject({ url: '/t/jateng/api/v1/me/data-access-log', headers: { cookie: jatengOfficer.cookie } })).statusCode).toBe(403);
  });
});
