// Complaints (pengaduan, aspirasi, permintaan informasi — SP4N-LAPOR!, DOMAIN.md §3): submission by
// anyone (account optional, anonymous allowed), the coordinator's verification and dispatch, the
// agencies' follow-up and answer within working-day deadlines, the reporter's rating or reopening,
// the public list, statistics and the Open311 GeoReport v2 API (DOMAIN.md §8). Only store.ts touches
// the complaint tables. Routing and photo sanitising sit behind seams (routing.ts, photo-sanitizer.ts).
import './policies.js';
import './strings.js';

export { type AntiSpam, createAntiSpam, NO_PROOF_PER_HOUR } from './antispam.js';
export { ATTACHMENT_MAX_BYTES, MAX_ATTACHMENTS } from './attachments.js';
export { complaintJobHandlers } from './jobs.js';
export { maskPersonalData } from './mask.js';
export { OPEN311_MAX_DAYS, OPEN311_MAX_RESULTS, registerOpen311Routes } from './open311.js';
export { registerComplaintPages } from './pages.js';
export { registerComplaintRoutes } from './routes.js';
export { registerRoutingAdmin } from './routing-admin.js';
export { MAX_PHOTO_BYTES, MAX_PHOTOS, fullPhotoSanitizer, minimalPhotoSanitizer, type PhotoSanitizer, type SanitizedPhoto } from './photo-sanitizer.js';
export { classifierRouting, type ClassifierRoutingOptions, keywordRouting, type RoutingCategory, type RoutingSuggester, type RoutingSuggestion } from './routing.js';
export { DEMO_CATEGORIES, DEMO_OPEN311_KEY, seedDemoComplaints } from './seed.js';
export * from './service.js';
export { agencyForPlace, containsPoint, saveServiceArea, type ServiceArea, type ServiceAreaInput } from './service-areas.js';
export {
  DEFAULT_RETRAIN,
  getRoutingModelStatus,
  RETRAIN_JOB,
  RETRAIN_NIGHTLY_JOB,
  type RetrainRun,
  type RetrainSettings,
  retrainTenant,
  type RoutingModelStatus,
} from './training.js';
export { newTrackingNumber, normalizeTrackingNumber } from './tracking.js';
export { DEFAULT_TIER_DAYS, deadlineState, type TierDays } from './workflow.js';
export { complaintsModule } from './module.js';
