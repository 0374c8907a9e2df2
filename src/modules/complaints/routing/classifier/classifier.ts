// Routing classifier: multinomial logistic regression (softmax) over TF-IDF weighted word,
// word-pair and character n-gram features (see text.ts). Small on purpose: a few hundred examples,
// trains in well under a second, the model is plain JSON, and a suggestion is a ranking a
// coordinator confirms or corrects. (Naive Bayes over the same features scored about 0.63 in
// cross-validation against 0.76 for this; see docs/complaints-routing.md.)
//
// A class is a (category, agency) pair, so a suggestion never pairs a category with an agency that
// never handled it. Coordinator corrections are just more examples: train on base + corrections.
import { createHash } from 'node:crypto';
import { remember } from '../../../../platform/remember.js';
import { STORED_KINDS } from '../../intake/contract.js';
import { contentWords, extractFeatures, wordFeatures } from './text.js';

/** The kinds of report, as the intake contract has them (the data set labels each example with one). */
export const COMPLAINT_KINDS = STORED_KINDS;
export type ComplaintKind = (typeof STORED_KINDS)[number];

/** One labelled report: the base data set, or a coordinator's correction. */
export interface RoutingExample {
  text: string;
  category: string;
  agencyCode: string;
  kind?: ComplaintKind;
  /** How many examples this one counts as (default 1); e.g. 2 for a coordinator's correction. */
  weight?: number;
}

export interface RoutingModel {
  version: 1;
  /** The classes, in the order of every weight vector. */
  classes: { category: string; agencyCode: string }[];
  bias: number[];
  /** Inverse document frequency of each feature seen in training. */
  idf: Record<string, number>;
  /** Per feature, one weight per class. Features with no weight are left out. */
  weights: Record<string, number[]>;
}

export interface RoutingAlternative {
  category: string;
  agencyCode: string;
  confidence: number;
}

export interface RoutingSuggestion extends RoutingAlternative {
  /** Other categories, most likely first (each with its most likely agency). */
  alternatives: RoutingAlternative[];
}

export interface SuggestOptions {
  /** Only suggest these agencies (e.g. the tenant's own); classes of other agencies are dropped. */
  agencyCodes?: readonly string[];
  /** How many alternatives to return (default 3). */
  alternatives?: number;
}

export interface TrainOptions {
  /** Passes over the examples (stochastic gradient descent, in input order: deterministic). */
  epochs?: number;
  learningRate?: number;
  /** L2 penalty, applied to the weights an example touches. */
  l2?: number;
}

export const DEFAULT_TRAINING: Required<TrainOptions> = { epochs: 40, learningRate: 2, l2: 1e-4 };

/** Features whose weights are all smaller than this are dropped from the model. */
const PRUNE_BELOW = 0.01;

type Vector = [feature: string, value: number][];

/** TF-IDF (binary term frequency), L2-normalised; features unknown to the model are dropped. */
function vectorise(features: readonly string[], idf: ReadonlyMap<string, number>): Vector {
  const vector: Vector = [];
  let sumOfSquares = 0;
  for (const f of features) {
    const weight = idf.get(f);
    if (weight !== undefined) {
      vector.push([f, weight]);
      sumOfSquares += weight * weight;
    }
  }
  const norm = Math.sqrt(sumOfSquares) || 1;
  for (const entry of vector) entry[1] /= norm;
  return vector;
}

/** A feature the model knows: its IDF and its weight per class. */
interface KnownFeature {
  idf: number;
  weights: Float64Array;
  /** The suggestion that last counted it (one feature counts once per text). */
  seenBy: number;
}

/** How many words' features a model keeps at hand (a city's reports use a few thousand words). */
const WORDS_KEPT = 20_000;

interface PreparedModel {
  /** Per feature, its IDF and weights (zeros for a feature with an IDF and no weights). */
  features: Map<string, KnownFeature>;
  /** Per word seen in a suggestion, the features of it the model knows, in wordFeatures' order. */
  words: Map<string, KnownFeature[]>;
}

/**
 * The model's tables in one Map, built once per model object (JSON objects are slow to look up in),
 * and the known features of each word met so far: a word's features are the same in every text.
 */
const prepared = new WeakMap<RoutingModel, PreparedModel>();
function prepare(model: RoutingModel): PreparedModel {
  let table = prepared.get(model);
  if (!table) {
    const none = new Float64Array(model.classes.length);
    table = {
      features: new Map(
        Object.entries(model.idf).map(([f, idf]) => {
          const w = model.weights[f];
          return [f, { idf, weights: w ? Float64Array.from(w) : none, seenBy: 0 }] as const;
        }),
      ),
      words: new Map(),
    };
    prepared.set(model, table);
  }
  return table;
}

function knownFeaturesOf(table: PreparedModel, word: string): KnownFeature[] {
  return remember(table.words, word, WORDS_KEPT, () => wordFeatures(word).flatMap((f) => table.features.get(f) ?? []));
}

let suggestions = 0;

function softmax(scores: number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function trainClassifier(examples: readonly RoutingExample[], options: TrainOptions = {}): RoutingModel {
  const { epochs, learningRate, l2 } = { ...DEFAULT_TRAINING, ...options };
  const usable = examples.filter((e) => (e.weight ?? 1) > 0 && e.category !== '' && e.agencyCode !== '');
  const classKeys = [...new Set(usable.map((e) => `${e.category}\u0000${e.agencyCode}`))].sort();
  const classes = classKeys.map((key) => {
    const [category, agencyCode] = key.split('\u0000') as [string, string];
    return { category, agencyCode };
  });
  const documents = usable.map((e) => extractFeatures(e.text));
  const df = new Map<string, number>();
  for (const doc of documents) for (const f of doc) df.set(f, (df.get(f) ?? 0) + 1);
  const idf: Record<string, number> = {};
  for (const [f, n] of df) idf[f] = round(Math.log((1 + documents.length) / (1 + n)) + 1, 4);

  // Train on dense arrays indexed by feature number (fast); the model keeps features by name.
  const names = [...df.keys()];
  const index = new Map(names.map((f, i) => [f, i]));
  const K = classes.length;
  const W = new Float64Array(names.length * K);
  const bias = new Float64Array(K);
  const targets = usable.map((e) => classKeys.indexOf(`${e.category}\u0000${e.agencyCode}`));
  const idfMap = new Map(Object.entries(idf));
  const rows = documents.map((doc) => vectorise(doc, idfMap).map(([f, v]) => [index.get(f)!, v] as const));
  const scores = new Float64Array(K);
  for (let epoch = 0; epoch < epochs; epoch++) {
    rows.forEach((row, i) => {
      const weight = usable[i]!.weight ?? 1;
      scores.set(bias);
      for (const [f, v] of row) for (let k = 0; k < K; k++) scores[k]! += W[f * K + k]! * v;
      const p = softmax([...scores]);
      for (let k = 0; k < K; k++) {
        const gradient = weight * (p[k]! - (targets[i] === k ? 1 : 0));
        bias[k]! -= learningRate * gradient;
        for (const [f, v] of row) W[f * K + k]! -= learningRate * (gradient * v + l2 * W[f * K + k]!);
      }
    });
  }
  // Keep the JSON small: features whose weights are all tiny change no ranking (accuracy was the
  // same with thresholds from 0.01 to 0.1), and four decimals are plenty.
  const weights: Record<string, number[]> = {};
  names.forEach((f, i) => {
    const w = [...W.subarray(i * K, (i + 1) * K)];
    if (w.some((x) => Math.abs(x) >= PRUNE_BELOW)) weights[f] = w.map((x) => round(x, 4));
  });
  return { version: 1, classes, bias: [...bias].map((b) => round(b, 4)), idf, weights };
}

/**
 * Suggests a category and agency for a report text. Returns null when the model has no class to
 * offer (empty model, or none of the allowed agencies). Confidence is the model's probability for
 * the category (summed over its agencies): a ranking to show a coordinator, not a calibrated chance.
 */
export function suggestRouting(
  model: RoutingModel,
  text: string,
  options: SuggestOptions = {},
): RoutingSuggestion | null {
  const allowed = options.agencyCodes ? new Set(options.agencyCodes) : null;
  const keep = model.classes.map((c) => !allowed || allowed.has(c.agencyCode));
  if (!keep.includes(true)) return null;
  const table = prepare(model);
  // vectorise() and the dot products in one pass: the known features of extractFeatures(text), in its
  // order (each once), and their L2-normalised IDF.
  const stamp = ++suggestions;
  const known: KnownFeature[] = [];
  let sumOfSquares = 0;
  for (const word of contentWords(text)) {
    for (const entry of knownFeaturesOf(table, word)) {
      if (entry.seenBy === stamp) continue;
      entry.seenBy = stamp;
      known.push(entry);
      sumOfSquares += entry.idf * entry.idf;
    }
  }
  const norm = Math.sqrt(sumOfSquares) || 1;
  const scores = [...model.bias];
  for (const { idf, weights } of known) {
    const v = idf / norm;
    for (let k = 0; k < scores.length; k++) scores[k]! += weights[k]! * v;
  }
  const probabilities = softmax(scores.map((s, k) => (keep[k] ? s : -Infinity)));

  // Sum the classes of a category; the category's agency is its most likely class.
  const byCategory = new Map<string, { confidence: number; agencyCode: string; best: number }>();
  model.classes.forEach((c, k) => {
    if (!keep[k]) return;
    const p = probabilities[k]!;
    const entry = byCategory.get(c.category);
    if (!entry) byCategory.set(c.category, { confidence: p, agencyCode: c.agencyCode, best: p });
    else {
      entry.confidence += p;
      if (p > entry.best) Object.assign(entry, { agencyCode: c.agencyCode, best: p });
    }
  });
  const ranked = [...byCategory.entries()]
    .map(([category, e]) => ({ category, agencyCode: e.agencyCode, confidence: round(e.confidence, 4) }))
    .sort((a, b) => b.confidence - a.confidence || a.category.localeCompare(b.category));
  const [top, ...rest] = ranked;
  return { ...top!, alternatives: rest.slice(0, options.alternatives ?? 3) };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Deterministic train / held-out split by a hash of the text: the same example always lands on the
 * same side, whatever the order of the file or examples added later. About `heldOutPercent` % of
 * examples are held out.
 */
export function splitExamples<T extends { text: string }>(
  examples: readonly T[],
  heldOutPercent = 20,
): { train: T[]; heldOut: T[] } {
  const train: T[] = [];
  const heldOut: T[] = [];
  for (const example of examples) (hashBucket(example.text) < heldOutPercent ? heldOut : train).push(example);
  return { train, heldOut };
}

/** 0–99, stable for a text (SHA-256 of its trimmed form). */
export function hashBucket(text: string): number {
  return createHash('sha256').update(text.trim()).digest().readUInt32BE(0) % 100;
}

export interface Evaluation {
  examples: number;
  categoryAccuracy: number;
  agencyAccuracy: number;
  /** Share of examples whose category is the suggestion or one of its first two alternatives. */
  categoryTop3Accuracy: number;
  /** Texts whose category was wrong: what a coordinator would have had to correct. */
  misses: { text: string; expected: string; suggested: string }[];
}

export function evaluateClassifier(model: RoutingModel, examples: readonly RoutingExample[]): Evaluation {
  let categoryHits = 0;
  let agencyHits = 0;
  let top3Hits = 0;
  const misses: Evaluation['misses'] = [];
  for (const example of examples) {
    const suggestion = suggestRouting(model, example.text);
    if (suggestion?.category === example.category) categoryHits++;
    else misses.push({ text: example.text, expected: example.category, suggested: suggestion?.category ?? '-' });
    if (suggestion?.agencyCode === example.agencyCode) agencyHits++;
    const top3 = suggestion ? [suggestion, ...suggestion.alternatives.slice(0, 2)] : [];
    if (top3.some((s) => s.category === example.category)) top3Hits++;
  }
  const n = examples.length;
  return {
    examples: n,
    categoryAccuracy: n === 0 ? 0 : categoryHits / n,
    agencyAccuracy: n === 0 ? 0 : agencyHits / n,
    categoryTop3Accuracy: n === 0 ? 0 : top3Hits / n,
    misses,
  };
}

/** k-fold cross-validation over hash buckets (fold = bucket mod k): a steadier figure than one split. */
export function crossValidate(
  examples: readonly RoutingExample[],
  folds = 5,
  options: TrainOptions = {},
): { categoryAccuracy: number; agencyAccuracy: number } {
  let category = 0;
  let agency = 0;
  for (let fold = 0; fold < folds; fold++) {
    const test = examples.filter((e) => hashBucket(e.text) % folds === fold);
    const train = examples.filter((e) => hashBucket(e.text) % folds !== fold);
    const result = evaluateClassifier(trainClassifier(train, options), test);
    category += result.categoryAccuracy * test.length;
    agency += result.agencyAccuracy * test.length;
  }
  return { categoryAccuracy: category / examples.length, agencyAccuracy: agency / examples.length };
}
