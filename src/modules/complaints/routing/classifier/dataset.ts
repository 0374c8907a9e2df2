// The labelled routing data set (dataset.json): 300+ reports written for Gerbang in the ways
// citizens really write — chat abbreviations, typos, Javanese and Makassar words, some English.
// Checked on load, so a bad edit to the file fails the tests rather than a coordinator's day.
import raw from './dataset.json' with { type: 'json' };
import { findRoutingCategory } from './categories.js';
import { COMPLAINT_KINDS, type RoutingExample, type RoutingModel, trainClassifier } from './classifier.js';

function checkExample(value: unknown, index: number): RoutingExample {
  const e = value as Partial<RoutingExample>;
  const category = typeof e.category === 'string' ? findRoutingCategory(e.category) : undefined;
  const ok =
    typeof e.text === 'string' &&
    e.text.trim().length > 0 &&
    category !== undefined &&
    e.agencyCode === category.agencyCode &&
    COMPLAINT_KINDS.includes(e.kind as never);
  if (!ok) throw new Error(`classifier/dataset.json entry ${index} is not a valid example: ${JSON.stringify(value)}`);
  return { text: e.text!, kind: e.kind!, category: e.category!, agencyCode: e.agencyCode! };
}

export const ROUTING_DATASET: readonly RoutingExample[] = (raw as unknown[]).map(checkExample);

/** Weight of a coordinator's correction relative to a base example: a confirmed real report. */
export const CORRECTION_WEIGHT = 2;

/**
 * The model the complaints service uses: the base data set plus the coordinator's corrections
 * (a report's text with the category and agency the coordinator chose).
 */
export function trainRoutingModel(
  corrections: readonly Omit<RoutingExample, 'weight'>[] = [],
): RoutingModel {
  return trainClassifier([
    ...ROUTING_DATASET,
    ...corrections.map((c) => ({ ...c, weight: CORRECTION_WEIGHT })),
  ]);
}
