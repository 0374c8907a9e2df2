// Table tests for the working-day calendar (DOMAIN.md §10). Every expected date was checked by hand on a
// real calendar: 2025-01-01 was a Wednesday, 2026-01-01 is a Thursday, 2027-01-01 is a Friday.
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  type CalendarOverride,
  createCalendar,
  listHolidays,
  localDate,
  SUPPORTED_TIME_ZONES,
} from './index.js';

// The decrees as DOMAIN.md §10 lists them.
const DECREES = {
  2025: {
    decree: /1017\/2\/2 Tahun 2024/,
    national: ['01-01', '01-27', '01-29', '03-29', '03-31', '04-01', '04-18', '04-20', '05-01', '05-12', '05-29', '06-01', '06-06', '06-27', '08-17', '09-05', '12-25'],
    leave: ['01-28', '03-28', '04-02', '04-03', '04-04', '04-07', '05-13', '05-30', '06-09', '12-26'],
  },
  2026: {
    decree: /1497\/2\/5 Tahun 2025/,
    national: ['01-01', '01-16', '02-17', '03-19', '03-21', '03-22', '04-03', '04-05', '05-01', '05-14', '05-27', '05-31', '06-01', '06-16', '08-17', '08-25', '12-25'],
    leave: ['02-16', '03-18', '03-20', '03-23', '03-24', '05-15', '05-28', '12-24'],
  },
} as const;

describe('holiday data (DOMAIN.md §10)', () => {
  it.each([
    [2025, 17, 10],
    [2026, 17, 8],
  ] as const)('%i has exactly the SKB days: %i national holidays and %i days of cuti bersama', (year, national, leave) => {
    const list = listHolidays(year);
    const dates = (type: string) => list.days.filter((d) => d.type === type).map((d) => d.date);
    expect(list.confirmed).toBe(true);
    expect(list.decree).toMatch(DECREES[year].decree);
    expect(dates('national_holiday')).toEqual(DECREES[year].national.map((md) => `${year}-${md}`));
    expect(dates('collective_leave')).toEqual(DECREES[year].leave.map((md) => `${year}-${md}`));
    expect([dates('national_holiday').length, dates('collective_leave').length]).toEqual([national, leave]);
    for (const day of list.days) {
      expect(day.source).toMatch(/^SKB/);
      expect(day.source).toMatch(DECREES[year].decree);
      expect(day.nameEn?.length).toBeGreaterThan(3);
      if (day.type === 'collective_leave') expect(day.name).toMatch(/^Cuti bersama /);
    }
  });

  it.each([
    ['2025-01-01', /Tahun Baru 2025 Masehi/],
    ['2025-01-27', /Isra Mikraj/],
    ['2025-01-29', /Tahun Baru Imlek/],
    ['2025-03-29', /Hari Suci Nyepi/],
    ['2025-03-31', /Idul Fitri/],
    ['2025-04-18', /Wafat Yesus Kristus/],
    ['2025-04-20', /Paskah/],
    ['2025-05-01', /Hari Buruh/],
    ['2025-05-12', /Waisak/],
    ['2025-05-29', /Kenaikan Yesus Kristus/],
    ['2025-06-01', /Hari Lahir Pancasila/],
    ['2025-06-06', /Idul Adha/],
    ['2025-06-27', /Tahun Baru Islam/],
    ['2025-08-17', /Kemerdekaan/],
    ['2025-09-05', /Maulid Nabi/],
    ['2025-12-25', /Natal/],
    ['2025-12-26', /Cuti bersama Hari Raya Natal/],
    ['2026-03-21', /Idul Fitri 1447/],
    ['2026-05-31', /Waisak/],
    ['2026-12-24', /Cuti bersama Hari Raya Natal/],
  ])('%s is named %s', (date, name) => {
    expect(createCalendar().holiday(date)?.name).toMatch(name);
  });
});

describe('isWorkingDay', () => {
  const calendar = createCalendar();
  it.each([
    ['2025-01-01', false], // Wed, Tahun Baru
    ['2025-01-02', true], // Thu
    ['2025-01-04', false], // Sat
    ['2025-01-05', false], // Sun
    ['2025-01-06', true], // Mon
    ['2025-03-28', false], // Fri, cuti bersama Nyepi
    ['2025-04-07', false], // Mon, cuti bersama Idul Fitri
    ['2025-04-08', true], // Tue, first working day after Lebaran
    ['2025-12-31', true], // Wed
    ['2026-01-01', false], // Thu, Tahun Baru
    ['2026-01-02', true], // Fri
    ['2026-03-25', true], // Wed, first working day after Lebaran
    ['2026-12-24', false], // Thu, cuti bersama Natal
    ['2026-12-31', true], // Thu
    ['2027-01-01', false], // Fri, fixed-date holiday of an unconfirmed year
    ['2027-01-04', true], // Mon
  ])('%s → %s', (date, working) => {
    expect(calendar.isWorkingDay(date)).toBe(working);
  });

  it('knows which years have a decree on file', () => {
    expect([2024, 2025, 2026, 2027].map((y) => calendar.isConfirmedYear(y))).toEqual([false, true, true, false]);
  });

  it('counts 238 working days in 2025 and 240 in 2026', () => {
    // 2025 and 2026 each have 261 weekdays; 27 and 25 days off, four of each on a weekend.
    const count = (year: number) => {
      let n = 0;
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        if (calendar.isWorkingDay(new Date(t).toISOString().slice(0, 10))) n++;
      }
      return n;
    };
    expect([count(2025), count(2026)]).toEqual([238, 240]);
  });
});

describe('addWorkingDays', () => {
  // [received, days, receivedOn, dueDate, confirmed] in WIB.
  it.each([
    // Ordinary week: Mon 2025-01-06 + 5 → Mon 01-13.
    ['2025-01-06', 5, '2025-01-06', '2025-01-13', true],
    ['2025-01-06', 0, '2025-01-06', '2025-01-06', true],
    // Weekend receipt: Sat 01-11 counts as Mon 01-13; + 1 → Tue 01-14.
    ['2025-01-11', 1, '2025-01-13', '2025-01-14', true],
    ['2025-01-12', 0, '2025-01-13', '2025-01-13', true],
    // Imlek 2025: Mon 01-27 holiday, Tue 01-28 cuti bersama, Wed 01-29 holiday. Fri 01-24 + 1 → Thu 01-30.
    ['2025-01-24', 1, '2025-01-24', '2025-01-30', true],
    // Lebaran 2025: Fri 03-28 to Mon 04-07 all off. Thu 03-27 + 1 → Tue 04-08.
    ['2025-03-27', 1, '2025-03-27', '2025-04-08', true],
    // Received Fri 03-28 (cuti bersama) counts from Tue 04-08.
    ['2025-03-28', 1, '2025-04-08', '2025-04-09', true],
    ['2025-03-28', 3, '2025-04-08', '2025-04-11', true],
    // Received Sat 03-29 (Nyepi) counts from Tue 04-08.
    ['2025-03-29', 0, '2025-04-08', '2025-04-08', true],
    ['2025-03-29', 1, '2025-04-08', '2025-04-09', true],
    // Wed 03-26 + 5: 03-27, 04-08, 04-09, 04-10, 04-11.
    ['2025-03-26', 5, '2025-03-26', '2025-04-11', true],
    // Waisak 2025: Mon 05-12 holiday, Tue 05-13 cuti. Fri 05-09 + 1 → Wed 05-14.
    ['2025-05-09', 1, '2025-05-09', '2025-05-14', true],
    // Idul Adha 2025: Fri 06-06 holiday, Mon 06-09 cuti. Thu 06-05 + 1 → Tue 06-10.
    ['2025-06-05', 1, '2025-06-05', '2025-06-10', true],
    // Year boundary: Wed 2025-12-24 + 2 → (Thu 12-25 Natal, Fri 12-26 cuti, weekend) Mon 12-29, Tue 12-30.
    ['2025-12-24', 2, '2025-12-24', '2025-12-30', true],
    // + 4 → 12-29, 12-30, 12-31, (Thu 2026-01-01 Tahun Baru) Fri 2026-01-02.
    ['2025-12-24', 4, '2025-12-24', '2026-01-02', true],
    ['2025-12-24', 5, '2025-12-24', '2026-01-05', true],
    // Received on Natal counts from Mon 12-29.
    ['2025-12-25', 1, '2025-12-29', '2025-12-30', true],
    ['2025-12-31', 1, '2025-12-31', '2026-01-02', true],
    // Imlek 2026: Mon 02-16 cuti, Tue 02-17 holiday. Fri 02-13 + 1 → Wed 02-18.
    ['2026-02-13', 1, '2026-02-13', '2026-02-18', true],
    // Lebaran 2026: Wed 03-18 to Tue 03-24 all off. Tue 03-17 + 1 → Wed 03-25.
    ['2026-03-17', 1, '2026-03-17', '2026-03-25', true],
    ['2026-03-18', 0, '2026-03-25', '2026-03-25', true],
    ['2026-03-21', 2, '2026-03-25', '2026-03-27', true],
    // Mon 03-16 + 10 → 03-17, 03-25, 03-26, 03-27, 03-30, 03-31, 04-01, 04-02, (Fri 04-03 Wafat Yesus
    // Kristus) 04-06, 04-07.
    ['2026-03-16', 10, '2026-03-16', '2026-04-07', true],
    // Natal 2026: Thu 12-24 cuti, Fri 12-25 holiday. Wed 12-23 + 1 → Mon 12-28.
    ['2026-12-23', 1, '2026-12-23', '2026-12-28', true],
    // A whole year: 2025-01-01 counts from Thu 01-02, the 1st of 238 working days; the 238th is Wed 12-31.
    ['2025-01-01', 237, '2025-01-02', '2025-12-31', true],
    ['2025-01-01', 238, '2025-01-02', '2026-01-02', true],
    // 2026: Fri 01-02 is the 1st of 240 working days, Thu 12-31 the 240th; one more lands in 2027.
    ['2026-01-01', 239, '2026-01-02', '2026-12-31', true],
    ['2026-01-01', 240, '2026-01-02', '2027-01-04', false],
  ] as const)('%s + %i HK → received %s, due %s (confirmed %s)', (from, days, receivedOn, dueDate, confirmed) => {
    expect(addWorkingDays(from, days)).toEqual({
      receivedOn,
      dueDate,
      dueAt: `${dueDate}T23:59:59.999+07:00`,
      confirmed,
    });
  });

  it('takes at most 366 working days', () => {
    expect(addWorkingDays('2025-01-02', 366).dueDate > '2026-06-01').toBe(true);
  });
});

describe('time zones', () => {
  // [instant, zone, receivedOn, + 1 HK due, dueAt]
  it.each([
    // 2026-01-05T16:30Z is Mon 23:30 WIB, but Tue 00:30 WITA and Tue 01:30 WIT.
    ['2026-01-05T16:30:00Z', 'Asia/Jakarta', '2026-01-05', '2026-01-06', '2026-01-06T23:59:59.999+07:00'],
    ['2026-01-05T16:30:00Z', 'Asia/Makassar', '2026-01-06', '2026-01-07', '2026-01-07T23:59:59.999+08:00'],
    ['2026-01-05T16:30:00Z', 'Asia/Jayapura', '2026-01-06', '2026-01-07', '2026-01-07T23:59:59.999+09:00'],
    // Thu 2025-03-27 22:30 WIB is already Fri 03-28 (cuti bersama) 00:30 in WIT: Lebaran decides.
    ['2025-03-27T15:30:00Z', 'Asia/Jakarta', '2025-03-27', '2025-04-08', '2025-04-08T23:59:59.999+07:00'],
    ['2025-03-27T15:30:00Z', 'Asia/Jayapura', '2025-04-08', '2025-04-09', '2025-04-09T23:59:59.999+09:00'],
    // An instant given with its own offset.
    ['2026-01-05T23:30:00+07:00', 'Asia/Jakarta', '2026-01-05', '2026-01-06', '2026-01-06T23:59:59.999+07:00'],
    ['2026-01-05T23:30:00+07:00', 'Asia/Jayapura', '2026-01-06', '2026-01-07', '2026-01-07T23:59:59.999+09:00'],
    ['2026-01-05T10:00:00-05:00', 'Asia/Jakarta', '2026-01-05', '2026-01-06', '2026-01-06T23:59:59.999+07:00'],
    ['2026-01-05 17:00+0000', 'Asia/Jakarta', '2026-01-06', '2026-01-07', '2026-01-07T23:59:59.999+07:00'],
    ['2026-01-05T16:59:59.999Z', 'Asia/Jakarta', '2026-01-05', '2026-01-06', '2026-01-06T23:59:59.999+07:00'],
    // A plain date is already local to the zone.
    ['2026-01-05', 'Asia/Jayapura', '2026-01-05', '2026-01-06', '2026-01-06T23:59:59.999+09:00'],
  ])('%s in %s → received %s, due %s (%s)', (from, timeZone, receivedOn, dueDate, dueAt) => {
    expect(addWorkingDays(from, 1, { timeZone })).toEqual({ receivedOn, dueDate, dueAt, confirmed: true });
  });

  it('takes a Date, and defaults to WIB', () => {
    const instant = new Date('2026-01-05T16:30:00Z');
    expect(addWorkingDays(instant, 0).receivedOn).toBe('2026-01-05');
    expect(addWorkingDays(instant, 0, { timeZone: 'Asia/Makassar' }).receivedOn).toBe('2026-01-06');
  });

  it('ends the deadline one millisecond before local midnight', () => {
    const { dueAt } = addWorkingDays('2025-03-27', 1, { timeZone: 'Asia/Jayapura' });
    expect(Date.parse(dueAt) + 1).toBe(Date.parse('2025-04-08T15:00:00Z')); // 2025-04-09 00:00 WIT
  });

  it('supports WIB, WITA and WIT', () => {
    expect(SUPPORTED_TIME_ZONES).toEqual(['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura']);
  });
});

describe('a year without a decree on file', () => {
  it('lists the fixed-date holidays only, unconfirmed', () => {
    const list = listHolidays(2027);
    expect(list.confirmed).toBe(false);
    expect(list.decree).toBeUndefined();
    expect(list.days.map((d) => d.date)).toEqual(['2027-01-01', '2027-05-01', '2027-06-01', '2027-08-17', '2027-12-25']);
  });

  it.each([
    // Thu 2026-12-31 + 1 → (Fri 2027-01-01 Tahun Baru, weekend) Mon 2027-01-04.
    ['2026-12-31', 1, '2026-12-31', '2027-01-04'],
    ['2027-01-01', 0, '2027-01-04', '2027-01-04'],
    ['2027-01-02', 1, '2027-01-04', '2027-01-05'],
    // Mon 2027-08-16 + 1 → (Tue 08-17) Wed 08-18.
    ['2027-08-16', 1, '2027-08-16', '2027-08-18'],
    // Good Friday 2027 (03-26) is not known without a decree: that is why the result is unconfirmed.
    ['2027-03-25', 1, '2027-03-25', '2027-03-26'],
    // Tue 2024-12-31 + 1 → Thu 2025-01-02: 2024 has no file either.
    ['2024-12-31', 1, '2024-12-31', '2025-01-02'],
  ] as const)('%s + %i HK → received %s, due %s, confirmed: false', (from, days, receivedOn, dueDate) => {
    expect(addWorkingDays(from, days)).toMatchObject({ receivedOn, dueDate, confirmed: false });
  });

  it('stays confirmed when the deadline stops before the unconfirmed year', () => {
    expect(addWorkingDays('2026-12-30', 1)).toMatchObject({ dueDate: '2026-12-31', confirmed: true });
  });
});

describe('tenant overrides', () => {
  const overrides: CalendarOverride[] = [
    { date: '2025-01-07', action: 'add', name: 'Hari Jadi Kota', source: 'Perwali 1/2025' },
    { date: '2025-01-28', action: 'remove', source: 'SKB perubahan' },
    { date: '2025-03-29', action: 'remove', source: 'SKB perubahan' }, // a Saturday stays a day off
    { date: '2027-03-26', action: 'add', name: 'Wafat Yesus Kristus', source: 'SKB 2027 (belum di data)' },
  ];
  const calendar = createCalendar(overrides);

  it.each([
    // Added Tue 2025-01-07: Mon 01-06 + 1 → Wed 01-08.
    ['2025-01-06', 1, '2025-01-06', '2025-01-08', true],
    // Removed cuti bersama Tue 2025-01-28: Fri 01-24 + 1 → Tue 01-28.
    ['2025-01-24', 1, '2025-01-24', '2025-01-28', true],
    // Removing the Saturday Nyepi changes nothing: Sat 03-29 still counts from Tue 04-08.
    ['2025-03-29', 0, '2025-04-08', '2025-04-08', true],
    // Added to an unconfirmed year: Thu 2027-03-25 + 1 → Mon 2027-03-29, still unconfirmed.
    ['2027-03-25', 1, '2027-03-25', '2027-03-29', false],
  ] as const)('%s + %i HK → received %s, due %s', (from, days, receivedOn, dueDate, confirmed) => {
    expect(addWorkingDays(from, days, { calendar })).toMatchObject({ receivedOn, dueDate, confirmed });
  });

  it('shows the amendments in the holiday list and the calendar', () => {
    const list = listHolidays(2025, overrides);
    expect(list.days).toHaveLength(27 - 2 + 1);
    expect(list.days.find((d) => d.date === '2025-01-07')).toEqual({
      date: '2025-01-07',
      name: 'Hari Jadi Kota',
      type: 'national_holiday',
      source: 'Perwali 1/2025',
    });
    expect(list.days.map((d) => d.date)).not.toContain('2025-01-28');
    expect(calendar.holiday('2025-01-07')?.source).toBe('Perwali 1/2025');
    expect(calendar.holiday('2025-01-28')).toBeUndefined();
    expect(calendar.isWorkingDay('2025-03-29')).toBe(false);
    expect(listHolidays(2026, overrides).days).toHaveLength(25);
  });

  it('applies overrides in order, the last one for a date winning', () => {
    const restored = createCalendar([
      { date: '2025-01-07', action: 'add', type: 'collective_leave' },
      { date: '2025-01-07', action: 'remove' },
    ]);
    expect(restored.isWorkingDay('2025-01-07')).toBe(true);
  });

  it('leaves the national calendar and the data untouched', () => {
    expect(addWorkingDays('2025-01-06', 1).dueDate).toBe('2025-01-07');
    const list = listHolidays(2025);
    list.days[0]!.name = 'changed';
    list.days.pop();
    expect(listHolidays(2025).days).toHaveLength(27);
    expect(listHolidays(2025).days[0]!.name).toBe('Tahun Baru 2025 Masehi');
  });
});

describe('invalid input', () => {
  it.each([
    ['2025-02-30', 1],
    ['2025-02-29', 1], // 2025 is not a leap year
    ['2025-13-01', 1],
    ['2025-1-6', 1],
    ['kemarin', 1],
    ['', 1],
    ['2025-01-06T10:00:00', 1], // a date-time without a zone is ambiguous
    ['2025-01-06T25:00:00Z', 1],
    ['2025-01-06T24:00:00Z', 1],
    ['2025-01-06T10:00:00+15:00', 1],
    ['2025-02-30T10:00:00Z', 1],
    ['2025-01-06', -1],
    ['2025-01-06', 1.5],
    ['2025-01-06', 367],
    ['2025-01-06', Number.NaN],
    ['2025-01-06', Number.POSITIVE_INFINITY],
  ])('addWorkingDays(%j, %s) throws RangeError', (from, days) => {
    expect(() => addWorkingDays(from, days)).toThrow(RangeError);
  });

  it('says what is wrong', () => {
    expect(() => addWorkingDays('2025-02-30', 1)).toThrow(/Invalid date "2025-02-30"/);
    expect(() => addWorkingDays('2025-01-06', 367)).toThrow(/integer from 0 to 366/);
    expect(() => addWorkingDays('2025-01-06', 1, { timeZone: 'Europe/Paris' })).toThrow(
      /Unsupported time zone "Europe\/Paris"/,
    );
  });

  it('refuses an invalid Date, an invalid date in the calendar, a bad year and a bad override', () => {
    expect(() => addWorkingDays(new Date('nope'), 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2025-01-06', 1, { timeZone: 'Asia/Singapore' })).toThrow(RangeError);
    expect(() => createCalendar().isWorkingDay('2025-02-30')).toThrow(RangeError);
    expect(() => createCalendar().holiday('30-02-2025')).toThrow(RangeError);
    expect(() => listHolidays(2025.5)).toThrow(RangeError);
    expect(() => listHolidays(Number.NaN)).toThrow(RangeError);
    expect(() => createCalendar([{ date: '2025-02-30', action: 'add' }])).toThrow(RangeError);
    expect(() => createCalendar([{ date: '2025-02-03', action: 'skip' as 'add' }])).toThrow(RangeError);
  });

  it('accepts 29 February in a leap year', () => {
    // Thu 2024-02-29 (unconfirmed year) + 1 → Fri 03-01.
    expect(addWorkingDays('2024-02-29', 1)).toMatchObject({ dueDate: '2024-03-01', confirmed: false });
  });

  it('stops instead of looping forever on a calendar with no working day', () => {
    const never = { isWorkingDay: () => false, holiday: () => undefined, isConfirmedYear: () => true };
    expect(() => addWorkingDays('2025-01-06', 1, { calendar: never })).toThrow(/no working day/);
  });
});

describe('localDate', () => {
  it('gives the date Intl gives in each Indonesian zone, 1970–2100, around local midnights', () => {
    const mismatches: string[] = [];
    for (const timeZone of SUPPORTED_TIME_ZONES) {
      const intl = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      const offsetMs = ({ 'Asia/Jakarta': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 } as Record<string, number>)[timeZone]! * 3_600_000;
      // Every 13th day: the last millisecond before local midnight, midnight, noon, the minute before the next.
      for (let day = Date.UTC(1970, 0, 2); day < Date.UTC(2100, 0, 1); day += 13 * 86_400_000) {
        for (const t of [day - offsetMs - 1, day - offsetMs, day - offsetMs + 43_200_000, day - offsetMs + 86_340_000]) {
          if (localDate(t, timeZone) !== intl.format(t)) mismatches.push(`${timeZone} ${new Date(t).toISOString()}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('still answers for a zone outside Indonesia', () => {
    expect(localDate(Date.UTC(2026, 0, 1, 23, 30), 'Europe/Amsterdam')).toBe('2026-01-02');
    expect(localDate(Date.UTC(2026, 0, 1, 22, 30), 'Europe/Amsterdam')).toBe('2026-01-01');
  });
});
