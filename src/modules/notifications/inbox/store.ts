// SQL for the in-app inbox (migration 0010) and notification preferences (0011); nothing else
// touches these tables. Every function runs in a tenant transaction (row-level security).
import { sql } from 'kysely';
import { readWithNext, type Tx } from '../../../db/index.js';
import type { PersonKind, TemplateChannel } from '../../../db/schema.js';

export interface InboxRow {
  id: string;
  event: string;
  lang: 'id' | 'en';
  title: string;
  text: string;
  createdAt: Date;
  visibleAt: Date;
  readAt: Date | null;
}

export interface PersonRef {
  kind: PersonKind;
  id: string;
}

/** Inserts a message; returns when it appears (its `sendAt`, else the database's now). */
export async function insertInboxItem(
  trx: Tx,
  tenantId: string,
  row: {
    id: string;
    recipient: PersonRef;
    event: string;
    lang: 'id' | 'en';
    title: string;
    text: string;
    visibleAt: Date | null;
    ref?: string | null;
  },
): Promise<{ visibleAt: Date }> {
  const [visibleAt] = await insertInboxItems(trx, tenantId, [row]);
  return { visibleAt: visibleAt! };
}

/** Several inbox messages in one INSERT; returns when each becomes visible, in order. */
export async function insertInboxItems(trx: Tx, tenantId: string, rows: readonly InboxInsert[]): Promise<Date[]> {
  if (rows.length === 0) return [];
  return visibleAtOf(rows, await inboxInsert(trx, tenantId, rows).execute());
}

/**
 * insertInboxItems sent with the transaction's next statement (readWithNext, its RETURNING read as a
 * read's rows; notifyPersons): make that statement, or sendOwed, before awaiting it.
 */
export function insertInboxItemsWithNext(trx: Tx, tenantId: string, rows: readonly InboxInsert[]): Promise<Date[]> {
  if (rows.length === 0) return Promise.resolve([]);
  return readWithNext(trx, inboxInsert(trx, tenantId, rows), (inserted) => visibleAtOf(rows, inserted));
}

type InboxInsert = Parameters<typeof insertInboxItem>[2];

const inboxInsert = (trx: Tx, tenantId: string, rows: readonly InboxInsert[]) =>
  trx
    .insertInto('notification_inbox')
    .values(
      rows.map((row) => ({
        tenant_id: tenantId,
        id: row.id,
        recipient_kind: row.recipient.kind,
        recipient_id: row.recipient.id,
        event: row.event,
        lang: row.lang,
        title: row.title,
        body_text: row.text,
        visible_at: row.visibleAt ?? sql<Date>`now()`,
        read_at: null,
        digested_at: null,
        ref: row.ref ?? null,
      })),
    )
    .returning(['id', 'visible_at']);

function visibleAtOf(rows: readonly InboxInsert[], inserted: { id: string; visible_at: Date }[]): Date[] {
  const at = new Map(inserted.map((r) => [r.id, r.visible_at]));
  return rows.map((row) => at.get(row.id)!);
}

/** Deletes the tenant's inbox messages with this reference that have not appeared yet; returns their ids. */
export async function deleteScheduledByRef(trx: Tx, tenantId: string, ref: string): Promise<string[]> {
  const rows = await trx
    .deleteFrom('notification_inbox')
    .where('tenant_id', '=', tenantId)
    .where('ref', '=', ref)
    .where('visible_at', '>', sql<Date>`now()`)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

const inboxColumns = [
  'id',
  'event',
  'lang',
  'title',
  'body_text',
  'created_at',
  'visible_at',
  'read_at',
] as const;

function toInbox(r: {
  id: string;
  event: string;
  lang: 'id' | 'en';
  title: string;
  body_text: string;
  created_at: Date;
  visible_at: Date;
  read_at: Date | null;
}): InboxRow {
  return {
    id: r.id,
    event: r.event,
    lang: r.lang,
    title: r.title,
    text: r.body_text,
    createdAt: r.created_at,
    visibleAt: r.visible_at,
    readAt: r.read_at,
  };
}

/** The person's visible messages, newest first (keyset: before = visible_at/id of the last one seen). */
export async function selectInbox(
  trx: Tx,
  tenantId: string,
  person: PersonRef,
  options: { limit: number; unreadOnly?: boolean; before?: { at: Date; id: string } },
): Promise<InboxRow[]> {
  let q = trx
    .selectFrom('notification_inbox')
    .select(inboxColumns)
    .where('tenant_id', '=', tenantId)
    .where('recipient_kind', '=', person.kind)
    .where('recipient_id', '=', person.id)
    .where('visible_at', '<=', sql<Date>`now()`);
  if (options.unreadOnly) q = q.where('read_at', 'is', null);
  if (options.before) {
    const { at, id } = options.before;
    q = q.where((eb) => eb.or([eb('visible_at', '<', at), eb.and([eb('visible_at', '=', at), eb('id', '<', id)])]));
  }
  const rows = await q.orderBy('visible_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
  return rows.map(toInbox);
}

export async function countUnread(trx: Tx, tenantId: string, person: PersonRef): Promise<number> {
  const row = await trx
    .selectFrom('notification_inbox')
    .select(sql<string>`count(*)`.as('n'))
    .where('tenant_id', '=', tenantId)
    .where('recipient_kind', '=', person.kind)
    .where('recipient_id', '=', person.id)
    .where('read_at', 'is', null)
    .where('visible_at', '<=', sql<Date>`now()`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the person's messages read; undefined when the person has no such (visible) message. */
export async function markInboxRead(
  trx: Tx,
  tenantId: string,
  person: PersonRef,
  id: string,
): Promise<{ changed: boolean; readAt: Date } | undefined> {
  const current = await trx
    .selectFrom('notification_inbox')
    .select(['read_at'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('recipient_kind', '=', person.kind)
    .where('recipient_id', '=', person.id)
    .where('visible_at', '<=', sql<Date>`now()`)
    .forUpdate()
    .executeTakeFirst();
  if (!current) return undefined;
  if (current.read_at) return { changed: false, readAt: current.read_at };
  const updated = await trx
    .updateTable('notification_inbox')
    .set({ read_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning('read_at')
    .executeTakeFirstOrThrow();
  return { changed: true, readAt: updated.read_at! };
}

/** Marks all of the person's visible unread messages read; returns how many. */
export async function markAllInboxRead(trx: Tx, tenantId: string, person: PersonRef): Promise<number> {
  const result = await trx
    .updateTable('notification_inbox')
    .set({ read_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('recipient_kind', '=', person.kind)
    .where('recipient_id', '=', person.id)
    .where('read_at', 'is', null)
    .where('visible_at', '<=', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---- preferences ----

export interface PreferenceRow {
  lang: 'id' | 'en' | null;
  channels: Record<string, TemplateChannel[]>;
  digest: 'none' | 'daily';
  hasDigestEmail: boolean;
  lastDigestAt: Date | null;
  updatedAt: Date;
}

/** A preferences row as the service reads it (the digest address itself stays in the table). */
function preferenceOf(row: {
  lang: PreferenceRow['lang'];
  channels: PreferenceRow['channels'] | null;
  digest: PreferenceRow['digest'];
  digest_email: string | null;
  last_digest_at: Date | null;
  updated_at: Date;
}): PreferenceRow {
  return { lang: row.lang, channels: row.channels ?? {}, digest: row.digest, hasDigestEmail: row.digest_email !== null, lastDigestAt: row.last_digest_at, updatedAt: row.updated_at };
}

export async function selectPreferences(trx: Tx, tenantId: string, person: PersonRef): Promise<PreferenceRow | undefined> {
  const row = await trx
    .selectFrom('notification_preferences')
    .select(['lang', 'channels', 'digest', 'digest_email', 'last_digest_at', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .where('person_kind', '=', person.kind)
    .where('person_id', '=', person.id)
    .executeTakeFirst();
  return row && preferenceOf(row);
}

/**
 * The saved preferences of several people (one SELECT), read with the transaction's next statement
 * (readWithNext: make that statement, or sendOwed, before awaiting them); a person with none is
 * absent. Key: `kind:id`.
 */
export function selectPreferencesOfWithNext(trx: Tx, tenantId: string, people: readonly PersonRef[]): Promise<Map<string, PreferenceRow>> {
  if (people.length === 0) return Promise.resolve(new Map());
  const query = trx
    .selectFrom('notification_preferences')
    .select(['person_kind', 'person_id', 'lang', 'channels', 'digest', 'digest_email', 'last_digest_at', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      eb.or(
        PERSON_KINDS_OF(people).map((kind) =>
          eb.and([eb('person_kind', '=', kind), eb('person_id', 'in', [...new Set(people.filter((p) => p.kind === kind).map((p) => p.id))])]),
        ),
      ),
    );
  return readWithNext(trx, query, (rows) => new Map(rows.map((row) => [`${row.person_kind}:${row.person_id}`, preferenceOf(row)])));
}

const PERSON_KINDS_OF = (people: readonly PersonRef[]) => [...new Set(people.map((p) => p.kind))];

export async function upsertPreferences(
  trx: Tx,
  tenantId: string,
  person: PersonRef,
  prefs: { lang: 'id' | 'en' | null; channels: Record<string, TemplateChannel[]>; digest: 'none' | 'daily' },
): Promise<void> {
  await trx
    .insertInto('notification_preferences')
    .values({
      tenant_id: tenantId,
      person_kind: person.kind,
      person_id: person.id,
      lang: prefs.lang,
      channels: JSON.stringify(prefs.channels),
      digest: prefs.digest,
      digest_email: null,
      last_digest_at: null,
      updated_at: sql<Date>`now()`,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'person_kind', 'person_id']).doUpdateSet({
        lang: prefs.lang,
        channels: JSON.stringify(prefs.channels),
        digest: prefs.digest,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

/** Remembers where an officer's digest goes (the address the last caller passed). */
export async function setDigestEmail(trx: Tx, tenantId: string, person: PersonRef, email: string): Promise<void> {
  await trx
    .updateTable('notification_preferences')
    .set({ digest_email: email })
    .where('tenant_id', '=', tenantId)
    .where('person_kind', '=', person.kind)
    .where('person_id', '=', person.id)
    .where((eb) => eb.or([eb('digest_email', 'is', null), eb('digest_email', '<>', email)]))
    .execute();
}

export interface DigestCandidate {
  personId: string;
  email: string;
  lang: 'id' | 'en' | null;
}

/** Officers of the tenant with a daily digest and an address, locked for this run (SKIP LOCKED). */
export async function selectDigestOfficers(trx: Tx, tenantId: string): Promise<DigestCandidate[]> {
  const rows = await trx
    .selectFrom('notification_preferences')
    .select(['person_id', 'digest_email', 'lang'])
    .where('tenant_id', '=', tenantId)
    .where('digest', '=', 'daily')
    .where('person_kind', '=', 'officer')
    .where('digest_email', 'is not', null)
    .forUpdate()
    .skipLocked()
    .execute();
  return rows.map((r) => ({ personId: r.person_id, email: r.digest_email!, lang: r.lang }));
}

/** The officer's unread messages not yet in a digest (at most `limit`, oldest first). */
export async function selectUndigested(trx: Tx, tenantId: string, person: PersonRef, limit: number): Promise<InboxRow[]> {
  const rows = await trx
    .selectFrom('notification_inbox')
    .select(inboxColumns)
    .where('tenant_id', '=', tenantId)
    .where('recipient_kind', '=', person.kind)
    .where('recipient_id', '=', person.id)
    .where('read_at', 'is', null)
    .where('digested_at', 'is', null)
    .where('visible_at', '<=', sql<Date>`now()`)
    .orderBy('visible_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toInbox);
}

export async function markDigested(trx: Tx, tenantId: string, person: PersonRef, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await trx
    .updateTable('notification_inbox')
    .set({ digested_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
  await trx
    .updateTable('notification_preferences')
    .set({ last_digest_at: sql<Date>`now()` })
    .where('tenant_id', '=', tenantId)
    .where('person_kind', '=', person.kind)
    .where('person_id', '=', person.id)
    .execute();
}

/** Tenants that have at least one officer with a daily digest (the digest job's fan-out; no tenant context). */
export async function selectDigestTenants(trx: Tx): Promise<string[]> {
  const { rows } = await sql<{ tenant_id: string }>`SELECT tenant_id FROM notification_digest_tenants()`.execute(trx);
  return rows.map((r) => r.tenant_id);
}
