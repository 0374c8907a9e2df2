// The OpenID Provider as the app registers it: the provider under /oidc (installation level), the
// interaction pages under each tenant, the client administration (API and pages), the consents on
// the citizen's privacy page, and in development the example client application.
import type { GerbangModule } from '../../platform/module.js';
import { createProviderHolder, mountProvider } from './mount.js';
import './policies.js';
import './strings.js';

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
  },
};
