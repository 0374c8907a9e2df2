// NIK (Nomor Induk Kependudukan) rules, DOMAIN.md §5: a pure function of the input and an injected
// clock, with no I/O, so every caller (registration, officer lookup, imports) applies the same rules.
// The region code is parsed but never checked against a region list: a NIK keeps its original code
// for life, so an unknown code is the caller's warning to raise, not a refusal.

export type NikErrorCode = 'nik.format' | 'nik.birth_day' | 'nik.birth_date' | 'nik.future' | 'nik.serial';

export interface ParsedNik {
  ok: true;
  /** The 16 digits, separators removed. */
  nik: string;
  /** Province, regency/city, district where first registered: 'PP.KK.CC'. */
  regionCode: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  sex: 'female' | 'male';
  /** The last 4 digits, 0001–9999. */
  serial: string;
}

export interface NikError {
  ok: false;
  code: NikErrorCode;
  message: { id: string; en: string };
}

export type NikParseResult = ParsedNik | NikError;

const MESSAGES: Readonly<Record<NikErrorCode, { id: string; en: string }>> = {
  'nik.format': {
    id: 'NIK harus terdiri dari tepat 16 angka.',
    en: 'A NIK must be exactly 16 digits.',
  },
  'nik.birth_day': {
    id: 'Tanggal lahir dalam NIK tidak valid (01–31 untuk laki-laki, 41–71 untuk perempuan).',
    en: 'The birth day in the NIK is invalid (01–31 for men, 41–71 for women).',
  },
  'nik.birth_date': {
    id: 'Tanggal lahir dalam NIK bukan tanggal yang ada.',
    en: 'The birth date in the NIK is not a real date.',
  },
  'nik.future': {
    id: 'Tanggal lahir dalam NIK berada di masa depan.',
    en: 'The birth date in the NIK is in the future.',
  },
  'nik.serial': {
    id: 'Nomor urut dalam NIK tidak boleh 0000.',
    en: 'The serial number in the NIK must not be 0000.',
  },
};

/** Whitespace (including no-break spaces), dots, and hyphens or dashes people type or paste. */
const SEPARATORS = /[\s.\-\u2010-\u2015\u2212]/g;
const SIXTEEN_DIGITS = /^[0-9]{16}$/;
/** Asia/Jakarta (WIB) is UTC+07:00 all year: Indonesia has no daylight saving time. */
const JAKARTA_OFFSET_MS = 7 * 60 * 60 * 1000;

function fail(code: NikErrorCode): NikError {
  return { ok: false, code, message: { ...MESSAGES[code] } };
}

function normalise(input: string): string {
  return input.replace(SEPARATORS, '');
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** The local calendar date in Asia/Jakarta at the instant `now`, as YYYY-MM-DD. */
function jakartaDate(now: Date): string {
  const local = new Date(now.getTime() + JAKARTA_OFFSET_MS);
  return `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)}`;
}

/**
 * Parses and validates a NIK (DOMAIN.md §5). `today` is the injected clock; the comparison with the
 * birth date uses its local date in Asia/Jakarta. Checks, in order: format (after stripping spaces,
 * dots and dashes), birth day (01–31 men, 41–71 women), that the date exists in 19yy or 20yy, that
 * it is not in the future (taking the most recent such year), and that the serial is not 0000.
 */
export function parseNik(input: string, today: Date): NikParseResult {
  if (typeof input !== 'string') return fail('nik.format');
  const nik = normalise(input);
  if (!SIXTEEN_DIGITS.test(nik)) return fail('nik.format');
  if (!(today instanceof Date) || Number.isNaN(today.getTime())) {
    throw new RangeError('parseNik: `today` must be a valid Date');
  }

  const rawDay = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const serial = nik.slice(12, 16);

  let sex: ParsedNik['sex'];
  let day: number;
  if (rawDay >= 1 && rawDay <= 31) {
    sex = 'male';
    day = rawDay;
  } else if (rawDay >= 41 && rawDay <= 71) {
    sex = 'female';
    day = rawDay - 40;
  } else {
    return fail('nik.birth_day');
  }

  if (month < 1 || month > 12) return fail('nik.birth_date');
  // Most recent century first: 20yy, then 19yy.
  const existing = [2000 + yy, 1900 + yy]
    .filter((year) => day <= daysInMonth(year, month))
    .map((year) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);
  if (existing.length === 0) return fail('nik.birth_date');
  const todayLocal = jakartaDate(today);
  // YYYY-MM-DD strings compare in date order.
  const birthDate = existing.find((date) => date <= todayLocal);
  if (birthDate === undefined) return fail('nik.future');

  if (serial === '0000') return fail('nik.serial');

  return {
    ok: true,
    nik,
    regionCode: `${nik.slice(0, 2)}.${nik.slice(2, 4)}.${nik.slice(4, 6)}`,
    birthDate,
    sex,
    serial,
  };
}

const FULLY_MASKED = '*'.repeat(16);

/**
 * A NIK for display to anyone but its owner and authorised officers (DOMAIN.md §5): the first 4
 * digits (province and regency/city) and the last 2, e.g. `3374**********01`. Separators are ignored;
 * anything that is not 16 digits once they are removed is masked entirely, so no input ever shows
 * more than 6 digits.
 */
export function maskNik(nik: string): string {
  const digits = typeof nik === 'string' ? normalise(nik) : '';
  if (!SIXTEEN_DIGITS.test(digits)) return FULLY_MASKED;
  return `${digits.slice(0, 4)}${'*'.repeat(10)}${digits.slice(14)}`;
}

/**
 * Whether the birth date (YYYY-MM-DD) and sex a person entered agree with those encoded in their
 * parsed NIK. A single yes/no, so a form does not reveal which of the two differs.
 */
export function nikMatches(
  parsed: Pick<ParsedNik, 'birthDate' | 'sex'>,
  entered: { birthDate: string; sex: 'female' | 'male' },
): boolean {
  return parsed.birthDate === entered.birthDate.trim() && parsed.sex === entered.sex;
}
