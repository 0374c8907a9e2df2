// A report as each viewer sees it: the officer view (everything the officer may handle, the reporter
// only for a public report), the reporter's own unmasked view, and the public view of a published
// report (NIK, phone numbers and e-mail addresses masked, a confidential report's place withheld).
// The types, the mapping from rows, and the reads every part shares (finding a report by id or
// tracking number, loading its timeline, photos and answer files).
import type { Tx } from '../../db/index.js';
import type { ComplaintKind, ComplaintPrivacy, ComplaintStatus, ComplaintTier } from '../../db/schema.js';
import type { Agency } from '../tenancy/index.js';
import type { ViewContext } from './context.js';
import { maskPersonalData } from './mask.js';
import { photosArePublic, publicText } from './publication.js';
import * as store from './store.js';
import type { AttachmentMeta, ComplaintRow, EventRow } from './store.js';
import { normalizeTrackingNumber } from './tracking.js';
import { type DeadlineState, deadlineState } from './workflow.js';

export interface TimelineEntry {
  at: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  body: string | null;
  internal: boolean;
  /**
   * Officers only: who acted (a reference, e.g. officer:<uuid>). On a rahasia or anonim report the
   * reporter is `reporter` until the coordinator records an identity reveal: an account id would
   * identify them.
   */
  actor?: string;
  /** Files attached to an answer (download: GET …/attachments/{id}, or by the secret code). */
  attachments?: AttachmentInfo[];
}

export interface AttachmentInfo {
  id: string;
  name: string;
  mime: string;
  size: number;
}

export interface PublicComplaint {
  id: string;
  trackingNumber: string;
  kind: ComplaintKind;
  title: string;
  description: string;
  categoryCode: string;
  agencyId: string | null;
  agencyName: string | null;
  status: ComplaintStatus;
  outcome: string | null;
  submittedAt: string;
  updatedAt: string;
  dueAt: string | null;
  deadline: DeadlineState;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  rating: number | null;
  timeline: TimelineEntry[];
  /** The report's photos, where this viewer may see them (publication.ts photosArePublic; its reporter and officers always). */
  photos: PhotoInfo[];
}

export interface PhotoInfo {
  idx: number;
  mime: string;
  width: number;
  height: number;
}

export interface OfficerComplaint extends PublicComplaint {
  privacy: ComplaintPrivacy;
  tier: ComplaintTier | null;
  lateFiling: boolean;
  /** Sent without a proof of work (no JavaScript): check it for spam. Officers only. */
  withoutProof: boolean;
  /** The point lies outside the tenant's area (the reporter was warned). Officers only. */
  outsideArea: boolean;
  serviceReceivedOn: string | null;
  /** Only for public reports; 'rahasia' shows `hidden`, 'anonim' shows `none`. */
  reporter: { state: 'shown'; name: string | null; email: string | null; phone: string | null; hasAccount: boolean } | { state: 'hidden' } | { state: 'none' };
  /** The category's name (people never read a category code). */
  categoryName: string | null;
  suggestion: { category: string | null; categoryName: string | null; agencyCode: string | null; confidence: number | null };
  escalated: boolean;
  reopenCount: number;
  ratingComment: string | null;
  mergedInto: string | null;
  transferredTo: string | null;
  hidden: boolean;
  resolutionDueAt: string | null;
  /** What the public reads since the coordinator's verification (before masking); null: not published. */
  publication: { at: string; title: string; description: string } | null;
  dispositions: { at: string; fromAgencyId: string | null; toAgencyId: string | null; toTenant: string | null; reason: string | null }[];
}

export interface ListItem {
  id: string;
  trackingNumber: string;
  title: string;
  categoryCode: string;
  agencyName: string | null;
  status: ComplaintStatus;
  outcome: string | null;
  submittedAt: string;
  dueAt: string | null;
  deadline: DeadlineState;
  latitude: number | null;
  longitude: number | null;
  privacy?: ComplaintPrivacy;
  escalated?: boolean;
  /** Officers only: sent without a proof of work. */
  withoutProof?: boolean;
}

/** The reporter of a rahasia or anonim report as officers see them act (never their account). */
export const REPORTER_REF = 'reporter';

function timeline(events: EventRow[], officer: boolean, mask: boolean, attachments: AttachmentMeta[]): TimelineEntry[] {
  return events.map((e) => {
    const files = attachments.filter((a) => a.event_id === Number(e.id)).map((a) => ({ id: a.id, name: a.name, mime: a.mime, size: a.size }));
    return {
      at: e.at.toISOString(),
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      reason: e.reason === null ? null : mask ? maskPersonalData(e.reason) : e.reason,
      body: e.body === null ? null : mask ? maskPersonalData(e.body) : e.body,
      internal: e.internal,
      ...(officer ? { actor: e.actor } : {}),
      ...(files.length > 0 ? { attachments: files } : {}),
    };
  });
}

/** What a view is built from besides the report's row. */
interface ViewParts {
  agencies: Agency[];
  events: EventRow[];
  attachments: AttachmentMeta[];
  photos: PhotoInfo[];
}

/** The report as the public (`mask`: the published text, masked) or its reporter (as written) sees it. */
export function publicView(row: ComplaintRow, parts: ViewParts, now: Date, opts: { mask: boolean }): PublicComplaint {
  const m = (s: string) => (opts.mask ? maskPersonalData(s) : s);
  const agency = parts.agencies.find((a) => a.id === row.agency_id);
  const place = row.privacy !== 'rahasia' || !opts.mask;
  const text = opts.mask ? publicText(row) : { title: row.title, description: row.description };
  return {
    id: row.id,
    trackingNumber: row.tracking_number,
    kind: row.kind,
    title: text.title,
    description: text.description,
    categoryCode: row.category_code,
    agencyId: row.agency_id,
    agencyName: agency?.name ?? null,
    status: row.status,
    outcome: row.outcome,
    submittedAt: row.submitted_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    dueAt: row.due_at?.toISOString() ?? null,
    deadline: deadlineState(row.due_at, now),
    latitude: place ? row.latitude : null,
    longitude: place ? row.longitude : null,
    address: place && row.address ? m(row.address) : null,
    rating: row.rating,
    timeline: timeline(parts.events.filter((e) => !e.internal), false, opts.mask, parts.attachments),
    photos: !opts.mask || photosArePublic(row) ? parts.photos : [],
  };
}

export function listItem(row: ComplaintRow, agencies: Agency[], now: Date, officer: boolean): ListItem {
  return {
    id: row.id,
    trackingNumber: row.tracking_number,
    title: officer ? row.title : publicText(row).title,
    categoryCode: row.category_code,
    agencyName: agencies.find((a) => a.id === row.agency_id)?.name ?? null,
    status: row.status,
    outcome: row.outcome,
    submittedAt: row.submitted_at.toISOString(),
    dueAt: row.due_at?.toISOString() ?? null,
    deadline: deadlineState(row.due_at, now),
    latitude: officer || row.privacy !== 'rahasia' ? row.latitude : null,
    longitude: officer || row.privacy !== 'rahasia' ? row.longitude : null,
    ...(officer ? { privacy: row.privacy, escalated: row.escalated_at !== null, withoutProof: row.without_proof } : {}),
  };
}

/** The report with everything an officer who may handle it sees. */
export async function readOfficerView(ctx: ViewContext, trx: Tx, row: ComplaintRow): Promise<OfficerComplaint> {
  const tenantId = ctx.tenant.id;
  const [events, photos, dispositions, agencies, categories] = await Promise.all([
    store.selectEvents(trx, tenantId, row.id, true),
    store.selectPhotoList(trx, tenantId, row.id),
    store.selectDispositions(trx, tenantId, row.id),
    ctx.agencies.list(ctx, tenantId),
    store.selectCategories(trx, tenantId),
  ]);
  const categoryName = (code: string | null) => {
    const category = code === null ? undefined : categories.find((c) => c.code === code);
    return category ? (ctx.lang === 'en' && category.name_en ? category.name_en : category.name) : null;
  };
  const attachments = await attachmentsOf(trx, tenantId, row.id, events);
  const base = publicView(row, { agencies, events, attachments, photos }, ctx.now(), { mask: false });
  const revealed = row.privacy === 'public' || events.some((e) => e.action === 'identity_revealed');
  return {
    ...base,
    timeline: timeline(events, true, false, attachments).map((e) => (revealed || !e.actor?.startsWith('citizen:') ? e : { ...e, actor: REPORTER_REF })),
    privacy: row.privacy,
    tier: row.tier,
    lateFiling: row.late_filing,
    withoutProof: row.without_proof,
    outsideArea: row.outside_area,
    serviceReceivedOn: row.service_received_on,
    reporter:
      row.privacy === 'public'
        ? { state: 'shown', name: row.reporter_name, email: row.reporter_email, phone: row.reporter_phone, hasAccount: row.reporter_citizen_id !== null }
        : row.privacy === 'rahasia'
          ? { state: 'hidden' }
          : { state: 'none' },
    categoryName: categoryName(row.category_code),
    suggestion: { category: row.suggested_category, categoryName: categoryName(row.suggested_category), agencyCode: row.suggested_agency_code, confidence: row.suggestion_confidence },
    escalated: row.escalated_at !== null,
    reopenCount: row.reopen_count,
    ratingComment: row.rating_comment,
    mergedInto: row.merged_into,
    transferredTo: row.transferred_to,
    hidden: row.hidden,
    resolutionDueAt: row.resolution_due_at?.toISOString() ?? null,
    publication:
      row.published_at && row.published_title !== null && row.published_description !== null
        ? { at: row.published_at.toISOString(), title: row.published_title, description: row.published_description }
        : null,
    dispositions: dispositions.map((d) => ({
      at: d.at.toISOString(),
      fromAgencyId: d.from_agency_id,
      toAgencyId: d.to_agency_id,
      toTenant: d.to_tenant_slug,
      reason: d.reason,
    })),
  };
}

/** The report without internal entries: masked for the public, as written for its reporter. */
export async function readPublicView(ctx: ViewContext, trx: Tx, row: ComplaintRow, opts: { mask: boolean }): Promise<PublicComplaint> {
  // The public never sees the photos of a report whose photos are not public: no query for them.
  const photosShown = !opts.mask || photosArePublic(row);
  const [events, agencies, photos] = await Promise.all([
    store.selectEvents(trx, ctx.tenant.id, row.id, false),
    ctx.agencies.list(ctx, ctx.tenant.id),
    photosShown ? store.selectPhotoList(trx, ctx.tenant.id, row.id) : Promise.resolve([]),
  ]);
  const attachments = await attachmentsOf(trx, ctx.tenant.id, row.id, events);
  return publicView(row, { agencies, events, attachments, photos }, ctx.now(), opts);
}

/** The files of the report's answers; no query for a report that has no answer yet (most views). */
function attachmentsOf(trx: Tx, tenantId: string, complaintId: string, events: EventRow[]): Promise<AttachmentMeta[]> {
  return events.some((e) => e.action === 'answer') ? store.selectAttachmentList(trx, tenantId, complaintId) : Promise.resolve([]);
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A report by its id or its tracking number (any spelling normalizeTrackingNumber accepts); locked when asked. */
export async function findComplaint(trx: Tx, tenantId: string, idOrNumber: string, lock = false): Promise<ComplaintRow | undefined> {
  if (UUID.test(idOrNumber)) return store.selectComplaint(trx, tenantId, idOrNumber.toLowerCase(), lock);
  const number = normalizeTrackingNumber(idOrNumber);
  if (!number) return undefined;
  const row = await store.selectComplaintByNumber(trx, tenantId, number);
  return row && lock ? store.selectComplaint(trx, tenantId, row.id, true) : row;
}
