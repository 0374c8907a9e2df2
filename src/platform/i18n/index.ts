// Bahasa Indonesia first, English second. Every user-facing string goes through `t`.
//
// The platform's own words are in id.ts/en.ts. A module owns its words: its `strings.ts` registers
// them at start-up (`registerMessages`) and adds their keys to `Messages` by declaration merging, so
// `t` is type-checked against every word of the modules loaded — and adding a module touches no file
// here.
import { messages as en } from './en.js';
import { messages as id } from './id.js';

export type Lang = 'id' | 'en';
export const LANGS: readonly Lang[] = ['id', 'en'];

type PlatformMessages = Record<keyof typeof id, string>;
/** Every message key: the platform's, and each module's (`declare module … { interface Messages extends … }`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Messages extends PlatformMessages {}
export type MessageKey = keyof Messages & string;

// Maps, not objects: a key built from outside input ("constructor") must not find Object.prototype's.
const catalogs: Record<Lang, Map<string, string>> = { id: new Map(), en: new Map() };

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

/**
 * Adds words to the catalogue, in both languages. Refused (a programming error, at start-up): a key
 * missing in one language, different placeholders in the two, or a key another module registered
 * with another text.
 */
export function registerMessages<K extends string>(texts: { id: Readonly<Record<K, string>>; en: Readonly<Record<K, string>> }): void {
  const keys = Object.keys(texts.id) as K[];
  const extra = Object.keys(texts.en).filter((k) => !Object.hasOwn(texts.id, k));
  if (extra.length > 0) throw new Error(`English texts without an Indonesian one: ${extra.join(', ')}`);
  for (const key of keys) {
    const [textId, textEn] = [texts.id[key], texts.en[key]];
    if (typeof textEn !== 'string') throw new Error(`no English text for ${key}`);
    if (placeholders(textId) !== placeholders(textEn)) throw new Error(`${key}: the two languages have different {placeholders}`);
    for (const [lang, text] of [['id', textId], ['en', textEn]] as const) {
      const existing = catalogs[lang].get(key);
      if (existing !== undefined && existing !== text) throw new Error(`${key} is registered twice with different texts`);
    }
  }
  for (const key of keys) {
    catalogs.id.set(key, texts.id[key]);
    catalogs.en.set(key, texts.en[key]);
  }
}

registerMessages({ id, en });

export function isLang(value: unknown): value is Lang {
  return value === 'id' || value === 'en';
}

/** Whether a key (e.g. built from a stored code) has a text: pages show a fallback instead of the key. */
export function hasMessage(key: string): key is MessageKey {
  return catalogs.id.has(key);
}

/** Interpolates `{name}` placeholders; unknown keys fall back to Indonesian, then to the key itself. */
export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = catalogs[lang].get(key) ?? catalogs.id.get(key) ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
    return value === undefined ? whole : String(value);
  });
}

/**
 * Picks the language: an explicit `?lang=`, then the `lang` cookie, then Accept-Language
 * (first supported tag by q-value), else Bahasa Indonesia.
 */
export function negotiateLang(input: { query?: unknown; cookie?: unknown; acceptLanguage?: string }): Lang {
  if (isLang(input.query)) return input.query;
  if (isLang(input.cookie)) return input.cookie;
  if (input.acceptLanguage) {
    const ranked = input.acceptLanguage
      .split(',')
      .map((part, index) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
        return { base: tag.toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1, index };
      })
      .filter((entry) => entry.q > 0)
      .sort((a, b) => b.q - a.q || a.index - b.index);
    for (const entry of ranked) {
      if (entry.base === 'in') return 'id'; // legacy code for Indonesian
      if (isLang(entry.base)) return entry.base;
    }
  }
  return 'id';
}
