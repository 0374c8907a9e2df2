// The data the engine reads and returns: an application's workflow state (plain JSON, stored as is),
// the events that move it, the effects a transition asks the module to carry out in the same
// transaction, and the refusals. Types only; the rules are in steps.ts, deadlines.ts and engine.ts.
import type { Calendar } from '../../../platform/calendar/index.js';
import type { OfficerAction, WorkflowRole } from './definition.js';
import type { Due, Interval } from './time.js';

export type { Due, Interval } from './time.js';

/** How an application ended: an end step's outcome, or the applicant withdrew. */
export type Outcome = 'approved' | 'issued' | 'rejected' | 'withdrawn';

export interface StepDeadline extends Partial<Due> {
  /** Working days this deadline allows: the step's, or the supervisor's after a lapse escalated it. */
  days: number;
  /** Agency time already spent against it before a pause (closed intervals). */
  spent: Interval[];
  /** When the running interval began; null while paused (then there is no due date). */
  since: string | null;
  /** Past its due instant and its lapse handled: it lapses once. */
  lapsed: boolean;
}

/** One step an application is at (several inside a parallel). */
export interface ActiveStep {
  stepId: string;
  /** When the application reached the step. */
  activatedAt: string;
  /** Who acts now: the step's role, or the one it was escalated to; null for a wait on the applicant. */
  role: WorkflowRole | null;
  /** The acting agency's code: the step's own (technical recommendation) or the service's; null for a wait on the applicant. */
  agency: string | null;
  escalated: boolean;
  /** How many times its deadline lapsed: the first lapse applies the step's policy, later ones mark it overdue. */
  lapses: number;
  /** null for a step without a deadline (a wait on the applicant, a wait without one). */
  deadline: StepDeadline | null;
  /** Set while the application is with the applicant (revision). */
  pausedSince: string | null;
  /** Past pauses: time the step's clock did not run. */
  pauses: Interval[];
  /** The parallel branches the step is in, innermost last. */
  branch: BranchRef[];
}

export interface BranchRef {
  parallelId: string;
  branchId: string;
}

export type Status = 'in_progress' | 'with_applicant' | 'closed';

export interface WorkflowState {
  /** The definition version the application runs on (it keeps it when the service's workflow changes). */
  definitionVersion: number;
  /** +1 on every change: officers send the version they saw (optimistic concurrency). */
  version: number;
  status: Status;
  /** The service's agency code: tasks without an agency of their own are its officers'. */
  agency: string;
  /** The unit's zone (WIB/WITA/WIT): deadlines end at the end of a day there. */
  timeZone: string;
  submittedAt: string;
  /** The last instant the engine moved the state (a clock running behind it is taken as this). */
  updatedAt: string;
  active: ActiveStep[];
  /** Open parallels: id → branches that have reached the join. */
  parallels: Record<string, string[]>;
  /** While with the applicant: the step that asked for a revision, and what it asked. */
  revision: { stepId: string; message: string; requestedAt: string } | null;
  revisionRounds: number;
  /**
   * Agency time: closed intervals (`legs`) and the running one (`since`). It runs while the application
   * is in progress and some active step is the agency's — never while it is with the applicant or only
   * waiting on the applicant (a payment). `standardSince`: the restart policy counts the standard's
   * jangka waktu again from the last resubmission; legs before it count for the published figures only.
   */
  clock: { legs: Interval[]; since: string | null; standardSince: string };
  /** When the standard's jangka waktu runs out at the current pace; null while the clock is stopped or closed. */
  serviceDue: Due | null;
  /** Fiktif positif (PP 28/2025): steps deemed approved when their deadline lapsed, and when. */
  deemedApprovals: { stepId: string; at: string }[];
  outcome: Outcome | null;
  endStepId: string | null;
  closedAt: string | null;
}

// ---- Events -----------------------------------------------------------------------------------------

/** The officer acting, as the module resolved them: their roles in `agency` (an agency code). */
export interface Actor {
  id: string;
  roles: readonly string[];
  agency: string;
}

interface OfficerEventBase {
  stepId: string;
  /** The state version the officer saw: another one means someone acted first (→ 409). */
  expectedVersion: number;
  actor: Actor;
  note?: string;
}

export type OfficerEvent =
  | (OfficerEventBase & { type: Exclude<OfficerAction, 'reject' | 'request_revision'> })
  | (OfficerEventBase & { type: 'reject'; reason: string })
  | (OfficerEventBase & { type: 'request_revision'; message: string });

export type ApplicantEvent = { type: 'revision_submitted' | 'withdrawn'; expectedVersion?: number };

/** An event from another module: the payment issue's "paid", the documents issue's "signed", … */
export type ExternalEvent = { type: 'external'; name: string; stepId?: string };

/** The deadline sweeper's visit: lapses every deadline due by `ctx.now`. */
export type TickEvent = { type: 'tick' };

export type WorkflowEvent = OfficerEvent | ApplicantEvent | ExternalEvent | TickEvent;

export interface EngineContext {
  now: Date | string;
  calendar: Calendar;
}

// ---- Effects ----------------------------------------------------------------------------------------

/** The notifications the engine asks for; the module maps them to the notifications catalogue. */
export const NOTIFY_EVENTS = [
  'application.received',
  'application.task_assigned',
  'application.action_required',
  'application.revision_requested',
  'application.revision_received',
  'application.escalated',
  'application.overdue',
  'application.deemed_approved',
  'application.deadline_moved',
  'application.withdrawn',
  'application.closed',
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

/** The audit actions the engine records (free text — reasons, messages — stays out of the chain). */
export const AUDIT_ACTIONS = [
  'application.submitted',
  'application.approved_step',
  'application.rejected_step',
  'application.revision_requested',
  'application.forwarded',
  'application.escalated',
  'application.revision_submitted',
  'application.withdrawn',
  'application.event_received',
  'application.deadline_lapsed',
  'application.deemed_approved',
  'application.closed',
  'application.deadline_recomputed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export type Recipient = { to: 'applicant' } | { to: 'officers'; role: WorkflowRole; agency: string };
export type EffectData = Record<string, string | number | boolean | null>;

export type Effect =
  | { type: 'notify'; event: NotifyEvent; recipient: Recipient; stepId: string | null; data: EffectData }
  /** `actor`: `officer:<id>`, `applicant` or `system` (deadlines, events from other modules). */
  | { type: 'audit'; action: AuditAction; actor: string; stepId: string | null; data: EffectData }
  /** Wake the sweeper at `at` (the due instant); a later schedule for the same step replaces it. */
  | { type: 'schedule_deadline'; stepId: string; at: string }
  | { type: 'cancel_deadline'; stepId: string }
  /** A wait step began: ask the payments/documents module for what it waits for (an invoice, a signature). */
  | { type: 'await_event'; stepId: string; event: string; waitsOn: 'applicant' | 'agency' }
  /** Fiktif positif: record the deemed approval as such (PP 28/2025). */
  | { type: 'deemed_approval'; stepId: string; at: string; basis: string }
  | { type: 'closed'; outcome: Outcome; at: string; deemed: boolean };

export interface Transition {
  state: WorkflowState;
  effects: Effect[];
}

export type RefusalCode =
  /** Someone acted first: show the current state (HTTP 409). */
  | 'stale'
  /** The state runs on another version of the definition than the one given. */
  | 'definition_mismatch'
  | 'closed'
  /** Officers cannot act while the application is with the applicant. */
  | 'with_applicant'
  | 'step_not_active'
  /** The step does not allow this action, or the event does not fit the state. */
  | 'not_allowed'
  /** The actor lacks the step's role, or belongs to another agency. */
  | 'forbidden'
  | 'reason_required'
  | 'message_required'
  /** No active step waits for this external event (a repeated delivery): safe to ignore. */
  | 'not_awaited'
  /** A deadline lapsed just before the event and changed what is allowed: tick, save, then show. */
  | 'lapsed';

export interface Refusal {
  error: { code: RefusalCode; stepId: string | null; state: WorkflowState };
}

export type ApplyResult = Transition | Refusal;

export const isRefusal = (result: ApplyResult): result is Refusal => 'error' in result;
