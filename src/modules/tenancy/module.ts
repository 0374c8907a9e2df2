// The tenancy module as the app registers it: the portal's home pages and the tenants API. They are
// loaded when the app registers them, not when another part imports the module for its tenants: a
// one-shot command (`gerbang dev totp`, `gerbang calendar …`) must not load the pages and their web
// stack (≈ 3 s under tsx on a busy 2-core machine).
import type { GerbangModule } from '../../platform/module.js';
import './strings.js';

export const tenancyModule: GerbangModule = {
  name: 'tenancy',
  async register(app, rt) {
    const [{ registerTenancyRoutes }, { registerTenancyPages }] = await Promise.all([import('./routes.js'), import('./pages.js')]);
    registerTenancyRoutes(app, { tenants: rt.tenants });
    registerTenancyPages(app, { tenants: rt.tenants });
  },
};
