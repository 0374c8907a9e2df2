// The identity module as the app registers it: first the session hook (who is asking; every other
// module's routes and the CSRF tokens rely on it), then its routes and pages, and its entries in the
// navigation: signing in and registering, the account and "Keluar" in the header; the officer's home,
// the administration, the data-request queue and the counter on the officer's home.
import type { FastifyInstance } from 'fastify';
import type { GerbangModule, ModuleRuntime } from '../../platform/module.js';
import { registerPersonalDataHolder } from '../../platform/personal-data.js';
import { deriveKey } from '../../platform/secrets.js';
import { type NavEntry, registerNavigation } from '../../web/navigation.js';
import { registerAdminPages } from './admin/pages.js';
import { registerApiKeyRoutes } from './api-keys/routes.js';
import { registerApiKeyHook } from './api-keys/service.js';
import { registerAssistedBanner, registerCounterPages } from './assisted/pages.js';
import { createCarry } from './carry.js';
import { registerCitizenPages } from './citizens/pages.js';
import { registerAssistedRoutes, registerCitizenRoutes } from './citizens/routes.js';
import type { IdentityDeps } from './deps.js';
import { registerOfficerPages } from './officers/pages.js';
import { registerOfficerRoutes } from './officers/routes.js';
import { registerPageHooks } from './page-hooks.js';
import { registerPasskeyPages } from './passkeys/pages.js';
import { registerPasskeyRoutes } from './passkeys/routes.js';
import { identityHolder } from './personal-data/holder.js';
import { registerDataRequestPages } from './personal-data/pages.js';
import { registerPersonalDataRoutes } from './personal-data/routes.js';
import './policies.js';
import { registerRegistryRoutes } from './registry/routes.js';
import { registerAssurancePages } from './assurance/pages.js';
import { registerAssuranceRoutes } from './assurance/routes.js';
import { registerSessionRoutes } from './session-routes.js';
import { registerSessionHook, SESSION_COOKIE, sessionHomeRegion } from './sessions.js';
import './strings.js';
import { registerHomeRegionSource } from '../tenancy/index.js';
import { getOwnProfile } from './citizens/service.js';
import { tenantContextOf } from '../../platform/http/request-context.js';

// Identity's part in carrying out a citizen's rights (docs/identity.md, "Who holds what").
registerPersonalDataHolder('identity', identityHolder);

const NAVIGATION: NavEntry[] = [
  { place: 'header', label: 'identity.login.title', path: '/masuk', policy: 'identity.signin', for: ['anonymous'], order: 10 },
  { place: 'header', label: 'identity.register.submit', path: '/daftar', policy: 'identity.register', for: ['anonymous'], order: 20 },
  { place: 'header', label: 'identity.account.title', path: '/akun', policy: 'identity.citizen_self', order: 10 },
  { place: 'header', label: 'identity.officer.home_title', path: '/petugas', policy: 'identity.officer_self', order: 10 },
  // Sign out of this device; "every device" is on the account page and the officer's home.
  { place: 'header', label: 'identity.logout', path: '/keluar', policy: 'session.self', for: ['citizen', 'officer'], method: 'post', order: 1000 },
  { place: 'officer-home', label: 'identity.officer.link_admin', path: '/petugas/admin', policy: 'identity.admin', order: 10 },
  { place: 'officer-home', label: 'identity.officer.link_requests', path: '/petugas/permintaan-data', policy: 'identity.data_requests', order: 20 },
  { place: 'officer-home', label: 'identity.officer.link_counter', path: '/petugas/loket', policy: 'identity.assist', order: 30 },
  { place: 'officer-home', label: 'identity.passkey.link', path: '/petugas/keamanan', policy: 'identity.officer_passkeys', order: 900 },
  // The API's documentation (555 KB) is for officers and the developers of agency systems, not in every citizen page's footer.
  { place: 'officer-home', label: 'site.api_docs', hint: 'identity.officer.api_docs_hint', path: '/api/docs', absolute: true, policy: 'identity.officer_self', order: 1000 },
];

/** The identity module's JSON API and pages (sessions' own /me route: registerSessionRoutes). */
function registerIdentityRoutes(app: FastifyInstance, deps: IdentityDeps, rt: ModuleRuntime): void {
  registerApiKeyHook(app, { db: rt.db, now: rt.now });
  registerPageHooks(app, deps);
  registerAssistedBanner(app);
  registerCitizenRoutes(app, deps);
  registerPersonalDataRoutes(app);
  registerApiKeyRoutes(app);
  registerAssistedRoutes(app, deps);
  registerRegistryRoutes(app);
  registerOfficerRoutes(app, deps);
  registerPasskeyRoutes(app, deps, rt.tenants);
  registerCitizenPages(app, deps);
  registerOfficerPages(app, deps);
  registerAdminPages(app, deps);
  registerDataRequestPages(app);
  registerCounterPages(app, deps);
  registerPasskeyPages(app);
  registerAssuranceRoutes(app);
  registerAssurancePages(app);
  // The chooser of governments highlights the signed-in citizen's (their home village's region).
  // At the portal root (no tenant, so no principal) the session cookie is read for the region alone.
  registerHomeRegionSource(async (request, contextTenantId) => {
    if (request.tenant) return request.principal.kind === 'citizen' ? (await getOwnProfile(tenantContextOf(request))).regionCode : undefined;
    const token = request.cookies?.[SESSION_COOKIE];
    return token && contextTenantId ? sessionHomeRegion(rt.db, contextTenantId, token, rt.now()) : undefined;
  });
}

export const identityModule: GerbangModule = {
  name: 'identity',
  hooks(app, rt) {
    registerSessionHook(app, { db: rt.db, now: rt.now });
  },
  register(app, rt) {
    registerSessionRoutes(app);
    // HttpOnly; Secure; SameSite=Lax always: browsers accept Secure cookies on http://localhost.
    const secureCookies = true;
    registerIdentityRoutes(
      app,
      {
        secureCookies,
        sessionCookies: { secure: secureCookies, ...(rt.config.sessionCookieDomain ? { parentDomain: rt.config.sessionCookieDomain } : {}) },
        publicBaseUrl: rt.config.publicBaseUrl,
        env: rt.config.env,
        carry: createCarry(deriveKey(rt.appSecret, 'identity-carry'), secureCookies),
      },
      rt,
    );
    registerNavigation(app, NAVIGATION);
  },
};
