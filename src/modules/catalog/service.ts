// Business rules of the service catalogue: drafts, publishing (all 14 components), versions with an
// effective date, public comments on a draft, import/export, and the public reads (list, search).
import { randomUUID } from 'node:crypto';
import { type Db, type Tx, withTenant } from '../../db/index.js';
import { actorRef, type TenantContext } from '../../platform/context.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import type { TenantInfo } from '../../platform/http/tenant.js';
import { meaningfulText } from '../../platform/text.js';
import { type Agency, listAgencies } from '../tenancy/index.js';
import {
  type Category,
  draftErrors,
  type LifeEvent,
  lines,
  publishErrors,
  reviewOverdue,
  type ServiceDefinition,
} from './model.js';
import { runPublishChecks } from './publish-checks.js';
import { buildIndex, type SearchDoc, searchIndex } from './search.js';
import {
  bumpRevision,
  type CommentRow,
  insertComment,
  insertService,
  insertVersion,
  selectComments,
  selectCurrentVersions,
  selectCurrentVersionsSince,
  selectRevision,
  selectService,
  selectServiceByCode,
  selectServicesOfAgency,
  selectVersion,
  readVersionsWithNext,
  selectVersions,
  type ServiceRow,
  updateService,
  type VersionRow,
} from './store.js';
import './strings.js';

export type { CommentRow, ServiceRow, VersionRow };

/** A published service as the public sees it: the version in effect today, with its agency. */
export interface PublicService extends ServiceDefinition {
  id: string;
  versionId: string;
  version: number;
  effectiveFrom: string;
  publishedAt: Date;
  agency: Pick<Agency, 'id' | 'code' | 'name' | 'nameEn'>;
}

/** The date in the tenant's time zone (WIB/WITA/WIT), YYYY-MM-DD. */
export function todayIn(tenant: Pick<TenantInfo, 'timeZone'>, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tenant.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const invalid = (errors: PendingFieldError[]) => new DomainError('catalog.invalid_service', 400, 'error.catalog.invalid_service', {}, errors);
const serviceNotFound = () => new DomainError('catalog.service_not_found', 404, 'error.catalog.service_not_found');

function normalise(def: ServiceDefinition): ServiceDefinition {
  return {
    ...def,
    code: def.code.trim().toLowerCase(),
    keywords: def.keywords.map((k) => k.trim()).filter((k) => k !== ''),
  };
}

/** The normalised draft; refused (400) with every field error when it is not a valid draft. */
function validDraft(input: ServiceDefinition): ServiceDefinition {
  const def = normalise(input);
  const errors = draftErrors(def);
  if (errors.length > 0) throw invalid(errors);
  return def;
}

// ---------------------------------------------------------------------------------------------------
// Agency side: drafts, publishing, comments

/** Creates a draft service for an agency. Refused (400) for invalid values, (409) for a code the agency already uses. */
export async function createService(
  ctx: TenantContext,
  agencyId: string,
  input: ServiceDefinition,
): Promise<ServiceRow> {
  const def = validDraft(input);
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = { id: randomUUID(), agencyId, code: def.code, draft: def, draftPending: true, commentsOpen: false, latestVersion: 0 };
    if (!(await insertService(trx, ctx.tenant.id, row))) throw duplicateCode(def.code);
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: 'catalog.service_created',
      subject: `service:${row.id}`,
      data: { agencyId, code: def.code },
    });
    return { ...row, updatedAt: ctx.now() };
  });
}

const duplicateCode = (code: string) =>
  new DomainError('catalog.duplicate_code', 409, 'error.catalog.duplicate_code', { code }, [
    { field: '/code', code: 'duplicate', messageKey: 'catalog.field.duplicate_code', vars: { code } },
  ]);

/** Replaces the draft. A published service keeps serving its published version until the draft is published. */
export async function updateDraft(
  ctx: TenantContext,
  serviceId: string,
  input: ServiceDefinition,
): Promise<ServiceRow> {
  const def = validDraft(input);
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const current = await selectService(trx, ctx.tenant.id, serviceId, true);
    if (!current) throw serviceNotFound();
    if (def.code !== current.code) {
      if (current.latestVersion > 0) {
        // Applications and links name a published service by its code: it stays.
        throw invalid([{ field: '/code', code: 'immutable', messageKey: 'catalog.field.code_immutable' }]);
      }
      if (await selectServiceByCode(trx, ctx.tenant.id, current.agencyId, def.code)) throw duplicateCode(def.code);
    }
    await updateService(trx, ctx.tenant.id, serviceId, { draft: def, code: def.code, draftPending: true });
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: 'catalog.draft_saved',
      subject: `service:${serviceId}`,
      data: { code: def.code },
    });
    return { ...current, code: def.code, draft: def, draftPending: true, updatedAt: ctx.now() };
  });
}

/**
 * Publishes the draft as a new version in effect from `effectiveFrom` (default today, never in the
 * past). Refused (422) with a field error per missing component unless all 14 are present, and with
 * the errors of other modules' publish checks (publish-checks.ts); the draft is kept as it was.
 */
export async function publishService(
  ctx: TenantContext,
  serviceId: string,
  options: { effectiveFrom?: string } = {},
): Promise<VersionRow> {
  const today = todayIn(ctx.tenant, ctx.now());
  const effectiveFrom = options.effectiveFrom ?? today;
  const published = await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const current = await selectService(trx, ctx.tenant.id, serviceId, true);
    if (!current) throw serviceNotFound();
    const errors = publishErrors(current.draft);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom) || effectiveFrom < today) {
      errors.push({ field: '/effectiveFrom', code: 'past', messageKey: 'catalog.field.effective_past', vars: { today } });
    }
    const versionId = randomUUID();
    // Other modules' checks (publish-checks.ts): the service's form and workflow, frozen with this version.
    const checked = await runPublishChecks(trx, {
      tenantId: ctx.tenant.id,
      serviceId,
      agencyId: current.agencyId,
      versionId,
      version: current.latestVersion + 1,
      definition: current.draft,
      requirements: lines(current.draft.components.persyaratan?.id),
      ctx: { ...ctx, db: trx },
    });
    errors.push(...checked.errors);
    if (errors.length > 0) {
      throw new DomainError('catalog.incomplete_standard', 422, 'error.catalog.incomplete_standard', { count: errors.length }, errors);
    }
    if (!current.draftPending && !checked.pending) throw new DomainError('catalog.nothing_to_publish', 409, 'error.catalog.nothing_to_publish');
    const version: VersionRow = {
      id: versionId,
      serviceId,
      agencyId: current.agencyId,
      version: current.latestVersion + 1,
      effectiveFrom,
      content: current.draft,
      publishedAt: ctx.now(),
    };
    const revision = await bumpRevision(trx, ctx.tenant.id);
    await insertVersion(trx, ctx.tenant.id, { ...version, publishedBy: actorRef(ctx.actor), revision });
    await updateService(trx, ctx.tenant.id, serviceId, { draftPending: false, commentsOpen: false, latestVersion: version.version });
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: 'catalog.service_published',
      subject: `service:${serviceId}`,
      data: { versionId: version.id, version: version.version, effectiveFrom, sk: current.draft.sk?.number ?? null },
    });
    return version;
  });
  markStale(ctx.db, ctx.tenant.id);
  return published;
}

/** Opens (or closes) a draft for public comment (UU 25/2009 Pasal 20). */
export async function setCommentsOpen(ctx: TenantContext, serviceId: string, open: boolean): Promise<void> {
  await withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const current = await selectService(trx, ctx.tenant.id, serviceId, true);
    if (!current) throw serviceNotFound();
    if (open && !current.draftPending) throw new DomainError('catalog.no_draft', 409, 'error.catalog.no_draft');
    await updateService(trx, ctx.tenant.id, serviceId, { commentsOpen: open });
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: open ? 'catalog.comments_opened' : 'catalog.comments_closed',
      subject: `service:${serviceId}`,
    });
  });
}

/** The draft of a service open for comment, as the public reads it before commenting. */
export async function getDraftForComment(ctx: TenantContext, serviceId: string): Promise<ServiceRow> {
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectService(trx, ctx.tenant.id, serviceId));
  if (!row || !row.commentsOpen) throw serviceNotFound();
  return row;
}

/** A member of the public comments on a draft. The name is optional; no contact data is collected. */
export async function addComment(
  ctx: TenantContext,
  serviceId: string,
  input: { authorName?: string | null; body: string },
): Promise<CommentRow> {
  const body = meaningfulText(input.body) ?? '';
  const authorName = meaningfulText(input.authorName) ?? null;
  const errors: PendingFieldError[] = [];
  if (body === '') errors.push({ field: '/body', code: 'required', messageKey: 'field.required' });
  if (body.length > 4000) errors.push({ field: '/body', code: 'maxLength', messageKey: 'field.maxLength', vars: { limit: 4000 } });
  if (authorName && authorName.length > 120) {
    errors.push({ field: '/authorName', code: 'maxLength', messageKey: 'field.maxLength', vars: { limit: 120 } });
  }
  if (errors.length > 0) throw invalid(errors);
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const service = await selectService(trx, ctx.tenant.id, serviceId);
    if (!service || !service.commentsOpen) throw serviceNotFound();
    const comment = { id: randomUUID(), serviceId, authorName, body, createdAt: ctx.now() };
    await insertComment(trx, ctx.tenant.id, comment);
    await ctx.audit.append(trx, {
      tenantId: ctx.tenant.id,
      actor: actorRef(ctx.actor),
      action: 'catalog.comment_added',
      subject: `service:${serviceId}`,
      data: { commentId: comment.id },
    });
    return comment;
  });
}

export function listComments(ctx: TenantContext, serviceId: string): Promise<CommentRow[]> {
  return withTenant(ctx.db, ctx.tenant.id, (trx) => selectComments(trx, ctx.tenant.id, serviceId));
}

export interface AdminServiceSummary extends ServiceRow {
  reviewOverdue: boolean;
}

/** An agency's services (every agency's when `agencyId` is null), drafts included, with overdue reviews flagged. */
export async function listAgencyServices(ctx: TenantContext, agencyId: string | null): Promise<AdminServiceSummary[]> {
  const today = todayIn(ctx.tenant, ctx.now());
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectServicesOfAgency(trx, ctx.tenant.id, agencyId));
  return rows.map((row) => ({ ...row, reviewOverdue: row.latestVersion > 0 && reviewOverdue(row.draft, today) }));
}

export async function getServiceDraft(ctx: TenantContext, serviceId: string): Promise<ServiceRow> {
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectService(trx, ctx.tenant.id, serviceId));
  if (!row) throw serviceNotFound();
  return row;
}

// ---------------------------------------------------------------------------------------------------
// Sharing between tenants

export const EXPORT_FORMAT = 'gerbang.service/1';

export interface ServiceExport {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  definition: ServiceDefinition;
}

/** A service's draft (its working definition) as a file another tenant can import. */
export async function exportService(ctx: TenantContext, serviceId: string): Promise<ServiceExport> {
  const row = await getServiceDraft(ctx, serviceId);
  return { format: EXPORT_FORMAT, exportedAt: ctx.now().toISOString(), definition: row.draft };
}

/**
 * Imports a definition as a new draft of one of this tenant's agencies. The SK and review date of the
 * source do not apply here, so they are cleared: the receiving agency sets its own before publishing.
 */
export function importService(ctx: TenantContext, agencyId: string, file: ServiceExport): Promise<ServiceRow> {
  return createService(ctx, agencyId, { ...file.definition, sk: null, reviewDate: null });
}

// ---------------------------------------------------------------------------------------------------
// Public reads: one cached view of the tenant's published catalogue, checked against the revision

interface CatalogView {
  revision: number;
  day: string;
  services: PublicService[];
  byId: Map<string, PublicService>;
  agencyById: Map<string, Agency>;
  index: ReturnType<typeof buildIndex>;
}

const views = new WeakMap<Db, Map<string, Promise<CatalogView>>>();

const byName = (a: PublicService, b: PublicService) => a.name.id.localeCompare(b.name.id, 'id');

function toDoc(s: PublicService): SearchDoc {
  return {
    id: s.id,
    name: s.name.id,
    nameEn: s.name.en ?? '',
    keywords: s.keywords.join(' '),
    summary: `${s.summary.id} ${s.summary.en ?? ''}`,
    agency: `${s.agency.name} ${s.agency.nameEn ?? ''} ${s.agency.code}`,
  };
}

/** The whole published catalogue in effect on `day` (first use, and once a day). */
async function loadView(ctx: TenantContext, revision: number, day: string): Promise<CatalogView> {
  const [versions, agencies] = await Promise.all([
    withTenant(ctx.db, ctx.tenant.id, (trx) => selectCurrentVersions(trx, ctx.tenant.id, day)),
    listAgencies(ctx.db, ctx.tenant),
  ]);
  const agencyById = new Map(agencies.map((a) => [a.id, a]));
  const services: PublicService[] = [];
  for (const v of versions) {
    const agency = agencyById.get(v.agencyId);
    if (agency) services.push(toPublic(v, agency));
  }
  services.sort(byName);
  const byId = new Map(services.map((s) => [s.id, s]));
  return { revision, day, services, byId, agencyById, index: buildIndex(services.map(toDoc)) };
}

/**
 * Applies what was published after the view's revision (same day): only those services are read
 * and re-indexed, so a publication does not cost a rebuild of the whole index.
 */
async function refreshView(ctx: TenantContext, view: CatalogView, revision: number): Promise<CatalogView> {
  const versions = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectCurrentVersionsSince(trx, ctx.tenant.id, view.revision, view.day));
  let agencyById = view.agencyById;
  if (versions.some((v) => !agencyById.has(v.agencyId))) {
    agencyById = new Map((await listAgencies(ctx.db, ctx.tenant)).map((a) => [a.id, a]));
  }
  const byId = new Map(view.byId);
  for (const v of versions) {
    const agency = agencyById.get(v.agencyId);
    const existing = byId.get(v.serviceId);
    if (!agency || (existing && existing.version >= v.version)) continue;
    const service = toPublic(v, agency);
    byId.set(service.id, service);
    if (view.index.has(service.id)) view.index.replace(toDoc(service));
    else view.index.add(toDoc(service));
  }
  return { ...view, revision, agencyById, byId, services: [...byId.values()].sort(byName) };
}

function toPublic(v: VersionRow, agency: Agency): PublicService {
  return {
    ...v.content,
    id: v.serviceId,
    versionId: v.id,
    version: v.version,
    effectiveFrom: v.effectiveFrom,
    publishedAt: v.publishedAt,
    agency: { id: agency.id, code: agency.code, name: agency.name, nameEn: agency.nameEn },
  };
}

/**
 * How long a process trusts its view without asking PostgreSQL for the revision. Publications made
 * by this process mark the view stale at once; those of other processes show within this time.
 */
export const REVISION_CHECK_MS = 1000;

/** When each tenant's revision was last read (per database handle, i.e. per app). */
const checkedAt = new WeakMap<Db, Map<string, number>>();

function markStale(db: Db, tenantId: string) {
  checkedAt.get(db)?.delete(tenantId);
}

/** The tenant's published catalogue as of today, refreshed when something was published. */
export async function catalogView(ctx: TenantContext): Promise<CatalogView> {
  const now = ctx.now();
  const day = todayIn(ctx.tenant, now);
  let perTenant = views.get(ctx.db);
  if (!perTenant) views.set(ctx.db, (perTenant = new Map()));
  let checks = checkedAt.get(ctx.db);
  if (!checks) checkedAt.set(ctx.db, (checks = new Map()));
  const cached = perTenant.get(ctx.tenant.id);
  const view = cached ? await cached.catch(() => undefined) : undefined;
  const lastCheck = checks.get(ctx.tenant.id);
  // The context's clock, read once: it gives the day and the age of the last revision check.
  const checkStarted = now.getTime();
  if (view && view.day === day && lastCheck !== undefined && checkStarted - lastCheck < REVISION_CHECK_MS) return view;
  const revision = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectRevision(trx, ctx.tenant.id));
  if (view && view.revision === revision && view.day === day) {
    checks.set(ctx.tenant.id, checkStarted);
    return view;
  }
  // A request that finds the view already being refreshed waits for that refresh.
  if (perTenant.get(ctx.tenant.id) !== cached) return catalogView(ctx);
  const loading =
    view && view.day === day && view.revision < revision
      ? refreshView(ctx, view, revision)
      : loadView(ctx, revision, day);
  perTenant.set(ctx.tenant.id, loading);
  loading.then(
    () => checks.set(ctx.tenant.id, checkStarted),
    () => checks.delete(ctx.tenant.id),
  );
  return loading;
}

export interface ServiceFilter {
  agencyCode?: string;
  category?: Category;
  lifeEvent?: LifeEvent;
}

/** Published services, by name — or, for a life event, in the order the event needs them. */
export async function listServices(ctx: TenantContext, filter: ServiceFilter = {}): Promise<PublicService[]> {
  const view = await catalogView(ctx);
  let items = view.services;
  if (filter.agencyCode) items = items.filter((s) => s.agency.code === filter.agencyCode);
  if (filter.category) items = items.filter((s) => s.category === filter.category);
  if (filter.lifeEvent) {
    const step = (s: PublicService) => s.lifeEvents.find((le) => le.event === filter.lifeEvent)?.step;
    items = items.filter((s) => step(s) !== undefined).sort((a, b) => step(a)! - step(b)! || a.name.id.localeCompare(b.name.id));
  }
  return items;
}

export interface RankedService {
  service: PublicService;
  score: number;
}

/** Services ranked by how well they match what the person typed. */
export async function searchServices(ctx: TenantContext, query: string, limit = 20): Promise<RankedService[]> {
  const view = await catalogView(ctx);
  return searchIndex(view.index, query, limit).flatMap((hit) => {
    const service = view.byId.get(hit.id);
    return service ? [{ service, score: hit.score }] : [];
  });
}

export async function getService(ctx: TenantContext, serviceId: string): Promise<PublicService> {
  const service = (await catalogView(ctx)).byId.get(serviceId);
  if (!service) throw serviceNotFound();
  return service;
}

export async function getServiceByCode(ctx: TenantContext, agencyCode: string, code: string): Promise<PublicService> {
  const service = (await catalogView(ctx)).services.find((s) => s.agency.code === agencyCode && s.code === code);
  if (!service) throw serviceNotFound();
  return service;
}

/** Every published version of a service, newest first (also those not yet in effect). */
export async function listServiceVersions(ctx: TenantContext, serviceId: string): Promise<VersionRow[]> {
  const versions = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectVersions(trx, ctx.tenant.id, serviceId));
  if (versions.length === 0) throw serviceNotFound();
  return versions;
}

/**
 * listServiceVersions read with the transaction's next statement (readWithNext), in a transaction
 * already in the tenant's scope: the caller makes that statement before it awaits these rows, and an
 * unknown service gives an empty list instead of the 404.
 */
export function listServiceVersionsWithNext(trx: Tx, tenant: Pick<TenantInfo, 'id'>, serviceId: string): Promise<VersionRow[]> {
  return readVersionsWithNext(trx, tenant.id, serviceId);
}

/** One published version: what an application made under it references. */
export async function getServiceVersion(ctx: TenantContext, versionId: string): Promise<VersionRow> {
  const version = await withTenant(ctx.db, ctx.tenant.id, (trx) => selectVersion(trx, ctx.tenant.id, versionId));
  if (!version) throw new DomainError('catalog.version_not_found', 404, 'error.catalog.version_not_found');
  return version;
}

// ---------------------------------------------------------------------------------------------------
// Open data

const CSV_COLUMNS = [
  'agency_code',
  'agency_name',
  'service_code',
  'name',
  'name_en',
  'category',
  'life_events',
  'fee_rupiah',
  'completion_working_days',
  'channel',
  'min_assurance',
  'sk_number',
  'sk_date',
  'review_date',
  'version',
  'effective_from',
] as const;

function csvCell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  // Quote everything that needs it; a leading = + - @ is prefixed so spreadsheets do not run it.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The published catalogue as CSV (RFC 4180, UTF-8, CRLF). */
export function catalogCsv(services: PublicService[]): string {
  const rows = services.map((s) =>
    [
      s.agency.code,
      s.agency.name,
      s.code,
      s.name.id,
      s.name.en ?? '',
      s.category,
      s.lifeEvents.map((le) => le.event).join(';'),
      s.fee,
      s.completionDays,
      s.channel,
      s.minAssurance,
      s.sk?.number ?? '',
      s.sk?.date ?? '',
      s.reviewDate,
      s.version,
      s.effectiveFrom,
    ]
      .map(csvCell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
