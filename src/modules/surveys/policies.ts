// Who may call what in the surveys module (the one policy table: platform/auth/policy.ts).
import { registerPolicies, type Rule } from '../../platform/auth/index.js';

const POLICIES = {
  /** Answering the survey of one's own closed application (the service checks it is theirs: 404 otherwise). */
  'surveys.respond': { citizen: true },
  /** The index and its public page: published results (PermenPANRB 14/2017 requires publishing them). */
  'surveys.public': { anonymous: true },
  /** Importing paper and legacy results: the tenant's administrator, for every agency of the tenant. */
  'surveys.import': { roles: ['tenant_admin'] },
} as const satisfies Record<string, Rule>;

registerPolicies(POLICIES);

type SurveyPolicies = Record<keyof typeof POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends SurveyPolicies {}
}
