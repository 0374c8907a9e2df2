// The notifications module as the app registers it: the person's inbox and settings, the templates
// administration, provider delivery reports and the development mailbox.
import type { GerbangModule } from '../../platform/module.js';
import './policies.js';
import { registerMeNotificationRoutes } from './me-routes.js';
import { registerNotificationPages } from './pages.js';
import { registerPersonNotificationPages } from './person-pages.js';
import { registerNotificationRoutes } from './routes.js';
import { registerTemplatePages } from './template-pages.js';

export const notificationsModule: GerbangModule = {
  name: 'notifications',
  async register(app, rt) {
    registerNotificationPages(app, rt.config);
    await registerNotificationRoutes(app, rt.config);
    registerMeNotificationRoutes(app);
    registerPersonNotificationPages(app);
    registerTemplatePages(app);
  },
};
