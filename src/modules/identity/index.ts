// Identity owns citizens, officers, their role grants, sessions (request.principal), second factors,
// the population registry, and citizens' personal data. It promises the other modules:
//  - request.principal on every request (registerSessionHook), checked by platform/auth's policy table;
//  - getCitizenContact / readCitizenPersonalData, the only way to read a citizen's personal data, each
//    read recorded for the citizen to see (UU 27/2022);
//  - the NIK rules (parseNik, maskNik, nikMatches) and region look-ups (idn-area-data, ODbL).
// Design and API: docs/identity.md.
import type { FastifyInstance } from 'fastify';
import { registerAdminPages } from './admin/pages.js';
import { registerApiKeyRoutes } from './api-keys/routes.js';
import { registerAssistedBanner, registerCounterPages } from './assisted/pages.js';
import { registerApiKeyHook } from './api-keys/service.js';
import { registerCitizenPages } from './citizens/pages.js';
import { registerAssistedRoutes, registerCitizenRoutes } from './citizens/routes.js';
import type { IdentityDeps } from './deps.js';
import { registerOfficerPages } from './officers/pages.js';
import { registerOfficerRoutes } from './officers/routes.js';
import { registerPageHooks } from './page-hooks.js';
import { registerDataRequestPages } from './personal-data/pages.js';
import { registerPersonalDataRoutes } from './personal-data/routes.js';
import { registerRegistryRoutes } from './registry/routes.js';

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
export type { IdentityAudit, IdentityContext, IdentityDeps } from './deps.js';
export { type Profile, registerCitizen, type Registration } from './citizens/service.js';
export { acceptInvitation, confirmTotpEnrolment, inviteOfficer, signInOfficer, startTotpEnrolment } from './officers/service.js';
export {
  ALL_PERSONAL_FIELDS,
  DATA_REQUEST_DEADLINE_HOURS,
  getCitizenContact,
  type PersonalField,
  readCitizenPersonalData,
} from './personal-data/service.js';
export { currentTotp } from './guards/totp.js';
export { demoTotpCodes } from './dev-totp.js';
export { DEMO_PASSWORD, type DemoAccount, seedDemoIdentity } from './seed.js';
export { checkPassword, hashPassword, verifyPassword } from './password.js';
export {
  createBuiltinRegistry,
  createHttpRegistry,
  importResidentsCsv,
  type PopulationRegistry,
  type RegistryAnswer,
  saveRegistrySettings,
} from './registry/registry.js';
export { findRegion, listChildRegions, listProvinces, REGION_ATTRIBUTION, type Region, regionPath } from './regions.js';

/** The identity module's JSON API and pages (sessions' own /me route: registerSessionRoutes). */
export function registerIdentityRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  registerApiKeyHook(app, deps);
  registerPageHooks(app, deps);
  registerAssistedBanner(app, deps);
  registerCitizenRoutes(app, deps);
  registerPersonalDataRoutes(app, deps);
  registerApiKeyRoutes(app, deps);
  registerAssistedRoutes(app, deps);
  registerRegistryRoutes(app, deps);
  registerOfficerRoutes(app, deps);
  registerCitizenPages(app, deps);
  registerOfficerPages(app, deps);
  registerAdminPages(app, deps);
  registerDataRequestPages(app, deps);
  registerCounterPages(app, deps);
}
