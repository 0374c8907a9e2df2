// Identity: this module will own citizens, officers and their sessions.
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
