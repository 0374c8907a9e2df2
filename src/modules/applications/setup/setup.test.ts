// A service's form and workflow through the admin API, and their freezing when the catalogue
// publishes: bad definitions refused with errors naming the field or step, the publication refused
// (422) for a requirement of the standard without a field, then accepted and frozen; presets; settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/app.js';
import { signInAs } from '../../../../test/auth.js';
import { presetVerifyIssue, validateWorkflow } from '../workflow/index.js';

let t: TestApp;
let admin: string;
let otherAgencyAdmin: string;
let tenantAdmin: string;
let serviceId: string;

const M = '/t/makassar';
const json = (cookie: string) => ({ 'content-type': 'application/json', cookie });

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '100000' });
  admin = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'disdukcapil' }] })).cookie;
  otherAgencyAdmin = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'agency_admin', agency: 'dinkes' }] })).cookie;
  tenantAdmin = (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] })).cookie;
  const services = (await t.app.inject({ url: `${M}/api/v1/admin/services?agency=disdukcapil`, headers: { cookie: admin } })).json() as { items: { id: string; code: string }[] };
  serviceId = services.items.find((s) => s.code === 'akta-kematian')!.id;
});
afterAll(async () => {
  await t?.close();
});

const put = (what: 'application-form' | 'application-workflow', body: unknown, cookie = admin) =>
  t.app.inject({ method: 'PUT', url: `${M}/api/v1/admin/services/${serviceId}/${what}`, headers: json(cookie), payload: body as object });
const publish = () => t.app.inject({ method: 'POST', url: `${M}/api/v1/admin/services/${serviceId}/publish`, headers: json(admin), payload: {} });
const applyInfo = () => t.app.inject(`${M}/api/v1/services/${serviceId}/application-form`);

describe('a service’s form and workflow', () => {
  it('is its agency’s administrator’s (or the tenant’s), not another agency’s', async () => {
    expect((await t.app.inject({ url: `${M}/api/v1/admin/services/${serviceId}/application-setup`, headers: { cookie: admin } })).json()).toMatchObject({ form: null, workflow: null });
    expect((await t.app.inject({ url: `${M}/api/v1/admin/services/${serviceId}/application-setup`, headers: { cookie: tenantAdmin } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `${M}/api/v1/admin/services/${serviceId}/application-setup`, headers: { cookie: otherAgencyAdmin } })).statusCode).toBe(403);
    expect((await t.app.inject({ url: `${M}/api/v1/admin/services/${crypto.randomUUID()}/application-setup`, headers: { cookie: admin } })).statusCode).toBe(404);
  });

  it('refuses a bad form and a workflow with a dead end, naming the field and the step', async () => {
    const form = await put('application-form', {
      groups: [{ id: 'main', title: { id: 'Data', en: 'Data' }, fields: [
        { id: 'a', type: 'text', label: { id: 'A', en: 'A' }, required: true },
        { id: 'a', type: 'text', label: { id: 'A', en: 'A' }, required: true, visibleIf: { field: 'zzz', op: 'filled' } },
      ] }],
      requirements: [],
    });
    expect(form.statusCode).toBe(400);
    expect(form.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(['/groups/0/fields/1/id:duplicate_id', '/groups/0/fields/1/visibleIf/field:unknown_condition_field']);
    expect((await put('application-form', { groups: [{ id: 'main', title: { id: 'D', en: 'D' }, fields: [{ id: 'x', type: 'signature', label: { id: 'X', en: 'X' }, required: true }] }], requirements: [] })).statusCode).toBe(400);

    const deadEnd = presetVerifyIssue();
    const verify = deadEnd.steps[0]!;
    if (verify.kind === 'task') verify.actions = { request_revision: {} };
    const workflow = await put('application-workflow', deadEnd);
    expect(workflow.statusCode).toBe(400);
    expect(workflow.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: '/steps/0', code: 'dead_end', message: expect.stringContaining('Langkah "verify"') })]));
    const elsewhere = presetVerifyIssue();
    (elsewhere.steps[0] as { agency?: string }).agency = 'dinas-tidak-ada';
    expect((await put('application-workflow', elsewhere)).json().errors[0]).toMatchObject({ field: '/steps/0/agency', code: 'unknown_agency' });
  });

  it('refuses the publication while a requirement of the standard has no field, then freezes both with the version', async () => {
    const suggested = (await t.app.inject({ url: `${M}/api/v1/admin/services/${serviceId}/application-form/suggested`, headers: { cookie: admin } })).json();
    expect(suggested.requirements.length).toBeGreaterThan(1);
    const [kept, dropped] = suggested.requirements;
    const partial = { ...suggested, requirements: suggested.requirements.filter((r: { requirement: string }) => r !== dropped) };
    expect((await put('application-form', partial)).statusCode).toBe(200);
    expect((await put('application-workflow', presetVerifyIssue())).json()).toMatchObject({ pending: true, workflow: { start: 'verify' } });

    const check = (await t.app.inject({ method: 'POST', url: `${M}/api/v1/admin/services/${serviceId}/application-setup/check`, headers: { cookie: admin } })).json();
    expect(check.ok).toBe(false);
    expect(check.errors).toEqual([expect.objectContaining({ code: 'requirement_unmapped', message: expect.stringContaining(dropped.requirement) })]);

    const refused = await publish();
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([expect.objectContaining({ field: '/components/persyaratan/1', code: 'requirement_unmapped', message: expect.stringContaining(dropped.requirement) })]);
    expect((await applyInfo()).json().online).toBe(false);
    expect(kept).toBeDefined();

    expect((await put('application-form', suggested)).statusCode).toBe(200);
    const published = await publish();
    expect(published.statusCode).toBe(201);
    const info = (await applyInfo()).json();
    expect(info).toMatchObject({ online: true, versionId: published.json().id });
    expect(info.workflow.steps.map((s: { id: string }) => s.id)).toEqual(['verify', 'sign']);
    // The standard's jangka waktu is the workflow's (the standard is the source).
    const days = (await t.app.inject(`${M}/api/v1/services/${serviceId}`)).json().completionDays;
    expect(info.workflow.serviceDays).toBe(days);
    expect((await t.app.inject({ url: `${M}/api/v1/admin/services/${serviceId}/application-setup`, headers: { cookie: admin } })).json().pending).toBe(false);
  });

  it('publishes a change of the form alone, and nothing when nothing changed', async () => {
    expect((await publish()).statusCode).toBe(409);
    const setup = (await t.app.inject({ url: `${M}/api/v1/admin/services/${serviceId}/application-setup`, headers: { cookie: admin } })).json();
    const form = setup.form;
    form.groups[0].fields[0].help = { id: 'Pindaian yang jelas', en: 'A clear scan' };
    expect((await put('application-form', form)).statusCode).toBe(200);
    const published = await publish();
    expect(published.statusCode).toBe(201);
    expect((await applyInfo()).json().form.groups[0].fields[0].help.id).toBe('Pindaian yang jelas');
  });
});

describe('presets and settings', () => {
  it('offers presets that validate, with fiktif positif and other recommending agencies', async () => {
    const res = await t.app.inject({ url: `${M}/api/v1/admin/application-presets?deemedApproval=true&agencies=dinkes,dishub,disdik`, headers: { cookie: admin } });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { id: string; definition: unknown }[];
    expect(items.map((i) => i.id)).toEqual(['verify_issue', 'verify_approve_issue', 'risk_rendah', 'risk_menengah_rendah', 'risk_menengah_tinggi', 'risk_tinggi']);
    for (const item of items) expect(validateWorkflow(item.definition).ok, item.id).toBe(true);
    expect(JSON.stringify(items.find((i) => i.id === 'risk_menengah_tinggi'))).toContain('recommend-disdik');
    expect((await t.app.inject({ url: `${M}/api/v1/admin/application-presets`, headers: { cookie: (await signInAs(t, 'makassar', { kind: 'citizen' })).cookie } })).statusCode).toBe(403);
  });

  it('keeps drafts for the tenant’s period, set by its administrator', async () => {
    const url = `${M}/api/v1/admin/application-settings`;
    expect((await t.app.inject({ url, headers: { cookie: tenantAdmin } })).json()).toEqual({ draftTtlDays: 30, draftReminderDays: 3 });
    expect((await t.app.inject({ method: 'PUT', url, headers: json(tenantAdmin), payload: { draftTtlDays: 5, draftReminderDays: 5 } })).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'PUT', url, headers: json(tenantAdmin), payload: { draftTtlDays: 14, draftReminderDays: 2 } })).json()).toEqual({ draftTtlDays: 14, draftReminderDays: 2 });
    expect((await t.app.inject({ url, headers: { cookie: admin } })).statusCode).toBe(403);
  });
});
