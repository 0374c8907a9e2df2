import { describe, expect, it } from 'vitest';
import { addWorkingDays, createCalendar, listHolidays } from './index.js';

describe('holiday data (DOMAIN.md §10)', () => {
  it('has 17 national holidays and 10 days of cuti bersama in 2025, 17 and 8 in 2026', () => {
    const count = (year: number, type: string) =>
      listHolidays(year).days.filter((d) => d.type === type).length;
    expect([count(2025, 'national_holiday'), count(2025, 'collective_leave')]).toEqual([17, 10]);
    expect([count(2026, 'national_holiday'), count(2026, 'collective_leave')]).toEqual([17, 8]);
    expect(listHolidays(2025).decree).toMatch(/1017\/2\/2 Tahun 2024/);
    for (const day of [...listHolidays(2025).days, ...listHolidays(2026).days]) {
      expect(day.source).toMatch(/^SKB/);
      expect(day.name.length).toBeGreaterThan(3);
    }
  });
});

describe('addWorkingDays', () => {
  // [received, days, zone, expected receivedOn, expected due date]; weekdays checked on a real calendar.
  it.each([
    // Ordinary week: Mon 2025-01-06 + 5 HK → Mon 2025-01-13.
    ['2025-01-06', 5, 'Asia/Jakarta', '2025-01-06', '2025-01-13'],
    // Weekend receipt: Sat 2025-01-11 counts as Mon 01-13; + 1 → Tue 01-14.
    ['2025-01-11', 1, 'Asia/Jakarta', '2025-01-13', '2025-01-14'],
    ['2025-01-12', 0, 'Asia/Jakarta', '2025-01-13', '2025-01-13'],
    // Imlek 2025: Mon 01-27 holiday, Tue 01-28 cuti bersama, Wed 01-29 holiday. Fri 01-24 + 1 → Thu 01-30.
    ['2025-01-24', 1, 'Asia/Jakarta', '2025-01-24', '2025-01-30'],
    // Lebaran 2025: Fri 03-28 to Mon 04-07 all off. Thu 03-27 + 1 → Tue 04-08.
    ['2025-03-27', 1, 'Asia/Jakarta', '2025-03-27', '2025-04-08'],
    ['2025-03-29', 1, 'Asia/Jakarta', '2025-04-08', '2025-04-09'],
    ['2025-03-28', 3, 'Asia/Jakarta', '2025-04-08', '2025-04-11'],
    // Wed 03-26 + 5: 03-27, 04-08, 04-09, 04-10, 04-11.
    ['2025-03-26', 5, 'Asia/Jakarta', '2025-03-26', '2025-04-11'],
    // Lebaran 2026: Wed 03-18 to Tue 03-24 all off (03-18, 03-19, 03-20, 03-23, 03-24 and the weekend).
    ['2026-03-17', 1, 'Asia/Jakarta', '2026-03-17', '2026-03-25'],
    ['2026-03-21', 2, 'Asia/Jakarta', '2026-03-25', '2026-03-27'],
    // Year boundary: Wed 2025-12-24 + 2 → 12-25 holiday, 12-26 cuti, weekend, Mon 12-29, Tue 12-30.
    ['2025-12-24', 2, 'Asia/Jakarta', '2025-12-24', '2025-12-30'],
    // 2025-12-31 (Wed) + 1 → 2026-01-01 holiday → Fri 01-02.
    ['2025-12-31', 1, 'Asia/Jakarta', '2025-12-31', '2026-01-02'],
    // Ten working days from the 2026 Lebaran: Mon 03-16 + 10 → 03-17, 03-25, 03-26, 03-27, 03-30, 03-31,
    // 04-01, 04-02, (04-03 Good Friday) 04-06, 04-07.
    ['2026-03-16', 10, 'Asia/Jakarta', '2026-03-16', '2026-04-07'],
  ])('%s + %i HK (%s) → received %s, due %s', (from, days, timeZone, receivedOn, dueDate) => {
    const result = addWorkingDays(from, days, { timeZone });
    expect(result.receivedOn).toBe(receivedOn);
    expect(result.dueDate).toBe(dueDate);
    expect(result.confirmed).toBe(true);
  });

  it('takes the receipt day in the unit time zone and ends the deadline at local midnight', () => {
    // 2026-01-05T16:30Z is Mon 23:30 in WIB but Tue 01:30 in WIT.
    const wib = addWorkingDays('2026-01-05T16:30:00Z', 1, { timeZone: 'Asia/Jakarta' });
    const wit = addWorkingDays('2026-01-05T16:30:00Z', 1, { timeZone: 'Asia/Jayapura' });
    expect([wib.receivedOn, wib.dueDate, wib.dueAt]).toEqual([
      '2026-01-05',
      '2026-01-06',
      '2026-01-06T23:59:59.999+07:00',
    ]);
    expect([wit.receivedOn, wit.dueDate, wit.dueAt]).toEqual([
      '2026-01-06',
      '2026-01-07',
      '2026-01-07T23:59:59.999+09:00',
    ]);
    const wita = addWorkingDays(new Date('2026-01-05T16:30:00Z'), 0, { timeZone: 'Asia/Makassar' });
    expect(wita.receivedOn).toBe('2026-01-06');
    expect(addWorkingDays('2026-01-05T23:30:00+07:00', 0).receivedOn).toBe('2026-01-05');
  });

  it('counts a year without a decree on weekends and fixed holidays only, and says it is unconfirmed', () => {
    // 2027-01-01 is a Friday: Thu 2026-12-31 + 1 → Mon 2027-01-04.
    const result = addWorkingDays('2026-12-31', 1);
    expect(result.dueDate).toBe('2027-01-04');
    expect(result.confirmed).toBe(false);
    expect(addWorkingDays('2026-12-30', 1).confirmed).toBe(true);
    expect(listHolidays(2027).confirmed).toBe(false);
    expect(listHolidays(2027).days.map((d) => d.date)).toContain('2027-08-17');
  });

  it('applies tenant overrides: an added regional holiday and a restored day', () => {
    const calendar = createCalendar([
      { date: '2025-01-07', action: 'add', name: 'Hari Jadi Kota', source: 'Perwali 1/2025' },
      { date: '2025-01-28', action: 'remove', source: 'SKB perubahan' },
    ]);
    expect(addWorkingDays('2025-01-06', 1, { calendar }).dueDate).toBe('2025-01-08');
    expect(addWorkingDays('2025-01-24', 1, { calendar }).dueDate).toBe('2025-01-28');
    expect(calendar.holiday('2025-01-07')?.name).toBe('Hari Jadi Kota');
  });

  it.each([
    ['2025-02-30', 1],
    ['2025-13-01', 1],
    ['kemarin', 1],
    ['2025-01-06T10:00:00', 1],
    ['2025-01-06', -1],
    ['2025-01-06', 1.5],
    ['2025-01-06', 367],
  ])('refuses %s + %s', (from, days) => {
    expect(() => addWorkingDays(from, days)).toThrow(RangeError);
  });

  it('refuses an unsupported time zone', () => {
    expect(() => addWorkingDays('2025-01-06', 1, { timeZone: 'Europe/Paris' })).toThrow(RangeError);
  });
});
