// The notifications module as the app registers it: the person's inbox and settings, the templates
// administration, provider delivery reports and the development mailbox.
import type { GerbangModule } from '../../platform/module.js';
import { registerNavigation } from '../../web/navigation.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { personOf, unreadCount } from './inbox.js';
import './policies.js';
import { registerMeNotificationRoutes } from './me-routes.js';
import { registerNotificationPages } from './pages.js';
import { registerPersonNotificationPages } from './person-pages.js';
import { registerNotificationRoutes } from './routes.js';
import { registerTemplatePages } from './template-pages.js';
import { registerPersonalDataHolder } from '../../platform/personal-data.js';
import { notificationsHolder } from './personal-data/holder.js';

// What erasure and consent withdrawal do to a person's messages (docs/identity.md, "Who holds what").
registerPersonalDataHolder('notifications', notificationsHolder);

export const notificationsModule: GerbangModule = {
  name: 'notifications',
  async register(app, rt) {
    registerNotificationPages(app, rt.config);
    await registerNotificationRoutes(app, rt.config);
    registerMeNotificationRoutes(app);
    registerPersonNotificationPages(app);
    registerTemplatePages(app);
    registerNavigation(app, [
      {
        place: 'header',
        label: 'notifpage.inbox.title',
        countLabel: 'notifpage.header_unread',
        path: '/notifikasi',
        policy: 'notifications.self',
        order: 30,
        // The unread count on every page of a signed-in person (one indexed count).
        count: (request) => {
          const ctx = tenantContextOf(request);
          return unreadCount(ctx, personOf(ctx.actor));
        },
      },
      { place: 'officer-home', label: 'notifpage.templates.title', path: '/admin/templat-notifikasi', policy: 'notifications.templates', order: 60 },
    ]);
  },
};
