// The name a file is shown and offered under. It comes from the uploader's device, so it may carry a
// path ("C:\Users\…\ktp.jpg", "../../etc/passwd"), control characters, or a right-to-left override
// that makes "ktp\u202Efdp.exe" read as "ktpexe.pdf". None of that survives: the last path segment is
// kept, invisible and direction-changing characters are removed, and the extension is the one of the
// file's real type (sniffed from its content), never the one typed.

// C0 and C1 controls, DEL; bidirectional marks, embeddings, overrides and isolates; zero-width
// characters and the byte-order mark; characters Windows refuses in a file name; the line and paragraph separators.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"*:<>?|]/g;

/** Lone surrogates replaced by U+FFFD (String#toWellFormed: ES2024, Node ≥ 20), so the name can be stored and encoded. */
const wellFormed = (text: string) => (text as string & { toWellFormed(): string }).toWellFormed();

/** Longest stem kept, in characters (code points); the extension comes on top. */
export const NAME_MAX_STEM = 100;

/**
 * `original` as a safe display name ending in `.${extension}`; `fallback` (e.g. "berkas") when
 * nothing visible is left.
 */
export function displayFileName(original: string | undefined, extension: string, fallback = 'berkas'): string {
  const last = wellFormed(original ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = last.replace(UNSAFE, '').replace(/\s+/g, ' ').trim().replace(/^[.\s]+/, '');
  // Drop the typed extension (up to 10 letters or digits); the real type's is added below.
  const stem = [...cleaned.replace(/\.[\p{L}\p{N}]{1,10}$/u, '')].slice(0, NAME_MAX_STEM).join('').replace(/[.\s]+$/, '').trim();
  return `${stem || fallback}.${extension}`;
}

/** A name as an error message quotes it: the same cleaning, the typed extension kept, at most 100 characters. */
export function quotedFileName(original: string | undefined): string {
  const last = wellFormed(original ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = [...last.replace(UNSAFE, '').trim()].slice(0, NAME_MAX_STEM).join('');
  return cleaned || '—';
}
