// The transparency module as the app registers it: the public dashboard page, its CSV tables and the
// getPerformance API, and the dashboard's link on the tenant's home.
import type { FastifyInstance } from 'fastify';
import type { GerbangModule, ModuleRuntime } from '../../platform/module.js';
import { registerNavigation } from '../../web/navigation.js';
import { registerTransparencyPages } from './pages.js';
import './policies.js';
import { recordResponseTimes } from './response-times.js';
import { registerTransparencyRoutes } from './routes.js';
import './strings.js';

export const transparencyModule: GerbangModule = {
  name: 'transparency',
  // Every request's server time, for the dashboard's response time (response-times.ts).
  hooks(app: FastifyInstance, rt: ModuleRuntime) {
    recordResponseTimes(app, rt.db, rt.now);
  },
  register(app: FastifyInstance) {
    registerTransparencyRoutes(app);
    registerTransparencyPages(app);
    registerNavigation(app, [{ place: 'tenant-home', label: 'tr.link', hint: 'tr.link_hint', path: '/kinerja', policy: 'transparency.public', order: 61 }]);
  },
};
