// Business rules of complaints (DOMAIN.md §3): submit, verify, reject, dispatch (to another agency or
// another tenant), follow up, answer, close, rate/reopen, merge duplicates, reveal a confidential
// identity. Every state change, its timeline event, its audit entry and the notification it causes
// are written in one transaction. Who may act is decided by the caller (routes: the policy table) and
// passed in as `OfficerAccess`; the service checks it against the complaint's agency.
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { type Tx, withTenant } from '../../db/index.js';
import type { ComplaintKind, ComplaintPrivacy, ComplaintStatus, ComplaintTier } from '../../db/schema.js';
import { type Actor, actorRef, type AuditAppender, type AuditEventInput, type ServiceContext } from '../../platform/context.js';
import { createKeyedBatcher, type KeyedBatcher } from '../../platform/batch.js';
import { markChallengesUsed } from '../../platform/http/altcha-store.js';
import { claimIdempotencyKeys, completeIdempotencyKeys, type IdempotencyClaim, IdempotencyTaken } from '../../platform/http/idempotency.js';
import { localDate } from '../../platform/calendar/index.js';
import { cursorInvalid, decodeCursor, encodeCursor } from '../../platform/cursor.js';
import { isApiDate } from '../../platform/dates.js';
import { meaningfulText } from '../../platform/text.js';
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import { type Lang, type MessageKey, t } from '../../platform/i18n/index.js';
import type { TenantInfo, TenantLookup } from '../../platform/http/tenant.js';
import { computeDeadline } from '../calendar/index.js';
import { getCitizenContact } from '../identity/index.js';
import {
  type NotificationContext,
  normalizeEmail,
  notifyFromTemplate,
  notifyManyFromTemplate,
  notifyPerson,
  type TemplatedNotification,
} from '../notifications/index.js';
import { type Agency, listAgencies } from '../tenancy/index.js';
import { type AttachmentUpload, checkAttachments } from './attachments.js';
import { maskPersonalData } from './mask.js';
import { MAX_PHOTOS, type PhotoSanitizer, type SanitizedPhoto } from './photo-sanitizer.js';
import type { RoutingSuggester } from './routing.js';
import { proofReused } from './antispam.js';
import { recordTrainingExample, type RetrainSettings } from './training.js';
import * as store from './store.js';
import type { AttachmentMeta, ComplaintRow, EventRow } from './store.js';
import { hashSecretCode, newSecretCode, newTrackingNumber, normalizeTrackingNumber } from './tracking.js';
import {
  ACTION_ROLE,
  daysBetween,
  deadlineState,
  type DeadlineState,
  FIRST_FOLLOW_UP_DAYS,
  isAllowed,
  LATE_FILING_DAYS,
  MAX_REOPENS,
  nextStatus,
  type OfficerAction,
  REOPEN_DAYS,
  type TierDays,
  VERIFY_AND_FORWARD_DAYS,
} from './workflow.js';

export type TenantRef = Pick<TenantInfo, 'id' | 'slug' | 'name' | 'timeZone'>;

export interface ComplaintDeps {
  routing: RoutingSuggester;
  photos: PhotoSanitizer;
  /** Address citizens use, for links in notifications. */
  publicBaseUrl: string;
  /** Other tenants, for "no wrong door" transfers. */
  tenants?: TenantLookup;
  /** Agencies per tenant, cached briefly (they change rarely and are needed on every view). */
  agencies: AgencyCache;
  /** The maps' tile server (MAP_TILE_URL) and attribution: the public map, the form's location picker, the service-area editor (default: OSM_TILES). */
  map?: MapTiles;
  /** When coordinator corrections retrain the tenant's routing model (default: DEFAULT_RETRAIN). */
  retrain?: RetrainSettings;
}

/** A tile server for the Leaflet maps (the public map, the service-area editor). */
export interface MapTiles {
  tileUrl: string;
  attribution: string;
}
/** OpenStreetMap's own tiles: config.ts's default for MAP_TILE_URL, and the maps' when none is set. */
export const OSM_TILES: MapTiles = { tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', attribution: '© OpenStreetMap contributors' };

export interface ComplaintContext extends ServiceContext {
  audit: AuditAppender & { pseudonymize(tenantId: string, value: string): string };
  deps: ComplaintDeps;
}

/** What an officer may do, computed by the caller from the principal's grants. */
export interface OfficerAccess {
  officerId: string;
  /** complaint_coordinator (tenant-wide): verify, reject, dispatch, transfer, close, merge, reveal. */
  coordinator: boolean;
  /** Agencies whose complaints this officer handles (complaint_handler grants); 'all' for tenant-wide. */
  agencies: readonly string[] | 'all';
}

/**
 * Reference data per tenant, cached briefly (it changes rarely and is needed on every submission and
 * view): agencies and complaint categories. A category saved through this process is forgotten at
 * once (`forgetCategories`); changes made elsewhere show within the TTL (30 s).
 */
export class AgencyCache {
  private cache = new Map<string, { at: number; list: Agency[] }>();
  private categoryCache = new Map<string, { at: number; rows: Promise<store.CategoryRow[]> }>();
  constructor(private readonly ttlMs = 30_000) {}
  async list(ctx: ServiceContext, tenantId: string): Promise<Agency[]> {
    const hit = this.cache.get(tenantId);
    const now = Date.now();
    if (hit && now - hit.at < this.ttlMs) return hit.list;
    const list = await listAgencies(ctx.db, { id: tenantId });
    this.cache.set(tenantId, { at: now, list });
    return list;
  }
  /** All the tenant's categories (active or not), ordered by name. Treat the rows as read-only. */
  categories(ctx: Pick<ServiceContext, 'db'>, tenantId: string): Promise<store.CategoryRow[]> {
    const hit = this.categoryCache.get(tenantId);
    const now = Date.now();
    if (hit && now - hit.at < this.ttlMs) return hit.rows;
    const entry = { at: now, rows: withTenant(ctx.db, tenantId, (trx) => store.selectCategories(trx, tenantId)) };
    if (this.ttlMs > 0) {
      this.categoryCache.set(tenantId, entry);
      entry.rows.catch(() => this.categoryCache.get(tenantId) === entry && this.categoryCache.delete(tenantId));
    }
    return entry.rows;
  }
  forgetCategories(tenantId: string): void {
    this.categoryCache.delete(tenantId);
  }
}

// ---- errors ----

function fieldError(field: string, code: string, messageKey: MessageKey, vars?: Record<string, string | number>): PendingFieldError {
  return { field, code, messageKey, vars };
}

function invalid(errors: PendingFieldError[]): DomainError {
  return new DomainError('validation', 400, 'error.validation', {}, errors);
}

const notFoundComplaint = () => new DomainError('complaint.not_found', 404, 'error.complaint.not_found');
const forbidden = () => new DomainError('complaint.forbidden', 403, 'error.complaint.forbidden');
const invalidTransition = (action: string, status: string) =>
  new DomainError('complaint.invalid_transition', 409, 'error.complaint.invalid_transition', { action, status });

// ---- submission ----

export const MAX_DESCRIPTION = 4000;
export const MAX_TITLE = 200;

export interface SubmitInput {
  kind: ComplaintKind;
  title: string;
  description: string;
  /** Optional: when missing, the routing suggestion decides (falls back to the first category). */
  categoryCode?: string;
  /** YYYY-MM-DD, local. */
  serviceReceivedOn?: string;
  latitude?: number;
  longitude?: number;
  address?: string;
  privacy: ComplaintPrivacy;
  /** Ignored entirely for an anonymous report. */
  reporter?: { name?: string; email?: string; phone?: string };
  photos?: Buffer[];
  /** Sent without a proof of work (the form without JavaScript, antispam.ts): marked for the coordinator. */
  withoutProof?: boolean;
  /** The verified proof-of-work challenge (antispam.ts): marked used in the report's transaction. */
  proof?: { id: string; expiresAt: Date };
  /** An Idempotency-Key's claim: recorded, with the result, in the report's transaction. */
  idempotency?: IdempotencyClaim;
}

export interface SubmitResult {
  id: string;
  trackingNumber: string;
  /** Anonymous reports only: shown once, never stored in clear. */
  secretCode?: string;
  status: ComplaintStatus;
  dueAt: string;
  warnings: { code: 'late_filing'; messageKey: MessageKey }[];
  routing: { categoryCode: string; suggested: string | null; confidence: number | null };
}

/** Free text as given, or undefined when nothing in it shows (blank, or only zero-width characters). */
function clean(value: string | undefined): string | undefined {
  return meaningfulText(value);
}

function localToday(now: Date, timeZone: string): string {
  return localDate(now.getTime(), timeZone);
}

async function sanitizeAll(sanitizer: PhotoSanitizer, photos: Buffer[]): Promise<SanitizedPhoto[]> {
  if (photos.length > MAX_PHOTOS) {
    throw invalid([fieldError('/photos', 'too_many', 'error.complaint.too_many_photos', { limit: MAX_PHOTOS })]);
  }
  const out: SanitizedPhoto[] = [];
  for (const photo of photos) out.push(await sanitizer.sanitize(photo));
  return out;
}

/** The reporter's actor in audit and timeline: never a person for an anonymous report. */
function reporterActor(ctx: ComplaintContext, privacy: ComplaintPrivacy): string {
  if (privacy === 'anonim') return 'anonymous';
  return actorRef(ctx.actor);
}

function notificationContext(ctx: ComplaintContext, trx: Tx, actor?: Actor): NotificationContext {
  return { db: trx, audit: ctx.audit, actor: actor ?? ctx.actor };
}

export async function submitComplaint(ctx: ComplaintContext, tenant: TenantRef, input: SubmitInput): Promise<SubmitResult> {
  const now = ctx.now();
  const errors: PendingFieldError[] = [];
  const title = clean(input.title);
  const description = clean(input.description);
  if (!title) errors.push(fieldError('/title', 'required', 'field.required'));
  else if (title.length > MAX_TITLE) errors.push(fieldError('/title', 'maxLength', 'field.maxLength', { limit: MAX_TITLE }));
  if (!description) errors.push(fieldError('/description', 'required', 'field.required'));
  else if (description.length > MAX_DESCRIPTION) {
    errors.push(fieldError('/description', 'maxLength', 'error.complaint.description_too_long', { limit: MAX_DESCRIPTION }));
  }
  const hasLat = input.latitude !== undefined && input.latitude !== null;
  const hasLon = input.longitude !== undefined && input.longitude !== null;
  if (hasLat !== hasLon) errors.push(fieldError(hasLat ? '/longitude' : '/latitude', 'required', 'error.complaint.coordinates_incomplete'));
  if (hasLat && (!Number.isFinite(input.latitude) || Math.abs(input.latitude!) > 90)) {
    errors.push(fieldError('/latitude', 'range', 'field.invalid'));
  }
  if (hasLon && (!Number.isFinite(input.longitude) || Math.abs(input.longitude!) > 180)) {
    errors.push(fieldError('/longitude', 'range', 'field.invalid'));
  }
  const address = clean(input.address);
  if (address && address.length > 500) errors.push(fieldError('/address', 'maxLength', 'field.maxLength', { limit: 500 }));
  let lateFiling = false;
  const today = localToday(now, tenant.timeZone);
  if (input.serviceReceivedOn) {
    if (!isApiDate(input.serviceReceivedOn)) errors.push(fieldError('/serviceReceivedOn', 'format', 'field.format', { format: 'date' }));
    else if (input.serviceReceivedOn > today) {
      errors.push(fieldError('/serviceReceivedOn', 'future', 'error.complaint.service_date_future'));
    } else lateFiling = daysBetween(input.serviceReceivedOn, today) > LATE_FILING_DAYS;
  }
  const privacy = input.privacy;
  const reporter = privacy === 'anonim' ? {} : (input.reporter ?? {});
  const reporterEmail = clean(reporter.email);
  const reporterPhone = clean(reporter.phone);
  // The address the receipt goes to, checked as the notifications module will (a bad one is the
  // reporter's to correct; the report itself is never refused over its receipt later on).
  if (reporterEmail && !normalizeEmail(reporterEmail)) errors.push(fieldError('/reporter/email', 'format', 'field.format', { format: 'email' }));
  if (reporterPhone && !/^\+?[\d\s().-]{8,20}$/.test(reporterPhone)) errors.push(fieldError('/reporter/phone', 'format', 'field.invalid'));

  const [categories, agencies] = await Promise.all([ctx.deps.agencies.categories(ctx, tenant.id), ctx.deps.agencies.list(ctx, tenant.id)]);
  const active = categories.filter((c) => c.active);
  const agencyCode = (id: string | null) => agencies.find((a) => a.id === id)?.code ?? null;
  const suggestion = description
    ? await ctx.deps.routing.suggest(`${title ?? ''}\n${description}`, active.map((c) => ({ code: c.code, agencyCode: agencyCode(c.agency_id), keywords: c.keywords })), tenant.id)
    : null;
  const categoryCode = input.categoryCode || suggestion?.category || active[0]?.code;
  const category = active.find((c) => c.code === categoryCode);
  if (!category) errors.push(fieldError('/categoryCode', 'unknown', 'error.complaint.category_unknown'));
  else if (category.requires_location && !hasLat && !address) {
    errors.push(fieldError('/latitude', 'required', 'error.complaint.location_required'));
  }
  if (errors.length > 0) throw invalid(errors);
  const photos = await sanitizeAll(ctx.deps.photos, input.photos ?? []);

  const verifyDue = await computeDeadline(ctx.db, tenant, now.toISOString(), VERIFY_AND_FORWARD_DAYS);
  const suggestedAgency = suggestion?.agencyCode ? agencies.find((a) => a.code === suggestion.agencyCode) : undefined;
  // The place decides first (an agency's service area), then the category's agency, then the suggestion.
  const placeAgency = hasLat ? await ctx.deps.routing.agencyForPlace?.(tenant.id, category!.code, input.latitude!, input.longitude!) : undefined;
  const agencyId = placeAgency ?? category!.agency_id ?? suggestedAgency?.id ?? null;
  const id = randomUUID();
  const secretCode = privacy === 'anonim' ? newSecretCode() : undefined;
  const citizenId = privacy !== 'anonim' && ctx.actor.kind === 'citizen' ? ctx.actor.id : null;
  const actor = reporterActor(ctx, privacy);

  const row = {
    tenant_id: tenant.id,
    id,
    kind: input.kind,
    title: title!,
    description: description!,
    category_code: category!.code,
    agency_id: agencyId,
    privacy,
    reporter_citizen_id: citizenId,
    reporter_name: clean(reporter.name) ?? null,
    reporter_email: reporterEmail ?? null,
    reporter_phone: reporterPhone ?? null,
    secret_code_hash: secretCode ? hashSecretCode(tenant.id, secretCode) : null,
    service_received_on: input.serviceReceivedOn ?? null,
    late_filing: lateFiling,
    latitude: hasLat ? input.latitude! : null,
    longitude: hasLon ? input.longitude! : null,
    address: address ?? null,
    due_at: new Date(verifyDue.dueAt),
    verify_due_at: new Date(verifyDue.dueAt),
    suggested_category: suggestion?.category ?? null,
    suggested_agency_code: suggestion?.agencyCode ?? null,
    suggestion_confidence: suggestion?.confidence ?? null,
    submitted_at: now,
    without_proof: input.withoutProof === true,
  };
  const result: Omit<SubmitResult, 'trackingNumber'> = {
    id,
    ...(secretCode ? { secretCode } : {}),
    status: 'submitted' as const,
    dueAt: verifyDue.dueAt,
    warnings: lateFiling ? [{ code: 'late_filing' as const, messageKey: 'complaint.warning.late_filing' as const }] : [],
    routing: { categoryCode: category!.code, suggested: suggestion?.category ?? null, confidence: suggestion?.confidence ?? null },
  };
  const trackingNumber = await intakeFor(ctx.deps).submit(tenant.id, {
    ctx,
    tenant,
    row,
    event: { at: now, actor, action: 'submitted', to_status: 'submitted' },
    proof: input.proof,
    idempotency: input.idempotency,
    result,
    photos,
    receiptVars: { tenantName: tenant.name, dueDate: verifyDue.dueAt.slice(0, 10) },
    audit: { tenantId: tenant.id, actor, action: 'complaint.submitted', subject: `complaint:${id}`, data: { kind: input.kind, category: category!.code, privacy, photos: photos.length, lateFiling } },
  });
  return { ...result, trackingNumber };
}

/** A validated, routed submission waiting for its batch (everything but the tracking number). */
interface PreparedSubmission {
  ctx: ComplaintContext;
  tenant: TenantRef;
  row: Omit<Parameters<typeof store.insertComplaintsWithEvents>[1][number]['row'], 'tracking_number'> & { id: string } & Omit<ReporterRow, 'tracking_number'>;
  event: Parameters<typeof store.insertComplaintsWithEvents>[1][number]['event'];
  proof?: { id: string; expiresAt: Date };
  idempotency?: IdempotencyClaim;
  /** The answer to the submitter but its tracking number (sealed into the idempotency record). */
  result: Omit<SubmitResult, 'trackingNumber'>;
  photos: SanitizedPhoto[];
  receiptVars: Record<string, string>;
  /** The audit event without the tracking number (added once drawn). */
  audit: AuditEventInput & { data: Record<string, unknown> };
}

type Intake = KeyedBatcher<string, PreparedSubmission, string>;
/** Two batches may be in flight per tenant, the second once 8 reports wait (see BatcherOptions). */
const INTAKE_BATCHING = { concurrency: 2, minBatchWhileBusy: 8, maxBatch: 64 };
const intakes = new WeakMap<ComplaintDeps, Intake>();

/**
 * Submissions are written in batches per tenant (group commit, src/platform/batch.ts; decision
 * 0023): those that arrive while a batch is being written share the next transaction — one INSERT
 * for the complaints, one for their events, one for the audit entries. Durability is unchanged: a
 * submission is answered only after its batch committed (synchronous commit).
 */
function intakeFor(deps: ComplaintDeps): Intake {
  let intake = intakes.get(deps);
  if (!intake) intakes.set(deps, (intake = createKeyedBatcher<string, PreparedSubmission, string>((tenantId, items) => writeSubmissions(tenantId, items), INTAKE_BATCHING)));
  return intake;
}

/** What the `complaint.submitted` audit entry records of the receipt to a typed address. */
type ReceiptRecord = { channel: string; notification: string; recipient: string } | { channel: string; refused: string };

/**
 * The "received" notice of each report in the batch: to a signed-in citizen through notifyPerson
 * (the account's address, preferences and inbox), one after another; to an address the reporter
 * typed, all of the batch's with one notifyManyFromTemplate (a constant number of statements).
 * Anonymous reports get none. A typed-address notice is recorded in the report's own
 * `complaint.submitted` audit entry (`receipt`: notification id, channel, recipient pseudonym; no
 * separate `notification.queued` entry — one entry per action, docs/complaints.md). A notice that cannot
 * go — the address over its hourly limit, a phone number that is not a mobile one — never refuses
 * the report: `receipt` then holds its code (`refused`), and the reporter still has the tracking
 * number on screen.
 */
async function queueReceipts(trx: Tx, tenantId: string, items: PreparedSubmission[], numbers: Map<string, string>): Promise<Array<ReceiptRecord | undefined>> {
  const outcome: Array<ReceiptRecord | undefined> = items.map(() => undefined);
  const typed: { index: number; input: TemplatedNotification }[] = [];
  for (const [index, item] of items.entries()) {
    const row = { ...item.row, tracking_number: numbers.get(item.row.id)! };
    if (row.privacy === 'anonim') continue;
    if (row.reporter_citizen_id) {
      await notifyReporter(item.ctx, trx, item.tenant, row, 'complaint.received', item.receiptVars);
      continue;
    }
    const to = typedContact(row);
    if (!to) continue;
    typed.push({
      index,
      input: {
        event: 'complaint.received',
        ...to,
        lang: item.ctx.lang,
        timeZone: item.tenant.timeZone,
        vars: { ...item.receiptVars, trackingNumber: row.tracking_number, url: reporterUrl(item.ctx, item.tenant, row.tracking_number) },
        actor: item.ctx.actor,
      },
    });
  }
  if (typed.length === 0) return outcome;
  const first = items[typed[0]!.index]!.ctx;
  const results = await notifyManyFromTemplate(notificationContext(first, trx), tenantId, typed.map((t) => t.input), { audit: 'caller' });
  results.forEach((result, i) => {
    const channel = typed[i]!.input.channel;
    outcome[typed[i]!.index] = result instanceof DomainError ? { channel, refused: result.code } : { channel, notification: result.id, recipient: result.recipient };
  });
  return outcome;
}

/**
 * One transaction for the batch; returns each submission's tracking number, or its error. First the
 * batch's Idempotency-Keys are claimed (one INSERT, waiting for a concurrent holder of the same key):
 * a key taken first answers its submission with `IdempotencyTaken`, which replays the holder's result.
 * Then the proofs of work are marked used (one INSERT): a proof already used — by an earlier report,
 * or twice in this batch — refuses that submission with 409 and the others go on. The claimed keys
 * get their sealed results before the commit: key and report are one fact.
 */
async function writeSubmissions(tenantId: string, batch: PreparedSubmission[]): Promise<Array<string | Error>> {
  const { db, audit } = batch[0]!.ctx;
  return withTenant(db, tenantId, async (trx) => {
    const claims = await claimIdempotencyKeys(trx, batch.flatMap((item) => (item.idempotency ? [item.idempotency] : [])));
    const taken = new Set(batch.filter((item) => item.idempotency && !claims.has(item.idempotency)));
    const fresh = await markChallengesUsed(trx, batch.flatMap((item) => (item.proof && !taken.has(item) ? [item.proof] : [])));
    const refused = new Set(batch.filter((item) => item.proof && !taken.has(item) && !fresh.delete(item.proof.id)));
    const items = batch.filter((item) => !refused.has(item) && !taken.has(item));
    // A collision among 30^7 numbers is rare; the ones that collided draw again.
    const numbers = new Map(items.map((item) => [item.row.id, newTrackingNumber()]));
    let waiting = items;
    for (let attempt = 0; waiting.length > 0; attempt++) {
      if (attempt > 5) throw new Error('could not allocate a tracking number');
      const inserted = await store.insertComplaintsWithEvents(
        trx,
        waiting.map((item) => ({ row: { ...item.row, tracking_number: numbers.get(item.row.id)! }, event: item.event })),
      );
      waiting = waiting.filter((item) => !inserted.has(item.row.id));
      for (const item of waiting) numbers.set(item.row.id, newTrackingNumber());
    }
    for (const item of items) {
      if (item.photos.length > 0) await store.insertPhotos(trx, tenantId, item.row.id, item.photos);
    }
    const receipts = await queueReceipts(trx, tenantId, items, numbers);
    await audit.appendMany(
      trx,
      items.map((item, i) => ({
        ...item.audit,
        data: { trackingNumber: numbers.get(item.row.id)!, ...item.audit.data, ...(receipts[i] ? { receipt: receipts[i] } : {}) },
      })),
    );
    await completeIdempotencyKeys(
      trx,
      items.flatMap((item) => (item.idempotency ? [{ claim: item.idempotency, value: { ...item.result, trackingNumber: numbers.get(item.row.id)! } }] : [])),
    );
    return batch.map((item) => (taken.has(item) ? new IdempotencyTaken() : refused.has(item) ? proofReused() : numbers.get(item.row.id)!));
  });
}

// ---- views ----

export interface TimelineEntry {
  at: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
  body: string | null;
  internal: boolean;
  /** Officers only: who acted (a reference, e.g. officer:<uuid>). */
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
}

export interface OfficerComplaint extends PublicComplaint {
  privacy: ComplaintPrivacy;
  tier: ComplaintTier | null;
  lateFiling: boolean;
  /** Sent without a proof of work (no JavaScript): check it for spam. Officers only. */
  withoutProof: boolean;
  serviceReceivedOn: string | null;
  /** Only for public reports; 'rahasia' shows `hidden`, 'anonim' shows `none`. */
  reporter: { state: 'shown'; name: string | null; email: string | null; phone: string | null; hasAccount: boolean } | { state: 'hidden' } | { state: 'none' };
  suggestion: { category: string | null; agencyCode: string | null; confidence: number | null };
  escalated: boolean;
  reopenCount: number;
  ratingComment: string | null;
  mergedInto: string | null;
  transferredTo: string | null;
  hidden: boolean;
  resolutionDueAt: string | null;
  photos: { idx: number; mime: string; width: number; height: number }[];
  dispositions: { at: string; fromAgencyId: string | null; toAgencyId: string | null; toTenant: string | null; reason: string | null }[];
}

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

function publicView(row: ComplaintRow, agencies: Agency[], events: EventRow[], attachments: AttachmentMeta[], now: Date, opts: { mask: boolean }): PublicComplaint {
  const m = (s: string) => (opts.mask ? maskPersonalData(s) : s);
  const agency = agencies.find((a) => a.id === row.agency_id);
  const place = row.privacy !== 'rahasia' || !opts.mask;
  return {
    id: row.id,
    trackingNumber: row.tracking_number,
    kind: row.kind,
    title: m(row.title),
    description: m(row.description),
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
    timeline: timeline(events.filter((e) => !e.internal), false, opts.mask, attachments),
  };
}

async function officerView(ctx: ComplaintContext, trx: Tx, tenantId: string, row: ComplaintRow): Promise<OfficerComplaint> {
  const [events, photos, dispositions, agencies] = await Promise.all([
    store.selectEvents(trx, tenantId, row.id, true),
    store.selectPhotoList(trx, tenantId, row.id),
    store.selectDispositions(trx, tenantId, row.id),
    ctx.deps.agencies.list(ctx, tenantId),
  ]);
  const attachments = await attachmentsOf(trx, tenantId, row.id, events);
  const base = publicView(row, agencies, events, attachments, ctx.now(), { mask: false });
  return {
    ...base,
    timeline: timeline(events, true, false, attachments),
    privacy: row.privacy,
    tier: row.tier,
    lateFiling: row.late_filing,
    withoutProof: row.without_proof,
    serviceReceivedOn: row.service_received_on,
    reporter:
      row.privacy === 'public'
        ? { state: 'shown', name: row.reporter_name, email: row.reporter_email, phone: row.reporter_phone, hasAccount: row.reporter_citizen_id !== null }
        : row.privacy === 'rahasia'
          ? { state: 'hidden' }
          : { state: 'none' },
    suggestion: { category: row.suggested_category, agencyCode: row.suggested_agency_code, confidence: row.suggestion_confidence },
    escalated: row.escalated_at !== null,
    reopenCount: row.reopen_count,
    ratingComment: row.rating_comment,
    mergedInto: row.merged_into,
    transferredTo: row.transferred_to,
    hidden: row.hidden,
    resolutionDueAt: row.resolution_due_at?.toISOString() ?? null,
    photos,
    dispositions: dispositions.map((d) => ({
      at: d.at.toISOString(),
      fromAgencyId: d.from_agency_id,
      toAgencyId: d.to_agency_id,
      toTenant: d.to_tenant_slug,
      reason: d.reason,
    })),
  };
}

/** The files of the report's answers; no query for a report that has no answer yet (most views). */
function attachmentsOf(trx: Tx, tenantId: string, complaintId: string, events: EventRow[]): Promise<AttachmentMeta[]> {
  return events.some((e) => e.action === 'answer') ? store.selectAttachmentList(trx, tenantId, complaintId) : Promise.resolve([]);
}

function mayHandle(access: OfficerAccess, agencyId: string | null): boolean {
  return access.coordinator || access.agencies === 'all' || (agencyId !== null && access.agencies.includes(agencyId));
}

export type Viewer = { kind: 'officer'; access: OfficerAccess } | { kind: 'citizen'; id: string } | { kind: 'public' };

/**
 * One complaint as the viewer may see it: an officer who may handle it gets the officer view; the
 * reporter (citizen account) the unmasked own view; anyone else the masked public view of a
 * published (public or anonymous) report. Everything else is 404 (never 403: the existence of a confidential report is not shown).
 */
export async function getComplaint(
  ctx: ComplaintContext,
  tenant: TenantRef,
  viewer: Viewer,
  idOrNumber: string,
): Promise<{ view: 'officer'; complaint: OfficerComplaint } | { view: 'reporter' | 'public'; complaint: PublicComplaint }> {
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const row = await findComplaint(trx, tenant.id, idOrNumber);
    if (!row) throw notFoundComplaint();
    if (viewer.kind === 'officer' && mayHandle(viewer.access, row.agency_id)) {
      return { view: 'officer', complaint: await officerView(ctx, trx, tenant.id, row) };
    }
    const reporter = viewer.kind === 'citizen' && row.reporter_citizen_id === viewer.id;
    if (!reporter && (row.privacy === 'rahasia' || row.hidden)) throw notFoundComplaint();
    const [events, agencies] = await Promise.all([store.selectEvents(trx, tenant.id, row.id, false), ctx.deps.agencies.list(ctx, tenant.id)]);
    const attachments = await attachmentsOf(trx, tenant.id, row.id, events);
    return { view: reporter ? 'reporter' : 'public', complaint: publicView(row, agencies, events, attachments, ctx.now(), { mask: !reporter }) };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findComplaint(trx: Tx, tenantId: string, idOrNumber: string, lock = false): Promise<ComplaintRow | undefined> {
  if (UUID.test(idOrNumber)) return store.selectComplaint(trx, tenantId, idOrNumber.toLowerCase(), lock);
  const number = normalizeTrackingNumber(idOrNumber);
  if (!number) return undefined;
  const row = await store.selectComplaintByNumber(trx, tenantId, number);
  return row && lock ? store.selectComplaint(trx, tenantId, row.id, true) : row;
}

/** The anonymous (or any) reporter's view by the secret tracking code. 404 for a wrong code. */
export async function trackComplaint(ctx: ComplaintContext, tenant: TenantRef, secretCode: string): Promise<PublicComplaint & { privacy: ComplaintPrivacy; reopenCount: number }> {
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const row = await store.selectComplaintBySecret(trx, tenant.id, hashSecretCode(tenant.id, secretCode));
    if (!row) throw new DomainError('complaint.tracking_code_invalid', 404, 'error.complaint.tracking_code_invalid');
    const events = await store.selectEvents(trx, tenant.id, row.id, false);
    const agencies = await ctx.deps.agencies.list(ctx, tenant.id);
    const attachments = await attachmentsOf(trx, tenant.id, row.id, events);
    return { ...publicView(row, agencies, events, attachments, ctx.now(), { mask: false }), privacy: row.privacy, reopenCount: row.reopen_count };
  });
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

function listItem(row: ComplaintRow, agencies: Agency[], now: Date, officer: boolean): ListItem {
  return {
    id: row.id,
    trackingNumber: row.tracking_number,
    title: officer ? row.title : maskPersonalData(row.title),
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

export interface PublicListQuery {
  limit?: number;
  cursor?: string;
  categoryCode?: string;
  status?: ComplaintStatus;
}

/** Published reports (public and anonymous), newest first, masked; keyset pagination. Confidential ones never appear. */
export async function listPublicComplaints(ctx: ComplaintContext, tenant: TenantRef, query: PublicListQuery = {}) {
  const limit = Math.min(Math.max(query.limit ?? 20, 1), 100);
  const before = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (before && !UUID.test(before.id)) throw cursorInvalid();
  const rows = await withTenant(ctx.db, tenant.id, (trx) =>
    store.selectPublic(trx, tenant.id, {
      limit: limit + 1,
      before,
      categoryCodes: query.categoryCode ? [query.categoryCode] : undefined,
      statuses: query.status ? [query.status] : undefined,
    }),
  );
  const agencies = await ctx.deps.agencies.list(ctx, tenant.id);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => listItem(r, agencies, ctx.now(), false)),
    nextCursor: rows.length > limit && last ? encodeCursor({ at: last.submitted_at, id: last.id }) : null,
  };
}

/** One published report by tracking number (unique index lookup), for Open311 requests/{id}. */
export async function selectOpen311Row(ctx: ComplaintContext, tenant: TenantRef, trackingNumber: string) {
  const row = await withTenant(ctx.db, tenant.id, (trx) => store.selectComplaintByNumber(trx, tenant.id, trackingNumber));
  return row && row.privacy !== 'rahasia' && !row.hidden ? row : undefined;
}

/** Which of these published reports have photos (Open311 `media_url`: the first one). */
export async function publishedWithPhotos(ctx: ComplaintContext, tenant: TenantRef, rows: Pick<ComplaintRow, 'id'>[]): Promise<Set<string>> {
  return withTenant(ctx.db, tenant.id, (trx) => store.selectIdsWithPhotos(trx, tenant.id, rows.map((r) => r.id)));
}

/** Rows for Open311 (published reports only, masked by the caller). */
export async function selectOpen311Rows(ctx: ComplaintContext, tenant: TenantRef, filter: store.PublicFilter) {
  return withTenant(ctx.db, tenant.id, (trx) => store.selectPublic(trx, tenant.id, filter));
}

/** Status changes of published reports, oldest first, each with its answer's files (Open311 servicerequestupdates; masked by the caller). */
export async function listPublishedStatusChanges(ctx: ComplaintContext, tenant: TenantRef, window: { since: Date; until: Date; limit: number }) {
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const changes = await store.selectPublishedStatusChanges(trx, tenant.id, window);
    const answers = changes.filter((c) => c.action === 'answer').map((c) => Number(c.id));
    const files = await store.selectEventAttachmentList(trx, tenant.id, answers);
    return changes.map((c) => ({ ...c, files: files.filter((f) => Number(f.event_id) === Number(c.id)) }));
  });
}

const OPEN: ComplaintStatus[] = ['submitted', 'verified', 'forwarded', 'in_follow_up', 'responded'];

/** The coordinator's queue (everything open) or an agency handler's queue (forwarded to it). */
export async function listQueue(ctx: ComplaintContext, tenant: TenantRef, access: OfficerAccess, scope: { agencyId?: string }) {
  if (scope.agencyId ? !mayHandle(access, scope.agencyId) : !access.coordinator) throw forbidden();
  const rows = await withTenant(ctx.db, tenant.id, (trx) =>
    store.selectQueue(trx, tenant.id, {
      agencyId: scope.agencyId,
      statuses: scope.agencyId ? ['forwarded', 'in_follow_up', 'responded'] : OPEN,
      limit: 500,
    }),
  );
  const agencies = await ctx.deps.agencies.list(ctx, tenant.id);
  return rows.map((r) => listItem(r, agencies, ctx.now(), true));
}

/** "Laporan saya": a signed-in citizen's own reports (never anonymous ones: those keep no link). */
export async function listMyComplaints(ctx: ComplaintContext, tenant: TenantRef, citizenId: string) {
  const rows = await withTenant(ctx.db, tenant.id, (trx) => store.selectByReporter(trx, tenant.id, citizenId));
  const agencies = await ctx.deps.agencies.list(ctx, tenant.id);
  return rows.map((r) => listItem(r, agencies, ctx.now(), false));
}

// ---- officer actions ----

export type OfficerActionInput =
  | { action: 'verify'; tier: ComplaintTier; categoryCode?: string; reason?: string }
  | { action: 'reject'; reason: string; ground: 'unclear' | 'duplicate' | 'out_of_scope' }
  | { action: 'dispatch'; agencyId: string; reason?: string }
  | { action: 'transfer'; tenantSlug: string; reason: string }
  | { action: 'start'; reason?: string }
  | { action: 'answer'; text: string; templateId?: string; attachments?: AttachmentUpload[] }
  | { action: 'close'; outcome: 'resolved' | 'unresolved'; reason: string }
  | { action: 'note'; text: string }
  | { action: 'merge'; into: string; reason?: string }
  | { action: 'hide'; reason: string }
  | { action: 'unhide'; reason?: string };

function requireText(value: string | undefined, field: string): string {
  const v = clean(value);
  if (!v) throw invalid([fieldError(field, 'required', 'error.complaint.reason_required')]);
  if (v.length > 4000) throw invalid([fieldError(field, 'maxLength', 'field.maxLength', { limit: 4000 })]);
  return v;
}

/** Working-day deadline in the tenant's zone, read in the caller's transaction (no second connection). */
async function deadline(trx: Tx, tenant: Pick<TenantRef, 'id' | 'timeZone'>, from: Date, days: number): Promise<Date> {
  return new Date((await computeDeadline(trx, tenant, from.toISOString(), days)).dueAt);
}

async function tierDaysOf(trx: Tx, tenantId: string): Promise<TierDays> {
  return store.selectTierDays(trx, tenantId);
}

/**
 * An officer acts on a complaint. 404 when the officer may not see it at all (another agency's),
 * 403 when they may see it but not take this action, 409 when the state does not allow it.
 */
export async function actOnComplaint(
  ctx: ComplaintContext,
  tenant: TenantRef,
  access: OfficerAccess,
  idOrNumber: string,
  input: OfficerActionInput,
): Promise<OfficerComplaint> {
  const action: OfficerAction = input.action;
  const now = ctx.now();
  const actor = `officer:${access.officerId}`;
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const row = await findComplaint(trx, tenant.id, idOrNumber, true);
    if (!row || !mayHandle(access, row.agency_id)) throw notFoundComplaint();
    if (ACTION_ROLE[action] === 'coordinator' && !access.coordinator) throw forbidden();
    if (!isAllowed(action, row.status)) throw invalidTransition(action, row.status);
    const to = nextStatus(action, row.status);
    const patch: Parameters<typeof store.updateComplaint>[3] = {};
    let reason: string | null = null;
    let body: string | null = null;
    let internal = false;
    let auditData: Record<string, unknown> = {};
    let eventAgency: string | null = row.agency_id;
    let files: Awaited<ReturnType<typeof checkAttachments>> = [];

    switch (input.action) {
      case 'verify': {
        if (!['simple', 'dispute', 'field'].includes(input.tier)) throw invalid([fieldError('/tier', 'enum', 'field.enum')]);
        patch.tier = input.tier;
        patch.verified_at = now;
        reason = clean(input.reason) ?? null;
        if (input.categoryCode && input.categoryCode !== row.category_code) {
          const categories = await store.selectCategories(trx, tenant.id);
          const category = categories.find((c) => c.code === input.categoryCode && c.active);
          if (!category) throw invalid([fieldError('/categoryCode', 'unknown', 'error.complaint.category_unknown')]);
          patch.category_code = category.code;
          if (category.agency_id && !row.forwarded_at) patch.agency_id = category.agency_id;
        }
        // A correction of the routing suggestion is training data for the classifier.
        const finalCategory = patch.category_code ?? row.category_code;
        auditData = { tier: input.tier, category: finalCategory, suggestionCorrected: row.suggested_category !== null && row.suggested_category !== finalCategory };
        break;
      }
      case 'reject':
        reason = requireText(input.reason, '/reason');
        if (!['unclear', 'duplicate', 'out_of_scope'].includes(input.ground)) throw invalid([fieldError('/ground', 'enum', 'field.enum')]);
        patch.closed_at = now;
        patch.due_at = null;
        auditData = { ground: input.ground };
        body = input.ground;
        break;
      case 'dispatch': {
        const agencies = await ctx.deps.agencies.list(ctx, tenant.id);
        const target = agencies.find((a) => a.id === input.agencyId || a.code === input.agencyId);
        if (!target) throw invalid([fieldError('/agencyId', 'unknown', 'error.complaint.agency_unknown')]);
        reason = clean(input.reason) ?? null;
        const tier = row.tier ?? 'simple';
        const firstForward = row.forwarded_at === null;
        patch.agency_id = target.id;
        patch.forwarded_at = firstForward ? now : row.forwarded_at;
        const followUp = await deadline(trx, tenant, now, FIRST_FOLLOW_UP_DAYS);
        patch.follow_up_due_at = followUp;
        patch.due_at = followUp;
        patch.first_follow_up_at = null;
        if (firstForward) patch.resolution_due_at = await deadline(trx, tenant, now, (await tierDaysOf(trx, tenant.id))[tier]);
        patch.escalated_at = null;
        await store.insertDisposition(trx, { tenantId: tenant.id, complaintId: row.id, actor, from: row.agency_id, to: target.id, reason });
        eventAgency = target.id;
        auditData = { from: row.agency_id, to: target.id };
        // What the coordinator settled on becomes a training example for the tenant's model.
        await recordTrainingExample(trx, tenant.id, row, target.code, actor, ctx.deps.retrain);
        break;
      }
      case 'transfer':
        reason = requireText(input.reason, '/reason');
        await transferToTenant(ctx, trx, tenant, row, input.tenantSlug, reason, actor, patch);
        auditData = { toTenant: input.tenantSlug, trackingNumber: patch.transferred_to };
        break;
      case 'start':
        reason = clean(input.reason) ?? null;
        patch.first_follow_up_at = now;
        patch.due_at = row.resolution_due_at;
        break;
      case 'answer':
        if (input.templateId && !clean(input.text)) {
          // A response template of the report's agency (or tenant-wide) as the answer.
          const template = (await store.selectTemplates(trx, tenant.id, row.agency_id)).find((x) => x.id === input.templateId);
          if (!template) throw invalid([fieldError('/templateId', 'unknown', 'field.invalid')]);
          body = template.body;
        } else body = requireText(input.text, '/text');
        // Checked after who-may-act and the state: another agency's officer learns nothing from a file.
        files = await checkAttachments(ctx.deps.photos, input.attachments ?? []);
        auditData = {
          ...(input.templateId && !clean(input.text) ? { template: input.templateId } : {}),
          attachments: files.length,
        };
        patch.responded_at = now;
        patch.due_at = null;
        if (!row.first_follow_up_at) patch.first_follow_up_at = now;
        break;
      case 'close':
        reason = requireText(input.reason, '/reason');
        patch.outcome = input.outcome === 'resolved' ? 'resolved' : 'unresolved';
        patch.closed_at = now;
        auditData = { outcome: patch.outcome };
        break;
      case 'note':
        body = requireText(input.text, '/text');
        internal = true;
        break;
      case 'merge': {
        const target = await findComplaint(trx, tenant.id, input.into, true);
        if (!target || target.id === row.id) throw invalid([fieldError('/into', 'unknown', 'error.complaint.merge_target')]);
        if (target.merged_into) throw invalid([fieldError('/into', 'merged', 'error.complaint.merge_target')]);
        reason = clean(input.reason) ?? null;
        patch.merged_into = target.id;
        patch.outcome = 'duplicate';
        patch.closed_at = now;
        patch.due_at = null;
        body = target.tracking_number;
        await store.insertEvent(trx, {
          tenant_id: tenant.id,
          complaint_id: target.id,
          at: now,
          actor,
          action: 'merged_from',
          body: row.tracking_number,
          reason,
        });
        auditData = { into: `complaint:${target.id}` };
        break;
      }
      case 'hide':
        reason = requireText(input.reason, '/reason');
        patch.hidden = true;
        internal = true;
        break;
      case 'unhide':
        reason = clean(input.reason) ?? null;
        patch.hidden = false;
        internal = true;
        break;
    }
    if (to !== row.status) patch.status = to;
    await store.updateComplaint(trx, tenant.id, row.id, patch);
    const eventId = await store.insertEvent(trx, {
      tenant_id: tenant.id,
      complaint_id: row.id,
      at: now,
      actor,
      action,
      from_status: row.status,
      to_status: to,
      reason,
      body,
      internal,
      agency_id: eventAgency,
    });
    if (files.length > 0) {
      const rows = files.map((f, idx) => ({ tenant_id: tenant.id, id: randomUUID(), complaint_id: row.id, event_id: eventId, idx, ...f }));
      await store.insertAttachments(trx, rows);
      // What was attached, provably (ids, types, sizes, digests), never the content or the file name.
      auditData.attachmentFiles = rows.map((r) => ({ id: r.id, type: r.mime, bytes: r.size, sha256: r.sha256 }));
    }
    await notifyReporterOfAction(ctx, trx, tenant, row, action, to, patch.outcome ?? row.outcome);
    await ctx.audit.append(trx, {
      tenantId: tenant.id,
      actor,
      action: `complaint.${action}`,
      subject: `complaint:${row.id}`,
      data: { from: row.status, to, ...auditData },
    });
    const updated = await store.selectComplaint(trx, tenant.id, row.id);
    return officerView(ctx, trx, tenant.id, updated!);
  });
}

// ---- notifications to the reporter ----

/** The report's public page, for the links in the reporter's notices. */
function reporterUrl(ctx: ComplaintContext, tenant: TenantRef, trackingNumber: string): string {
  return `${ctx.deps.publicBaseUrl}/t/${tenant.slug}/pengaduan/${trackingNumber}`;
}

/** Where a reporter without an account hears from us: the e-mail typed into the form, else the phone. */
function typedContact(row: Pick<ReporterRow, 'reporter_email' | 'reporter_phone'>): { channel: 'email' | 'sms'; to: string } | undefined {
  if (row.reporter_email) return { channel: 'email', to: row.reporter_email };
  if (row.reporter_phone) return { channel: 'sms', to: row.reporter_phone };
  return undefined;
}

type ReporterRow = Pick<ComplaintRow, 'privacy' | 'reporter_citizen_id' | 'reporter_email' | 'reporter_phone' | 'tracking_number'>;

/** Officer actions the reporter hears about (complaint.updated), besides the answer (complaint.answered). */
const NOTIFIED_ACTIONS: ReadonlySet<OfficerAction> = new Set(['verify', 'reject', 'dispatch', 'start', 'close', 'merge', 'transfer']);

/**
 * Notifies the reporter of a complaint event through the notifications layer. Anonymous reports have
 * no contact (the secret code is the way back): nothing. A citizen with an account: `notifyPerson`
 * (their preferences, language and inbox) at the account's contact from identity's
 * `getCitizenContact` — recorded in their data-access log, purpose "complaint notification" — else
 * at the contact typed into the form (an account without a profile: the inbox and that contact). Anyone else who typed an e-mail or phone
 * (public or rahasia without an account): the template to that address. In the caller's transaction.
 */
async function notifyReporter(
  ctx: ComplaintContext,
  trx: Tx,
  tenant: TenantRef,
  row: ReporterRow,
  event: 'complaint.received' | 'complaint.updated' | 'complaint.answered',
  vars: Record<string, string>,
): Promise<void> {
  if (row.privacy === 'anonim') return;
  const allVars: Record<string, string> = { ...vars, trackingNumber: row.tracking_number, url: reporterUrl(ctx, tenant, row.tracking_number) };
  const nctx = notificationContext(ctx, trx);
  if (row.reporter_citizen_id) {
    const contact = await citizenContact(ctx, trx, tenant, row.reporter_citizen_id, row.tracking_number);
    const lang = contact?.lang ?? ctx.lang;
    await notifyPerson(nctx, tenant.id, {
      recipient: {
        kind: 'citizen',
        id: row.reporter_citizen_id,
        email: contact?.email || row.reporter_email,
        phone: contact?.phone || row.reporter_phone,
        lang,
      },
      event,
      vars: event === 'complaint.updated' ? { ...allVars, status: statusText(lang, allVars.status!) } : allVars,
      timeZone: tenant.timeZone,
    });
    return;
  }
  const to = typedContact(row);
  if (!to) return;
  await notifyFromTemplate(nctx, tenant.id, {
    event,
    ...to,
    lang: ctx.lang,
    timeZone: tenant.timeZone,
    vars: event === 'complaint.updated' ? { ...allVars, status: statusText(ctx.lang, allVars.status!) } : allVars,
  });
}

/** The account's contact (identity records the read), or undefined when the account is gone. */
async function citizenContact(ctx: ComplaintContext, trx: Tx, tenant: TenantRef, citizenId: string, trackingNumber: string) {
  try {
    return await getCitizenContact(
      { db: trx as unknown as ComplaintContext['db'], audit: ctx.audit, actor: { kind: 'system', id: 'complaints' }, lang: ctx.lang, now: ctx.now },
      tenant.id,
      citizenId,
      `Pemberitahuan pengaduan ${trackingNumber} / complaint notification`,
    );
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) return undefined;
    throw error;
  }
}

/** `status` is "<status>" or "closed.<outcome>": the reporter's wording, in their language. */
function statusText(lang: Lang, status: string): string {
  return t(lang, `cp.status.${status}` as MessageKey);
}

async function notifyReporterOfAction(
  ctx: ComplaintContext,
  trx: Tx,
  tenant: TenantRef,
  row: ComplaintRow,
  action: OfficerAction,
  to: ComplaintStatus,
  outcome: string | null,
) {
  if (action === 'answer') {
    const agencies = await ctx.deps.agencies.list(ctx, tenant.id);
    await notifyReporter(ctx, trx, tenant, row, 'complaint.answered', {
      agencyName: agencies.find((a) => a.id === row.agency_id)?.name ?? tenant.name,
    });
  } else if (NOTIFIED_ACTIONS.has(action)) {
    await notifyReporter(ctx, trx, tenant, row, 'complaint.updated', {
      status: outcome && (to === 'closed' || outcome === 'duplicate') ? `closed.${outcome}` : to,
    });
  }
}

/**
 * "No wrong door": the report is copied to the tenant with authority (a new tracking number there,
 * the same reporter contact and secret-code hash so the reporter can follow it there) and closed
 * here as transferred. Runs in the same transaction, switching the row-level-security tenant.
 */
async function transferToTenant(
  ctx: ComplaintContext,
  trx: Tx,
  tenant: TenantRef,
  row: ComplaintRow,
  slug: string,
  reason: string,
  actor: string,
  patch: Parameters<typeof store.updateComplaint>[3],
) {
  const target = await ctx.deps.tenants?.bySlugOrUndefined(slug);
  if (!target || target.id === tenant.id) throw invalid([fieldError('/tenantSlug', 'unknown', 'error.complaint.tenant_unknown')]);
  const now = ctx.now();
  const newId = randomUUID();
  const number = newTrackingNumber();
  const verifyDue = await deadline(trx, target, now, VERIFY_AND_FORWARD_DAYS);
  await withTenant(trx, target.id, async () => {
    const categories = await store.selectCategories(trx, target.id);
    const category = categories.find((c) => c.active && c.code === row.category_code) ?? categories.find((c) => c.active);
    if (!category) throw new DomainError('complaint.transfer_impossible', 409, 'error.complaint.transfer_impossible');
    await store.insertComplaint(trx, {
      tenant_id: target.id,
      id: newId,
      tracking_number: number,
      kind: row.kind,
      title: row.title,
      description: row.description,
      category_code: category.code,
      agency_id: category.agency_id,
      privacy: row.privacy,
      reporter_name: row.reporter_name,
      reporter_email: row.reporter_email,
      reporter_phone: row.reporter_phone,
      // The code is salted with the tenant id, so the reporter follows up here with its tracking number.
      secret_code_hash: row.privacy === 'anonim' ? createHash('sha256').update(randomBytes(32)).digest('hex') : null,
      service_received_on: row.service_received_on,
      late_filing: row.late_filing,
      without_proof: row.without_proof,
      latitude: row.latitude,
      longitude: row.longitude,
      address: row.address,
      due_at: verifyDue,
      verify_due_at: verifyDue,
      submitted_at: now,
    });
    await store.insertEvent(trx, {
      tenant_id: target.id,
      complaint_id: newId,
      at: now,
      actor: `tenant:${tenant.slug}`,
      action: 'transferred_in',
      to_status: 'submitted',
      reason,
      body: row.tracking_number,
    });
    await ctx.audit.append(trx, {
      tenantId: target.id,
      actor,
      action: 'complaint.transferred_in',
      subject: `complaint:${newId}`,
      data: { fromTenant: tenant.slug, trackingNumber: number },
    });
  });
  await withTenant(trx, tenant.id, async () => {
    await store.insertDisposition(trx, { tenantId: tenant.id, complaintId: row.id, actor, from: row.agency_id, to: null, toTenant: target.slug, reason });
  });
  patch.outcome = 'transferred';
  patch.transferred_to = `${target.slug}:${number}`;
  patch.closed_at = now;
  patch.due_at = null;
}

/**
 * Reveals who filed a *rahasia* report: coordinator only, with a reason, audit-logged. An anonymous
 * report has nothing to reveal (409); a public one shows its reporter already.
 */
export async function revealIdentity(ctx: ComplaintContext, tenant: TenantRef, access: OfficerAccess, idOrNumber: string, reasonText: string) {
  if (!access.coordinator) throw forbidden();
  const reason = requireText(reasonText, '/reason');
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const row = await findComplaint(trx, tenant.id, idOrNumber);
    if (!row) throw notFoundComplaint();
    if (row.privacy === 'anonim') throw new DomainError('complaint.nothing_to_reveal', 409, 'error.complaint.nothing_to_reveal');
    if (row.privacy !== 'rahasia') throw new DomainError('complaint.not_confidential', 409, 'error.complaint.not_confidential');
    const actor = `officer:${access.officerId}`;
    await store.insertEvent(trx, { tenant_id: tenant.id, complaint_id: row.id, at: ctx.now(), actor, action: 'identity_revealed', reason, internal: true });
    await ctx.audit.append(trx, {
      tenantId: tenant.id,
      actor,
      action: 'complaint.identity_revealed',
      subject: `complaint:${row.id}`,
      data: { reasonLength: reason.length, citizen: row.reporter_citizen_id ? ctx.audit.pseudonymize(tenant.id, row.reporter_citizen_id) : null },
    });
    return { name: row.reporter_name, email: row.reporter_email, phone: row.reporter_phone, citizenId: row.reporter_citizen_id };
  });
}

// ---- reporter actions ----

export type ReporterRef = { citizenId: string } | { secretCode: string };
export type ReporterActionInput =
  | { action: 'confirm'; rating: number; comment?: string; resolved: boolean }
  | { action: 'reopen'; reason: string };

/**
 * The reporter rates the answer (1–5 + comment) and says whether it resolved the problem (closed
 * resolved / closed unresolved — shown honestly), or reopens once with a reason.
 */
/**
 * The reporter confirms or reopens their report. `idOrNumber` names the report (the API's path); with
 * a secret code it may be null (the tracking page, where the code alone names it).
 */
export async function actAsReporter(ctx: ComplaintContext, tenant: TenantRef, who: ReporterRef, idOrNumber: string | null, input: ReporterActionInput): Promise<PublicComplaint> {
  const now = ctx.now();
  return withTenant(ctx.db, tenant.id, async (trx) => {
    let row: ComplaintRow | undefined;
    if ('secretCode' in who) {
      const found = await store.selectComplaintBySecret(trx, tenant.id, hashSecretCode(tenant.id, who.secretCode));
      // A code acts only on its own report: the code of another report than the one named is as
      // unknown as a wrong code (and says nothing about either report).
      const named = found && idOrNumber !== null ? await findComplaint(trx, tenant.id, idOrNumber) : found;
      if (!found || named?.id !== found.id) throw new DomainError('complaint.tracking_code_invalid', 404, 'error.complaint.tracking_code_invalid');
      row = await store.selectComplaint(trx, tenant.id, found.id, true);
    } else {
      row = idOrNumber ? await findComplaint(trx, tenant.id, idOrNumber, true) : undefined;
      if (!row || row.reporter_citizen_id !== who.citizenId) throw notFoundComplaint();
    }
    if (!isAllowed(input.action, row!.status)) throw invalidTransition(input.action, row!.status);
    const actor = 'secretCode' in who ? (row!.privacy === 'anonim' ? 'anonymous' : 'reporter:code') : `citizen:${who.citizenId}`;
    const patch: Parameters<typeof store.updateComplaint>[3] = {};
    let reason: string | null = null;
    let to: ComplaintStatus;
    let auditData: Record<string, unknown>;
    if (input.action === 'confirm') {
      if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw invalid([fieldError('/rating', 'range', 'error.complaint.rating_invalid')]);
      const comment = clean(input.comment);
      if (comment && comment.length > 2000) throw invalid([fieldError('/comment', 'maxLength', 'field.maxLength', { limit: 2000 })]);
      patch.rating = input.rating;
      patch.rating_comment = comment ?? null;
      patch.outcome = input.resolved ? 'resolved' : 'unresolved';
      patch.closed_at = now;
      to = 'closed';
      reason = comment ?? null;
      auditData = { rating: input.rating, resolved: input.resolved };
    } else {
      if (row!.reopen_count >= MAX_REOPENS) throw new DomainError('complaint.reopen_limit', 409, 'error.complaint.reopen_limit');
      reason = requireText(input.reason, '/reason');
      patch.reopen_count = row!.reopen_count + 1;
      patch.responded_at = null;
      patch.due_at = await deadline(trx, tenant, now, REOPEN_DAYS);
      patch.escalated_at = null;
      to = 'in_follow_up';
      auditData = {};
    }
    patch.status = to;
    await store.updateComplaint(trx, tenant.id, row!.id, patch);
    await store.insertEvent(trx, {
      tenant_id: tenant.id,
      complaint_id: row!.id,
      at: now,
      actor,
      action: input.action === 'confirm' ? (input.resolved ? 'confirmed_resolved' : 'confirmed_unresolved') : 'reopened',
      from_status: row!.status,
      to_status: to,
      reason,
    });
    await ctx.audit.append(trx, {
      tenantId: tenant.id,
      actor,
      action: `complaint.${input.action}`,
      subject: `complaint:${row!.id}`,
      data: { from: row!.status, to, ...auditData },
    });
    const updated = (await store.selectComplaint(trx, tenant.id, row!.id))!;
    const events = await store.selectEvents(trx, tenant.id, row!.id, false);
    const attachments = await attachmentsOf(trx, tenant.id, row!.id, events);
    return publicView(updated, await ctx.deps.agencies.list(ctx, tenant.id), events, attachments, now, { mask: false });
  });
}

// ---- duplicates ----

function tokens(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s]/gu, ' ')
      .split(/\s+/)
      .filter((w) => w.length > 2),
  );
}

/** Jaccard similarity of the word sets (words of 3+ letters). */
export function textSimilarity(a: string, b: string): number {
  const x = tokens(a);
  const y = tokens(b);
  if (x.size === 0 || y.size === 0) return 0;
  let both = 0;
  for (const w of x) if (y.has(w)) both++;
  return both / (x.size + y.size - both);
}

export function distanceMeters(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

export const DUPLICATE_RADIUS_M = 300;
export const DUPLICATE_MIN_SIMILARITY = 0.25;

/** Possible duplicates: reports of the last 60 days within 300 m whose text is similar. */
export async function suggestDuplicates(ctx: ComplaintContext, tenant: TenantRef, access: OfficerAccess, idOrNumber: string) {
  return withTenant(ctx.db, tenant.id, async (trx) => {
    const row = await findComplaint(trx, tenant.id, idOrNumber);
    if (!row || !mayHandle(access, row.agency_id)) throw notFoundComplaint();
    if (row.latitude === null || row.longitude === null) return [];
    const dLat = DUPLICATE_RADIUS_M / 111_000;
    const dLon = dLat / Math.max(Math.cos((row.latitude * Math.PI) / 180), 0.01);
    const since = new Date(row.submitted_at.getTime() - 60 * 86_400_000);
    const candidates = await store.selectNearby(
      trx,
      tenant.id,
      { minLat: row.latitude - dLat, maxLat: row.latitude + dLat, minLon: row.longitude - dLon, maxLon: row.longitude + dLon },
      since,
      row.id,
    );
    const text = `${row.title} ${row.description}`;
    return candidates
      .map((c) => ({
        id: c.id,
        trackingNumber: c.tracking_number,
        title: c.title,
        status: c.status,
        distanceMeters: Math.round(distanceMeters(row.latitude!, row.longitude!, c.latitude!, c.longitude!)),
        similarity: Math.round(textSimilarity(text, `${c.title} ${c.description}`) * 100) / 100,
      }))
      .filter((c) => c.distanceMeters <= DUPLICATE_RADIUS_M && c.similarity >= DUPLICATE_MIN_SIMILARITY)
      .sort((a, b) => b.similarity - a.similarity);
  });
}

// ---- deadlines: the overdue escalation job ----

export const ESCALATE_JOB = 'complaints.escalate';

/**
 * Marks every complaint past its stage deadline as escalated (once per deadline): a timeline event
 * (internal), an audit entry. Queues show them red, the coordinator's queue first. Runs in `trx`
 * (the job's transaction) when given.
 */
export async function escalateOverdueComplaints(ctx: ComplaintContext, tenant: Pick<TenantRef, 'id'>, trx?: Tx): Promise<number> {
  const run = async (t: Tx) => {
    const now = ctx.now();
    const rows = await store.selectOverdue(t, tenant.id, now);
    for (const row of rows) {
      await store.updateComplaint(t, tenant.id, row.id, { escalated_at: now });
      await store.insertEvent(t, {
        tenant_id: tenant.id,
        complaint_id: row.id,
        at: now,
        actor: actorRef(ctx.actor),
        action: 'escalated',
        reason: row.due_at?.toISOString() ?? null,
        internal: true,
        agency_id: row.agency_id,
      });
      await ctx.audit.append(t, {
        tenantId: tenant.id,
        actor: actorRef(ctx.actor),
        action: 'complaint.escalated',
        subject: `complaint:${row.id}`,
        data: { status: row.status, dueAt: row.due_at?.toISOString() ?? null },
      });
    }
    return rows.length;
  };
  return trx ? withTenant(trx, tenant.id, run) : withTenant(ctx.db, tenant.id, run);
}

// ---- categories, tiers, templates ----

export interface CategoryInput {
  code: string;
  name: string;
  nameEn?: string;
  description?: string;
  agencyCode?: string;
  requiresLocation?: boolean;
  keywords?: string[];
  active?: boolean;
}

export async function saveCategory(ctx: ComplaintContext, tenant: Pick<TenantRef, 'id'>, input: CategoryInput): Promise<void> {
  const agencies = await ctx.deps.agencies.list(ctx, tenant.id);
  const agency = input.agencyCode ? agencies.find((a) => a.code === input.agencyCode) : undefined;
  if (input.agencyCode && !agency) throw invalid([fieldError('/agencyCode', 'unknown', 'error.complaint.agency_unknown')]);
  await withTenant(ctx.db, tenant.id, async (trx) => {
    await store.upsertCategory(trx, tenant.id, {
      code: input.code,
      name: input.name,
      name_en: input.nameEn ?? null,
      description: input.description ?? null,
      agency_id: agency?.id ?? null,
      requires_location: input.requiresLocation ?? false,
      keywords: input.keywords ?? [],
      active: input.active ?? true,
    });
    await ctx.audit.append(trx, { tenantId: tenant.id, actor: actorRef(ctx.actor), action: 'complaint.category_saved', subject: `complaint_category:${input.code}` });
  });
  ctx.deps.agencies.forgetCategories(tenant.id);
}

export interface Category {
  code: string;
  name: string;
  nameEn: string | null;
  description: string | null;
  agencyId: string | null;
  requiresLocation: boolean;
  keywords: string[];
}

export async function listCategories(ctx: Pick<ServiceContext, 'db'>, tenant: Pick<TenantRef, 'id'>): Promise<Category[]> {
  const rows = await withTenant(ctx.db, tenant.id, (trx) => store.selectCategories(trx, tenant.id));
  return rows
    .filter((r) => r.active)
    .map((r) => ({
      code: r.code,
      name: r.name,
      nameEn: r.name_en,
      description: r.description,
      agencyId: r.agency_id,
      requiresLocation: r.requires_location,
      keywords: r.keywords,
    }));
}

export async function setTierDays(ctx: ComplaintContext, tenant: Pick<TenantRef, 'id'>, tiers: TierDays): Promise<void> {
  for (const [name, days] of Object.entries(tiers)) {
    if (!Number.isInteger(days) || days < 1 || days > 366) throw invalid([fieldError(`/${name}`, 'range', 'error.calendar.invalid_days')]);
  }
  await withTenant(ctx.db, tenant.id, async (trx) => {
    await store.upsertTierDays(trx, tenant.id, tiers);
    await ctx.audit.append(trx, { tenantId: tenant.id, actor: actorRef(ctx.actor), action: 'complaint.tiers_set', data: { ...tiers } });
  });
}

export async function getTierDays(ctx: Pick<ServiceContext, 'db'>, tenant: Pick<TenantRef, 'id'>): Promise<TierDays> {
  return withTenant(ctx.db, tenant.id, (trx) => tierDaysOf(trx, tenant.id));
}

export async function createResponseTemplate(
  ctx: ComplaintContext,
  tenant: TenantRef,
  access: OfficerAccess,
  input: { agencyId?: string; title: string; body: string },
) {
  if (input.agencyId ? !mayHandle(access, input.agencyId) : !access.coordinator) throw forbidden();
  const title = requireText(input.title, '/title');
  const body = requireText(input.body, '/body');
  const id = randomUUID();
  await withTenant(ctx.db, tenant.id, async (trx) => {
    await store.insertTemplate(trx, { tenantId: tenant.id, id, agencyId: input.agencyId ?? null, title, body });
    await ctx.audit.append(trx, { tenantId: tenant.id, actor: `officer:${access.officerId}`, action: 'complaint.template_created', subject: `complaint_template:${id}` });
  });
  return { id, title, body, agencyId: input.agencyId ?? null };
}

export async function listResponseTemplates(ctx: ComplaintContext, tenant: TenantRef, agencyId: string | null) {
  const rows = await withTenant(ctx.db, tenant.id, (trx) => store.selectTemplates(trx, tenant.id, agencyId));
  return rows.map((r) => ({ id: r.id, title: r.title, body: r.body, agencyId: r.agency_id }));
}

/** The tracking number of a complaint id (Open311 tokens); nothing else about it. */
export async function getComplaintNumber(ctx: ComplaintContext, tenant: Pick<TenantRef, 'id'>, id: string): Promise<string | undefined> {
  if (!UUID.test(id)) return undefined;
  const row = await withTenant(ctx.db, tenant.id, (trx) => store.selectComplaint(trx, tenant.id, id.toLowerCase()));
  return row?.tracking_number;
}

// ---- photos ----

/** A photo of a complaint the viewer may see (same rule as getComplaint). */
export async function getComplaintPhoto(ctx: ComplaintContext, tenant: TenantRef, viewer: Viewer, idOrNumber: string, idx: number) {
  const { complaint } = await getComplaint(ctx, tenant, viewer, idOrNumber);
  const photo = await withTenant(ctx.db, tenant.id, (trx) => store.selectPhoto(trx, tenant.id, complaint.id, idx));
  if (!photo) throw notFoundComplaint();
  return photo;
}

// ---- answer attachments ----

export interface AttachmentFile {
  name: string;
  mime: string;
  size: number;
  data: Buffer;
}

async function attachmentOf(ctx: ComplaintContext, tenant: TenantRef, complaintId: string, attachmentId: string): Promise<AttachmentFile> {
  if (!UUID.test(attachmentId)) throw notFoundComplaint();
  const file = await withTenant(ctx.db, tenant.id, (trx) => store.selectAttachment(trx, tenant.id, complaintId, attachmentId.toLowerCase()));
  if (!file || file.internal) throw notFoundComplaint();
  return { name: file.name, mime: file.mime, size: file.size, data: file.data };
}

/** A file of an answer, for whoever may see the answer (same rule as getComplaint: officer, reporter, public of a published report). */
export async function getAnswerAttachment(ctx: ComplaintContext, tenant: TenantRef, viewer: Viewer, idOrNumber: string, attachmentId: string): Promise<AttachmentFile> {
  const { complaint } = await getComplaint(ctx, tenant, viewer, idOrNumber);
  return attachmentOf(ctx, tenant, complaint.id, attachmentId);
}

/** A file of an answer for the reporter holding the secret code (sent in a POST body, never in a URL). */
export async function getTrackedAttachment(ctx: ComplaintContext, tenant: TenantRef, secretCode: string, attachmentId: string): Promise<AttachmentFile> {
  const row = await withTenant(ctx.db, tenant.id, (trx) => store.selectComplaintBySecret(trx, tenant.id, hashSecretCode(tenant.id, secretCode)));
  if (!row) throw new DomainError('complaint.tracking_code_invalid', 404, 'error.complaint.tracking_code_invalid');
  return attachmentOf(ctx, tenant, row.id, attachmentId);
}

// ---- statistics ----

export interface AgencyStatistics {
  agencyId: string;
  agencyCode: string | null;
  agencyName: string | null;
  received: number;
  verifiedOnTime: number;
  answered: number;
  answeredOnTime: number;
  resolved: number;
  averageRating: number | null;
  topTopics: { categoryCode: string; count: number }[];
}

/** Per-agency complaint statistics for the public performance dashboard (public data: counts only). */
export async function complaintStatistics(ctx: ComplaintContext, tenant: Pick<TenantRef, 'id'>, since: Date): Promise<AgencyStatistics[]> {
  const [rows, topics] = await withTenant(ctx.db, tenant.id, (trx) =>
    Promise.all([store.selectAgencyStats(trx, tenant.id, since), store.selectTopCategories(trx, tenant.id, since)]),
  );
  const agencies = await ctx.deps.agencies.list(ctx, tenant.id);
  return rows.map((r) => {
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
  });
}

// ---- Open311 API keys ----

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A new Open311 api_key for the tenant: returned once, stored as a SHA-256. */
export async function createOpen311Key(ctx: ComplaintContext, tenant: Pick<TenantRef, 'id'>, label: string, key = `o311_${randomBytes(24).toString('base64url')}`) {
  const id = randomUUID();
  await withTenant(ctx.db, tenant.id, async (trx) => {
    await store.insertApiKey(trx, { tenantId: tenant.id, id, keyHash: hashApiKey(key), label });
    await ctx.audit.append(trx, { tenantId: tenant.id, actor: actorRef(ctx.actor), action: 'open311.key_created', subject: `open311_key:${id}` });
  });
  return { id, key };
}

export async function verifyOpen311Key(ctx: Pick<ServiceContext, 'db'>, tenant: Pick<TenantRef, 'id'>, key: string | undefined) {
  if (!key) return undefined;
  return withTenant(ctx.db, tenant.id, (trx) => store.selectApiKey(trx, tenant.id, hashApiKey(key)));
}


// ---- the public map ----

export const MAP_MAX_FEATURES = 1000;

export interface MapFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: {
    trackingNumber: string;
    title: string;
    categoryCode: string;
    agencyName: string | null;
    status: ComplaintStatus;
    outcome: string | null;
    submittedAt: string;
    deadline: DeadlineState;
  };
}

/**
 * Published reports with a place as a GeoJSON FeatureCollection (RFC 7946: [longitude, latitude]) for
 * the public map: the same rows and masking as the public list, never a reporter field or privacy mode.
 */
export async function publicComplaintsGeoJson(ctx: ComplaintContext, tenant: TenantRef): Promise<{ type: 'FeatureCollection'; features: MapFeature[] }> {
  const rows = await withTenant(ctx.db, tenant.id, (trx) => store.selectPublicLocated(trx, tenant.id, MAP_MAX_FEATURES));
  const agencies = await ctx.deps.agencies.list(ctx, tenant.id);
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
