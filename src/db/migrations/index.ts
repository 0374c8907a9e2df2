// The ordered list of migrations. Forward-only: never edit one that has shipped; add the next file.
import * as m0001 from './0001_platform.js';
import * as m0002 from './0002_notifications.js';
import * as m0003 from './0003_notification_templates.js';
import * as m0004 from './0004_notification_delivery.js';
import * as m0005 from './0005_identity_core.js';
import * as m0020 from './0020_complaints.js';
import * as m0030 from './0030_audit_pending.js';

export const migrations = {
  '0001_platform': m0001,
  '0002_notifications': m0002,
  '0003_notification_templates': m0003,
  '0004_notification_delivery': m0004,
  '0005_identity_core': m0005,
  '0020_complaints': m0020,
  '0030_audit_pending': m0030,
};
