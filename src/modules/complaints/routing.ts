import { type RoutingModel, suggestRouting } from './classifier/classifier.js';
import { trainRoutingModel } from './classifier/dataset.js';
// Routing seam: which category and agency a report probably belongs to. The trained classifier
// (src/modules/complaints/classifier/, built separately: suggestRouting(model, text)) plugs in
// behind this interface (`classifierRouting`); `keywordRouting` matches the category keywords (tests,
// and the fallback while the model trains or when it suggests a category the tenant does not have).
export interface RoutingCategory {
  code: string;
  agencyCode: string | null;
  keywords: readonly string[];
}

export interface RoutingSuggestion {
  category: string;
  agencyCode: string | null;
  /** 0..1 */
  confidence: number;
}

export interface RoutingSuggester {
  suggest(text: string, categories: readonly RoutingCategory[]): RoutingSuggestion | null;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

/** Counts keyword hits per category; the best wins, confidence = its share of all hits. */
export const keywordRouting: RoutingSuggester = {
  suggest(text, categories) {
    const tokens = new Set(words(text));
    const joined = ` ${[...tokens].join(' ')} `;
    let best: { code: string; agencyCode: string | null; hits: number } | undefined;
    let total = 0;
    for (const category of categories) {
      let hits = 0;
      for (const keyword of category.keywords) {
        const k = words(keyword).join(' ');
        if (k && (tokens.has(k) || joined.includes(` ${k} `))) hits++;
      }
      total += hits;
      if (hits > 0 && (!best || hits > best.hits)) best = { code: category.code, agencyCode: category.agencyCode, hits };
    }
    if (!best) return null;
    return { category: best.code, agencyCode: best.agencyCode, confidence: best.hits / total };
  },
};

/**
 * The trained classifier (classifier/) behind the seam. Training takes about a second of CPU, so it
 * runs once, shortly after start-up (never inside a request); until then, and whenever the
 * classifier suggests a category the tenant does not have, the keyword router answers.
 */
export function classifierRouting(options: { delayMs?: number } = {}): RoutingSuggester {
  let model: RoutingModel | undefined;
  const timer = setTimeout(() => {
    model = trainRoutingModel();
  }, options.delayMs ?? 2000);
  timer.unref();
  return {
    suggest(text, categories) {
      if (model) {
        const s = suggestRouting(model, text);
        const category = s && categories.find((c) => c.code === s.category);
        if (s && category) return { category: category.code, agencyCode: category.agencyCode ?? s.agencyCode, confidence: s.confidence };
      }
      return keywordRouting.suggest(text, categories);
    },
  };
}
