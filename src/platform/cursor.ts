// Keyset pagination: a page ends with an opaque cursor naming its last row (a time and an id); the
// next page is what sorts strictly after it. One encoding for every list, so a cursor is checked in
// one place: a forged or truncated one is a 400 on its field, never a database error. The time must
// lie in the API's date range (dates.ts) — a cursor carrying year 0 or JavaScript's -271821 reached
// PostgreSQL and came back a 500. A caller whose ids are UUIDs checks that too (the id pattern here
// is the shape every list's ids share).
import { parseApiInstant } from './dates.js';
import { DomainError } from './errors.js';

export interface CursorPosition {
  at: Date;
  id: string;
}

const ID = /^[0-9A-Za-z_-]{1,64}$/;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.at.toISOString()}|${position.id}`).toString('base64url');
}

/** The position a cursor names, or undefined when it is not one this API issued. */
export function parseCursor(cursor: string): CursorPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  const [iso, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !iso || !id || !ID.test(id)) return undefined;
  const at = parseApiInstant(iso);
  return at && at.toISOString() === iso ? { at, id } : undefined;
}

/** As parseCursor, but a bad cursor is the caller's 400 on `field`. */
export function decodeCursor(cursor: string, field = '/cursor'): CursorPosition {
  const position = parseCursor(cursor);
  if (!position) throw cursorInvalid(field);
  return position;
}

export function cursorInvalid(field = '/cursor'): DomainError {
  return new DomainError('validation', 400, 'error.validation', {}, [{ field, code: 'cursor', messageKey: 'error.cursor_invalid' }]);
}

/** One page of `limit` from rows fetched with `limit + 1`: the items and the cursor of the next page. */
export function pageOf<T>(rows: readonly T[], limit: number, positionOf: (row: T) => CursorPosition): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(positionOf(items[items.length - 1]!)) : null };
}
