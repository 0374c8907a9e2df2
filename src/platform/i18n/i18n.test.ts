import { describe, expect, it } from 'vitest';
import { messages as en } from './en.js';
import { messages as id } from './id.js';
import { hasMessage, type MessageKey, negotiateLang, registerMessages, t } from './index.js';

describe('i18n', () => {
  it('has the same keys and placeholders in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
    for (const key of Object.keys(id) as (keyof typeof id)[]) {
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(en[key]), key).toEqual(placeholders(id[key]));
    }
  });

  it('takes the words of a module in both languages, and refuses a mismatch or a clash', () => {
    registerMessages({ id: { 'test.i18n.hello': 'Halo, {name}!' }, en: { 'test.i18n.hello': 'Hello, {name}!' } });
    expect(t('en', 'test.i18n.hello' as MessageKey, { name: 'Ani' })).toBe('Hello, Ani!');
    expect(hasMessage('test.i18n.hello')).toBe(true);
    // The same words again (a module loaded twice) are fine; other words under the same key are not.
    registerMessages({ id: { 'test.i18n.hello': 'Halo, {name}!' }, en: { 'test.i18n.hello': 'Hello, {name}!' } });
    expect(() => registerMessages({ id: { 'test.i18n.hello': 'Hai' }, en: { 'test.i18n.hello': 'Hi' } })).toThrow(/twice/);
    expect(() => registerMessages({ id: { 'test.i18n.a': 'Satu {n}' }, en: { 'test.i18n.a': 'One' } })).toThrow(/placeholders/);
    expect(() => registerMessages({ id: { 'test.i18n.b': 'Dua' }, en: {} as { 'test.i18n.b': string } })).toThrow(/English/);
    expect(() => registerMessages({ id: {} as { 'test.i18n.c': string }, en: { 'test.i18n.c': 'Three' } })).toThrow(/without an Indonesian/);
    // A key from outside input finds nothing of Object.prototype's.
    expect(hasMessage('constructor')).toBe(false);
    expect(t('id', 'constructor' as MessageKey)).toBe('constructor');
  });

  it('interpolates variables', () => {
    expect(t('id', 'error.rate_limited', { seconds: 30 })).toBe(
      'Terlalu banyak permintaan. Coba lagi dalam 30 detik.',
    );
    expect(t('en', 'error.rate_limited', { seconds: 30 })).toBe(
      'Too many requests. Try again in 30 seconds.',
    );
  });

  it('answers a key it does not know with the key, also when Object.prototype has that name', () => {
    for (const key of ['constructor', 'toString', '__proto__', 'no.such.key']) {
      expect(t('id', key as never)).toBe(key);
      expect(t('en', key as never)).toBe(key);
    }
    expect(t('id', 'error.rate_limited', { constructor: 1 } as never)).toContain('{seconds}');
  });

  it.each([
    [{}, 'id'],
    [{ acceptLanguage: 'en-GB,en;q=0.9' }, 'en'],
    [{ acceptLanguage: 'fr-FR, en;q=0.5, id;q=0.8' }, 'id'],
    [{ acceptLanguage: 'in-ID' }, 'id'],
    [{ acceptLanguage: 'de, fr' }, 'id'],
    [{ acceptLanguage: 'en;q=0, id' }, 'id'],
    [{ cookie: 'en', acceptLanguage: 'id' }, 'en'],
    [{ query: 'id', cookie: 'en' }, 'id'],
    [{ query: 'xx', cookie: 'en' }, 'en'],
  ])('negotiates %j → %s', (input, expected) => {
    expect(negotiateLang(input)).toBe(expected);
  });
});
