// The information-requests module as the app registers it: its API and pages, the request form in
// the tenant's navigation, and its part in personal-data rights.
import type { FastifyInstance } from 'fastify';
import { fileStoreFromConfig } from '../../platform/files/index.js';
import type { GerbangModule, ModuleRuntime } from '../../platform/module.js';
import { registerPersonalDataHolder } from '../../platform/personal-data.js';
import { registerNavigation } from '../../web/navigation.js';
import { registerInformationPages } from './pages.js';
import { informationRequestsHolder } from './personal-data.js';
import './policies.js';
import { registerInformationRoutes } from './routes.js';
import './strings.js';

registerPersonalDataHolder('information-requests', informationRequestsHolder);

export const informationRequestsModule: GerbangModule = {
  name: 'information-requests',
  register(app: FastifyInstance, rt: ModuleRuntime) {
    const files = fileStoreFromConfig(rt.config);
    registerInformationRoutes(app, rt, files);
    registerInformationPages(app, rt, files);
    registerNavigation(app, [
      { place: 'tenant-home', label: 'ppid.nav.request', hint: 'ppid.nav.request_hint', path: '/informasi-publik/permohonan', policy: 'information.request', for: ['citizen'], order: 65 },
      { place: 'officer-home', label: 'ppid.nav.queue', path: '/petugas/informasi-publik', policy: 'information.handle', order: 70 },
      { place: 'officer-home', label: 'ppid.nav.objections', path: '/petugas/informasi-publik/keberatan', policy: 'information.superior', order: 71 },
    ]);
  },
};
