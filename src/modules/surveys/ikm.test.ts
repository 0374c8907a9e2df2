// The IKM computation as tables (DOMAIN.md §2): the regulation's worked example, rounding half up at
// the band boundaries, a dataset the 0.11 and 0.111 weights would grade differently, elements' grades
// and the weakest, and the Krejcie–Morgan minimum sample.
import { describe, expect, it } from 'vitest';
import { computeIkm, ELEMENTS, type ElementTotals, gradeOf, minimumSample, weakestElements } from './ikm.js';

/** Totals of `respondents` people answering every element, with these per-element sums (in key order). */
function totals(respondents: number, sums: readonly number[]): ElementTotals {
  return Object.fromEntries(ELEMENTS.map((k, i) => [k, { sum: sums[i]!, answered: respondents }])) as ElementTotals;
}

/** `total` spread over nine elements as evenly as possible (the first ones get the remainder). */
function spread(total: number): number[] {
  const base = Math.floor(total / 9);
  return ELEMENTS.map((_, i) => base + (i < total % 9 ? 1 : 0));
}

describe('computeIkm', () => {
  it('gives the worked example of DOMAIN.md §2: 81.11, B', () => {
    const result = computeIkm(totals(10, [35, 33, 27, 40, 32, 33, 37, 28, 27]));
    expect(result.elements.map((e) => e.nrr)).toEqual([3.5, 3.3, 2.7, 4.0, 3.2, 3.3, 3.7, 2.8, 2.7]);
    expect(result.ikm).toBe(81.11);
    expect(result.grade).toBe('B');
  });

  it.each([
    // respondents, sum of all nine elements' sums, exact index, rounded index, grade
    [2500, 79479, '88.31', 88.31, 'A'],
    [5000, 158949, '88.305', 88.31, 'A'], // half up: truncation would say 88.30 → B
    [250, 7947, '88.30', 88.3, 'B'],
    [5000, 137889, '76.605', 76.61, 'B'],
    [250, 6894, '76.60', 76.6, 'C'],
    [5000, 116991, '64.995', 65, 'C'],
    [1, 9, '25.00', 25, 'D'],
    [1, 36, '100.00', 100, 'A'],
  ] as const)('%i respondents, total %i (exactly %s) → %d, %s', (n, total, _exact, ikm, grade) => {
    const result = computeIkm(totals(n, spread(total)));
    expect(result.ikm).toBe(ikm);
    expect(result.grade).toBe(grade);
  });

  it('weights each NRR exactly 1/9: a dataset graded A that 0.11 and 0.111 weights would grade B', () => {
    const sums = [36, 36, 35, 35, 35, 35, 35, 35, 36];
    const result = computeIkm(totals(10, sums));
    expect(result.ikm).toBe(88.33);
    expect(result.grade).toBe('A');
    const nrrSum = sums.reduce((a, b) => a + b, 0) / 10;
    // What the templates compute, for contrast: both fall below 88.31.
    expect(gradeOf(Math.round(nrrSum * 0.11 * 25 * 100) / 100)).toBe('B');
    expect(gradeOf(Math.round(nrrSum * 0.111 * 25 * 100) / 100)).toBe('B');
  });

  it('divides each element by the respondents who answered it', () => {
    const t = totals(10, [30, 30, 30, 30, 30, 30, 30, 30, 30]);
    t.biaya = { sum: 16, answered: 4 };
    const result = computeIkm(t);
    expect(result.elements.find((e) => e.key === 'biaya')).toEqual({ key: 'biaya', nrr: 4, index: 100, grade: 'A' });
    // (8 × 3 + 4) / 9 × 25 = 77.777… → 77.78
    expect(result.ikm).toBe(77.78);
  });

  it('has no index when an element has no answer', () => {
    const t = totals(0, [0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(computeIkm(t)).toMatchObject({ ikm: null, grade: null });
  });
});

describe('gradeOf', () => {
  it.each([
    [100, 'A'],
    [88.31, 'A'],
    [88.3, 'B'],
    [76.61, 'B'],
    [76.6, 'C'],
    [65, 'C'],
    [64.99, 'D'],
    [25, 'D'],
  ] as const)('%d → %s', (index, grade) => expect(gradeOf(index)).toBe(grade));
});

describe('weakestElements', () => {
  it('names the elements graded C or D, lowest first', () => {
    const result = computeIkm(totals(10, [35, 33, 27, 40, 32, 33, 37, 28, 26]));
    expect(weakestElements(result.elements).map((e) => [e.key, e.index, e.grade])).toEqual([
      ['sarana', 65, 'C'],
      ['waktu', 67.5, 'C'],
      ['pengaduan', 70, 'C'],
    ]);
  });

  it('names the lowest when none is below B', () => {
    const result = computeIkm(totals(10, [40, 40, 40, 40, 40, 40, 40, 39, 38]));
    expect(weakestElements(result.elements, 2).map((e) => e.key)).toEqual(['sarana', 'pengaduan']);
  });
});

describe('minimumSample (Krejcie–Morgan)', () => {
  it.each([
    [10, 10],
    [50, 44],
    [100, 80],
    [200, 132],
    [500, 217],
    [1000, 278],
    [10000, 370],
    [1000000, 384],
    [50000000, 384],
    [0, 0],
    [1, 1],
  ])('N = %i → %i', (population, sample) => expect(minimumSample(population)).toBe(sample));
});
