// The irregularity rules as pure functions, with their thresholds (docs/oversight.md, "Flags"). The
// job feeds them what it read from the audit chain; tests give them tables of cases.
import { type Calendar, localDate } from '../../platform/calendar/index.js';

export const THRESHOLDS = {
  /** Peers: the same service's applications closed by a decision in the 90 days before. */
  peerWindowDays: 90,
  /** Fewer peers than this: no judgement (a fence over a handful of cases means nothing). */
  minPeers: 8,
  /** Tukey's "far out" fences (k = 3) on the logarithm of the durations (durations are skewed). */
  tukeyK: 3,
  /** … and never within this factor of the peers' median duration. */
  minSpread: 4,
  /** Working hours, local time: from 07:00 to 18:00 on a working day (Perpres 21/2023 sets 37.5 h a week, 07:30–16:00; an hour and a half of margin each side). */
  workStartMinute: 7 * 60,
  workEndMinute: 18 * 60,
  /** A burst: at least this many decisions by one officer within the window, all outside working hours. */
  burstCount: 5,
  burstWindowMinutes: 60,
  /** Reassignments of one application's step within this many hours before its deadline … */
  reassignHours: 48,
  /** … at least this many times. */
  reassignCount: 2,
} as const;

/** Quartile by linear interpolation (type 7, as R and NumPy by default). */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface Fences {
  /** Durations (ms) below this are far faster than the peers. */
  lowMs: number;
  /** Durations (ms) above this are far slower. */
  highMs: number;
  peers: number;
}

/** The fences of the peers' durations, or null with fewer than minPeers. */
export function peerFences(peerMs: readonly number[]): Fences | null {
  if (peerMs.length < THRESHOLDS.minPeers) return null;
  const logs = peerMs.map((ms) => Math.log(Math.max(ms, 1000))).sort((a, b) => a - b);
  const q1 = quantile(logs, 0.25);
  const q3 = quantile(logs, 0.75);
  const iqr = q3 - q1;
  // Peers all alike (IQR near 0) would make any difference an outlier: never closer than a factor of minSpread to the median.
  const median = quantile(logs, 0.5);
  const spread = Math.log(THRESHOLDS.minSpread);
  return {
    lowMs: Math.exp(Math.min(q1 - THRESHOLDS.tukeyK * iqr, median - spread)),
    highMs: Math.exp(Math.max(q3 + THRESHOLDS.tukeyK * iqr, median + spread)),
    peers: peerMs.length,
  };
}

export function outlierOf(durationMs: number, fences: Fences | null): 'fast' | 'slow' | null {
  if (!fences) return null;
  const ms = Math.max(durationMs, 1000);
  if (ms < fences.lowMs) return 'fast';
  if (ms > fences.highMs) return 'slow';
  return null;
}

/** Minutes since local midnight of an instant in a zone. */
function localMinute(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** Outside working hours: a day off (weekend, holiday, cuti bersama) or before/after the working window. */
export function outsideWorkingHours(at: Date, timeZone: string, calendar: Calendar): boolean {
  if (!calendar.isWorkingDay(localDate(at.getTime(), timeZone))) return true;
  const minute = localMinute(at, timeZone);
  return minute < THRESHOLDS.workStartMinute || minute >= THRESHOLDS.workEndMinute;
}

/**
 * Bursts in one officer's decisions outside working hours (in order): windows of at least burstCount
 * decisions within burstWindowMinutes, taken greedily from the earliest so they do not overlap.
 */
export function burstsOf<T extends { at: Date }>(afterHours: readonly T[]): T[][] {
  const out: T[][] = [];
  const span = THRESHOLDS.burstWindowMinutes * 60_000;
  let i = 0;
  while (i < afterHours.length) {
    let j = i;
    while (j < afterHours.length && afterHours[j]!.at.getTime() - afterHours[i]!.at.getTime() <= span) j += 1;
    if (j - i >= THRESHOLDS.burstCount) {
      out.push(afterHours.slice(i, j));
      i = j;
    } else {
      i += 1;
    }
  }
  return out;
}

/** The assignments made within reassignHours before the deadline (and not after it), when there are at least reassignCount. */
export function reassignmentsNearDeadline<T extends { at: Date }>(assignments: readonly T[], dueAt: Date | null): T[] {
  if (!dueAt) return [];
  const from = dueAt.getTime() - THRESHOLDS.reassignHours * 3600_000;
  const near = assignments.filter((a) => a.at.getTime() >= from && a.at.getTime() <= dueAt.getTime());
  return near.length >= THRESHOLDS.reassignCount ? near : [];
}
