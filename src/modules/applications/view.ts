// How an application reads to people: its status in words (the applicant's language), what the
// applicant must do now, the badges of a step in a queue. Pure: the engine's state and the definition
// in, words and flags out — asked of the engine (availableActions), never re-encoding its tables.
import { localDate } from '../../platform/calendar/index.js';
import type { Lang } from '../../platform/i18n/index.js';
import { t } from '../../platform/i18n/index.js';
import './strings.js';
import { type ActiveStep, availableActions, stepOf, type WorkflowDefinition, type WorkflowState } from './workflow/index.js';

/** What the applicant must do now: answer a revision request, make a declaration, pay; null: nothing. */
export type ApplicantTodo = 'revise' | 'declare' | 'pay' | 'act' | null;

export function applicantTodo(def: WorkflowDefinition, state: WorkflowState): ApplicantTodo {
  if (state.status === 'closed') return null;
  if (state.status === 'with_applicant') return 'revise';
  for (const active of state.active) {
    const step = stepOf(def, active.stepId);
    if (step.kind !== 'wait' || step.waitsOn !== 'applicant') continue;
    return step.event === 'self_declared' ? 'declare' : step.event === 'paid' ? 'pay' : 'act';
  }
  return null;
}

/** The names of the steps the application is at, in the language given. */
export function stepNames(def: WorkflowDefinition, state: WorkflowState, lang: Lang): string {
  return state.active.map((a) => stepOf(def, a.stepId).name[lang]).join(', ');
}

/** The application's status in words: "Diproses: Verifikasi berkas", "Selesai: dokumen diterbitkan", … */
export function statusText(def: WorkflowDefinition, state: WorkflowState, lang: Lang): string {
  let text: string;
  if (state.status === 'closed') text = t(lang, `app.status.closed.${state.outcome ?? 'approved'}`);
  else if (state.status === 'with_applicant') text = t(lang, 'app.status.with_applicant');
  else if (applicantTodo(def, state)) text = t(lang, 'app.status.waiting_applicant', { steps: stepNames(def, state, lang) });
  else text = t(lang, 'app.status.in_progress', { steps: stepNames(def, state, lang) });
  return state.deemedApprovals.length > 0 ? t(lang, 'app.status.deemed', { status: text }) : text;
}

export const BADGES = ['due_today', 'overdue', 'escalated', 'deemed_approved', 'assisted'] as const;
export type Badge = (typeof BADGES)[number];

/** A step's badges in a queue: due today or overdue (in the unit's zone), escalated, deemed approved, filed at a counter. */
export function badgesOf(
  task: { dueAt: Date | null; lapsed: boolean; escalated: boolean; paused: boolean },
  application: { deemedApproved: boolean; assisted: boolean },
  now: Date,
  timeZone: string,
): Badge[] {
  const out: Badge[] = [];
  // The calendar's local date (arithmetic for Indonesia's zones): two new Intl formatters per row cost the queue more than its query.
  const day = (d: Date) => localDate(d.getTime(), timeZone);
  if (task.lapsed || (task.dueAt && !task.paused && task.dueAt.getTime() < now.getTime())) out.push('overdue');
  else if (task.dueAt && !task.paused && day(task.dueAt) === day(now)) out.push('due_today');
  if (task.escalated) out.push('escalated');
  if (application.deemedApproved) out.push('deemed_approved');
  if (application.assisted) out.push('assisted');
  return out;
}

/** The officer actions open on the steps an officer may act on (their roles at each step's agency). */
export function officerActions(def: WorkflowDefinition, state: WorkflowState, mayAct: (active: ActiveStep) => boolean) {
  return availableActions(def, state).filter(
    (a): a is Extract<typeof a, { role: string }> => 'role' in a && mayAct(state.active.find((s) => s.stepId === a.stepId)!),
  );
}

export interface StepSummary {
  stepId: string;
  name: { id: string; en: string };
  kind: 'task' | 'wait';
  /** Who acts (null: the applicant, for a wait on them). */
  role: string | null;
  /** The acting agency's code (null: the applicant). */
  agency: string | null;
  dueAt: string | null;
  escalated: boolean;
  lapsed: boolean;
}

/** Where the application stands, as a refusal shows it (409 `current`) and every view starts. */
export interface StateSummary {
  version: number;
  status: WorkflowState['status'];
  outcome: WorkflowState['outcome'];
  deemedApproved: boolean;
  steps: StepSummary[];
}

export function summaryOf(def: WorkflowDefinition, state: WorkflowState): StateSummary {
  return {
    version: state.version,
    status: state.status,
    outcome: state.outcome,
    deemedApproved: state.deemedApprovals.length > 0,
    steps: state.active.map((a) => {
      const step = stepOf(def, a.stepId);
      return {
        stepId: a.stepId,
        name: step.name,
        kind: step.kind === 'wait' ? 'wait' : 'task',
        role: a.role,
        agency: a.agency,
        dueAt: a.deadline?.dueAt ?? null,
        escalated: a.escalated,
        lapsed: a.deadline?.lapsed ?? false,
      };
    }),
  };
}
