// The berkala six-month rule as a table: due day (month ends, leap years, year ends) and the overdue
// flag at the boundary, in the tenant's zone (an instant late on the due day in UTC is the next day in WITA).
import { describe, expect, it } from 'vitest';
import { updateDueDay, updateStatus } from './overdue.js';

describe('updateDueDay', () => {
  it.each([
    ['2026-01-15', '2026-07-15'],
    ['2026-07-15', '2027-01-15'],
    ['2026-08-31', '2027-02-28'],
    ['2027-08-31', '2028-02-29'],
    ['2026-12-31', '2027-06-30'],
    ['2026-06-30', '2026-12-30'],
    ['2026-03-31', '2026-09-30'],
  ])('last updated %s → due %s', (last, due) => {
    expect(updateDueDay(last)).toBe(due);
  });
});

describe('updateStatus', () => {
  const zone = 'Asia/Makassar'; // UTC+8
  const last = new Date('2026-01-15T02:00:00Z'); // 15 January, 10:00 WITA
  it.each([
    ['the due day, late evening WITA', '2026-07-15T15:59:59Z', false],
    ['the next day, just after midnight WITA', '2026-07-15T16:00:00Z', true],
    ['a day before the due day', '2026-07-14T03:00:00Z', false],
    ['a year later', '2027-01-20T03:00:00Z', true],
  ])('berkala on %s: overdue %s', (_label, now, overdue) => {
    expect(updateStatus('berkala', last, new Date(now), zone)).toEqual({ dueDay: '2026-07-15', overdue });
  });

  it.each(['serta_merta', 'setiap_saat', 'dikecualikan'] as const)('%s is never overdue', (cls) => {
    expect(updateStatus(cls, last, new Date('2030-01-01T00:00:00Z'), zone)).toEqual({ dueDay: null, overdue: false });
  });
});
