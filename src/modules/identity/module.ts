// The identity module as the app registers it: first the session hook (who is asking; every other
// module's routes and the CSRF tokens rely on it), then its routes and pages.
import type { GerbangModule } from '../../platform/module.js';
import type { FastifyInstance } from 'fastify';
import { registerAdminPages } from './admin/pages.js';
import { registerApiKeyRoutes } from './api-keys/routes.js';
import { registerAssistedBanner, registerCounterPages } from './assisted/pages.js';
import { registerApiKeyHook } from './api-keys/service.js';
import { registerCitizenPages } from './citizens/pages.js';
import { registerAssistedRoutes, registerCitizenRoutes } from './citizens/routes.js';
import type { IdentityDeps } from './deps.js';
import { registerOfficerPages } from './officers/pages.js';
import { registerOfficerRoutes } from './officers/routes.js';
import { registerPageHooks } from './page-hooks.js';
import { registerDataRequestPages } from './personal-data/pages.js';
import { registerPersonalDataRoutes } from './personal-data/routes.js';
import { registerRegistryRoutes } from './registry/routes.js';
import { registerSessionRoutes } from './session-routes.js';
import { registerSessionHook } from './sessions.js';

/** The identity module's JSON API and pages (sessions' own /me route: registerSessionRoutes). */
function registerIdentityRoutes(app: FastifyInstance, deps: IdentityDeps): void {
  registerApiKeyHook(app, deps);
  registerPageHooks(app, deps);
  registerAssistedBanner(app, deps);
  registerCitizenRoutes(app, deps);
  registerPersonalDataRoutes(app, deps);
  registerApiKeyRoutes(app, deps);
  registerAssistedRoutes(app, deps);
  registerRegistryRoutes(app, deps);
  registerOfficerRoutes(app, deps);
  registerCitizenPages(app, deps);
  registerOfficerPages(app, deps);
  registerAdminPages(app, deps);
  registerDataRequestPages(app, deps);
  registerCounterPages(app, deps);
}

export const identityModule: GerbangModule = {
  name: 'identity',
  hooks(app, rt) {
    registerSessionHook(app, { db: rt.db });
  },
  register(app, rt) {
    registerSessionRoutes(app);
    registerIdentityRoutes(app, {
      db: rt.db,
      audit: rt.audit,
      now: rt.now,
      // HttpOnly; Secure; SameSite=Lax always: browsers accept Secure cookies on http://localhost.
      secureCookies: true,
      publicBaseUrl: rt.config.publicBaseUrl,
      env: rt.config.env,
    });
  },
};
