// What the public and the reporter see (docs/domain.md §3, §8): one report as the viewer may see it,
// the published list (verified public and anonymous reports, never confidential or hidden ones,
// masked; the rule is publication.ts), the
// map's GeoJSON, the per-agency statistics, a citizen's own reports, tracking by the secret code,
// photos and answer files, and the rows Open311 reads.
import { withTenant } from '../../../db/index.js';
import type { ComplaintPrivacy, ComplaintStatus } from '../../../db/schema.js';
import { cursorInvalid, decodeCursor, pageOf } from '../../../platform/cursor.js';
import { mayHandle, type Viewer } from '../access.js';
import type { ViewContext } from '../context.js';
import type { TenantContext } from '../../../platform/context.js';
import { authForbidden, complaintNotFound, trackingCodeInvalid } from '../errors.js';
import { isPublished, photosArePublic } from '../publication.js';
import * as sharedStore from '../store.js';
import type { ComplaintRow } from '../store.js';
import { hashSecretCode } from '../tracking.js';
import { findComplaint, type ListItem, listItem, type OfficerComplaint, type PublicComplaint, readOfficerView, readPublicView, UUID } from '../views.js';
import * as store from './store.js';

type ViewerRole = 'officer' | 'reporter' | 'public';

/**
 * How this viewer sees this report: an officer who may handle it as an officer, the reporter
 * (citizen account) as theirs, anyone else as the public — only a published report
 * (publication.ts); undefined for everything else, which is 404 (never 403: the existence of an
 * unpublished or confidential report is not shown).
 */
function roleOfViewer(viewer: Viewer, row: ComplaintRow): ViewerRole | undefined {
  if (viewer.kind === 'officer' && mayHandle(viewer.access, row.agency_id)) return 'officer';
  if (viewer.kind === 'citizen' && row.reporter_citizen_id === viewer.id) return 'reporter';
  return isPublished(row) ? 'public' : undefined;
}

/** One complaint as the viewer may see it (roleOfViewer): the officer view, the reporter's own unmasked view, or the masked public view. */
export async function getComplaint(
  ctx: ViewContext,
  input: { viewer: Viewer; ref: string },
): Promise<{ view: 'officer'; complaint: OfficerComplaint } | { view: 'reporter' | 'public'; complaint: PublicComplaint }> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findComplaint(trx, ctx.tenant.id, input.ref);
    const role = row && roleOfViewer(input.viewer, row);
    if (!row || !role) throw complaintNotFound();
    if (role === 'officer') return { view: 'officer', complaint: await readOfficerView(ctx, trx, row) };
    return { view: role, complaint: await readPublicView(ctx, trx, row, { mask: role === 'public' }) };
  });
}

/**
 * The reporter's view by the secret tracking code (unmasked, with the photos); `photosPublic` says
 * whether anyone may see them (publication.ts), else they are fetched with the code. 404 for a wrong code.
 */
export async function trackComplaint(
  ctx: ViewContext,
  input: { code: string },
): Promise<PublicComplaint & { privacy: ComplaintPrivacy; reopenCount: number; photosPublic: boolean }> {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await sharedStore.selectComplaintBySecret(trx, ctx.tenant.id, hashSecretCode(ctx.tenant.id, input.code));
    if (!row) throw trackingCodeInvalid();
    return { ...(await readPublicView(ctx, trx, row, { mask: false })), privacy: row.privacy, reopenCount: row.reopen_count, photosPublic: photosArePublic(row) };
  });
}

export interface PublicListQuery {
  limit?: number;
  cursor?: string;
  categoryCode?: string;
  status?: ComplaintStatus;
}

/** Published reports (public and anonymous), newest first, masked; keyset pagination. Confidential ones never appear. */
export async function listPublicComplaints(ctx: ViewContext, query: PublicListQuery = {}): Promise<{ items: ListItem[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(query.limit ?? 20, 1), 100);
  const before = query.cursor ? decodeCursor(query.cursor) : undefined;
  // The list's ids are UUIDs: a cursor naming anything else was not issued here.
  if (before && !UUID.test(before.id)) throw cursorInvalid();
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) =>
    store.selectPublic(trx, ctx.tenant.id, {
      limit: limit + 1,
      before,
      categoryCodes: query.categoryCode ? [query.categoryCode] : undefined,
      statuses: query.status ? [query.status] : undefined,
    }),
  );
  const agencies = await ctx.agencies.list(ctx, ctx.tenant.id);
  const page = pageOf(rows, limit, (row) => ({ at: row.submitted_at, id: row.id }));
  return { items: page.items.map((r) => listItem(r, agencies, ctx.now(), false)), nextCursor: page.nextCursor };
}

/** "Laporan saya": the signed-in citizen's own reports (never anonymous ones: those keep no link). */
export async function listMyComplaints(ctx: ViewContext): Promise<ListItem[]> {
  const { actor } = ctx;
  if (actor.kind !== 'citizen') throw authForbidden();
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => store.selectByReporter(trx, ctx.tenant.id, actor.id));
  const agencies = await ctx.agencies.list(ctx, ctx.tenant.id);
  return rows.map((r) => listItem(r, agencies, ctx.now(), false));
}

export const MAP_MAX_FEATURES = 1000;

export interface MapFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  /** A list item's published facts: no id, no coordinates (they are the geometry), nothing officers-only. */
  properties: Pick<ListItem, 'trackingNumber' | 'title' | 'categoryCode' | 'agencyName' | 'status' | 'outcome' | 'submittedAt' | 'deadline'>;
}

/**
 * Published reports with a place as a GeoJSON FeatureCollection (RFC 7946: [longitude, latitude]) for
 * the public map: the same rows and masking as the public list, never a reporter field or privacy mode.
 */
export async function publicComplaintsGeoJson(ctx: ViewContext): Promise<{ type: 'FeatureCollection'; features: MapFeature[] }> {
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => store.selectPublicLocated(trx, ctx.tenant.id, MAP_MAX_FEATURES));
  const agencies = await ctx.agencies.list(ctx, ctx.tenant.id);
  const now = ctx.now();
  const features: MapFeature[] = rows.map((row) => {
    const item = listItem(row, agencies, now, false);
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [row.longitude!, row.latitude!] },
      properties: {
        trackingNumber: item.trackingNumber,
        title: item.title,
        categoryCode: item.categoryCode,
        agencyName: item.agencyName,
        status: item.status,
        outcome: item.outcome,
        submittedAt: item.submittedAt,
        deadline: item.deadline,
      },
    };
  });
  return { type: 'FeatureCollection', features };
}

/** An agency's counts (store.AgencyStatsRow) with its code, name and most frequent topics. */
export interface AgencyStatistics extends store.AgencyStatsRow {
  agencyCode: string | null;
  agencyName: string | null;
  topTopics: { categoryCode: string; count: number }[];
}

/** How far back the statistics look when no date is given. */
const STATISTICS_DEFAULT_DAYS = 365;

/** Per-agency complaint statistics for the public performance dashboard (public data: counts only), since a date (default: a year ago). */
export async function complaintStatistics(ctx: ViewContext, input: { since?: Date } = {}): Promise<{ since: string; agencies: AgencyStatistics[] }> {
  const since = input.since ?? new Date(ctx.now().getTime() - STATISTICS_DEFAULT_DAYS * 86_400_000);
  const [rows, topics] = await withTenant(ctx.db, ctx.tenant.id, (trx) =>
    Promise.all([store.selectAgencyStats(trx, ctx.tenant.id, since), store.selectTopCategories(trx, ctx.tenant.id, since)]),
  );
  const agencies = await ctx.agencies.list(ctx, ctx.tenant.id);
  return {
    since: since.toISOString(),
    agencies: rows.map((r) => {
      const agency = agencies.find((a) => a.id === r.agencyId);
      return {
        ...r,
        agencyCode: agency?.code ?? null,
        agencyName: agency?.name ?? null,
        topTopics: topics
          .filter((t) => t.agency_id === r.agencyId)
          .slice(0, 3)
          .map((t) => ({ categoryCode: t.category_code, count: Number(t.n) })),
      };
    }),
  };
}

/**
 * How many published complaints each agency received per category since a date (open data's table;
 * counts only, the same visibility as the public list). Only published ones: an unpublished or
 * confidential report is not counted in anything the public sees.
 */
export async function countPublishedComplaints(ctx: TenantContext, input: { since: Date }): Promise<{ agencyId: string; categoryCode: string; count: number }[]> {
  const rows = await withTenant(ctx.db, ctx.tenant.id, (trx) => store.selectTopCategories(trx, ctx.tenant.id, input.since));
  return rows.map((r) => ({ agencyId: r.agency_id!, categoryCode: r.category_code, count: Number(r.n) }));
}

// ---- photos and answer files ----

/**
 * A photo of a report: for officers who may handle it and its reporter (account); for anyone else only
 * when the report's photos are public (publication.ts photosArePublic: a published public report —
 * never an anonymous, confidential or unpublished one). Otherwise 404, as for a photo that does not exist.
 */
export async function getComplaintPhoto(ctx: ViewContext, input: { viewer: Viewer; ref: string; idx: number }) {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await findComplaint(trx, ctx.tenant.id, input.ref);
    const role = row && roleOfViewer(input.viewer, row);
    if (!row || !role || (role === 'public' && !photosArePublic(row))) throw complaintNotFound();
    const photo = await sharedStore.selectPhoto(trx, ctx.tenant.id, row.id, input.idx);
    if (!photo) throw complaintNotFound();
    return photo;
  });
}

/** A photo of the report the secret code follows (the reporter's own; the code travels in a POST body). */
export async function getTrackedPhoto(ctx: ViewContext, input: { code: string; idx: number }) {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const row = await sharedStore.selectComplaintBySecret(trx, ctx.tenant.id, hashSecretCode(ctx.tenant.id, input.code));
    if (!row) throw trackingCodeInvalid();
    const photo = await sharedStore.selectPhoto(trx, ctx.tenant.id, row.id, input.idx);
    if (!photo) throw complaintNotFound();
    return photo;
  });
}

export interface AttachmentFile {
  name: string;
  mime: string;
  size: number;
  data: Buffer;
}

async function attachmentOf(ctx: ViewContext, complaintId: string, attachmentId: string): Promise<AttachmentFile> {
  if (!UUID.test(attachmentId)) throw complaintNotFound();
  const file = await withTenant(ctx.db, ctx.tenant.id, (trx) => sharedStore.selectAttachment(trx, ctx.tenant.id, complaintId, attachmentId.toLowerCase()));
  if (!file || file.internal) throw complaintNotFound();
  return { name: file.name, mime: file.mime, size: file.size, data: file.data };
}

/** A file of an answer, for whoever may see the answer (same rule as getComplaint: officer, reporter, public of a published report). */
export async function getAnswerAttachment(ctx: ViewContext, input: { viewer: Viewer; ref: string; attachmentId: string }): Promise<AttachmentFile> {
  const { complaint } = await getComplaint(ctx, input);
  return attachmentOf(ctx, complaint.id, input.attachmentId);
}

/** A file of an answer for the reporter holding the secret code (sent in a POST body, never in a URL). */
export async function getTrackedAttachment(ctx: ViewContext, input: { code: string; attachmentId: string }): Promise<AttachmentFile> {
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => sharedStore.selectComplaintBySecret(trx, ctx.tenant.id, hashSecretCode(ctx.tenant.id, input.code)));
  if (!row) throw trackingCodeInvalid();
  return attachmentOf(ctx, row.id, input.attachmentId);
}

// ---- what Open311 reads (published reports only; the routes mask the text) ----

/** One published report by tracking number (unique index lookup), for Open311 requests/{id}. */
export async function getPublishedReport(ctx: ViewContext, input: { trackingNumber: string }) {
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => sharedStore.selectComplaintByNumber(trx, ctx.tenant.id, input.trackingNumber));
  return row && isPublished(row) ? row : undefined;
}

/** Published reports by the filter, newest first. */
export async function listPublishedReports(ctx: ViewContext, filter: store.PublicFilter) {
  return withTenant(ctx.db, ctx.tenant.id, (trx) => store.selectPublic(trx, ctx.tenant.id, filter));
}

/** Which of these reports have photos anyone may see (Open311 `media_url`: the first one): publication.ts photosArePublic. */
export async function withPublicPhotos(ctx: ViewContext, rows: readonly ComplaintRow[]): Promise<Set<string>> {
  const ids = rows.filter(photosArePublic).map((r) => r.id);
  return withTenant(ctx.db, ctx.tenant.id, (trx) => store.selectIdsWithPhotos(trx, ctx.tenant.id, ids));
}

/** Status changes of published reports, oldest first, each with its answer's files (Open311 servicerequestupdates). */
export async function listPublishedStatusChanges(ctx: ViewContext, window: { since: Date; until: Date; limit: number }) {
  return withTenant(ctx.db, ctx.tenant.id, async (trx) => {
    const changes = await store.selectPublishedStatusChanges(trx, ctx.tenant.id, window);
    const answers = changes.filter((c) => c.action === 'answer').map((c) => Number(c.id));
    const files = await store.selectEventAttachmentList(trx, ctx.tenant.id, answers);
    return changes.map((c) => ({ ...c, files: files.filter((f) => Number(f.event_id) === Number(c.id)) }));
  });
}

/** The tracking number of a complaint id (Open311 tokens); nothing else about it. */
export async function getComplaintNumber(ctx: ViewContext, input: { id: string }): Promise<string | undefined> {
  if (!UUID.test(input.id)) return undefined;
  const row = await withTenant(ctx.db, ctx.tenant.id, (trx) => sharedStore.selectComplaint(trx, ctx.tenant.id, input.id.toLowerCase()));
  return row?.tracking_number;
}
