// The notifications module as the app registers it: the person's inbox and settings, the templates
// administration, provider delivery reports and the development mailbox.
import type { GerbangModule } from '../../platform/module.js';
import { registerNavigation } from '../../web/navigation.js';
import { unreadCount } from './inbox.js';
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
    registerNavigation(app, [
      {
        place: 'header',
        label: 'notifpage.inbox.title',
        countLabel: 'notifpage.header_unread',
        path: '/notifikasi',
        policy: 'notifications.self',
        order: 30,
        // The unread count on every page of a signed-in person (one indexed count).
        count: ({ principal: p }) => (p.kind === 'citizen' || p.kind === 'officer' ? unreadCount({ db: rt.db }, p.tenantId, { kind: p.kind, id: p.id }) : Promise.resolve(0)),
      },
      { place: 'officer-home', label: 'notifpage.templates.title', path: '/admin/templat-notifikasi', policy: 'notifications.templates', order: 60 },
    ]);
  },
};
