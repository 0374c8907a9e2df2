// How an application moves between steps, on a draft copy of its state: entering a step (a task, a
// wait, a parallel split, a join, an end), leaving one, pausing and resuming every clock while the
// application is with the applicant, and keeping the agency's clock. Each function appends the effects
// it causes; engine.ts makes the copy and hands the result back.
import type { Calendar } from '../../../platform/calendar/index.js';
import { type EndStep, stepOf, type WorkflowDefinition, type WorkflowStep } from './definition.js';
import type { ActiveStep, BranchRef, Effect, EffectData, Outcome, StepDeadline, WorkflowState } from './state.js';
import { type Clock, dueAfter } from './time.js';

/** A state being changed: the copy, the calendar, and the effects so far. */
export interface Draft {
  def: WorkflowDefinition;
  state: WorkflowState;
  clock: Clock;
  effects: Effect[];
}

export function draftOf(def: WorkflowDefinition, state: WorkflowState, calendar: Calendar): Draft {
  return { def, state: structuredClone(state), clock: { timeZone: state.timeZone, calendar }, effects: [] };
}

export function audit(d: Draft, action: Extract<Effect, { type: 'audit' }>['action'], actor: string, stepId: string | null, data: EffectData = {}) {
  d.effects.push({ type: 'audit', action, actor, stepId, data });
}

export function notifyApplicant(d: Draft, event: Extract<Effect, { type: 'notify' }>['event'], stepId: string | null, data: EffectData = {}) {
  d.effects.push({ type: 'notify', event, recipient: { to: 'applicant' }, stepId, data });
}

export function notifyOfficers(d: Draft, event: Extract<Effect, { type: 'notify' }>['event'], active: ActiveStep, data: EffectData = {}) {
  if (!active.role || !active.agency) return;
  d.effects.push({ type: 'notify', event, recipient: { to: 'officers', role: active.role, agency: active.agency }, stepId: active.stepId, data });
}

/** The agency's work: a task, or a wait on something the agency does (a signature). */
export function isAgencySide(step: WorkflowStep): boolean {
  return step.kind === 'task' || (step.kind === 'wait' && step.waitsOn === 'agency');
}

/** A deadline starting at `at`, or paused from the start while the application is with the applicant. */
function newDeadline(d: Draft, days: number, at: string): StepDeadline {
  if (d.state.status === 'with_applicant') return { days, spent: [], since: null, lapsed: false };
  return { days, spent: [], since: at, lapsed: false, ...dueAfter(days, [], at, d.clock) };
}

export function scheduleDeadline(d: Draft, active: ActiveStep) {
  if (active.deadline?.dueAt && !active.deadline.lapsed) d.effects.push({ type: 'schedule_deadline', stepId: active.stepId, at: active.deadline.dueAt });
}

// ---- Entering and leaving ---------------------------------------------------------------------------

/** The application reaches `stepId` along the branches `branch` at instant `at`. */
export function enter(d: Draft, stepId: string, branch: BranchRef[], at: string): void {
  const inner = branch.at(-1);
  const parallel = inner && stepOf(d.def, inner.parallelId);
  if (parallel?.kind === 'parallel' && parallel.join === stepId) return arrive(d, parallel, inner!.branchId, branch.slice(0, -1), at);
  const step = stepOf(d.def, stepId);
  const withApplicant = d.state.status === 'with_applicant';
  switch (step.kind) {
    case 'end':
      return close(d, step.outcome, step, at);
    case 'parallel':
      d.state.parallels[step.id] = [];
      for (const first of step.branches) {
        // A branch may end the application at once (an end step): the others never start.
        if (d.state.status === 'closed') return;
        enter(d, first, [...branch, { parallelId: step.id, branchId: first }], at);
      }
      return;
    case 'task': {
      const active: ActiveStep = {
        stepId,
        activatedAt: at,
        role: step.role,
        agency: step.agency ?? d.state.agency,
        escalated: false,
        lapses: 0,
        deadline: newDeadline(d, step.deadline.days, at),
        pausedSince: withApplicant ? at : null,
        pauses: [],
        branch,
      };
      d.state.active.push(active);
      notifyOfficers(d, 'application.task_assigned', active, { dueAt: active.deadline?.dueAt ?? null });
      scheduleDeadline(d, active);
      return;
    }
    case 'wait': {
      const onAgency = step.waitsOn === 'agency';
      const active: ActiveStep = {
        stepId,
        activatedAt: at,
        role: null,
        agency: onAgency ? d.state.agency : null,
        escalated: false,
        lapses: 0,
        deadline: step.deadline ? newDeadline(d, step.deadline.days, at) : null,
        pausedSince: withApplicant ? at : null,
        pauses: [],
        branch,
      };
      d.state.active.push(active);
      d.effects.push({ type: 'await_event', stepId, event: step.event, waitsOn: step.waitsOn });
      if (!onAgency) notifyApplicant(d, 'application.action_required', stepId, { event: step.event });
      scheduleDeadline(d, active);
      return;
    }
  }
}

/** A branch reached its parallel's join: the join step starts once every branch has. */
function arrive(d: Draft, parallel: Extract<WorkflowStep, { kind: 'parallel' }>, branchId: string, outer: BranchRef[], at: string) {
  const arrived = d.state.parallels[parallel.id] ?? [];
  if (!arrived.includes(branchId)) arrived.push(branchId);
  d.state.parallels[parallel.id] = arrived;
  if (arrived.length < parallel.branches.length) return;
  delete d.state.parallels[parallel.id];
  enter(d, parallel.join, outer, at);
}

/** The step is done: it is no longer active and its deadline check is cancelled. */
export function leave(d: Draft, active: ActiveStep): void {
  d.state.active = d.state.active.filter((a) => a !== active);
  if (active.deadline) d.effects.push({ type: 'cancel_deadline', stepId: active.stepId });
}

/** Leave `active` for `target`, staying in the same branch. */
export function moveOn(d: Draft, active: ActiveStep, target: string, at: string): void {
  leave(d, active);
  enter(d, target, active.branch, at);
}

/** The application ends: at an end step, or withdrawn (`end` null). Every other step stops. */
export function close(d: Draft, outcome: Outcome, end: EndStep | null, at: string): void {
  for (const active of [...d.state.active]) leave(d, active);
  const { state } = d;
  state.status = 'closed';
  state.parallels = {};
  state.revision = null;
  state.outcome = outcome;
  state.endStepId = end?.id ?? null;
  state.closedAt = at;
  const deemed = state.deemedApprovals.length > 0;
  d.effects.push({ type: 'closed', outcome, at, deemed });
  notifyApplicant(d, 'application.closed', end?.id ?? null, { outcome, deemed });
  audit(d, 'application.closed', 'system', end?.id ?? null, { outcome, deemed });
}

// ---- With the applicant -----------------------------------------------------------------------------

/** A revision request: every clock stops until the applicant answers. */
export function pauseAll(d: Draft, at: string): void {
  for (const active of d.state.active) {
    active.pausedSince = at;
    const deadline = active.deadline;
    if (!deadline?.since) continue;
    deadline.spent.push({ from: deadline.since, to: at });
    // A lapsed deadline keeps its date (history); a running one has none while paused.
    active.deadline = deadline.lapsed ? { ...deadline, since: null } : { days: deadline.days, spent: deadline.spent, since: null, lapsed: false };
    d.effects.push({ type: 'cancel_deadline', stepId: active.stepId });
  }
}

/**
 * The applicant answered: each clock resumes with the working days it had left (`pause`), or starts
 * again with the step's full deadline (`restart`), per the service's revision policy.
 */
export function resumeAll(d: Draft, at: string): void {
  const restart = d.def.revisionPolicy === 'restart';
  for (const active of d.state.active) {
    if (active.pausedSince) active.pauses.push({ from: active.pausedSince, to: at });
    active.pausedSince = null;
    const deadline = active.deadline;
    if (!deadline) continue;
    if (restart) {
      const step = stepOf(d.def, active.stepId);
      const days = (step.kind === 'task' || step.kind === 'wait') && step.deadline ? step.deadline.days : deadline.days;
      active.lapses = 0;
      active.deadline = { days, spent: [], since: at, lapsed: false, ...dueAfter(days, [], at, d.clock) };
    } else if (deadline.lapsed) {
      active.deadline = { ...deadline, since: at };
    } else {
      active.deadline = { ...deadline, since: at, ...dueAfter(deadline.days, deadline.spent, at, d.clock) };
    }
    scheduleDeadline(d, active);
  }
}

// ---- The agency's clock -----------------------------------------------------------------------------

/**
 * Opens or closes the agency's running interval at `at`: it runs while the application is in progress
 * and some active step is the agency's. Then recomputes when the standard's jangka waktu runs out.
 */
export function syncClock(d: Draft, at: string): void {
  const { state, def } = d;
  const running = state.status === 'in_progress' && state.active.some((a) => isAgencySide(stepOf(def, a.stepId)));
  if (running && !state.clock.since) state.clock.since = at;
  if (!running && state.clock.since) {
    state.clock.legs.push({ from: state.clock.since, to: at });
    state.clock.since = null;
  }
  state.serviceDue = serviceDue(d);
}

/** The legs that count against the standard (the restart policy starts again at a resubmission). */
export function standardLegs(state: WorkflowState) {
  const since = Date.parse(state.clock.standardSince);
  return state.clock.legs.filter((leg) => Date.parse(leg.from) >= since);
}

export function serviceDue(d: Draft) {
  const { state } = d;
  if (!state.clock.since) return null;
  return dueAfter(d.def.serviceDays, standardLegs(state), state.clock.since, d.clock);
}
