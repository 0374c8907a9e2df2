// The engine's entry points: start an application, apply an event (state + event + clock → new state
// + effects, or a refusal), list what may happen next, and measure the time against the standard.
// Pure: the clock and the calendar come in as arguments; nothing here reads the time or stores anything.
import type { Calendar } from '../../../platform/calendar/index.js';
import { type OfficerAction, stepOf, type TaskStep, type WorkflowDefinition, type WorkflowRole } from './definition.js';
import { sweep } from './deadlines.js';
import type {
  ActiveStep,
  ApplicantEvent,
  ApplyResult,
  EngineContext,
  ExternalEvent,
  OfficerEvent,
  RefusalCode,
  Transition,
  WorkflowEvent,
  WorkflowState,
} from './state.js';
import {
  audit,
  close,
  type Draft,
  draftOf,
  enter,
  moveOn,
  notifyApplicant,
  notifyOfficers,
  pauseAll,
  resumeAll,
  standardLegs,
  syncClock,
} from './steps.js';
import { type Due, toInstant, workingDaysIn } from './time.js';
import { validateWorkflow } from './validate.js';

export interface StartOptions {
  submittedAt: Date | string;
  /** The unit's zone: Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT). */
  timeZone: string;
  calendar: Calendar;
  /** The service's agency code. */
  agency: string;
}

/**
 * The definitions `start` has checked: a batch of submissions shares its version's definition, checked
 * once. A definition is data, never changed once read (a new version is a new object).
 */
const valid = new WeakSet<WorkflowDefinition>();

/**
 * A new application at the definition's start step. Throws on a definition that does not pass
 * `validateWorkflow` (the module validates when an admin saves one, so this is a programming error).
 */
export function start(def: WorkflowDefinition, opts: StartOptions): Transition {
  if (!valid.has(def)) {
    const checked = validateWorkflow(def);
    if (!checked.ok) throw new TypeError(`invalid workflow: ${checked.errors.map((e) => e.messageEn).join(' ')}`);
    valid.add(def);
  }
  const at = toInstant(opts.submittedAt);
  const empty: WorkflowState = {
    definitionVersion: def.version,
    version: 0,
    status: 'in_progress',
    agency: opts.agency,
    timeZone: opts.timeZone,
    submittedAt: at,
    updatedAt: at,
    active: [],
    parallels: {},
    revision: null,
    revisionRounds: 0,
    clock: { legs: [], since: null, standardSince: at },
    serviceDue: null,
    deemedApprovals: [],
    outcome: null,
    endStepId: null,
    closedAt: null,
  };
  const d = draftOf(def, empty, opts.calendar);
  audit(d, 'application.submitted', 'applicant', null, { definitionVersion: def.version });
  notifyApplicant(d, 'application.received', null);
  enter(d, def.start, [], at);
  syncClock(d, at);
  d.state.version = 1;
  return { state: d.state, effects: d.effects };
}

/**
 * Applies one event at `ctx.now`. Deadlines due by then lapse first (so a decision after the lapse
 * instant meets the deemed approval already made); then the event. Returns the new state and the
 * effects to carry out in the same transaction, or a refusal carrying the unchanged state.
 */
export function apply(def: WorkflowDefinition, state: WorkflowState, event: WorkflowEvent, ctx: EngineContext): ApplyResult {
  const refuse = (code: RefusalCode, stepId: string | null = null): ApplyResult => ({ error: { code, stepId, state } });
  if (def.version !== state.definitionVersion) return refuse('definition_mismatch');
  if ('expectedVersion' in event && event.expectedVersion !== undefined && event.expectedVersion !== state.version) {
    return refuse('stale', 'stepId' in event ? event.stepId : null);
  }
  // A clock behind the last change (another server) is taken as the last change: time never runs back.
  const now = toInstant(new Date(Math.max(Date.parse(toInstant(ctx.now)), Date.parse(state.updatedAt))));
  const d = draftOf(def, state, ctx.calendar);
  sweep(d, now);
  const swept = d.effects.length > 0;
  const refusal = dispatch(d, event, now);
  if (refusal) {
    // Refused only because a deadline lapsed first (the step was deemed approved, or moved on)?
    const byLapse = swept && dispatch(draftOf(def, state, ctx.calendar), event, now) === null;
    return refuse(byLapse ? 'lapsed' : refusal, 'stepId' in event ? (event.stepId ?? null) : null);
  }
  if (d.effects.length === 0) return { state, effects: [] };
  syncClock(d, now);
  d.state.version = state.version + 1;
  d.state.updatedAt = now;
  return { state: d.state, effects: d.effects };
}

/**
 * The deadline sweeper's call: lapses whatever is due by `ctx.now` (nothing due: the same state, no
 * effects). Throws when given another definition version than the state's: a sweeper silently doing
 * nothing would let deemed approvals go unrecorded.
 */
export function tick(def: WorkflowDefinition, state: WorkflowState, ctx: EngineContext): Transition {
  if (state.status === 'closed') return { state, effects: [] };
  const result = apply(def, state, { type: 'tick' }, ctx);
  if ('error' in result) throw new Error(`workflow tick refused: ${result.error.code} (definition version ${def.version}, state on ${state.definitionVersion})`);
  return result;
}

function dispatch(d: Draft, event: WorkflowEvent, now: string): RefusalCode | null {
  if (event.type === 'tick') return null;
  if (d.state.status === 'closed') return 'closed';
  switch (event.type) {
    case 'approve':
    case 'reject':
    case 'request_revision':
    case 'forward':
    case 'escalate':
      return officerAction(d, event, now);
    case 'revision_submitted':
    case 'withdrawn':
      return applicantEvent(d, event, now);
    case 'external':
      return externalEvent(d, event, now);
  }
}

// ---- Officers ---------------------------------------------------------------------------------------

function officerAction(d: Draft, event: OfficerEvent, now: string): RefusalCode | null {
  if (d.state.status === 'with_applicant') return 'with_applicant';
  const active = d.state.active.find((a) => a.stepId === event.stepId);
  if (!active) return 'step_not_active';
  const step = stepOf(d.def, active.stepId);
  if (step.kind !== 'task' || !step.actions[event.type]) return 'not_allowed';
  if (event.type === 'escalate' && active.role === step.actions.escalate!.role) return 'not_allowed';
  if (!active.role || !event.actor.roles.includes(active.role) || event.actor.agency !== active.agency) return 'forbidden';
  if (event.type === 'reject' && !event.reason?.trim()) return 'reason_required';
  if (event.type === 'request_revision' && !event.message?.trim()) return 'message_required';

  const actor = `officer:${event.actor.id}`;
  const data = { role: active.role, agency: active.agency };
  switch (event.type) {
    case 'approve':
    case 'forward':
    case 'reject': {
      const to = step.actions[event.type]!.to;
      const action = event.type === 'approve' ? 'application.approved_step' : event.type === 'reject' ? 'application.rejected_step' : 'application.forwarded';
      audit(d, action, actor, step.id, { ...data, to });
      moveOn(d, active, to, now);
      return null;
    }
    case 'request_revision':
      d.state.status = 'with_applicant';
      d.state.revision = { stepId: step.id, message: event.message.trim(), requestedAt: now };
      d.state.revisionRounds += 1;
      audit(d, 'application.revision_requested', actor, step.id, { ...data, round: d.state.revisionRounds });
      notifyApplicant(d, 'application.revision_requested', step.id, { message: event.message.trim() });
      pauseAll(d, now);
      return null;
    case 'escalate':
      escalate(d, active, step, actor);
      return null;
  }
}

/** An officer hands the step to the supervisor role: same deadline, new people. */
function escalate(d: Draft, active: ActiveStep, step: TaskStep, actor: string) {
  const role: WorkflowRole = step.actions.escalate!.role;
  audit(d, 'application.escalated', actor, step.id, { from: active.role, role });
  active.role = role;
  active.escalated = true;
  notifyOfficers(d, 'application.escalated', active, { dueAt: active.deadline?.dueAt ?? null, reason: 'officer' });
}

// ---- The applicant and other modules ----------------------------------------------------------------

function applicantEvent(d: Draft, event: ApplicantEvent, now: string): RefusalCode | null {
  if (event.type === 'withdrawn') {
    for (const active of d.state.active) notifyOfficers(d, 'application.withdrawn', active);
    audit(d, 'application.withdrawn', 'applicant', null);
    close(d, 'withdrawn', null, now);
    return null;
  }
  if (d.state.status !== 'with_applicant' || !d.state.revision) return 'not_allowed';
  const { stepId } = d.state.revision;
  d.state.status = 'in_progress';
  d.state.revision = null;
  if (d.def.revisionPolicy === 'restart') d.state.clock.standardSince = now;
  audit(d, 'application.revision_submitted', 'applicant', stepId, { policy: d.def.revisionPolicy });
  resumeAll(d, now);
  const asked = d.state.active.find((a) => a.stepId === stepId);
  if (asked) notifyOfficers(d, 'application.revision_received', asked, { dueAt: asked.deadline?.dueAt ?? null });
  return null;
}

function externalEvent(d: Draft, event: ExternalEvent, now: string): RefusalCode | null {
  const active = d.state.active.find((a) => {
    const step = stepOf(d.def, a.stepId);
    return step.kind === 'wait' && step.event === event.name && (event.stepId === undefined || event.stepId === a.stepId);
  });
  if (!active) return 'not_awaited';
  const step = stepOf(d.def, active.stepId);
  if (step.kind !== 'wait') return 'not_awaited';
  audit(d, 'application.event_received', 'system', step.id, { event: event.name, to: step.next });
  moveOn(d, active, step.next, now);
  return null;
}

// ---- What may happen next ---------------------------------------------------------------------------

export type AvailableAction =
  | { type: OfficerAction; stepId: string; role: WorkflowRole; agency: string }
  | { type: 'revision_submitted' | 'withdrawn' }
  | { type: 'external'; name: string; stepId: string };

/**
 * Everything that may happen to the application now, for pages and queues (ask the engine rather than
 * re-encode its table). Officer actions name the role and agency that may take them.
 */
export function availableActions(def: WorkflowDefinition, state: WorkflowState): AvailableAction[] {
  if (state.status === 'closed') return [];
  const out: AvailableAction[] = [];
  for (const active of state.active) {
    const step = stepOf(def, active.stepId);
    if (step.kind === 'wait') out.push({ type: 'external', name: step.event, stepId: step.id });
    if (step.kind !== 'task' || state.status === 'with_applicant' || !active.role || !active.agency) continue;
    for (const type of ['approve', 'reject', 'request_revision', 'forward', 'escalate'] as const) {
      if (!step.actions[type]) continue;
      if (type === 'escalate' && active.role === step.actions.escalate!.role) continue;
      out.push({ type, stepId: step.id, role: active.role, agency: active.agency });
    }
  }
  if (state.status === 'with_applicant') out.push({ type: 'revision_submitted' });
  out.push({ type: 'withdrawn' });
  return out;
}

// ---- Time against the standard ----------------------------------------------------------------------

export interface TimeSummary {
  /** Working days the agency has had the application: the published figures (never the applicant's time). */
  agencyDays: number;
  /** Working days counted against the standard's jangka waktu (the restart policy counts from the last resubmission). */
  standardDays: number;
  /** The standard's jangka waktu in working days. */
  standardLimit: number;
  remainingDays: number;
  overrunDays: number;
  /** False while with the applicant, waiting only on the applicant (a payment), or closed. */
  running: boolean;
  /** When the jangka waktu runs out at this pace; null while the clock is stopped. */
  serviceDue: Due | null;
}

/** The time against the standard at `now`: shown on every page that shows an application. */
export function measureTime(def: WorkflowDefinition, state: WorkflowState, now: Date | string, calendar: Calendar): TimeSummary {
  const clock = { timeZone: state.timeZone, calendar };
  const since = state.clock.since;
  const running = since ? [{ from: since, to: toInstant(new Date(Math.max(Date.parse(toInstant(now)), Date.parse(since)))) }] : [];
  const agencyDays = workingDaysIn([...state.clock.legs, ...running], clock);
  const standardDays = workingDaysIn([...standardLegs(state), ...running], clock);
  return {
    agencyDays,
    standardDays,
    standardLimit: def.serviceDays,
    remainingDays: Math.max(0, def.serviceDays - standardDays),
    overrunDays: Math.max(0, standardDays - def.serviceDays),
    running: since !== null,
    serviceDue: state.serviceDue,
  };
}
