// Every error the complaints module raises, in one place: a stable code (what API clients and tests
// match on), an HTTP status and a message key (strings.ts, or the platform's `field.*` words for
// plain field checks). The platform's error handler turns them into problem+json, an HTML error page,
// or a form shown again with the message beside its field; Open311 answers them in its own format.
import { DomainError, type PendingFieldError } from '../../platform/errors.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import './strings.js';

type Vars = Record<string, string | number>;

export function fieldError(field: string, code: string, messageKey: MessageKey, vars?: Vars): PendingFieldError {
  return { field, code, messageKey, vars };
}

/** 400: the input is refused, every field error at once. */
export function invalid(errors: PendingFieldError[]): DomainError {
  return new DomainError('validation', 400, 'error.validation', {}, errors);
}

/** 400: one required field is missing. */
export const missing = (field: string) => invalid([fieldError(field, 'required', 'field.required')]);
/** 400: a value outside its vocabulary. */
export const notInVocabulary = (field: string) => invalid([fieldError(field, 'enum', 'field.enum')]);

// ---- who may act ----

export const authRequired = () => new DomainError('auth.required', 401, 'error.auth_required');
export const authForbidden = () => new DomainError('auth.forbidden', 403, 'error.auth_forbidden');
/** An officer who may see the report but not take this action on it. */
export const complaintForbidden = () => new DomainError('complaint.forbidden', 403, 'error.complaint.forbidden');

// ---- the report ----

/** No such report, or not one the viewer may see (never 403: a confidential report's existence is not shown). */
export const complaintNotFound = () => new DomainError('complaint.not_found', 404, 'error.complaint.not_found');
export const trackingCodeInvalid = () => new DomainError('complaint.tracking_code_invalid', 404, 'error.complaint.tracking_code_invalid');
export const invalidTransition = (action: string, status: string) =>
  new DomainError('complaint.invalid_transition', 409, 'error.complaint.invalid_transition', { action, status });
export const reopenLimit = () => new DomainError('complaint.reopen_limit', 409, 'error.complaint.reopen_limit');
export const nothingToReveal = () => new DomainError('complaint.nothing_to_reveal', 409, 'error.complaint.nothing_to_reveal');
export const notConfidential = () => new DomainError('complaint.not_confidential', 409, 'error.complaint.not_confidential');
export const transferImpossible = () => new DomainError('complaint.transfer_impossible', 409, 'error.complaint.transfer_impossible');
export const agencyUnknown = (field = '/agencyId') => invalid([fieldError(field, 'unknown', 'error.complaint.agency_unknown')]);
/** An unknown agency in a query or a body without per-field errors (response templates). */
export const noSuchAgency = () => new DomainError('complaint.agency_unknown', 400, 'error.complaint.agency_unknown');
export const categoryUnknown = (field = '/categoryCode') => invalid([fieldError(field, 'unknown', 'error.complaint.category_unknown')]);
/** A reason or text an action needs. */
export const reasonRequired = (field: string) => invalid([fieldError(field, 'required', 'error.complaint.reason_required')]);
export const serviceAreaNotFound = () => new DomainError('complaint.service_area_not_found', 404, 'error.complaint.service_area_not_found');

// ---- photos (the report's) ----

/** The reporter's file name as a message shows it: no control characters, at most 100 characters. */
export function photoDisplayName(name: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const clean = (name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (clean === '' ? 'foto' : clean).slice(0, 100);
}

/** 413 too many bytes or pixels, 422 not a decodable JPEG, PNG or WebP; on `field` when given. */
export function photoError(
  code: 'complaint.photo_invalid' | 'complaint.photo_too_large',
  messageKey: 'error.complaint.photo_invalid' | 'error.complaint.photo_too_large' | 'error.complaint.photo_too_many_pixels',
  vars: Vars,
  field?: { pointer: string; code: string },
): DomainError {
  const status = code === 'complaint.photo_too_large' ? 413 : 422;
  return new DomainError(code, status, messageKey, vars, field ? [{ field: field.pointer, code: field.code, messageKey, vars }] : []);
}

export const tooManyPhotos = (limit: number) => invalid([fieldError('/photos', 'too_many', 'error.complaint.too_many_photos', { limit })]);

// ---- answer attachments ----

const ATTACHMENT_FIELD = '/attachments';

function attachmentError(code: 'invalid' | 'too_large' | 'too_many', status: number, vars: Vars): DomainError {
  const messageKey = `error.complaint.attachment_${code}` as const;
  const field: PendingFieldError = { field: ATTACHMENT_FIELD, code: `attachment_${code}`, messageKey, vars };
  return new DomainError(code === 'too_many' ? 'validation' : `complaint.attachment_${code}`, status, code === 'too_many' ? 'error.validation' : messageKey, vars, [field]);
}

export const tooManyAttachments = (limit: number) => attachmentError('too_many', 400, { limit });
export const attachmentTooLarge = (name: string, limitMb: number) => attachmentError('too_large', 413, { name, limit: limitMb });
export const attachmentInvalid = (name: string) => attachmentError('invalid', 400, { name });

// ---- proof of work (submissions without an account) ----

export function proofError(code: string, status: number, key: MessageKey, field: string, vars: Vars = {}): DomainError {
  return new DomainError(code, status, key, vars, [{ field, code: code.split('.')[1]!, messageKey: key, vars }]);
}

// ---- Open311 ----

/** An Open311 refusal: its code is the key without `error.` (its status is mapped to the standard's by the routes). */
export const open311Error = (status: number, key: MessageKey & `error.open311.${string}`, vars: Vars = {}) =>
  new DomainError(key.slice('error.'.length), status, key, vars);
