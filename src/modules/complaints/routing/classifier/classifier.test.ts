import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROUTING_CATEGORIES } from './categories.js';
import {
  COMPLAINT_KINDS,
  evaluateClassifier,
  hashBucket,
  type RoutingExample,
  type RoutingModel,
  splitExamples,
  suggestRouting,
  trainClassifier,
} from './classifier.js';
import { CORRECTION_WEIGHT, ROUTING_DATASET, trainRoutingModel } from './dataset.js';
import { extractFeatures } from './text.js';

const tiny: RoutingExample[] = [
  { text: 'jalan berlubang di depan pasar', category: 'jalan_rusak', agencyCode: 'dpupr' },
  { text: 'aspal jalan rusak parah', category: 'jalan_rusak', agencyCode: 'dpupr' },
  { text: 'lampu jalan mati gelap', category: 'lampu_jalan', agencyCode: 'dishub' },
  { text: 'PJU padam sejak minggu lalu', category: 'lampu_jalan', agencyCode: 'dishub' },
  { text: 'KTP belum jadi blanko habis', category: 'administrasi_kependudukan', agencyCode: 'disdukcapil' },
  { text: 'akta kelahiran salah nama', category: 'administrasi_kependudukan', agencyCode: 'disdukcapil' },
];

describe('the routing data set', () => {
  it('has at least 400 valid examples, none repeated', () => {
    expect(ROUTING_DATASET.length).toBeGreaterThanOrEqual(400);
    const texts = ROUTING_DATASET.map((e) => e.text.trim().toLowerCase());
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('covers every category with at least 30 examples and uses every kind', () => {
    for (const category of ROUTING_CATEGORIES) {
      expect(ROUTING_DATASET.filter((e) => e.category === category.code).length, category.code).toBeGreaterThanOrEqual(30);
    }
    for (const kind of COMPLAINT_KINDS) {
      expect(ROUTING_DATASET.filter((e) => e.kind === kind).length, kind).toBeGreaterThanOrEqual(20);
    }
  });

  it('is written the way people write: abbreviations, regional words and some English', () => {
    const all = ROUTING_DATASET.map((e) => ` ${e.text.toLowerCase()} `).join('\n');
    for (const marker of [' yg ', ' gk ', ' jln ', ' udh ', ' tdk ', ' ji ', ' ora ', ' the ']) {
      expect(all, marker).toContain(marker);
    }
  });
});

describe('trainClassifier and suggestRouting', () => {
  const model = trainClassifier(tiny);

  it.each([
    ['jalannya berlubang dan rusak', 'jalan_rusak', 'dpupr'],
    ['lampu di gang kami mati, gelap', 'lampu_jalan', 'dishub'],
    ['ktp saya blm jadi2', 'administrasi_kependudukan', 'disdukcapil'],
  ])('%s → %s / %s', (text, category, agencyCode) => {
    expect(suggestRouting(model, text)).toMatchObject({ category, agencyCode });
  });

  it('returns ranked alternatives whose confidences are probabilities', () => {
    const suggestion = suggestRouting(model, 'lampu jalan rusak')!;
    const all = [suggestion, ...suggestion.alternatives];
    expect(all.map((a) => a.category).sort()).toEqual(['administrasi_kependudukan', 'jalan_rusak', 'lampu_jalan']);
    for (let i = 1; i < all.length; i++) expect(all[i - 1]!.confidence).toBeGreaterThanOrEqual(all[i]!.confidence);
    expect(all.reduce((s, a) => s + a.confidence, 0)).toBeCloseTo(1, 3);
    expect(suggestRouting(model, 'lampu jalan rusak', { alternatives: 1 })!.alternatives).toHaveLength(1);
  });

  it('survives a JSON round trip unchanged', () => {
    const copy = JSON.parse(JSON.stringify(model)) as typeof model;
    expect(suggestRouting(copy, 'jalan rusak')).toEqual(suggestRouting(model, 'jalan rusak'));
  });

  it('is deterministic: the same examples give the same model', () => {
    expect(trainClassifier(tiny)).toEqual(model);
  });

  it('only suggests the agencies it is allowed to', () => {
    const suggestion = suggestRouting(model, 'lampu jalan mati', { agencyCodes: ['dpupr', 'disdukcapil'] })!;
    expect(['dpupr', 'disdukcapil']).toContain(suggestion.agencyCode);
    expect(suggestion.alternatives.every((a) => a.agencyCode !== 'dishub')).toBe(true);
    expect(suggestRouting(model, 'lampu jalan mati', { agencyCodes: ['bapenda'] })).toBeNull();
  });

  it('returns null from an empty model, and ignores empty labels and non-positive weights', () => {
    expect(suggestRouting(trainClassifier([]), 'apa saja')).toBeNull();
    const m = trainClassifier([
      { text: 'x', category: '', agencyCode: 'dpupr' },
      { text: 'y', category: 'a', agencyCode: 'b', weight: 0 },
    ]);
    expect(m.classes).toEqual([]);
  });

  it('gives a suggestion for any text, even one with no known word', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (text) => {
        const s = suggestRouting(model, text)!;
        expect(s.confidence).toBeGreaterThan(0);
        expect(s.confidence).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('learns from corrections: a category routed to another agency follows the coordinator', () => {
    // A tenant where street lights belong to public works, not transport.
    const corrections = [
      { text: 'lampu jalan mati di depan rumah', category: 'lampu_jalan', agencyCode: 'dpupr' },
      { text: 'PJU di gang 3 padam', category: 'lampu_jalan', agencyCode: 'dpupr' },
      { text: 'lampu penerangan jalan kedip-kedip', category: 'lampu_jalan', agencyCode: 'dpupr' },
    ];
    const before = suggestRouting(trainClassifier(tiny), 'lampu jalan mati lagi')!;
    const after = suggestRouting(trainClassifier([...tiny, ...corrections.map((c) => ({ ...c, weight: 2 }))]), 'lampu jalan mati lagi')!;
    expect(before).toMatchObject({ category: 'lampu_jalan', agencyCode: 'dishub' });
    expect(after).toMatchObject({ category: 'lampu_jalan', agencyCode: 'dpupr' });
  });
});

describe('suggestRouting keeps each word\'s known features', () => {
  /** The suggestion's category scores computed straight from extractFeatures(text), as trained. */
  function reference(model: RoutingModel, text: string) {
    const known = extractFeatures(text).filter((f) => model.idf[f] !== undefined);
    const norm = Math.sqrt(known.reduce((sum, f) => sum + model.idf[f]! * model.idf[f]!, 0)) || 1;
    const scores = model.bias.map((b, k) => known.reduce((s, f) => s + (model.weights[f]?.[k] ?? 0) * (model.idf[f]! / norm), b));
    const max = Math.max(...scores);
    const exps = scores.map((x) => Math.exp(x - max));
    const sum = exps.reduce((a, b) => a + b, 0);
    const byCategory = new Map<string, number>();
    model.classes.forEach((c, k) => byCategory.set(c.category, (byCategory.get(c.category) ?? 0) + exps[k]! / sum));
    return [...byCategory.entries()].map(([category, p]) => ({ category, confidence: Math.round(p * 1e4) / 1e4 })).sort((a, b) => b.confidence - a.confidence || a.category.localeCompare(b.category));
  }

  it('suggests what the text\'s features say, for new words and words met before, repeated or shared', () => {
    const model = trainRoutingModel();
    // Words repeated within a text, words sharing n-grams ("kecamatan", "kelurahan"), and the data set twice: cold, then warm.
    const texts = ['jalan jalan jalan rusak', 'kecamatan kelurahan kecamatan ktp-el e-ktp', 'lubang2 pecah-pecah jln udh 3 bln', ...ROUTING_DATASET.map((e) => e.text)];
    for (const round of [1, 2]) {
      for (const text of texts) {
        const s = suggestRouting(model, text)!;
        const expected = reference(model, text);
        expect([s, ...s.alternatives.slice(0, 2)].map(({ category, confidence }) => ({ category, confidence })), `${round}: ${text}`).toEqual(expected.slice(0, 3));
      }
    }
  });
});

describe('splitExamples', () => {
  it('is stable: an example lands on the same side whatever the order or neighbours', () => {
    const { heldOut } = splitExamples(ROUTING_DATASET);
    const reversed = splitExamples([...ROUTING_DATASET].reverse());
    expect(new Set(reversed.heldOut.map((e) => e.text))).toEqual(new Set(heldOut.map((e) => e.text)));
    const alone = splitExamples([heldOut[0]!]);
    expect(alone.heldOut).toHaveLength(1);
  });

  it('holds out about a fifth and keeps the parts disjoint', () => {
    const { train, heldOut } = splitExamples(ROUTING_DATASET);
    expect(train.length + heldOut.length).toBe(ROUTING_DATASET.length);
    expect(heldOut.length / ROUTING_DATASET.length).toBeGreaterThan(0.12);
    expect(heldOut.length / ROUTING_DATASET.length).toBeLessThan(0.28);
    const trainTexts = new Set(train.map((e) => e.text));
    expect(heldOut.some((e) => trainTexts.has(e.text))).toBe(false);
  });

  it('hashes into 0–99', () => {
    fc.assert(fc.property(fc.string(), (t) => {
      const b = hashBucket(t);
      expect(Number.isInteger(b) && b >= 0 && b < 100).toBe(true);
    }));
  });
});

describe('accuracy on the held-out part of the data set', () => {
  // Measured 70.1 % (category) and 72.2 % (agency) on 97 held-out reports; see
  // docs/complaints-routing.md. The floors sit a little below so an unrelated tweak does not flap,
  // and well above chance (1 in 12).
  it('stays above the measured floor', () => {
    const { train, heldOut } = splitExamples(ROUTING_DATASET);
    const result = evaluateClassifier(trainClassifier(train), heldOut);
    expect(result.categoryAccuracy).toBeGreaterThanOrEqual(0.65);
    expect(result.agencyAccuracy).toBeGreaterThanOrEqual(0.67);
    // Measured 93.8 %: the coordinator nearly always finds the right category among three.
    expect(result.categoryTop3Accuracy).toBeGreaterThanOrEqual(0.9);
  });
});

describe('trainRoutingModel', () => {
  it('trains on the data set plus weighted corrections', () => {
    const text = 'wifi gratis di kantor kecamatan tidak bisa connect';
    const base = trainRoutingModel();
    expect(suggestRouting(base, text)).toMatchObject({ category: 'layanan_digital', agencyCode: 'diskominfo' });
    expect(CORRECTION_WEIGHT).toBeGreaterThan(1);
    const corrected = trainRoutingModel([
      { text, category: 'layanan_digital', agencyCode: 'dpmptsp' },
      { text: 'wifi kantor kecamatan mati', category: 'layanan_digital', agencyCode: 'dpmptsp' },
      { text: 'internet di kecamatan lemot', category: 'layanan_digital', agencyCode: 'dpmptsp' },
    ]);
    expect(corrected.classes).toContainEqual({ category: 'layanan_digital', agencyCode: 'dpmptsp' });
    expect(suggestRouting(corrected, text)).toMatchObject({ category: 'layanan_digital', agencyCode: 'dpmptsp' });
  });
});
