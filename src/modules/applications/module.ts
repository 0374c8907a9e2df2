// The applications module as the app registers it: its routes, and its hooks into the modules it
// extends without their importing it — the catalogue's publishing (freeze the form and workflow with
// each version, or refuse it) and the calendar's amendments (recompute running deadlines).
import type { FastifyInstance } from 'fastify';
import { fileStoreFromConfig } from '../../platform/files/index.js';
import type { GerbangModule, ModuleRuntime } from '../../platform/module.js';
import { registerNavigation } from '../../web/navigation.js';
import { onCalendarAmended } from '../calendar/index.js';
import { registerPublishCheck } from '../catalog/index.js';
import { registerHandlingRoutes } from './handling/routes.js';
import { registerIntakeRoutes } from './intake/routes.js';
import { registerApplicationPages } from './pages.js';
import { queueDeadlineRecompute } from './jobs.js';
import './policies.js';
import { checkServicePublication } from './setup/service.js';
import { registerSetupRoutes } from './setup/routes.js';
import './strings.js';
import './setup/strings.js';
import { registerTrackingRoutes } from './tracking/routes.js';
import { registerPersonalDataHolder } from '../../platform/personal-data.js';
import { applicationsHolder } from './personal-data.js';

// What erasure keeps and removes of a person's applications (docs/identity.md, "Who holds what").
registerPersonalDataHolder('applications', applicationsHolder);

// Registered when the module loads (like its words and policies): every app of the process shares them.
registerPublishCheck(checkServicePublication);
onCalendarAmended((trx, amendment) => queueDeadlineRecompute(trx, amendment.tenantId));

export const applicationsModule: GerbangModule = {
  name: 'applications',
  register(app: FastifyInstance, rt: ModuleRuntime) {
    registerTrackingRoutes(app, rt);
    const files = fileStoreFromConfig(rt.config);
    registerIntakeRoutes(app, rt, files);
    registerHandlingRoutes(app, rt, files);
    registerSetupRoutes(app, rt);
    registerApplicationPages(app, rt, files);
    registerNavigation(app, [
      { place: 'header', label: 'app.page.mine.title', path: '/permohonan', policy: 'applications.apply', for: ['citizen'], order: 15 },
      { place: 'header', label: 'app.page.queue.title', path: '/petugas/permohonan', policy: 'applications.handle', order: 15 },
      { place: 'officer-home', label: 'app.page.queue.title', path: '/petugas/permohonan', policy: 'applications.handle', order: 35 },
      { place: 'officer-home', label: 'app.builder.list.title', path: '/kelola/permohonan', policy: 'applications.setup', hint: 'app.builder.list.hint', order: 55 },
    ]);
  },
};
