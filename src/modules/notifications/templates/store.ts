// SQL for notification templates (migration 0003); nothing else touches this table. Platform
// defaults have tenant_id NULL and are written through the owner connection (row-level security lets
// the application role read them, never write them).
import { type Selectable, sql } from 'kysely';
import { type DbOrTx, readWithNext, type Tx } from '../../../db/index.js';
import type { NotificationTemplateTable, TemplateChannel } from '../../../db/schema.js';

export interface TemplateRow {
  id: string;
  tenantId: string | null;
  event: string;
  lang: 'id' | 'en';
  channel: TemplateChannel;
  subject: string | null;
  text: string;
  html: string | null;
  updatedAt: Date;
  updatedBy: string;
}

export type TemplateWrite = Omit<TemplateRow, 'updatedAt'>;

function toTemplateRow(r: Selectable<NotificationTemplateTable>): TemplateRow {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    event: r.event,
    lang: r.lang,
    channel: r.channel,
    subject: r.subject,
    text: r.body_text,
    html: r.body_html,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

/** Inserts or replaces the template of (tenant or platform, event, lang, channel); returns its id. */
export async function upsertTemplate(trx: Tx, row: TemplateWrite): Promise<{ id: string; created: boolean }> {
  const { rows } = await sql<{ id: string; created: boolean }>`
    INSERT INTO notification_templates
      (id, tenant_id, event, lang, channel, subject, body_text, body_html, updated_at, updated_by)
    VALUES (${row.id}, ${row.tenantId}, ${row.event}, ${row.lang}, ${row.channel}, ${row.subject},
      ${row.text}, ${row.html}, now(), ${row.updatedBy})
    ON CONFLICT ((coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid)), event, lang, channel)
    DO UPDATE SET subject = excluded.subject, body_text = excluded.body_text, body_html = excluded.body_html,
      updated_at = excluded.updated_at, updated_by = excluded.updated_by
    RETURNING id, (xmax = 0) AS created
  `.execute(trx);
  return rows[0]!;
}

/**
 * The candidate templates of some events for a tenant: its own rows and the platform defaults, in the
 * given channels (RLS also limits what the application role sees to exactly these). One query for a
 * whole batch of messages.
 */
export async function selectTemplateCandidates(
  trx: Tx,
  tenantId: string | null,
  events: readonly string[],
  channels: readonly TemplateChannel[],
): Promise<TemplateRow[]> {
  return (await templateCandidatesQuery(trx, tenantId, events, channels).execute()).map(toTemplateRow);
}

/**
 * selectTemplateCandidates read with the transaction's next statement (readWithNext): the caller makes
 * that statement before it awaits these rows.
 */
export function readTemplateCandidatesWithNext(
  trx: Tx,
  tenantId: string | null,
  events: readonly string[],
  channels: readonly TemplateChannel[],
): Promise<TemplateRow[]> {
  return readWithNext(trx, templateCandidatesQuery(trx, tenantId, events, channels), (rows) => rows.map(toTemplateRow));
}

function templateCandidatesQuery(trx: Tx, tenantId: string | null, events: readonly string[], channels: readonly TemplateChannel[]) {
  const query = trx
    .selectFrom('notification_templates')
    .selectAll()
    .where(sql<boolean>`event = any(${[...new Set(events)]}::text[])`)
    .where(sql<boolean>`channel = any(${[...new Set(channels)]}::text[])`);
  return tenantId === null
    ? query.where('tenant_id', 'is', null)
    : query.where((eb) => eb.or([eb('tenant_id', 'is', null), eb('tenant_id', '=', tenantId)]));
}

/** Keys (`event/lang/channel`) of the platform defaults that exist. */
export async function selectDefaultTemplateKeys(db: DbOrTx): Promise<Set<string>> {
  const rows = await db
    .selectFrom('notification_templates')
    .select(['event', 'lang', 'channel'])
    .where('tenant_id', 'is', null)
    .execute();
  return new Set(rows.map((r) => `${r.event}/${r.lang}/${r.channel}`));
}

/** Every template a tenant sees: its own rows and the platform defaults (RLS limits it to these). */
export async function selectVisibleTemplates(trx: Tx, tenantId: string): Promise<TemplateRow[]> {
  const rows = await trx
    .selectFrom('notification_templates')
    .selectAll()
    .where((eb) => eb.or([eb('tenant_id', 'is', null), eb('tenant_id', '=', tenantId)]))
    .orderBy('event')
    .orderBy('lang')
    .orderBy('channel')
    .execute();
  return rows.map(toTemplateRow);
}
