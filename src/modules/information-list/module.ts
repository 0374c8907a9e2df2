// The information-list module as the app registers it: its API and pages, the public list on the
// tenant's home page and the PPID's management page on the officer's.
import type { FastifyInstance } from 'fastify';
import { fileStoreFromConfig } from '../../platform/files/index.js';
import type { GerbangModule, ModuleRuntime } from '../../platform/module.js';
import { registerNavigation } from '../../web/navigation.js';
import { MANAGE_PATH, registerManagePages } from './manage-pages.js';
import { registerInformationPages } from './pages.js';
import './policies.js';
import { registerInformationRoutes } from './routes.js';
import './strings.js';

export const informationListModule: GerbangModule = {
  name: 'information-list',
  async register(app: FastifyInstance, rt: ModuleRuntime) {
    const files = fileStoreFromConfig(rt.config);
    registerInformationRoutes(app, files);
    registerInformationPages(app, files);
    await registerManagePages(app, files);
    registerNavigation(app, [
      { place: 'tenant-home', label: 'dip.link', hint: 'dip.link_hint', path: '/dip', policy: 'information_list.public', order: 65 },
      { place: 'officer-home', label: 'dip.manage.link', hint: 'dip.manage.link_hint', path: MANAGE_PATH, policy: 'information_list.manage', order: 40 },
    ]);
  },
};
