import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractFeatures, normaliseText, stemWord } from './text.js';

describe('normaliseText', () => {
  it.each([
    ['Jln. rusak BGT!!', ['jalan', 'rusak', 'banget']],
    ['udh 3 bln gk diperbaiki', ['sudah', '3', 'bulan', 'tidak', 'diperbaiki']],
    ['lubang2 di jl. Veteran', ['lubang', 'di', 'jalan', 'veteran']],
    ['pecah-pecah dan gorong-gorong', ['pecah', 'dan', 'gorong']],
    ['KTP-el saya & e-KTP anak', ['ktp', 'saya', 'ktp', 'anak']],
    ['PJU mati', ['lampu', 'penerangan', 'jalan', 'umum', 'mati']],
    ['lambat sekali ji, banyak mi lubang', ['lambat', 'sekali', 'banyak', 'lubang']],
    ['dalane rusak, ora ono sing ndandani', ['jalan', 'rusak', 'tidak', 'ono', 'sing', 'ndandani']],
    ['   ', []],
    ['?!…', []],
    // Words that are also names on Object.prototype are words like any other.
    ['constructor __proto__ toString valueOf hasOwnProperty', ['constructor', 'proto', 'tostring', 'valueof', 'hasownproperty']],
  ])('%s', (text, expected) => {
    expect(normaliseText(text)).toEqual(expected);
  });

  it('yields only lower-case letters and digits, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        for (const word of normaliseText(text)) {
          expect(word).toMatch(/^[\p{Ll}\p{Lo}\p{Lm}\p{N}\p{M}]+$/u);
        }
      }),
    );
  });
});

describe('stemWord', () => {
  it.each([
    ['diperbaiki', 'baik'],
    ['perbaikan', 'baik'],
    ['kebanjiran', 'banjir'],
    ['pelayanannya', 'layan'],
    ['menyapu', 'sapu'],
    ['tergenang', 'genang'],
    ['rusak', 'rusak'],
    ['jalan', 'jalan'],
    ['ktp', 'ktp'],
    ['bpjs', 'bpjs'],
    ['a1b2', 'a1b2'],
  ])('%s → %s', (word, stem) => {
    expect(stemWord(word)).toBe(stem);
  });

  it('never returns a stem shorter than three letters from a longer word', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{3,15}$/), (word) => {
        expect(stemWord(word).length).toBeGreaterThanOrEqual(3);
      }),
    );
  });
});

describe('extractFeatures', () => {
  it('gives words, stems and character n-grams, each once', () => {
    const features = extractFeatures('jalan jalan diperbaiki');
    expect(features).toContain('w:jalan');
    expect(features).toContain('w:baik');
    expect(features).toContain('c:<ja');
    expect(features).toContain('c:lan>');
    expect(new Set(features).size).toBe(features.length);
  });

  it('drops stop words and bare numbers', () => {
    expect(extractFeatures('yang di dan 2024')).toEqual([]);
  });

  it('is the same for a text however it is spelt in chat style', () => {
    expect(extractFeatures('jln rusak udh lama').sort()).toEqual(extractFeatures('jalan rusak sudah lama').sort());
  });
});
