// Submitting a report (docs/domain.md §3), by any way in — the JSON API, the form, Open311: checked
// against the intake contract, routed to a category and an agency (the place's service area first,
// then the category's agency, then the classifier's suggestion), its photos sanitised, then written
// with its first event, audit entry and receipt in a batch (batch.ts).
import { randomUUID } from 'node:crypto';
import type { ComplaintStatus } from '../../../db/schema.js';
import { actorRef, type TenantContext } from '../../../platform/context.js';
import { localDate } from '../../../platform/calendar/index.js';
import { isApiDate } from '../../../platform/dates.js';
import type { PendingFieldError } from '../../../platform/errors.js';
import type { IdempotencyClaim } from '../../../platform/http/idempotency.js';
import { meaningfulText } from '../../../platform/text.js';
import { computeDeadline } from '../../calendar/index.js';
import { INFORMATION_REQUEST_PAGE } from '../../information-requests/index.js';
import { normalizeEmail } from '../../notifications/index.js';
import type { AgencyCache, ComplaintAudit } from '../context.js';
import { fieldError, invalid, tooManyPhotos } from '../errors.js';
import type { RoutingSuggester } from '../routing/suggester.js';
import { containsPoint } from '../../../platform/geo.js';
import { getTenantArea } from '../../tenancy/index.js';
import { hashSecretCode, newSecretCode } from '../tracking.js';
import { daysBetween, LATE_FILING_DAYS, VERIFY_AND_FORWARD_DAYS } from '../workflow.js';
import type { SubmissionWriter } from './batch.js';
import { INFORMATION_REQUEST_KIND, LIMITS, type ReportFields, type SubmitResult } from './contract.js';
import { MAX_PHOTOS, type PhotoSanitizer, type SanitizedPhoto } from './photo-sanitizer.js';

/** What intake needs besides the request's context. */
export interface IntakeDeps {
  audit: ComplaintAudit;
  /** Address citizens use, for the link in the receipt. */
  publicBaseUrl: string;
  agencies: AgencyCache;
  routing: RoutingSuggester;
  photos: PhotoSanitizer;
  /** The group-commit writer (one per app: concurrent submissions share its transactions). */
  submissions: SubmissionWriter;
}
export type IntakeContext = TenantContext & IntakeDeps;

export interface SubmitInput extends ReportFields {
  photos?: Buffer[];
  /** Sent without a proof of work (the form without JavaScript, antispam.ts): marked for the coordinator. */
  withoutProof?: boolean;
  /** The verified proof-of-work challenge (antispam.ts): marked used in the report's transaction. */
  proof?: { id: string; expiresAt: Date };
  /** An Idempotency-Key's claim: recorded, with the result, in the report's transaction. */
  idempotency?: IdempotencyClaim;
  /**
   * The form's confirm step for a point outside the tenant's area: false refuses such a point (400 on
   * `/confirmOutsideArea`, the form comes back with the warning and a checkbox), true accepts it.
   * Undefined (the JSON API, Open311): accepted with the warning, as before.
   */
  confirmOutsideArea?: boolean;
}

/** A reporter's phone number as typed: digits with the usual separators, 8–20 characters. */
const PHONE = /^\+?[\d\s().-]{8,20}$/;

async function sanitizeAll(sanitizer: PhotoSanitizer, photos: Buffer[]): Promise<SanitizedPhoto[]> {
  if (photos.length > MAX_PHOTOS) throw tooManyPhotos(MAX_PHOTOS);
  const out: SanitizedPhoto[] = [];
  for (const photo of photos) out.push(await sanitizer.sanitize(photo));
  return out;
}

/** What a schema cannot check: text with something visible, the place, the date, the contact. */
function checkFields(input: ReportFields, today: string): { errors: PendingFieldError[]; lateFiling: boolean } {
  const errors: PendingFieldError[] = [];
  if (input.kind === INFORMATION_REQUEST_KIND) errors.push(fieldError('/kind', 'information_request', 'cp.error.kind_information', { path: INFORMATION_REQUEST_PAGE }));
  const title = meaningfulText(input.title);
  const description = meaningfulText(input.description);
  if (!title) errors.push(fieldError('/title', 'required', 'field.required'));
  else if (title.length > LIMITS.title) errors.push(fieldError('/title', 'maxLength', 'field.maxLength', { limit: LIMITS.title }));
  if (!description) errors.push(fieldError('/description', 'required', 'field.required'));
  else if (description.length > LIMITS.description) {
    errors.push(fieldError('/description', 'maxLength', 'error.complaint.description_too_long', { limit: LIMITS.description }));
  }
  const hasLat = input.latitude !== undefined && input.latitude !== null;
  const hasLon = input.longitude !== undefined && input.longitude !== null;
  if (hasLat !== hasLon) errors.push(fieldError(hasLat ? '/longitude' : '/latitude', 'required', 'error.complaint.coordinates_incomplete'));
  if (hasLat && (!Number.isFinite(input.latitude) || Math.abs(input.latitude!) > 90)) errors.push(fieldError('/latitude', 'range', 'field.invalid'));
  if (hasLon && (!Number.isFinite(input.longitude) || Math.abs(input.longitude!) > 180)) errors.push(fieldError('/longitude', 'range', 'field.invalid'));
  const address = meaningfulText(input.address);
  if (address && address.length > LIMITS.address) errors.push(fieldError('/address', 'maxLength', 'field.maxLength', { limit: LIMITS.address }));
  let lateFiling = false;
  if (input.serviceReceivedOn) {
    if (!isApiDate(input.serviceReceivedOn)) errors.push(fieldError('/serviceReceivedOn', 'format', 'field.format', { format: 'date' }));
    else if (input.serviceReceivedOn > today) errors.push(fieldError('/serviceReceivedOn', 'future', 'error.complaint.service_date_future'));
    else lateFiling = daysBetween(input.serviceReceivedOn, today) > LATE_FILING_DAYS;
  }
  if (input.privacy !== 'anonim') {
    const email = meaningfulText(input.reporter?.email);
    const phone = meaningfulText(input.reporter?.phone);
    // The address the receipt goes to, checked as the notifications module will (a bad one is the
    // reporter's to correct; the report itself is never refused over its receipt later on).
    if (email && !normalizeEmail(email)) errors.push(fieldError('/reporter/email', 'format', 'field.format', { format: 'email' }));
    if (phone && !PHONE.test(phone)) errors.push(fieldError('/reporter/phone', 'format', 'field.invalid'));
  }
  return { errors, lateFiling };
}

export async function submitComplaint(ctx: IntakeContext, input: SubmitInput): Promise<SubmitResult> {
  const { tenant } = ctx;
  const now = ctx.now();
  const { errors, lateFiling } = checkFields(input, localDate(now.getTime(), tenant.timeZone));
  const title = meaningfulText(input.title);
  const description = meaningfulText(input.description);
  const address = meaningfulText(input.address);
  const hasPlace = input.latitude !== undefined && input.latitude !== null;

  const [categories, agencies, tenantArea] = await Promise.all([
    ctx.agencies.categories(ctx, tenant.id),
    ctx.agencies.list(ctx, tenant.id),
    hasPlace ? getTenantArea(ctx) : null,
  ]);
  // A point outside the tenant's area is kept (the reporter may know better: a road on the border, a
  // slip of the finger they confirmed) but marked for the coordinator and said back to the reporter.
  const outsideArea = hasPlace && tenantArea !== null && !containsPoint(tenantArea, input.latitude!, input.longitude!);
  const active = categories.filter((c) => c.active);
  const agencyCode = (id: string | null) => agencies.find((a) => a.id === id)?.code ?? null;
  const suggestion = description
    ? await ctx.routing.suggest(`${title ?? ''}\n${description}`, active.map((c) => ({ code: c.code, agencyCode: agencyCode(c.agency_id), keywords: c.keywords })), tenant.id)
    : null;
  const categoryCode = input.categoryCode || suggestion?.category || active[0]?.code;
  const category = active.find((c) => c.code === categoryCode);
  if (!category) errors.push(fieldError('/categoryCode', 'unknown', 'error.complaint.category_unknown'));
  else if (category.requires_location && !hasPlace && !address) errors.push(fieldError('/latitude', 'required', 'error.complaint.location_required'));
  if (outsideArea && input.confirmOutsideArea === false) errors.push(fieldError('/confirmOutsideArea', 'unconfirmed', 'cp.outside_area.confirm_needed'));
  if (errors.length > 0) throw invalid(errors);
  const photos = await sanitizeAll(ctx.photos, input.photos ?? []);

  const verifyDue = await computeDeadline(ctx.db, tenant, now.toISOString(), VERIFY_AND_FORWARD_DAYS);
  const suggestedAgency = suggestion?.agencyCode ? agencies.find((a) => a.code === suggestion.agencyCode) : undefined;
  // The place decides first (an agency's service area), then the category's agency, then the suggestion.
  const placeAgency = hasPlace ? await ctx.routing.agencyForPlace?.(tenant.id, category!.code, input.latitude!, input.longitude!) : undefined;
  const agencyId = placeAgency ?? category!.agency_id ?? suggestedAgency?.id ?? null;
  const id = randomUUID();
  const { privacy } = input;
  const reporter = privacy === 'anonim' ? {} : (input.reporter ?? {});
  // A reporter with no account follows the report by a secret code: an anonymous one always (it keeps
  // no link to anyone), a confidential one filed without signing in too (it is never public, so
  // without the code nobody but the officers could ever see it again).
  const secretCode = privacy === 'anonim' || (privacy === 'rahasia' && ctx.actor.kind !== 'citizen') ? newSecretCode() : undefined;
  // The reporter in audit and timeline: never a person for an anonymous report.
  const actor = privacy === 'anonim' ? 'anonymous' : actorRef(ctx.actor);

  const result: Omit<SubmitResult, 'trackingNumber'> = {
    id,
    ...(secretCode ? { secretCode } : {}),
    status: 'submitted' satisfies ComplaintStatus,
    dueAt: verifyDue.dueAt,
    warnings: [
      ...(lateFiling ? [{ code: 'late_filing' as const, messageKey: 'complaint.warning.late_filing' as const }] : []),
      ...(outsideArea ? [{ code: 'outside_area' as const, messageKey: 'complaint.warning.outside_area' as const }] : []),
    ],
    routing: { categoryCode: category!.code, suggested: suggestion?.category ?? null, confidence: suggestion?.confidence ?? null },
  };
  const trackingNumber = await ctx.submissions.submit(tenant.id, {
    ctx,
    row: {
      tenant_id: tenant.id,
      id,
      kind: input.kind,
      title: title!,
      description: description!,
      category_code: category!.code,
      agency_id: agencyId,
      privacy,
      reporter_citizen_id: privacy !== 'anonim' && ctx.actor.kind === 'citizen' ? ctx.actor.id : null,
      reporter_name: meaningfulText(reporter.name) ?? null,
      reporter_email: meaningfulText(reporter.email) ?? null,
      reporter_phone: meaningfulText(reporter.phone) ?? null,
      secret_code_hash: secretCode ? hashSecretCode(tenant.id, secretCode) : null,
      service_received_on: input.serviceReceivedOn ?? null,
      late_filing: lateFiling,
      latitude: hasPlace ? input.latitude! : null,
      longitude: hasPlace ? input.longitude! : null,
      address: address ?? null,
      due_at: new Date(verifyDue.dueAt),
      verify_due_at: new Date(verifyDue.dueAt),
      suggested_category: suggestion?.category ?? null,
      suggested_agency_code: suggestion?.agencyCode ?? null,
      suggestion_confidence: suggestion?.confidence ?? null,
      submitted_at: now,
      without_proof: input.withoutProof === true,
      outside_area: outsideArea,
    },
    event: { at: now, actor, action: 'submitted', to_status: 'submitted' },
    proof: input.proof,
    idempotency: input.idempotency,
    result,
    photos,
    receiptVars: { tenantName: tenant.name, dueDate: verifyDue.dueAt.slice(0, 10) },
    audit: {
      tenantId: tenant.id,
      actor,
      action: 'complaint.submitted',
      subject: `complaint:${id}`,
      data: { kind: input.kind, category: category!.code, privacy, photos: photos.length, lateFiling, outsideArea },
    },
  });
  return { ...result, trackingNumber };
}
