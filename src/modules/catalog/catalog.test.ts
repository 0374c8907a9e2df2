import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { type ServiceContext, systemContext } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { type Agency, listAgencies, listTenants, type Tenant } from '../tenancy/index.js';
import { COMPONENTS, emptyDefinition, publishErrors, type ServiceDefinition } from './model.js';
import { DEMO_CATALOG } from './seed-data.js';
import { seedDemoCatalog } from './seed.js';
import {
  addComment,
  catalogCsv,
  createService,
  exportService,
  getService,
  getServiceDraft,
  getServiceVersion,
  importService,
  listAgencyServices,
  listComments,
  listServices,
  listServiceVersions,
  publishService,
  setCommentsOpen,
  updateDraft,
} from './service.js';

let t: TestApp;
let makassar: Tenant;
let jateng: Tenant;
let dukcapil: Agency;
let dinkesJateng: Agency;
let ctx: ServiceContext;

beforeAll(async () => {
  t = await createTestApp();
  const tenants = await listTenants(t.db.owner);
  makassar = tenants.find((x) => x.slug === 'makassar')!;
  jateng = tenants.find((x) => x.slug === 'jateng')!;
  dukcapil = (await listAgencies(t.db.app, makassar)).find((a) => a.code === 'disdukcapil')!;
  dinkesJateng = (await listAgencies(t.db.app, jateng)).find((a) => a.code === 'dinkes')!;
  ctx = { ...systemContext(t.db.app, t.audit, 'test'), actor: { kind: 'officer', id: 'officer-1' } };
});
afterAll(() => t.close());

/** A complete standard, from the demo data (KTP-el), under another code. */
const complete = (code: string): ServiceDefinition => ({ ...DEMO_CATALOG.makassar![0]!.definition, code });

const fieldsOf = async (p: Promise<unknown>) => {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return { code: (error as DomainError).code, status: (error as DomainError).status, fields: (error as DomainError).fieldErrors.map((f) => f.field) };
};

describe('demo catalogue', () => {
  it('has at least 40 published services with complete standards across both demo tenants, and seeding twice adds none', async () => {
    const all = [...(await listServices({ ...ctx, tenant: makassar })), ...(await listServices({ ...ctx, tenant: jateng }))];
    expect(all.length).toBeGreaterThanOrEqual(40);
    for (const s of all) expect(publishErrors(s)).toEqual([]);
    const agencies = new Set(all.map((s) => `${s.agency.code}`));
    for (const code of ['disdukcapil', 'dpmptsp', 'dinkes', 'disdik', 'dinsos', 'dishub', 'bapenda']) expect(agencies).toContain(code);
    expect(await seedDemoCatalog(systemContext(t.db.owner, t.audit, 'seed'))).toEqual({ services: 0 });
  });

  it('a life event lists its services in order', async () => {
    const birth = await listServices({ ...ctx, tenant: makassar }, { lifeEvent: 'kelahiran' });
    expect(birth.map((s) => s.code)).toEqual(['akta-kelahiran', 'kartu-keluarga', 'kia']);
  });
});

describe('drafts and publishing', () => {
  it('refuses a negative or fractional fee, a completion time of 0 and a bad code with field errors', async () => {
    const base = emptyDefinition('x-test', 'Uji');
    expect(await fieldsOf(createService({ ...ctx, tenant: makassar }, dukcapil.id, { ...base, fee: -1 }))).toEqual({
      code: 'catalog.invalid_service',
      status: 400,
      fields: ['/fee'],
    });
    expect((await fieldsOf(createService({ ...ctx, tenant: makassar }, dukcapil.id, { ...base, fee: 1500.5 }))).fields).toEqual(['/fee']);
    expect((await fieldsOf(createService({ ...ctx, tenant: makassar }, dukcapil.id, { ...base, completionDays: 0 }))).fields).toEqual([
      '/completionDays',
    ]);
    expect((await fieldsOf(createService({ ...ctx, tenant: makassar }, dukcapil.id, { ...base, code: 'Bad Code' }))).fields).toEqual(['/code']);
  });

  it('refuses a duplicate code in the same agency (409) but allows it in another agency', async () => {
    expect(await fieldsOf(createService({ ...ctx, tenant: makassar }, dukcapil.id, emptyDefinition('ktp-el', 'Lagi')))).toEqual({
      code: 'catalog.duplicate_code',
      status: 409,
      fields: ['/code'],
    });
    const other = (await listAgencies(t.db.app, makassar)).find((a) => a.code === 'dinsos')!;
    await expect(createService({ ...ctx, tenant: makassar }, other.id, emptyDefinition('ktp-el', 'Lain'))).resolves.toMatchObject({ code: 'ktp-el' });
  });

  it('refuses to publish an incomplete standard, naming every missing component, and keeps the draft', async () => {
    const draft = await createService({ ...ctx, tenant: makassar }, dukcapil.id, { ...emptyDefinition('draf-kosong', 'Draf'), fee: 0 });
    const result = await fieldsOf(publishService({ ...ctx, tenant: makassar }, draft.id));
    expect(result.code).toBe('catalog.incomplete_standard');
    expect(result.status).toBe(422);
    // 13 missing components (the fee is there), plus summary, SK, review date and the counter's hall.
    expect(result.fields.filter((f) => f.startsWith('/components/') || f === '/completionDays')).toHaveLength(COMPONENTS.length - 1);
    expect(result.fields).toEqual(expect.arrayContaining(['/sk', '/reviewDate', '/hall', '/completionDays']));
    expect(result.fields).not.toContain('/fee');
    const kept = await getServiceDraft({ ...ctx, tenant: makassar }, draft.id);
    expect(kept.draft.name.id).toBe('Draf');
    expect(kept.latestVersion).toBe(0);
    await expect(getService({ ...ctx, tenant: makassar }, draft.id)).rejects.toMatchObject({ status: 404 });
  });

  it('publishes, revises with a later effective date, and keeps every version for applications', async () => {
    const created = await createService({ ...ctx, tenant: makassar }, dukcapil.id, complete('ktp-el-uji'));
    const v1 = await publishService({ ...ctx, tenant: makassar }, created.id);
    expect(v1.version).toBe(1);
    expect((await getService({ ...ctx, tenant: makassar }, created.id)).versionId).toBe(v1.id);

    await expect(publishService({ ...ctx, tenant: makassar }, created.id)).rejects.toMatchObject({ code: 'catalog.nothing_to_publish' });
    await updateDraft({ ...ctx, tenant: makassar }, created.id, { ...complete('ktp-el-uji'), fee: 10000, completionDays: 2 });
    await expect(updateDraft({ ...ctx, tenant: makassar }, created.id, { ...complete('ganti-kode') })).rejects.toMatchObject({ status: 400 });
    // The public still sees version 1 while the revision is a draft.
    expect((await getService({ ...ctx, tenant: makassar }, created.id)).fee).toBe(0);
    await expect(publishService({ ...ctx, tenant: makassar }, created.id, { effectiveFrom: '2020-01-01' })).rejects.toMatchObject({
      code: 'catalog.incomplete_standard',
    });
    const v2 = await publishService({ ...ctx, tenant: makassar }, created.id, { effectiveFrom: '2099-01-01' });
    expect(v2.version).toBe(2);
    // Not in effect yet: the page still shows version 1; both versions are listed and retrievable.
    expect((await getService({ ...ctx, tenant: makassar }, created.id)).version).toBe(1);
    expect((await listServiceVersions({ ...ctx, tenant: makassar }, created.id)).map((v) => v.version)).toEqual([2, 1]);
    expect((await getServiceVersion({ ...ctx, tenant: makassar }, v1.id)).content.fee).toBe(0);
    expect((await getServiceVersion({ ...ctx, tenant: makassar }, v2.id)).content.fee).toBe(10000);
    const future = { ...ctx, now: () => new Date('2099-01-02T00:00:00Z') };
    expect((await getService({ ...future, tenant: makassar }, created.id)).version).toBe(2);

    await t.audit.flush(t.db.app); // sequence the committed audit events (decision 0014)
    const events = await t.db.owner
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('subject', '=', `service:${created.id}`)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      'catalog.service_created',
      'catalog.service_published',
      'catalog.draft_saved',
      'catalog.service_published',
    ]);
    expect(events.every((e) => e.actor === 'officer:officer-1')).toBe(true);
  });

  it('flags standards whose review date has passed', async () => {
    const services = await listAgencyServices({ ...ctx, tenant: makassar }, dukcapil.id);
    expect(services.find((s) => s.code === 'ktp-el')!.reviewOverdue).toBe(true);
    expect(services.find((s) => s.code === 'kartu-keluarga')!.reviewOverdue).toBe(false);
  });
});

describe('public comments on a draft', () => {
  it('collects comments only while the draft is open, and shows them to the agency', async () => {
    const created = await createService({ ...ctx, tenant: makassar }, dukcapil.id, complete('komentar-uji'));
    await expect(addComment({ ...ctx, tenant: makassar }, created.id, { body: 'Terlalu lama' })).rejects.toMatchObject({ status: 404 });
    await setCommentsOpen({ ...ctx, tenant: makassar }, created.id, true);
    await expect(addComment({ ...ctx, tenant: makassar }, created.id, { body: '   ' })).rejects.toMatchObject({ status: 400 });
    await expect(addComment({ ...ctx, tenant: makassar }, created.id, { body: '\u200b\u2060\ufeff' })).rejects.toMatchObject({ status: 400 });
    await addComment({ ...ctx, tenant: makassar }, created.id, { authorName: 'Daeng', body: 'Mohon loket dibuka hari Sabtu.' });
    expect((await listComments({ ...ctx, tenant: makassar }, created.id)).map((c) => [c.authorName, c.body])).toEqual([
      ['Daeng', 'Mohon loket dibuka hari Sabtu.'],
    ]);
    // Another tenant sees neither the draft nor its comments (row-level security and the tenant filter).
    expect(await listComments({ ...ctx, tenant: jateng }, created.id)).toEqual([]);
    await expect(addComment({ ...ctx, tenant: jateng }, created.id, { body: 'x' })).rejects.toMatchObject({ status: 404 });
    await publishService({ ...ctx, tenant: makassar }, created.id);
    await expect(addComment({ ...ctx, tenant: makassar }, created.id, { body: 'Terlambat' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('sharing and open data', () => {
  it('exports a service from one tenant and imports it as a draft of another tenant’s agency', async () => {
    const source = (await listServices({ ...ctx, tenant: makassar })).find((s) => s.code === 'surat-keterangan-sehat')!;
    const file = await exportService({ ...ctx, tenant: makassar }, source.id);
    expect(file.format).toBe('gerbang.service/1');
    const imported = await importService({ ...ctx, tenant: jateng }, dinkesJateng.id, JSON.parse(JSON.stringify(file)));
    expect(imported.draft.name.id).toBe('Surat keterangan sehat');
    expect(imported.draft.sk).toBeNull();
    expect(imported.latestVersion).toBe(0);
    await expect(publishService({ ...ctx, tenant: jateng }, imported.id)).rejects.toMatchObject({ code: 'catalog.incomplete_standard' });
    await expect(getService({ ...ctx, tenant: jateng }, source.id)).rejects.toMatchObject({ status: 404 });
  });

  it('writes the catalogue as CSV with one row per published service, quoting what needs it', async () => {
    const services = await listServices({ ...ctx, tenant: makassar });
    const csv = catalogCsv(services);
    const rows = csv.trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/^agency_code,agency_name,service_code,name,/);
    expect(rows).toHaveLength(services.length + 1);
    expect(csv).toContain(',akta-perkawinan,Pencatatan perkawinan (non-Muslim),');
    expect(catalogCsv([{ ...services[0]!, name: { id: '=cmd, "x"' } }])).toContain(`"'=cmd, ""x"""`);
  });
});
