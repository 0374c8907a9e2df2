// Notifications: e-mail, SMS and WhatsApp to citizens and officers. Other modules queue messages
// through `queueNotification` (or `queueNotifications`, batched) inside their own transaction;
// delivery is the `notifications.deliver` job. Design and what is still missing: docs/notifications.md.
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
export { type DevMailbox, startDevMailbox } from './dev-mailbox.js';
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
  type PersonMessage,
  type PersonNotification,
  type PersonRecipient,
  PREFERENCE_EVENTS,
  type PreferenceUpdate,
  type Preferences,
  resolveChannels,
  scheduleDailyDigest,
  updatePreferences,
} from './people.js';
export { registerMeNotificationRoutes } from './me-routes.js';
export { registerPersonNotificationPages } from './person-pages.js';
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
  type EffectiveTemplate,
  type EventDefinition,
  type EventVariable,
  escapeHtml,
  formatVariables,
  isNotificationEvent,
  listTemplates,
  mayOptOut,
  NOTIFICATION_EVENTS,
  type NotificationEvent,
  notifyFromTemplate,
  notifyManyFromTemplate,
  previewTemplate,
  type RenderedTemplate,
  renderTemplate,
  type SavedTemplate,
  saveTemplate,
  seedDefaultTemplates,
  TEMPLATE_CHANNELS,
  type TemplateChannel,
  type TemplateContext,
  type TemplateDraft,
  type TemplatedInboxMessage,
  type TemplatedNotification,
  type TemplatePreview,
  type TemplateVars,
  type TemplateWarning,
  templateVariables,
  type VariableType,
} from './templates.js';
export { notificationsModule } from './module.js';
