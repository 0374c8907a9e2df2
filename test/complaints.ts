// The complaints module's service context for tests (keyword routing, the minimal photo sanitiser, no
// agency cache; every part's collaborators: add `tenant`), and the demo complaint seed through it: the
// set-up every complaints test shares.
import {
  AgencyCache,
  createSubmissionWriter,
  type HandlingDeps,
  type IntakeDeps,
  keywordRouting,
  minimalPhotoSanitizer,
  seedDemoComplaints,
} from '../src/modules/complaints/index.js';
import { type ServiceContext, systemContext } from '../src/platform/context.js';
import type { TestApp } from './app.js';
import { signInAs } from './auth.js';

export function complaintTestContext(t: TestApp, actor = 'test'): ServiceContext & IntakeDeps & HandlingDeps {
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
export function seedTestComplaints(t: TestApp): Promise<unknown> {
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
