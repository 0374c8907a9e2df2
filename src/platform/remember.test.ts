import { describe, expect, it } from 'vitest';
import { remember } from './remember.js';

describe('remember', () => {
  it('computes a key once, starts over at the limit, and keeps nothing when the computation throws', () => {
    const map = new Map<string, number>();
    let calls = 0;
    const square = (n: number) => () => (calls++, n * n);
    expect(remember(map, 'a', 2, square(3))).toBe(9);
    expect(remember(map, 'a', 2, square(4))).toBe(9);
    expect(calls).toBe(1);
    remember(map, 'b', 2, square(5));
    expect(remember(map, 'c', 2, square(6))).toBe(36);
    expect([...map.keys()]).toEqual(['c']);
    expect(() => remember(map, 'd', 2, () => { throw new RangeError('no'); })).toThrow(RangeError);
    expect(map.has('d')).toBe(false);
  });
});
