// RFC 8785 (JSON Canonicalization Scheme) bytes. Audit entries and checkpoints are signed and hashed
// over these bytes, which are stored as they are and never serialised again.
import canonicalize from 'canonicalize';

/** The canonical bytes and the plain JSON value they encode (what a reader will get back). */
export function encodeCanonical(value: unknown): { bytes: Buffer; json: unknown } {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (error) {
    throw new TypeError(`not canonical-JSON serialisable: ${(error as Error).message}`);
  }
  // canonicalize() yields undefined for a bare undefined and `{"f":undefined}` for a function
  // member; refuse both rather than store bytes that are not JSON.
  if (text === undefined) throw new TypeError('not canonical-JSON serialisable: undefined');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TypeError('not canonical-JSON serialisable: holds a function or another non-JSON value');
  }
  return { bytes: Buffer.from(text, 'utf8'), json };
}

/**
 * The canonical JSON of `value` as UTF-8 bytes: keys sorted by UTF-16 code units, no whitespace,
 * ECMAScript number formatting. Throws a TypeError for what JSON cannot represent faithfully
 * (undefined at the top, functions, BigInt, NaN, Infinity, lone surrogates, cycles).
 */
export function canonicalJson(value: unknown): Buffer {
  return encodeCanonical(value).bytes;
}
