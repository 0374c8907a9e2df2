// Bahasa Indonesia first, English second. Every user-facing string goes through `t`.
import { messages as en } from './en.js';
import { messages as id, type MessageKey } from './id.js';

export type Lang = 'id' | 'en';
export const LANGS: readonly Lang[] = ['id', 'en'];
export type { MessageKey };

const catalogs: Record<Lang, Record<MessageKey, string>> = { id, en };

export function isLang(value: unknown): value is Lang {
  return value === 'id' || value === 'en';
}

/** Interpolates `{name}` placeholders; unknown keys fall back to Indonesian, then to the key itself. */
export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  // Own keys only: a key built from outside input ("constructor") must not find Object.prototype's.
  const template = own(catalogs[lang], key) ?? own(catalogs.id, key) ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = own(vars, name);
    return value === undefined ? whole : String(value);
  });
}

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
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
