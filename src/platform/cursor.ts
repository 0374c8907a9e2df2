// Keyset pagination: a page ends with an opaque cursor naming its last row (a time and an id); the
// next page is what sorts strictly after it. One encoding for every list of the API, so a cursor is
// checked in one place: a forged or truncated one is a 400 on its field, never a database error.
import { DomainError } from './errors.js';

export interface CursorPosition {
  at: Date;
  id: string;
}

const ID = /^[0-9A-Za-z_-]{1,64}$/;
// What PostgreSQL's timestamptz and JavaScript both hold without surprise (see platform/dates.ts).
const EARLIEST = Date.UTC(1, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(`${position.at.toISOString()}|${position.id}`).toString('base64url');
}

/** The position a cursor names, or undefined when it is not one this API issued. */
export function parseCursor(cursor: string): CursorPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  const [iso, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !iso || !id || !ID.test(id)) return undefined;
  const at = new Date(iso);
  const ms = at.getTime();
  if (!Number.isFinite(ms) || ms < EARLIEST || ms > LATEST || at.toISOString() !== iso) return undefined;
  return { at, id };
}

/** As parseCursor, but a bad cursor is the caller's 400 on `field`. */
export function decodeCursor(cursor: string, field = '/cursor'): CursorPosition {
  const position = parseCursor(cursor);
  if (!position) {
    throw new DomainError('validation', 400, 'error.validation', {}, [{ field, code: 'cursor', messageKey: 'error.cursor_invalid' }]);
  }
  return position;
}

/** One page of `limit` from rows fetched with `limit + 1`: the items and the cursor of the next page. */
export function pageOf<T>(rows: readonly T[], limit: number, positionOf: (row: T) => CursorPosition): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(positionOf(items[items.length - 1]!)) : null };
}
