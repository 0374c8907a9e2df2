// The complaint workflow as pure data and functions (DOMAIN.md §3): which action is allowed in which
// state, the state it leads to, and which deadline applies next. No database, no clock.
import type { ComplaintStatus, ComplaintTier } from '../../db/schema.js';

export type OfficerAction =
  | 'verify'
  | 'reject'
  | 'dispatch'
  | 'transfer'
  | 'start'
  | 'answer'
  | 'close'
  | 'note'
  | 'merge'
  | 'hide'
  | 'unhide';
export type ReporterAction = 'confirm' | 'reopen';

/** Who may take an officer action: the coordinator (tenant-wide) or the current agency's handler. */
export const ACTION_ROLE: Record<OfficerAction, 'coordinator' | 'handler'> = {
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
  note: ['submitted', 'verified', 'forwarded', 'in_follow_up', 'responded', 'closed', 'rejected'],
  merge: ['submitted', 'verified', 'forwarded', 'in_follow_up'],
  hide: ['submitted', 'verified', 'forwarded', 'in_follow_up', 'responded', 'closed', 'rejected'],
  unhide: ['submitted', 'verified', 'forwarded', 'in_follow_up', 'responded', 'closed', 'rejected'],
  confirm: ['responded'],
  reopen: ['responded'],
};

export function isAllowed(action: OfficerAction | ReporterAction, status: ComplaintStatus): boolean {
  return ALLOWED[action].includes(status);
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

/** Stage deadlines in working days (DOMAIN.md §3). */
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
