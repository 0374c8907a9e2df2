// Notification templates: the event catalogue (which events exist, their typed variables, whether a
// citizen may switch them off), a tiny safe template syntax ({{name}}: HTML-escaped in HTML bodies,
// raw in text, no logic), saving with validation and audit, rendering with fallback (tenant → platform
// default → the other language), preview with example values, and notifyFromTemplate (one message)
// and notifyManyFromTemplate (a batch: one template query, then queueNotifications).
// Design: docs/notifications.md "Templates".
import { createHash, randomUUID } from 'node:crypto';
import { type Db, type DbOrTx, type Tx, withTenant } from '../../db/index.js';
import type { TemplateChannel } from '../../db/schema.js';
import { type Actor, type AuditAppender, actorRef, type TenantContext } from '../../platform/context.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import { parseApiDate, parseApiInstant } from '../../platform/dates.js';
import { addInboxMessage, type InboxMessage, type PersonRef } from './inbox.js';
import {
  type NewNotification,
  type NotificationContext,
  onlyResult,
  type QueueOptions,
  type QueuedNotification,
  queueNotifications,
  readRecipientsAhead,
  type RecipientsReadAhead,
} from './service.js';
import { eventDefinition, eventTexts, isNotificationEvent, type NotificationEvent, registeredEvents, type VariableType } from './event-registry.js';
import { DIGEST_EVENT } from './events.js';
import { type SmsInfo, smsInfo } from './sms-segments.js';
import { defaultTemplates } from './template-defaults.js';
import {
  selectDefaultTemplateKeys,
  readTemplateCandidatesWithNext,
  selectTemplateCandidates,
  selectVisibleTemplates,
  type TemplateRow,
  upsertTemplate,
} from './templates/store.js';
import './strings.js';

export type TemplateLang = 'id' | 'en';
export type { TemplateChannel };
export const TEMPLATE_CHANNELS: readonly TemplateChannel[] = ['email', 'sms', 'whatsapp', 'inapp'];
/** The channels `notifyManyFromTemplate` queues for delivery (in-app messages go to the inbox). */
const QUEUED_CHANNELS: readonly TemplateChannel[] = ['email', 'sms', 'whatsapp'];

/**
 * The registered events in the order pages and lists show them: as their modules registered them,
 * and this module's own digest — a summary of the others — after them.
 */
export function listedEvents(): NotificationEvent[] {
  const events = registeredEvents();
  return [...events.filter((e) => e !== DIGEST_EVENT), ...events.filter((e) => e === DIGEST_EVENT)];
}

// ---- the template syntax ----

const TOKEN = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** The variable names a template uses, or undefined when it contains a malformed `{{…}}`. */
export function templateVariables(source: string): string[] | undefined {
  const rest = source.replace(TOKEN, '');
  if (rest.includes('{{') || rest.includes('}}')) return undefined;
  return [...new Set([...source.matchAll(TOKEN)].map((m) => m[1]!))];
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function fill(source: string, values: Record<string, string>, html: boolean): string {
  return source.replace(TOKEN, (_whole, name: string) => {
    const value = values[name] ?? '';
    return html ? escapeHtml(value) : value;
  });
}

// ---- variables: check by type, format for the language ----

export type TemplateVars = Record<string, string | number | Date | undefined | null>;

const ZONE_LABEL: Record<string, string> = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };

// Intl formatters are costly to make (tens of µs) and immutable: one per locale, style and zone.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function formatter<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = formatters.get(key) as T | undefined;
  if (!f) formatters.set(key, (f = make()));
  return f;
}

function formatValue(type: VariableType, value: string | number | Date, lang: TemplateLang, timeZone: string): string | undefined {
  const locale = lang === 'id' ? 'id-ID' : 'en-GB';
  switch (type) {
    case 'string':
      return typeof value === 'string' && value.trim() !== '' && value.length <= 2000 ? value : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? formatter(`n:${locale}`, () => new Intl.NumberFormat(locale)).format(value) : undefined;
    case 'url': {
      if (typeof value !== 'string') return undefined;
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || url.protocol === 'http:' ? value : undefined;
      } catch {
        return undefined;
      }
    }
    case 'date': {
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
        const day = parseApiDate(value);
        return day ? formatter(`d:${locale}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' })).format(day) : undefined;
      }
      const at = value instanceof Date ? value : typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? parseApiInstant(value) : undefined;
      if (!at || Number.isNaN(at.getTime())) return undefined;
      const formatted = formatter(`t:${locale}:${timeZone}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone })).format(at);
      return `${formatted} ${ZONE_LABEL[timeZone] ?? timeZone}`;
    }
  }
}

function templateVarsError(errors: PendingFieldError[]): DomainError {
  return new DomainError('notification.template_vars_invalid', 400, 'error.notification.template_vars', {}, errors);
}

/** Checks `vars` against the event's declared variables and formats them; throws a 400 listing every problem. */
export function formatVariables(
  event: NotificationEvent,
  vars: TemplateVars,
  lang: TemplateLang,
  timeZone = 'Asia/Jakarta',
): Record<string, string> {
  const declared = eventDefinition(event).variables;
  const errors: PendingFieldError[] = [];
  const out: Record<string, string> = {};
  for (const name of Object.keys(vars)) {
    if (!Object.hasOwn(declared, name)) {
      errors.push({ field: `/vars/${name}`, code: 'unknown_variable', messageKey: 'notification.template.unknown_variable', vars: { name } });
    }
  }
  for (const [name, spec] of Object.entries(declared)) {
    const value = vars[name];
    if (value === undefined || value === null || value === '') {
      if (spec.required) errors.push({ field: `/vars/${name}`, code: 'required', messageKey: 'notification.template.var_missing', vars: { name } });
      else out[name] = '';
      continue;
    }
    const formatted = formatValue(spec.type, value, lang, timeZone);
    if (formatted === undefined) {
      errors.push({ field: `/vars/${name}`, code: 'type', messageKey: 'notification.template.var_type', vars: { name, type: spec.type } });
    } else out[name] = formatted;
  }
  if (errors.length > 0) throw templateVarsError(errors);
  return out;
}

function exampleVars(event: NotificationEvent): TemplateVars {
  return Object.fromEntries(Object.entries(eventDefinition(event).variables).map(([name, spec]) => [name, spec.example]));
}

// ---- drafts: validate, preview ----

export interface TemplateDraft {
  event: string;
  lang: TemplateLang;
  channel: TemplateChannel;
  subject?: string | null;
  text: string;
  html?: string | null;
}

export type TemplateWarning = PendingFieldError;

export interface RenderedTemplate {
  event: NotificationEvent;
  /** The language actually used (the other one when the requested language has no template). */
  lang: TemplateLang;
  channel: TemplateChannel;
  subject?: string;
  text: string;
  html?: string;
}

export interface TemplatePreview extends RenderedTemplate {
  /** SMS only: encoding and number of parts of the rendered example. */
  sms?: SmsInfo;
  warnings: TemplateWarning[];
}

const LIMITS = { subject: 200, text: 10_000, html: 200_000 } as const;

function invalidTemplate(errors: PendingFieldError[]): DomainError {
  return new DomainError('notification.template_invalid', 400, 'error.notification.template_invalid', {}, errors);
}

interface CheckedDraft {
  event: NotificationEvent;
  lang: TemplateLang;
  channel: TemplateChannel;
  subject: string | null;
  text: string;
  html: string | null;
}

/** Validates a draft; throws `notification.template_invalid` (400) with every field error. */
function checkDraft(draft: TemplateDraft): CheckedDraft {
  const errors: PendingFieldError[] = [];
  const event = draft.event;
  if (!isNotificationEvent(event)) {
    errors.push({ field: '/event', code: 'unknown_event', messageKey: 'notification.template.unknown_event', vars: { event: String(event) } });
  }
  if (draft.lang !== 'id' && draft.lang !== 'en') errors.push({ field: '/lang', code: 'enum', messageKey: 'field.enum' });
  const channelOk = TEMPLATE_CHANNELS.includes(draft.channel);
  if (!channelOk) errors.push({ field: '/channel', code: 'enum', messageKey: 'field.enum' });
  const subject = typeof draft.subject === 'string' && draft.subject.trim() !== '' ? draft.subject.trim() : null;
  const text = typeof draft.text === 'string' ? draft.text : '';
  const html = typeof draft.html === 'string' && draft.html.trim() !== '' ? draft.html : null;
  if (text.trim() === '') errors.push({ field: '/text', code: 'required', messageKey: 'notification.template.text_required' });
  if (channelOk && draft.channel === 'email' && !subject) {
    errors.push({ field: '/subject', code: 'required', messageKey: 'notification.template.subject_required' });
  }
  if (channelOk && subject && (draft.channel === 'sms' || draft.channel === 'whatsapp')) {
    errors.push({ field: '/subject', code: 'not_allowed', messageKey: 'notification.template.not_allowed', vars: { channel: draft.channel } });
  }
  if (channelOk && html && draft.channel !== 'email') {
    errors.push({ field: '/html', code: 'not_allowed', messageKey: 'notification.template.not_allowed', vars: { channel: draft.channel } });
  }
  const parts = { subject, text, html };
  for (const key of ['subject', 'text', 'html'] as const) {
    const source = parts[key];
    if (source === null) continue;
    if (source.length > LIMITS[key]) {
      errors.push({ field: `/${key}`, code: 'too_long', messageKey: 'notification.template.too_long', vars: { limit: LIMITS[key] } });
    }
    const used = templateVariables(source);
    if (used === undefined) {
      errors.push({ field: `/${key}`, code: 'syntax', messageKey: 'notification.template.syntax' });
      continue;
    }
    if (!isNotificationEvent(event)) continue;
    const declared = eventDefinition(event).variables;
    for (const name of used) {
      if (!Object.hasOwn(declared, name)) {
        errors.push({ field: `/${key}`, code: 'unknown_variable', messageKey: 'notification.template.unknown_variable', vars: { name } });
      }
    }
    // Every required variable must appear in each body (text, and HTML when there is one).
    if (key !== 'subject') {
      for (const [name, spec] of Object.entries(declared)) {
        if (spec.required && !used.includes(name)) {
          errors.push({ field: `/${key}`, code: 'missing_variable', messageKey: 'notification.template.missing_variable', vars: { name } });
        }
      }
    }
  }
  if (errors.length > 0) throw invalidTemplate(errors);
  return { event: event as NotificationEvent, lang: draft.lang, channel: draft.channel, subject, text, html };
}

function renderChecked(t: Omit<CheckedDraft, 'lang'>, lang: TemplateLang, values: Record<string, string>): RenderedTemplate {
  return {
    event: t.event,
    lang,
    channel: t.channel,
    ...(t.subject !== null ? { subject: fill(t.subject, values, false).replace(/[\r\n]+/g, ' ') } : {}),
    text: fill(t.text, values, false),
    ...(t.html !== null ? { html: fill(t.html, values, true) } : {}),
  };
}

/**
 * Validates a draft and renders it with the event's example values. For SMS it reports the encoding
 * and number of parts, with a warning when the example needs more than one.
 */
export function previewTemplate(draft: TemplateDraft): TemplatePreview {
  const checked = checkDraft(draft);
  const rendered = renderChecked(checked, checked.lang, formatVariables(checked.event, exampleVars(checked.event), checked.lang));
  const warnings: TemplateWarning[] = [];
  let sms: SmsInfo | undefined;
  if (checked.channel === 'sms') {
    sms = smsInfo(rendered.text);
    if (sms.segments > 1) {
      warnings.push({
        field: '/text',
        code: 'sms_multipart',
        messageKey: 'notification.template.sms_segments',
        vars: { segments: sms.segments, encoding: sms.encoding },
      });
    }
  }
  return { ...rendered, ...(sms ? { sms } : {}), warnings };
}

// ---- storage ----

export interface TemplateContext {
  /** The app database for a tenant's templates; the owner connection for platform defaults (tenant null). */
  db: DbOrTx;
  audit: AuditAppender;
  actor: Actor;
}

export interface SavedTemplate {
  id: string;
  created: boolean;
  preview: TemplatePreview;
  warnings: TemplateWarning[];
}

/** Runs `fn` in the tenant's transaction, or (platform defaults) in a transaction without a tenant. */
async function inScope<T>(db: DbOrTx, tenantId: string | null, fn: (trx: Tx) => Promise<T>): Promise<T> {
  if (tenantId !== null) return withTenant(db, tenantId, fn);
  if (db.isTransaction) return fn(db as Tx);
  return (db as Db).transaction().execute(fn);
}

/**
 * Saves (creates or replaces) the template of the tenant of `ctx` for an event, language and channel.
 * Refuses with `notification.template_invalid` (400, field errors): an unknown event or variable, a
 * required variable missing from a body, an e-mail without subject. Returns warnings (e.g. an SMS
 * longer than one part). Audited without any message content.
 */
export function saveTemplate(ctx: TenantContext, draft: TemplateDraft): Promise<SavedTemplate> {
  return save(ctx, ctx.tenant.id, draft);
}

/** As saveTemplate, for the platform default every tenant without its own uses (`ctx.db`: the owner connection). */
export function saveDefaultTemplate(ctx: TemplateContext, draft: TemplateDraft): Promise<SavedTemplate> {
  return save(ctx, null, draft);
}

async function save(ctx: TemplateContext, tenantId: string | null, draft: TemplateDraft): Promise<SavedTemplate> {
  const preview = previewTemplate(draft);
  const checked = checkDraft(draft);
  const actor = actorRef(ctx.actor);
  return inScope(ctx.db, tenantId, async (trx) => {
    const { id, created } = await upsertTemplate(trx, {
      id: randomUUID(),
      tenantId,
      event: checked.event,
      lang: checked.lang,
      channel: checked.channel,
      subject: checked.subject,
      text: checked.text,
      html: checked.html,
      updatedBy: actor,
    });
    const contentHash = createHash('sha256')
      .update(JSON.stringify([checked.subject, checked.text, checked.html]))
      .digest('hex');
    await ctx.audit.append(trx, {
      tenantId,
      actor,
      action: 'notification.template_saved',
      subject: `notification_template:${id}`,
      data: {
        event: checked.event,
        lang: checked.lang,
        channel: checked.channel,
        scope: tenantId === null ? 'platform' : 'tenant',
        created,
        contentHash,
      },
    });
    return { id, created, preview, warnings: preview.warnings };
  });
}

function pickTemplate(
  rows: TemplateRow[],
  tenantId: string | null,
  event: NotificationEvent,
  lang: TemplateLang,
  channels: TemplateChannel[],
): TemplateRow | undefined {
  const langs: TemplateLang[] = lang === 'id' ? ['id', 'en'] : ['en', 'id'];
  for (const l of langs) {
    for (const channel of channels) {
      const candidates = rows.filter((r) => r.event === event && r.lang === l && r.channel === channel);
      const own = tenantId === null ? undefined : candidates.find((r) => r.tenantId === tenantId);
      const platform = candidates.find((r) => r.tenantId === null);
      if (own ?? platform) return own ?? platform;
    }
  }
  return undefined;
}

export interface RenderOptions {
  /** Time zone for date-times (the tenant's: Asia/Jakarta, Asia/Makassar or Asia/Jayapura). */
  timeZone?: string;
}

/** The template channels that may render a message on `channel`: WhatsApp falls back to SMS. */
function candidateChannels(channel: TemplateChannel): TemplateChannel[] {
  return channel === 'whatsapp' ? ['whatsapp', 'sms'] : [channel];
}

interface RenderRequest {
  event: NotificationEvent;
  lang: TemplateLang;
  channel: TemplateChannel;
  vars: TemplateVars;
  timeZone?: string;
}

type RenderResult = RenderedTemplate & { templateId: string; tenantOverride: boolean };

/**
 * Renders several messages in `trx` (already in the tenant's scope) with one template query for all
 * their events and channels. Per request the rendered message, or the 400 DomainError of its `vars`;
 * an unknown event or channel (TypeError) or a missing template (run the seed) throws for all.
 */
export async function renderMany(
  trx: Tx,
  tenantId: string | null,
  requests: readonly RenderRequest[],
  readAhead?: TemplatesReadAhead,
): Promise<Array<RenderResult | DomainError>> {
  for (const { event, channel } of requests) {
    if (!isNotificationEvent(event)) throw new TypeError(`unknown notification event ${JSON.stringify(event)}`);
    if (!TEMPLATE_CHANNELS.includes(channel)) throw new TypeError(`unknown template channel ${JSON.stringify(channel)}`);
  }
  if (requests.length === 0) return [];
  const covered = readAhead && requests.every((r) => readAhead.events.has(r.event) && candidateChannels(r.channel).every((c) => readAhead.channels.has(c)));
  const rows = covered
    ? await readAhead.templates
    : await selectTemplateCandidates(
        trx,
        tenantId,
        requests.map((r) => r.event),
        requests.flatMap((r) => candidateChannels(r.channel)),
      );
  return requests.map(({ event, lang, channel, vars, timeZone }) => {
    const row = pickTemplate(rows, tenantId, event, lang, candidateChannels(channel));
    if (!row) throw new Error(`no notification template for ${event} (${lang}, ${channel}); run the seed`);
    let values: Record<string, string>;
    try {
      values = formatVariables(event, vars, row.lang, timeZone);
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    const rendered = renderChecked(
      { event, channel, subject: row.subject, text: row.text, html: channel === 'email' ? row.html : null },
      row.lang,
      values,
    );
    return { ...rendered, templateId: row.id, tenantOverride: row.tenantId !== null };
  });
}

/**
 * Renders an event's message for a tenant: the tenant's own template, else the platform default,
 * else the other language's (tenant's, then default). WhatsApp without a template of its own uses the
 * SMS one. `vars` are checked against the catalogue (400 `notification.template_vars_invalid`).
 */
export async function renderTemplate(
  ctx: { db: DbOrTx },
  tenantId: string | null,
  event: NotificationEvent,
  lang: TemplateLang,
  channel: TemplateChannel,
  vars: TemplateVars,
  options: RenderOptions = {},
): Promise<RenderResult> {
  const results = await inScope(ctx.db, tenantId, (trx) =>
    renderMany(trx, tenantId, [{ event, lang, channel, vars, timeZone: options.timeZone }]),
  );
  return onlyResult(results);
}

interface TemplatedBase {
  event: NotificationEvent;
  lang: TemplateLang;
  vars: TemplateVars;
  sendAt?: Date;
  timeZone?: string;
  /** The caller's reference, for cancelScheduled. */
  ref?: string;
}

/** E-mail, SMS or WhatsApp to an address (queued for delivery). */
export interface TemplatedNotification extends TemplatedBase {
  channel: 'email' | 'sms' | 'whatsapp';
  to: string;
  urgent?: boolean;
  /** Who the audit event names; default `ctx.actor` (a batch gathered from several requests). */
  actor?: Actor;
}

/** In-app: into the inbox of a citizen or officer (by id). */
export interface TemplatedInboxMessage extends TemplatedBase {
  channel: 'inapp';
  recipient: PersonRef;
}

/**
 * Renders the event's template for the tenant and queues the message (queueNotification), or for
 * channel `inapp` puts it in the recipient's inbox — in the caller's transaction when `ctx.db` is one.
 */
export async function notifyFromTemplate(
  ctx: NotificationContext,
  tenantId: string,
  input: TemplatedNotification,
): Promise<QueuedNotification>;
export async function notifyFromTemplate(
  ctx: NotificationContext,
  tenantId: string,
  input: TemplatedInboxMessage,
): Promise<InboxMessage>;
export async function notifyFromTemplate(
  ctx: NotificationContext,
  tenantId: string,
  input: TemplatedNotification | TemplatedInboxMessage,
): Promise<QueuedNotification | InboxMessage>;
export async function notifyFromTemplate(
  ctx: NotificationContext,
  tenantId: string,
  input: TemplatedNotification | TemplatedInboxMessage,
): Promise<QueuedNotification | InboxMessage> {
  if (input.channel !== 'inapp') return onlyResult(await notifyManyFromTemplate(ctx, tenantId, [input]));
  const rendered = await renderTemplate(ctx, tenantId, input.event, input.lang, input.channel, input.vars, {
    timeZone: input.timeZone,
  });
  return addInboxMessage(ctx, tenantId, {
    recipient: input.recipient,
    event: input.event,
    lang: rendered.lang,
    title: rendered.subject ?? eventDefinition(input.event).description[rendered.lang],
    text: rendered.text,
    sendAt: input.sendAt,
    ref: input.ref,
  });
}

/** Templates read ahead (readTemplatesAhead): those of these events and channels, once the next statement is answered. */
export interface TemplatesReadAhead {
  events: ReadonlySet<string>;
  channels: ReadonlySet<TemplateChannel>;
  templates: Promise<TemplateRow[]>;
}

/** What readAheadFromTemplate sent: the templates of its events and channels, and its recipients'. */
export interface TemplateReadAhead extends RecipientsReadAhead, TemplatesReadAhead {}

/**
 * The templates of `events` on `channels`, read with the transaction's next statement (readWithNext),
 * for renderMany's `readAhead`. The caller makes that statement before it renders.
 */
export function readTemplatesAhead(trx: Tx, tenantId: string, events: ReadonlySet<string>, channels: ReadonlySet<TemplateChannel>): TemplatesReadAhead {
  const templates = events.size === 0 ? Promise.resolve([]) : readTemplateCandidatesWithNext(trx, tenantId, [...events], [...channels]);
  return { events, channels, templates };
}

/**
 * notifyManyFromTemplate's reads — the templates of the messages' events and channels, the recipients'
 * locks and their counts this hour — sent with the transaction's next statement (readWithNext) instead
 * of in two round trips of their own, for a caller that knows who it will notify of what before it
 * has the messages' variables. Pass the result as `readAhead` to notifyManyFromTemplate in the same
 * transaction (`trx`, in the tenant's scope), after that next statement was made; whatever it does
 * not cover is read there as without it.
 */
export function readAheadFromTemplate(
  ctx: Pick<NotificationContext, 'audit'>,
  trx: Tx,
  tenantId: string,
  messages: readonly Pick<TemplatedNotification, 'event' | 'channel' | 'to'>[],
): TemplateReadAhead {
  const templates = readTemplatesAhead(trx, tenantId, new Set(messages.map((m) => m.event)), new Set(messages.flatMap((m) => candidateChannels(m.channel))));
  return { ...readRecipientsAhead(ctx, trx, tenantId, messages), ...templates };
}

/**
 * Renders several e-mail, SMS or WhatsApp messages (one template query for all their events and
 * channels) and queues them with `queueNotifications` — in one transaction, the caller's when
 * `ctx.db` is one. Returns a result per input, in order: the queued notification, or the DomainError
 * `notifyFromTemplate` would have thrown (400 bad `vars`, recipient or text; 429 over the recipient's
 * limit). Programming errors (unknown event or channel, `inapp`, a missing template) throw for all.
 * `options.audit` as for `queueNotifications`; `options.readAhead` from readAheadFromTemplate.
 */
export async function notifyManyFromTemplate(
  ctx: NotificationContext,
  tenantId: string,
  inputs: readonly TemplatedNotification[],
  options: QueueOptions & { readAhead?: TemplateReadAhead } = {},
): Promise<Array<QueuedNotification | DomainError>> {
  for (const input of inputs) {
    if (!QUEUED_CHANNELS.includes(input.channel)) {
      throw new TypeError(`notifyManyFromTemplate queues e-mail, SMS and WhatsApp, got ${JSON.stringify(input.channel)}`);
    }
  }
  if (inputs.length === 0) return [];
  return withTenant(ctx.db, tenantId, async (trx) => {
    const rendered = await renderMany(trx, tenantId, inputs, options.readAhead);
    const ready = inputs.flatMap((input, index) => {
      const r = rendered[index]!;
      if (r instanceof DomainError) return [];
      const message: NewNotification = {
        channel: input.channel,
        to: input.to,
        kind: input.event,
        lang: r.lang,
        subject: r.subject,
        text: r.text,
        html: r.html,
        sendAt: input.sendAt,
        urgent: input.urgent,
        ref: input.ref,
        actor: input.actor,
      };
      return [{ index, message }];
    });
    const queued = await queueNotifications({ ...ctx, db: trx }, tenantId, ready.map((r) => r.message), options);
    const results: Array<QueuedNotification | DomainError> = rendered.map((r) => r as DomainError);
    ready.forEach(({ index }, i) => (results[index] = queued[i]!));
    return results;
  });
}

/**
 * Saves the platform default templates (Bahasa Indonesia and English; e-mail, SMS, in-app) of every
 * registered event that do not exist yet — never overwrites an edited one, and leaves the rows of
 * events no module registers any more alone (nothing reads them). Idempotent; one query when all
 * exist. `ctx.db` must be the owner connection (the application role cannot write platform defaults).
 * The modules whose events should be seeded must be loaded first (their index.ts registers them).
 */
export async function seedDefaultTemplates(ctx: TemplateContext): Promise<{ created: number }> {
  const existing = await selectDefaultTemplateKeys(ctx.db);
  let created = 0;
  for (const template of registeredEvents().flatMap((event) => defaultTemplates(event, eventTexts(event)))) {
    if (existing.has(`${template.event}/${template.lang}/${template.channel}`)) continue;
    await saveDefaultTemplate(ctx, template);
    created++;
  }
  return { created };
}

export interface EffectiveTemplate {
  event: NotificationEvent;
  lang: TemplateLang;
  channel: TemplateChannel;
  subject: string | null;
  text: string;
  html: string | null;
  /** 'tenant': the tenant's own text; 'platform': the default. */
  source: 'tenant' | 'platform';
  updatedAt: Date;
}

/**
 * The templates in effect for a tenant, one per registered event, language and channel that has
 * one: the tenant's own, else the platform default. WhatsApp appears only where a template exists
 * (otherwise the SMS text is used). Rows of events no module registers are left out.
 */
export async function listTemplates(ctx: TenantContext): Promise<EffectiveTemplate[]> {
  const tenantId = ctx.tenant.id;
  const rows = await withTenant(ctx.db, tenantId, (trx) => selectVisibleTemplates(trx, tenantId));
  const byKey = new Map<string, TemplateRow>();
  for (const row of rows) {
    if (!isNotificationEvent(row.event)) continue;
    const key = `${row.event}/${row.lang}/${row.channel}`;
    const seen = byKey.get(key);
    if (!seen || (seen.tenantId === null && row.tenantId !== null)) byKey.set(key, row);
  }
  const order = listedEvents();
  return [...byKey.values()]
    .map((r) => ({
      event: r.event as NotificationEvent,
      lang: r.lang,
      channel: r.channel,
      subject: r.subject,
      text: r.text,
      html: r.html,
      source: r.tenantId === null ? ('platform' as const) : ('tenant' as const),
      updatedAt: r.updatedAt,
    }))
    .sort(
      (a, b) =>
        order.indexOf(a.event) - order.indexOf(b.event) ||
        a.lang.localeCompare(b.lang) ||
        TEMPLATE_CHANNELS.indexOf(a.channel) - TEMPLATE_CHANNELS.indexOf(b.channel),
    );
}
