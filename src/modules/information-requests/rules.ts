// The PPID's rules as pure functions (DOMAIN.md §4, UU 14/2008 Pasal 22 and 35–36, Perki 1/2021):
// deadlines in working days, which objection grounds a request's state allows, and the days counted
// for the annual report. No database, no clock: the caller passes the calendar and the time.
import type { Calendar } from '../../platform/calendar/index.js';
import type { InformationDecision, ObjectionGround } from '../../db/schema-information-requests.js';

/** Pasal 22(7): the written answer within 10 working days of receipt. */
export const ANSWER_DAYS = 10;
/** Pasal 22(8): one extension of at most 7 working days, with a written reason. */
export const MAX_EXTENSION_DAYS = 7;
/** Pasal 36(1): the objection within 30 working days after the ground arose. */
export const OBJECTION_DAYS = 30;
/** Pasal 36(2): the superior answers within 30 working days of the objection. */
export const OBJECTION_ANSWER_DAYS = 30;
/** Pasal 37(2): the dispute to the Komisi Informasi within 14 working days after the superior's answer. */
export const COMMISSION_DAYS = 14;

export const DECISIONS = ['granted_full', 'granted_part', 'refused_exempt', 'not_held', 'not_documented'] as const satisfies readonly InformationDecision[];
export const DELIVERIES = ['view', 'copy', 'email'] as const;
/** Pasal 35(1) a–g. */
export const OBJECTION_GROUNDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g'] as const satisfies readonly ObjectionGround[];
/** Pasal 17 a–j: the classes of exempt information a consequence test names. */
export const EXEMPTION_GROUNDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] as const;

/** What the objection rules need to know of a request. */
export interface RequestState {
  decision: InformationDecision | null;
  decidedAt: Date | null;
  dueAt: Date;
  receivedAt: Date;
}

/**
 * Whether a ground of Pasal 35(1) fits the request as it stands at `now`:
 *  a refusal under an exemption — a decision refused_exempt;
 *  b periodic information not provided — any request (it is about the agency's publications);
 *  c the request not answered — no decision and the deadline passed;
 *  d answered other than requested — a decision that gave information;
 *  e the request not fulfilled — a decision that did not give all of it;
 *  f an unreasonable fee — any request;
 *  g answered late — the deadline passed before the decision (or without one).
 */
export function groundApplies(ground: ObjectionGround, request: RequestState, now: Date): boolean {
  const overdue = request.decidedAt ? request.decidedAt > request.dueAt : now > request.dueAt;
  switch (ground) {
    case 'a':
      return request.decision === 'refused_exempt';
    case 'b':
    case 'f':
      return true;
    case 'c':
      return request.decision === null && overdue;
    case 'd':
      return request.decision === 'granted_full' || request.decision === 'granted_part';
    case 'e':
      return request.decision !== null && request.decision !== 'granted_full';
    case 'g':
      return overdue;
  }
}

/**
 * The moment the objection's 30 working days count from (Pasal 36(1): "setelah ditemukannya
 * alasan"): the decision; without one, the missed deadline; before either, the receipt (grounds b, f).
 */
export function objectionStart(request: RequestState, now: Date): Date {
  if (request.decidedAt) return request.decidedAt;
  if (now > request.dueAt) return request.dueAt;
  return request.receivedAt;
}

/** The offsets of the Indonesian zones (no daylight saving): a deadline ends at 23:59:59.999 there. */
export const ZONE_OFFSETS: Readonly<Record<string, string>> = { 'Asia/Jakarta': '+07:00', 'Asia/Makassar': '+08:00', 'Asia/Jayapura': '+09:00' };

/** The end of a day in the zone, as the calendar writes a deadline (2026-04-07T23:59:59.999+08:00). */
export function endOfDay(day: string, timeZone: string): string {
  return `${day}T23:59:59.999${ZONE_OFFSETS[timeZone] ?? '+07:00'}`;
}

const DAY_MS = 86_400_000;
const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

/** Working days after `from` up to and including `to` (both YYYY-MM-DD); 0 when `to` is not after `from`. */
export function workingDaysBetween(calendar: Calendar, from: string, to: string): number {
  let count = 0;
  for (let day = dayAfter(from); day <= to; day = dayAfter(day)) if (calendar.isWorkingDay(day)) count++;
  return count;
}
