import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskNik, type NikErrorCode, nikMatches, parseNik, type ParsedNik } from './index.js';

// 2026-11-22 10:00 in Jakarta (WIB, UTC+07:00).
const TODAY = new Date('2026-11-22T10:00:00+07:00');
const DAY_MS = 86_400_000;

/** A NIK from its parts; `day` is the real day of the month (the +40 is added for women here). */
function makeNik(region: string, date: string, sex: 'female' | 'male', serial: string): string {
  const [year, month, day] = date.split('-') as [string, string, string];
  const encodedDay = String(Number(day) + (sex === 'female' ? 40 : 0)).padStart(2, '0');
  return `${region}${encodedDay}${month}${year.slice(2)}${serial}`;
}

const ok = (nik: string, today = TODAY) => {
  const result = parseNik(nik, today);
  if (!result.ok) throw new Error(`expected ${nik} to parse, got ${result.code}`);
  return result;
};

describe('parseNik: accepted NIKs and what they encode', () => {
  it.each<[string, string, string, ParsedNik['sex'], string]>([
    // nik, regionCode, birthDate, sex, serial
    ['3374011708450001', '33.74.01', '1945-08-17', 'male', '0001'],
    ['3374015708450002', '33.74.01', '1945-08-17', 'female', '0002'], // 57 − 40 = 17
    ['3174090101009999', '31.74.09', '2000-01-01', 'male', '9999'], // day 01, the lowest for men
    ['3174093101990123', '31.74.09', '1999-01-31', 'male', '0123'], // day 31, the highest for men
    ['3174094101990123', '31.74.09', '1999-01-01', 'female', '0123'], // 41 → 01, the lowest for women
    ['3174097101990123', '31.74.09', '1999-01-31', 'female', '0123'], // 71 → 31, the highest for women
    ['3174096912880001', '31.74.09', '1988-12-29', 'female', '0001'],
    ['3174093012880001', '31.74.09', '1988-12-30', 'male', '0001'],
  ])('%s → %s, %s, %s, serial %s', (nik, regionCode, birthDate, sex, serial) => {
    expect(parseNik(nik, TODAY)).toEqual({ ok: true, nik, regionCode, birthDate, sex, serial });
  });

  it('does not reject a region code missing from the region list (codes change when regions split)', () => {
    expect(ok('9999011708450001').regionCode).toBe('99.99.01');
    expect(ok('0000001708450001').regionCode).toBe('00.00.00');
  });
});

describe('parseNik: separators', () => {
  it.each([
    '3374 0117 0845 0001',
    '  3374011708450001  ',
    '33.74.01.170845.0001',
    '33-74-01-170845-0001',
    '33.74.01 - 170845 - 0001',
    '3374\t0117\n0845\u00a00001', // tab, newline, no-break space
    '33–74–01—170845‑0001', // en dash, em dash, non-breaking hyphen
  ])('strips spaces, dots and dashes: %j', (input) => {
    expect(ok(input).nik).toBe('3374011708450001');
  });

  it.each(['3374/0117/0845/0001', '3374_0117_0845_0001', '3374,0117,0845,0001', '+3374011708450001'])(
    'does not strip other characters: %j',
    (input) => {
      expect(parseNik(input, TODAY)).toMatchObject({ ok: false, code: 'nik.format' });
    },
  );
});

describe('parseNik: refusals', () => {
  it.each<[string, NikErrorCode, string]>([
    // format: exactly 16 ASCII digits after stripping separators
    ['', 'nik.format', 'empty'],
    ['   ', 'nik.format', 'only spaces'],
    ['337401170845000', 'nik.format', '15 digits'],
    ['33740117084500011', 'nik.format', '17 digits'],
    ['33740117084500O1', 'nik.format', 'a letter O for a zero'],
    ['3374O11708450001', 'nik.format', 'a letter in the region code'],
    ['abcdefghijklmnop', 'nik.format', 'letters only'],
    ['３３７４０１１７０８４５０００１', 'nik.format', 'full-width digits'],
    ['٣٣٧٤٠١١٧٠٨٤٥٠٠٠١', 'nik.format', 'Arabic-Indic digits'],
    // birth day: 00, 32–40 and 72–99 are not days for anyone
    ['3374010008450001', 'nik.birth_day', 'day 00'],
    ['3374013208450001', 'nik.birth_day', 'day 32'],
    ['3374013908450001', 'nik.birth_day', 'day 39'],
    ['3374014008450001', 'nik.birth_day', 'day 40 (would be a woman’s day 00)'],
    ['3374017208450001', 'nik.birth_day', 'day 72 (would be a woman’s day 32)'],
    ['3374019908450001', 'nik.birth_day', 'day 99'],
    // birth date: the day and month exist, but not together, in either century
    ['3374010100450001', 'nik.birth_date', 'month 00'],
    ['3374010113450001', 'nik.birth_date', 'month 13'],
    ['3374013104450001', 'nik.birth_date', '31 April'],
    ['3374017104450001', 'nik.birth_date', '31 April, a woman (71)'],
    ['3374013002880001', 'nik.birth_date', '30 February'],
    ['3374016902010001', 'nik.birth_date', '29 February 2001 and 1901, neither a leap year (woman, 69)'],
    ['3374012902970001', 'nik.birth_date', '29 February: neither 2097 nor 1997 is a leap year'],
    // serial
    ['3374011708450000', 'nik.serial', 'serial 0000'],
    ['3374015708450000', 'nik.serial', 'serial 0000, a woman'],
  ])('%s → %s (%s)', (nik, code) => {
    const result = parseNik(nik, TODAY);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) {
      expect(result.message.id).toMatch(/NIK/);
      expect(result.message.en).toMatch(/NIK/);
      expect(result.message.id).not.toBe(result.message.en);
    }
  });

  it('checks in order: format, birth day, birth date, future, serial', () => {
    expect(parseNik('000000000000000', TODAY)).toMatchObject({ code: 'nik.format' });
    expect(parseNik('0000000000000000', TODAY)).toMatchObject({ code: 'nik.birth_day' });
    expect(parseNik('0000003102000000', TODAY)).toMatchObject({ code: 'nik.birth_date' });
    expect(parseNik('0000002902000000', new Date('1999-01-01T00:00:00+07:00'))).toMatchObject({ code: 'nik.future' });
    expect(parseNik('0000002902000000', TODAY)).toMatchObject({ code: 'nik.serial' });
  });

  it('throws on an invalid clock rather than guessing a date', () => {
    expect(() => parseNik('3374011708450001', new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('parseNik: 29 February decides the century by leap year', () => {
  it('yy = 00: 2000 is a leap year, 1900 is not', () => {
    expect(ok('3374012902000001').birthDate).toBe('2000-02-29');
    expect(ok('3374016902000001')).toMatchObject({ birthDate: '2000-02-29', sex: 'female' });
  });

  it('before 29 February 2000 the only candidate is in the future, since 1900-02-29 does not exist', () => {
    const feb28 = new Date('2000-02-28T23:59:59+07:00');
    const feb29 = new Date('2000-02-29T00:00:00+07:00');
    expect(parseNik('3374012902000001', feb28)).toMatchObject({ ok: false, code: 'nik.future' });
    expect(ok('3374012902000001', feb29).birthDate).toBe('2000-02-29');
  });

  it('yy = 96: 2096 is in the future, 1996 is a leap year', () => {
    expect(ok('3374012902960001').birthDate).toBe('1996-02-29');
  });

  it('yy = 24: 2024 is a leap year and past', () => {
    expect(ok('3374012902240001').birthDate).toBe('2024-02-29');
  });

  it('yy = 04 with a clock in 2003: 2004 is future, 1904 is a leap year', () => {
    expect(ok('3374012902040001', new Date('2003-06-01T12:00:00+07:00')).birthDate).toBe('1904-02-29');
  });
});

describe('parseNik: the century near today (injected clock, Asia/Jakarta)', () => {
  it.each([
    ['3374012111260001', '2026-11-21'], // yesterday
    ['3374012211260001', '2026-11-22'], // today is not in the future
    ['3374012311260001', '1926-11-23'], // tomorrow: 2026 is in the future, so 1926
    ['3374013112250001', '2025-12-31'],
    ['3374010101270001', '1927-01-01'], // 2027 is in the future
    ['3374010101000001', '2000-01-01'], // both 1900 and 2000 are real and past: the most recent
    ['3374010101990001', '1999-01-01'],
  ])('%s → %s', (nik, birthDate) => {
    expect(ok(nik).birthDate).toBe(birthDate);
  });

  it('a birth date tomorrow is refused as future when the other century is not a real date', () => {
    // Today 28 February 2000: 29-02-00 is tomorrow, and 1900-02-29 never existed.
    expect(parseNik('3374016902000001', new Date('2000-02-28T12:00:00+07:00'))).toMatchObject({
      ok: false,
      code: 'nik.future',
    });
  });

  it('a birth date tomorrow is refused as future when the other century is also in the future', () => {
    // A clock in 1950: 23-11-60 is 1960 or 2060, both future.
    expect(parseNik('3374012311600001', new Date('1950-11-22T12:00:00+07:00'))).toMatchObject({
      code: 'nik.future',
    });
  });

  it('uses the local date in Jakarta, not UTC', () => {
    const nik = '3374012311260001'; // born 23 November 2026 if that is today
    // 22 November 23:59:59 WIB is still 22 November in Jakarta: 2026-11-23 is tomorrow.
    expect(ok(nik, new Date('2026-11-22T16:59:59Z')).birthDate).toBe('1926-11-23');
    // 23 November 00:00 WIB is 22 November 17:00 UTC: now it is today.
    expect(ok(nik, new Date('2026-11-22T17:00:00Z')).birthDate).toBe('2026-11-23');
  });
});

describe('maskNik', () => {
  it.each([
    ['3374011708450001', '3374**********01'],
    ['3374 0117 0845 0001', '3374**********01'],
    ['33.74.01.570845.0002', '3374**********02'],
    ['337401170845000', '****************'], // 15 digits
    ['33740117084500011', '****************'], // 17 digits
    ['33740117O8450001', '****************'],
    ['', '****************'],
  ])('%j → %s', (input, masked) => {
    expect(maskNik(input)).toBe(masked);
  });
});

describe('nikMatches', () => {
  const parsed = ok('3374015708450002'); // 1945-08-17, female
  it.each<[string, ParsedNik['sex'], boolean]>([
    ['1945-08-17', 'female', true],
    [' 1945-08-17 ', 'female', true],
    ['1945-08-17', 'male', false],
    ['1945-08-18', 'female', false],
    ['2045-08-17', 'female', false],
    ['17-08-1945', 'female', false],
    ['1945-8-17', 'female', false],
  ])('%j, %s → %s', (birthDate, sex, expected) => {
    expect(nikMatches(parsed, { birthDate, sex })).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------------
// Properties

const ymd = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A clock in 2000–2099 at any instant of a Jakarta day. */
const clockArb = fc
  .record({
    day: fc.integer({ min: Date.UTC(2000, 0, 1) / DAY_MS, max: Date.UTC(2099, 11, 31) / DAY_MS }),
    msOfDay: fc.integer({ min: 0, max: DAY_MS - 1 }),
  })
  .map(({ day, msOfDay }) => ({
    localDate: ymd(day * DAY_MS),
    // Local midnight in Jakarta is 17:00 UTC the day before.
    now: new Date(day * DAY_MS - 7 * 3_600_000 + msOfDay),
  }));

const regionArb = fc.stringMatching(/^[0-9]{6}$/);
const sexArb = fc.constantFrom<'female' | 'male'>('female', 'male');
const serialArb = fc.integer({ min: 1, max: 9999 }).map((n) => String(n).padStart(4, '0'));
/** Puts a random separator (or none) between characters. */
const withSeparators = (s: string) =>
  fc
    .array(fc.constantFrom('', '', '', ' ', '.', '-', ' - ', '\u2013'), { minLength: s.length, maxLength: s.length })
    .map((seps) => [...s].map((ch, i) => (i === 0 ? ch : `${seps[i] ?? ''}${ch}`)).join(''));

describe('properties', () => {
  it('a NIK built from a birth date in the last 100 years, a sex and a serial parses back to them', () => {
    fc.assert(
      fc.property(
        clockArb,
        fc.integer({ min: 0, max: 36_525 }),
        regionArb,
        sexArb,
        serialArb,
        ({ localDate, now }, daysAgo, region, sex, serial) => {
          const birthDate = ymd(Date.parse(localDate) - daysAgo * DAY_MS);
          // Exactly 100 years ago or more, the same day and month in the later century wins.
          fc.pre(birthDate > `${Number(localDate.slice(0, 4)) - 100}${localDate.slice(4)}`);
          const nik = makeNik(region, birthDate, sex, serial);
          expect(parseNik(nik, now)).toEqual({
            ok: true,
            nik,
            regionCode: `${region.slice(0, 2)}.${region.slice(2, 4)}.${region.slice(4)}`,
            birthDate,
            sex,
            serial,
          });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('any 16 digits either parse to fields that encode them again, the most recent past date, or a refusal', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{16}$/), clockArb, (nik, { localDate, now }) => {
        const result = parseNik(nik, now);
        if (!result.ok) {
          expect(['nik.birth_day', 'nik.birth_date', 'nik.future', 'nik.serial']).toContain(result.code);
          return;
        }
        expect(makeNik(result.regionCode.replaceAll('.', ''), result.birthDate, result.sex, result.serial)).toBe(nik);
        expect(result.birthDate <= localDate).toBe(true);
        // The later century, if this is the earlier one, must be future or not a real date.
        const later = `${Number(result.birthDate.slice(0, 4)) + 100}${result.birthDate.slice(4)}`;
        if (result.birthDate.startsWith('19')) {
          const [y, m, d] = later.split('-').map(Number) as [number, number, number];
          const real = ymd(Date.UTC(y, m - 1, d)) === later;
          expect(real && later <= localDate).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('separators never change the result', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{16}$/).chain((nik) => fc.tuple(fc.constant(nik), withSeparators(nik))),
        ([nik, spaced]) => {
          expect(parseNik(spaced, TODAY)).toEqual(parseNik(nik, TODAY));
          expect(maskNik(spaced)).toBe(maskNik(nik));
        },
      ),
    );
  });

  it('masking never reveals more than 6 digits, whatever the input', () => {
    const anyInput = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.stringMatching(/^[0-9 .-]{0,40}$/),
      fc.stringMatching(/^[0-9]{16}$/).chain(withSeparators),
    );
    fc.assert(
      fc.property(anyInput, (input) => {
        const masked = maskNik(input);
        expect(masked).toHaveLength(16);
        expect(masked.match(/\p{Nd}/gu)?.length ?? 0).toBeLessThanOrEqual(6);
      }),
      { numRuns: 1000 },
    );
  });

  it('a valid NIK is masked to its first 4 and last 2 digits only', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{16}$/), (nik) => {
        expect(maskNik(nik)).toBe(`${nik.slice(0, 4)}${'*'.repeat(10)}${nik.slice(14)}`);
      }),
    );
  });
});
