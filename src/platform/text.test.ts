import { describe, expect, it } from 'vitest';
import { meaningfulText } from './text.js';

describe('meaningfulText', () => {
  it.each([
    ['', undefined],
    ['   \n\t', undefined],
    ['\u200b\u200c\u200d', undefined],
    ['\ufeff\u2060\u00ad', undefined],
    ['\u202e\u200f', undefined],
    ['\u3164\u115f\u2800', undefined],
    ['\u00a0\u3000', undefined],
    ['\u034f\ufe0f', undefined],
    ['  Jalan rusak  ', 'Jalan rusak'],
    ['\u200bA', '\u200bA'],
    ['😀', '😀'],
    ['.', '.'],
  ])('%j → %j', (value, expected) => {
    expect(meaningfulText(value)).toBe(expected);
  });

  it('takes null and undefined as nothing', () => {
    expect(meaningfulText(null)).toBeUndefined();
    expect(meaningfulText(undefined)).toBeUndefined();
  });
});
