// The complaints module's service context for tests (keyword routing, the minimal photo sanitiser, no
// agency cache; every part's collaborators: add `tenant`), and the demo complaint seed through it: the
// set-up every complaints test shares.
import { altchaProof } from './altcha.js';
import {
  AgencyCache,
  createSubmissionWriter,
  type HandlingDeps,
  type IntakeDeps,
  keywordRouting,
  minimalPhotoSanitizer,
  seedDemoComplaints,
  verifyComplaint,
} from '../src/modules/complaints/index.js';
import { type ServiceContext, systemContext } from '../src/platform/context.js';
import type { TestApp } from './app.js';
import { signInAs } from './auth.js';

export function complaintTestContext(t: Pick<TestApp, 'db' | 'audit'>, actor = 'test'): ServiceContext & IntakeDeps & HandlingDeps {
  return {
    ...systemContext(t.db.app, t.audit, actor),
    audit: t.audit,
    publicBaseUrl: 'http://localhost',
    agencies: new AgencyCache(0),
    routing: keywordRouting,
    photos: minimalPhotoSanitizer,
    submissions: createSubmissionWriter(),
  };
}

/**
 * Sessions of makassar's coordinator, tenant administrator, a dinkes handler, a citizen, and jateng's
 * coordinator (another tenant): who may and may not use the coordinator's routes.
 */
export async function complaintRoleCookies(t: TestApp): Promise<Record<'coordinator' | 'admin' | 'handler' | 'citizen' | 'otherTenant', string>> {
  return {
    coordinator: (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie,
    admin: (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'tenant_admin' }] })).cookie,
    handler: (await signInAs(t, 'makassar', { kind: 'officer', grants: [{ role: 'complaint_handler', agency: 'dinkes' }] })).cookie,
    citizen: (await signInAs(t, 'makassar', { kind: 'citizen' })).cookie,
    otherTenant: (await signInAs(t, 'jateng', { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] })).cookie,
  };
}

/** Seeds the demo tenants' complaint categories (and the Open311 key) into the test app's database. */
export function seedTestComplaints(t: Pick<TestApp, 'db' | 'audit'>): Promise<unknown> {
  return seedDemoComplaints(complaintTestContext(t, 'seed'));
}

/** A square around a point in Makassar (GeoJSON Polygon, [longitude, latitude]) for service-area tests. */
export const MAKASSAR_TEST_AREA = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [119.4, -5.2],
      [119.5, -5.2],
      [119.5, -5.1],
      [119.4, -5.1],
      [119.4, -5.2],
    ],
  ],
};

/** The coordinator who verifies reports in tests (service level): tenant-wide. */
export const TEST_COORDINATOR = { officerId: '00000000-0000-4000-8000-00000000c001', coordinator: true, agencies: 'all' } as const;

/**
 * Verifies a report as the coordinator does, which publishes a public or anonymous one
 * (publication.ts): tests that read the public views verify first, as the public sees nothing before.
 */
export function verifyForPublic(ctx: Parameters<typeof verifyComplaint>[0], ref: string, fields: { publishedTitle?: string; publishedDescription?: string } = {}) {
  return verifyComplaint(ctx, { access: TEST_COORDINATOR, ref, tier: 'simple', ...fields });
}

/** The same through the API, as a coordinator of the tenant signs in and verifies (the answer: the officer view). */
export async function verifyThroughApi(t: TestApp, slug: string, ref: string, fields: { publishedTitle?: string; publishedDescription?: string } = {}) {
  const { cookie } = await signInAs(t, slug, { kind: 'officer', grants: [{ role: 'complaint_coordinator' }] });
  const res = await t.app.inject({
    method: 'POST',
    url: `/t/${slug}/api/v1/complaints/${ref}/actions`,
    headers: { 'content-type': 'application/json', cookie },
    payload: { action: 'verify', tier: 'simple', ...fields },
  });
  if (res.statusCode !== 200) throw new Error(`verify ${ref}: ${res.statusCode} ${res.body}`);
  return res.json() as Record<string, unknown>;
}

/** The body of an anonymous street-light report, with a fresh proof of work (`altchaKey`: another process's key). */
export async function anonymousReport(title: string, altchaKey?: string) {
  return {
    kind: 'pengaduan',
    privacy: 'anonim',
    title,
    description: 'Lampu jalan di depan pasar mati sejak seminggu, mohon diperbaiki.',
    address: 'Jl. Pasar Sentral, Makassar',
    altcha: await altchaProof(altchaKey ? { key: altchaKey } : {}),
  };
}
