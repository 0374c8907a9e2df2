// Working days (hari kerja): Monday–Friday minus national holidays and cuti bersama, from one data
// file per year (data/YYYY.json, each day with its source decree), amended by a tenant's overrides.
// Rules: ../shared/DOMAIN.md §10. Pure functions: no database, no clock.
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

/** A tenant administrator's amendment: an SKB changed mid-year, a regional holiday, a day restored. */
export interface CalendarOverride {
  date: string;
  action: 'add' | 'remove';
  name?: string;
  type?: DayType;
  source?: string;
}

export interface Calendar {
  isWorkingDay(date: string): boolean;
  holiday(date: string): CalendarDay | undefined;
  isConfirmedYear(year: number): boolean;
}

export interface DeadlineResult {
  /** Local date the receipt counts on: the receipt day, or the next working day after it. */
  receivedOn: string;
  dueDate: string;
  /** End of the due day in the time zone, e.g. 2025-04-16T23:59:59.999+07:00. */
  dueAt: string;
  /** False when a year involved has no decree on file (weekends and fixed-date holidays only). */
  confirmed: boolean;
}

export const SUPPORTED_TIME_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
const OFFSETS: Record<string, string> = {
  'Asia/Jakarta': '+07:00',
  'Asia/Makassar': '+08:00',
  'Asia/Jayapura': '+09:00',
};

interface YearFile {
  year: number;
  decree: string;
  days: CalendarDay[];
}

const DATA_DIR = fromRoot('src', 'platform', 'calendar', 'data');
const YEARS: Map<number, YearFile> = new Map(
  fs
    .readdirSync(DATA_DIR)
    .filter((f) => /^\d{4}\.json$/.test(f))
    .map((f) => {
      const data = JSON.parse(fs.readFileSync(path.join(DATA_DIR, f), 'utf8')) as YearFile;
      return [data.year, data] as const;
    }),
);

/** Holidays every year has by law, used for years without a decree on file. */
const FIXED_HOLIDAYS: [string, string, string][] = [
  ['01-01', 'Tahun Baru Masehi', "New Year's Day"],
  ['05-01', 'Hari Buruh Internasional', 'International Labour Day'],
  ['06-01', 'Hari Lahir Pancasila', 'Pancasila Day'],
  ['08-17', 'Hari Proklamasi Kemerdekaan Republik Indonesia', 'Independence Day'],
  ['12-25', 'Hari Raya Natal', 'Christmas Day'],
];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD strictly (the date must exist) into a UTC-midnight timestamp. */
function parseDate(value: string): number {
  const m = DATE.exec(value);
  if (!m) throw new RangeError(`invalid date "${value}": expected YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const time = Date.UTC(y, mo - 1, d);
  const check = new Date(time);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`invalid date "${value}": no such day`);
  }
  return time;
}

function formatDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;

function holidaysOfYear(year: number): { confirmed: boolean; decree?: string; days: CalendarDay[] } {
  const file = YEARS.get(year);
  if (file) return { confirmed: true, decree: file.decree, days: file.days };
  return {
    confirmed: false,
    days: FIXED_HOLIDAYS.map(([md, name, nameEn]) => ({
      date: `${year}-${md}`,
      name,
      nameEn,
      type: 'national_holiday' as const,
      source: 'UU/Keppres hari libur tetap (tahun tanpa SKB cuti bersama: belum dikonfirmasi)',
    })),
  };
}

export function listHolidays(
  year: number,
  overrides: CalendarOverride[] = [],
): { confirmed: boolean; decree?: string; days: CalendarDay[] } {
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
        source: o.source ?? 'tenant override',
      });
  }
  return { ...base, days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)) };
}

export function createCalendar(overrides: CalendarOverride[] = []): Calendar {
  for (const o of overrides) parseDate(o.date);
  const cache = new Map<number, Map<string, CalendarDay>>();
  const yearMap = (year: number) => {
    let map = cache.get(year);
    if (!map) {
      map = new Map(listHolidays(year, overrides).days.map((d) => [d.date, d]));
      cache.set(year, map);
    }
    return map;
  };
  const holiday = (date: string) => yearMap(Number(date.slice(0, 4))).get(date);
  return {
    holiday,
    isWorkingDay(date: string) {
      const weekday = new Date(parseDate(date)).getUTCDay();
      return weekday !== 0 && weekday !== 6 && !holiday(date);
    },
    isConfirmedYear: (year: number) => YEARS.has(year),
  };
}

const defaultCalendar = createCalendar();

/** The local calendar date of an instant in a time zone. */
function localDate(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

function toLocalDate(from: string | Date, timeZone: string): string {
  if (from instanceof Date) {
    if (Number.isNaN(from.getTime())) throw new RangeError('invalid date');
    return localDate(from, timeZone);
  }
  if (DATE.test(from)) {
    parseDate(from);
    return from;
  }
  const m = /^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.exec(from);
  if (!m) throw new RangeError(`invalid date-time "${from}": expected ISO 8601 with a zone`);
  parseDate(m[1]!);
  const instant = new Date(from);
  if (Number.isNaN(instant.getTime())) throw new RangeError(`invalid date-time "${from}"`);
  return localDate(instant, timeZone);
}

/**
 * The deadline `days` working days after receipt. Counting starts the day after receipt; a receipt on a
 * non-working day counts as received on the next working day; the deadline ends at the end of its
 * day in the unit's time zone.
 */
export function addWorkingDays(
  from: string | Date,
  days: number,
  opts: { timeZone?: string; calendar?: Calendar } = {},
): DeadlineResult {
  if (!Number.isInteger(days) || days < 0 || days > 366) {
    throw new RangeError(`days must be an integer from 0 to 366, got ${days}`);
  }
  const timeZone = opts.timeZone ?? 'Asia/Jakarta';
  const offset = OFFSETS[timeZone];
  if (!offset) throw new RangeError(`unsupported time zone "${timeZone}"`);
  const calendar = opts.calendar ?? defaultCalendar;
  let time = parseDate(toLocalDate(from, timeZone));
  const years = new Set<number>();
  const touch = () => years.add(new Date(time).getUTCFullYear());
  touch();
  while (!calendar.isWorkingDay(formatDate(time))) {
    time += DAY_MS;
    touch();
  }
  const receivedOn = formatDate(time);
  for (let left = days; left > 0; ) {
    time += DAY_MS;
    touch();
    if (calendar.isWorkingDay(formatDate(time))) left--;
  }
  const dueDate = formatDate(time);
  return {
    receivedOn,
    dueDate,
    dueAt: `${dueDate}T23:59:59.999${offset}`,
    confirmed: [...years].every((y) => calendar.isConfirmedYear(y)),
  };
}
