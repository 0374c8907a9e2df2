// The complaint workflow as pure data and functions (docs/domain.md §3): the states, which action is
// allowed in which state and by whom, the state it leads to, and which deadline applies next. No
// database, no clock. The service checks every action against this table; the pages ask it which
// forms to show (availableActions); the API's schemas take their vocabularies from it.
import type { ComplaintOutcome, ComplaintStatus, ComplaintTier } from '../../db/schema.js';

export const STATUSES = ['submitted', 'verified', 'forwarded', 'in_follow_up', 'responded', 'closed', 'rejected'] as const satisfies readonly ComplaintStatus[];
/** Still being handled: the coordinator's queue, "open" in Open311. */
export const OPEN_STATUSES = ['submitted', 'verified', 'forwarded', 'in_follow_up', 'responded'] as const satisfies readonly ComplaintStatus[];
/** Ended: answered and closed, or refused. */
export const CLOSED_STATUSES = ['closed', 'rejected'] as const satisfies readonly ComplaintStatus[];
/** An agency's queue: what has been forwarded to it and not closed. */
export const AGENCY_QUEUE_STATUSES = ['forwarded', 'in_follow_up', 'responded'] as const satisfies readonly ComplaintStatus[];
/** Waiting on the government, with a stage deadline that escalates when missed. */
export const RUNNING_STATUSES = ['submitted', 'verified', 'forwarded', 'in_follow_up'] as const satisfies readonly ComplaintStatus[];

export function isOpen(status: ComplaintStatus): boolean {
  return (OPEN_STATUSES as readonly ComplaintStatus[]).includes(status);
}

export const OFFICER_ACTIONS = ['verify', 'reject', 'dispatch', 'transfer', 'start', 'answer', 'close', 'note', 'merge', 'hide', 'unhide'] as const;
export const REPORTER_ACTIONS = ['confirm', 'reopen'] as const;
export type OfficerAction = (typeof OFFICER_ACTIONS)[number];
export type ReporterAction = (typeof REPORTER_ACTIONS)[number];

/** The complexity tiers a coordinator assigns when verifying (their resolution deadlines: TierDays). */
export const TIERS = ['simple', 'dispute', 'field'] as const satisfies readonly ComplaintTier[];
/** Why a report is rejected. */
export const REJECT_GROUNDS = ['unclear', 'duplicate', 'out_of_scope'] as const;
export type RejectGround = (typeof REJECT_GROUNDS)[number];
/** How the coordinator closes an answered report. */
export const CLOSE_OUTCOMES = ['resolved', 'unresolved'] as const satisfies readonly ComplaintOutcome[];
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];

export type OfficerRole = 'coordinator' | 'handler';

/** Who may take an officer action: the coordinator (tenant-wide) or the current agency's handler. */
export const ACTION_ROLE: Record<OfficerAction, OfficerRole> = {
  verify: 'coordinator',
  reject: 'coordinator',
  dispatch: 'coordinator',
  transfer: 'coordinator',
  start: 'handler',
  answer: 'handler',
  close: 'coordinator',
  note: 'handler',
  merge: 'coordinator',
  hide: 'coordinator',
  unhide: 'coordinator',
};

const ALLOWED: Record<OfficerAction | ReporterAction, readonly ComplaintStatus[]> = {
  verify: ['submitted'],
  reject: ['submitted', 'verified'],
  dispatch: ['verified', 'forwarded', 'in_follow_up'],
  transfer: ['submitted', 'verified', 'forwarded', 'in_follow_up'],
  start: ['forwarded'],
  answer: ['forwarded', 'in_follow_up'],
  close: ['responded'],
  note: STATUSES,
  merge: ['submitted', 'verified', 'forwarded', 'in_follow_up'],
  hide: STATUSES,
  unhide: STATUSES,
  confirm: ['responded'],
  reopen: ['responded'],
};

export function isAllowed(action: OfficerAction | ReporterAction, status: ComplaintStatus): boolean {
  return ALLOWED[action].includes(status);
}

/** May an officer of this role take the action (the coordinator may take every officer action)? */
export function mayTake(action: OfficerAction, role: OfficerRole): boolean {
  return role === 'coordinator' || ACTION_ROLE[action] === 'handler';
}

/** The officer actions this role may take on a report in this state, in the table's order. */
export function availableActions(status: ComplaintStatus, role: OfficerRole): OfficerAction[] {
  return OFFICER_ACTIONS.filter((action) => isAllowed(action, status) && mayTake(action, role));
}

/** The reporter's actions in this state (rate and confirm, or reopen, once answered). */
export function reporterActions(status: ComplaintStatus): ReporterAction[] {
  return REPORTER_ACTIONS.filter((action) => isAllowed(action, status));
}

/** The state after an action (notes and moderation keep the state). */
export function nextStatus(action: OfficerAction | ReporterAction, status: ComplaintStatus): ComplaintStatus {
  switch (action) {
    case 'verify':
      return 'verified';
    case 'reject':
    case 'merge':
      return 'rejected';
    case 'dispatch':
      return 'forwarded';
    case 'transfer':
      return 'closed';
    case 'start':
    case 'reopen':
      return 'in_follow_up';
    case 'answer':
      return 'responded';
    case 'close':
    case 'confirm':
      return 'closed';
    default:
      return status;
  }
}

/** Stage deadlines in working days (docs/domain.md §3). */
export const VERIFY_AND_FORWARD_DAYS = 3;
export const FIRST_FOLLOW_UP_DAYS = 5;
/** A reopened complaint gets the first follow-up period again (our rule). */
export const REOPEN_DAYS = 5;
export const MAX_REOPENS = 1;
/** Filing later than this after the service was received gets a warning, not a refusal (Pasal 42). */
export const LATE_FILING_DAYS = 30;

export interface TierDays {
  simple: number;
  dispute: number;
  field: number;
}
export const DEFAULT_TIER_DAYS: TierDays = { simple: 5, dispute: 14, field: 60 };

export function tierDays(tiers: TierDays, tier: ComplaintTier): number {
  return tiers[tier];
}

/** Calendar days between a YYYY-MM-DD and a local date, for the 30-day warning. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export type DeadlineState = 'none' | 'on_time' | 'due_soon' | 'overdue';

/** For queues: overdue (red) after the due instant, due soon within 24 hours. */
export function deadlineState(dueAt: Date | null, now: Date): DeadlineState {
  if (!dueAt) return 'none';
  const left = dueAt.getTime() - now.getTime();
  if (left < 0) return 'overdue';
  return left < 86_400_000 ? 'due_soon' : 'on_time';
}
