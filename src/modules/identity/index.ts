// Identity owns citizens, officers, their role grants, sessions (request.principal), second factors,
// the population registry, and citizens' personal data. A citizen's account is the installation's
// (one per NIK, one sign-in for every tenant); officers are their tenant's. It promises the other modules:
//  - request.principal on every request (registerSessionHook), checked by platform/auth's policy table;
//  - getCitizenContact / readCitizenPersonalData, the only way to read a citizen's personal data, each
//    read recorded for the citizen to see (UU 27/2022);
//  - the NIK rules (parseNik, maskNik, nikMatches) and region look-ups (idn-area-data, ODbL).
// Design and API: docs/identity.md.
import './events.js'; // its notification events, registered with the notifications module

import './policies.js';
import './strings.js';
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
  citizenStanding,
  citizenSubjectId,
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
export { type Carry, createCarry } from './carry.js';
export { type PrivacySection, registerPrivacySection } from './citizens/privacy-sections.js';
export { listOfficers, officerNames, type OfficerListRow } from './admin/service.js';
export { findCitizenId, type Profile, registerCitizen, type Registration } from './citizens/service.js';
export { type RekeyResult, rekeyCitizenLookups } from './citizens/rekey.js';
export {
  acceptInvitation,
  confirmTotpEnrolment,
  createReadyOfficer,
  findOfficerId,
  getActiveOfficerGrants,
  inviteOfficer,
  officersWithRole,
  signInOfficer,
  startTotpEnrolment,
} from './officers/service.js';
export {
  ALL_PERSONAL_FIELDS,
  DATA_REQUEST_DEADLINE_HOURS,
  type DataRecipient,
  getCitizenContact,
  type PersonalField,
  type ProfilesAhead,
  readCitizenPersonalData,
  readManyCitizensPersonalData,
  readProfilesAhead,
} from './personal-data/service.js';
export { CARRY_OUT_JOB, DATA_REQUEST_SWEEP_JOB, dataRequestJobHandlers, type DataRequestJobDeps } from './personal-data/carry-out.js';
export { currentTotp } from './guards/totp.js';
export { confirmFreshSecondFactor, FRESH_SIGN_IN_MINUTES, type StepUpMethod } from './officers/step-up.js';
export { demoTotpCodes } from './dev-totp.js';
export { DEMO_PASSWORD, type DemoAccount, demoCitizenEmail, demoOfficerEmail, seedDemoIdentity } from './seed.js';
export { checkPassword, hashPassword, verifyPassword } from './password.js';
export {
  createBuiltinRegistry,
  createHttpRegistry,
  importResidentsCsv,
  type PopulationRegistry,
  type RegistryAnswer,
  saveRegistrySettings,
} from './registry/registry.js';
export { findRegion, listChildRegions, listProvinces, REGION_ATTRIBUTION, type Region, regionPath } from '../../platform/regions/index.js';

export { identityModule } from './module.js';
