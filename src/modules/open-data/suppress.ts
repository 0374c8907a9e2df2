// The small-count rule: no open table lets anyone single a person out. A count below the threshold
// (OPEN_DATA_MIN_COUNT, default 5) in a small area — a cell of a table broken down by agency,
// category or region — is published as the marker "<N" instead of its value. So that a withheld cell
// cannot be recovered by subtracting the others from a total published elsewhere (the agency's total
// on the dashboard, say), a group (an agency's row of cells) with exactly one withheld cell has its
// next smallest cell withheld too (secondary suppression). Cells that derive from the withheld
// counts (an average over them) are withheld with them. Zeros are published: they single nobody out.
import type { Cell, TableRecord } from './table.js';

export interface SuppressionRule {
  /** Counts 1 … threshold-1 are withheld. */
  threshold: number;
  /** The count column the rule applies to. */
  count: string;
  /** Columns computed from the count's people (an average rating): withheld with it. */
  derived?: readonly string[];
  /** The column whose equal values form a group for secondary suppression (none: the whole table). */
  groupBy?: string;
}

export const markerOf = (threshold: number) => `<${threshold}`;

const isSmall = (value: Cell, threshold: number) => typeof value === 'number' && value > 0 && value < threshold;

/** The records with small counts withheld (new objects; the input is left alone) and how many cells were. */
export function suppressSmallCounts(records: readonly TableRecord[], rule: SuppressionRule): { records: TableRecord[]; suppressedCells: number } {
  if (rule.threshold <= 1) return { records: records.map((r) => ({ ...r })), suppressedCells: 0 };
  const marker = markerOf(rule.threshold);
  const withheld = new Set<number>();
  records.forEach((r, i) => {
    if (isSmall(r[rule.count] ?? null, rule.threshold)) withheld.add(i);
  });
  // Secondary suppression: a group with one withheld cell gives up its smallest other non-zero count.
  const groups = new Map<string, number[]>();
  records.forEach((r, i) => {
    const key = rule.groupBy ? String(r[rule.groupBy]) : '';
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  for (const members of groups.values()) {
    if (members.filter((i) => withheld.has(i)).length !== 1) continue;
    const candidates = members.filter((i) => !withheld.has(i) && typeof records[i]![rule.count] === 'number' && (records[i]![rule.count] as number) > 0);
    candidates.sort((a, b) => (records[a]![rule.count] as number) - (records[b]![rule.count] as number));
    if (candidates[0] !== undefined) withheld.add(candidates[0]);
  }
  let suppressedCells = 0;
  const out = records.map((r, i) => {
    if (!withheld.has(i)) return { ...r };
    const copy: TableRecord = { ...r, [rule.count]: marker };
    suppressedCells++;
    for (const column of rule.derived ?? []) {
      copy[column] = null;
      suppressedCells++;
    }
    return copy;
  });
  return { records: out, suppressedCells };
}
