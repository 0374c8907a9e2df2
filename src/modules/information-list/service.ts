// The public list of information (DIP): the business rules. Who may keep which agency's items is
// decided by the caller (`canManage`, from the route's policy and the officer's grants) and checked
// here for every item; each change, its history row and its audit event are one transaction; the time
// is ctx.now(). Exempt items are listed with their legal ground, and their documents are opened only
// for those who keep them.
import { randomUUID } from 'node:crypto';
import { type DbOrTx, type Tx, withTenant } from '../../db/index.js';
import type { InformationClass, InformationHistoryAction } from '../../db/schema-information-list.js';
import { actorRef, type TenantContext } from '../../platform/context.js';
import { cursorInvalid, decodeCursor, pageOf } from '../../platform/cursor.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import { type FileStore, type OpenedFile, openCleanFile, type ReceivedFile, recordFiles } from '../../platform/files/index.js';
import { type Agency, listAgencies } from '../tenancy/index.js';
import { updateStatus } from './overdue.js';
import { type DocumentRow, type HistoryRow, insertDocument, insertHistory, insertItem, type ItemFields, type ItemRow, selectDocuments, selectHistory, selectItem, selectItems, selectItemsPerClass, updateItem } from './store.js';
import './strings.js';

export const CLASSES = ['berkala', 'serta_merta', 'setiap_saat', 'dikecualikan'] as const satisfies readonly InformationClass[];
export const TEXT_LIMITS = { title: 200, summary: 4000, official: 200, periodFormat: 200, retention: 200, legalGround: 2000, reason: 2000 } as const;
export const PAGE_LIMIT = { default: 20, max: 100 } as const;

/** Whether the acting officer keeps the items of this agency (false for everyone else). */
export type CanManage = (agencyId: string) => boolean;

export interface InformationDocument {
  fileId: string;
  name: string;
  mime: string;
  size: number;
  attachedAt: string;
}

export interface InformationItem {
  id: string;
  agency: { id: string; code: string; name: string; nameEn: string | null };
  class: InformationClass;
  title: string;
  summary: string;
  official: string;
  periodFormat: string;
  retention: string;
  legalGround: string | null;
  lastUpdatedAt: string;
  /** Berkala: the day the next update is due (tenant's zone); null for other classes. */
  updateDueDay: string | null;
  overdue: boolean;
  retired: { at: string; reason: string } | null;
  version: number;
  /** The documents (none shown for an exempt item unless the viewer keeps it). */
  documents: InformationDocument[];
  /** Documents of an exempt item that are not public. */
  documentsWithheld: number;
}

export interface ItemInput {
  /** Agency code. */
  agency: string;
  class: string;
  title: string;
  summary: string;
  official: string;
  periodFormat: string;
  retention: string;
  legalGround?: string | null;
}

const notFound = () => new DomainError('information_list.not_found', 404, 'dip.error.not_found');
const forbidden = () => new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
const conflict = (item: InformationItem) => new DomainError('information_list.conflict', 409, 'dip.error.conflict', {}, [], { current: { version: item.version } });
const retired = () => new DomainError('information_list.retired', 409, 'dip.error.retired');
const invalid = (errors: PendingFieldError[]) => new DomainError('validation', 400, 'error.validation', {}, errors);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isClass = (value: string): value is InformationClass => (CLASSES as readonly string[]).includes(value);

/** Checks an item's fields: every one required (trimmed), the class one of four, a legal ground exactly for an exempt item. */
function checkItem(input: ItemInput, agencies: readonly Agency[]): { fields: ItemFields } | { errors: PendingFieldError[] } {
  const errors: PendingFieldError[] = [];
  const text = (field: keyof typeof TEXT_LIMITS, value: string | null | undefined, required = true): string | null => {
    const trimmed = (value ?? '').trim();
    if (trimmed === '') {
      if (required) errors.push({ field: `/${field}`, code: 'required', messageKey: `dip.error.required.${field}` as 'dip.error.required.title' });
      return null;
    }
    if (trimmed.length > TEXT_LIMITS[field]) errors.push({ field: `/${field}`, code: 'too_long', messageKey: 'dip.error.too_long', vars: { limit: TEXT_LIMITS[field] } });
    return trimmed;
  };
  const agency = agencies.find((a) => a.code === input.agency);
  if (!agency) errors.push({ field: '/agency', code: 'unknown', messageKey: 'dip.error.agency' });
  const cls = isClass(input.class) ? input.class : undefined;
  if (!cls) errors.push({ field: '/class', code: 'unknown', messageKey: 'dip.error.class' });
  const fields = {
    title: text('title', input.title),
    summary: text('summary', input.summary),
    official: text('official', input.official),
    period_format: text('periodFormat', input.periodFormat),
    retention: text('retention', input.retention),
    legal_ground: text('legalGround', input.legalGround, cls === 'dikecualikan'),
  };
  if (errors.length > 0 || !agency || !cls) return { errors };
  return { fields: { ...(fields as Omit<ItemFields, 'agency_id' | 'class'>), agency_id: agency.id, class: cls, legal_ground: cls === 'dikecualikan' ? fields.legal_ground : null } };
}

function viewOf(ctx: TenantContext, row: ItemRow, agencies: readonly Agency[], documents: readonly DocumentRow[], keeper: boolean): InformationItem {
  const agency = agencies.find((a) => a.id === row.agency_id)!;
  const status = updateStatus(row.class, row.last_updated_at, ctx.now(), ctx.tenant.timeZone);
  const own = documents.filter((d) => d.item_id === row.id);
  const withheld = row.class === 'dikecualikan' && !keeper;
  return {
    id: row.id,
    agency: { id: agency.id, code: agency.code, name: agency.name, nameEn: agency.nameEn },
    class: row.class,
    title: row.title,
    summary: row.summary,
    official: row.official,
    periodFormat: row.period_format,
    retention: row.retention,
    legalGround: row.legal_ground,
    lastUpdatedAt: row.last_updated_at.toISOString(),
    updateDueDay: status.dueDay,
    overdue: status.overdue && row.retired_at === null,
    retired: row.retired_at ? { at: row.retired_at.toISOString(), reason: row.retired_reason ?? '' } : null,
    version: row.version,
    documents: withheld ? [] : own.map((d) => ({ fileId: d.file_id, name: d.name, mime: d.mime, size: d.size, attachedAt: d.attached_at.toISOString() })),
    documentsWithheld: withheld ? own.length : 0,
  };
}

export interface ListQuery {
  class?: string;
  /** Agency code. */
  agency?: string;
  cursor?: string;
  limit?: number;
  /** The officer's list: retired items too, only the agencies they keep. */
  manage?: CanManage;
}

/** A page of the list, newest update first: the public one (items in force), or an officer's (their agencies', retired too). */
export async function listInformation(ctx: TenantContext, query: ListQuery): Promise<{ items: InformationItem[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(query.limit ?? PAGE_LIMIT.default, 1), PAGE_LIMIT.max);
  if (query.class !== undefined && !isClass(query.class)) throw invalid([{ field: '/class', code: 'unknown', messageKey: 'dip.error.class' }]);
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (after && !UUID.test(after.id)) throw cursorInvalid();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const agencies = await listAgencies(trx, ctx.tenant);
    let agencyIds = agencyFilter(agencies, query.agency);
    if (query.manage) agencyIds = (agencyIds ?? agencies.map((a) => a.id)).filter(query.manage);
    const rows = await selectItems(trx, ctx.tenant.id, { class: query.class as InformationClass | undefined, agencyIds, includeRetired: query.manage !== undefined, after, limit: limit + 1 });
    const page = pageOf(rows, limit, (r) => ({ at: r.last_updated_at, id: r.id }));
    const documents = await selectDocuments(trx, ctx.tenant.id, page.items.map((r) => r.id));
    return { items: page.items.map((r) => viewOf(ctx, r, agencies, documents, query.manage?.(r.agency_id) ?? false)), nextCursor: page.nextCursor };
  });
}

/** The ids an agency code filters on (undefined: every agency); 404 for a code the tenant does not have. */
function agencyFilter(agencies: readonly Agency[], code: string | undefined): string[] | undefined {
  if (code === undefined) return undefined;
  const agency = agencies.find((a) => a.code === code);
  if (!agency) throw new DomainError('information_list.unknown_agency', 404, 'dip.error.unknown_agency');
  return [agency.id];
}

/**
 * The first page of every class of the public list at once (the overview page), each with the cursor
 * of its next page for listInformation: one transaction, one statement for the items of all classes.
 */
export async function listInformationByClass(
  ctx: TenantContext,
  query: { agency?: string; perClass: number },
): Promise<{ agencies: Agency[]; classes: Record<InformationClass, { items: InformationItem[]; nextCursor: string | null }> }> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const agencies = await listAgencies(trx, ctx.tenant);
    const agencyIds = agencyFilter(agencies, query.agency);
    const rows = await selectItemsPerClass(trx, ctx.tenant.id, { agencyIds, perClass: query.perClass + 1 });
    const pages = CLASSES.map((cls) => [cls, pageOf(rows.filter((r) => r.class === cls), query.perClass, (r) => ({ at: r.last_updated_at, id: r.id }))] as const);
    const documents = await selectDocuments(trx, ctx.tenant.id, pages.flatMap(([, page]) => page.items.map((r) => r.id)));
    const classes = Object.fromEntries(pages.map(([cls, page]) => [cls, { items: page.items.map((r) => viewOf(ctx, r, agencies, documents, false)), nextCursor: page.nextCursor }]));
    return { agencies, classes: classes as Record<InformationClass, { items: InformationItem[]; nextCursor: string | null }> };
  });
}

async function loadItem(ctx: TenantContext, trx: DbOrTx, id: string): Promise<ItemRow> {
  const row = UUID.test(id) ? await selectItem(trx, ctx.tenant.id, id) : undefined;
  if (!row) throw notFound();
  return row;
}

/**
 * One item with its documents. A retired item is shown only to those who keep it (404 for others);
 * an exempt item's documents only to them too.
 */
export async function getInformation(ctx: TenantContext, input: { id: string; manage?: CanManage }): Promise<InformationItem> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await loadItem(ctx, trx, input.id);
    const agencies = await listAgencies(trx, ctx.tenant);
    const keeper = input.manage?.(row.agency_id) ?? false;
    if (row.retired_at && !keeper) throw notFound();
    return viewOf(ctx, row, agencies, await selectDocuments(trx, ctx.tenant.id, [row.id]), keeper);
  });
}

/** Writes the history row and the audit event of a change, in its transaction. */
async function recordChange(ctx: TenantContext, trx: Tx, row: ItemRow, action: InformationHistoryAction, detail: Record<string, unknown>, at: Date): Promise<void> {
  await insertHistory(trx, { tenant_id: ctx.tenant.id, item_id: row.id, seq: row.version, at, changed_by: actorRef(ctx.actor), action, detail: JSON.stringify(detail) });
  // The entry names what changed, not the text: the item's values are in its history.
  await ctx.audit.append(trx, {
    tenantId: ctx.tenant.id,
    actor: actorRef(ctx.actor),
    action: `information.${action}`,
    subject: `information:${row.id}`,
    data: { version: row.version, class: row.class, agencyId: row.agency_id, changed: Object.keys(detail) },
    at,
  });
}

/** A new item of an agency the officer keeps; its last update is now. */
export async function createInformation(ctx: TenantContext, input: ItemInput & { manage: CanManage }): Promise<InformationItem> {
  const at = ctx.now();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const agencies = await listAgencies(trx, ctx.tenant);
    const checked = checkItem(input, agencies);
    if ('errors' in checked) throw invalid(checked.errors);
    if (!input.manage(checked.fields.agency_id)) throw forbidden();
    const row = await insertItem(trx, { tenant_id: ctx.tenant.id, id: randomUUID(), ...checked.fields, last_updated_at: at, created_at: at });
    await recordChange(ctx, trx, row, 'created', { ...checked.fields }, at);
    return viewOf(ctx, row, agencies, [], true);
  });
}

/**
 * The item's fields at `expectedVersion` (409 with the current version when another change came
 * first). Correcting the description is not an update of the information: the last update stays.
 */
export async function saveInformation(ctx: TenantContext, input: ItemInput & { id: string; expectedVersion: number; manage: CanManage }): Promise<InformationItem> {
  const at = ctx.now();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const agencies = await listAgencies(trx, ctx.tenant);
    const checked = checkItem(input, agencies);
    if ('errors' in checked) throw invalid(checked.errors);
    const before = await keptItem(ctx, trx, input.id, input.manage);
    if (!input.manage(checked.fields.agency_id)) throw forbidden();
    const changed = Object.fromEntries(Object.entries(checked.fields).filter(([k, v]) => before[k as keyof ItemFields] !== v));
    const row = await updateItem(trx, ctx.tenant.id, before.id, input.expectedVersion, checked.fields);
    if (!row) throw conflict(viewOf(ctx, before, agencies, [], true));
    await recordChange(ctx, trx, row, 'edited', changed, at);
    return viewOf(ctx, row, agencies, await selectDocuments(trx, ctx.tenant.id, [row.id]), true);
  });
}

/** An item the officer keeps and that is in force (404 unknown, 403 another agency's, 409 retired). */
async function keptItem(ctx: TenantContext, trx: DbOrTx, id: string, manage: CanManage): Promise<ItemRow> {
  const row = await loadItem(ctx, trx, id);
  if (!manage(row.agency_id)) throw forbidden();
  if (row.retired_at) throw retired();
  return row;
}

/** Applies a change that bumps the version whatever it was (attach, mark updated, retire): no lost update, since each only adds. */
async function bump(ctx: TenantContext, trx: Tx, before: ItemRow, patch: Parameters<typeof updateItem>[4]): Promise<ItemRow> {
  const row = await updateItem(trx, ctx.tenant.id, before.id, before.version, patch);
  if (!row) throw new DomainError('information_list.busy', 409, 'dip.error.busy');
  return row;
}

/**
 * Attaches received documents (already in quarantine storage) to an item: their file records (which
 * queue the malware scan), the attachments, and — since new documents are new information — the
 * item's last update, in one transaction. The caller discards the received files when this throws.
 */
export async function attachInformationDocuments(ctx: TenantContext, input: { id: string; files: readonly ReceivedFile[]; manage: CanManage }): Promise<InformationItem> {
  const at = ctx.now();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const before = await keptItem(ctx, trx, input.id, input.manage);
    const agencies = await listAgencies(trx, ctx.tenant);
    await recordFiles(trx, input.files);
    for (const file of input.files) {
      await insertDocument(trx, { tenant_id: ctx.tenant.id, item_id: before.id, file_id: file.id, name: file.name, mime: file.mime, size: file.size, attached_at: at, attached_by: actorRef(ctx.actor) });
    }
    const row = await bump(ctx, trx, before, { last_updated_at: at });
    await recordChange(ctx, trx, row, 'document_attached', { documents: input.files.map((f) => ({ fileId: f.id, name: f.name, sha256: f.sha256 })) }, at);
    return viewOf(ctx, row, agencies, await selectDocuments(trx, ctx.tenant.id, [row.id]), true);
  });
}

/** The information was brought up to date (its content, elsewhere than in an attachment): its last update is now. */
export async function markInformationUpdated(ctx: TenantContext, input: { id: string; manage: CanManage }): Promise<InformationItem> {
  const at = ctx.now();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const before = await keptItem(ctx, trx, input.id, input.manage);
    const agencies = await listAgencies(trx, ctx.tenant);
    const row = await bump(ctx, trx, before, { last_updated_at: at });
    await recordChange(ctx, trx, row, 'marked_updated', { lastUpdatedAt: at.toISOString() }, at);
    return viewOf(ctx, row, agencies, await selectDocuments(trx, ctx.tenant.id, [row.id]), true);
  });
}

/** Takes an item off the public list, with the reason; the row, its documents and its history stay. */
export async function retireInformation(ctx: TenantContext, input: { id: string; reason: string; manage: CanManage }): Promise<InformationItem> {
  const reason = input.reason.trim();
  if (reason === '') throw invalid([{ field: '/reason', code: 'required', messageKey: 'dip.error.required.reason' }]);
  if (reason.length > TEXT_LIMITS.reason) throw invalid([{ field: '/reason', code: 'too_long', messageKey: 'dip.error.too_long', vars: { limit: TEXT_LIMITS.reason } }]);
  const at = ctx.now();
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const before = await keptItem(ctx, trx, input.id, input.manage);
    const agencies = await listAgencies(trx, ctx.tenant);
    const row = await bump(ctx, trx, before, { retired_at: at, retired_reason: reason });
    await recordChange(ctx, trx, row, 'retired', { reason }, at);
    return viewOf(ctx, row, agencies, await selectDocuments(trx, ctx.tenant.id, [row.id]), true);
  });
}

export interface HistoryEntry {
  version: number;
  at: string;
  actor: string;
  action: InformationHistoryAction;
  detail: Record<string, unknown>;
}

/** An item's history, newest first (only for those who keep it). */
export async function getInformationHistory(ctx: TenantContext, input: { id: string; manage: CanManage }): Promise<HistoryEntry[]> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await loadItem(ctx, trx, input.id);
    if (!input.manage(row.agency_id)) throw forbidden();
    return (await selectHistory(trx, ctx.tenant.id, row.id)).map((h: HistoryRow) => ({ version: h.seq, at: h.at.toISOString(), actor: h.changed_by, action: h.action, detail: h.detail }));
  });
}

/**
 * A document of an item, to download: anyone for an item in force that is not exempt; only those who
 * keep it for an exempt or retired item (403 exempt, 404 retired, for the others). The file opens only
 * once its scan passed it (409 while pending).
 */
export async function openInformationDocument(ctx: TenantContext, input: { id: string; fileId: string; store: FileStore; manage?: CanManage }): Promise<OpenedFile> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await loadItem(ctx, trx, input.id);
    const keeper = input.manage?.(row.agency_id) ?? false;
    if (row.retired_at && !keeper) throw notFound();
    if (row.class === 'dikecualikan' && !keeper) throw new DomainError('information_list.exempt', 403, 'dip.error.exempt');
    const documents = await selectDocuments(trx, ctx.tenant.id, [row.id]);
    if (!documents.some((d) => d.file_id === input.fileId)) throw notFound();
    return openCleanFile(trx, input.store, ctx.tenant.id, input.fileId);
  });
}
