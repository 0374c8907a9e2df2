import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, parseCursor } from './cursor.js';
import { isApiDate, parseApiDate, parseApiInstant } from './dates.js';

describe('API dates: years 0001–9999', () => {
  it.each([
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['2024-02-29', true],
    ['0000-01-01', false],
    ['2023-02-29', false],
    ['2026-1-5', false],
    ['+012026-01-01', false],
    [' 2026-01-05', false],
  ])('%s → %s', (value, ok) => {
    expect(isApiDate(value)).toBe(ok);
  });

  it('parses to midnight UTC', () => {
    expect(parseApiDate('2026-03-16')?.toISOString()).toBe('2026-03-16T00:00:00.000Z');
    expect(parseApiDate(20260316)).toBeUndefined();
  });

  it.each([
    ['2026-03-16T10:00:00+08:00', '2026-03-16T02:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
    ['0000-12-31T00:00:00.000Z', undefined],
    ['-271821-04-20T00:00:00.000Z', undefined],
    ['+275760-09-13T00:00:00.000Z', undefined],
    ['kemarin', undefined],
    ['', undefined],
  ])('instant %s → %s', (value, iso) => {
    expect(parseApiInstant(value)?.toISOString()).toBe(iso);
  });
});

describe('keyset cursors', () => {
  const id = '0b8f3a52-4c4e-4f0e-9a57-3d1f0c2e9b11';

  it('round-trip a position', () => {
    const at = new Date('2026-03-16T02:00:00.123Z');
    expect(parseCursor(encodeCursor({ at, id }))).toEqual({ at, id });
    expect(decodeCursor(encodeCursor({ at, id }))).toEqual({ at, id });
  });

  it.each([
    ['a time outside the range', `+275760-09-13T00:00:00.000Z|${id}`],
    ['year 0', `0000-12-31T00:00:00.000Z|${id}`],
    ['an id with other characters', '2026-03-16T02:00:00.000Z|1 OR 1=1'],
    ['a time written otherwise', `2026-03-16T10:00:00+08:00|${id}`],
    ['a third part', `2026-03-16T02:00:00.000Z|${id}|x`],
    ['nothing', ''],
  ])('refuse %s', (_label, raw) => {
    const cursor = Buffer.from(raw).toString('base64url');
    expect(parseCursor(cursor)).toBeUndefined();
    if (cursor) expect(() => decodeCursor(cursor, '/before')).toThrow(expect.objectContaining({ status: 400, fieldErrors: [expect.objectContaining({ field: '/before' })] }));
  });
});
