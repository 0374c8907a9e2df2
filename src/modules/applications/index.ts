// Applications (permohonan, issue 18): a citizen applies for a published service from its page,
// officers process it through the workflow the agency configured, everyone sees where it stands against
// the standard's jangka waktu. Owns: each service's form and workflow (draft, and frozen with each
// published version — the catalogue's publish check), applications with their workflow state, steps
// (queues), answers and files, timeline, notes, messages, citizens' drafts, tracking. Only its stores
// touch its tables. Design: docs/applications.md; the pure engine: docs/applications-workflow.md.
// Promises the other modules:
//  - recordApplicationEvent(ctx, applicationId, { name, stepId? }): what a wait step waits for
//    happened (payments: "paid"; documents: "signed"); idempotent (a repeat is `recorded: false`);
//  - registerApplicationHook({ onAwait, onClosed }): called in the transaction of the transition —
//    a wait step began (issue an invoice, prepare a signature), an application closed (issue the
//    product, invite to the survey);
//  - registerWaitStepAction({ event, … }): the application page links officers to the module's page
//    that answers such a wait step (documents: the signing page).
import './events.js'; // its notification events, registered with the notifications module
export type { ApplicantRef, ApplicationContext, OfficerRef } from './context.js';
export { type Answers, type AnswerEnv, conditionHolds, errorsOfGroup, type FileRef, validateAnswers } from './forms/answers.js';
export { FIELD_TYPES, type FieldDefinition, type FormDefinition, FormDefinitionSchema, type GroupDefinition } from './forms/definition.js';
export { checkRequirements, validateForm } from './forms/validate.js';
export { type ApplicationFacts, countOverdueSteps, getApplicationFacts, getMonthlyVolumes, type MonthlyVolume } from './facts.js';
export { listWorkQueue, type QueueInput, type QueueItem } from './handling/queue.js';
export {
  actOnApplication,
  addInternalNote,
  applicationAnswers,
  applicationAwaiting,
  applicationTrackingNumber,
  type ApplicationDetail,
  assignStep,
  claimStep,
  type ExternalEventInput,
  getApplication,
  getTimeline,
  listMyApplications,
  type MyApplication,
  openApplicationFile,
  recordApplicationEvent,
  recordOfficerEvent,
  releaseStep,
  sendMessage,
  type Viewer,
} from './handling/service.js';
export { type ApplicationHook, type AwaitInfo, type ClosedInfo, registerApplicationHook, registerWaitStepAction, type WaitStepAction } from './hooks.js';
export { getUploadRules, listReusableFiles, openMyUpload, recordUploads, REUSE_DAYS, type UploadedFile } from './intake/attachments.js';
export {
  deleteDraft,
  type DraftView,
  getDraft,
  listMyDrafts,
  recordApplicantEvent,
  saveDraft,
  submitApplication,
  type Submitted,
  submitRevision,
  withdrawApplication,
} from './intake/service.js';
export { applicationJobHandlers, DRAFTS_JOB, RECOMPUTE_JOB, SWEEP_JOB } from './jobs.js';
export { applicationUrl } from './notify.js';
export { formFromRequirements, listWorkflowPresets } from './setup/presets.js';
export { presetVerifyIssue, type WorkflowDefinition } from './workflow/index.js';
export {
  checkServiceSetup,
  DEFAULT_SETTINGS,
  frozenVersion,
  getApplicationSettings,
  getApplyInfo,
  getServiceSetup,
  saveApplicationSettings,
  saveServiceForm,
  saveServiceWorkflow,
  suggestServiceForm,
} from './setup/service.js';
export { trackApplication, type TrackedApplication } from './tracking/service.js';
export { applicantTodo, type Badge, statusText, type StateSummary } from './view.js';
export { demoHandlerEmail, seedDemoApplications, type SeededApplications } from './seed.js';
export { BULK_SEED_BY, type BulkSeedResult, seedBulkApplications } from './bulk-seed.js';
export { seedVolumeApplications } from './volume/seed.js';
export { applicationsModule } from './module.js';
