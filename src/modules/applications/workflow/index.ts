// The applications (permohonan) workflow engine, pure core (issue 18; docs/applications-workflow.md).
// Owns: the workflow definition a service's agency configures (schema, types, validation with messages
// naming the step), the state of one application's workflow, and its transitions — officers' actions,
// the applicant's revision and withdrawal, other modules' events (paid, signed), deadlines lapsing into
// escalation or deemed approval (fiktif positif, PP 28/2025), the clock paused while the application
// is with the applicant, recomputation when the calendar is amended, presets.
// Promises: no I/O and no clock reads — state + event + (now, calendar) → new state + effects, the
// input never mutated; effects are data the module carries out in the same transaction as it saves the
// state; a stale `expectedVersion` is refused with code `stale` and the current state (HTTP 409);
// deadlines lapse at the due instant (end of the due day in the unit's zone), whoever calls when;
// time with the applicant never counts against the agency, in deadlines or in `measureTime`.
export {
  type Deadline,
  type EndOutcome,
  type EndStep,
  type LapsePolicy,
  MAX_DAYS,
  MIN_DAYS,
  OFFICER_ACTIONS,
  type OfficerAction,
  OUTCOMES,
  type ParallelStep,
  type RevisionPolicy,
  type StepKind,
  outcomeAhead,
  stepOf,
  type TaskStep,
  type WaitStep,
  WORKFLOW_ROLES,
  type WorkflowDefinition,
  WorkflowDefinitionSchema,
  type WorkflowRole,
  type WorkflowStep,
  WorkflowStepSchema,
} from './definition.js';
export { DEEMED_APPROVAL_BASIS, type MovedDeadline, recomputeDeadlines } from './deadlines.js';
export { apply, type AvailableAction, availableActions, measureTime, start, type StartOptions, tick, type TimeSummary } from './engine.js';
export {
  DEMO_RECOMMENDING_AGENCIES,
  type PresetOptions,
  presetRiskBased,
  presetVerifyApproveIssue,
  presetVerifyIssue,
  RISK_LEVELS,
  type RiskLevel,
  type RiskPresetOptions,
} from './presets.js';
export {
  type ActiveStep,
  type Actor,
  type ApplicantEvent,
  type ApplyResult,
  AUDIT_ACTIONS,
  type AuditAction,
  type Due,
  type Effect,
  type EngineContext,
  type ExternalEvent,
  type Interval,
  isRefusal,
  NOTIFY_EVENTS,
  type NotifyEvent,
  type OfficerEvent,
  type Outcome,
  type Recipient,
  type Refusal,
  type RefusalCode,
  type Status,
  type TickEvent,
  type Transition,
  type WorkflowEvent,
  type WorkflowState,
} from './state.js';
export { type ValidationCode, type ValidationError, type ValidationResult, validateWorkflow } from './validate.js';
