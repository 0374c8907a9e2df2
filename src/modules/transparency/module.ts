// The transparency module as the app registers it: the public dashboard page, its CSV tables and the
// getPerformance API, and the dashboard's link on the tenant's home.
import type { FastifyInstance } from 'fastify';
import type { GerbangModule, ModuleRuntime } from '../../platform/module.js';
import { registerNavigation } from '../../web/navigation.js';
import { registerTransparencyPages } from './pages.js';
import './policies.js';
import { registerTransparencyRoutes } from './routes.js';
import './strings.js';

export const transparencyModule: GerbangModule = {
  name: 'transparency',
  register(app: FastifyInstance, _rt: ModuleRuntime) {
    registerTransparencyRoutes(app);
    registerTransparencyPages(app);
    registerNavigation(app, [{ place: 'tenant-home', label: 'tr.link', hint: 'tr.link_hint', path: '/kinerja', policy: 'transparency.public', order: 61 }]);
  },
};
