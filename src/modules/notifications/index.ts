// Notifications: e-mail, SMS, WhatsApp and the in-app inbox to citizens and officers. A module
// registers the events it raises (`registerNotificationEvents`, from its own events.ts: variables,
// whether citizens may switch them off, default texts) and names them in `NotificationEvents`; it
// then notifies people of them (`notifyPerson`, `notifyFromTemplate`) or queues a text it rendered
// itself (`queueNotification`), inside its own transaction. Delivery is the `notifications.deliver`
// job. This module knows no other module's events. Design and what is missing: docs/notifications.md.
import './events.js'; // its own event, the officers' digest
export {
  type Channels,
  type ChannelSender,
  createChannels,
  createGatewaySender,
  createSmtpSender,
  messageIdFor,
  type OutgoingMessage,
  PermanentDeliveryError,
} from './channels.js';
export { createDeliverHandler, DeliveryError, notificationJobHandlers } from './deliver.js';
export { type DevMailbox, listDevMessages, startDevMailbox } from './dev-mailbox.js';
export {
  addInboxMessage,
  type InboxContext,
  type InboxMessage,
  type InboxPage,
  type InboxRow,
  listInbox,
  markAllRead,
  markRead,
  PERSON_KINDS,
  personOf,
  type PersonRef,
  unreadCount,
} from './inbox.js';
export {
  cancelScheduled,
  DEFAULT_CHANNELS,
  type Digest,
  DIGEST_JOB,
  DIGEST_TENANT_JOB,
  type DigestDeps,
  digestJobHandlers,
  type EventPreference,
  getPreferences,
  nextDigestRun,
  type NotifyPersonResult,
  notifyPerson,
  notifyPersons,
  notifyPersonsWithNext,
  type PendingPersonNotifications,
  type PersonMessage,
  type PersonNotification,
  type PersonRecipient,
  preferenceEvents,
  type PreferenceUpdate,
  type Preferences,
  resolveChannels,
  scheduleDailyDigest,
  updatePreferences,
} from './people.js';
export { registerMeNotificationRoutes } from './me-routes.js';
export { registerPersonNotificationPages } from './person-pages.js';
export { registerTemplatePages } from './template-pages.js';
export { registerNotificationPages } from './pages.js';
export { CALLBACK_TOLERANCE_MS, registerNotificationRoutes, signCallback, verifyCallback } from './routes.js';
export {
  cancelNotification,
  DEFAULT_RECIPIENT_LIMITS,
  DELIVER_JOB,
  type DeliveryReport,
  DELIVERY_MAX_ATTEMPTS,
  MAX_NOTIFICATION_BATCH,
  type NewNotification,
  type NotificationContext,
  normalizeEmail,
  normalizeIndonesianMobile,
  normalizeRecipient,
  type QueuedNotification,
  type QueueOptions,
  queueNotification,
  queueNotifications,
  type RecipientLimits,
  recipientLimits,
  reportDelivery,
  URGENT_PRIORITY,
} from './service.js';
export { isGsm7, type SmsEncoding, type SmsInfo, smsInfo } from './sms-segments.js';
export {
  type EventAudience,
  type EventDefinition,
  type EventLang,
  type EventTexts,
  type EventVariable,
  eventDefinition,
  isEventFor,
  isNotificationEvent,
  mayOptOut,
  type NotificationEvent,
  type NotificationEvents,
  type NotificationEventSpec,
  registeredEvents,
  registerNotificationEvents,
  type VariableType,
} from './event-registry.js';
export {
  type EffectiveTemplate,
  escapeHtml,
  formatVariables,
  listedEvents,
  listTemplates,
  notifyFromTemplate,
  notifyManyFromTemplate,
  previewTemplate,
  readAheadFromTemplate,
  type RenderedTemplate,
  renderTemplate,
  type SavedTemplate,
  saveDefaultTemplate,
  saveTemplate,
  seedDefaultTemplates,
  TEMPLATE_CHANNELS,
  type TemplateChannel,
  type TemplateContext,
  type TemplateDraft,
  type TemplatedInboxMessage,
  type TemplatedNotification,
  type TemplatePreview,
  type TemplateReadAhead,
  type TemplateVars,
  type TemplateWarning,
  templateVariables,
} from './templates.js';
export { notificationsModule } from './module.js';
