// Notifications to people: preferences per citizen or officer (channels per event, language, an
// officer's digest), `notifyPerson` (resolves channels and language, queues each message in the
// caller's transaction) and the officers' daily digest job. The module never reads identity tables:
// callers pass the person's id and the addresses they hold. Design: docs/notifications.md.
import { randomUUID } from 'node:crypto';
import { type DbOrTx, sendOwed, type Tx, withTenant } from '../../db/index.js';
import type { TemplateChannel } from '../../db/schema.js';
import { type Actor, type AuditAppender, actorRef, type TenantContext } from '../../platform/context.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import { enqueueJob, type Job, type JobHandler } from '../../platform/jobs/index.js';
import { checkPerson, type InboxMessage, type PersonRef } from './inbox.js';
import {
  deleteScheduledByRef,
  markDigested,
  type PreferenceRow,
  selectDigestOfficers,
  selectDigestTenants,
  insertInboxItemsWithNext,
  selectPreferences,
  selectPreferencesOfWithNext,
  selectUndigested,
  setDigestEmail,
  upsertPreferences,
} from './inbox/store.js';
import { checkRef, type NewNotification, type NotificationContext, normalizeEmail, type QueuedNotification, queueNotifications, readRecipientsAhead } from './service.js';
import { eventDefinition, isEventFor, isNotificationEvent, mayOptOut, type NotificationEvent, secretKinds, secretValidity } from './event-registry.js';
import { DIGEST_EVENT } from './events.js';
import { cancelQueuedByRef } from './store.js';
import {
  listedEvents,
  notifyFromTemplate,
  readTemplatesAhead,
  renderMany,
  TEMPLATE_CHANNELS,
  type TemplateLang,
  type TemplateVars,
} from './templates.js';
import './strings.js';

export type Digest = 'none' | 'daily';
const EXTERNAL: readonly TemplateChannel[] = ['email', 'sms', 'whatsapp'];

/** Channels used for an event when the person saved nothing for it. */
export const DEFAULT_CHANNELS: readonly TemplateChannel[] = ['email', 'inapp'];

/**
 * Events a person can set preferences for: every registered event meant for their kind (a citizen is
 * not offered the officers' "forwarded to your agency", an officer not a reporter's receipt), the
 * digest itself aside. An event no module registers (its feature is not built) is neither offered nor
 * accepted. The page and the API list these.
 */
export function preferenceEvents(kind: PersonRef['kind']): NotificationEvent[] {
  return listedEvents().filter((e) => e !== DIGEST_EVENT && isEventFor(e, kind));
}

export interface EventPreference {
  event: NotificationEvent;
  /** False: cannot be switched off (one-time codes, formal answers, receipts). */
  optOut: boolean;
  channels: TemplateChannel[];
  /** True when the person saved nothing for this event (the defaults apply). */
  isDefault: boolean;
}

export interface Preferences {
  person: PersonRef;
  /** null: the caller's language (the person's profile), else Bahasa Indonesia. */
  lang: TemplateLang | null;
  digest: Digest;
  events: EventPreference[];
  saved: boolean;
  updatedAt: Date | null;
}

function toPreferences(person: PersonRef, row: PreferenceRow | undefined): Preferences {
  return {
    person,
    lang: row?.lang ?? null,
    digest: row?.digest ?? 'none',
    saved: row !== undefined,
    updatedAt: row?.updatedAt ?? null,
    events: preferenceEvents(person.kind).map((event) => {
      const chosen = row?.channels[event];
      return {
        event,
        optOut: mayOptOut(event),
        channels: chosen ? TEMPLATE_CHANNELS.filter((c) => chosen.includes(c)) : [...DEFAULT_CHANNELS],
        isDefault: chosen === undefined,
      };
    }),
  };
}

/** A person's preferences in the tenant of `ctx`, the defaults filled in (nothing saved: every event on e-mail and in-app). */
export async function getPreferences(ctx: TenantContext, person: PersonRef): Promise<Preferences> {
  const who = checkPerson(person);
  const tenantId = ctx.tenant.id;
  return withTenant(ctx.db, tenantId, async (trx) => toPreferences(who, await selectPreferences(trx, tenantId, who)));
}

export interface PreferenceUpdate {
  lang?: TemplateLang | null;
  /** Per event, the channels wanted; events not named keep what they had. */
  channels?: Record<string, string[]>;
  digest?: Digest;
}

function invalidPreferences(errors: PendingFieldError[]): DomainError {
  return new DomainError('notification.preferences_invalid', 400, 'error.notification.preferences_invalid', {}, errors);
}

/**
 * Saves (part of) a person's preferences. Refused with `notification.preferences_invalid` (400, field
 * errors): an unknown event or channel, an event that cannot be switched off without an e-mail, SMS
 * or WhatsApp channel (it must reach the person outside Gerbang too), a digest for a citizen.
 * Audited with the events changed, never an address.
 */
export async function updatePreferences(ctx: TenantContext, person: PersonRef, update: PreferenceUpdate): Promise<Preferences> {
  const who = checkPerson(person);
  const tenantId = ctx.tenant.id;
  const errors: PendingFieldError[] = [];
  if (update.lang !== undefined && update.lang !== null && update.lang !== 'id' && update.lang !== 'en') {
    errors.push({ field: '/lang', code: 'invalid', messageKey: 'notification.preferences.lang' });
  }
  if (update.digest !== undefined) {
    if (update.digest !== 'none' && update.digest !== 'daily') {
      errors.push({ field: '/digest', code: 'invalid', messageKey: 'notification.preferences.digest' });
    } else if (update.digest === 'daily' && who.kind !== 'officer') {
      errors.push({ field: '/digest', code: 'officers_only', messageKey: 'notification.preferences.digest_officers' });
    }
  }
  const changes: Record<string, TemplateChannel[]> = {};
  for (const [event, channels] of Object.entries(update.channels ?? {})) {
    const field = `/channels/${event.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (!isNotificationEvent(event) || !preferenceEvents(who.kind).includes(event)) {
      errors.push({ field, code: 'unknown_event', messageKey: 'notification.template.unknown_event', vars: { event } });
      continue;
    }
    if (!Array.isArray(channels) || channels.some((c) => !TEMPLATE_CHANNELS.includes(c as TemplateChannel))) {
      errors.push({ field, code: 'unknown_channel', messageKey: 'notification.preferences.channel' });
      continue;
    }
    const list = TEMPLATE_CHANNELS.filter((c) => channels.includes(c));
    if (!mayOptOut(event) && !list.some((c) => EXTERNAL.includes(c))) {
      errors.push({ field, code: 'locked', messageKey: 'notification.preferences.locked' });
      continue;
    }
    changes[event] = list;
  }
  if (errors.length > 0) throw invalidPreferences(errors);

  return withTenant(ctx.db, tenantId, async (trx) => {
    const current = await selectPreferences(trx, tenantId, who);
    const next = {
      lang: update.lang !== undefined ? update.lang : (current?.lang ?? null),
      channels: { ...(current?.channels ?? {}), ...changes },
      digest: update.digest ?? current?.digest ?? 'none',
    };
    await upsertPreferences(trx, tenantId, who, next);
    await ctx.audit.append(trx, {
      tenantId,
      actor: actorRef(ctx.actor),
      action: 'notification.preferences_updated',
      subject: `${who.kind}:${who.id}`,
      data: { events: Object.keys(changes), lang: next.lang, digest: next.digest },
    });
    return toPreferences(who, await selectPreferences(trx, tenantId, who));
  });
}

export interface PersonRecipient extends PersonRef {
  /** The person's e-mail address, if the caller has one (identity). */
  email?: string | null;
  /** The person's Indonesian mobile number, if any. */
  phone?: string | null;
  /** The person's profile language; a saved notification language wins. */
  lang?: TemplateLang | null;
}

export interface PersonNotification {
  recipient: PersonRecipient;
  event: NotificationEvent;
  vars: TemplateVars;
  sendAt?: Date;
  timeZone?: string;
  /** The caller's reference (e.g. `deadline:<application id>`): cancelScheduled cancels every channel. */
  ref?: string;
  /** Who the audit events name; default `ctx.actor` (notifyPersons: a batch gathered from several requests). */
  actor?: Actor;
}

export type PersonMessage =
  | QueuedNotification
  | InboxMessage
  | { channel: TemplateChannel; status: 'rate_limited' | 'in_digest'; id: null };

export interface NotifyPersonResult {
  lang: TemplateLang;
  channels: TemplateChannel[];
  messages: PersonMessage[];
}

/**
 * Which channels an event goes to for this person: the saved channels (else the defaults), keeping
 * only those the caller gave an address for; an event that cannot be switched off falls back to any
 * channel with an address (e-mail, then SMS) and always reaches the inbox too. An officer with a
 * daily digest gets switchable events in the inbox only (the digest e-mail collects them).
 */
export function resolveChannels(
  event: NotificationEvent,
  prefs: Preferences,
  available: { email: boolean; phone: boolean },
): TemplateChannel[] {
  const has = (c: TemplateChannel) => c === 'inapp' || (c === 'email' ? available.email : available.phone);
  const wanted = prefs.events.find((e) => e.event === event)?.channels ?? [...DEFAULT_CHANNELS];
  let channels = wanted.filter(has);
  if (!mayOptOut(event)) {
    if (!channels.some((c) => EXTERNAL.includes(c))) {
      const fallback = (['email', 'sms'] as const).find(has);
      if (fallback) channels.push(fallback);
    }
    if (!channels.includes('inapp')) channels.push('inapp');
  } else if (prefs.digest === 'daily' && prefs.person.kind === 'officer' && wanted.length > 0) {
    channels = ['inapp'];
  }
  return TEMPLATE_CHANNELS.filter((c) => channels.includes(c));
}

/**
 * Notifies a citizen or officer of an event: resolves channels and language from the person's
 * preferences (defaults when none are saved), renders each channel's template and queues it — all in
 * the caller's transaction when `ctx.db` is one. Malformed addresses are refused (400) as in
 * queueNotification. A channel over the per-recipient rate limit is skipped (`rate_limited`) for
 * ordinary events; for a one-time code the 429 is thrown to the caller.
 */
export async function notifyPerson(
  ctx: NotificationContext,
  tenantId: string,
  input: PersonNotification,
): Promise<NotifyPersonResult> {
  const person = checkPerson(input.recipient);
  if (!isNotificationEvent(input.event)) throw new TypeError(`unknown notification event ${JSON.stringify(input.event)}`);
  const email = input.recipient.email?.trim() || undefined;
  const phone = input.recipient.phone?.trim() || undefined;
  return withTenant(ctx.db, tenantId, async (trx: Tx) => {
    const inner: NotificationContext = { ...ctx, db: trx };
    const row = await selectPreferences(trx, tenantId, person);
    const prefs = toPreferences(person, row);
    const lang: TemplateLang = prefs.lang ?? (input.recipient.lang === 'en' ? 'en' : 'id');
    const channels = resolveChannels(input.event, prefs, { email: email !== undefined, phone: phone !== undefined });
    // Keep the digest address current (the module never reads identity tables).
    if (prefs.digest === 'daily' && person.kind === 'officer' && email) {
      const normalized = normalizeEmail(email);
      if (normalized) await setDigestEmail(trx, tenantId, person, normalized);
    }
    const messages: PersonMessage[] = [];
    for (const channel of channels) {
      const base = { event: input.event, lang, vars: input.vars, sendAt: input.sendAt, timeZone: input.timeZone, ref: input.ref };
      if (channel === 'inapp') {
        messages.push(await notifyFromTemplate(inner, tenantId, { ...base, channel, recipient: person }));
        continue;
      }
      const to = channel === 'email' ? email! : phone!;
      try {
        messages.push(await notifyFromTemplate(inner, tenantId, { ...base, channel, to }));
      } catch (error) {
        if (error instanceof DomainError && error.code === 'notification.recipient_rate_limited' && !secretValidity(input.event)) {
          messages.push({ channel, status: 'rate_limited', id: null });
          continue;
        }
        throw error;
      }
    }
    return { lang, channels, messages };
  });
}

/**
 * `notifyPerson` for several people at once (the same channels, languages, texts, rate limits and
 * audit entries as one call each, in order), in one transaction — the caller's when `ctx.db` is one —
 * with a constant number of statements whatever their number: their preferences with every channel's
 * template and their addresses' locks and counts (one round trip), then the e-mail/SMS/WhatsApp
 * messages with the inbox messages (`queueNotifications`' INSERT of rows and jobs with the inbox's
 * INSERT, audit). A batched write (application submissions) uses it, or notifyPersonsWithNext. Throws
 * what the first failing `notifyPerson` would have thrown: the batch's writer then writes each item alone.
 */
export async function notifyPersons(ctx: NotificationContext, tenantId: string, inputs: readonly PersonNotification[]): Promise<NotifyPersonResult[]> {
  return withTenant(ctx.db, tenantId, (trx: Tx) => notifyPersonsWithNext(ctx, trx, tenantId, inputs).send());
}

/** What notifyPersonsWithNext has read ahead: `send()` queues the messages. */
export interface PendingPersonNotifications {
  send(): Promise<NotifyPersonResult[]>;
}

/**
 * notifyPersons in the caller's transaction `trx` (in the tenant's scope), in two steps: its reads —
 * the people's preferences, every channel's template of the events, their addresses' locks and counts
 * — go with the transaction's next statement (readWithNext), which the caller makes (an INSERT of its
 * own: a round trip less); `send()` then queues the messages (sending the reads alone first when no
 * statement took them).
 */
export function notifyPersonsWithNext(ctx: NotificationContext, trx: Tx, tenantId: string, inputs: readonly PersonNotification[]): PendingPersonNotifications {
  const people = checkPersonNotifications(inputs);
  if (inputs.length === 0) return { send: async () => [] };
  const templates = readTemplatesAhead(trx, tenantId, new Set(inputs.map((input) => input.event)), new Set(TEMPLATE_CHANNELS));
  const recipients = readRecipientsAhead(
    ctx,
    trx,
    tenantId,
    inputs.flatMap(({ recipient: { email, phone } }) => [
      ...(email?.trim() ? [{ channel: 'email' as const, to: email.trim() }] : []),
      ...(phone?.trim() ? [{ channel: 'sms' as const, to: phone.trim() }] : []),
    ]),
  );
  const preferences = selectPreferencesOfWithNext(trx, tenantId, people);
  return {
    async send() {
      await sendOwed(trx);
      const saved = await preferences;
      return queuePersonNotifications({ ...ctx, db: trx }, trx, tenantId, inputs, people, saved, { templates, recipients });
    },
  };
}

/** The people of `inputs`, checked (a malformed input is a programming error: TypeError). */
function checkPersonNotifications(inputs: readonly PersonNotification[]): PersonRef[] {
  return inputs.map((input) => {
    const person = checkPerson(input.recipient);
    if (!isNotificationEvent(input.event)) throw new TypeError(`unknown notification event ${JSON.stringify(input.event)}`);
    if (input.sendAt !== undefined && !(input.sendAt instanceof Date && Number.isFinite(input.sendAt.getTime()))) throw new TypeError('notification sendAt must be a valid Date');
    return person;
  });
}

/** notifyPersons' writes, its reads done: the channels resolved, the messages rendered and queued. */
async function queuePersonNotifications(
  ctx: NotificationContext,
  trx: Tx,
  tenantId: string,
  inputs: readonly PersonNotification[],
  people: readonly PersonRef[],
  saved: Map<string, PreferenceRow>,
  ahead: { templates: ReturnType<typeof readTemplatesAhead>; recipients: ReturnType<typeof readRecipientsAhead> },
): Promise<NotifyPersonResult[]> {
  const plans = inputs.map((input, index) => {
    const person = people[index]!;
    const prefs = toPreferences(person, saved.get(`${person.kind}:${person.id}`));
    const email = input.recipient.email?.trim() || undefined;
    const phone = input.recipient.phone?.trim() || undefined;
    const lang: TemplateLang = prefs.lang ?? (input.recipient.lang === 'en' ? 'en' : 'id');
    return { input, person, prefs, email, phone, lang, channels: resolveChannels(input.event, prefs, { email: email !== undefined, phone: phone !== undefined }) };
  });
  for (const { prefs, person, email } of plans) {
    if (prefs.digest !== 'daily' || person.kind !== 'officer' || !email) continue;
    const normalized = normalizeEmail(email);
    if (normalized) await setDigestEmail(trx, tenantId, person, normalized);
  }
  const wanted = plans.flatMap((plan, index) => plan.channels.map((channel) => ({ index, channel })));
  const rendered = await renderMany(
    trx,
    tenantId,
    wanted.map(({ index, channel }) => ({ event: plans[index]!.input.event, lang: plans[index]!.lang, channel, vars: plans[index]!.input.vars, timeZone: plans[index]!.input.timeZone })),
    ahead.templates,
  );
  const failed = rendered.find((r) => r instanceof DomainError);
  if (failed) throw failed;
  const messages: PersonMessage[][] = plans.map(() => []);
  const inbox = wanted.flatMap((w, i) => {
    if (w.channel !== 'inapp') return [];
    const r = rendered[i] as Exclude<(typeof rendered)[number], DomainError>;
    const { input, person } = plans[w.index]!;
    const title = (r.subject ?? eventDefinition(input.event).description[r.lang]).trim().slice(0, 300) || input.event;
    return [{ index: w.index, row: { id: randomUUID(), recipient: person, event: input.event, lang: r.lang, title, text: r.text.slice(0, 5000), visibleAt: input.sendAt ?? null, ref: checkRef(input.ref) } }];
  });
  // The inbox's INSERT goes with queueNotifications' (alone when that sends none: every message refused).
  const visible = insertInboxItemsWithNext(trx, tenantId, inbox.map((m) => m.row));
  const external = wanted.flatMap((w, i) => (w.channel === 'inapp' ? [] : [{ ...w, rendered: rendered[i] as Exclude<(typeof rendered)[number], DomainError> }]));
  const queued = await queueNotifications(
    ctx,
    tenantId,
    external.map(({ index, channel, rendered: r }): NewNotification => {
      const { input, email, phone } = plans[index]!;
      return { channel: channel as NewNotification['channel'], to: channel === 'email' ? email! : phone!, kind: input.event, lang: r.lang, subject: r.subject, text: r.text, html: r.html, sendAt: input.sendAt, ref: input.ref, actor: input.actor };
    }),
    { readAhead: ahead.recipients },
  );
  await sendOwed(trx);
  const visibleAt = await visible;
  external.forEach(({ index, channel }, i) => {
    const result = queued[i]!;
    if (!(result instanceof DomainError)) return messages[index]!.push(result);
    if (result.code === 'notification.recipient_rate_limited' && !secretValidity(plans[index]!.input.event)) return messages[index]!.push({ channel, status: 'rate_limited', id: null });
    throw result;
  });
  if (inbox.length > 0) {
    await ctx.audit.appendMany(
      trx,
      inbox.map(({ index, row }) => ({
        tenantId,
        actor: actorRef(plans[index]!.input.actor ?? ctx.actor),
        action: 'notification.inbox_added',
        subject: `inbox:${row.id}`,
        data: { kind: row.event, recipient: `${row.recipient.kind}:${row.recipient.id}` },
      })),
    );
  }
  inbox.forEach(({ index, row }, i) => messages[index]!.push({ id: row.id, channel: 'inapp', kind: row.event, status: 'inbox', sendAt: visibleAt[i]!, jobId: null }));
  // Each person's messages in channel order, as notifyPerson returns them.
  return plans.map((plan, index) => ({
    lang: plan.lang,
    channels: plan.channels,
    messages: messages[index]!.sort((a, b) => TEMPLATE_CHANNELS.indexOf(a.channel) - TEMPLATE_CHANNELS.indexOf(b.channel)),
  }));
}

/**
 * Cancels what was scheduled under a caller's reference and has not gone out yet: queued e-mail/SMS/
 * WhatsApp notifications (their jobs find them cancelled) and inbox messages that have not appeared
 * (deleted: nobody saw them). Already sent or visible messages stay. In the caller's transaction when
 * `ctx.db` is one; audited as `notification.cancelled_by_ref`. Returns how many of each.
 */
export async function cancelScheduled(
  ctx: { db: DbOrTx; audit: AuditAppender; actor: Actor },
  tenantId: string,
  ref: string,
): Promise<{ notifications: number; inbox: number }> {
  const key = checkRef(ref)!;
  return withTenant(ctx.db, tenantId, async (trx) => {
    const notifications = await cancelQueuedByRef(trx, tenantId, key, secretKinds());
    const inbox = await deleteScheduledByRef(trx, tenantId, key);
    if (notifications.length + inbox.length > 0) {
      await ctx.audit.append(trx, {
        tenantId,
        actor: actorRef(ctx.actor),
        action: 'notification.cancelled_by_ref',
        subject: `notification_ref:${key}`,
        data: { notifications: notifications.length, inbox: inbox.length },
      });
    }
    return { notifications: notifications.length, inbox: inbox.length };
  });
}

// ---- the officers' daily digest ----

export const DIGEST_JOB = 'notifications.digest';
export const DIGEST_TENANT_JOB = 'notifications.digest_tenant';
const DIGEST_MAX_ITEMS = 50;

/** The date key and run time of the next daily digest: 07:00 WIB (00:00 UTC) after `now`. */
export function nextDigestRun(now: Date): { date: string; runAt: Date } {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const runAt = today.getTime() > now.getTime() ? today : new Date(today.getTime() + 86_400_000);
  return { date: runAt.toISOString().slice(0, 10), runAt };
}

/** Enqueues the next daily digest after `now` (once per date across all processes: the dedupe key is the date). */
export async function scheduleDailyDigest(db: DbOrTx, now: Date): Promise<number | null> {
  const { date, runAt } = nextDigestRun(now);
  return enqueueJob(db, { kind: DIGEST_JOB, payload: { date }, runAt, dedupeKey: date });
}

export interface DigestDeps {
  audit: NotificationContext['audit'];
  /** The inbox page of a tenant, for the link in the digest e-mail. */
  inboxUrl(tenantId: string): Promise<string> | string;
}

/**
 * The digest jobs: `notifications.digest` (daily, no tenant) fans out one `notifications.digest_tenant`
 * per tenant with an officer on a daily digest; that one sends each such officer one e-mail listing
 * their unread messages not yet in a digest (at most 50; the rest wait for the next day) and marks
 * them digested — in the job's transaction.
 */
export function digestJobHandlers(deps: DigestDeps): Record<string, JobHandler> {
  return {
    [DIGEST_JOB]: async (job: Job, trx: Tx) => {
      // scheduleDailyDigest names the date; the fan-out only passes it on.
      const date: unknown = job.payload?.date;
      if (typeof date !== 'string') throw new Error('digest job without a date');
      for (const tenantId of await selectDigestTenants(trx)) {
        await enqueueJob(trx, { kind: DIGEST_TENANT_JOB, tenantId, payload: { tenantId, date }, dedupeKey: `${tenantId}:${date}` });
      }
    },
    [DIGEST_TENANT_JOB]: async (job: Job, trx: Tx) => {
      const tenantId = job.tenantId;
      if (!tenantId) throw new Error('digest job without a tenant');
      const ctx: NotificationContext = { db: trx, audit: deps.audit, actor: { kind: 'system', id: 'notifications-digest' } };
      const url = await deps.inboxUrl(tenantId);
      for (const officer of await selectDigestOfficers(trx, tenantId)) {
        const person: PersonRef = { kind: 'officer', id: officer.personId };
        const items = await selectUndigested(trx, tenantId, person, DIGEST_MAX_ITEMS);
        if (items.length === 0) continue;
        if (!normalizeEmail(officer.email)) continue;
        try {
          await notifyFromTemplate(ctx, tenantId, {
            event: DIGEST_EVENT,
            channel: 'email',
            to: officer.email,
            lang: officer.lang ?? items[0]!.lang,
            vars: { count: items.length, summary: items.map((i) => `- ${i.title}`).join('\n'), url },
          });
        } catch (error) {
          if (error instanceof DomainError && error.code === 'notification.recipient_rate_limited') continue;
          throw error;
        }
        await markDigested(trx, tenantId, person, items.map((i) => i.id));
      }
    },
  };
}
