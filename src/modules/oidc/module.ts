// The OpenID Provider as the app registers it: the provider under /oidc (installation level), the
// interaction pages under each tenant, the client administration (API and pages) with its entry on
// the officer's home, the consents on the citizen's privacy page, and in development the example
// client application.
import type { GerbangModule } from '../../platform/module.js';
import { deriveKey } from '../../platform/secrets.js';
import { registerNavigation } from '../../web/navigation.js';
import { createCarry } from '../identity/index.js';
import { ADMIN_PATH, registerOidcAdminPages } from './admin-pages.js';
import { registerDevClientPages } from './dev-client.js';
import { registerInteractionPages } from './interaction-pages.js';
import { createProviderHolder, mountProvider } from './mount.js';
import './policies.js';
import { registerConsentPages } from './privacy-section.js';
import { registerOidcClientRoutes } from './routes.js';
import './strings.js';
import { registerPersonalDataHolder } from '../../platform/personal-data.js';
import { oidcHolder } from './personal-data.js';

// Erasure and consent withdrawal revoke the person's consents (docs/identity.md, "Who holds what").
registerPersonalDataHolder('oidc', oidcHolder);

export const oidcModule: GerbangModule = {
  name: 'oidc',
  register(app, rt) {
    const holder = createProviderHolder({
      db: rt.db,
      audit: rt.audit,
      now: rt.now,
      appSecret: rt.appSecret,
      tenants: rt.tenants,
      publicBaseUrl: rt.config.publicBaseUrl,
      secureCookies: rt.config.env === 'production',
    });
    mountProvider(app, holder);
    registerInteractionPages(app, holder);
    registerConsentPages(app);
    registerOidcClientRoutes(app);
    registerDevClientPages(app, { config: rt.config, appSecret: rt.appSecret });
    // HttpOnly; Secure; SameSite=Lax as identity's: browsers accept Secure cookies on http://localhost.
    registerOidcAdminPages(app, { carry: createCarry(deriveKey(rt.appSecret, 'oidc-carry'), true), publicBaseUrl: rt.config.publicBaseUrl });
    registerNavigation(app, [{ place: 'officer-home', label: 'oidc.admin.link', hint: 'oidc.admin.link_hint', path: ADMIN_PATH, policy: 'oidc.admin', order: 15 }]);
  },
};
