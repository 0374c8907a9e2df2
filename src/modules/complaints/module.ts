// The complaints module as the app registers it: each part's collaborators built once from the
// runtime — the trained routing classifier (keyword fallback), the re-encoding photo sanitiser, the
// group-commit writer, proof of work for reports by people who are not signed in (decision 0015), the
// agency cache, the public response cache — and given to the part that uses them.
import path from 'node:path';
import type { GerbangModule } from '../../platform/module.js';
import { registerPersonalDataHolder } from '../../platform/personal-data.js';
import { registerNavigation } from '../../web/navigation.js';
import { deriveKey } from '../../platform/secrets.js';
import { AgencyCache } from './context.js';
import { registerHandlingPages, type RevealedIdentity } from './handling/pages.js';
import { registerHandlingRoutes } from './handling/routes.js';
import type { HandlingDeps } from './handling/service.js';
import { createAntiSpam } from './intake/antispam.js';
import { createSubmissionWriter } from './intake/batch.js';
import { type Receipt, registerIntakePages } from './intake/pages.js';
import { fullPhotoSanitizer } from './intake/photo-sanitizer.js';
import { registerIntakeRoutes } from './intake/routes.js';
import type { IntakeDeps } from './intake/service.js';
import './policies.js';
import { registerOpen311Routes } from './public/open311.js';
import { registerPublicPages } from './public/pages.js';
import { PublicResponseCache } from './public/public-cache.js';
import { registerPublicRoutes } from './public/routes.js';
import { registerRoutingPages } from './routing/pages.js';
import { registerRoutingRoutes } from './routing/routes.js';
import { classifierRouting } from './routing/suggester.js';
import { sealedCookie } from './sealed-cookie.js';
import { complaintsHolder } from './personal-data/holder.js';
import './strings.js';

// What erasure and correction do to reports (docs/identity.md, "Who holds what").
registerPersonalDataHolder('complaints', complaintsHolder);

export const complaintsModule: GerbangModule = {
  name: 'complaints',
  async register(app, rt) {
    const { config } = rt;
    const agencies = new AgencyCache();
    const routing = classifierRouting({ db: rt.db, now: rt.now, cacheDir: path.join(config.dataDir, 'cache') });
    const retrain = { minCorrections: config.complaintRetrainMinCorrections, tolerance: config.complaintRetrainTolerancePercent / 100 };
    const map = { tileUrl: config.mapTileUrl, attribution: config.mapTileAttribution };
    const notices = { audit: rt.audit, publicBaseUrl: config.publicBaseUrl };
    const intake: IntakeDeps & { routing: typeof routing } = { ...notices, agencies, routing, photos: fullPhotoSanitizer, submissions: createSubmissionWriter() };
    const handling: HandlingDeps = { ...notices, agencies, photos: fullPhotoSanitizer, tenants: rt.tenants, retrain };
    const antiSpam = createAntiSpam({
      db: rt.db,
      appSecret: rt.appSecret,
      rateLimitKey: deriveKey(rt.appSecret, 'rate-limit'),
      noProofPerHour: config.complaintNoProofPerHour,
      now: rt.now,
    });
    // What a form's POST hands to the page it redirects to, sealed in a cookie of that page.
    const carried = <T>(name: string, pagePath: Parameters<typeof sealedCookie>[0]['path'], maxAgeSeconds: number) =>
      sealedCookie<T>({ name, key: deriveKey(rt.appSecret, `complaints.${name}`), path: pagePath, maxAgeSeconds, secure: config.env === 'production', now: rt.now });
    const receipt = carried<Receipt>('complaint_receipt', '/pengaduan/terkirim', 600);
    const tracking = carried<{ code: string }>('complaint_tracking', '/pengaduan/lacak/laporan', 1800);
    const revealed = carried<RevealedIdentity>('complaint_revealed', (request) => `/pengaduan/${encodeURIComponent((request.params as { ref: string }).ref)}/identitas`, 60);

    // Public responses are cached for a few seconds (public-cache.ts); a write handled here clears them.
    const cache = new PublicResponseCache(rt.now);
    const clearOnWrite = async (request: { method: string }) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') cache.clear();
    };
    app.addHook('onRequest', clearOnWrite); // before the write…
    app.addHook('onSend', clearOnWrite); // …and after it committed, before the answer leaves

    registerIntakeRoutes(app, { intake, antiSpam });
    registerHandlingRoutes(app, { handling });
    registerPublicRoutes(app, { agencies, cache });
    registerOpen311Routes(app, { intake, tenants: rt.tenants, cache });
    registerRoutingRoutes(app, { routing, retrain });
    await registerIntakePages(app, { intake, antiSpam, map, receipt });
    registerPublicPages(app, { agencies, map, tracking });
    await registerHandlingPages(app, { agencies, map, tracking, handling, revealed });
    registerRoutingPages(app, { routing, retrain, agencies, map });

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
