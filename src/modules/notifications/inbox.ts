// The in-app inbox: a message from a template lands in the recipient's inbox (citizen or officer, by
// id — never an address) in the caller's transaction; the person lists, reads and counts unread ones.
// Design: docs/notifications.md "In-app inbox".
import { randomUUID } from 'node:crypto';
import { type DbOrTx, withTenant } from '../../db/index.js';
import type { PersonKind } from '../../db/schema.js';
import { type Actor, type AuditAppender, actorRef, type TenantContext } from '../../platform/context.js';
import { pageOf } from '../../platform/cursor.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { checkRef } from './service.js';
import {
  countUnread,
  type InboxRow,
  insertInboxItem,
  markAllInboxRead,
  markInboxRead,
  type PersonRef,
  selectInbox,
} from './inbox/store.js';

export type { InboxRow, PersonRef };
export const PERSON_KINDS: readonly PersonKind[] = ['citizen', 'officer'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** A programming error when a caller passes something that is not a person reference. */
export function checkPerson(person: { kind: unknown; id: unknown }): PersonRef {
  if (!PERSON_KINDS.includes(person.kind as PersonKind)) {
    throw new TypeError(`recipient kind must be 'citizen' or 'officer', got ${JSON.stringify(person.kind)}`);
  }
  if (!isUuid(person.id)) throw new TypeError('recipient id must be a uuid');
  return { kind: person.kind as PersonKind, id: person.id.toLowerCase() };
}

/**
 * The citizen or officer who acts: the person whose inbox and settings a request reads. Refused as
 * the policy guard would (401 for nobody signed in, 403 for an agency system).
 */
export function personOf(actor: Actor): PersonRef {
  if (actor.kind === 'citizen' || actor.kind === 'officer') return checkPerson(actor);
  if (actor.kind === 'anonymous') throw new DomainError('auth.required', 401, 'error.auth_required');
  throw new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
}

export interface InboxContext {
  db: DbOrTx;
  audit: AuditAppender;
  actor: Actor;
}

export interface InboxMessage {
  id: string;
  channel: 'inapp';
  kind: string;
  status: 'inbox';
  sendAt: Date;
  jobId: null;
}

/** Adds a rendered message to a person's inbox (in the caller's transaction when `ctx.db` is one). */
export async function addInboxMessage(
  ctx: InboxContext,
  tenantId: string,
  input: { recipient: PersonRef; event: string; lang: 'id' | 'en'; title: string; text: string; sendAt?: Date; ref?: string },
): Promise<InboxMessage> {
  const recipient = checkPerson(input.recipient);
  const ref = checkRef(input.ref);
  if (input.sendAt !== undefined && !(input.sendAt instanceof Date && Number.isFinite(input.sendAt.getTime()))) {
    throw new TypeError('notification sendAt must be a valid Date');
  }
  const id = randomUUID();
  return withTenant(ctx.db, tenantId, async (trx) => {
    const { visibleAt } = await insertInboxItem(trx, tenantId, {
      id,
      recipient,
      event: input.event,
      lang: input.lang,
      title: input.title.trim().slice(0, 300) || input.event,
      text: input.text.slice(0, 5000),
      visibleAt: input.sendAt ?? null,
      ref,
    });
    await ctx.audit.append(trx, {
      tenantId,
      actor: actorRef(ctx.actor),
      action: 'notification.inbox_added',
      subject: `inbox:${id}`,
      data: { kind: input.event, recipient: `${recipient.kind}:${recipient.id}` },
    });
    return { id, channel: 'inapp', kind: input.event, status: 'inbox', sendAt: visibleAt, jobId: null };
  });
}

export interface InboxPage {
  items: InboxRow[];
  unread: number;
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/**
 * The person's inbox in the tenant of `ctx`, newest first, and the unread count. Only messages already
 * visible (sendAt passed). `before` is the position a `nextCursor` names (platform/cursor.ts).
 */
export async function listInbox(
  ctx: TenantContext,
  person: PersonRef,
  options: { limit?: number; unreadOnly?: boolean; before?: { at: Date; id: string } } = {},
): Promise<InboxPage> {
  const who = checkPerson(person);
  const tenantId = ctx.tenant.id;
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
  return withTenant(ctx.db, tenantId, async (trx) => {
    const rows = await selectInbox(trx, tenantId, who, { ...options, limit: limit + 1 });
    const unread = await countUnread(trx, tenantId, who);
    return { ...pageOf(rows, limit, (row) => ({ at: row.visibleAt, id: row.id })), unread };
  });
}

export async function unreadCount(ctx: TenantContext, person: PersonRef): Promise<number> {
  const who = checkPerson(person);
  return withTenant(ctx.db, ctx.tenant.id, (trx) => countUnread(trx, ctx.tenant.id, who));
}

/**
 * Marks one of the person's messages read. 404 when the person has no such message (someone else's
 * message is not found, not forbidden). Idempotent: a repeat answers `changed: false`.
 */
export async function markRead(
  ctx: TenantContext,
  person: PersonRef,
  id: string,
): Promise<{ id: string; readAt: Date; changed: boolean; unread: number }> {
  const who = checkPerson(person);
  const tenantId = ctx.tenant.id;
  if (!isUuid(id)) throw notFound();
  return withTenant(ctx.db, tenantId, async (trx) => {
    const result = await markInboxRead(trx, tenantId, who, id.toLowerCase());
    if (!result) throw notFound();
    if (result.changed) {
      await ctx.audit.append(trx, {
        tenantId,
        actor: actorRef(ctx.actor),
        action: 'notification.read',
        subject: `inbox:${id.toLowerCase()}`,
      });
    }
    return { id: id.toLowerCase(), readAt: result.readAt, changed: result.changed, unread: await countUnread(trx, tenantId, who) };
  });
}

/** Marks every visible unread message of the person read; returns how many changed. */
export async function markAllRead(ctx: TenantContext, person: PersonRef): Promise<number> {
  const who = checkPerson(person);
  const tenantId = ctx.tenant.id;
  return withTenant(ctx.db, tenantId, async (trx) => {
    const n = await markAllInboxRead(trx, tenantId, who);
    if (n > 0) {
      await ctx.audit.append(trx, {
        tenantId,
        actor: actorRef(ctx.actor),
        action: 'notification.read_all',
        subject: `${who.kind}:${who.id}`,
        data: { count: n },
      });
    }
    return n;
  });
}
