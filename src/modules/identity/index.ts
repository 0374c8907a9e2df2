// Identity: citizens, officers, their role grants and server-side sessions (request.principal).
// For now it holds the NIK rules (DOMAIN.md §5) as pure functions: parse and validate a NIK,
// mask it for display, and check an entered birth date and sex against it (docs/identity.md).
export {
  maskNik,
  type NikError,
  type NikErrorCode,
  nikMatches,
  type NikParseResult,
  parseNik,
  type ParsedNik,
} from './nik.js';
export {
  clearSessionCookie,
  createSession,
  markSecondFactor,
  type NewSession,
  registerSessionHook,
  resolveSession,
  revokeAllSessions,
  revokeSession,
  SESSION_ABSOLUTE_MS,
  SESSION_COOKIE,
  SESSION_IDLE_MS,
  type SessionCookieOptions,
  type SessionSubject,
  sessionIdOf,
  setSessionCookie,
} from './sessions.js';
export { registerSessionRoutes } from './session-routes.js';
