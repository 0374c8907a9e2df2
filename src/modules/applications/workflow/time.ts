// Working-day arithmetic over the engine's intervals of agency time (DOMAIN.md §10). The state keeps
// instants only (when a step started, paused, resumed); working days are counted from them with the
// calendar given, so a calendar amended mid-year recomputes every figure from the same facts.
import { addWorkingDays, type Calendar, localDate } from '../../../platform/calendar/index.js';

/** A span of agency time, as ISO 8601 instants. */
export interface Interval {
  from: string;
  to: string;
}

export interface Due {
  /** The last day, YYYY-MM-DD in the unit's time zone. */
  dueDate: string;
  /** The end of that day in the zone, e.g. 2025-04-10T23:59:59.999+07:00: the deadline lapses at this instant. */
  dueAt: string;
  /** False when a year involved has no SKB on file (DOMAIN.md §10): officers see a warning. */
  confirmed: boolean;
}

export interface Clock {
  timeZone: string;
  calendar: Calendar;
}

const DAY_MS = 86_400_000;
const nextDate = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/**
 * The working days an interval uses, in order: those after the day the interval counts as received
 * (its start, or the next working day when it starts on a day off) up to the local day of its end —
 * the same rule as a deadline (counting starts the day after receipt), so a step decided on its due
 * day has used exactly its days.
 */
export function workingDatesIn(interval: Interval, { timeZone, calendar }: Clock): string[] {
  const received = addWorkingDays(interval.from, 0, { timeZone, calendar }).receivedOn;
  const last = localDate(Date.parse(interval.to), timeZone);
  const dates: string[] = [];
  for (let d = nextDate(received); d <= last; d = nextDate(d)) if (calendar.isWorkingDay(d)) dates.push(d);
  return dates;
}

export function workingDaysIn(intervals: readonly Interval[], clock: Clock): number {
  return intervals.reduce((sum, interval) => sum + workingDatesIn(interval, clock).length, 0);
}

/**
 * The deadline of `days` working days of agency time: first those already `spent` (closed intervals,
 * e.g. before a pause), then counting on from `since` (the running interval). With every day used
 * (a revision asked on the due day) the deadline is the day `since` counts as received; with more
 * used than allowed (it ran over) it stays on the day it ran out, in the past.
 */
export function dueAfter(days: number, spent: readonly Interval[], since: string, clock: Clock): Due {
  const used = spent.flatMap((i) => workingDatesIn(i, clock));
  if (used.length > days) {
    const dueDate = used[days - 1]!;
    const end = addWorkingDays(dueDate, 0, clock);
    return { dueDate, dueAt: end.dueAt, confirmed: end.confirmed };
  }
  const { dueDate, dueAt, confirmed } = addWorkingDays(since, days - used.length, clock);
  return { dueDate, dueAt, confirmed };
}

export const toInstant = (at: Date | string): string => new Date(at).toISOString();
export const isAtOrAfter = (a: string, b: string) => Date.parse(a) >= Date.parse(b);
