// The OpenID Provider's access policies. The provider's own endpoints (/oidc/…) are `public`: it
// authenticates its callers itself (client authentication, PKCE, DPoP, its own cookies).
import { registerPolicies, type Rule } from '../../platform/auth/policy.js';

const OIDC_POLICIES = {
  /** Registering, listing, disabling the tenant's client applications. */
  'oidc.admin': { roles: ['tenant_admin'] },
  /** The sign-in, step-up and consent steps of an authorization request, and withdrawing a consent. */
  'oidc.citizen': { citizen: true },
  /** The development example client (/dev/oidc-client; not registered in production). */
  'oidc.dev_client': { anonymous: true },
} as const satisfies Record<string, Rule>;

registerPolicies(OIDC_POLICIES);

type OidcPolicies = Record<keyof typeof OIDC_POLICIES, Rule>;
declare module '../../platform/auth/policy.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Policies extends OidcPolicies {}
}
