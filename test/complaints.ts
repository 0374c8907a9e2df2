// The complaints module's service context for tests (keyword routing, the minimal photo sanitiser, no
// agency cache), and the demo complaint seed through it: the set-up every complaints test shares.
import { AgencyCache, keywordRouting, minimalPhotoSanitizer, seedDemoComplaints } from '../src/modules/complaints/index.js';
import { systemContext } from '../src/platform/context.js';
import type { TestApp } from './app.js';

export function complaintTestContext(t: TestApp, actor = 'test') {
  return {
    ...systemContext(t.db.app, t.audit, actor),
    audit: t.audit,
    deps: { routing: keywordRouting, photos: minimalPhotoSanitizer, publicBaseUrl: 'http://localhost', agencies: new AgencyCache(0) },
  };
}

/** Seeds the demo tenants' complaint categories (and the Open311 key) into the test app's database. */
export function seedTestComplaints(t: TestApp): Promise<unknown> {
  return seedDemoComplaints(complaintTestContext(t, 'seed'));
}
