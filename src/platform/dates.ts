// Dates and instants that come from outside — API fields, query parameters, list cursors — are
// accepted in one range: 0001-01-01 to 9999-12-31 (UTC), the four-digit years of ISO 8601 and
// RFC 3339. Every layer holds that range: JavaScript's Date (±275,760 years), PostgreSQL's `date`
// (4713 BC to 5874897 AD) and `timestamptz` (4713 BC to 294276 AD). Outside it the layers disagree —
// "0000-01-01" is a valid RFC 3339 date and a valid JavaScript one, but PostgreSQL has no year 0, and
// a cursor can carry "-271821-04-20" — and the disagreement reached the client as a 500.

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The first and last instants accepted: 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z. */
export const EARLIEST_INSTANT = Date.parse('0001-01-01T00:00:00Z');
export const LATEST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/** True for an instant inside the accepted range (and not an invalid Date). */
export function isApiInstant(date: Date): boolean {
  const time = date.getTime();
  return time >= EARLIEST_INSTANT && time <= LATEST_INSTANT;
}

/** A calendar date `YYYY-MM-DD` that exists (no 30 February), years 0001–9999, as midnight UTC; else undefined. */
export function parseApiDate(value: unknown): Date | undefined {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  if (!m) return undefined;
  const date = new Date(`${value as string}T00:00:00Z`);
  // toISOString round-trips only a day that exists; year 0000 parses but lies outside the range.
  return isApiInstant(date) && date.toISOString().slice(0, 10) === value ? date : undefined;
}

export function isApiDate(value: unknown): value is string {
  return parseApiDate(value) !== undefined;
}

/** An ISO 8601 instant as JavaScript reads it (e.g. from a cursor), inside the range; else undefined. */
export function parseApiInstant(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const date = new Date(value);
  return isApiInstant(date) ? date : undefined;
}
