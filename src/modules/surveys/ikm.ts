// The satisfaction index (IKM) exactly as DOMAIN.md §2 (PermenPANRB 14/2017) computes it: per-element
// NRR, the nine NRRs weighted exactly 1/9 each (never 0.11 or 0.111: templates that use them move the
// index by up to a point and can change its grade), × 25, rounded half up to 2 decimals, graded by
// lower bound. Pure functions, in integer arithmetic where rounding decides: a float sum like
// 88.305 stored as 88.30499… must still round to 88.31.

/** The nine elements (unsur), by their stable keys, in the order of files and reports. */
export const ELEMENTS = ['persyaratan', 'prosedur', 'waktu', 'biaya', 'produk', 'kompetensi', 'perilaku', 'pengaduan', 'sarana'] as const;
export type ElementKey = (typeof ELEMENTS)[number];

export type Grade = 'A' | 'B' | 'C' | 'D';

/** Lower bounds in hundredths of an index point, best first (our rule closing the regulation's gaps). */
const BANDS: readonly [number, Grade][] = [
  [8831, 'A'],
  [7661, 'B'],
  [6500, 'C'],
];

/** The grade of an index already rounded to 2 decimals (25–100). */
export function gradeOf(index: number): Grade {
  const hundredths = Math.round(index * 100);
  for (const [bound, grade] of BANDS) if (hundredths >= bound) return grade;
  return 'D';
}

/** Per element: the sum of its scores and how many respondents answered it. */
export type ElementTotals = Record<ElementKey, { sum: number; answered: number }>;

export interface ElementResult {
  key: ElementKey;
  /** Sum of scores / respondents who answered, rounded half up to 2 decimals (what reports print). */
  nrr: number;
  /** NRR × 25, rounded half up to 2 decimals: the element on the index's scale. */
  index: number;
  grade: Grade;
}

export interface IkmResult {
  /** null when nobody answered: no index, not a zero. */
  ikm: number | null;
  grade: Grade | null;
  elements: ElementResult[];
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** round-half-up(numerator / denominator) for non-negative integers. */
function roundHalfUp(numerator: bigint, denominator: bigint): number {
  return Number((2n * numerator + denominator) / (2n * denominator));
}

/**
 * The index from the nine elements' totals. IKM × 100 = 2500 · Σ(sumᵢ / answeredᵢ) / 9, computed as
 * one fraction over the answered counts' least common multiple so the rounding is exact.
 */
export function computeIkm(totals: ElementTotals): IkmResult {
  const answeredAll = ELEMENTS.every((k) => totals[k].answered > 0);
  const elements = ELEMENTS.map((key): ElementResult => {
    const { sum, answered } = totals[key];
    if (answered === 0) return { key, nrr: 0, index: 0, grade: 'D' };
    const index = roundHalfUp(BigInt(sum) * 2500n, BigInt(answered)) / 100;
    return { key, nrr: roundHalfUp(BigInt(sum) * 100n, BigInt(answered)) / 100, index, grade: gradeOf(index) };
  });
  if (!answeredAll) return { ikm: null, grade: null, elements };
  let lcm = 1n;
  for (const k of ELEMENTS) {
    const n = BigInt(totals[k].answered);
    lcm = (lcm * n) / gcd(lcm, n);
  }
  let numerator = 0n;
  for (const k of ELEMENTS) numerator += BigInt(totals[k].sum) * (lcm / BigInt(totals[k].answered));
  const ikm = roundHalfUp(numerator * 2500n, lcm * 9n) / 100;
  return { ikm, grade: gradeOf(ikm), elements };
}

/** The elements to work on first: graded below B, or else the lowest, lowest first (ties by key order). */
export function weakestElements(elements: readonly ElementResult[], count = 3): ElementResult[] {
  const ranked = [...elements].sort((a, b) => a.index - b.index || ELEMENTS.indexOf(a.key) - ELEMENTS.indexOf(b.key));
  const weak = ranked.filter((e) => e.grade === 'C' || e.grade === 'D');
  return (weak.length > 0 ? weak : ranked).slice(0, count);
}

/**
 * Krejcie–Morgan minimum sample for a population of `population` service users (the previous period):
 * S = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P)) with χ² = 3.841, P = 0.5, d = 0.05, rounded to the nearest
 * integer (the published table matches rounding, not ceiling). Never more than the population.
 */
export function minimumSample(population: number): number {
  if (!Number.isFinite(population) || population <= 0) return 0;
  const n = Math.floor(population);
  const s = (3.841 * n * 0.25) / (0.0025 * (n - 1) + 3.841 * 0.25);
  return Math.min(n, Math.round(s));
}

/** Totals of nobody: the start of a sum. */
export function emptyTotals(): ElementTotals {
  return Object.fromEntries(ELEMENTS.map((k) => [k, { sum: 0, answered: 0 }])) as ElementTotals;
}
