// JSON API of the signed-in person's inbox and preferences, and the tenant admins' template API.
// Thin: each handler takes the request's context (the policy guard has checked who asks), calls a
// service function and shapes the answer.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { type CursorPosition, cursorInvalid, decodeCursor } from '../../platform/cursor.js';
import { notFound } from '../../platform/errors.js';
import { tenantContextOf } from '../../platform/http/request-context.js';
import { t } from '../../platform/i18n/index.js';
import { type InboxRow, isUuid, listInbox, markRead, personOf } from './inbox.js';
import { getPreferences, type Preferences, updatePreferences } from './people.js';
import { eventDefinition, isNotificationEvent } from './event-registry.js';
import {
  listTemplates,
  previewTemplate,
  saveTemplate,
  TEMPLATE_CHANNELS,
  type TemplatePreview,
} from './templates.js';

const Lang = Type.Union([Type.Literal('id'), Type.Literal('en')]);
const Channel = Type.Union(TEMPLATE_CHANNELS.map((c) => Type.Literal(c)));

const InboxItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  event: Type.String({ description: 'What it is about, e.g. application.updated' }),
  lang: Lang,
  title: Type.String(),
  text: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

const InboxList = Type.Object({
  items: Type.Array(InboxItem),
  unread: Type.Integer({ minimum: 0, description: 'Unread messages in the whole inbox' }),
  next: Type.Optional(Type.String({ description: 'Cursor for the next (older) page: pass as `before`' })),
});

const InboxQuery = Type.Object({
  unread: Type.Optional(Type.Boolean({ description: 'Only unread messages' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  before: Type.Optional(Type.String({ maxLength: 200, description: 'Cursor from `next`' })),
});

const PreferencesSchema = Type.Object({
  lang: Type.Union([Lang, Type.Null()], { description: 'null: the language of the person’s profile' }),
  digest: Type.Union([Type.Literal('none'), Type.Literal('daily')]),
  digestAvailable: Type.Boolean({ description: 'Officers only' }),
  events: Type.Array(
    Type.Object({
      event: Type.String(),
      description: Type.String(),
      optOut: Type.Boolean({ description: 'False: cannot be switched off (one-time codes, formal answers, receipts)' }),
      channels: Type.Array(Channel),
      isDefault: Type.Boolean(),
    }),
  ),
});

const PreferencesUpdate = Type.Object(
  {
    lang: Type.Optional(Type.Union([Lang, Type.Null()])),
    digest: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('daily')])),
    channels: Type.Optional(
      Type.Record(Type.String({ maxLength: 100 }), Type.Array(Type.String({ maxLength: 20 }), { maxItems: 4 }), {
        description: 'Per event, the channels wanted (email, sms, whatsapp, inapp); events not named keep theirs',
      }),
    ),
  },
  { additionalProperties: false },
);

const ProblemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Type.Object({}, { additionalProperties: true }) } },
});
const refusals = {
  401: ProblemResponse('Not signed in'),
  403: ProblemResponse('Signed in without the right to do this'),
};

export function inboxItemJson(i: InboxRow) {
  return {
    id: i.id,
    event: i.event,
    lang: i.lang,
    title: i.title,
    text: i.text,
    createdAt: i.visibleAt.toISOString(),
    read: i.readAt !== null,
    readAt: i.readAt ? i.readAt.toISOString() : null,
  };
}

/** The `before` cursor; inbox ids are UUIDs. */
function beforeOf(value: string | undefined): CursorPosition | undefined {
  if (!value) return undefined;
  const position = decodeCursor(value, '/before');
  if (!isUuid(position.id)) throw cursorInvalid('/before');
  return position;
}

export function preferencesJson(p: Preferences, lang: 'id' | 'en') {
  return {
    lang: p.lang,
    digest: p.digest,
    digestAvailable: p.person.kind === 'officer',
    events: p.events.map((e) => ({
      event: e.event,
      description: eventDefinition(e.event).description[lang],
      optOut: e.optOut,
      channels: e.channels,
      isDefault: e.isDefault,
    })),
  };
}

const TemplateKey = Type.Object({
  event: Type.String({ maxLength: 100 }),
  lang: Lang,
  channel: Channel,
});
const TemplateBody = Type.Object(
  {
    subject: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
    text: Type.String({ maxLength: 20_000 }),
    html: Type.Optional(Type.Union([Type.String({ maxLength: 300_000 }), Type.Null()])),
  },
  { additionalProperties: false },
);
const PreviewSchema = Type.Object({
  event: Type.String(),
  lang: Lang,
  channel: Channel,
  subject: Type.Optional(Type.String()),
  text: Type.String(),
  html: Type.Optional(Type.String()),
  sms: Type.Optional(
    Type.Object({ encoding: Type.String(), segments: Type.Integer(), units: Type.Integer(), perSegment: Type.Integer() }),
  ),
  warnings: Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() })),
});

export function previewJson(p: TemplatePreview, lang: 'id' | 'en') {
  return {
    ...p,
    warnings: p.warnings.map((w) => ({ field: w.field, code: w.code, message: t(lang, w.messageKey, w.vars) })),
  };
}

export function registerMeNotificationRoutes(app: FastifyInstance): void {
  app.get<{ Querystring: Static<typeof InboxQuery> }>(
    '/api/v1/me/notifications',
    {
      config: { policy: 'notifications.self' },
      schema: {
        operationId: 'listMyNotifications',
        tags: ['notifications'],
        summary: 'Kotak masuk saya / My inbox',
        description: 'The signed-in citizen’s or officer’s in-app messages, newest first, and the unread count.',
        querystring: InboxQuery,
        response: { 200: InboxList, ...refusals },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      const { limit, unread, before } = request.query;
      const page = await listInbox(ctx, personOf(ctx.actor), { limit, unreadOnly: unread, before: beforeOf(before) });
      reply.header('cache-control', 'no-store');
      return { items: page.items.map(inboxItemJson), unread: page.unread, ...(page.nextCursor ? { next: page.nextCursor } : {}) };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/me/notifications/:id/read',
    {
      config: { policy: 'notifications.self' },
      schema: {
        operationId: 'markNotificationRead',
        tags: ['notifications'],
        summary: 'Tandai sudah dibaca / Mark as read',
        description: 'Idempotent. 404 for a message that is not the signed-in person’s.',
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: {
          200: Type.Object({
            id: Type.String(),
            readAt: Type.String({ format: 'date-time' }),
            changed: Type.Boolean(),
            unread: Type.Integer(),
          }),
          404: ProblemResponse('No such message in this inbox'),
          ...refusals,
        },
      },
    },
    async (request) => {
      const ctx = tenantContextOf(request);
      const result = await markRead(ctx, personOf(ctx.actor), request.params.id);
      return { ...result, readAt: result.readAt.toISOString() };
    },
  );

  app.get(
    '/api/v1/me/notification-preferences',
    {
      config: { policy: 'notifications.self' },
      schema: {
        operationId: 'getNotificationPreferences',
        tags: ['notifications'],
        summary: 'Pengaturan notifikasi saya / My notification settings',
        response: { 200: PreferencesSchema, ...refusals },
      },
    },
    async (request, reply) => {
      const ctx = tenantContextOf(request);
      reply.header('cache-control', 'no-store');
      return preferencesJson(await getPreferences(ctx, personOf(ctx.actor)), ctx.lang);
    },
  );

  app.put<{ Body: Static<typeof PreferencesUpdate> }>(
    '/api/v1/me/notification-preferences',
    {
      config: { policy: 'notifications.self' },
      schema: {
        operationId: 'updateNotificationPreferences',
        tags: ['notifications'],
        summary: 'Ubah pengaturan notifikasi / Change my notification settings',
        description:
          'Partial: events not named keep their channels. One-time codes, complaint answers and payment ' +
          'receipts cannot be switched off (they need at least e-mail, SMS or WhatsApp). A digest is for officers only.',
        body: PreferencesUpdate,
        response: { 200: PreferencesSchema, 400: ProblemResponse('Not valid (field errors)'), ...refusals },
      },
    },
    async (request) => {
      const ctx = tenantContextOf(request);
      return preferencesJson(await updatePreferences(ctx, personOf(ctx.actor), request.body), ctx.lang);
    },
  );

  // ---- template admin (tenant admins) ----

  app.get(
    '/api/v1/notification-templates',
    {
      config: { policy: 'notifications.templates' },
      schema: {
        operationId: 'listNotificationTemplates',
        tags: ['notifications'],
        summary: 'Templat notifikasi / Notification templates',
        description: 'The templates in effect for the tenant: its own, else the platform default.',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                event: Type.String(),
                lang: Lang,
                channel: Channel,
                subject: Type.Union([Type.String(), Type.Null()]),
                text: Type.String(),
                html: Type.Union([Type.String(), Type.Null()]),
                source: Type.Union([Type.Literal('tenant'), Type.Literal('platform')]),
                updatedAt: Type.String({ format: 'date-time' }),
              }),
            ),
          }),
          ...refusals,
        },
      },
    },
    async (request) => {
      const items = await listTemplates(tenantContextOf(request));
      return { items: items.map((i) => ({ ...i, updatedAt: i.updatedAt.toISOString() })) };
    },
  );

  app.put<{ Params: Static<typeof TemplateKey>; Body: Static<typeof TemplateBody> }>(
    '/api/v1/notification-templates/:event/:lang/:channel',
    {
      config: { policy: 'notifications.templates' },
      schema: {
        operationId: 'saveNotificationTemplate',
        tags: ['notifications'],
        summary: 'Simpan templat / Save a template',
        description:
          'Creates or replaces the tenant’s template. Refused (400, field errors) for an unknown variable, a ' +
          'required variable missing, a malformed {{…}}; SMS over one part saves with a warning.',
        params: TemplateKey,
        body: TemplateBody,
        response: {
          200: Type.Object({ id: Type.String(), created: Type.Boolean(), preview: PreviewSchema }),
          400: ProblemResponse('Not valid (field errors)'),
          ...refusals,
        },
      },
    },
    async (request) => {
      if (!isNotificationEvent(request.params.event)) throw notFound();
      const ctx = tenantContextOf(request);
      const { subject, text, html } = request.body;
      const saved = await saveTemplate(ctx, { ...request.params, subject: subject ?? null, text, html: html ?? null });
      return { id: saved.id, created: saved.created, preview: previewJson(saved.preview, ctx.lang) };
    },
  );

  app.post<{ Body: Static<typeof TemplateKey> & Static<typeof TemplateBody> }>(
    '/api/v1/notification-templates/preview',
    {
      config: { policy: 'notifications.templates' },
      schema: {
        operationId: 'previewNotificationTemplate',
        tags: ['notifications'],
        summary: 'Pratinjau templat / Preview a template',
        description: 'Validates a draft and renders it with the example values, without saving.',
        body: Type.Composite([TemplateKey, TemplateBody], { additionalProperties: false }),
        response: { 200: PreviewSchema, 400: ProblemResponse('Not valid (field errors)'), ...refusals },
      },
    },
    async (request) => {
      const { event, lang, channel, subject, text, html } = request.body;
      return previewJson(previewTemplate({ event, lang, channel, subject: subject ?? null, text, html: html ?? null }), request.lang);
    },
  );
}
