// When a periodic (berkala) item is overdue. UU 14/2008 Pasal 9(4) and Perki 1/2021 require periodic
// information to be published at least every six months, so the next update is due on the same
// calendar day six months after the day of the last one (the last day of a shorter month when that
// day does not exist: 31 August → 28/29 February), in the tenant's zone. On the due day the item is
// still on time; from the next day it is overdue. Other classes are never overdue.
import type { InformationClass } from '../../db/schema-information-list.js';
import { localDate } from '../../platform/calendar/index.js';

export const UPDATE_MONTHS = 6;

/** The day (YYYY-MM-DD) the next update of an item last updated on `lastDay` is due. */
export function updateDueDay(lastDay: string): string {
  const [y, m, d] = lastDay.split('-').map(Number) as [number, number, number];
  const months = m - 1 + UPDATE_MONTHS;
  const year = y + Math.floor(months / 12);
  const month = months % 12;
  const lastOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastOfMonth))).toISOString().slice(0, 10);
}

export interface UpdateStatus {
  /** The day the next update is due (berkala only; null for the other classes). */
  dueDay: string | null;
  overdue: boolean;
}

/** Whether an item of `cls` last updated at `lastUpdatedAt` is overdue at `now`, in `timeZone`. */
export function updateStatus(cls: InformationClass, lastUpdatedAt: Date, now: Date, timeZone: string): UpdateStatus {
  if (cls !== 'berkala') return { dueDay: null, overdue: false };
  const dueDay = updateDueDay(localDate(lastUpdatedAt.getTime(), timeZone));
  return { dueDay, overdue: localDate(now.getTime(), timeZone) > dueDay };
}
