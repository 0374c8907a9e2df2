// The identity module's access policies: who may register, sign in, see their own account and
// personal data, invite officers, read a citizen's data with a purpose, act at a counter, administer
// the tenant and handle personal-data requests. Registered when the module loads (index.ts imports
// this file); routes name them in `config: { policy }`.
import { registerPolicies, type Rule } from '../../platform/auth/policy.js';

const ADMIN = ['tenant_admin'] as const;

const IDENTITY_POLICIES = {
  /** Registration and its confirmation code (anyone; throttled and rate-limited). */
  'identity.register': { anonymous: true },
  /** Sign-in steps that come before a session (password, one-time code, invitation acceptance). */
  'identity.signin': { anonymous: true },
  /** A citizen's own account, profile, data download, access log and data requests. */
  'identity.citizen_self': { citizen: true },
  /** A signed-in officer's own second factor (also before the second factor is passed). */
  'identity.officer_self': { officer: true },
  /** A citizen's own passkeys: list, add, remove (the service also wants a recent sign-in). */
  'identity.citizen_passkeys': { citizen: true },
  /** An officer's own passkeys: list, add, remove (the service also wants the second factor and a recent sign-in). */
  'identity.officer_passkeys': { officer: true },
  'identity.officer_invite': { roles: ADMIN },
  /** Reading a citizen's personal data (always with a purpose; recorded for the citizen to see). */
  'identity.citizen_personal_data': {
    roles: ['tenant_admin', 'verifier', 'approver', 'signer', 'complaint_handler', 'complaint_coordinator', 'ppid'],
    apiScopes: ['identity.citizens.read'],
  },
  /** Assisted digital at a counter: register a citizen, verify in person, act with recorded consent. */
  'identity.assist': { roles: ['verifier'] },
  /** The tenant's population registry (CSV import, adapter settings). */
  'identity.registry_admin': { roles: ADMIN },
  /** Tenant administration pages: agencies, officers and their roles, disabling, API keys. */
  'identity.admin': { roles: ADMIN },
  /** Handling citizens' correction/erasure/consent-withdrawal requests (PPID: the UU 14/2008 information officer; tenant admin as fallback). */
  'identity.data_requests': { roles: ['ppid', 'tenant_admin'] },
  /** Ending an assisted (counter) session: the citizen session marked assistedBy. */
  'identity.assist_stop': { citizen: true },
} as const satisfies Record<string, Rule>;

registerPolicies(IDENTITY_POLICIES);

type IdentityPolicies = Record<keyof typeof IDENTITY_POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends IdentityPolicies {}
}
