// Which errors mean "the database is not there right now" rather than "this query is wrong": the
// connection was refused, reset or cut (a restart, a failover, pg_terminate_backend, a killed
// postmaster), or no connection could be had in time. Such a request is answered 503 with
// Retry-After, and a background loop backs off and tries again; anything else stays a 500.

/** SQLSTATEs of a server that went away or cannot take a connection now (besides class 08). */
const SERVER_GONE = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, or a fast shutdown
  '57P02', // crash_shutdown: another backend crashed and the server is resetting
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
]);

/** Socket errors of a connection that could not be made or was lost. */
const SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// The pg driver's and pool's own messages (they carry no code).
const DRIVER_MESSAGES = [
  /^Connection terminated/, // "… unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect$/,
  /not queryable$/, // a client whose connection already failed
];

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/** True when `error` (or an error it wraps) says the database is unreachable or the connection was lost. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (!(current instanceof Error) || seen.has(current)) continue;
    seen.add(current);
    if (current instanceof DatabaseUnavailableError) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('08') || SERVER_GONE.has(code) || SOCKET_ERRORS.has(code))) return true;
    if (DRIVER_MESSAGES.some((pattern) => pattern.test(current.message))) return true;
    pending.push(current.cause);
    // Node's connect with several addresses (happy eyeballs) fails with an AggregateError.
    if (current instanceof AggregateError) pending.push(...current.errors);
  }
  return false;
}
