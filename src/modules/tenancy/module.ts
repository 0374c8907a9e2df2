// The tenancy module as the app registers it: the portal's home pages, the tenants API and the tenant
// administrator's page and API of the tenant's own area. They are loaded when the app registers them,
// not when another part imports the module for its tenants: a one-shot command (`gerbang dev totp`,
// `gerbang calendar …`) must not load the pages and their web stack (≈ 3 s under tsx on a busy 2-core
// machine).
import type { GerbangModule } from '../../platform/module.js';
import './strings.js';

export const tenancyModule: GerbangModule = {
  name: 'tenancy',
  async register(app, rt) {
    const [{ registerTenancyRoutes }, { registerTenancyPages }, { registerTenantAreaPages, TENANT_AREA_PAGE }, { registerNavigation }] = await Promise.all([
      import('./routes.js'),
      import('./pages.js'),
      import('./area-pages.js'),
      import('../../web/navigation.js'),
    ]);
    registerTenancyRoutes(app, { tenants: rt.tenants });
    registerTenancyPages(app, { tenants: rt.tenants });
    registerTenantAreaPages(app, { map: { tileUrl: rt.config.mapTileUrl, attribution: rt.config.mapTileAttribution } });
    registerNavigation(app, [{ place: 'officer-home', label: 'tenant.area.title', hint: 'tenant.area.nav_hint', path: TENANT_AREA_PAGE, policy: 'tenant.admin', order: 15 }]);
  },
};
