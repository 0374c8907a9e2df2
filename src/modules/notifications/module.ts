// The notifications module as the app registers it: the person's inbox and settings, the templates
// administration, provider delivery reports and the development mailbox.
import type { GerbangModule } from '../../platform/module.js';
import './policies.js';
import { registerMeNotificationRoutes } from './me-routes.js';
import { registerNotificationPages } from './pages.js';
import { registerPersonNotificationPages } from './person-pages.js';
import { registerNotificationRoutes } from './routes.js';

export const notificationsModule: GerbangModule = {
  name: 'notifications',
  async register(app, rt) {
    registerNotificationPages(app, { db: rt.db, config: rt.config });
    await registerNotificationRoutes(app, { db: rt.db, audit: rt.audit, config: rt.config });
    registerMeNotificationRoutes(app, { db: rt.db, audit: rt.audit });
    registerPersonNotificationPages(app, { db: rt.db, audit: rt.audit });
  },
};
