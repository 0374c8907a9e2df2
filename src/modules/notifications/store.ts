// SQL for notifications and the development mailbox; nothing else touches these tables.
import { sql } from 'kysely';
import { type DbOrTx, readWithNext, sendWithNext, type Tx } from '../../db/index.js';
import type { NotificationChannel, NotificationStatus } from '../../db/schema.js';
import { type EnqueueJobInput, enqueueJobsWith } from '../../platform/jobs/index.js';

/** The tables this module owns: only its stores touch them (`npm run check`). */
export const TABLES = ['notifications', 'dev_mailbox', 'notification_templates', 'notification_inbox', 'notification_preferences'] as const;

export interface NotificationRow {
  id: string;
  tenantId: string;
  channel: NotificationChannel;
  recipient: string;
  kind: string;
  lang: 'id' | 'en';
  subject: string | null;
  text: string;
  html: string | null;
  status: NotificationStatus;
  priority: number;
  sendAt: Date;
  attempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** Seconds since it was created, by the database's clock (read with the row). */
  ageSeconds: number;
}

export interface NewNotificationRow {
  id: string;
  channel: NotificationChannel;
  recipient: string;
  recipientHash: string;
  kind: string;
  lang: 'id' | 'en';
  subject: string | null;
  text: string;
  html: string | null;
  priority: number;
  sendAt: Date | null;
  ref?: string | null;
  /** The delivery job, enqueued first in the same transaction. */
  jobId?: number | null;
}

/**
 * Inserts queued notifications and their delivery jobs with one statement (in the caller's tenant
 * transaction): `jobOf(row)` is each row's job, whose dedupe key must be unique to the row (it joins
 * the row to its job). Returns each row's send time and job id in input order; throws when a job was
 * not inserted (its dedupe key taken), as nothing would deliver that row. Empty input: no statement.
 */
export async function insertNotificationsWithJobs(
  trx: Tx,
  tenantId: string,
  rows: readonly NewNotificationRow[],
  jobOf: (row: NewNotificationRow) => EnqueueJobInput & { dedupeKey: string },
): Promise<Array<{ sendAt: Date; jobId: number }>> {
  if (rows.length === 0) return [];
  const jobs = rows.map(jobOf);
  const { rows: inserted } = await enqueueJobsWith<{ id: string; send_at: string; job_id: number }>(
    trx,
    jobs,
    (insertedJobs) => sql`
      INSERT INTO notifications (tenant_id, id, channel, recipient, recipient_hash, kind, lang, subject, body_text, body_html, priority, ref, send_at, job_id)
      SELECT ${tenantId}::uuid, n.id, n.channel, n.recipient, n.recipient_hash, n.kind, n.lang, n.subject, n.body_text, n.body_html, n.priority, n.ref,
             coalesce(n.send_at, now()), j.id
        FROM unnest(
          ${rows.map((r) => r.id)}::uuid[], ${rows.map((r) => r.channel)}::text[], ${rows.map((r) => r.recipient)}::text[],
          ${rows.map((r) => r.recipientHash)}::text[], ${rows.map((r) => r.kind)}::text[], ${rows.map((r) => r.lang)}::text[],
          ${rows.map((r) => r.subject)}::text[], ${rows.map((r) => r.text)}::text[], ${rows.map((r) => r.html)}::text[],
          ${rows.map((r) => r.priority)}::smallint[], ${rows.map((r) => r.ref ?? null)}::text[], ${rows.map((r) => r.sendAt)}::timestamptz[],
          ${jobs.map((j) => j.dedupeKey)}::text[]
        ) AS n(id, channel, recipient, recipient_hash, kind, lang, subject, body_text, body_html, priority, ref, send_at, job_key)
        JOIN ${insertedJobs} j ON j.dedupe_key = n.job_key
      RETURNING id, send_at, job_id`,
  );
  const byId = new Map(inserted.map((r) => [r.id, r]));
  return rows.map((row) => {
    const written = byId.get(row.id);
    if (!written) throw new Error('notification delivery job already exists'); // a fresh uuid: cannot happen
    return { sendAt: new Date(written.send_at), jobId: Number(written.job_id) };
  });
}

/**
 * Serialises queueing to these recipients of one tenant until the transaction ends: one statement,
 * the locks taken in sorted order, so two batches sharing recipients cannot deadlock. Sent with the
 * transaction's next statement (sendWithNext; the count that follows it), which runs once the locks are held.
 */
export async function lockRecipients(trx: Tx, tenantId: string, recipientHashes: readonly string[]): Promise<void> {
  if (recipientHashes.length === 0) return;
  const keys = [...new Set(recipientHashes)].sort().map((hash) => `notify:${tenantId}:${hash}`);
  await sendWithNext(
    trx,
    sql`
      select pg_advisory_xact_lock(hashtextextended(key, 0))
      from unnest(${keys}::text[]) with ordinality as k(key, ord) order by ord
    `,
  );
}

export interface RecentNotificationCount {
  lastHour: number;
  otpLast15Minutes: number;
}

/**
 * Per recipient: its notifications of this tenant created in the last hour, and one-time codes (the
 * kinds in `codeKinds`) in 15 minutes — one statement for all. A recipient without any has no entry.
 */
export async function countRecentNotifications(
  trx: Tx,
  tenantId: string,
  recipientHashes: readonly string[],
  codeKinds: readonly string[],
): Promise<Map<string, RecentNotificationCount>> {
  if (recipientHashes.length === 0) return new Map();
  return countsByRecipient(await recentNotificationsQuery(trx, tenantId, recipientHashes, codeKinds).execute());
}

/**
 * countRecentNotifications read with the transaction's next statement (readWithNext): the caller makes
 * that statement before it awaits the counts.
 */
export function readRecentNotificationsWithNext(
  trx: Tx,
  tenantId: string,
  recipientHashes: readonly string[],
  codeKinds: readonly string[],
): Promise<Map<string, RecentNotificationCount>> {
  if (recipientHashes.length === 0) return Promise.resolve(new Map());
  return readWithNext(trx, recentNotificationsQuery(trx, tenantId, recipientHashes, codeKinds), countsByRecipient);
}

function countsByRecipient(rows: { recipient_hash: string | null; last_hour: string; otp: string }[]): Map<string, RecentNotificationCount> {
  return new Map(rows.map((r) => [r.recipient_hash ?? '', { lastHour: Number(r.last_hour), otpLast15Minutes: Number(r.otp) }]));
}

function recentNotificationsQuery(trx: Tx, tenantId: string, recipientHashes: readonly string[], codeKinds: readonly string[]) {
  return trx
    .selectFrom('notifications')
    .select([
      'recipient_hash',
      sql<string>`count(*)`.as('last_hour'),
      sql<string>`count(*) filter (where kind = any(${[...codeKinds]}::text[]) and created_at > now() - interval '15 minutes')`.as('otp'),
    ])
    .where('tenant_id', '=', tenantId)
    .where(sql<boolean>`recipient_hash = any(${[...new Set(recipientHashes)]}::text[])`)
    .where('created_at', '>', sql<Date>`now() - interval '1 hour'`)
    .groupBy('recipient_hash');
}

export interface DeliveryReportResult {
  tenantId: string;
  id: string;
  status: NotificationStatus;
  previousStatus: NotificationStatus;
  changed: boolean;
}

/**
 * Applies a provider's delivery report, across tenants, through the SECURITY DEFINER function of
 * migration 0004 (the app role cannot see other tenants' rows; the function does only this update).
 * Empty when no sent notification has that provider message id on that channel.
 */
export async function applyDeliveryReport(
  trx: Tx,
  report: { channel: NotificationChannel; providerMessageId: string; status: 'delivered' | 'failed' | 'bounced'; at: Date; reason: string | null },
): Promise<DeliveryReportResult[]> {
  const { rows } = await sql<{
    report_tenant_id: string;
    notification_id: string;
    new_status: NotificationStatus;
    old_status: NotificationStatus;
    changed: boolean;
  }>`select * from notification_delivery_report(${report.channel}, ${report.providerMessageId}, ${report.status}, ${report.at}, ${report.reason})`.execute(
    trx,
  );
  return rows.map((r) => ({
    tenantId: r.report_tenant_id,
    id: r.notification_id,
    status: r.new_status,
    previousStatus: r.old_status,
    changed: r.changed,
  }));
}

function toRow(r: {
  tenant_id: string;
  id: string;
  channel: NotificationChannel;
  recipient: string;
  kind: string;
  lang: 'id' | 'en';
  subject: string | null;
  body_text: string;
  body_html: string | null;
  status: NotificationStatus;
  priority: number;
  send_at: Date;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: Date;
  sent_at: Date | null;
  age_seconds: number | string;
}): NotificationRow {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    channel: r.channel,
    recipient: r.recipient,
    kind: r.kind,
    lang: r.lang,
    subject: r.subject,
    text: r.body_text,
    html: r.body_html,
    status: r.status,
    priority: r.priority,
    sendAt: r.send_at,
    attempts: r.attempts,
    lastError: r.last_error,
    providerMessageId: r.provider_message_id,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    ageSeconds: Number(r.age_seconds),
  };
}

const COLUMNS = [
  'tenant_id',
  'id',
  'channel',
  'recipient',
  'kind',
  'lang',
  'subject',
  'body_text',
  'body_html',
  'status',
  'priority',
  'send_at',
  'attempts',
  'last_error',
  'provider_message_id',
  'created_at',
  'sent_at',
] as const;

/** The notification, locked for this transaction (FOR UPDATE) when `lock` is set. */
export async function selectNotification(
  trx: Tx,
  tenantId: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<NotificationRow | undefined> {
  let query = trx
    .selectFrom('notifications')
    .select([...COLUMNS, sql<string>`extract(epoch from now() - created_at)`.as('age_seconds')])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id);
  if (options.lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** What stands in the outbox instead of a secret's text once it has been handed over or given up. */
export const ERASED_BODY = '[dihapus: berisi kode rahasia / erased: carried a secret code]';
const erased = (erase: boolean | undefined) => (erase ? { body_text: ERASED_BODY, body_html: null } : {});

export async function markNotificationSent(
  trx: Tx,
  tenantId: string,
  id: string,
  result: { providerMessageId: string; attempts: number; erase?: boolean },
): Promise<void> {
  await trx
    .updateTable('notifications')
    .set({
      status: 'sent',
      provider_message_id: result.providerMessageId,
      attempts: result.attempts,
      last_error: null,
      sent_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
      ...erased(result.erase),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function markNotificationFailed(
  trx: Tx,
  tenantId: string,
  id: string,
  result: { error: string; attempts: number; erase?: boolean },
): Promise<void> {
  await trx
    .updateTable('notifications')
    .set({
      status: 'failed',
      attempts: result.attempts,
      last_error: result.error,
      updated_at: sql<Date>`now()`,
      ...erased(result.erase),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Cancels a queued notification; returns its status before (undefined when there is none). */
export async function cancelQueuedNotification(
  trx: Tx,
  tenantId: string,
  id: string,
  /** Kinds whose text is erased when cancelled (messages carrying secrets). */
  secretKinds: readonly string[],
): Promise<{ before: NotificationStatus | undefined; cancelled: boolean }> {
  const current = await trx
    .selectFrom('notifications')
    .select(['status', 'kind'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!current || current.status !== 'queued') return { before: current?.status, cancelled: false };
  await trx
    .updateTable('notifications')
    .set({ status: 'cancelled', updated_at: sql<Date>`now()`, ...erased(secretKinds.includes(current.kind)) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
  return { before: current.status, cancelled: true };
}

/** Cancels every still-queued notification of the tenant with this caller reference; returns their ids. */
export async function cancelQueuedByRef(trx: Tx, tenantId: string, ref: string, secretKinds: readonly string[]): Promise<string[]> {
  const rows = await trx
    .updateTable('notifications')
    .set({
      status: 'cancelled',
      updated_at: sql<Date>`now()`,
      body_text: sql<string>`CASE WHEN kind = ANY(${sql.val(secretKinds)}::text[]) THEN ${ERASED_BODY} ELSE body_text END`,
      body_html: sql<string | null>`CASE WHEN kind = ANY(${sql.val(secretKinds)}::text[]) THEN NULL ELSE body_html END`,
    })
    .where('tenant_id', '=', tenantId)
    .where('ref', '=', ref)
    .where('status', '=', 'queued')
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

// ---- development mailbox (not tenant-owned) ----

export interface DevMessageRow {
  id: number;
  channel: NotificationChannel;
  messageId: string | null;
  from: string | null;
  to: string;
  subject: string | null;
  text: string | null;
  html: string | null;
  receivedAt: Date;
}

export async function insertDevMessage(db: DbOrTx, message: Omit<DevMessageRow, 'id' | 'receivedAt'>): Promise<number> {
  const row = await db
    .insertInto('dev_mailbox')
    .values({
      channel: message.channel,
      message_id: message.messageId,
      sender: message.from,
      recipient: message.to,
      subject: message.subject,
      body_text: message.text,
      body_html: message.html,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Captured messages, newest first. */
export async function selectDevMessages(db: DbOrTx, limit = 100): Promise<DevMessageRow[]> {
  const rows = await db
    .selectFrom('dev_mailbox')
    .selectAll()
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(limit, 1), 1000))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    messageId: r.message_id,
    from: r.sender,
    to: r.recipient,
    subject: r.subject,
    text: r.body_text,
    html: r.body_html,
    receivedAt: r.received_at,
  }));
}
