// Keyset cursors for lists ordered newest first by (time, id): base64url of "<ISO time>|<uuid>".
// Opaque to clients, but they come back from outside, so decoding checks both halves — the time
// inside the API's date range (dates.ts), the id a UUID — before either reaches a query.
import { parseApiInstant } from './dates.js';

export interface KeysetPosition {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.at.toISOString()}|${position.id}`).toString('base64url');
}

/** The position a cursor names, or undefined for anything that is not a cursor this app made. */
export function decodeCursor(cursor: string): KeysetPosition | undefined {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = parseApiInstant(at);
  if (!date || rest.length > 0 || !UUID.test(id ?? '')) return undefined;
  return { at: date, id: id!.toLowerCase() };
}
