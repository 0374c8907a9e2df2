// Who may call what in the surveys module (the one policy table: platform/auth/policy.ts).
import { registerPolicies, type Rule } from '../../platform/auth/index.js';

const POLICIES = {
  /** Answering the survey of one's own closed application (the service checks it is theirs: 404 otherwise). */
  'surveys.respond': { citizen: true },
  /** The index and its public page: published results (PermenPANRB 14/2017 requires publishing them). */
  'surveys.public': { anonymous: true },
  /** Importing paper and legacy results: the tenant's administrator, for every agency of the tenant. */
  'surveys.import': { roles: ['tenant_admin'] },
  /** An agency's follow-up of a period's results: its administrator (the route checks the agency) or the tenant's. */
  'surveys.follow_up': { roles: ['agency_admin', 'tenant_admin'] },
  /** A one-time kiosk code for a visitor served at the counter: the counter officer (the route checks the service's agency). */
  'surveys.kiosk_issue': { roles: ['verifier', 'agency_admin', 'tenant_admin'] },
  /** The service hall's kiosk: anyone holding a printed code (the code is the permission). */
  'surveys.kiosk': { anonymous: true },
} as const satisfies Record<string, Rule>;

registerPolicies(POLICIES);

type SurveyPolicies = Record<keyof typeof POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends SurveyPolicies {}
}
