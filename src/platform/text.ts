// When free text counts as given. A title of zero-width spaces looks blank to every reader and was
// accepted while "   " was refused; one rule for both: text says something only if it has a character
// that shows. Invisible are white space and separators, control and format characters (zero-width
// space and joiners, direction marks, BOM, soft hyphen, tag characters), and the fillers and blanks
// that render as nothing (Hangul fillers, braille blank, combining grapheme joiner, variation
// selectors).
// The combining ones (U+034F, U+FE00–FE0F) stand alone in the alternation: a class would join them.
const INVISIBLE = /^(?:[\s\p{Z}\p{Cc}\p{Cf}\u115F\u1160\u2800\u3164\uFFA0]|\u034F|[\uFE00-\uFE0F])*$/u;

export function hasVisibleText(value: string): boolean {
  return !INVISIBLE.test(value);
}

/** The text without surrounding white space, or undefined when nothing in it would show. */
export function meaningfulText(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed && hasVisibleText(trimmed) ? trimmed : undefined;
}
