// Deadlines lapsing and moving. A step's deadline lapses at its due instant (the end of its due day in
// the unit's zone, DOMAIN.md §10): the first lapse applies the step's policy — escalation to a
// supervisor with days of their own, or deemed approval (fiktif positif, PP 28/2025) where the service
// enables it — and a later one marks the step overdue. When the calendar is amended, every running
// deadline is recomputed from the same instants and the moved ones are reported.
import type { Calendar } from '../../../platform/calendar/index.js';
import { stepOf, type WorkflowDefinition } from './definition.js';
import type { ActiveStep, Effect, WorkflowState } from './state.js';
import { audit, type Draft, draftOf, moveOn, notifyApplicant, notifyOfficers, scheduleDeadline, serviceDue, syncClock } from './steps.js';
import { dueAfter, toInstant } from './time.js';

/** The legal source recorded with a deemed approval. */
export const DEEMED_APPROVAL_BASIS = 'PP 28/2025 (fiktif positif)';

const lapseInstant = (active: ActiveStep) => Date.parse(active.deadline!.dueAt!);

/** The running, not yet lapsed deadlines due by `now`, earliest first. */
function dueBy(state: WorkflowState, now: string): ActiveStep[] {
  return state.active
    .filter((a) => a.deadline?.since && a.deadline.dueAt && !a.deadline.lapsed && lapseInstant(a) <= Date.parse(now))
    .sort((a, b) => lapseInstant(a) - lapseInstant(b));
}

/**
 * Handles every deadline due by `now`, each at its own due instant (a sweeper running late changes
 * nothing: the escalation's days and the deemed approval date from the lapse, not from the visit).
 */
export function sweep(d: Draft, now: string): void {
  for (let next = dueBy(d.state, now)[0]; next && d.state.status !== 'closed'; next = dueBy(d.state, now)[0]) {
    // Never before the last recorded change (a deadline an amended calendar moved into the past).
    const at = toInstant(new Date(Math.max(lapseInstant(next), Date.parse(d.state.updatedAt))));
    lapse(d, next, at);
    syncClock(d, at);
  }
}

function lapse(d: Draft, active: ActiveStep, at: string): void {
  const step = stepOf(d.def, active.stepId);
  const policy = step.kind === 'task' || step.kind === 'wait' ? step.deadline?.onLapse : undefined;
  const deadline = active.deadline!;
  const dueAt = deadline.dueAt!;
  active.lapses += 1;
  if (active.lapses === 1 && policy?.action === 'deemed_approval' && d.def.deemedApproval && step.kind === 'task' && step.actions.approve) {
    deadline.lapsed = true;
    d.state.deemedApprovals.push({ stepId: step.id, at });
    audit(d, 'application.deadline_lapsed', 'system', step.id, { dueAt, policy: 'deemed_approval' });
    audit(d, 'application.deemed_approved', 'system', step.id, { basis: DEEMED_APPROVAL_BASIS, to: step.actions.approve.to });
    d.effects.push({ type: 'deemed_approval', stepId: step.id, at, basis: DEEMED_APPROVAL_BASIS });
    notifyApplicant(d, 'application.deemed_approved', step.id, { basis: DEEMED_APPROVAL_BASIS });
    moveOn(d, active, step.actions.approve.to, at);
    return;
  }
  if (active.lapses === 1 && policy?.action === 'escalate') {
    active.role = policy.role;
    active.agency ??= d.state.agency;
    active.escalated = true;
    active.deadline = { days: policy.days, spent: [], since: at, lapsed: false, ...dueAfter(policy.days, [], at, d.clock) };
    audit(d, 'application.deadline_lapsed', 'system', step.id, { dueAt, policy: 'escalate', role: policy.role });
    notifyOfficers(d, 'application.escalated', active, { dueAt: active.deadline.dueAt ?? null, reason: 'deadline_lapsed' });
    scheduleDeadline(d, active);
    return;
  }
  deadline.lapsed = true;
  audit(d, 'application.deadline_lapsed', 'system', step.id, { dueAt, policy: 'overdue' });
  notifyOfficers(d, 'application.overdue', active, { dueAt });
}

/** A deadline that moved when the calendar was amended; `stepId` null: the standard's jangka waktu. */
export interface MovedDeadline {
  stepId: string | null;
  from: string;
  to: string;
}

/**
 * Recomputes the running deadlines of an open application with an amended calendar (an SKB changed
 * collective leave mid-year). Lapsed deadlines stay lapsed; a deadline moved into the past lapses at
 * the sweeper's next visit. Returns the state (version +1 when something moved), the moved deadlines,
 * and the effects: an audit entry, new deadline checks, and notices to the officers of a moved step
 * and to the applicant when the standard's date moved.
 */
export function recomputeDeadlines(
  def: WorkflowDefinition,
  state: WorkflowState,
  calendar: Calendar,
): { state: WorkflowState; moved: MovedDeadline[]; effects: Effect[] } {
  if (state.status === 'closed') return { state, moved: [], effects: [] };
  const d = draftOf(def, state, calendar);
  const moved: MovedDeadline[] = [];
  for (const active of d.state.active) {
    const deadline = active.deadline;
    if (!deadline?.since || deadline.lapsed) continue;
    const due = dueAfter(deadline.days, deadline.spent, deadline.since, d.clock);
    if (due.dueAt === deadline.dueAt && due.confirmed === deadline.confirmed) continue;
    if (due.dueAt !== deadline.dueAt) {
      moved.push({ stepId: active.stepId, from: deadline.dueAt!, to: due.dueAt });
      notifyOfficers(d, 'application.deadline_moved', active, { from: deadline.dueAt!, to: due.dueAt });
    }
    Object.assign(deadline, due);
    scheduleDeadline(d, active);
  }
  const standard = serviceDue(d);
  if (standard && state.serviceDue && standard.dueAt !== state.serviceDue.dueAt) {
    moved.push({ stepId: null, from: state.serviceDue.dueAt, to: standard.dueAt });
    notifyApplicant(d, 'application.deadline_moved', null, { from: state.serviceDue.dueAt, to: standard.dueAt });
  }
  d.state.serviceDue = standard;
  if (moved.length === 0 && d.effects.length === 0) return { state, moved, effects: [] };
  if (moved.length) audit(d, 'application.deadline_recomputed', 'system', null, { moved: moved.map((m) => `${m.stepId ?? 'service'}:${m.from}>${m.to}`).join(' ') });
  d.state.version = state.version + 1;
  return { state: d.state, moved, effects: d.effects };
}
