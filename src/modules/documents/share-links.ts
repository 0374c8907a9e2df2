// Share links (issue 20): the holder of a document gives someone — an employer, a bank, another office —
// a link that shows the document's verification facts and offers its download, for 1, 7 or 30 days or
// until the holder revokes it. The link carries a 128-bit random token; only its SHA-256 is stored, so
// the database (or a copy of it) opens no link, and the holder sees the link once, when it is made.
// Services take (ctx, input); the time is ctx.now().
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { withTenant } from '../../db/index.js';
import { actorRef, type TenantContext } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import type { FileStore } from '../../platform/files/index.js';
import { type DocumentVerification, verificationOf } from './service.js';
import { insertShareLink, revokeShareLinkRow, selectDocument, selectShareLink, selectShareLinkByToken, selectShareLinksOfHolder } from './store.js';
import './strings.js';

/** How long a link may live: the choices the wallet offers (a day for a quick look, a month for a process). */
export const SHARE_DAYS = [1, 7, 30] as const;
export type ShareDays = (typeof SHARE_DAYS)[number];

const TOKEN = /^[A-Za-z0-9_-]{22}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const sharePath = (token: string) => `/dokumen/bagikan/${token}`;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const notFound = () => new DomainError('documents.not_found', 404, 'doc.error.not_found');

function holderOf(ctx: TenantContext): string {
  if (ctx.actor.kind !== 'citizen') throw notFound();
  return ctx.actor.id;
}

export type ShareLinkState = 'active' | 'expired' | 'revoked';

export interface ShareLink {
  id: string;
  documentId: string;
  number: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  state: ShareLinkState;
}

function stateOf(link: { expires_at: Date; revoked_at: Date | null }, now: Date): ShareLinkState {
  if (link.revoked_at) return 'revoked';
  return link.expires_at.getTime() <= now.getTime() ? 'expired' : 'active';
}

/**
 * A new link to one of the holder's documents, valid `days` days (audited). The token is in the
 * answer only: it cannot be shown again. Another person's document is a 404; a revoked or expired
 * one a 409 (a link would only show that it is not valid).
 */
export async function createDocumentShareLink(ctx: TenantContext, input: { documentId: string; days: number }): Promise<ShareLink & { token: string; path: string }> {
  const holder = holderOf(ctx);
  if (!SHARE_DAYS.includes(input.days as ShareDays)) {
    throw new DomainError('validation', 400, 'error.validation', {}, [{ field: '/days', code: 'enum', messageKey: 'doc.error.share_days' }]);
  }
  if (!UUID.test(input.documentId)) throw notFound();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const doc = await selectDocument(trx, ctx.tenant.id, input.documentId);
    if (!doc || doc.holder_citizen_id !== holder || doc.status === 'pending') throw notFound();
    if (verificationOf(ctx, doc).status !== 'valid') throw new DomainError('documents.share_not_valid', 409, 'doc.error.share_not_valid');
    const now = ctx.now();
    const token = randomBytes(16).toString('base64url');
    const row = { tenant_id: ctx.tenant.id, id: randomUUID(), document_id: doc.id, holder_citizen_id: holder, token_sha256: hashOf(token), created_at: now, expires_at: new Date(now.getTime() + input.days * 86_400_000), revoked_at: null };
    await insertShareLink(trx, row);
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: 'documents.share_link_created',
      subject: `document:${doc.id}`,
      data: { link: row.id, number: doc.number, days: input.days, expiresAt: row.expires_at.toISOString() },
    });
    return { ...linkOf({ ...row, number: doc.number }, now), token, path: sharePath(token) };
  });
}

function linkOf(row: { id: string; document_id: string; number: string; created_at: Date; expires_at: Date; revoked_at: Date | null }, now: Date): ShareLink {
  return {
    id: row.id,
    documentId: row.document_id,
    number: row.number,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    state: stateOf(row, now),
  };
}

/** The holder's links, newest first, with their state (the token is never shown again). */
export async function listDocumentShareLinks(ctx: TenantContext): Promise<ShareLink[]> {
  const holder = holderOf(ctx);
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectShareLinksOfHolder(trx, ctx.tenant.id, holder));
  return rows.map((row) => linkOf(row, ctx.now()));
}

/** Ends a link at once (audited); the holder's only — another's is a 404. Revoking it again changes nothing. */
export async function revokeDocumentShareLink(ctx: TenantContext, input: { id: string }): Promise<ShareLink> {
  const holder = holderOf(ctx);
  if (!UUID.test(input.id)) throw notFound();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const link = await selectShareLink(trx, ctx.tenant.id, input.id);
    if (!link || link.holder_citizen_id !== holder) throw notFound();
    const doc = await selectDocument(trx, ctx.tenant.id, link.document_id);
    const now = ctx.now();
    if (link.revoked_at) return linkOf({ ...link, number: doc?.number ?? '' }, now);
    await revokeShareLinkRow(trx, ctx.tenant.id, link.id, now);
    await ctx.audit.append(trx, { tenantId: ctx.tenant.id, actor: actorRef(ctx.actor), action: 'documents.share_link_revoked', subject: `document:${link.document_id}`, data: { link: link.id } });
    return linkOf({ ...link, number: doc?.number ?? '', revoked_at: now }, now);
  });
}

/** Why a link no longer opens: each has its own words on the page. */
export type ShareLinkGone = 'expired' | 'revoked' | 'document_revoked' | 'document_expired';

/**
 * What a link shows to whoever has it: the document's verification facts (the holder masked, as on the
 * verification page). Unknown or malformed: 404; expired, revoked by the holder, or its document no
 * longer valid: 410 with the reason (`gone`) — the facts of a revoked document stay on its
 * verification page, which the QR code opens.
 */
export async function openSharedDocument(ctx: TenantContext, input: { token: string }): Promise<{ document: DocumentVerification; expiresAt: string; documentId: string; storageKey: string }> {
  if (!TOKEN.test(input.token)) throw shareNotFound();
  const found = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const link = await selectShareLinkByToken(trx, ctx.tenant.id, hashOf(input.token));
    const doc = link && (await selectDocument(trx, ctx.tenant.id, link.document_id));
    return link && doc ? { link, doc } : undefined;
  });
  if (!found || found.doc.status === 'pending' || !found.doc.storage_key) throw shareNotFound();
  const state = stateOf(found.link, ctx.now());
  if (state !== 'active') throw shareGone(state);
  const document = verificationOf(ctx, found.doc);
  if (document.status !== 'valid') throw shareGone(document.status === 'revoked' ? 'document_revoked' : 'document_expired');
  return { document, expiresAt: found.link.expires_at.toISOString(), documentId: found.doc.id, storageKey: found.doc.storage_key };
}

/** The signed PDF behind a link, under the same conditions as its page. */
export async function openSharedDocumentFile(ctx: TenantContext, files: FileStore, input: { token: string }): Promise<{ name: string; stream: Readable }> {
  const shared = await openSharedDocument(ctx, input);
  return { name: `${shared.document.number}.pdf`, stream: await files.get(shared.storageKey) };
}

function shareNotFound(): DomainError {
  return new DomainError('documents.share_not_found', 404, 'doc.share.not_found');
}

function shareGone(gone: ShareLinkGone): DomainError {
  return new DomainError('documents.share_gone', 410, `doc.share.gone.${gone}`, {}, [], { gone });
}
