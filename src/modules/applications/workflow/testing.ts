// Helpers for this folder's tests: drive an application through events and describe states and effects
// in a few words, so the tables read as the workflow does. Not used by the engine.
import { type Calendar, createCalendar } from '../../../platform/calendar/index.js';
import type { OfficerAction, WorkflowDefinition } from './definition.js';
import { apply, start } from './engine.js';
import type { Actor, ApplyResult, Effect, Transition, WorkflowEvent, WorkflowState } from './state.js';

export const calendar = createCalendar();
export const AGENCY = 'dpmptsp';

export function begin(def: WorkflowDefinition, submittedAt: string, opts: { timeZone?: string; calendar?: Calendar } = {}): Transition {
  return start(def, { submittedAt, timeZone: opts.timeZone ?? 'Asia/Jakarta', calendar: opts.calendar ?? calendar, agency: AGENCY });
}

/** An officer who may act at the step now (its current role and agency), or the service's verifier when it is not active. */
export function officerFor(state: WorkflowState, stepId: string): Actor {
  const active = state.active.find((a) => a.stepId === stepId);
  return { id: 'o-1', roles: [active?.role ?? 'verifier'], agency: active?.agency ?? AGENCY };
}

export function officerEvent(state: WorkflowState, type: OfficerAction, stepId: string): WorkflowEvent {
  const base = { stepId, expectedVersion: state.version, actor: officerFor(state, stepId) };
  if (type === 'reject') return { ...base, type, reason: 'Persyaratan tidak terpenuhi' };
  if (type === 'request_revision') return { ...base, type, message: 'Unggah ulang KTP yang terbaca' };
  return { ...base, type };
}

/**
 * One event written as a word: `verify:approve` (an officer action), `revision_submitted`, `withdrawn`,
 * `signed` (an external event), `tick`.
 */
export function eventOf(state: WorkflowState, word: string): WorkflowEvent {
  const [stepId, action] = word.split(':');
  if (action) return officerEvent(state, action as OfficerAction, stepId!);
  if (word === 'revision_submitted' || word === 'withdrawn') return { type: word, expectedVersion: state.version };
  if (word === 'tick') return { type: 'tick' };
  return { type: 'external', name: word };
}

export function send(def: WorkflowDefinition, state: WorkflowState, word: string, at: string, cal: Calendar = calendar): ApplyResult {
  return apply(def, state, eventOf(state, word), { now: at, calendar: cal });
}

/** Applies the events in order (an hour apart from `at` unless given as `[word, at]`); throws on a refusal. */
export function drive(def: WorkflowDefinition, state: WorkflowState, words: (string | [string, string])[], at = '2025-06-02T09:00:00+07:00'): Transition {
  let current: Transition = { state, effects: [] };
  let time = Date.parse(at);
  for (const item of words) {
    const [word, when] = typeof item === 'string' ? [item, new Date(time).toISOString()] : item;
    const result = send(def, current.state, word, when);
    if ('error' in result) throw new Error(`${word} at ${when} refused: ${result.error.code}`);
    current = result;
    time = Date.parse(when) + 3_600_000;
  }
  return current;
}

/** `verify`, `recommend-dinkes+recommend-dishub`, `approve^agency_admin` (escalated), `with_applicant:verify`, `closed:issued`. */
export function summary(state: WorkflowState): string {
  if (state.status === 'closed') return `closed:${state.outcome}`;
  const steps = state.active.map((a) => (a.escalated ? `${a.stepId}^${a.role}` : a.stepId)).join('+');
  return state.status === 'with_applicant' ? `with_applicant:${steps}` : steps;
}

/** Effects as short words: `audit:approved_step`, `notify:approver@dpmptsp:task_assigned`, `schedule:approve`, … */
export function effectWords(effects: Effect[]): string[] {
  return effects.map((e) => {
    switch (e.type) {
      case 'audit':
        return `audit:${e.action.replace('application.', '')}`;
      case 'notify':
        return `notify:${e.recipient.to === 'applicant' ? 'applicant' : `${e.recipient.role}@${e.recipient.agency}`}:${e.event.replace('application.', '')}`;
      case 'schedule_deadline':
        return `schedule:${e.stepId}`;
      case 'cancel_deadline':
        return `cancel:${e.stepId}`;
      case 'await_event':
        return `await:${e.event}`;
      case 'deemed_approval':
        return `deemed:${e.stepId}`;
      case 'closed':
        return `closed:${e.outcome}${e.deemed ? ':deemed' : ''}`;
    }
  });
}
