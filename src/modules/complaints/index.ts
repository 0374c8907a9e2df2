// Complaints (pengaduan, aspirasi, permintaan informasi — SP4N-LAPOR!, docs/domain.md §3): submission
// by anyone (account optional, anonymous allowed), the coordinator's verification and dispatch, the
// agencies' follow-up and answer within working-day deadlines, the reporter's rating or reopening,
// the public list, map, statistics and the Open311 GeoReport v2 API (docs/domain.md §8). It promises
// the other modules and the app: its registration (complaintsModule), its background jobs, its demo
// seed, and the service functions below, which take the request's TenantContext and the
// collaborators each part names (IntakeDeps, HandlingDeps, an AgencyCache to read reports).
//
// Parts (docs/complaints.md): intake/ (the intake contract, submission by API, form and Open311,
// photos, proof of work, the group-commit batch), handling/ (queues, the officers' verbs, the
// reporter's actions, escalation), public/ (what the public and the reporter see, Open311's reads),
// routing/ (the classifier, retraining, service areas). Shared at the top: the workflow table, the
// module's errors, words and policies, the report views, the tables' shared store (TABLES).
import './events.js'; // its notification events, registered with the notifications module
import './policies.js';
import './strings.js';

export { type OfficerAccess, officerAccess, type Viewer, viewerOf } from './access.js';
export { type Category, type CategoryInput, getTierDays, listCategories, saveCategory, setTierDays } from './categories.js';
export { AgencyCache, type ComplaintAudit, type ViewContext } from './context.js';
export { complaintJobHandlers } from './jobs.js';
export { seedVolumeComplaints } from './volume/seed.js';
export { maskPersonalData } from './mask.js';
export { DEMO_CATEGORIES, DEMO_OPEN311_KEY, seedDemoComplaints } from './seed.js';
export { newTrackingNumber, normalizeTrackingNumber } from './tracking.js';
export type { ListItem, OfficerComplaint, PublicComplaint, TimelineEntry } from './views.js';
export { availableActions, DEFAULT_TIER_DAYS, deadlineState, type TierDays } from './workflow.js';

export { type AntiSpam, createAntiSpam, NO_PROOF_PER_HOUR } from './intake/antispam.js';
export { createSubmissionWriter, type SubmissionWriter } from './intake/batch.js';
export { KINDS, LIMITS, PRIVACY_MODES, type ReportFields, SubmitBody, type SubmitResult } from './intake/contract.js';
export { createOpen311Key, submitOpen311Request, verifyOpen311Key } from './intake/open311.js';
export { fullPhotoSanitizer, MAX_PHOTO_BYTES, MAX_PHOTOS, minimalPhotoSanitizer, type PhotoSanitizer, type SanitizedPhoto } from './intake/photo-sanitizer.js';
export { type IntakeContext, type IntakeDeps, type SubmitInput, submitComplaint } from './intake/service.js';

export { ATTACHMENT_MAX_BYTES, MAX_ATTACHMENTS } from './handling/attachments.js';
export { ESCALATE_JOB, escalateOverdueComplaints } from './handling/escalation.js';
export { complaintFiguresByOfficer, type ComplaintOfficerFigures, overdueComplaintsByOfficer } from './handling/officer-figures.js';
export { createResponseTemplate, distanceMeters, listQueue, listResponseTemplates, suggestDuplicates, textSimilarity } from './handling/queue.js';
export { actAsReporter, confirmComplaint, type ReporterActionInput, type ReporterRef, reopenComplaint } from './handling/reporter.js';
export {
  actOnComplaint,
  answerComplaint,
  closeComplaint,
  dispatchComplaint,
  type HandlingContext,
  type HandlingDeps,
  hideComplaint,
  mergeComplaints,
  noteComplaint,
  type OfficerActionInput,
  rejectComplaint,
  revealIdentity,
  startComplaint,
  transferComplaint,
  unhideComplaint,
  verifyComplaint,
} from './handling/service.js';

export { OPEN311_MAX_DAYS, OPEN311_MAX_RESULTS } from './public/open311.js';
export {
  type AgencyStatistics,
  complaintStatistics,
  countPublishedComplaints,
  getAnswerAttachment,
  getComplaint,
  getComplaintPhoto,
  getTrackedAttachment,
  listMyComplaints,
  listPublicComplaints,
  MAP_MAX_FEATURES,
  publicComplaintsGeoJson,
  trackComplaint,
} from './public/service.js';

export { agencyForPlace, type AreaGeometry, boundsOfAreas, containsPoint, type ServiceArea } from './routing/areas.js';
export { deleteServiceArea, listServiceAreas, saveServiceArea, type ServiceAreaInput, updateServiceArea } from './routing/service.js';
export { classifierRouting, type ClassifierRoutingOptions, keywordRouting, type RoutingCategory, type RoutingSuggester, type RoutingSuggestion } from './routing/suggester.js';
export {
  DEFAULT_RETRAIN,
  getRoutingModelStatus,
  RETRAIN_JOB,
  RETRAIN_NIGHTLY_JOB,
  type RetrainRun,
  type RetrainSettings,
  retrainTenant,
  type RoutingModelStatus,
} from './routing/training.js';

export { complaintsModule } from './module.js';
