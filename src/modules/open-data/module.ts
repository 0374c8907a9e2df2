// The open-data module as the app registers it: the public portal and downloads, the CKAN Action API,
// the DCAT catalogue, the agencies' pages, and the links on the tenant's and the officer's home.
import type { FastifyInstance } from 'fastify';
import type { GerbangModule, ModuleRuntime } from '../../platform/module.js';
import { registerNavigation } from '../../web/navigation.js';
import { registerCkanRoutes } from './ckan.js';
import { MANAGE_PATH, registerManagePages } from './manage-pages.js';
import { registerOpenDataPages } from './pages.js';
import './policies.js';
import './strings.js';

export const openDataModule: GerbangModule = {
  name: 'open-data',
  async register(app: FastifyInstance, rt: ModuleRuntime) {
    registerCkanRoutes(app, rt.config.publicBaseUrl);
    registerOpenDataPages(app, rt.config.publicBaseUrl);
    await registerManagePages(app);
    registerNavigation(app, [
      { place: 'tenant-home', label: 'od.link', hint: 'od.link_hint', path: '/data', policy: 'open_data.public', order: 70 },
      { place: 'officer-home', label: 'od.manage.link', hint: 'od.manage.link_hint', path: MANAGE_PATH, policy: 'open_data.manage', order: 80 },
    ]);
  },
};
