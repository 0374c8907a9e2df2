// Working days (hari kerja): Monday–Friday minus national holidays and cuti bersama, from one data
// file per year (data/YYYY.json, each day with its source decree), amended by a tenant's overrides.
// Rules: docs/calendar.md. Pure functions: no database, no clock; the only state is the
// bundled data, read once at start-up and checked then (a broken file stops the process loudly).
import fs from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../paths.js';

export type DayType = 'national_holiday' | 'collective_leave';

export interface CalendarDay {
  date: string;
  name: string;
  nameEn?: string;
  type: DayType;
  source: string;
}

/**
 * A tenant administrator's amendment: an SKB changed mid-year, a regional holiday (`add`), a day off
 * given back as a working day (`remove`). Removing a date never makes a Saturday or Sunday a working day.
 */
export interface CalendarOverride {
  date: string;
  action: 'add' | 'remove';
  name?: string;
  type?: DayType;
  source?: string;
}

export interface Calendar {
  /** Monday–Friday and not a day off. Throws RangeError for a date that is not YYYY-MM-DD or does not exist. */
  isWorkingDay(date: string): boolean;
  /** The day off on `date` (national holiday, cuti bersama or a tenant's added day), if any. */
  holiday(date: string): CalendarDay | undefined;
  /** True when the year has a decree (SKB) on file. */
  isConfirmedYear(year: number): boolean;
}

export interface DeadlineResult {
  /** Local date the receipt counts on: the receipt day, or the next working day after it. */
  receivedOn: string;
  /** The last day of the deadline, YYYY-MM-DD local to the time zone. */
  dueDate: string;
  /** End of the due day in the time zone, e.g. 2025-04-16T23:59:59.999+07:00. */
  dueAt: string;
  /** False when a year involved has no decree on file (weekends and fixed-date holidays only). */
  confirmed: boolean;
}

export interface HolidayList {
  confirmed: boolean;
  decree?: string;
  days: CalendarDay[];
}

/** WIB, WITA, WIT. Indonesia has no daylight saving time, so each zone has one fixed offset. */
export const SUPPORTED_TIME_ZONES: readonly string[] = Object.freeze([
  'Asia/Jakarta',
  'Asia/Makassar',
  'Asia/Jayapura',
]);
const OFFSETS: ReadonlyMap<string, string> = new Map([
  ['Asia/Jakarta', '+07:00'],
  ['Asia/Makassar', '+08:00'],
  ['Asia/Jayapura', '+09:00'],
]);

export const MAX_WORKING_DAYS = 366;
const DAY_TYPES: readonly DayType[] = ['national_holiday', 'collective_leave'];
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):?(\d{2}))$/i;

/** Parses YYYY-MM-DD strictly (the day must exist) into a UTC-midnight timestamp. */
function parseDate(value: string): number {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  if (!m) throw new RangeError(`Invalid date "${String(value)}": expected YYYY-MM-DD.`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const time = Date.UTC(y, mo - 1, d);
  const check = new Date(time);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`Invalid date "${value}": there is no such day.`);
  }
  return time;
}

function formatDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`Invalid year ${String(year)}: expected a four-digit year.`);
  }
}

// ---- Data -------------------------------------------------------------------------------------------

interface YearFile {
  year: number;
  decree: string;
  days: CalendarDay[];
}

/** Checks one data file; every problem names the file so whoever adds next year's SKB sees the mistake. */
function checkYearFile(file: string, raw: unknown): YearFile {
  const fail = (problem: string): never => {
    throw new Error(`calendar data ${file}: ${problem}`);
  };
  const data = raw as Partial<YearFile> | null;
  if (!data || typeof data !== 'object') return fail('not a JSON object');
  if (`${data.year}.json` !== file) fail(`"year" is ${String(data.year)}, the file name says otherwise`);
  if (typeof data.decree !== 'string' || !data.decree.trim()) fail('"decree" must name the SKB');
  if (!Array.isArray(data.days)) return fail('"days" must be an array');
  const seen = new Set<string>();
  const days = data.days.map((day: Partial<CalendarDay>, i): CalendarDay => {
    const where = `days[${i}] (${String(day?.date)})`;
    try {
      parseDate(day.date as string);
    } catch {
      fail(`${where}: "date" must be an existing YYYY-MM-DD`);
    }
    if (!day.date!.startsWith(`${data.year}-`)) fail(`${where}: date outside ${data.year}`);
    if (seen.has(day.date!)) fail(`${where}: date listed twice`);
    seen.add(day.date!);
    if (typeof day.name !== 'string' || !day.name.trim()) fail(`${where}: "name" is required`);
    if (day.nameEn !== undefined && typeof day.nameEn !== 'string') fail(`${where}: "nameEn" must be a string`);
    if (!DAY_TYPES.includes(day.type as DayType)) fail(`${where}: "type" must be ${DAY_TYPES.join(' or ')}`);
    if (typeof day.source !== 'string' || !day.source.trim()) fail(`${where}: "source" is required`);
    return Object.freeze({
      date: day.date!,
      name: day.name!,
      ...(day.nameEn !== undefined ? { nameEn: day.nameEn } : {}),
      type: day.type as DayType,
      source: day.source!,
    });
  });
  days.sort((a, b) => a.date.localeCompare(b.date));
  return { year: data.year!, decree: data.decree!, days };
}

// Read through the project root rather than relative to this module, so the same path works from src/
// (tsx, vitest) and from the esbuild bundle in dist/. Adding a year is adding its file.
const DATA_DIR = fromRoot('src', 'platform', 'calendar', 'data');
const YEARS: ReadonlyMap<number, YearFile> = new Map(
  fs
    .readdirSync(DATA_DIR)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .map((f) => {
      const data = checkYearFile(f, JSON.parse(fs.readFileSync(path.join(DATA_DIR, f), 'utf8')));
      return [data.year, data] as const;
    }),
);

/** Holidays every year has on a fixed date, used for years without a decree on file. */
const FIXED_HOLIDAYS: readonly (readonly [string, string, string])[] = [
  ['01-01', 'Tahun Baru Masehi', "New Year's Day"],
  ['05-01', 'Hari Buruh Internasional', 'International Labour Day'],
  ['06-01', 'Hari Lahir Pancasila', 'Pancasila Day'],
  ['08-17', 'Hari Proklamasi Kemerdekaan Republik Indonesia', 'Independence Day'],
  ['12-25', 'Hari Raya Natal', 'Christmas Day'],
];
const UNCONFIRMED_SOURCE = 'Hari libur tanggal tetap (belum ada SKB untuk tahun ini: kalender belum dikonfirmasi)';

function holidaysOfYear(year: number): HolidayList {
  const file = YEARS.get(year);
  if (file) return { confirmed: true, decree: file.decree, days: file.days };
  return {
    confirmed: false,
    days: FIXED_HOLIDAYS.map(([md, name, nameEn]) => ({
      date: `${year}-${md}`,
      name,
      nameEn,
      type: 'national_holiday' as const,
      source: UNCONFIRMED_SOURCE,
    })),
  };
}

function checkOverrides(overrides: readonly CalendarOverride[]): void {
  for (const o of overrides) {
    parseDate(o.date);
    if (o.action !== 'add' && o.action !== 'remove') {
      throw new RangeError(`Invalid calendar override for ${o.date}: action must be "add" or "remove".`);
    }
    if (o.type !== undefined && !DAY_TYPES.includes(o.type)) {
      throw new RangeError(`Invalid calendar override for ${o.date}: type must be ${DAY_TYPES.join(' or ')}.`);
    }
  }
}

/**
 * A year's days off, sorted by date: the decree's days (or the fixed-date holidays when the year has
 * no decree on file, `confirmed: false`) amended by `overrides` (applied in order; the last one for a
 * date wins).
 */
export function listHolidays(year: number, overrides: readonly CalendarOverride[] = []): HolidayList {
  checkYear(year);
  checkOverrides(overrides);
  const base = holidaysOfYear(year);
  const days = new Map(base.days.map((d) => [d.date, d]));
  for (const o of overrides) {
    if (!o.date.startsWith(`${year}-`)) continue;
    if (o.action === 'remove') days.delete(o.date);
    else
      days.set(o.date, {
        date: o.date,
        name: o.name ?? 'Hari libur',
        type: o.type ?? 'national_holiday',
        source: o.source ?? 'Perubahan kalender oleh admin instansi',
      });
  }
  return {
    confirmed: base.confirmed,
    ...(base.decree !== undefined ? { decree: base.decree } : {}),
    // Copies, so a caller cannot change the shared data.
    days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)).map((d) => ({ ...d })),
  };
}

/** The national calendar amended by a tenant's overrides. Throws RangeError for a malformed override. */
export function createCalendar(overrides: readonly CalendarOverride[] = []): Calendar {
  checkOverrides(overrides);
  const own = [...overrides];
  const cache = new Map<number, Map<string, CalendarDay>>();
  const yearMap = (year: number) => {
    let map = cache.get(year);
    if (!map) {
      map = new Map(listHolidays(year, own).days.map((d) => [d.date, d]));
      cache.set(year, map);
    }
    return map;
  };
  const holiday = (date: string): CalendarDay | undefined => {
    parseDate(date);
    const day = yearMap(Number(date.slice(0, 4))).get(date);
    return day && { ...day };
  };
  return {
    holiday,
    isWorkingDay(date: string) {
      const weekday = new Date(parseDate(date)).getUTCDay();
      return weekday !== 0 && weekday !== 6 && !yearMap(Number(date.slice(0, 4))).has(date);
    },
    isConfirmedYear: (year: number) => YEARS.has(year),
  };
}

const defaultCalendar = createCalendar();

// ---- Deadlines --------------------------------------------------------------------------------------

/** One formatter per zone: constructing an Intl.DateTimeFormat costs far more than using one. */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format;
}

/** Indonesia's zones in minutes east of UTC: fixed, no daylight saving time since 1964. */
const OFFSET_MINUTES: ReadonlyMap<string, number> = new Map([
  ['Asia/Jakarta', 7 * 60],
  ['Asia/Makassar', 8 * 60],
  ['Asia/Jayapura', 9 * 60],
]);

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: number, timeZone: string): string {
  // The three Indonesian zones by arithmetic (formatToParts is slow); any other zone through Intl.
  const minutes = OFFSET_MINUTES.get(timeZone);
  if (minutes !== undefined && Number.isFinite(instant) && Math.abs(instant) < 8.64e15 - 864e5) {
    return new Date(instant + minutes * 60_000).toISOString().slice(0, 10);
  }
  const parts = dateFormat(timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Parses an ISO 8601 date-time that carries its zone (Z or ±HH:MM) strictly into an instant. */
function parseDateTime(value: string): number {
  const m = DATE_TIME.exec(value);
  if (!m) {
    throw new RangeError(
      `Invalid date "${value}": expected YYYY-MM-DD or an ISO 8601 date-time with a zone (Z or ±HH:MM).`,
    );
  }
  const [, date, hh, mi, ss, frac, , sign, oh, om] = m;
  const [hour, minute, second] = [Number(hh), Number(mi), Number(ss ?? 0)];
  const [offsetHours, offsetMinutes] = [Number(oh ?? 0), Number(om ?? 0)];
  if (hour > 23 || minute > 59 || second > 59 || offsetHours > 14 || offsetMinutes > 59) {
    throw new RangeError(`Invalid date-time "${value}": a time or offset field is out of range.`);
  }
  const millis = Math.floor(Number(`0.${frac ?? '0'}`) * 1000);
  const offset = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return parseDate(date!) + ((hour * 60 + minute) * 60 + second) * 1000 + millis - offset;
}

/**
 * The local date of `from` in `timeZone`: a `YYYY-MM-DD` as it is, a date-time (which must carry its
 * zone) converted there. Throws RangeError for an invalid date.
 */
export function toLocalDate(from: string | Date, timeZone: string): string {
  if (from instanceof Date) {
    const time = from.getTime();
    if (Number.isNaN(time)) throw new RangeError('Invalid date: the Date object is invalid.');
    return localDate(time, timeZone);
  }
  if (typeof from !== 'string') throw new RangeError('Invalid date: expected a string or a Date.');
  if (DATE.test(from)) {
    parseDate(from);
    return from;
  }
  return localDate(parseDateTime(from), timeZone);
}

/**
 * The deadline `days` working days after receipt (DOMAIN.md §10). A `YYYY-MM-DD` is a local date in
 * `timeZone`; a date-time (which must carry its zone) is converted to the local date there. A receipt
 * on a non-working day counts as received on the next working day (`receivedOn`); counting starts the
 * day after; `days: 0` makes `receivedOn` the due date. The deadline ends at the end of its day in the
 * zone. Throws RangeError for an invalid date, `days` outside 0..366 or an unsupported time zone.
 */
export function addWorkingDays(
  from: string | Date,
  days: number,
  opts: { timeZone?: string; calendar?: Calendar } = {},
): DeadlineResult {
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > MAX_WORKING_DAYS) {
    throw new RangeError(`Invalid number of working days ${String(days)}: expected an integer from 0 to ${MAX_WORKING_DAYS}.`);
  }
  const timeZone = opts.timeZone ?? 'Asia/Jakarta';
  const offset = OFFSETS.get(timeZone);
  if (!offset) {
    throw new RangeError(`Unsupported time zone "${timeZone}": expected one of ${SUPPORTED_TIME_ZONES.join(', ')}.`);
  }
  const calendar = opts.calendar ?? defaultCalendar;
  let time = parseDate(toLocalDate(from, timeZone));
  const years = new Set<number>();
  // A guard against a calendar with no working days at all (a custom Calendar, or overrides gone wrong).
  let offStreak = 0;
  const step = () => {
    time += DAY_MS;
    years.add(new Date(time).getUTCFullYear());
    const working = calendar.isWorkingDay(formatDate(time));
    offStreak = working ? 0 : offStreak + 1;
    if (offStreak > 366) throw new Error(`calendar has no working day in the year after ${formatDate(time - 366 * DAY_MS)}`);
    return working;
  };
  years.add(new Date(time).getUTCFullYear());
  if (!calendar.isWorkingDay(formatDate(time))) while (!step());
  const receivedOn = formatDate(time);
  for (let left = days; left > 0; ) if (step()) left--;
  const dueDate = formatDate(time);
  return {
    receivedOn,
    dueDate,
    dueAt: `${dueDate}T23:59:59.999${offset}`,
    confirmed: [...years].every((y) => calendar.isConfirmedYear(y)),
  };
}
