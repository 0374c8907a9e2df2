// Routing seam: which category and agency a report probably belongs to. The trained classifier
// (classifier/: suggestRouting(model, text)) plugs in
// behind this interface (`classifierRouting`); `keywordRouting` matches the category keywords (tests,
// and the fallback while the model trains or when it suggests a category the tenant does not have).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../../db/index.js';
import { withTenant } from '../../../db/index.js';
import { DEFAULT_TRAINING, type RoutingModel, suggestRouting } from './classifier/classifier.js';
import { ROUTING_DATASET, trainRoutingModel } from './classifier/dataset.js';
import { extractFeatures } from './classifier/text.js';
import { agencyForPlace, type AreaBounds, boundsOfAreas, type ServiceArea, toServiceArea } from './areas.js';
import * as store from './store.js';

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
  /** `tenantId`: route with that tenant's retrained model when it has one (training.ts). */
  suggest(text: string, categories: readonly RoutingCategory[], tenantId?: string): RoutingSuggestion | null | Promise<RoutingSuggestion | null>;
  /** The agency (id) whose service area holds the point, for this category; undefined when none. */
  agencyForPlace?(tenantId: string, categoryCode: string, latitude: number, longitude: number): Promise<string | undefined>;
  /** The box around the tenant's service areas (where its maps open); undefined when it has none. */
  areaBounds?(tenantId: string): Promise<AreaBounds | undefined>;
  /** Drops what this process cached for the tenant (its service areas changed): the next report reloads. */
  forget?(tenantId: string): void;
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

interface TenantRouting {
  checkedAt: number;
  /** The tenant's own model, or null: the shipped base model. */
  model: { version: number; model: RoutingModel } | null;
  areas: ServiceArea[];
}

export type ClassifierRoutingOptions = {
  /** Delay before the base model trains after start-up (default 2 s). */
  delayMs?: number;
  /** How long a tenant's model version and service areas are trusted before a re-check (default 30 s). */
  refreshMs?: number;
  /**
   * A directory (DATA_DIR/cache) to keep the trained base model in between starts. With a model
   * there for this data set and feature code, nothing trains: the file is read at the first
   * suggestion (≈ 30 ms), so an idle process never holds the model.
   */
  cacheDir?: string;
} & (
  | { db?: undefined }
  | {
      /** Per-tenant retrained models and service areas, checked every `refreshMs`… */
      db: Db;
      /** …by the app's clock. */
      now: () => Date;
    }
);

/**
 * Names the base model by what it is trained from: the data set, the training settings and the
 * features extracted from a fixed text (so a change to the feature code changes the name too).
 */
export function baseModelKey(): string {
  const features = extractFeatures('Jalan rusak berlubang di Jl. Perintis Kemerdekaan km 10, mohon diperbaiki sblm ada korban!! KTP-el blm jadi 3 bln');
  return createHash('sha256')
    .update(JSON.stringify({ version: 1, training: DEFAULT_TRAINING, dataset: ROUTING_DATASET, features }))
    .digest('hex')
    .slice(0, 20);
}

function readCachedModel(file: string): RoutingModel | undefined {
  try {
    const model = JSON.parse(fs.readFileSync(file, 'utf8')) as RoutingModel;
    return model.version === 1 && Array.isArray(model.classes) ? model : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the model whole or not at all, in a directory made beside DATA_DIR's others when missing —
 * never DATA_DIR itself: a process whose data directory was removed meanwhile (a test's, once it
 * closed; the timer still fires) writes nothing rather than make it again.
 */
export function writeCachedModel(file: string, model: RoutingModel): void {
  try {
    try {
      fs.mkdirSync(path.dirname(file), { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(model));
    fs.renameSync(temporary, file); // whole or not at all, also with several processes
  } catch {
    // A read-only data directory: train again at the next start.
  }
}

/**
 * The trained classifier (classifier/) behind the seam. Training the base model takes about a second
 * of CPU, so it runs once, shortly after start-up (never inside a request); until then, and
 * whenever the classifier suggests a category the tenant does not have, the keyword router answers.
 * A tenant with a retrained model (complaint_routing_models) is routed with it: each process checks
 * the version at most every `refreshMs` and loads the model when it changed, so every process
 * routes with the same model within that time.
 */
export function classifierRouting(options: ClassifierRoutingOptions = {}): RoutingSuggester & { warmUp(): void } {
  let base: RoutingModel | undefined;
  const cacheFile = options.cacheDir ? path.join(options.cacheDir, `routing-model-${baseModelKey()}.json`) : undefined;
  const train = () => {
    base ??= trainRoutingModel();
    if (cacheFile) writeCachedModel(cacheFile, base);
  };
  let cacheRead = false;
  /** The cached model, read on first use (once); undefined when there is none. */
  const cached = () => {
    if (!base && cacheFile && !cacheRead) {
      cacheRead = true;
      base = fs.existsSync(cacheFile) ? readCachedModel(cacheFile) : undefined;
      if (!base) setTimeout(warmUp, options.delayMs ?? 2000).unref(); // damaged: train again, in the background
    }
    return base;
  };
  const warmUp = () => {
    if (!cached()) train();
  };
  if (!cacheFile || !fs.existsSync(cacheFile)) {
    cacheRead = true;
    setTimeout(warmUp, options.delayMs ?? 2000).unref();
  }
  const refreshMs = options.refreshMs ?? 30_000;
  const tenants = new Map<string, TenantRouting>();
  const loading = new Map<string, Promise<TenantRouting>>();
  // Bumped by forget(): a load that began before it does not put what it read in the cache.
  const generations = new Map<string, number>();
  /** Per cached entry, the box around its areas (computed once, with the entry's lifetime). */
  const bounds = new WeakMap<TenantRouting, AreaBounds | null>();

  async function load(db: Db, now: () => Date, tenantId: string): Promise<TenantRouting> {
    const cached = tenants.get(tenantId);
    const generation = generations.get(tenantId) ?? 0;
    return withTenant(db, tenantId, async (trx) => {
      const version = await store.selectRoutingModelVersion(trx, tenantId);
      let model = cached?.model ?? null;
      if (!version) model = null;
      else if (model?.version !== version.version) {
        const row = await store.selectRoutingModel(trx, tenantId);
        model = row ? { version: row.version, model: row.model as RoutingModel } : null;
      }
      const areas = (await store.selectServiceAreas(trx, tenantId)).map(toServiceArea);
      const entry = { checkedAt: now().getTime(), model, areas };
      if ((generations.get(tenantId) ?? 0) === generation) tenants.set(tenantId, entry);
      return entry;
    });
  }

  async function forTenant(tenantId: string): Promise<TenantRouting | undefined> {
    if (!options.db) return undefined;
    const { db, now } = options;
    const cached = tenants.get(tenantId);
    if (cached && now().getTime() - cached.checkedAt < refreshMs) return cached;
    let pending = loading.get(tenantId);
    if (!pending) {
      const started: Promise<TenantRouting> = load(db, now, tenantId).finally(() => {
        if (loading.get(tenantId) === started) loading.delete(tenantId);
      });
      pending = started;
      loading.set(tenantId, pending);
    }
    try {
      return await pending;
    } catch {
      // The database is briefly unreachable: route with what this process has.
      return cached;
    }
  }

  return {
    warmUp,
    async suggest(text, categories, tenantId) {
      const own = tenantId ? (await forTenant(tenantId))?.model?.model : undefined;
      const model = own ?? base ?? cached();
      if (model) {
        const s = suggestRouting(model, text);
        const category = s && categories.find((c) => c.code === s.category);
        if (s && category) {
          // A tenant's own model has learned which of its agencies handles what (its corrections);
          // the shipped model only knows the usual agency, so the category's default wins there.
          const learned = own && categories.some((c) => c.agencyCode === s.agencyCode);
          return { category: category.code, agencyCode: learned ? s.agencyCode : (category.agencyCode ?? s.agencyCode), confidence: s.confidence };
        }
      }
      return keywordRouting.suggest(text, categories);
    },
    async agencyForPlace(tenantId, categoryCode, latitude, longitude) {
      const areas = (await forTenant(tenantId))?.areas ?? [];
      return agencyForPlace(areas, categoryCode, latitude, longitude);
    },
    async areaBounds(tenantId) {
      const entry = await forTenant(tenantId);
      if (!entry) return undefined;
      if (!bounds.has(entry)) bounds.set(entry, boundsOfAreas(entry.areas.map((a) => a.area)) ?? null);
      return bounds.get(entry) ?? undefined;
    },
    forget(tenantId) {
      // A load already under way may have read the old areas: it is not awaited nor cached.
      generations.set(tenantId, (generations.get(tenantId) ?? 0) + 1);
      tenants.delete(tenantId);
      loading.delete(tenantId);
    },
  };
}
