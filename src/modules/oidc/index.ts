// The OpenID Provider (issue 17): Gerbang signs citizens in to other government applications with
// OpenID Connect, on oidc-provider. It owns the client applications a tenant admin registers, the
// provider's stored state (grants, codes, tokens, its sessions) and signing keys, the consent pages.
// It promises: the issuer PUBLIC_BASE_URL/oidc with discovery; claims released only with the
// citizen's consent, each release in the citizen's access log (through identity, which stays the
// owner of citizens, sessions and assurance). Design: docs/identity.md ("Single sign-on"),
// docs/integrators-oidc.md, decision 0056.
import './policies.js';
import './strings.js';

export { oidcModule } from './module.js';
export { OIDC_SWEEP_JOB, oidcJobHandlers } from './jobs.js';
export { rotateSigningKeys } from './keys.js';
export { signingKeySealKey } from './provider.js';
export { DEV_CLIENT_PATH, seedDemoOidcClient } from './dev-client.js';
