// The catalogue module as the app registers it.
import type { GerbangModule } from '../../platform/module.js';
import './policies.js';
import { registerCatalogAdminPages } from './admin-pages.js';
import { registerCatalogAdminRoutes } from './admin-routes.js';
import { registerCatalogPages } from './pages.js';
import { registerCatalogRoutes } from './routes.js';

export const catalogModule: GerbangModule = {
  name: 'catalog',
  register(app) {
    registerCatalogRoutes(app);
    registerCatalogAdminRoutes(app);
    registerCatalogPages(app);
    registerCatalogAdminPages(app);
  },
};
