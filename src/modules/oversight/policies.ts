// Who may call what in the oversight module (the one policy table: platform/auth/policy.ts).
import { registerPolicies, type Rule } from '../../platform/auth/index.js';

const POLICIES = {
  /**
   * Officers' figures: an agency's administrator (the work done for their agency), the auditor and the
   * tenant's administrator (every agency). Officers do not see others' figures (docs/oversight.md).
   */
  'oversight.performance': { roles: ['agency_admin', 'auditor', 'tenant_admin'] },
  /** Irregularity flags, their evidence and their review: auditors only. */
  'oversight.flags': { roles: ['auditor'] },
  /** Officers' kinship keys (NIK/KK pseudonyms): the tenant's administrator. */
  'oversight.officer_keys': { roles: ['tenant_admin'] },
} as const satisfies Record<string, Rule>;

registerPolicies(POLICIES);

type OversightPolicies = Record<keyof typeof POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends OversightPolicies {}
}
