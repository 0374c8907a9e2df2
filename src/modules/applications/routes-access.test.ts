// Every route of the applications module (API and pages, as registered: app.gerbangRoutes), called
// with real ids — a submitted application, its service, its uploaded file — by principals who must be
// refused: another role of this tenant (the policy's 403), the right kind of person of another tenant
// (their session is no session here: 401; at their own tenant the ids are unknown: a 4xx that shows
// nothing), and another citizen (the application is not theirs). Table-driven over the registered
// routes, so a new route is covered the day it is added, and a loosened policy fails here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersFor, citizenWithProfile, type PublishedService, publishWithSetup, type TestCitizen, uploadsFor } from '../../../test/applications.js';
import { testForm } from '../../../test/application-pages.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { signInAs } from '../../../test/auth.js';
import { type PolicyKey, policyRule, type RegisteredRoute, type Role } from '../../platform/auth/index.js';
import { presetVerifyApproveIssue } from './workflow/index.js';

let t: TestApp;
let service: PublishedService;
let applicant: TestCitizen;
let application: { id: string; trackingNumber: string };
let fileId = '';

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_WRITES_PER_MINUTE: '1000000' });
  service = await publishWithSetup(t, { slug: 'makassar', agency: 'disdukcapil', code: 'akta-kelahiran', workflow: presetVerifyApproveIssue(), form: testForm });
  applicant = await citizenWithProfile(t, 'makassar');
  const files = await uploadsFor(t, 'makassar', applicant, service);
  fileId = files.akta_lama![0]!.fileId;
  const res = await t.app.inject({
    method: 'POST',
    url: '/t/makassar/api/v1/applications',
    headers: { 'content-type': 'application/json', cookie: applicant.cookie },
    payload: { serviceId: service.serviceId, answers: answersFor(service.form, files) },
  });
  expect(res.statusCode).toBe(201);
  application = { id: res.json().id, trackingNumber: res.json().trackingNumber };
});
afterAll(async () => {
  await t?.close();
});

/**
 * Who each route lets in, written down here rather than read from the policy declarations, so that a
 * route moved to a wider policy, or a policy widened, fails this test. A route added later and not
 * listed is checked against its declared policy.
 */
const PINNED: Record<string, PolicyKey> = {
  'POST /api/v1/applications/track': 'applications.track',
  'GET /api/v1/services/:serviceId/application-form': 'public',
  'GET /permohonan/ajukan/:serviceId': 'public',
  'GET /permohonan/lacak': 'applications.track',
  'POST /permohonan/lacak': 'applications.track',
  'GET /api/v1/me/application-files': 'applications.apply',
  'GET /api/v1/me/application-files/:fileId': 'applications.apply',
  'GET /api/v1/me/application-drafts': 'applications.apply',
  'GET /api/v1/me/application-drafts/:serviceId': 'applications.apply',
  'PUT /api/v1/me/application-drafts/:serviceId': 'applications.apply',
  'DELETE /api/v1/me/application-drafts/:serviceId': 'applications.apply',
  'POST /api/v1/me/application-drafts/:serviceId/files/:fieldId': 'applications.apply',
  'POST /api/v1/applications': 'applications.apply',
  'POST /api/v1/applications/:id/withdraw': 'applications.apply',
  'POST /api/v1/applications/:id/revision': 'applications.apply',
  'POST /api/v1/applications/:id/declaration': 'applications.apply',
  'GET /api/v1/me/applications': 'applications.apply',
  'GET /api/v1/applications/:id': 'applications.view',
  'GET /api/v1/applications/:id/timeline': 'applications.view',
  'GET /api/v1/applications/:id/files/:fileId': 'applications.view',
  'POST /api/v1/applications/:id/messages': 'applications.view',
  'POST /api/v1/applications/:id/notes': 'applications.handle',
  'POST /api/v1/applications/:id/actions': 'applications.handle',
  'POST /api/v1/applications/:id/events': 'applications.handle',
  'GET /api/v1/work-queue': 'applications.handle',
  'POST /api/v1/applications/:id/steps/:stepId/claim': 'applications.handle',
  'POST /api/v1/applications/:id/steps/:stepId/release': 'applications.handle',
  'POST /api/v1/applications/:id/steps/:stepId/assign': 'applications.assign',
  'GET /api/v1/admin/services/:id/application-setup': 'applications.setup',
  'PUT /api/v1/admin/services/:id/application-form': 'applications.setup',
  'PUT /api/v1/admin/services/:id/application-workflow': 'applications.setup',
  'POST /api/v1/admin/services/:id/application-setup/check': 'applications.setup',
  'GET /api/v1/admin/services/:id/application-form/suggested': 'applications.setup',
  'GET /api/v1/admin/application-presets': 'applications.setup',
  'GET /api/v1/admin/application-settings': 'applications.settings',
  'PUT /api/v1/admin/application-settings': 'applications.settings',
  'POST /permohonan/ajukan/:serviceId': 'applications.apply',
  'GET /permohonan/ajukan/:serviceId/isian/:groupId': 'applications.apply',
  'POST /permohonan/ajukan/:serviceId/isian/:groupId': 'applications.apply',
  'GET /permohonan/ajukan/:serviceId/periksa': 'applications.apply',
  'POST /permohonan/ajukan/:serviceId/kirim': 'applications.apply',
  'GET /permohonan': 'applications.apply',
  'GET /permohonan/:id': 'applications.apply',
  'POST /permohonan/:id/pesan': 'applications.apply',
  'POST /permohonan/:id/cabut': 'applications.apply',
  'POST /permohonan/:id/pernyataan': 'applications.apply',
  'GET /permohonan/:id/perbaikan': 'applications.apply',
  'POST /permohonan/:id/perbaikan': 'applications.apply',
  'GET /petugas/permohonan': 'applications.handle',
  'POST /petugas/permohonan/massal': 'applications.handle',
  'GET /petugas/permohonan/:id': 'applications.handle',
  'POST /petugas/permohonan/:id/tindakan': 'applications.handle',
  'POST /petugas/permohonan/:id/klaim': 'applications.handle',
  'POST /petugas/permohonan/:id/lepas': 'applications.handle',
  'POST /petugas/permohonan/:id/tugaskan': 'applications.assign',
  'POST /petugas/permohonan/:id/catatan': 'applications.handle',
  'POST /petugas/permohonan/:id/pesan': 'applications.handle',
  'POST /petugas/permohonan/:id/peristiwa': 'applications.handle',
};

const HANDLERS: Role[] = ['verifier', 'approver', 'signer', 'treasurer', 'agency_admin'];
/** Who each of the module's policies lets in (the same words as policies.ts, kept apart on purpose). */
const MAY: Record<string, { citizen: boolean; roles: Role[] }> = {
  'applications.apply': { citizen: true, roles: [] },
  'applications.view': { citizen: true, roles: [...HANDLERS, 'tenant_admin', 'auditor'] },
  'applications.handle': { citizen: false, roles: HANDLERS },
  'applications.assign': { citizen: false, roles: ['agency_admin'] },
  'applications.setup': { citizen: false, roles: ['agency_admin', 'tenant_admin'] },
  'applications.settings': { citizen: false, roles: ['tenant_admin'] },
};
const ROLES: Role[] = [...HANDLERS, 'tenant_admin', 'auditor', 'complaint_handler'];

const keyOf = (r: RegisteredRoute) => `${r.method} ${r.url}`;
const expectedPolicy = (r: RegisteredRoute) => PINNED[keyOf(r)] ?? r.policy;
const mayOf = (r: RegisteredRoute) => MAY[expectedPolicy(r)] ?? { citizen: policyRule(r.policy).citizen === true, roles: [...(policyRule(r.policy).roles ?? [])] };

/** The module's routes (its paths, or its policies) that refuse someone: the public pages and the look-up refuse no one. */
const allRoutes = () => t.routes.filter((r) => r.method !== 'OPTIONS' && (/applica|permohonan|work-queue/.test(r.url) || r.policy.startsWith('applications.')));
const moduleRoutes = () => allRoutes().filter((r) => !policyRule(expectedPolicy(r)).anonymous);

/** The route's URL with real ids of the application, its service and file, under a tenant's prefix. */
function urlOf(route: RegisteredRoute, tenant: string): string {
  // Under /admin/services/ an :id is the service's; elsewhere it is the application's.
  const id = route.url.includes('/admin/services/') ? service.serviceId : application.id;
  const path = route.url
    .replace(/:serviceId\b/g, service.serviceId)
    .replace(/:fileId\b/g, fileId)
    .replace(/:fieldId\b/g, 'akta_lama')
    .replace(/:groupId\b/g, 'penutup')
    .replace(/:stepId\b/g, 'verify')
    .replace(/:id\b/g, id);
  expect(path, `${route.url}: a parameter without a real value`).not.toMatch(/:[A-Za-z]/);
  return `/t/${tenant}${path}`;
}

const call = (route: RegisteredRoute, url: string, cookie: string) =>
  t.app.inject({
    method: route.method as 'GET',
    url,
    headers: { cookie, accept: 'application/json', ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
    ...(route.method === 'GET' ? {} : { payload: '{}' }),
  });

const code = (res: { headers: Record<string, unknown>; json(): unknown }) => (String(res.headers['content-type']).includes('json') ? (res.json() as { code?: string }).code : undefined);

/** A signed-in principal of a tenant whom the route lets in by kind and role (the tenant is what is wrong). */
async function allowedBy(route: RegisteredRoute, tenant: string, agency: string): Promise<string> {
  const may = mayOf(route);
  if (may.citizen) return (await citizenWithProfile(t, tenant)).cookie;
  return (await signInAs(t, tenant, { kind: 'officer', grants: may.roles.map((role) => ({ role, ...(role === 'tenant_admin' || role === 'auditor' ? {} : { agency }) })) })).cookie;
}

/** An officer of the application's agency holding every role the route does not let in. */
async function otherRoles(route: RegisteredRoute): Promise<string> {
  const roles = ROLES.filter((r) => !mayOf(route).roles.includes(r));
  return (await signInAs(t, 'makassar', { kind: 'officer', grants: roles.map((role) => ({ role, ...(role === 'tenant_admin' || role === 'auditor' ? {} : { agency: 'disdukcapil' }) })) })).cookie;
}

const eventCount = async () => (await t.db.owner.selectFrom('application_events').select('application_id').where('application_id', '=', application.id).execute()).length;

describe('every applications route, with real ids', () => {
  it('covers the module’s API operations and pages, each with the policy written down here', () => {
    for (const route of allRoutes()) expect(route.policy, keyOf(route)).toBe(expectedPolicy(route));
    const routes = moduleRoutes();
    expect(routes.some((r) => r.page)).toBe(true);
    expect(routes.some((r) => !r.page)).toBe(true);
    expect(routes.length).toBeGreaterThan(30);
  });

  it('refuses a principal of another role of the tenant (403, the policy’s refusal)', async () => {
    const failures: string[] = [];
    const before = await eventCount();
    const citizen = (await citizenWithProfile(t, 'makassar')).cookie;
    const clerks = new Map<string, string>();
    for (const route of moduleRoutes()) {
      const roles = mayOf(route).roles.join();
      if (!clerks.has(roles)) clerks.set(roles, await otherRoles(route));
      const others = [['officer in the other roles', clerks.get(roles)!], ...(mayOf(route).citizen ? [] : [['citizen', citizen]])];
      for (const [who, cookie] of others) {
        const res = await call(route, urlOf(route, 'makassar'), cookie!);
        if (res.statusCode !== 403 || code(res) !== 'auth.forbidden') failures.push(`${route.method} ${route.url} [${route.policy}] as ${who}: ${res.statusCode} ${code(res)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await eventCount()).toBe(before);
  }, 300_000);

  it('refuses another tenant’s officer (no session here, 401); another tenant’s citizen, signed in here too, sees nothing of this application; at their own tenant nothing of this one', async () => {
    const failures: string[] = [];
    const before = await eventCount();
    const cookies = new Map<string, string>();
    for (const route of moduleRoutes()) {
      let cookie = cookies.get(expectedPolicy(route));
      if (!cookie) cookies.set(expectedPolicy(route), (cookie = await allowedBy(route, 'jateng', 'dpmptsp')));
      const here = await call(route, urlOf(route, 'makassar'), cookie);
      if (mayOf(route).citizen) {
        // One account for the installation (issue 17): the citizen is signed in here as well, as a
        // person who owns nothing here — this tenant's application and its files stay unknown.
        const leaked = here.body.includes(application.trackingNumber) || (/:(id|fileId)\b/.test(route.url) && here.statusCode < 400);
        if (leaked) failures.push(`${route.method} ${route.url} at makassar, citizen: ${here.statusCode}`);
      } else if (here.statusCode !== 401 || code(here) !== 'auth.required') failures.push(`${route.method} ${route.url} at makassar: ${here.statusCode} ${code(here)}`);
      // At their own tenant they pass the policy; this tenant's application, service and file stay unknown.
      const home = await call(route, urlOf(route, 'jateng'), cookie);
      const leaked = home.body.includes(application.trackingNumber) || home.body.includes(fileId) && home.statusCode < 400;
      if (leaked || (route.url.includes(':') && home.statusCode < 400)) failures.push(`${route.method} ${route.url} at jateng: ${home.statusCode}`);
    }
    expect(failures).toEqual([]);
    expect(await eventCount()).toBe(before);
  }, 300_000);

  it('refuses another citizen the application’s routes (not theirs: nothing shown, nothing done)', async () => {
    const failures: string[] = [];
    const before = await eventCount();
    const stranger = (await citizenWithProfile(t, 'makassar')).cookie;
    for (const route of moduleRoutes().filter((r) => mayOf(r).citizen && /:(id|fileId)\b/.test(r.url) && !r.url.includes('/admin/'))) {
      const res = await call(route, urlOf(route, 'makassar'), stranger);
      if (res.statusCode < 400 || res.body.includes(application.trackingNumber)) failures.push(`${route.method} ${route.url}: ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
    expect(await eventCount()).toBe(before);
  }, 300_000);
});
