// The catalogue module as the app registers it.
import type { GerbangModule } from '../../platform/module.js';
import { registerNavigation } from '../../web/navigation.js';
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
    registerNavigation(app, [
      { place: 'tenant-home', label: 'site.search.label', path: '/layanan/cari', policy: 'public', search: { name: 'q', button: 'site.search.button' }, order: 0 },
      { place: 'tenant-home', label: 'site.catalog', path: '/layanan', policy: 'public', order: 10 },
      { place: 'agency', label: 'home.agency_services', path: '/layanan/instansi/:agency', policy: 'public' },
      { place: 'officer-home', label: 'catalog.admin.title', path: '/kelola/layanan', policy: 'catalog.manage', order: 50 },
    ]);
  },
};
