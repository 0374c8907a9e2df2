// The dashboard's arithmetic, as pure functions: what one application or complaint contributes to the
// aggregates (its "fact"), the change between a row's old and new facts, percentiles from a histogram
// of working days, and the month periods. No I/O here; the refresh (refresh.ts) and the report
// (service.ts) call these.
import type { Calendar } from '../../platform/calendar/index.js';
import { localDate } from '../../platform/calendar/index.js';
import type {
  ApplicationDelta,
  ApplicationFact,
  ApplicationSourceRow,
  CellDelta,
  ComplaintDelta,
  ComplaintFact,
  ComplaintSourceRow,
  CompletionDelta,
  PaymentDelta,
} from './store.js';

/** The aggregate key of complaints no agency holds yet (before forwarding). */
export const NO_AGENCY = '00000000-0000-0000-0000-000000000000';
/** Map cells are 0.05° × 0.05° (about 5.5 km at the equator): counts per cell, never a place. */
export const CELL_DEGREES = 0.05;
const DECIDED = new Set(['approved', 'issued', 'rejected']);

export const monthOf = (instant: Date, timeZone: string) => `${localDate(instant.getTime(), timeZone).slice(0, 7)}-01`;

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Working days from receipt to closing, counted as deadlines are (DOMAIN.md §10): a receipt on a day off
 * counts on the next working day, counting starts the day after it; closed on the day of receipt = 0.
 */
export function workingDaysBetween(calendar: Calendar, receivedDay: string, closedDay: string): number {
  let start = receivedDay;
  for (let guard = 0; !calendar.isWorkingDay(start) && guard < 30; guard++) start = nextDay(start);
  let days = 0;
  for (let d = nextDay(start); d <= closedDay; d = nextDay(d)) if (calendar.isWorkingDay(d)) days++;
  return days;
}

export function applicationFact(row: ApplicationSourceRow, timeZone: string, calendar: Calendar): ApplicationFact {
  const closed = row.status === 'closed' && row.closed_at !== null;
  const completed = closed && row.outcome !== null && DECIDED.has(row.outcome);
  const timed = completed && row.service_due_at !== null;
  return {
    tenant_id: row.tenant_id,
    application_id: row.id,
    agency_id: row.agency_id,
    service_id: row.service_id,
    received_month: monthOf(row.submitted_at, timeZone),
    closed_month: closed ? monthOf(row.closed_at!, timeZone) : null,
    completed,
    timed,
    on_time: timed && row.closed_at!.getTime() <= row.service_due_at!.getTime(),
    deemed: completed && row.deemed_approved,
    working_days: completed ? workingDaysBetween(calendar, localDate(row.submitted_at.getTime(), timeZone), localDate(row.closed_at!.getTime(), timeZone)) : null,
  };
}

const within = (at: Date | null, due: Date | null) => at !== null && (due === null || at.getTime() <= due.getTime());

export function cellOf(latitude: number | null, longitude: number | null): string | null {
  if (latitude === null || longitude === null) return null;
  return `${Math.floor(latitude / CELL_DEGREES)}:${Math.floor(longitude / CELL_DEGREES)}`;
}

export function complaintFact(row: ComplaintSourceRow, timeZone: string): ComplaintFact {
  return {
    tenant_id: row.tenant_id,
    complaint_id: row.id,
    agency_key: row.agency_id ?? NO_AGENCY,
    month: monthOf(row.submitted_at, timeZone),
    category_code: row.category_code,
    verified: row.verified_at !== null,
    verified_on_time: within(row.verified_at, row.verify_due_at),
    answered: row.first_follow_up_at !== null,
    answered_on_time: within(row.first_follow_up_at, row.follow_up_due_at),
    resolved: row.outcome === 'resolved',
    rating: row.rating,
    cell: row.hidden ? null : cellOf(row.latitude, row.longitude),
  };
}

const n = (b: boolean) => (b ? 1 : 0);

/** Adds `sign` × each fact's contribution to the per-key changes (keys unique, zero changes dropped). */
export function applicationDeltas(changes: { fact: ApplicationFact; sign: 1 | -1 }[]): { months: ApplicationDelta[]; days: CompletionDelta[] } {
  const months = new Map<string, ApplicationDelta>();
  const days = new Map<string, CompletionDelta>();
  const month = (f: ApplicationFact, m: string) => {
    const key = `${f.agency_id}|${f.service_id}|${m}`;
    let d = months.get(key);
    if (!d) months.set(key, (d = { agency_id: f.agency_id, service_id: f.service_id, month: m, received: 0, closed: 0, completed: 0, timed: 0, on_time: 0, deemed: 0 }));
    return d;
  };
  for (const { fact: f, sign } of changes) {
    month(f, f.received_month).received += sign;
    if (f.closed_month) {
      const c = month(f, f.closed_month);
      c.closed += sign;
      c.completed += sign * n(f.completed);
      c.timed += sign * n(f.timed);
      c.on_time += sign * n(f.on_time);
      c.deemed += sign * n(f.deemed);
      if (f.working_days !== null && f.working_days !== undefined) {
        const key = `${f.agency_id}|${f.service_id}|${f.closed_month}|${f.working_days}`;
        const d = days.get(key) ?? { agency_id: f.agency_id, service_id: f.service_id, month: f.closed_month, working_days: f.working_days, applications: 0 };
        d.applications += sign;
        days.set(key, d);
      }
    }
  }
  return {
    months: [...months.values()].filter((d) => d.received || d.closed || d.completed || d.timed || d.on_time || d.deemed),
    days: [...days.values()].filter((d) => d.applications !== 0),
  };
}

export function complaintDeltas(changes: { fact: ComplaintFact; sign: 1 | -1 }[]): { months: ComplaintDelta[]; cells: CellDelta[] } {
  const months = new Map<string, ComplaintDelta>();
  const cells = new Map<string, CellDelta>();
  for (const { fact: f, sign } of changes) {
    const key = `${f.agency_key}|${f.month}|${f.category_code}`;
    const d = months.get(key) ?? {
      agency_key: f.agency_key,
      month: f.month,
      category_code: f.category_code,
      received: 0,
      verified: 0,
      verified_on_time: 0,
      answered: 0,
      answered_on_time: 0,
      resolved: 0,
      rated: 0,
      rating_sum: 0,
    };
    d.received += sign;
    d.verified += sign * n(f.verified);
    d.verified_on_time += sign * n(f.verified_on_time);
    d.answered += sign * n(f.answered);
    d.answered_on_time += sign * n(f.answered_on_time);
    d.resolved += sign * n(f.resolved);
    d.rated += sign * n(f.rating !== null && f.rating !== undefined);
    d.rating_sum += sign * (f.rating ?? 0);
    months.set(key, d);
    if (f.cell) {
      const ck = `${f.agency_key}|${f.month}|${f.cell}`;
      const c = cells.get(ck) ?? { agency_key: f.agency_key, month: f.month, cell: f.cell, complaints: 0 };
      c.complaints += sign;
      cells.set(ck, c);
    }
  }
  return {
    months: [...months.values()].filter((d) => Object.entries(d).some(([k, v]) => typeof v === 'number' && v !== 0 && k !== 'month')),
    cells: [...cells.values()].filter((c) => c.complaints !== 0),
  };
}

/** The payments' change per (agency, service, month) key; an invoice of no service goes under the nil uuid. */
export function paymentDeltas(credits: readonly { agencyId: string; serviceId: string | null; amount: number; month: string }[]): PaymentDelta[] {
  const out = new Map<string, PaymentDelta>();
  for (const c of credits) {
    const service_key = c.serviceId ?? NO_AGENCY;
    const key = `${c.agencyId}|${service_key}|${c.month}`;
    const d = out.get(key) ?? { agency_id: c.agencyId, service_key, month: c.month, paid: 0, amount: 0 };
    d.paid += 1;
    d.amount += c.amount;
    out.set(key, d);
  }
  return [...out.values()];
}

/**
 * The q-quantile (0 < q ≤ 1) of a histogram sorted by value: the smallest value whose cumulative
 * count reaches q × total (the nearest-rank definition, so the answer is always an observed value).
 */
export function quantile(histogram: readonly { workingDays: number; applications: number }[], q: number): number | null {
  const total = histogram.reduce((s, h) => s + h.applications, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const h of histogram) {
    seen += h.applications;
    if (seen >= rank) return h.workingDays;
  }
  return histogram[histogram.length - 1]!.workingDays;
}

export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** The longest period the dashboard shows at once (the satisfaction index's own limit is a year). */
export const MAX_MONTHS = 12;

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const end = to;
  for (let guard = 0; guard < 1200; guard++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (month > end) break;
    out.push(month);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The last day of a YYYY-MM month. */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);
