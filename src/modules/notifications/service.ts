// Business rules of notifications: check and normalise the recipient, store the message and enqueue
// its delivery in the caller's transaction (outbox), audit with a pseudonym of the recipient, cancel.
import { randomUUID } from 'node:crypto';
import { type Db, type DbOrTx, type Tx, withTenant } from '../../db/index.js';
import type { NotificationChannel, NotificationStatus } from '../../db/schema.js';
import { actorRef, type Actor, type AuditAppender } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { secretKinds, secretValidity } from './event-registry.js';
import {
  applyDeliveryReport,
  cancelQueuedNotification,
  countRecentNotifications,
  insertNotificationsWithJobs,
  lockRecipients,
  type NewNotificationRow,
  readRecentNotificationsWithNext,
  type RecentNotificationCount,
} from './store.js';
import './strings.js';

export const DELIVER_JOB = 'notifications.deliver';
/** Attempts before a notification is marked failed: about 17 minutes of retries with backoff. */
export const DELIVERY_MAX_ATTEMPTS = 10;
/** Job priority of urgent messages (one-time codes): ahead of everything ordinary. */
export const URGENT_PRIORITY = 100;

export interface NotificationContext {
  /** The app database, or the caller's transaction (then the notification commits with it). */
  db: DbOrTx;
  audit: AuditAppender & { pseudonymize(tenantId: string, value: string): string };
  actor: Actor;
  /** Per-recipient limits (config NOTIFY_MAX_…); default DEFAULT_RECIPIENT_LIMITS. */
  limits?: RecipientLimits;
}

export interface RecipientLimits {
  /** Notifications (of any kind) per recipient and tenant in the last hour. */
  perHour: number;
  /** One-time codes (messages of an event that carries a secret) per recipient and tenant in the last 15 minutes. */
  otpPer15Minutes: number;
}

export const DEFAULT_RECIPIENT_LIMITS: RecipientLimits = { perHour: 20, otpPer15Minutes: 5 };

/** The limits configured for this process. */
export function recipientLimits(config: {
  notifyMaxPerRecipientPerHour: number;
  notifyMaxOtpPerRecipientPer15Min: number;
}): RecipientLimits {
  return { perHour: config.notifyMaxPerRecipientPerHour, otpPer15Minutes: config.notifyMaxOtpPerRecipientPer15Min };
}

export interface NewNotification {
  channel: NotificationChannel;
  /** E-mail address, or an Indonesian mobile number in any common form (0812…, +62 812…, 62812…). */
  to: string;
  /** What it is about: the event, e.g. 'complaint.received'. */
  kind: string;
  lang: 'id' | 'en';
  subject?: string;
  text: string;
  html?: string;
  /** Not before this time (scheduled); default now. */
  sendAt?: Date;
  /** Jumps the queue (one-time codes). Default: true for an event that carries a secret. */
  urgent?: boolean;
  /** The caller's reference (e.g. `deadline:<application id>`) for `cancelScheduled`. */
  ref?: string;
  /** Who the audit event names; default `ctx.actor` (a batch gathered from several requests). */
  actor?: Actor;
}

const REF = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

/** A programming error when a caller's reference is malformed. */
export function checkRef(ref: string | undefined): string | null {
  if (ref === undefined) return null;
  if (typeof ref !== 'string' || !REF.test(ref)) {
    throw new TypeError('notification ref must be 1–200 characters of letters, digits and _ . : - (e.g. "deadline:<id>")');
  }
  return ref;
}

export interface QueuedNotification {
  id: string;
  channel: NotificationChannel;
  kind: string;
  status: 'queued';
  sendAt: Date;
  jobId: number;
  /** The recipient's pseudonym (`audit.pseudonymize`), as `notification.queued` records it. */
  recipient: string;
}

export interface QueueOptions {
  /**
   * 'self' (default): each notification gets its own `notification.queued` audit entry. 'caller':
   * the caller records each queued notification (id, channel, recipient pseudonym) in the audit
   * entry of the action that caused it — one entry per action, e.g. a complaint's receipt inside
   * `complaint.submitted` — and the caller must do so in the same transaction.
   */
  audit?: 'self' | 'caller';
  /**
   * The recipients' locks and counts this hour, read ahead with an earlier statement of the same
   * transaction (readRecipientsAhead). Used when it is for this tenant and covers every recipient of
   * the call; else they are read here, as without it. Good for one call.
   */
  readAhead?: RecipientsReadAhead;
}

/** What readRecipientsAhead sent: the recipients it locked, and their counts once its statement is answered. */
export interface RecipientsReadAhead {
  tenantId: string;
  /** The pseudonym of each recipient it locked, by its normalised address (queueNotifications reuses them). */
  hashes: ReadonlyMap<string, string>;
  locked: Promise<void>;
  recent: Promise<Map<string, RecentNotificationCount>>;
}

/**
 * queueNotifications' first two statements — the recipients' advisory locks and their counts this
 * hour — sent with the transaction's next statement instead of on their own (readWithNext), for a
 * caller that knows its recipients before it has its messages (a batch of complaint receipts: with
 * the reports' INSERT). Pass the result as `readAhead` to queueNotifications or notifyManyFromTemplate
 * in the same transaction, after that statement was made. `trx` is in the tenant's scope. A recipient
 * that is not a valid address is left out: its notification is refused later anyway.
 */
export function readRecipientsAhead(
  ctx: Pick<NotificationContext, 'audit'>,
  trx: Tx,
  tenantId: string,
  recipients: readonly { channel: NotificationChannel; to: string }[],
): RecipientsReadAhead {
  const hashes = new Map<string, string>();
  for (const { channel, to } of recipients) {
    try {
      const recipient = normalizeRecipient(channel, to);
      if (!hashes.has(recipient)) hashes.set(recipient, ctx.audit.pseudonymize(tenantId, recipient));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  const locked = lockRecipients(trx, tenantId, [...hashes.values()]);
  locked.catch(() => undefined); // rejected with its statement's error, which the caller also sees: not unhandled
  return { tenantId, hashes, locked, recent: readRecentNotificationsWithNext(trx, tenantId, [...hashes.values()], secretKinds()) };
}

function invalidRecipient(reason: MessageKey): DomainError {
  return new DomainError('notification.invalid_recipient', 400, 'error.notification.invalid_recipient', {}, [
    { field: '/to', code: 'invalid_recipient', messageKey: reason },
  ]);
}

function invalidMessage(field: string, reason: MessageKey): DomainError {
  return new DomainError('notification.invalid_message', 400, 'error.notification.invalid_message', {}, [
    { field, code: 'invalid_message', messageKey: reason },
  ]);
}

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const EMAIL = new RegExp(`^([A-Za-z0-9.!#$%&'*+/=?^_\`{|}~-]{1,64})@(${LABEL}(?:\\.${LABEL})*\\.[a-z]{2,63})$`, 'i');

/** A checked e-mail address (domain lower-cased), or undefined. */
export function normalizeEmail(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed.length > 254) return undefined;
  const match = EMAIL.exec(trimmed);
  if (!match) return undefined;
  const local = match[1]!;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return undefined;
  return `${local}@${match[2]!.toLowerCase()}`;
}

/**
 * An Indonesian mobile number in E.164 (+628…), or undefined. Accepts 0812-3456-7890, (0812) 3456 7890,
 * +62 812 3456 7890 and 62812…; SMS and WhatsApp need a mobile number.
 */
export function normalizeIndonesianMobile(value: string): string | undefined {
  const compact = value.trim().replace(/[\s.()-]/g, '');
  let national: string;
  if (/^\+62\d+$/.test(compact)) national = compact.slice(3);
  else if (/^62\d+$/.test(compact)) national = compact.slice(2);
  else if (/^0\d+$/.test(compact)) national = compact.slice(1);
  else return undefined;
  // Mobile numbers: 8, then the operator's digit, 7–10 more digits (10–13 digits with the leading 0).
  if (!/^8[1-9]\d{7,10}$/.test(national)) return undefined;
  return `+62${national}`;
}

export function normalizeRecipient(channel: NotificationChannel, to: string): string {
  if (typeof to !== 'string') throw invalidRecipient(channel === 'email' ? 'notification.reason.email' : 'notification.reason.phone');
  if (channel === 'email') {
    const email = normalizeEmail(to);
    if (!email) throw invalidRecipient('notification.reason.email');
    return email;
  }
  const phone = normalizeIndonesianMobile(to);
  if (!phone) throw invalidRecipient('notification.reason.phone');
  return phone;
}

/** An input that passed the checks, ready to be written. */
interface CheckedNotification {
  row: NewNotificationRow;
  urgent: boolean;
  actor: Actor;
}

/**
 * Checks and normalises one input. Throws TypeError for a programming error (unknown channel,
 * malformed kind, sendAt or ref); returns the 400 DomainError for a bad recipient or text.
 */
/** `hashes`: recipients' pseudonyms already made for this tenant (a read-ahead's), by normalised address. */
function checkNotification(ctx: NotificationContext, tenantId: string, input: NewNotification, hashes?: ReadonlyMap<string, string>): CheckedNotification | DomainError {
  if (!['email', 'sms', 'whatsapp'].includes(input.channel)) {
    throw new TypeError(`unknown notification channel ${JSON.stringify(input.channel)}`);
  }
  if (!/^[a-z][a-z0-9_.-]{0,99}$/.test(input.kind)) {
    throw new TypeError(`notification kind must look like "application.updated", got ${JSON.stringify(input.kind)}`);
  }
  if (input.sendAt !== undefined && !(input.sendAt instanceof Date && Number.isFinite(input.sendAt.getTime()))) {
    throw new TypeError('notification sendAt must be a valid Date');
  }
  const ref = checkRef(input.ref);
  let recipient: string;
  try {
    recipient = normalizeRecipient(input.channel, input.to);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  if (typeof input.text !== 'string' || input.text.trim() === '') return invalidMessage('/text', 'notification.reason.text');
  const subject = input.subject?.trim() || null;
  if (input.channel === 'email' && !subject) return invalidMessage('/subject', 'notification.reason.subject');
  const urgent = input.urgent ?? secretValidity(input.kind) !== undefined;
  return {
    urgent,
    actor: input.actor ?? ctx.actor,
    row: {
      id: randomUUID(),
      channel: input.channel,
      recipient,
      recipientHash: hashes?.get(recipient) ?? ctx.audit.pseudonymize(tenantId, recipient),
      kind: input.kind,
      lang: input.lang === 'en' ? 'en' : 'id',
      subject: input.channel === 'email' ? subject : null,
      text: input.text,
      html: input.channel === 'email' ? (input.html ?? null) : null,
      priority: urgent ? URGENT_PRIORITY : 0,
      sendAt: input.sendAt ?? null,
      ref,
    },
  };
}

/** Most inputs one `queueNotifications` call takes (its notifications INSERT has 17 parameters a row). */
export const MAX_NOTIFICATION_BATCH = 1000;

/**
 * Queues a notification: stores it, enqueues its `notifications.deliver` job and appends an audit
 * event — in one transaction (the caller's, when `ctx.db` is one), so the message exists exactly when
 * that transaction commits. The job payload carries only the tenant and notification ids; the audit
 * entry only a pseudonym of the recipient. A batch of one of `queueNotifications`; throws its error.
 */
export async function queueNotification(
  ctx: NotificationContext,
  tenantId: string,
  input: NewNotification,
): Promise<QueuedNotification> {
  return onlyResult(await queueNotifications(ctx, tenantId, [input]));
}

/** The result of a batch of one: throws its DomainError. */
export function onlyResult<T>(results: ReadonlyArray<T | DomainError>): T {
  const [result] = results;
  if (result instanceof DomainError) throw result;
  return result!;
}

/**
 * Queues several notifications as `queueNotification` does each, in one transaction (the caller's,
 * when `ctx.db` is one), with the same number of statements whatever the batch size: one to lock all
 * recipients, one to count their recent messages, one jobs INSERT, one notifications INSERT, one
 * audit INSERT. Returns a result per input, in order: the queued notification, or the DomainError
 * `queueNotification` would have thrown (400 bad recipient or text, 429 over the recipient's limit —
 * earlier inputs of the batch count towards it); nothing is stored for those. A programming error
 * (TypeError: unknown channel, malformed kind, sendAt or ref) throws for the whole batch.
 */
export async function queueNotifications(
  ctx: NotificationContext,
  tenantId: string,
  inputs: readonly NewNotification[],
  options: QueueOptions = {},
): Promise<Array<QueuedNotification | DomainError>> {
  if (inputs.length > MAX_NOTIFICATION_BATCH) {
    throw new RangeError(`queueNotifications takes at most ${MAX_NOTIFICATION_BATCH} notifications, got ${inputs.length}`);
  }
  const ahead = options.readAhead?.tenantId === tenantId ? options.readAhead : undefined;
  const checked = inputs.map((input) => checkNotification(ctx, tenantId, input, ahead?.hashes));
  const results: Array<QueuedNotification | DomainError | undefined> = checked.map((c) => (c instanceof DomainError ? c : undefined));
  const valid = checked.flatMap((c, index) => (c instanceof DomainError ? [] : [{ ...c, index }]));
  if (valid.length === 0) return results as Array<QueuedNotification | DomainError>;
  const limits = ctx.limits ?? DEFAULT_RECIPIENT_LIMITS;
  return withTenant(ctx.db, tenantId, async (trx: Tx) => {
    // Serialised per recipient (transaction-scoped advisory locks), so concurrent callers cannot both
    // see 19 and insert the 20th and 21st.
    const hashes = valid.map((v) => v.row.recipientHash);
    const codes = secretKinds();
    let recent: Map<string, RecentNotificationCount>;
    if (ahead && valid.every((v) => ahead.hashes.has(v.row.recipient))) {
      await ahead.locked;
      recent = await ahead.recent;
    } else {
      await lockRecipients(trx, tenantId, hashes);
      recent = await countRecentNotifications(trx, tenantId, hashes, codes);
    }
    const accepted = valid.filter(({ row, index }) => {
      const count = recent.get(row.recipientHash) ?? { lastHour: 0, otpLast15Minutes: 0 };
      const isCode = codes.includes(row.kind);
      if (count.lastHour >= limits.perHour || (isCode && count.otpLast15Minutes >= limits.otpPer15Minutes)) {
        results[index] = new DomainError('notification.recipient_rate_limited', 429, 'error.notification.recipient_rate_limited');
        return false;
      }
      recent.set(row.recipientHash, {
        lastHour: count.lastHour + 1,
        otpLast15Minutes: count.otpLast15Minutes + (isCode ? 1 : 0),
      });
      return true;
    });
    if (accepted.length === 0) return results as Array<QueuedNotification | DomainError>;
    // The rows and their delivery jobs in one statement, each row with its job's id.
    const written = await insertNotificationsWithJobs(
      trx,
      tenantId,
      accepted.map((a) => a.row),
      (row) => ({
        kind: DELIVER_JOB,
        tenantId,
        payload: { tenantId, notificationId: row.id },
        priority: row.priority,
        runAt: row.sendAt ?? undefined,
        dedupeKey: `notification:${row.id}`,
        maxAttempts: DELIVERY_MAX_ATTEMPTS,
      }),
    );
    accepted.forEach((a, i) => (a.row.jobId = written[i]!.jobId));
    const sendAts = written.map((w) => w.sendAt);
    if (options.audit !== 'caller') await ctx.audit.appendMany(
      trx,
      accepted.map(({ row, urgent, actor }, i) => ({
        tenantId,
        actor: actorRef(actor),
        action: 'notification.queued',
        subject: `notification:${row.id}`,
        data: {
          channel: row.channel,
          kind: row.kind,
          recipient: row.recipientHash,
          urgent,
          ...(row.sendAt ? { sendAt: sendAts[i]!.toISOString() } : {}),
        },
      })),
    );
    accepted.forEach(({ row, index }, i) => {
      results[index] = { id: row.id, channel: row.channel, kind: row.kind, status: 'queued', sendAt: sendAts[i]!, jobId: row.jobId!, recipient: row.recipientHash };
    });
    return results as Array<QueuedNotification | DomainError>;
  });
}

/**
 * Cancels a notification that has not been handed over yet (typically a scheduled one). Its job
 * still runs at the scheduled time and finds it cancelled. 404 when there is none, 409 when it has
 * already been sent, failed or cancelled.
 */
export async function cancelNotification(ctx: NotificationContext, tenantId: string, id: string): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound();
  await withTenant(ctx.db, tenantId, async (trx) => {
    const { before, cancelled } = await cancelQueuedNotification(trx, tenantId, id, secretKinds());
    if (before === undefined) throw notFound();
    if (!cancelled) {
      throw new DomainError('notification.not_cancellable', 409, 'error.notification.not_cancellable');
    }
    await ctx.audit.append(trx, {
      tenantId,
      actor: actorRef(ctx.actor),
      action: 'notification.cancelled',
      subject: `notification:${id}`,
    });
  });
}

export interface DeliveryReport {
  channel: NotificationChannel;
  /** The provider's message id (what the hand-over returned; for e-mail the Message-ID). */
  messageId: string;
  status: 'delivered' | 'failed' | 'bounced';
  at: Date;
  reason?: string;
}

/** A provider's failure reason, safe to store: no addresses or numbers, at most 500 characters. */
function scrubReason(reason: string | undefined): string | null {
  if (!reason) return null;
  const text = reason
    .replace(/[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+/g, '[address]')
    .replace(/\+?\d[\d\s-]{7,}\d/g, '[number]')
    .trim()
    .slice(0, 500);
  return text ? `provider: ${text}` : null;
}

/**
 * Applies a provider's delivery report (not tenant-scoped: found by provider message id through the
 * database function of migration 0004). Idempotent and order-independent: the state only moves up
 * sent < delivered < failed < bounced, `delivered_at` keeps the earliest reported delivery. Each
 * change is audited in its tenant, in the same transaction. 404 when no sent notification has that id.
 */
export async function reportDelivery(
  deps: { db: Db; audit: AuditAppender },
  report: DeliveryReport,
): Promise<{ status: NotificationStatus; changed: boolean }> {
  return deps.db.transaction().execute(async (trx) => {
    const results = await applyDeliveryReport(trx, {
      channel: report.channel,
      providerMessageId: report.messageId,
      status: report.status,
      at: report.at,
      reason: report.status === 'delivered' ? null : scrubReason(report.reason),
    });
    if (results.length === 0) throw notFound();
    for (const r of results.filter((x) => x.changed)) {
      await withTenant(trx, r.tenantId, (t) =>
        deps.audit.append(t, {
          tenantId: r.tenantId,
          actor: `system:${report.channel}-provider`,
          action: `notification.${report.status}`,
          subject: `notification:${r.id}`,
          data: { channel: report.channel, status: r.status, previousStatus: r.previousStatus, at: report.at.toISOString() },
        }),
      );
    }
    const first = results[0]!;
    return { status: first.status, changed: results.some((r) => r.changed) };
  });
}
