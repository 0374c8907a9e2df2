// The periods results are published for (PermenPANRB 14/2017: at least yearly; quarters and semesters
// are common) and the previous period whose service users are the Krejcie–Morgan population. Pure.

export const PERIODS = ['year', 's1', 's2', 'q1', 'q2', 'q3', 'q4'] as const;
export type Period = (typeof PERIODS)[number];

const MONTHS: Record<Period, [number, number]> = { year: [1, 12], s1: [1, 6], s2: [7, 12], q1: [1, 3], q2: [4, 6], q3: [7, 9], q4: [10, 12] };

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The inclusive days of a period of a year. */
export function periodRange(year: number, period: Period): { from: string; to: string } {
  const [first, last] = MONTHS[period];
  return { from: `${year}-${pad(first)}-01`, to: `${year}-${pad(last)}-${pad(lastDay(year, last))}` };
}

/** The calendar day of `at` in the tenant's zone (WIB/WITA/WIT), YYYY-MM-DD. */
export function dayIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function toUtc(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y!, m! - 1, d!);
}
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Whole days from `from` to `to`, both included. */
export function daysIn(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / 86_400_000) + 1;
}

/**
 * The period just before [from, to] of the same length: whole months shift by months (the quarter
 * before a quarter, the year before a year), any other range by its number of days.
 */
export function previousRange(from: string, to: string): { from: string; to: string } {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  if (fd === 1 && td === lastDay(ty, tm)) {
    const months = (ty - fy) * 12 + (tm - fm) + 1;
    const start = new Date(Date.UTC(fy, fm - 1 - months, 1));
    const end = new Date(Date.UTC(fy, fm - 1, 0));
    return { from: fromUtc(start.getTime()), to: fromUtc(end.getTime()) };
  }
  const days = daysIn(from, to);
  return { from: fromUtc(toUtc(from) - days * 86_400_000), to: fromUtc(toUtc(from) - 86_400_000) };
}

/** A real calendar date YYYY-MM-DD (not 2026-02-30). */
export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = toUtc(value);
  return Number.isFinite(ms) && fromUtc(ms) === value;
}
