// The fee rule in the service-version admin form (no JavaScript): an agency admin sets a fee per unit
// or by table on the edit page; a rule the form cannot describe, an amount that is not whole rupiah or
// an empty table is refused beside its field with nothing saved, and a rule reading a field the online
// form lacks is refused at publication beside the rule's field, the draft kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { type PublishedService, publishWithSetup } from '../../../test/applications.js';
import { signInAs } from '../../../test/auth.js';
import { formWithOptionalUploads, payFirstWorkflow } from '../../../test/payments.js';
import type { FormDefinition } from '../applications/index.js';
import { formFromDefinition } from './admin-pages.js';
import type { ServiceDefinition } from './model.js';

let t: TestApp;
let service: PublishedService;
let admin: { cookie: string };
const M = '/t/makassar';

// The building permit's form with the two fields its rules read: the area and the building's class.
const withAreaAndClass = (requirements: string[]): FormDefinition => {
  const form = formWithOptionalUploads(requirements);
  const fields: FormDefinition['groups'][number]['fields'] = [
    { id: 'luas', type: 'number', label: { id: 'Luas (m²)', en: 'Area (m²)' }, required: true },
    { id: 'kelas', type: 'select', label: { id: 'Kelas bangunan', en: 'Building class' }, required: true, options: [{ value: 'rumah', label: { id: 'Rumah tinggal', en: 'House' } }, { value: 'usaha', label: { id: 'Bangunan usaha', en: 'Business' } }] },
  ];
  return { ...form, groups: [{ id: 'bangunan', title: { id: 'Bangunan', en: 'Building' }, fields }, ...form.groups] };
};

beforeAll(async () => {
  t = await createTestApp();
  service = await publishWithSetup(t, { slug: 'makassar', agency: 'dpmptsp', code: 'pbg', workflow: payFirstWorkflow(), form: withAreaAndClass });
  admin = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dpmptsp' }] });
});
afterAll(() => t.close());

const here = () => `${M}/kelola/layanan/${service.serviceId}`;
const draft = async (cookie = admin.cookie) => (await t.app.inject({ url: `${M}/api/v1/admin/services/${service.serviceId}`, headers: { cookie } })).json().draft as ServiceDefinition;

/** Posts the whole edit form as the page would send it, with `fields` changed. */
async function post(fields: Record<string, string>, cookie = admin.cookie, url = here()) {
  const page = await t.app.inject({ url, headers: { cookie, accept: 'text/html' } });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const form = { ...formFromDefinition(await draft()), action: 'save', ...fields };
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, ...(form as Record<string, string>) }).toString(),
  });
}

const errorOf = (body: string, field: string) => new RegExp(`<p class="field-error" id="e-${field}">([^<]+)</p>`).exec(body)?.[1];

describe('the fee rule on the service edit page', () => {
  it('saves a fee per unit and shows it again; the service page states it once published', async () => {
    const saved = await post({ fee_kind: 'per_unit', fee_field: 'luas', fee_unit_price: '10.000', fee_unit_id: 'm²', fee_unit_en: 'm²', fee_minimum: '50.000' });
    expect([saved.statusCode, saved.headers.location]).toEqual([303, `${here()}?ok=saved`]);
    expect((await draft()).feeRule).toEqual({ kind: 'per_unit', field: 'luas', unitPrice: 10_000, unit: { id: 'm²', en: 'm²' }, minimum: 50_000 });
    const page = (await t.app.inject({ url: here(), headers: { cookie: admin.cookie, accept: 'text/html' } })).body;
    expect(page).toMatch(/<input type="radio" id="f-fee_kind-per_unit" name="fee_kind" value="per_unit" checked/);
    expect(page).toContain('name="fee_unit_price" type="text" value="10000"');

    const published = await post({ action: 'publish' });
    expect(published.headers.location).toMatch(/ok=published/);
    expect((await t.app.inject(`${M}/layanan/dpmptsp/pbg`)).body).toContain('Rp10.000 per m², paling sedikit Rp50.000');
  });

  it('saves a table, one row per line (the English label may be left out), and shows it again', async () => {
    const saved = await post({ fee_kind: 'table', fee_field: 'kelas', fee_rows: 'rumah | Rumah tinggal | House | 100.000\r\n\r\nusaha | Bangunan usaha | 250000\r\n' });
    expect(saved.statusCode, saved.body.slice(0, 2000)).toBe(303);
    expect((await draft()).feeRule).toEqual({
      kind: 'table',
      field: 'kelas',
      rows: [
        { value: 'rumah', label: { id: 'Rumah tinggal', en: 'House' }, amount: 100_000 },
        { value: 'usaha', label: { id: 'Bangunan usaha' }, amount: 250_000 },
      ],
    });
    const page = (await t.app.inject({ url: here(), headers: { cookie: admin.cookie, accept: 'text/html' } })).body;
    expect(page).toContain('rumah | Rumah tinggal | House | 100000\nusaha | Bangunan usaha | 250000</textarea>');
  });

  it('refuses what is not whole rupiah, an empty table, a missing unit or field — beside the field, in both languages, nothing saved', async () => {
    const before = await draft();
    const fraction = await post({ fee_kind: 'per_unit', fee_field: 'luas', fee_unit_price: '12,5', fee_unit_id: 'm²' });
    expect(fraction.statusCode).toBe(400);
    expect(errorOf(fraction.body, 'fee_unit_price')).toContain('bilangan bulat rupiah');
    expect(fraction.body).toContain('href="#f-fee_unit_price"');
    expect(fraction.body).toContain('value="12,5"'); // what was typed is shown again

    const noUnit = await post({ fee_kind: 'per_unit', fee_field: '', fee_unit_price: '10000', fee_unit_id: '' });
    expect(noUnit.statusCode).toBe(400);
    expect(errorOf(noUnit.body, 'fee_field')).toBe('Isi kode isian formulir yang menentukan biaya.');
    expect(errorOf(noUnit.body, 'fee_unit_id')).toBe('Isi satuannya (misalnya m²).');

    const empty = await post({ fee_kind: 'table', fee_field: 'kelas', fee_rows: ' \r\n ' });
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty.body, 'fee_rows')).toBe('Tabel biaya kosong: tulis satu baris untuk setiap pilihan.');

    const badRow = await post({ fee_kind: 'table', fee_field: 'kelas', fee_rows: 'rumah | Rumah | 100.000\nusaha | Usaha | 2,5' });
    expect(errorOf(badRow.body, 'fee_rows')).toBe('Biaya di baris 2 tabel harus bilangan bulat rupiah, 0 atau lebih.');
    const shapeless = await post({ fee_kind: 'table', fee_field: 'kelas', fee_rows: 'rumah 100000' }, admin.cookie, `${here()}?lang=en`);
    expect(errorOf(shapeless.body, 'fee_rows')).toBe('Line 1 of the fee table must read value | label | English label | fee.');

    const duplicate = await post({ fee_kind: 'table', fee_field: 'kelas', fee_rows: 'rumah | Rumah | 1000\nrumah | Rumah lagi | 2000' });
    expect(duplicate.statusCode).toBe(400);
    expect(errorOf(duplicate.body, 'fee_rows')).toBe('Setiap baris tabel biaya perlu nilai pilihan yang berbeda.');
    expect(await draft()).toEqual(before);
  });

  it('refuses to publish a rule reading a field the online form lacks, beside the rule’s field; the draft is kept', async () => {
    const res = await post({ action: 'publish', fee_kind: 'per_unit', fee_field: 'luas_tanah', fee_unit_price: '5000', fee_unit_id: 'm²' });
    expect([res.statusCode, res.headers.location]).toEqual([303, `${here()}?ok=saved`]);
    const flash = ([] as string[]).concat((res.headers['set-cookie'] as string | string[]) ?? []).map((c) => c.split(';')[0]!).filter((c) => !c.startsWith('csrf='));
    const page = (await t.app.inject({ url: res.headers.location as string, headers: { cookie: `${admin.cookie}; ${flash[0]}`, accept: 'text/html' } })).body;
    expect(page).toContain('href="#f-fee_field"');
    expect(errorOf(page, 'fee_field')).toContain('luas_tanah');
    expect((await draft()).feeRule).toMatchObject({ kind: 'per_unit', field: 'luas_tanah' });
  });

  it('refuses another agency’s admin, another tenant’s and a citizen', async () => {
    const before = await draft();
    const otherAgency = await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'disdukcapil' }] });
    const citizen = await signInAs(t, 'makassar', { kind: 'citizen' });
    const otherTenant = await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'tenant_admin' }] });
    for (const [cookie, url] of [
      [otherAgency.cookie, here()],
      [citizen.cookie, here()],
      [otherTenant.cookie, `/t/jateng/kelola/layanan/${service.serviceId}`],
    ] as const) {
      const res = await post({ fee_kind: 'per_unit', fee_field: 'luas', fee_unit_price: '1', fee_unit_id: 'm²' }, cookie, url);
      expect([403, 404]).toContain(res.statusCode);
    }
    expect(await draft()).toEqual(before);
  });
});
