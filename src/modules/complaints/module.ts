// The complaints module as the app registers it, with its seams: the trained routing classifier
// (keyword fallback), the re-encoding photo sanitiser, and proof of work for reports by people who
// are not signed in (decision 0015).
import path from 'node:path';
import type { GerbangModule } from '../../platform/module.js';
import { registerNavigation } from '../../web/navigation.js';
import { deriveKey } from '../../platform/secrets.js';
import { createAntiSpam } from './antispam.js';
import { AgencyCache } from './service.js';
import { registerOpen311Routes } from './open311.js';
import { registerComplaintPages } from './pages.js';
import { fullPhotoSanitizer } from './photo-sanitizer.js';
import { registerRoutingAdmin } from './routing-admin.js';
import { classifierRouting } from './routing.js';
import { registerComplaintRoutes } from './routes.js';

export const complaintsModule: GerbangModule = {
  name: 'complaints',
  async register(app, rt) {
    const { config } = rt;
    const deps = {
      db: rt.db,
      audit: rt.audit,
      tenants: rt.tenants,
      complaints: {
        routing: classifierRouting({ db: rt.db, cacheDir: path.join(config.dataDir, 'cache') }),
        retrain: { minCorrections: config.complaintRetrainMinCorrections, tolerance: config.complaintRetrainTolerancePercent / 100 },
        photos: fullPhotoSanitizer,
        publicBaseUrl: config.publicBaseUrl,
        tenants: rt.tenants,
        agencies: new AgencyCache(),
        map: { tileUrl: config.mapTileUrl, attribution: config.mapTileAttribution },
      },
      antiSpam: createAntiSpam({
        db: rt.db,
        appSecret: rt.appSecret,
        rateLimitKey: deriveKey(rt.appSecret, 'rate-limit'),
        noProofPerHour: config.complaintNoProofPerHour,
      }),
    };
    registerComplaintRoutes(app, deps);
    registerRoutingAdmin(app, deps);
    registerOpen311Routes(app, deps);
    await registerComplaintPages(app, deps);
    registerNavigation(app, [
      { place: 'header', label: 'cp.mine.title', path: '/pengaduan/saya', policy: 'complaints.mine', order: 20 },
      { place: 'tenant-home', label: 'cp.submit.title', hint: 'cp.submit.intro', path: '/pengaduan/baru', policy: 'complaints.submit', order: 20 },
      { place: 'tenant-home', label: 'cp.list.title', hint: 'cp.list.intro', path: '/pengaduan', policy: 'complaints.view', order: 30 },
      { place: 'tenant-home', label: 'cp.track.title', path: '/pengaduan/lacak', policy: 'complaints.view', order: 40 },
      { place: 'officer-home', label: 'cp.queue.title', path: '/petugas/pengaduan', policy: 'complaints.handle', order: 40 },
      { place: 'officer-home', label: 'cp.routing.title', path: '/petugas/pengaduan/model-rute', policy: 'complaints.routing', order: 41 },
      { place: 'officer-home', label: 'cp.areas.title', path: '/petugas/pengaduan/wilayah-layanan', policy: 'complaints.routing', order: 42 },
    ]);
  },
};
