// The tenancy module as the app registers it: the portal's home pages and the tenants API.
import type { GerbangModule } from '../../platform/module.js';
import { registerTenancyPages } from './pages.js';
import { registerTenancyRoutes } from './routes.js';

export const tenancyModule: GerbangModule = {
  name: 'tenancy',
  register(app, rt) {
    registerTenancyRoutes(app, { db: rt.db, tenants: rt.tenants });
    registerTenancyPages(app, { db: rt.db, tenants: rt.tenants });
  },
};
